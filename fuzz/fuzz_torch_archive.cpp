// libFuzzer target: crowdkd::nn::readArchiveModule (LibTorch archives read as data: ZIP container,
// the code check of code/*.py and constants.pkl, our own unpickler, the module tree) on arbitrary
// bytes, with the ZIP checksums not verified so that mutations reach the readers. The contract: a
// module tree or crowdkd::FileError (ExecutableCodeError included); archive code is never allowed.
#include "base/error.h"
#include "nn/torch_archive.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        crowdkd::nn::readArchiveModule(data, size, "fuzz.pt", /*verifyChecksums=*/false);
    } catch (const crowdkd::FileError&) {
    }
    return 0;
}
