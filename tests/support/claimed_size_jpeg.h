#pragma once

#include <opencv2/imgcodecs.hpp>

#include <cstdint>
#include <vector>

namespace crowdkd::test {

/// A small JPEG whose frame header claims `width`×`height` pixels (at most 65535 each): complete,
/// ending with its end-of-image marker, about 1 KB — as the 2.4 KB file that claimed
/// 12000x12000. Decoders read its size from the header and fill the missing pixels with grey.
inline std::vector<std::uint8_t> jpegClaiming(int width, int height) {
    std::vector<std::uint8_t> bytes;
    cv::imencode(".jpg", cv::Mat(16, 16, CV_8UC1, cv::Scalar(128)), bytes);
    for (std::size_t i = 2; i + 9 < bytes.size(); ++i) {
        if (bytes[i] == 0xFF && bytes[i + 1] == 0xC0) { // baseline start of frame
            bytes[i + 5] = static_cast<std::uint8_t>(height >> 8);
            bytes[i + 6] = static_cast<std::uint8_t>(height & 0xFF);
            bytes[i + 7] = static_cast<std::uint8_t>(width >> 8);
            bytes[i + 8] = static_cast<std::uint8_t>(width & 0xFF);
            break;
        }
    }
    return bytes;
}

} // namespace crowdkd::test
