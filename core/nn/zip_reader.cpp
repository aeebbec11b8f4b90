#include "nn/zip_reader.h"

#include <array>
#include <limits>
#include <stdexcept>
#include <zlib.h>

namespace crowdkd::nn {

namespace {

/// ZIP record signatures.
constexpr std::uint32_t kLocalHeaderSignature = 0x04034b50;
constexpr std::uint32_t kCentralHeaderSignature = 0x02014b50;
constexpr std::uint32_t kEndOfCentralDirectorySignature = 0x06054b50;
constexpr std::uint32_t kZip64LocatorSignature = 0x07064b50;
constexpr std::uint32_t kZip64EndSignature = 0x06064b50;
/// Fixed sizes of the records.
constexpr std::size_t kLocalHeaderSize = 30;
constexpr std::size_t kCentralHeaderSize = 46;
constexpr std::size_t kEndOfCentralDirectorySize = 22;
constexpr std::size_t kZip64LocatorSize = 20;
constexpr std::size_t kZip64EndSize = 56;
/// ZIP compression method "deflate" (LibTorch compresses its code/ text entries).
constexpr std::uint16_t kDeflate = 8;
/// The longest archive comment, which bounds the search for the end record.
constexpr std::size_t kMaxCommentSize = 0xffff;
/// ID of the ZIP64 extended information extra field.
constexpr std::uint16_t kZip64ExtraId = 0x0001;

std::uint16_t read16(const std::uint8_t* p) {
    return static_cast<std::uint16_t>(p[0] | (p[1] << 8));
}

std::uint32_t read32(const std::uint8_t* p) {
    return static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) |
           (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
}

std::uint64_t read64(const std::uint8_t* p) {
    return static_cast<std::uint64_t>(read32(p)) |
           (static_cast<std::uint64_t>(read32(p + 4)) << 32);
}

/// Whether [offset, offset + length) lies inside a buffer of `size` bytes (overflow-safe).
bool inside(std::uint64_t offset, std::uint64_t length, std::size_t size) {
    return offset <= size && length <= size - offset;
}

const std::array<std::uint32_t, 256>& crcTable() {
    static const std::array<std::uint32_t, 256> table = [] {
        std::array<std::uint32_t, 256> result{};
        for (std::uint32_t i = 0; i < 256; ++i) {
            std::uint32_t value = i;
            for (int bit = 0; bit < 8; ++bit)
                value = (value & 1) ? 0xedb88320u ^ (value >> 1) : value >> 1;
            result[i] = value;
        }
        return result;
    }();
    return table;
}

} // namespace

std::uint32_t crc32(const std::uint8_t* data, std::size_t size, std::uint32_t crc) {
    const auto& table = crcTable();
    crc = ~crc;
    for (std::size_t i = 0; i < size; ++i)
        crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
    return ~crc;
}

bool ZipReader::looksLikeZip(const std::uint8_t* data, std::size_t size) {
    return size >= 4 && read32(data) == kLocalHeaderSignature;
}

ZipReader::ZipReader(const std::uint8_t* data, std::size_t size)
    : m_data(data)
    , m_size(size) {
    if (size < kEndOfCentralDirectorySize)
        throw std::runtime_error("not a ZIP archive (too short)");

    // The end-of-central-directory record sits at the end, before an optional comment.
    std::size_t end = size - kEndOfCentralDirectorySize;
    const std::size_t lowest = end > kMaxCommentSize ? end - kMaxCommentSize : 0;
    while (read32(data + end) != kEndOfCentralDirectorySignature) {
        if (end == lowest)
            throw std::runtime_error("not a ZIP archive (no end of central directory)");
        --end;
    }
    std::uint64_t entryCount = read16(data + end + 10);
    std::uint64_t directorySize = read32(data + end + 12);
    std::uint64_t directoryOffset = read32(data + end + 16);

    if (entryCount == 0xffff || directorySize == 0xffffffffu || directoryOffset == 0xffffffffu) {
        if (end < kZip64LocatorSize ||
            read32(data + end - kZip64LocatorSize) != kZip64LocatorSignature)
            throw std::runtime_error("ZIP64 archive without its end-of-directory locator");
        const std::uint64_t zip64End = read64(data + end - kZip64LocatorSize + 8);
        if (!inside(zip64End, kZip64EndSize, size) || read32(data + zip64End) != kZip64EndSignature)
            throw std::runtime_error("damaged ZIP64 end of central directory");
        entryCount = read64(data + zip64End + 32);
        directorySize = read64(data + zip64End + 40);
        directoryOffset = read64(data + zip64End + 48);
    }
    if (!inside(directoryOffset, directorySize, size))
        throw std::runtime_error("the ZIP central directory lies outside the file (truncated?)");
    if (entryCount > directorySize / kCentralHeaderSize)
        throw std::runtime_error("the ZIP central directory is too small for its entries");

    std::uint64_t cursor = directoryOffset;
    const std::uint64_t directoryEnd = directoryOffset + directorySize;
    m_entries.reserve(static_cast<std::size_t>(entryCount));
    for (std::uint64_t i = 0; i < entryCount; ++i) {
        if (cursor + kCentralHeaderSize > directoryEnd ||
            read32(data + cursor) != kCentralHeaderSignature)
            throw std::runtime_error("damaged ZIP central directory");
        const std::uint8_t* header = data + cursor;
        const std::uint16_t flags = read16(header + 8);
        const std::uint16_t method = read16(header + 10);
        ZipEntry entry;
        entry.crc32 = read32(header + 16);
        std::uint64_t compressedSize = read32(header + 20);
        std::uint64_t uncompressedSize = read32(header + 24);
        const std::uint16_t nameLength = read16(header + 28);
        const std::uint16_t extraLength = read16(header + 30);
        const std::uint16_t commentLength = read16(header + 32);
        std::uint64_t localOffset = read32(header + 42);
        const std::uint64_t variable = std::uint64_t{nameLength} + extraLength + commentLength;
        if (cursor + kCentralHeaderSize + variable > directoryEnd)
            throw std::runtime_error("damaged ZIP central directory entry");
        entry.name.assign(reinterpret_cast<const char*>(header + kCentralHeaderSize), nameLength);

        // ZIP64 extra field: 64-bit values for the fields saturated at 0xffffffff, in order.
        const std::uint8_t* extra = header + kCentralHeaderSize + nameLength;
        for (std::size_t at = 0; at + 4 <= extraLength;) {
            const std::uint16_t id = read16(extra + at);
            const std::uint16_t length = read16(extra + at + 2);
            if (at + 4 + length > extraLength)
                throw std::runtime_error("damaged ZIP extra field in entry '" + entry.name + "'");
            if (id == kZip64ExtraId) {
                std::size_t field = at + 4;
                const std::size_t fieldEnd = field + length;
                for (std::uint64_t* value : {&uncompressedSize, &compressedSize, &localOffset}) {
                    if (*value != 0xffffffffu)
                        continue;
                    if (field + 8 > fieldEnd)
                        throw std::runtime_error("damaged ZIP64 field in entry '" + entry.name +
                                                 "'");
                    *value = read64(extra + field);
                    field += 8;
                }
            }
            at += 4 + std::size_t{length};
        }
        cursor += kCentralHeaderSize + variable;

        if (flags & 0x1)
            throw std::runtime_error("ZIP entry '" + entry.name + "' is encrypted");
        if (method != 0 && method != kDeflate)
            throw std::runtime_error("ZIP entry '" + entry.name +
                                     "' uses an unsupported compression method " +
                                     std::to_string(method));
        entry.deflated = method == kDeflate;
        if (!entry.deflated && compressedSize != uncompressedSize)
            throw std::runtime_error("ZIP entry '" + entry.name + "' has inconsistent sizes");
        if (!inside(localOffset, kLocalHeaderSize, size) ||
            read32(data + localOffset) != kLocalHeaderSignature)
            throw std::runtime_error("ZIP entry '" + entry.name + "' has no local header");
        const std::uint64_t dataOffset = localOffset + kLocalHeaderSize +
                                         read16(data + localOffset + 26) +
                                         read16(data + localOffset + 28);
        if (!inside(dataOffset, compressedSize, size))
            throw std::runtime_error("ZIP entry '" + entry.name +
                                     "' extends past the end of the file (truncated?)");
        entry.dataOffset = dataOffset;
        entry.size = compressedSize;
        entry.uncompressedSize = uncompressedSize;
        if (!m_index.emplace(entry.name, m_entries.size()).second)
            throw std::runtime_error("ZIP entry '" + entry.name + "' appears twice");
        m_entries.push_back(std::move(entry));
    }
}

const ZipEntry* ZipReader::find(const std::string& name) const {
    const auto found = m_index.find(name);
    return found == m_index.end() ? nullptr : &m_entries[found->second];
}

const std::uint8_t* ZipReader::data(const ZipEntry& entry, bool verifyChecksum) const {
    if (entry.deflated)
        throw std::runtime_error("ZIP entry '" + entry.name +
                                 "' is compressed; PyTorch stores tensors and pickles "
                                 "uncompressed (was the file re-zipped?)");
    const std::uint8_t* bytes = m_data + entry.dataOffset;
    if (verifyChecksum && crc32(bytes, static_cast<std::size_t>(entry.size)) != entry.crc32)
        throw std::runtime_error("ZIP entry '" + entry.name + "' is corrupt (CRC-32 mismatch)");
    return bytes;
}

std::string ZipReader::text(const ZipEntry& entry, bool verifyChecksum,
                            std::uint64_t maxSize) const {
    if (entry.uncompressedSize > maxSize)
        throw std::runtime_error("ZIP entry '" + entry.name + "' is too large (" +
                                 std::to_string(entry.uncompressedSize) + " bytes)");
    if (!entry.deflated) {
        const auto* bytes = data(entry, verifyChecksum);
        return std::string(reinterpret_cast<const char*>(bytes),
                           static_cast<std::size_t>(entry.size));
    }
    // Raw deflate into exactly the declared size: a stream that wants more is refused, so memory
    // stays bounded by maxSize whatever the entry claims.
    std::string out(static_cast<std::size_t>(entry.uncompressedSize), '\0');
    z_stream stream{};
    if (inflateInit2(&stream, -MAX_WBITS) != Z_OK)
        throw std::runtime_error("cannot start decompressing ZIP entry '" + entry.name + "'");
    stream.next_in = const_cast<Bytef*>(m_data + entry.dataOffset);
    stream.avail_in = static_cast<uInt>(std::min<std::uint64_t>(entry.size, UINT32_MAX));
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    const int status = inflate(&stream, Z_FINISH);
    const std::size_t produced = out.size() - stream.avail_out;
    inflateEnd(&stream);
    if (status != Z_STREAM_END || produced != out.size())
        throw std::runtime_error("ZIP entry '" + entry.name + "' is corrupt (bad deflate data)");
    if (verifyChecksum &&
        crc32(reinterpret_cast<const std::uint8_t*>(out.data()), out.size()) != entry.crc32)
        throw std::runtime_error("ZIP entry '" + entry.name + "' is corrupt (CRC-32 mismatch)");
    return out;
}

} // namespace crowdkd::nn
