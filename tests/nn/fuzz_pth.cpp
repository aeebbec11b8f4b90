// libFuzzer target for the .pth reader: every input must parse or raise crowdkd::FileError.
// Build: cmake -DCROWDKD_BUILD_FUZZERS=ON -DCMAKE_CXX_COMPILER=clang++ …; run: fuzz_pth CORPUS_DIR
// (seed the corpus with a few small .pth files, e.g. those pth_samples.py writes).
#include "base/error.h"
#include "nn/pth_reader.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        crowdkd::nn::parsePth(data, size, "fuzz.pth", /*verifyChecksums=*/false);
    } catch (const crowdkd::FileError&) {
    }
    return 0;
}
