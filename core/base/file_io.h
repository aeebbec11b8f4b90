#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace crowdkd {

/// Reads a whole file into memory; throws FileError naming the file when it cannot.
std::vector<std::uint8_t> readFileBytes(const std::filesystem::path& path);

/// Writes `bytes` to `path` so that the file on disk is always either the old or the new complete
/// version: the bytes go to a temporary file in the same folder, are flushed to disk, and the
/// temporary file then replaces `path` by an atomic rename. Throws FileError on failure, leaving
/// any existing file untouched.
void writeFileAtomically(const std::filesystem::path& path, const void* data, std::size_t size);
void writeFileAtomically(const std::filesystem::path& path, const std::vector<std::uint8_t>& bytes);
void writeFileAtomically(const std::filesystem::path& path, const std::string& text);

/// Creates a unique temporary path beside `path` (same folder, so a rename is atomic).
std::filesystem::path temporarySibling(const std::filesystem::path& path);

/// Renames `from` over `to` atomically (replacing `to` if it exists), also on Windows.
void replaceFile(const std::filesystem::path& from, const std::filesystem::path& to);

} // namespace crowdkd
