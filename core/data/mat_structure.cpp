#include "data/mat_structure.h"

#include "base/error.h"

#include <cstring>
#include <limits>
#include <sstream>
#include <string>
#include <vector>
#include <zlib.h>

namespace crowdkd {

namespace {

// Size of the text header every MAT v5 file starts with.
constexpr std::size_t kHeaderSize = 128;
// Largest decompressed element we accept: ground truth is kilobytes; this stops zip bombs.
constexpr std::size_t kMaxInflated = 256u * 1024u * 1024u;
// Deepest nesting of cells and structs we accept (ShanghaiTech uses 2).
constexpr int kMaxDepth = 16;

// MAT v5 data types (the first word of an element tag).
enum MatType : std::uint32_t {
    kInt8 = 1,
    kUInt8 = 2,
    kInt16 = 3,
    kUInt16 = 4,
    kInt32 = 5,
    kUInt32 = 6,
    kSingle = 7,
    kDouble = 9,
    kInt64 = 12,
    kUInt64 = 13,
    kMatrix = 14,
    kCompressed = 15,
    kUtf8 = 16,
    kUtf16 = 17,
    kUtf32 = 18,
};

// MAT v5 array classes (the low byte of the array flags).
enum MatClass : std::uint32_t {
    kCellClass = 1,
    kStructClass = 2,
    kObjectClass = 3,
    kCharClass = 4,
    kSparseClass = 5,
    kFirstNumericClass = 6,
    kLastNumericClass = 15,
};

// Flag of complex arrays in the array flags.
constexpr std::uint32_t kComplexFlag = 0x0800;

std::size_t typeSize(std::uint32_t type) {
    switch (type) {
    case kInt8:
    case kUInt8:
    case kUtf8:
        return 1;
    case kInt16:
    case kUInt16:
    case kUtf16:
        return 2;
    case kInt32:
    case kUInt32:
    case kSingle:
    case kUtf32:
        return 4;
    case kDouble:
    case kInt64:
    case kUInt64:
        return 8;
    default:
        return 0;
    }
}

// One data element: its type and payload.
struct Element {
    std::uint32_t type = 0;
    const std::uint8_t* data = nullptr;
    std::size_t size = 0;
};

class Checker {
public:
    Checker(const std::filesystem::path& origin, bool swap)
        : m_origin(origin)
        , m_swap(swap) {}

    [[noreturn]] void fail(const std::string& reason) const {
        throw FileError(m_origin, "corrupt .mat file: " + reason);
    }

    std::uint32_t word(const std::uint8_t* p) const {
        std::uint32_t value;
        std::memcpy(&value, p, 4);
        if (m_swap)
            value = (value >> 24) | ((value >> 8) & 0xff00u) | ((value << 8) & 0xff0000u) |
                    (value << 24);
        return value;
    }

    // Reads the element at `pos` of [data, data + size) and advances `pos` past it and its padding
    // to 8 bytes (compressed elements are not padded).
    Element next(const std::uint8_t* data, std::size_t size, std::size_t& pos) const {
        if (size - pos < 8)
            fail("incomplete element tag at byte " + std::to_string(pos) + " (truncated file?)");
        const std::uint32_t tag = word(data + pos);
        Element element;
        if ((tag >> 16) != 0) { // small element: size and type in one word, data in the next
            element.type = tag & 0xffff;
            element.size = tag >> 16;
            if (element.size > 4)
                fail("malformed small data element");
            element.data = data + pos + 4;
            pos += 8;
            return element;
        }
        element.type = tag;
        element.size = word(data + pos + 4);
        if (element.size > size - pos - 8)
            fail("an element of " + std::to_string(element.size) + " bytes at byte " +
                 std::to_string(pos) + " runs past the end (truncated file?)");
        element.data = data + pos + 8;
        const std::size_t advance =
            element.type == kCompressed ? element.size : (element.size + 7) / 8 * 8;
        pos += 8 + std::min(advance, size - pos - 8);
        return element;
    }

    std::vector<MatVariableSpan> checkTopLevel(const std::uint8_t* data, std::size_t size) {
        std::vector<MatVariableSpan> variables;
        std::size_t pos = kHeaderSize;
        while (pos < size) {
            const std::size_t start = pos;
            const Element element = next(data, size, pos);
            MatVariableSpan& span = variables.emplace_back();
            span.begin = start;
            span.end = pos;
            if (element.type == kCompressed) {
                std::vector<std::uint8_t> inflated = inflate(element);
                // matio compresses an array's tag with its padded size but not the padding
                // itself; SciPy and MATLAB accept that, so do we (the missing bytes are zeros).
                if (inflated.size() >= 8 && word(inflated.data()) == kMatrix) {
                    const std::size_t declared = 8 + std::size_t(word(inflated.data() + 4));
                    if (declared > inflated.size() && declared - inflated.size() <= 8)
                        inflated.resize(declared, 0);
                }
                std::size_t inner = 0;
                while (inner < inflated.size()) {
                    const Element matrix = next(inflated.data(), inflated.size(), inner);
                    if (matrix.type == kMatrix) {
                        checkVariable(matrix, start);
                        checkMatrix(matrix, 0);
                        span.names.push_back(arrayName(matrix));
                    }
                }
            } else {
                checkVariable(element, start);
                checkMatrix(element, 0);
                span.names.push_back(arrayName(element));
            }
        }
        return variables;
    }

private:
    // A file's variables are arrays with at least flags, dimensions and a name. matio misreads
    // anything else at the top level (an empty array there made it allocate gigabytes), so the
    // file is refused instead. `at` is where the element (or the compressed one around it) starts.
    void checkVariable(const Element& element, std::size_t at) const {
        if (element.type != kMatrix)
            fail("the element at byte " + std::to_string(at) + " is of type " +
                 std::to_string(element.type) + ", not a variable");
        if (element.size == 0)
            fail("the variable at byte " + std::to_string(at) + " is empty (no name)");
    }

    // The name of a checked, non-empty array.
    std::string arrayName(const Element& matrix) const {
        std::size_t pos = 0;
        next(matrix.data, matrix.size, pos); // flags
        next(matrix.data, matrix.size, pos); // dimensions
        const Element name = next(matrix.data, matrix.size, pos);
        return std::string(reinterpret_cast<const char*>(name.data), name.size);
    }

    std::vector<std::uint8_t> inflate(const Element& element) const {
        std::vector<std::uint8_t> out(std::max<std::size_t>(element.size * 4, 4096));
        z_stream stream{};
        if (inflateInit(&stream) != Z_OK)
            fail("cannot start decompression");
        stream.next_in = const_cast<Bytef*>(element.data);
        stream.avail_in = static_cast<uInt>(element.size);
        int status = Z_OK;
        while (status == Z_OK) {
            if (stream.total_out == out.size()) {
                if (out.size() >= kMaxInflated) {
                    inflateEnd(&stream);
                    fail("a compressed element inflates beyond " +
                         std::to_string(kMaxInflated >> 20) + " MiB");
                }
                out.resize(std::min(out.size() * 2, kMaxInflated));
            }
            stream.next_out = out.data() + stream.total_out;
            stream.avail_out = static_cast<uInt>(out.size() - stream.total_out);
            status = ::inflate(&stream, Z_NO_FLUSH);
            if (status == Z_BUF_ERROR && stream.avail_out > 0)
                break; // input exhausted before the end of the stream
            if (status == Z_BUF_ERROR)
                status = Z_OK;
        }
        const std::size_t produced = stream.total_out;
        inflateEnd(&stream);
        if (status != Z_STREAM_END)
            fail(status == Z_BUF_ERROR ? "compressed data ends early (truncated file?)"
                                       : "compressed data is damaged");
        out.resize(produced);
        return out;
    }

    void checkMatrix(const Element& matrix, int depth) const {
        if (depth > kMaxDepth)
            fail("arrays nested deeper than " + std::to_string(kMaxDepth) + " levels");
        if (matrix.size == 0)
            return; // an empty element is a valid empty array
        const std::uint8_t* data = matrix.data;
        const std::size_t size = matrix.size;
        std::size_t pos = 0;
        const Element flags = next(data, size, pos);
        if (flags.type != kUInt32 || flags.size != 8)
            fail("malformed array flags");
        const std::uint32_t flagWord = word(flags.data);
        const std::uint32_t arrayClass = flagWord & 0xff;
        const bool complex = (flagWord & kComplexFlag) != 0;
        const Element dims = next(data, size, pos);
        if (dims.type != kInt32 || dims.size < 8 || dims.size % 4 != 0)
            fail("malformed array dimensions");
        std::uint64_t count = 1;
        for (std::size_t d = 0; d < dims.size / 4; ++d) {
            const auto extent = static_cast<std::int32_t>(word(dims.data + 4 * d));
            if (extent < 0)
                fail("negative array dimension");
            if (extent != 0 &&
                count > std::numeric_limits<std::uint32_t>::max() / std::uint64_t(extent))
                fail("array dimensions too large");
            count *= std::uint64_t(extent);
        }
        next(data, size, pos); // name
        const std::size_t left = size - pos;

        if (arrayClass == kCellClass) {
            if (count > left / 8)
                fail("a cell array claims " + std::to_string(count) +
                     " elements but its data is far too short");
            for (std::uint64_t i = 0; i < count; ++i) {
                const Element child = next(data, size, pos);
                if (child.type != kMatrix)
                    fail("a cell element is not an array");
                checkMatrix(child, depth + 1);
            }
        } else if (arrayClass == kStructClass || arrayClass == kObjectClass) {
            if (arrayClass == kObjectClass)
                next(data, size, pos); // class name
            const Element nameLength = next(data, size, pos);
            if (nameLength.type != kInt32 || nameLength.size != 4)
                fail("malformed struct field name length");
            const std::uint32_t length = word(nameLength.data);
            const Element names = next(data, size, pos);
            if (length == 0 ? names.size != 0 : names.size % length != 0)
                fail("malformed struct field names");
            const std::uint64_t fields = length ? names.size / length : 0;
            const std::size_t rest = size - pos;
            if (fields != 0 && count > rest / 8 / fields)
                fail("a struct array claims " + std::to_string(count) +
                     " elements but its data is far too short");
            for (std::uint64_t i = 0; i < count * fields; ++i) {
                const Element child = next(data, size, pos);
                if (child.type != kMatrix)
                    fail("a struct field is not an array");
                checkMatrix(child, depth + 1);
            }
        } else if (arrayClass == kSparseClass) {
            for (int part = 0; part < (complex ? 4 : 3); ++part)
                next(data, size, pos); // row indices, column starts, real (and imaginary) parts
        } else if (arrayClass == kCharClass ||
                   (arrayClass >= kFirstNumericClass && arrayClass <= kLastNumericClass)) {
            for (int part = 0; part < (complex ? 2 : 1); ++part) {
                if (count == 0 && pos >= size)
                    break;
                const Element values = next(data, size, pos);
                const std::size_t width = typeSize(values.type);
                if (width == 0)
                    fail("unknown data type " + std::to_string(values.type));
                const bool exact = arrayClass != kCharClass || values.type != kUtf8;
                if (exact && std::uint64_t(values.size) != count * width)
                    fail("an array of " + std::to_string(count) + " values holds " +
                         std::to_string(values.size) + " bytes of " + std::to_string(width) +
                         "-byte data");
            }
        } else {
            fail("unsupported array class " + std::to_string(arrayClass));
        }
    }

    const std::filesystem::path& m_origin;
    bool m_swap;
};

} // namespace

void checkMatStructure(const std::uint8_t* data, std::size_t size,
                       const std::filesystem::path& origin) {
    readMatLayout(data, size, origin);
}

MatLayout readMatLayout(const std::uint8_t* data, std::size_t size,
                        const std::filesystem::path& origin) {
    if (size == 0)
        throw FileError(origin, "empty file (0 bytes), not a MATLAB .mat file");
    if (size >= 8 && std::memcmp(data, "\x89HDF\r\n\x1a\n", 8) == 0)
        throw FileError(origin, "HDF5 file: MATLAB v7.3 .mat files are not supported; save it with "
                                "save(..., '-v7')");
    if (size < kHeaderSize)
        throw FileError(origin, "not a MATLAB v5 .mat file, or truncated (" + std::to_string(size) +
                                    " bytes, shorter than the 128-byte header)");
    const bool little = data[126] == 'I' && data[127] == 'M';
    const bool big = data[126] == 'M' && data[127] == 'I';
    if (!little && !big)
        throw FileError(origin, "not a MATLAB v5 .mat file (no endian indicator in the header)");
    const std::uint16_t version = little ? static_cast<std::uint16_t>(data[124] | (data[125] << 8))
                                         : static_cast<std::uint16_t>((data[124] << 8) | data[125]);
    if (version == 0x0200)
        throw FileError(origin, "MATLAB v7.3 (HDF5) .mat files are not supported; save it with "
                                "save(..., '-v7')");
    if (version != 0x0100) {
        std::ostringstream text;
        text << "unknown MATLAB .mat version 0x" << std::hex << version;
        throw FileError(origin, text.str());
    }
    MatLayout layout;
    layout.bigEndian = big;
    layout.variables = Checker(origin, big).checkTopLevel(data, size);
    return layout;
}

} // namespace crowdkd
