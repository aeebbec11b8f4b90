// libFuzzer target: crowdkd::decodeImage (our header checks, then OpenCV's decoders) on arbitrary
// bytes, in both modes. The contract: a non-empty 8-bit image within kMaxImagePixels whose size
// matches what imageHeaderSize promised, or crowdkd::FileError.
#include "base/error.h"
#include "data/image_io.h"

#include <opencv2/core/utils/logger.hpp>

#include <cstdint>
#include <cstdlib>

namespace {

void decodeOne(const std::uint8_t* data, std::size_t size, crowdkd::ImageMode mode) {
    try {
        const cv::Mat image = crowdkd::decodeImage(data, size, mode, "fuzz.img");
        const int channels = mode == crowdkd::ImageMode::Color ? 3 : 1;
        if (image.empty() || image.depth() != CV_8U || image.channels() != channels ||
            std::int64_t(image.cols) * image.rows > crowdkd::kMaxImagePixels)
            std::abort();
    } catch (const crowdkd::FileError&) {
    }
}

} // namespace

// OpenCV's decoders log every malformed input; millions of lines would hide the fuzzer's own.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
    cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_SILENT);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        crowdkd::imageHeaderSize(data, size, "fuzz.img");
    } catch (const crowdkd::FileError&) {
    }
    // Grayscale is what MCNN reads, colour what the studio shows: decode with the first byte's
    // lowest bit choosing, so each input exercises one full decode (keeps executions fast).
    decodeOne(data, size,
              size > 0 && (data[0] & 1) ? crowdkd::ImageMode::Grayscale
                                        : crowdkd::ImageMode::Color);
    return 0;
}
