// libFuzzer target: crowdkd::parseGroundTruth (the ground-truth .mat reader, through matio) on
// arbitrary bytes. The contract: it returns finite head coordinates, or throws crowdkd::FileError.
#include "base/error.h"
#include "data/ground_truth.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        const crowdkd::GroundTruth truth = crowdkd::parseGroundTruth(data, size, "fuzz.mat");
        for (const crowdkd::HeadPoint& point : truth.points) {
            if (!std::isfinite(point.x) || !std::isfinite(point.y))
                std::abort(); // the reader promises to refuse NaN and infinite coordinates
        }
    } catch (const crowdkd::FileError&) {
    }
    return 0;
}
