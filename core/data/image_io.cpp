#include "data/image_io.h"

#include "base/error.h"
#include "base/file_io.h"
#include "base/text.h"

#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>
#include <string>

namespace crowdkd {

namespace {

// Smallest width or height we accept: a smaller "image" cannot hold a crowd and gives empty model
// outputs (MCNN divides by 4); such files are placeholders or broken exports.
constexpr int kMinImageSide = 8;

std::uint32_t bigEndian16(const std::uint8_t* p) {
    return (std::uint32_t(p[0]) << 8) | p[1];
}

std::uint32_t bigEndian32(const std::uint8_t* p) {
    return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) |
           p[3];
}

std::uint32_t littleEndian16(const std::uint8_t* p) {
    return p[0] | (std::uint32_t(p[1]) << 8);
}

std::uint32_t littleEndian32(const std::uint8_t* p) {
    return p[0] | (std::uint32_t(p[1]) << 8) | (std::uint32_t(p[2]) << 16) |
           (std::uint32_t(p[3]) << 24);
}

// Reads 16- and 32-bit values of a TIFF structure (EXIF or a TIFF file) in its byte order.
struct TiffView {
    const std::uint8_t* base;
    bool little;

    std::uint32_t read16(std::size_t at) const {
        return little ? littleEndian16(base + at) : bigEndian16(base + at);
    }
    std::uint32_t read32(std::size_t at) const {
        return little ? littleEndian32(base + at) : bigEndian32(base + at);
    }
};

bool isJpeg(const std::uint8_t* data, std::size_t size) {
    return size >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF;
}

// The EXIF orientation (1–8) in a JPEG APP1 segment's payload, or 0 when there is none.
int exifOrientation(const std::uint8_t* p, std::size_t size) {
    if (size < 14 || std::memcmp(p, "Exif\0\0", 6) != 0)
        return 0;
    const std::uint8_t* tiff = p + 6;
    const std::size_t tiffSize = size - 6;
    const bool little = tiff[0] == 'I' && tiff[1] == 'I';
    if (!little && !(tiff[0] == 'M' && tiff[1] == 'M'))
        return 0;
    const TiffView view{tiff, little};
    const std::size_t ifd = view.read32(4);
    if (ifd + 2 > tiffSize)
        return 0;
    const std::size_t entries = view.read16(ifd);
    for (std::size_t i = 0; i < entries; ++i) {
        const std::size_t entry = ifd + 2 + i * 12;
        if (entry + 12 > tiffSize)
            return 0;
        if (view.read16(entry) == 0x0112) {
            const int value = static_cast<int>(view.read16(entry + 8));
            return value >= 1 && value <= 8 ? value : 0;
        }
    }
    return 0;
}

// Width and height from a JPEG's SOF segment, swapped for EXIF orientations 5–8 (90° turns).
cv::Size jpegHeaderSize(const std::uint8_t* data, std::size_t size,
                        const std::filesystem::path& origin) {
    std::size_t pos = 2;
    int orientation = 0;
    while (pos + 4 <= size) {
        if (data[pos] != 0xFF)
            throw FileError(origin, "corrupt JPEG: bad segment marker");
        const std::uint8_t marker = data[pos + 1];
        if (marker == 0xFF) { // fill byte
            ++pos;
            continue;
        }
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) { // no length field
            pos += 2;
            continue;
        }
        const std::size_t length = bigEndian16(data + pos + 2);
        if (length < 2 || pos + 2 + length > size)
            throw FileError(origin, "truncated JPEG header");
        const std::uint8_t* payload = data + pos + 4;
        if (marker == 0xE1 && orientation == 0)
            orientation = exifOrientation(payload, length - 2);
        const bool startOfFrame =
            marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (startOfFrame) {
            if (length < 7)
                throw FileError(origin, "corrupt JPEG: short frame header");
            const int height = static_cast<int>(bigEndian16(payload + 1));
            const int width = static_cast<int>(bigEndian16(payload + 3));
            if (height == 0) // size given later by a DNL segment: let the decoder tell
                return {};
            return orientation >= 5 ? cv::Size(height, width) : cv::Size(width, height);
        }
        if (marker == 0xDA || marker == 0xD9)
            break;
        pos += 2 + length;
    }
    throw FileError(origin, "truncated or corrupt JPEG: no frame header");
}

// True when a JPEG's entropy-coded data runs up to an end-of-image marker. libjpeg decodes a
// truncated file without failing (it pads with grey and warns), so we check this ourselves.
bool jpegIsComplete(const std::uint8_t* data, std::size_t size) {
    std::size_t pos = 2;
    bool inScan = false;
    while (pos + 1 < size) {
        if (inScan) {
            const void* found = std::memchr(data + pos, 0xFF, size - pos);
            if (!found)
                return false;
            pos = static_cast<std::size_t>(static_cast<const std::uint8_t*>(found) - data);
            if (pos + 1 >= size)
                return false;
            const std::uint8_t next = data[pos + 1];
            if (next == 0x00 || (next >= 0xD0 && next <= 0xD7) || next == 0xFF) {
                pos += next == 0xFF ? 1 : 2;
                continue;
            }
            inScan = false; // a marker: fall through to segment parsing
        }
        if (data[pos] != 0xFF)
            return false;
        const std::uint8_t marker = data[pos + 1];
        if (marker == 0xD9)
            return true;
        if (marker == 0xFF) {
            ++pos;
            continue;
        }
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
            pos += 2;
            continue;
        }
        if (pos + 4 > size)
            return false;
        const std::size_t length = bigEndian16(data + pos + 2);
        pos += 2 + length;
        if (marker == 0xDA)
            inScan = true;
    }
    return false;
}

cv::Size pngHeaderSize(const std::uint8_t* data, std::size_t size,
                       const std::filesystem::path& origin) {
    if (size < 24 || std::memcmp(data + 12, "IHDR", 4) != 0)
        throw FileError(origin, "truncated or corrupt PNG header");
    const std::uint32_t width = bigEndian32(data + 16);
    const std::uint32_t height = bigEndian32(data + 20);
    if (width > 0x7fffffffu || height > 0x7fffffffu)
        throw FileError(origin, "corrupt PNG header: impossible size");
    return {static_cast<int>(width), static_cast<int>(height)};
}

// True when a PNG's chunks run up to its IEND chunk. libpng reports a truncated file as a plain
// decoding failure, and a reader of the header alone would not see it at all.
bool pngIsComplete(const std::uint8_t* data, std::size_t size) {
    std::size_t pos = 8; // after the signature
    while (pos + 12 <= size) {
        const std::uint32_t length = bigEndian32(data + pos);
        if (length > 0x7fffffffu)
            return false;
        if (std::memcmp(data + pos + 4, "IEND", 4) == 0)
            return true;
        pos += 12 + std::size_t{length}; // length, type, data, CRC
    }
    return false;
}

bool isPng(const std::uint8_t* data, std::size_t size) {
    return size >= 8 && std::memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0;
}

// Refuses a JPEG or PNG whose data ends early. libjpeg decodes a truncated JPEG without failing
// (grey padding and a "Premature end of JPEG file" warning): every reader, the size query
// included, refuses such a file by the same rule, so `density` and `count` agree on it.
void checkComplete(const std::uint8_t* data, std::size_t size,
                   const std::filesystem::path& origin) {
    if (isJpeg(data, size) && !jpegIsComplete(data, size))
        throw FileError(origin, "truncated JPEG: the image data ends before the end-of-image "
                                "marker");
    if (isPng(data, size) && !pngIsComplete(data, size))
        throw FileError(origin, "truncated PNG: the data ends before the IEND chunk");
}

cv::Size bmpHeaderSize(const std::uint8_t* data, std::size_t size,
                       const std::filesystem::path& origin) {
    if (size < 26)
        throw FileError(origin, "truncated BMP header");
    const std::uint32_t headerSize = littleEndian32(data + 14);
    if (headerSize == 12) // OS/2 BITMAPCOREHEADER: 16-bit sizes
        return {static_cast<int>(littleEndian16(data + 18)),
                static_cast<int>(littleEndian16(data + 20))};
    const auto width = static_cast<std::int32_t>(littleEndian32(data + 18));
    const auto height = static_cast<std::int32_t>(littleEndian32(data + 22));
    if (width <= 0 || height == INT32_MIN)
        throw FileError(origin, "corrupt BMP header: impossible size");
    return {width, height < 0 ? -height : height};
}

cv::Size webpHeaderSize(const std::uint8_t* data, std::size_t size,
                        const std::filesystem::path& origin) {
    if (size < 30)
        throw FileError(origin, "truncated WebP header");
    const std::uint8_t* chunk = data + 12;
    if (std::memcmp(chunk, "VP8X", 4) == 0)
        return {static_cast<int>((littleEndian32(data + 24) & 0xFFFFFF) + 1),
                static_cast<int>((littleEndian32(data + 27) & 0xFFFFFF) + 1)};
    if (std::memcmp(chunk, "VP8L", 4) == 0) {
        const std::uint32_t bits = littleEndian32(data + 21);
        return {static_cast<int>((bits & 0x3FFF) + 1),
                static_cast<int>(((bits >> 14) & 0x3FFF) + 1)};
    }
    if (std::memcmp(chunk, "VP8 ", 4) == 0)
        return {static_cast<int>(littleEndian16(data + 26) & 0x3FFF),
                static_cast<int>(littleEndian16(data + 28) & 0x3FFF)};
    return {};
}

// Width × height from a TIFF's first image directory (for the size limit only: the decoder decides
// about orientation), or an empty size when the tags are not where we look.
cv::Size tiffHeaderDimensions(const std::uint8_t* data, std::size_t size) {
    if (size < 8)
        return {};
    const TiffView view{data, data[0] == 'I'};
    const std::size_t ifd = view.read32(4);
    if (ifd + 2 > size)
        return {};
    std::int64_t width = 0;
    std::int64_t height = 0;
    const std::size_t entries = view.read16(ifd);
    for (std::size_t i = 0; i < entries && ifd + 2 + i * 12 + 12 <= size; ++i) {
        const std::size_t entry = ifd + 2 + i * 12;
        const std::uint32_t tag = view.read16(entry);
        const std::uint32_t type = view.read16(entry + 2);
        const std::int64_t value = type == 3 ? view.read16(entry + 8) : view.read32(entry + 8);
        if (tag == 256)
            width = value;
        else if (tag == 257)
            height = value;
    }
    if (width <= 0 || height <= 0 || width > INT32_MAX || height > INT32_MAX)
        return {};
    return {static_cast<int>(width), static_cast<int>(height)};
}

bool isTiff(const std::uint8_t* data, std::size_t size) {
    return size >= 4 && ((data[0] == 'I' && data[1] == 'I' && data[2] == 42 && data[3] == 0) ||
                         (data[0] == 'M' && data[1] == 'M' && data[2] == 0 && data[3] == 42));
}

// OpenCV's own pixel limit (1 gigapixel by default) guards the formats we do not parse; lower it
// to ours unless the user has set it. OpenCV reads the variable once, at its first decode.
void limitOpenCvDecoderSize() {
    static std::once_flag once;
    std::call_once(once, [] {
        const std::string limit = std::to_string(kMaxImagePixels);
#ifdef _WIN32
        if (std::getenv("OPENCV_IO_MAX_IMAGE_PIXELS") == nullptr)
            _putenv_s("OPENCV_IO_MAX_IMAGE_PIXELS", limit.c_str());
#else
        ::setenv("OPENCV_IO_MAX_IMAGE_PIXELS", limit.c_str(), 0);
#endif
    });
}

void checkSize(cv::Size size, const std::filesystem::path& origin) {
    const std::int64_t pixels = std::int64_t(size.width) * std::int64_t(size.height);
    if (size.width <= 0 || size.height <= 0)
        throw FileError(origin, "invalid image size " + std::to_string(size.width) + "x" +
                                    std::to_string(size.height));
    if (pixels > kMaxImagePixels)
        throw FileError(origin, "image too large: " + std::to_string(size.width) + "x" +
                                    std::to_string(size.height) + " pixels (limit " +
                                    std::to_string(kMaxImagePixels / 1'000'000) + " megapixels)");
    if (size.width < kMinImageSide || size.height < kMinImageSide)
        throw FileError(origin, "image too small: " + std::to_string(size.width) + "x" +
                                    std::to_string(size.height) + " pixels (at least " +
                                    std::to_string(kMinImageSide) + " on each side)");
}

void checkNotEmpty(std::size_t size, const std::filesystem::path& origin) {
    if (size == 0)
        throw FileError(origin, "empty file (0 bytes), not an image");
}

} // namespace

cv::Size imageHeaderSize(const std::uint8_t* data, std::size_t size,
                         const std::filesystem::path& origin) {
    if (isJpeg(data, size))
        return jpegHeaderSize(data, size, origin);
    if (isPng(data, size))
        return pngHeaderSize(data, size, origin);
    if (size >= 2 && data[0] == 'B' && data[1] == 'M')
        return bmpHeaderSize(data, size, origin);
    if (size >= 12 && std::memcmp(data, "RIFF", 4) == 0 && std::memcmp(data + 8, "WEBP", 4) == 0)
        return webpHeaderSize(data, size, origin);
    return {};
}

cv::Mat decodeImage(const std::uint8_t* data, std::size_t size, ImageMode mode,
                    const std::filesystem::path& origin) {
    checkNotEmpty(size, origin);
    const cv::Size headerSize = imageHeaderSize(data, size, origin);
    if (!headerSize.empty())
        checkSize(headerSize, origin);
    if (isTiff(data, size)) {
        const cv::Size tiffSize = tiffHeaderDimensions(data, size);
        if (!tiffSize.empty())
            checkSize(tiffSize, origin);
    }
    limitOpenCvDecoderSize();
    checkComplete(data, size, origin);
    const int flags = mode == ImageMode::Grayscale ? cv::IMREAD_GRAYSCALE : cv::IMREAD_COLOR;
    cv::Mat image;
    try {
        // imdecode does not modify its input; the Mat header just wraps the caller's bytes.
        const cv::Mat buffer(1, static_cast<int>(std::min<std::size_t>(size, INT32_MAX)), CV_8U,
                             const_cast<std::uint8_t*>(data));
        image = cv::imdecode(buffer, flags);
    } catch (const cv::Exception& error) {
        throw FileError(origin, "cannot decode the image: " + error.msg);
    } catch (const std::bad_alloc&) {
        throw FileError(origin, "not enough memory to decode the image");
    }
    if (image.empty())
        throw FileError(origin, "cannot decode the image: not an image, or a corrupt, truncated "
                                "or unsupported one");
    checkSize(image.size(), origin);
    return image;
}

cv::Mat readImage(const std::filesystem::path& path, ImageMode mode) {
    const std::vector<std::uint8_t> bytes = readFileBytes(path);
    return decodeImage(bytes.data(), bytes.size(), mode, path);
}

cv::Size readImageSize(const std::filesystem::path& path) {
    // JPEG and PNG (every dataset we know): the size from the header, and the whole file scanned
    // for completeness, as decodeImage does before decoding. Anything else is decoded, so the size
    // query accepts exactly what readImage accepts.
    const std::vector<std::uint8_t> bytes = readFileBytes(path);
    checkNotEmpty(bytes.size(), path);
    if (isJpeg(bytes.data(), bytes.size()) || isPng(bytes.data(), bytes.size())) {
        const cv::Size size = imageHeaderSize(bytes.data(), bytes.size(), path);
        if (!size.empty()) {
            checkSize(size, path);
            checkComplete(bytes.data(), bytes.size(), path);
            return size;
        }
    }
    return decodeImage(bytes.data(), bytes.size(), ImageMode::Color, path).size();
}

const std::vector<std::string>& imageFileExtensions() {
    static const std::vector<std::string> extensions = {"jpg", "jpeg", "png", "bmp",
                                                        "tif", "tiff", "webp"};
    return extensions;
}

bool isImageFileName(const std::filesystem::path& path) {
    const std::string extension = lowercase(path.extension().string());
    if (extension.size() < 2 || extension[0] != '.')
        return false;
    const std::vector<std::string>& known = imageFileExtensions();
    return std::find(known.begin(), known.end(), extension.substr(1)) != known.end();
}

} // namespace crowdkd
