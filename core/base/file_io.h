#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace crowdkd {

/// Reads a whole file into memory; throws FileError naming the file when it cannot.
std::vector<std::uint8_t> readFileBytes(const std::filesystem::path& path);

/// Writes `bytes` to `path` so that the file on disk is always either the old or the new complete
/// version, even after a crash or a power cut: the bytes go to a temporary file in the same folder,
/// are flushed to disk (fsync / FlushFileBuffers), the temporary file then replaces `path` by an
/// atomic rename (MoveFileEx with MOVEFILE_WRITE_THROUGH on Windows) and the folder is flushed
/// (POSIX). Throws FileError on failure (e.g. a full disk), leaving any existing file untouched.
void writeFileAtomically(const std::filesystem::path& path, const void* data, std::size_t size);
void writeFileAtomically(const std::filesystem::path& path, const std::vector<std::uint8_t>& bytes);
void writeFileAtomically(const std::filesystem::path& path, const std::string& text);

/// Creates a unique temporary path beside `path` (same folder, so a rename is atomic).
std::filesystem::path temporarySibling(const std::filesystem::path& path);

/// Renames `from` over `to` atomically (replacing `to` if it exists), also on Windows.
void replaceFile(const std::filesystem::path& from, const std::filesystem::path& to);

/// Flushes a written file's data to the disk (fsync; FlushFileBuffers on Windows). Throws
/// FileError.
void syncFile(const std::filesystem::path& path);

/// replaceFile for a temporary file written by other means (a library's own writer): flushes
/// `from` to disk, renames it over `to`, then flushes the folder (POSIX), so that after a power cut
/// `to` is the old or the new complete file, as with writeFileAtomically. Throws FileError.
void replaceFileDurably(const std::filesystem::path& from, const std::filesystem::path& to);

} // namespace crowdkd
