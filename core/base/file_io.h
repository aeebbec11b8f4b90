#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace crowdkd {

/// The most readFileBytes reads into memory unless told otherwise: above every model, image and
/// annotation file CrowdKD reads (an M-SFANet checkpoint with its optimiser state is ~0.3 GB).
constexpr std::uint64_t kMaxFileBytes = std::uint64_t{2} << 30;

/// Throws FileError unless `path` is a regular file (symbolic links followed), with the real
/// reason: "does not exist", "is a broken symbolic link", the system's words for a symbolic-link
/// loop or a denied permission, "is a folder, not a file", or "is not a regular file (a FIFO)"
/// for FIFOs, devices and sockets, which a reader must never open (reading a FIFO blocks forever).
/// For libraries that open files by name themselves.
void requireRegularFile(const std::filesystem::path& path);

/// Reads a whole regular file into memory. Throws FileError naming the file when it cannot be read
/// (see requireRegularFile; a FIFO or device is never opened) or when it is larger than
/// `maxBytes`, before allocating anything.
std::vector<std::uint8_t> readFileBytes(const std::filesystem::path& path,
                                        std::uint64_t maxBytes = kMaxFileBytes);

/// The first `limit` bytes of a regular file (fewer when it is shorter); throws like readFileBytes.
std::vector<std::uint8_t> readFilePrefix(const std::filesystem::path& path, std::size_t limit);

/// The file a save to `path` replaces: `path` itself, or the final target of the symbolic link(s)
/// `path` names, so that a save writes through the link (the link stays, its target is replaced).
/// A link to a missing file resolves to that file, which the save creates. Throws FileError when
/// the file exists and is not a regular file (a device such as /dev/null, a FIFO, a socket, a
/// folder): a save would replace it with a regular file, so it is refused and left as it is.
std::filesystem::path saveTarget(const std::filesystem::path& path);

/// Gives the open file `fd` (a new version about to replace `existing`) the permission bits of
/// `existing`, and its owner and group where the process may set them (root may; a user may set a
/// group they belong to). Nothing when `existing` is not a regular file. Set-user/group-ID bits are
/// not carried over. Throws FileError when the permissions cannot be set. No-op on Windows.
void adoptFileAttributes(int fd, const std::filesystem::path& existing);

/// Writes `bytes` to `path` so that the file on disk is always either the old or the new complete
/// version, even after a crash or a power cut: the bytes go to a temporary file in the same folder,
/// are flushed to disk (fsync / FlushFileBuffers), the temporary file then replaces `path` by an
/// atomic rename (MoveFileEx with MOVEFILE_WRITE_THROUGH on Windows) and the folder is flushed
/// (POSIX). The rules of saveTarget apply: a symbolic link is written through, anything that is not
/// a regular file is refused; the new version keeps the old one's permissions, owner and group
/// (adoptFileAttributes). Throws FileError on failure (e.g. a full disk), leaving any existing file
/// untouched.
void writeFileAtomically(const std::filesystem::path& path, const void* data, std::size_t size);
void writeFileAtomically(const std::filesystem::path& path, const std::vector<std::uint8_t>& bytes);
void writeFileAtomically(const std::filesystem::path& path, const std::string& text);

/// Creates a unique temporary path beside the file a save to `path` replaces (saveTarget: the
/// target of a symbolic link; same folder, so a rename is atomic). Throws FileError like
/// saveTarget.
std::filesystem::path temporarySibling(const std::filesystem::path& path);

/// Renames `from` (a temporary sibling, see temporarySibling) over saveTarget(`to`) atomically,
/// after giving it the replaced file's attributes (adoptFileAttributes), also on Windows.
void replaceFile(const std::filesystem::path& from, const std::filesystem::path& to);

/// Flushes a written file's data to the disk (fsync; FlushFileBuffers on Windows). Throws
/// FileError.
void syncFile(const std::filesystem::path& path);

/// replaceFile for a temporary file written by other means (a library's own writer): flushes
/// `from` to disk, renames it over `to`, then flushes the folder (POSIX), so that after a power cut
/// `to` is the old or the new complete file, as with writeFileAtomically, and under the same rules
/// (symbolic links written through, non-regular files refused, attributes kept). Throws FileError.
void replaceFileDurably(const std::filesystem::path& from, const std::filesystem::path& to);

} // namespace crowdkd
