#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace crowdkd::nn {

/// One file inside a ZIP archive held in memory.
struct ZipEntry {
    std::string name;
    std::uint64_t dataOffset = 0; ///< where the entry's bytes start in the archive
    std::uint64_t size = 0;       ///< stored size
    std::uint64_t uncompressedSize = 0;
    std::uint32_t crc32 = 0;
    bool deflated = false; ///< compressed (LibTorch deflates its code/ text entries)
};

/// A read-only view of a ZIP archive in memory, as `torch.save` and LibTorch write them: entries
/// stored without compression (ZIP64 included), text entries possibly deflated. Every offset and
/// size is checked against the buffer; malformed archives throw std::runtime_error with the reason
/// (the caller adds the file name). The buffer must outlive the reader.
class ZipReader {
public:
    ZipReader(const std::uint8_t* data, std::size_t size);

    const std::vector<ZipEntry>& entries() const { return m_entries; }
    /// The archive's size in bytes.
    std::size_t size() const { return m_size; }

    /// The entry called `name`, or nullptr.
    const ZipEntry* find(const std::string& name) const;

    /// Pointer to the bytes of a stored (uncompressed) `entry`; throws for a deflated one, and with
    /// `verifyChecksum` when its CRC-32 is wrong.
    const std::uint8_t* data(const ZipEntry& entry, bool verifyChecksum) const;

    /// The contents of a stored or deflated `entry` (at most `maxSize` bytes, else throws).
    std::string text(const ZipEntry& entry, bool verifyChecksum, std::uint64_t maxSize) const;

    /// Whether `data` starts like a ZIP archive (local file header signature).
    static bool looksLikeZip(const std::uint8_t* data, std::size_t size);

private:
    const std::uint8_t* m_data;
    std::size_t m_size;
    std::vector<ZipEntry> m_entries;
    std::unordered_map<std::string, std::size_t> m_index;
};

/// CRC-32 (ISO-HDLC, as ZIP uses), continuing from `crc` (0 to start).
std::uint32_t crc32(const std::uint8_t* data, std::size_t size, std::uint32_t crc = 0);

} // namespace crowdkd::nn
