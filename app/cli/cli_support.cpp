#include "cli_support.h"

#include "base/error.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>

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

namespace {

std::string numberText(double value) {
    std::ostringstream text;
    text << value;
    return text.str();
}

// An integer as CLI11 converts it (strtoll, base 0: "0x10" is 16), or nullopt when the text is
// none.
std::optional<long long> parseInteger(const std::string& text) {
    if (text.empty())
        return std::nullopt;
    errno = 0;
    char* end = nullptr;
    const long long value = std::strtoll(text.c_str(), &end, 0);
    if (errno == ERANGE || end != text.c_str() + text.size())
        return std::nullopt;
    return value;
}

// A check of integers against `allowed`, described as `description` in the help and as
// "must be <what>" in the error.
CLI::Validator integerCheck(std::function<bool(long long)> allowed, const std::string& what,
                            const std::string& description) {
    return CLI::Validator(
        [allowed = std::move(allowed), what](std::string& text) {
            const std::optional<long long> value = parseInteger(text);
            if (!value || !allowed(*value))
                return "must be " + what + ", not " + text;
            return std::string();
        },
        description);
}

} // namespace

CLI::Validator integerIn(long long min, long long max) {
    return integerCheck([min, max](long long value) { return value >= min && value <= max; },
                        "an integer from " + std::to_string(min) + " to " + std::to_string(max),
                        "INT in [" + std::to_string(min) + " - " + std::to_string(max) + "]");
}

CLI::Validator zeroOrIntegerIn(long long min, long long max) {
    return integerCheck(
        [min, max](long long value) { return value == 0 || (value >= min && value <= max); },
        "0 or an integer from " + std::to_string(min) + " to " + std::to_string(max),
        "INT 0 or in [" + std::to_string(min) + " - " + std::to_string(max) + "]");
}

void refuseSharedOutputs(const std::vector<std::filesystem::path>& inputs,
                         const std::vector<std::filesystem::path>& outputs) {
    std::map<std::string, std::size_t> firstWriter;
    for (std::size_t i = 0; i < outputs.size() && i < inputs.size(); ++i) {
        std::string key = pathToUtf8(outputs[i].lexically_normal());
#ifdef _WIN32
        std::transform(key.begin(), key.end(), key.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
#endif
        const auto [it, first] = firstWriter.emplace(key, i);
        if (!first)
            throw FileError(inputs[i], "would be written to " + pathToUtf8(outputs[i]) + " as " +
                                           pathToUtf8(inputs[it->second]) +
                                           " is: give the images different names, or run them "
                                           "apart");
    }
}

CLI::Validator numberIn(double min, double max, bool minExcluded, bool maxExcluded) {
    const std::string what =
        "a number " + (minExcluded || maxExcluded
                           ? (minExcluded ? "above " : "from ") + numberText(min) +
                                 (maxExcluded ? " and below " : " and at most ") + numberText(max)
                           : "from " + numberText(min) + " to " + numberText(max));
    return CLI::Validator(
        [min, max, minExcluded, maxExcluded, what](std::string& text) {
            double value = 0;
            const bool allowed = CLI::detail::lexical_cast(text, value) && std::isfinite(value) &&
                                 (minExcluded ? value > min : value >= min) &&
                                 (maxExcluded ? value < max : value <= max);
            return allowed ? std::string() : "must be " + what + ", not " + text;
        },
        minExcluded || maxExcluded
            ? "FLOAT " + std::string(minExcluded ? "> " : ">= ") + numberText(min) + " and " +
                  (maxExcluded ? "< " : "<= ") + numberText(max)
            : "FLOAT in [" + numberText(min) + " - " + numberText(max) + "]");
}

} // namespace crowdkd::cli
