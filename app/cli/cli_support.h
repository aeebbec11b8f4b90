#pragma once

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

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

// Checks for numeric options, with the allowed values in the help ("INT in [1 - 64]") and a usage
// error naming them ("--workers: must be an integer from 1 to 64, not 100000", exit 2). CLI11's
// own Range lets NaN through and prints DBL_MAX in full. Integers are read as CLI11 reads them
// (strtoll, base 0), so the value checked is the value used.

/// An integer from `min` to `max`.
CLI::Validator integerIn(long long min, long long max);

/// 0 (a default chosen by the program) or an integer from `min` to `max`.
CLI::Validator zeroOrIntegerIn(long long min, long long max);

/// Throws FileError naming both inputs when two of `inputs` would be written to one of `outputs`
/// (outputs[i] is inputs[i]'s; names made from stems meet for a/1.jpg and b/1.jpg), before any
/// is written: the second would replace the first's.
void refuseSharedOutputs(const std::vector<std::filesystem::path>& inputs,
                         const std::vector<std::filesystem::path>& outputs);

/// A finite number from `min` (or, with `minExcluded`, above it) to `max` (or, with
/// `maxExcluded`, below it).
CLI::Validator numberIn(double min, double max, bool minExcluded = false, bool maxExcluded = false);

/// A name that `parse` accepts: one of core's fromString functions, so that the command line and
/// the files read one name table; the usage error is the parser's own ("unknown scheduler 'x'
/// (expected constant or cosine-restarts)"). The option's own help lists the names.
template <typename Parse>
CLI::Validator nameIn(Parse parse) {
    return CLI::Validator(
        [parse](std::string& text) {
            try {
                parse(text);
                return std::string();
            } catch (const std::invalid_argument& error) {
                return std::string(error.what());
            }
        },
        std::string()); // no type text: the option's help names the values
}

} // namespace crowdkd::cli
