#pragma once

#include <cstddef>
#include <cstdint>

namespace crowdkd::nn {

/// What the tensor memory cache holds and has done since it was installed.
struct TensorMemoryCacheStats {
    bool installed = false;
    std::size_t cachedBytes = 0; ///< freed large blocks kept for reuse
    std::size_t cachedBlocks = 0;
    std::uint64_t reusedBlocks = 0;   ///< large allocations served from the cache
    std::uint64_t freshBlocks = 0;    ///< large allocations that asked the system for memory
    std::uint64_t releasedBlocks = 0; ///< cached blocks given back (over the limit, or released)
};

/// The most freed memory the cache keeps by default: 1 GiB.
inline constexpr std::size_t kDefaultTensorCacheBytes = std::size_t{1} << 30;

/// Makes LibTorch's CPU tensors (oneDNN's included) reuse freed large blocks (1 MiB and up)
/// instead of returning them to the system. A fresh block costs a page fault per 4 KiB page on
/// first touch: at 1024×768 the MCNN forward allocates about 0.5 GB of activations, and those
/// faults took 45 % of its time (docs/export.md). Large blocks are also backed by transparent
/// huge pages where the system offers them. Freed memory beyond `maxCachedBytes` goes back to
/// the system, oldest first. Process-wide; the first call installs it, later calls only change
/// the limit. The app's mains install it; libraries never do.
void installTensorMemoryCache(std::size_t maxCachedBytes = kDefaultTensorCacheBytes);

/// Gives every cached block back to the system (the cache stays installed).
void releaseTensorMemoryCache();

TensorMemoryCacheStats tensorMemoryCacheStats();

} // namespace crowdkd::nn
