#pragma once

#include "base/error.h"

#include <cstdint>
#include <filesystem>
#include <string>

namespace crowdkd {

/// The memory one inference (an image through a model) or one training step plans for by
/// default: 2 GiB, what a small laptop can give. MCNN runs larger images in tiles that fit it;
/// M-SFANet and training crops that cannot fit are refused up front (docs/reliability.md).
constexpr std::int64_t kDefaultMemoryBudget = std::int64_t{2} << 30;

/// The environment variable that changes the budget, in MiB (e.g. 8192 on a large machine).
constexpr const char* kMemoryBudgetVariable = "CROWDKD_MEMORY_BUDGET_MB";

/// The budget in force: $CROWDKD_MEMORY_BUDGET_MB MiB when it holds a whole number from 1024 to
/// 16 777 216 (16 TiB), else kDefaultMemoryBudget.
std::int64_t memoryBudget();

/// A byte count for messages: "512 MiB", "2.0 GiB".
std::string formatBytes(std::int64_t bytes);

/// The FileError for memory that ran out while working on `path`: what was being done (`doing`,
/// e.g. "to count the image (4000x3000)") and what the user can do about it (`advice`).
FileError outOfMemoryError(const std::filesystem::path& path, const std::string& doing,
                           const std::string& advice);

/// True when `message` is an allocation failure as LibTorch or OpenCV word it (they throw their own
/// exception types, not std::bad_alloc).
bool isOutOfMemoryMessage(const std::string& message);

} // namespace crowdkd
