// libFuzzer target: crowdkd::parsePth (the PyTorch .pth reader: ZIP container, our own unpickler,
// tensor storages) on arbitrary bytes, with the ZIP checksums not verified so that mutations reach
// the unpickler. The contract: a parsed checkpoint or crowdkd::FileError.
#include "base/error.h"
#include "nn/pth_reader.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        crowdkd::nn::parsePth(data, size, "fuzz.pth", /*verifyChecksums=*/false);
    } catch (const crowdkd::FileError&) {
    }
    return 0;
}
