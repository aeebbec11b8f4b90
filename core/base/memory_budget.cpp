#include "base/memory_budget.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>

namespace crowdkd {

namespace {

/// The range $CROWDKD_MEMORY_BUDGET_MB may set, in MiB: below 1 GiB the programs themselves
/// (LibTorch, a model) leave too little room, above 16 TiB is a typo.
constexpr long long kSmallestBudgetMiB = 1024;
constexpr long long kLargestBudgetMiB = 16LL << 20;

} // namespace

std::int64_t memoryBudget() {
    const char* text = std::getenv(kMemoryBudgetVariable);
    if (!text || !*text)
        return kDefaultMemoryBudget;
    char* end = nullptr;
    errno = 0;
    const long long mebibytes = std::strtoll(text, &end, 10);
    if (errno != 0 || *end != '\0' || mebibytes < kSmallestBudgetMiB ||
        mebibytes > kLargestBudgetMiB)
        return kDefaultMemoryBudget;
    return static_cast<std::int64_t>(mebibytes) << 20;
}

std::string formatBytes(std::int64_t bytes) {
    char text[32];
    if (bytes >= (std::int64_t{1} << 30))
        std::snprintf(text, sizeof text, "%.1f GiB", static_cast<double>(bytes) / (1 << 30));
    else
        std::snprintf(text, sizeof text, "%lld MiB", static_cast<long long>(bytes >> 20));
    return text;
}

FileError outOfMemoryError(const std::filesystem::path& path, const std::string& doing,
                           const std::string& advice) {
    return FileError(path, "not enough memory " + doing + "; " + advice);
}

bool isOutOfMemoryMessage(const std::string& message) {
    return message.find("out of memory") != std::string::npos ||
           message.find("can't allocate memory") != std::string::npos ||
           message.find("not enough memory") != std::string::npos ||
           message.find("Insufficient memory") != std::string::npos ||
           message.find("std::bad_alloc") != std::string::npos;
}

} // namespace crowdkd
