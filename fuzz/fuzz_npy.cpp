// libFuzzer target: crowdkd::parseNpy on arbitrary bytes. The contract: it returns an array whose
// values match its shape, or throws crowdkd::FileError; anything else (a crash, a sanitizer report,
// another exception) is a bug.
#include "base/error.h"
#include "base/npy.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        const crowdkd::NpyArray array = crowdkd::parseNpy(data, size, "fuzz.npy");
        if (array.values.size() != array.elementCount())
            std::abort();
    } catch (const crowdkd::FileError&) {
    }
    return 0;
}
