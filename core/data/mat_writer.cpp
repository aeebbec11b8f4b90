#include "data/mat_writer.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <zlib.h>

namespace crowdkd::mat {

namespace {

// MAT v5 data types and array classes used here.
constexpr std::uint32_t kInt8 = 1;
constexpr std::uint32_t kInt32 = 5;
constexpr std::uint32_t kUInt32 = 6;
constexpr std::uint32_t kDouble = 9;
constexpr std::uint32_t kMatrix = 14;
constexpr std::uint32_t kCompressed = 15;
constexpr std::uint32_t kCellClass = 1;
constexpr std::uint32_t kStructClass = 2;
constexpr std::uint32_t kDoubleClass = 6;

using Bytes = std::vector<std::uint8_t>;

void put32(Bytes& out, std::uint32_t value) {
    for (int shift = 0; shift < 32; shift += 8)
        out.push_back(static_cast<std::uint8_t>(value >> shift));
}

void padTo8(Bytes& out) {
    while (out.size() % 8 != 0)
        out.push_back(0);
}

std::uint32_t size32(std::size_t size) {
    if (size > 0xffffffffu)
        throw std::length_error("a MAT v5 element is limited to 4 GiB");
    return static_cast<std::uint32_t>(size);
}

/// A data element: its tag, then `data`, padded to 8 bytes.
void element(Bytes& out, std::uint32_t type, const void* data, std::size_t size) {
    put32(out, type);
    put32(out, size32(size));
    const auto* bytes = static_cast<const std::uint8_t*>(data);
    out.insert(out.end(), bytes, bytes + size);
    padTo8(out);
}

/// An array's flags, dimensions and name, the start of every miMATRIX.
Bytes arrayStart(std::uint32_t arrayClass, std::size_t rows, std::size_t cols,
                 const std::string& name) {
    Bytes out;
    put32(out, kUInt32);
    put32(out, 8);
    put32(out, arrayClass);
    put32(out, 0);
    put32(out, kInt32);
    put32(out, 8);
    put32(out, size32(rows));
    put32(out, size32(cols));
    element(out, kInt8, name.data(), name.size());
    return out;
}

/// Wraps an array's contents in its miMATRIX tag.
Bytes matrix(const Bytes& contents) {
    Bytes out;
    out.reserve(contents.size() + 8);
    put32(out, kMatrix);
    put32(out, size32(contents.size()));
    out.insert(out.end(), contents.begin(), contents.end());
    return out;
}

} // namespace

Bytes header() {
    Bytes out(128, ' ');
    const char text[] = "MATLAB 5.0 MAT-file, written by CrowdKD";
    std::memcpy(out.data(), text, sizeof text - 1);
    std::memset(out.data() + 116, 0, 8); // no subsystem data
    out[124] = 0x00;                     // version 0x0100, little-endian
    out[125] = 0x01;
    out[126] = 'I';
    out[127] = 'M';
    return out;
}

Bytes doubleArray(const std::string& name, std::size_t rows, std::size_t cols,
                  const double* columnMajor) {
    Bytes contents = arrayStart(kDoubleClass, rows, cols, name);
    static_assert(sizeof(double) == 8, "IEEE doubles");
    // Little-endian hosts only, like the rest of CrowdKD's file formats.
    element(contents, kDouble, columnMajor, rows * cols * sizeof(double));
    return matrix(contents);
}

Bytes cell(const std::string& name, const Bytes& array) {
    Bytes contents = arrayStart(kCellClass, 1, 1, name);
    contents.insert(contents.end(), array.begin(), array.end());
    return matrix(contents);
}

Bytes structure(const std::string& name, const std::vector<std::pair<std::string, Bytes>>& fields) {
    Bytes contents = arrayStart(kStructClass, 1, 1, name);
    std::size_t width = 1;
    for (const auto& field : fields)
        width = std::max(width, field.first.size() + 1); // each name null-terminated
    put32(contents, (4u << 16) | kInt32);                // the name width, as a small element
    put32(contents, size32(width));
    Bytes names(width * fields.size(), 0);
    for (std::size_t i = 0; i < fields.size(); ++i)
        std::memcpy(names.data() + i * width, fields[i].first.data(), fields[i].first.size());
    element(contents, kInt8, names.data(), names.size());
    for (const auto& field : fields)
        contents.insert(contents.end(), field.second.begin(), field.second.end());
    return matrix(contents);
}

Bytes compressed(const Bytes& array) {
    uLongf packedSize = compressBound(static_cast<uLong>(array.size()));
    Bytes packed(packedSize);
    if (compress2(packed.data(), &packedSize, array.data(), static_cast<uLong>(array.size()),
                  Z_DEFAULT_COMPRESSION) != Z_OK)
        throw std::runtime_error("zlib could not compress the variable");
    Bytes out;
    put32(out, kCompressed);
    put32(out, size32(packedSize));
    out.insert(out.end(), packed.begin(), packed.begin() + static_cast<std::ptrdiff_t>(packedSize));
    return out;
}

} // namespace crowdkd::mat
