#include "cli_support.h"

#include <algorithm>
#include <cstdio>
#include <iostream>

#ifdef _WIN32
#include <io.h>
#define CROWDKD_ISATTY _isatty
#define CROWDKD_FILENO _fileno
#else
#include <unistd.h>
#define CROWDKD_ISATTY isatty
#define CROWDKD_FILENO fileno
#endif

namespace crowdkd::cli {

ProgressBar::ProgressBar(std::string label, std::size_t total)
    : m_label(std::move(label))
    , m_total(total)
    , m_interactive(CROWDKD_ISATTY(CROWDKD_FILENO(stderr)) != 0)
    , m_start(std::chrono::steady_clock::now())
    , m_lastDraw(m_start) {}

ProgressBar::~ProgressBar() {
    if (!m_finished && m_interactive)
        std::cerr << "\n";
}

void ProgressBar::update(std::size_t done, const std::string& detail) {
    const std::lock_guard lock(m_mutex);
    m_done = std::max(m_done, done); // threads may report out of order
    const auto now = std::chrono::steady_clock::now();
    if (!m_interactive || now - m_lastDraw < std::chrono::milliseconds(100))
        return;
    m_lastDraw = now;
    draw(m_done, detail);
}

void ProgressBar::finish() {
    const std::lock_guard lock(m_mutex);
    if (m_finished)
        return;
    m_finished = true;
    draw(m_done, {});
    std::cerr << "\n";
}

void ProgressBar::draw(std::size_t done, const std::string& detail) {
    constexpr int kWidth = 30; // characters of the bar itself
    const double fraction =
        m_total ? static_cast<double>(done) / static_cast<double>(m_total) : 1.0;
    const int filled = static_cast<int>(fraction * kWidth);
    const double elapsed = secondsSince(m_start);
    const double eta =
        done ? elapsed * static_cast<double>(m_total - done) / static_cast<double>(done) : 0.0;
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.append(static_cast<std::size_t>(kWidth - filled), '.');
    char line[256];
    std::snprintf(line, sizeof line, "\r%s [%s] %zu/%zu  %.1fs elapsed, ETA %.1fs %s",
                  m_label.c_str(), bar.c_str(), done, m_total, elapsed, eta, detail.c_str());
    std::cerr << line << std::flush;
}

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace crowdkd::cli
