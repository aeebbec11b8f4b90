// libFuzzer target: the text ground-truth readers (JHU-Crowd++ .txt, NWPU-Crowd .json, CSV of
// points) through crowdkd::parseGroundTruth on arbitrary bytes; the first byte picks the format.
// The contract: it returns finite head coordinates, or throws crowdkd::FileError.
#include "base/error.h"
#include "data/ground_truth.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    static const char* const kOrigins[] = {"fuzz.txt", "fuzz.json", "fuzz.csv"};
    const char* origin = kOrigins[data[0] % 3];
    try {
        const crowdkd::GroundTruth truth =
            crowdkd::parseGroundTruth(data + 1, size - 1, origin, "a.jpg");
        for (const crowdkd::HeadPoint& point : truth.points) {
            if (!std::isfinite(point.x) || !std::isfinite(point.y))
                std::abort(); // the readers promise to refuse NaN and infinite coordinates
        }
    } catch (const crowdkd::FileError&) {
    }
    return 0;
}
