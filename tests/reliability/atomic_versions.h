#pragma once

#include "base/npy.h"
#include "data/ground_truth.h"

#include <cstddef>
#include <string>
#include <vector>

// The two alternating contents the atomic writer saves and the kill test expects: after any
// SIGKILL, every file on disk must read back as exactly one of them.
namespace crowdkd::test {

/// Files the writer rewrites in its folder: an ASCII and a Korean, space-holding ground-truth name
/// (the latter goes through matio's ASCII-only temporary path), and a density map.
inline const std::vector<std::string> kAtomicGroundTruthNames = {"GT_IMG_1.mat",
                                                                 "GT_광장 사진 1.mat"};
/// The density map's file name.
inline const std::string kAtomicNpyName = "density.npy";

/// Heads of version 0 (3 heads) or 1 (2000 heads, a larger file so that kills land mid-write).
inline std::vector<HeadPoint> atomicHeads(int version) {
    std::vector<HeadPoint> heads;
    if (version == 0)
        return {{1.5, 2.5}, {10.0, 20.0}, {30.25, 40.75}};
    for (int i = 0; i < 2000; ++i)
        heads.push_back({0.5 * i + 0.125, 0.25 * (i % 700) + 3.0});
    return heads;
}

/// Density map of version 0 (8×8 ones) or 1 (256×256 ramp, 256 KiB).
inline NpyArray atomicArray(int version) {
    NpyArray array;
    const std::size_t side = version == 0 ? 8 : 256;
    array.shape = {side, side};
    array.values.resize(side * side);
    for (std::size_t i = 0; i < array.values.size(); ++i)
        array.values[i] = version == 0 ? 1.0f : 0.001f * static_cast<float>(i);
    return array;
}

} // namespace crowdkd::test
