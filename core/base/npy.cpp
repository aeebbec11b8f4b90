#include "base/npy.h"

#include "base/error.h"
#include "base/file_io.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>

namespace crowdkd {

namespace {

// The magic string that opens every .npy file.
constexpr char kMagic[] = "\x93NUMPY";
// Length of the magic string, without the terminating zero.
constexpr std::size_t kMagicLength = 6;

bool hostIsLittleEndian() {
    const std::uint16_t probe = 1;
    std::uint8_t first = 0;
    std::memcpy(&first, &probe, 1);
    return first == 1;
}

float halfToFloat(std::uint16_t half) {
    const std::uint32_t sign = (half >> 15) & 1u;
    const std::uint32_t exponent = (half >> 10) & 0x1fu;
    const std::uint32_t mantissa = half & 0x3ffu;
    float magnitude;
    if (exponent == 0)
        magnitude = std::ldexp(static_cast<float>(mantissa), -24);
    else if (exponent == 31)
        magnitude = mantissa ? std::numeric_limits<float>::quiet_NaN()
                             : std::numeric_limits<float>::infinity();
    else
        magnitude =
            std::ldexp(static_cast<float>(mantissa | 0x400u), static_cast<int>(exponent) - 25);
    return sign ? -magnitude : magnitude;
}

// The value of `key` in NumPy's header dict, which is a Python literal such as
// {'descr': '<f4', 'fortran_order': False, 'shape': (24, 32), }.
std::string headerValue(const std::string& header, const std::string& key,
                        const std::filesystem::path& origin) {
    const auto keyPos = header.find("'" + key + "'");
    if (keyPos == std::string::npos)
        throw FileError(origin, "not a NumPy .npy file: header has no '" + key + "'");
    auto pos = header.find(':', keyPos);
    if (pos == std::string::npos)
        throw FileError(origin, "not a NumPy .npy file: malformed header");
    ++pos;
    while (pos < header.size() && header[pos] == ' ')
        ++pos;
    if (pos >= header.size())
        throw FileError(origin, "not a NumPy .npy file: malformed header");
    std::size_t end;
    if (header[pos] == '\'') {
        end = header.find('\'', pos + 1);
        if (end == std::string::npos)
            throw FileError(origin, "not a NumPy .npy file: malformed header");
        return header.substr(pos + 1, end - pos - 1);
    }
    if (header[pos] == '(') {
        end = header.find(')', pos);
        if (end == std::string::npos)
            throw FileError(origin, "not a NumPy .npy file: malformed shape");
        return header.substr(pos, end - pos + 1);
    }
    end = header.find_first_of(",}", pos);
    if (end == std::string::npos)
        throw FileError(origin, "not a NumPy .npy file: malformed header");
    return header.substr(pos, end - pos);
}

std::vector<std::size_t> parseShape(const std::string& text, const std::filesystem::path& origin) {
    std::vector<std::size_t> shape;
    std::size_t pos = 1; // past '('
    while (pos < text.size()) {
        while (pos < text.size() && (text[pos] == ' ' || text[pos] == ','))
            ++pos;
        if (pos >= text.size() || text[pos] == ')')
            break;
        std::size_t value = 0;
        bool digits = false;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            if (value > (std::numeric_limits<std::size_t>::max() - 9) / 10)
                throw FileError(origin, "not a NumPy .npy file: shape too large");
            value = value * 10 + static_cast<std::size_t>(text[pos] - '0');
            digits = true;
            ++pos;
        }
        if (!digits)
            throw FileError(origin, "not a NumPy .npy file: malformed shape " + text);
        while (pos < text.size() && text[pos] == 'L')
            ++pos;
        shape.push_back(value);
    }
    return shape;
}

template <typename T>
T loadSwapped(const std::uint8_t* source, bool swap) {
    std::uint8_t buffer[sizeof(T)];
    std::memcpy(buffer, source, sizeof(T));
    if (swap) {
        for (std::size_t i = 0; i < sizeof(T) / 2; ++i)
            std::swap(buffer[i], buffer[sizeof(T) - 1 - i]);
    }
    T value;
    std::memcpy(&value, buffer, sizeof(T));
    return value;
}

// Converts one element of a NumPy type code (kind + size) to float.
float elementToFloat(char kind, std::size_t size, const std::uint8_t* source, bool swap) {
    switch (kind) {
    case 'f':
        if (size == 4)
            return loadSwapped<float>(source, swap);
        if (size == 8)
            return static_cast<float>(loadSwapped<double>(source, swap));
        return halfToFloat(loadSwapped<std::uint16_t>(source, swap));
    case 'i':
        if (size == 1)
            return static_cast<float>(static_cast<std::int8_t>(source[0]));
        if (size == 2)
            return static_cast<float>(loadSwapped<std::int16_t>(source, swap));
        if (size == 4)
            return static_cast<float>(loadSwapped<std::int32_t>(source, swap));
        return static_cast<float>(loadSwapped<std::int64_t>(source, swap));
    case 'u':
        if (size == 1)
            return static_cast<float>(source[0]);
        if (size == 2)
            return static_cast<float>(loadSwapped<std::uint16_t>(source, swap));
        if (size == 4)
            return static_cast<float>(loadSwapped<std::uint32_t>(source, swap));
        return static_cast<float>(loadSwapped<std::uint64_t>(source, swap));
    default: // 'b'
        return source[0] ? 1.0f : 0.0f;
    }
}

} // namespace

std::size_t NpyArray::elementCount() const {
    return std::accumulate(shape.begin(), shape.end(), std::size_t{1},
                           [](std::size_t a, std::size_t b) { return a * b; });
}

NpyArray parseNpy(const std::uint8_t* data, std::size_t size, const std::filesystem::path& origin) {
    if (size < kMagicLength + 4 || std::memcmp(data, kMagic, kMagicLength) != 0)
        throw FileError(origin, "not a NumPy .npy file (bad magic bytes)");
    const int major = data[6];
    std::size_t headerLength;
    std::size_t headerStart;
    if (major == 1) {
        headerLength = static_cast<std::size_t>(data[8]) | (static_cast<std::size_t>(data[9]) << 8);
        headerStart = 10;
    } else if (major == 2 || major == 3) {
        if (size < 12)
            throw FileError(origin, "truncated .npy header");
        headerLength =
            static_cast<std::size_t>(data[8]) | (static_cast<std::size_t>(data[9]) << 8) |
            (static_cast<std::size_t>(data[10]) << 16) | (static_cast<std::size_t>(data[11]) << 24);
        headerStart = 12;
    } else {
        throw FileError(origin, "unsupported .npy format version " + std::to_string(major));
    }
    if (headerLength > size - headerStart)
        throw FileError(origin, "truncated .npy header");
    const std::string header(reinterpret_cast<const char*>(data + headerStart), headerLength);

    const std::string descr = headerValue(header, "descr", origin);
    const std::string fortran = headerValue(header, "fortran_order", origin);
    const std::vector<std::size_t> shape = parseShape(headerValue(header, "shape", origin), origin);

    if (descr.size() < 3)
        throw FileError(origin, "unsupported .npy dtype '" + descr + "'");
    const char order = descr[0];
    const char kind = descr[1];
    std::size_t elementSize = 0;
    try {
        elementSize = std::stoul(descr.substr(2));
    } catch (const std::exception&) {
        throw FileError(origin, "unsupported .npy dtype '" + descr + "'");
    }
    const bool knownKind =
        (kind == 'f' && (elementSize == 2 || elementSize == 4 || elementSize == 8)) ||
        ((kind == 'i' || kind == 'u') &&
         (elementSize == 1 || elementSize == 2 || elementSize == 4 || elementSize == 8)) ||
        (kind == 'b' && elementSize == 1);
    if (!knownKind || (order != '<' && order != '>' && order != '|' && order != '='))
        throw FileError(origin, "unsupported .npy dtype '" + descr + "'");
    const bool fileLittle =
        order == '<' || ((order == '|' || order == '=') && hostIsLittleEndian());
    const bool swap = fileLittle != hostIsLittleEndian();

    NpyArray array;
    array.shape = shape;
    std::size_t count = 1;
    for (std::size_t extent : shape) {
        if (extent != 0 && count > std::numeric_limits<std::size_t>::max() / extent / elementSize)
            throw FileError(origin, "array too large");
        count *= extent;
    }
    const std::size_t payloadStart = headerStart + headerLength;
    if (count * elementSize > size - payloadStart)
        throw FileError(origin, "truncated .npy data: expected " +
                                    std::to_string(count * elementSize) + " bytes, found " +
                                    std::to_string(size - payloadStart));
    array.values.resize(count);
    const std::uint8_t* payload = data + payloadStart;
    const bool fortranOrder = fortran.find("True") != std::string::npos;
    if (!fortranOrder || shape.size() < 2) {
        for (std::size_t i = 0; i < count; ++i)
            array.values[i] = elementToFloat(kind, elementSize, payload + i * elementSize, swap);
        return array;
    }
    // Fortran order: the first index varies fastest in the file; store in C order.
    std::vector<std::size_t> index(shape.size(), 0);
    std::vector<std::size_t> cStride(shape.size(), 1);
    for (std::size_t d = shape.size() - 1; d > 0; --d)
        cStride[d - 1] = cStride[d] * shape[d];
    for (std::size_t i = 0; i < count; ++i) {
        std::size_t target = 0;
        for (std::size_t d = 0; d < shape.size(); ++d)
            target += index[d] * cStride[d];
        array.values[target] = elementToFloat(kind, elementSize, payload + i * elementSize, swap);
        for (std::size_t d = 0; d < shape.size(); ++d) {
            if (++index[d] < shape[d])
                break;
            index[d] = 0;
        }
    }
    return array;
}

NpyArray readNpy(const std::filesystem::path& path) {
    const std::vector<std::uint8_t> bytes = readFileBytes(path);
    return parseNpy(bytes.data(), bytes.size(), path);
}

std::vector<std::uint8_t> encodeNpy(const float* values, const std::vector<std::size_t>& shape) {
    std::string shapeText = "(";
    for (std::size_t i = 0; i < shape.size(); ++i)
        shapeText +=
            std::to_string(shape[i]) + (shape.size() == 1 || i + 1 < shape.size() ? ", " : "");
    if (shape.size() == 1)
        shapeText.pop_back();
    shapeText += ")";
    std::string header = "{'descr': '" + std::string(hostIsLittleEndian() ? "<" : ">") +
                         "f4', 'fortran_order': False, 'shape': " + shapeText + ", }";
    // Pad with spaces so that the data starts on a 64-byte boundary, ending with a newline.
    const std::size_t unpadded = kMagicLength + 4 + header.size() + 1;
    header.append((64 - unpadded % 64) % 64, ' ');
    header.push_back('\n');

    std::size_t count = 1;
    for (std::size_t extent : shape)
        count *= extent;
    const std::size_t prefix = kMagicLength + 4 + header.size();
    std::vector<std::uint8_t> bytes(prefix + count * sizeof(float));
    std::memcpy(bytes.data(), kMagic, kMagicLength);
    bytes[kMagicLength] = 1; // format version 1.0
    bytes[kMagicLength + 1] = 0;
    bytes[kMagicLength + 2] = static_cast<std::uint8_t>(header.size() & 0xff);
    bytes[kMagicLength + 3] = static_cast<std::uint8_t>(header.size() >> 8);
    std::memcpy(bytes.data() + kMagicLength + 4, header.data(), header.size());
    if (count > 0)
        std::memcpy(bytes.data() + prefix, values, count * sizeof(float));
    return bytes;
}

void writeNpy(const std::filesystem::path& path, const float* values,
              const std::vector<std::size_t>& shape) {
    writeFileAtomically(path, encodeNpy(values, shape));
}

void writeNpy(const std::filesystem::path& path, const NpyArray& array) {
    writeNpy(path, array.values.data(), array.shape);
}

} // namespace crowdkd
