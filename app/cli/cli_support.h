#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>

namespace crowdkd::cli {

/// A one-line progress bar on stderr, redrawn at most a few times a second; silent when
/// stderr is not a terminal except for the final line. update() may be called from several
/// threads at once (`crowdkd info` reads on all cores).
class ProgressBar {
public:
    ProgressBar(std::string label, std::size_t total);
    ~ProgressBar();

    void update(std::size_t done, const std::string& detail = {});
    void finish();

private:
    void draw(std::size_t done, const std::string& detail);

    std::mutex m_mutex; ///< guards the members below against concurrent update() calls
    std::string m_label;
    std::size_t m_total;
    bool m_interactive;
    bool m_finished = false;
    std::size_t m_done = 0;
    std::chrono::steady_clock::time_point m_start;
    std::chrono::steady_clock::time_point m_lastDraw;
};

/// Seconds since `start` as a double.
double secondsSince(std::chrono::steady_clock::time_point start);

} // namespace crowdkd::cli
