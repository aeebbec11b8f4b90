#pragma once

#include <opencv2/core.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace crowdkd {

/// How an image is decoded.
enum class ImageMode {
    /// 8-bit, 3-channel BGR, exactly as cv::imread(path, cv::IMREAD_COLOR): grayscale images are
    /// replicated to three channels, alpha is dropped, 16-bit samples are scaled to 8 bits.
    Color,
    /// 8-bit, 1 channel, exactly as cv::imread(path, cv::IMREAD_GRAYSCALE) (bit-exact: the MCNN
    /// evaluation depends on it; OpenCV's own decoder does the conversion, we never do).
    Grayscale,
};

/// The largest image we decode, in pixels (width × height); larger headers are refused before any
/// pixel memory is allocated. 150 megapixels is above every camera sensor a crowd dataset uses.
constexpr std::int64_t kMaxImagePixels = 150'000'000;

/// Decodes an encoded image (JPEG, PNG, BMP, WebP, TIFF… whatever OpenCV reads) from memory.
/// EXIF orientation is applied, as cv::imread does (OpenCV 4.6's imdecode applies it too unless
/// cv::IMREAD_IGNORE_ORIENTATION is given; the tests pin this down). `origin` names the source in
/// errors. Throws FileError for empty, corrupt or truncated data (a JPEG without its end-of-image
/// marker, a PNG without its IEND chunk), unknown formats and absurd sizes (checked from the header
/// before decoding).
cv::Mat decodeImage(const std::uint8_t* data, std::size_t size, ImageMode mode,
                    const std::filesystem::path& origin);

/// Reads and decodes an image file. The bytes are read through std::filesystem, so paths with
/// Korean or other non-ASCII characters work on every platform (cv::imread does not on Windows).
cv::Mat readImage(const std::filesystem::path& path, ImageMode mode = ImageMode::Color);

/// The size of an image as it would be decoded (EXIF rotation included), cheaply for JPEG and PNG:
/// their header is parsed and the file scanned for completeness (no pixels decoded); other formats
/// are decoded. Accepts what readImage accepts: a truncated JPEG or PNG is refused by both. Throws
/// FileError like readImage.
cv::Size readImageSize(const std::filesystem::path& path);

/// The size stated by an encoded image's header, EXIF rotation included, or an empty size when
/// the format is not one we parse (JPEG, PNG, BMP, GIF, WebP). Throws FileError when the header is
/// recognised but truncated or invalid.
cv::Size imageHeaderSize(const std::uint8_t* data, std::size_t size,
                         const std::filesystem::path& origin);

/// The image file extensions we open, lower case without the dot: jpg, jpeg, png, bmp, tif, tiff,
/// webp. File dialogs and folder scans list these.
const std::vector<std::string>& imageFileExtensions();

/// True when `path` has one of imageFileExtensions() (in any letter case).
bool isImageFileName(const std::filesystem::path& path);

} // namespace crowdkd
