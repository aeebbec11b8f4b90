#pragma once

#include "data/dataset.h"
#include "data/density_map.h"

#include <opencv2/core.hpp>

#include <atomic>
#include <cstdint>
#include <filesystem>

namespace crowdkd {

/// CrowdKD's cache folder: $CROWDKD_CACHE_DIR when set; else $XDG_CACHE_HOME/crowdkd or
/// ~/.cache/crowdkd on Linux and macOS, %LOCALAPPDATA%\crowdkd\cache on Windows.
std::filesystem::path defaultCacheDir();

/// Where density maps are cached by default: defaultCacheDir() / "density".
std::filesystem::path defaultDensityCacheDir();

/// How much the cache folder may hold: $CROWDKD_CACHE_MAX_GB (a number of GiB) when set, else
/// 8 GiB (part A's density maps at two parameter settings and a teacher's maps take about 3).
std::uint64_t cacheBudgetBytes();

/// Keeps `dir` within `maxBytes`: removes what interrupted writes left (files named
/// "*.tmp-*" older than an hour), then the least recently used files (by modification time, which
/// a cache hit renews with touchCacheEntry) until the rest fits, and folders left empty. Never
/// follows symbolic links. Returns the bytes removed; errors only cost what was not removed.
std::uint64_t pruneCache(const std::filesystem::path& dir, std::uint64_t maxBytes);

/// Marks a cache entry as just used, for pruneCache.
void touchCacheEntry(const std::filesystem::path& entry);

/// Density maps computed once and kept on disk, per dataset folder, never in the dataset itself.
///
/// An entry is `<dir>/<split folder>-<hash of its absolute path>/<sample>@<params>@<key>.npy`
/// (float32 H×W), where the key hashes the head coordinates, the image size, the parameters and
/// the algorithm version: editing one image's heads changes only that image's key, so only that
/// image is recomputed (its stale entry is removed when the new one is stored). Entries are
/// written atomically, so any number of threads and processes may read and write the same cache
/// at once; an unreadable entry is recomputed. A cache folder that cannot be written only costs
/// time: the map is still returned.
class DensityCache {
public:
    explicit DensityCache(std::filesystem::path dir = defaultDensityCacheDir());

    /// The density map of `sample` (CV_32F, image height × width): loaded from the cache when an
    /// entry for the current annotation and `params` exists, else computed and stored. Throws
    /// FileError when the sample's image or ground truth cannot be read or memory runs out,
    /// Cancelled when `cancel` says so during the computation.
    cv::Mat density(const Sample& sample, const DensityParams& params,
                    const CancelCheck& cancel = {});

    /// Removes every cached map of `sample` (all parameters).
    void invalidate(const Sample& sample);

    /// Loads from the cache and computations since construction (thread-safe counters).
    std::uint64_t hits() const { return m_hits.load(); }
    std::uint64_t misses() const { return m_misses.load(); }

private:
    std::filesystem::path folderFor(const Sample& sample) const;

    std::filesystem::path m_dir;
    std::atomic<std::uint64_t> m_hits{0};
    std::atomic<std::uint64_t> m_misses{0};
};

} // namespace crowdkd
