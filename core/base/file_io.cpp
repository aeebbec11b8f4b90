#include "base/file_io.h"

#include "base/error.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <system_error>

#ifdef _WIN32
#include <windows.h>
#else
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace crowdkd {

namespace fs = std::filesystem;

namespace {

// Symbolic links followed in a row before a save gives up, as Linux's own limit (ELOOP).
constexpr int kMaxSymbolicLinks = 40;

// What a file that is not a regular file is, for messages.
std::string describeType(fs::file_type type) {
    switch (type) {
    case fs::file_type::directory:
        return "a folder";
    case fs::file_type::character:
        return "a character device";
    case fs::file_type::block:
        return "a block device";
    case fs::file_type::fifo:
        return "a FIFO (named pipe)";
    case fs::file_type::socket:
        return "a socket";
    default:
        return "of an unknown type";
    }
}

// Why a reader refuses a file of `type`.
std::string notRegularReason(fs::file_type type) {
    if (type == fs::file_type::directory)
        return "is a folder, not a file";
    return "is not a regular file (" + describeType(type) + ")";
}

// Why `path` cannot be reached, from the system's error: a missing file (or a link to one) in
// plain words, anything else (a link loop, a denied permission) in the system's.
std::string unreachableReason(const fs::path& path, const std::error_code& error) {
    if (error == std::errc::no_such_file_or_directory) {
        std::error_code ignored;
        if (fs::is_symlink(fs::symlink_status(path, ignored)))
            return "is a broken symbolic link (its target does not exist)";
        return "does not exist";
    }
    return "cannot be opened: " + error.message();
}

#ifdef _WIN32
std::string windowsError(DWORD code) {
    return "error " + std::to_string(code);
}
#else
std::error_code lastError() {
    return {errno, std::generic_category()};
}

fs::file_type typeOf(mode_t mode) {
    if (S_ISREG(mode))
        return fs::file_type::regular;
    if (S_ISDIR(mode))
        return fs::file_type::directory;
    if (S_ISCHR(mode))
        return fs::file_type::character;
    if (S_ISBLK(mode))
        return fs::file_type::block;
    if (S_ISFIFO(mode))
        return fs::file_type::fifo;
    if (S_ISSOCK(mode))
        return fs::file_type::socket;
    return fs::file_type::unknown;
}

// Flushes a folder's entry table, so that a completed rename survives a power cut.
void syncDirectory(const fs::path& dir) {
    const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}
#endif

/// A regular file open for reading, closed on destruction. It is checked before it is opened and
/// opened without blocking, so a FIFO, device or socket is refused, never read.
class ReadableFile {
public:
    explicit ReadableFile(const fs::path& path)
        : m_path(path) {
#ifdef _WIN32
        requireRegularFile(path);
        std::error_code error;
        m_size = fs::file_size(path, error);
        if (error)
            throw FileError(path, "cannot determine the file size: " + error.message());
        m_in.open(path, std::ios::binary);
        if (!m_in)
            throw FileError(path, "cannot be opened for reading");
#else
        requireRegularFile(path);
        m_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        if (m_fd < 0)
            throw FileError(path, unreachableReason(path, lastError()));
        struct stat status {};
        if (::fstat(m_fd, &status) != 0) {
            const std::error_code error = lastError();
            ::close(m_fd);
            throw FileError(path, "cannot be read: " + error.message());
        }
        if (!S_ISREG(status.st_mode)) { // replaced between the check and the opening
            ::close(m_fd);
            throw FileError(path, notRegularReason(typeOf(status.st_mode)));
        }
        ::fcntl(m_fd, F_SETFL, ::fcntl(m_fd, F_GETFL) & ~O_NONBLOCK);
        m_size = static_cast<std::uint64_t>(status.st_size);
#endif
    }

    ~ReadableFile() {
#ifndef _WIN32
        ::close(m_fd);
#endif
    }

    ReadableFile(const ReadableFile&) = delete;
    ReadableFile& operator=(const ReadableFile&) = delete;

    std::uint64_t size() const {
        return m_size;
    }

    /// Reads up to `size` bytes; fewer only at the end of the file. Throws FileError.
    std::size_t read(std::uint8_t* buffer, std::size_t size) {
#ifdef _WIN32
        m_in.read(reinterpret_cast<char*>(buffer), static_cast<std::streamsize>(size));
        if (m_in.bad())
            throw FileError(m_path, "read failed");
        return static_cast<std::size_t>(m_in.gcount());
#else
        std::size_t done = 0;
        while (done < size) {
            const ssize_t got = ::read(m_fd, buffer + done, size - done);
            if (got < 0) {
                if (errno == EINTR)
                    continue;
                throw FileError(m_path, "read failed: " + lastError().message());
            }
            if (got == 0)
                break;
            done += static_cast<std::size_t>(got);
        }
        return done;
#endif
    }

private:
    fs::path m_path;
#ifdef _WIN32
    std::ifstream m_in;
#else
    int m_fd = -1;
#endif
    std::uint64_t m_size = 0;
};

// Renames `from` over `to` (both in the same folder), replacing `to` if it exists.
void renameOver(const fs::path& from, const fs::path& to) {
#ifdef _WIN32
    if (!MoveFileExW(from.c_str(), to.c_str(), MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
        throw FileError(to,
                        "cannot replace the file (error " + std::to_string(GetLastError()) + ")");
#else
    std::error_code ec;
    fs::rename(from, to, ec);
    if (ec)
        throw FileError(to, "cannot replace the file: " + ec.message());
#endif
}

// Gives the temporary file `temp` the attributes of `target`, optionally flushes it to disk, and
// renames it over `target`.
void finishReplacement(const fs::path& temp, const fs::path& target, bool sync) {
#ifdef _WIN32
    if (sync)
        syncFile(temp);
#else
    const int fd = ::open(temp.c_str(), (sync ? O_WRONLY : O_RDONLY) | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        throw FileError(temp, "cannot open the new version: " + lastError().message());
    try {
        adoptFileAttributes(fd, target);
    } catch (const FileError&) {
        ::close(fd);
        throw;
    }
    const int synced = sync ? ::fsync(fd) : 0;
    const std::error_code error = lastError();
    ::close(fd);
    if (synced != 0)
        throw FileError(temp, "flush to disk failed: " + error.message());
#endif
    renameOver(temp, target);
}

} // namespace

void requireRegularFile(const fs::path& path) {
#ifdef _WIN32
    std::error_code error;
    const fs::file_status status = fs::status(path, error);
    if (status.type() == fs::file_type::not_found)
        throw FileError(path, unreachableReason(path, std::make_error_code(
                                                          std::errc::no_such_file_or_directory)));
    if (error)
        throw FileError(path, unreachableReason(path, error));
    if (status.type() != fs::file_type::regular)
        throw FileError(path, notRegularReason(status.type()));
#else
    struct stat status {};
    if (::stat(path.c_str(), &status) != 0)
        throw FileError(path, unreachableReason(path, lastError()));
    if (!S_ISREG(status.st_mode))
        throw FileError(path, notRegularReason(typeOf(status.st_mode)));
#endif
}

std::vector<std::uint8_t> readFileBytes(const fs::path& path, std::uint64_t maxBytes) {
    ReadableFile file(path);
    if (file.size() > maxBytes)
        throw FileError(path, "too large: " + std::to_string(file.size()) + " bytes (at most " +
                                  std::to_string(maxBytes) + " are read)");
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(file.size()));
    bytes.resize(file.read(bytes.data(), bytes.size())); // shorter if it shrank meanwhile
    return bytes;
}

std::vector<std::uint8_t> readFilePrefix(const fs::path& path, std::size_t limit) {
    ReadableFile file(path);
    std::vector<std::uint8_t> bytes(
        static_cast<std::size_t>(std::min<std::uint64_t>(limit, file.size())));
    bytes.resize(file.read(bytes.data(), bytes.size()));
    return bytes;
}

fs::path saveTarget(const fs::path& path) {
    fs::path current = path;
    for (int links = 0;; ++links) {
        std::error_code error;
        const fs::file_status status = fs::symlink_status(current, error);
        if (status.type() == fs::file_type::not_found || status.type() == fs::file_type::regular)
            return current;
        if (error)
            throw FileError(path, "cannot be replaced: " + error.message());
        if (status.type() != fs::file_type::symlink) {
            std::string reason = "is " + describeType(status.type()) +
                                 ", not a regular file; refusing to replace it";
            if (current != path)
                reason += " (the symbolic link leads to " + pathToUtf8(current) + ")";
            throw FileError(path, reason);
        }
        if (links == kMaxSymbolicLinks)
            throw FileError(
                path, "cannot be replaced: " +
                          std::make_error_code(std::errc::too_many_symbolic_link_levels).message());
        const fs::path target = fs::read_symlink(current, error);
        if (error)
            throw FileError(path, "cannot read the symbolic link: " + error.message());
        current = target.is_absolute() ? target : current.parent_path() / target;
    }
}

void adoptFileAttributes([[maybe_unused]] int fd, [[maybe_unused]] const fs::path& existing) {
#ifndef _WIN32
    struct stat old {};
    struct stat own {};
    if (::stat(existing.c_str(), &old) != 0 || !S_ISREG(old.st_mode) || ::fstat(fd, &own) != 0)
        return;
    // Owner first: changing it may clear permission bits, which are set after. Root may give the
    // old owner and group; a user only a group they belong to; else the new version is the user's.
    if (own.st_uid != old.st_uid || own.st_gid != old.st_gid) {
        if (::fchown(fd, old.st_uid, old.st_gid) != 0 && own.st_gid != old.st_gid &&
            ::fchown(fd, static_cast<uid_t>(-1), old.st_gid) != 0) {
            // The group alone is not permitted either: it stays the user's.
        }
    }
    if (::fchmod(fd, old.st_mode & 0777) != 0)
        throw FileError(existing, "cannot give the new version the file's permissions: " +
                                      lastError().message());
#endif
}

fs::path temporarySibling(const fs::path& path) {
    static std::atomic<unsigned> counter{0};
    const fs::path target = saveTarget(path);
    std::random_device device;
    const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    auto name = target.filename();
    name += ".tmp-" + std::to_string(device() ^ static_cast<unsigned>(stamp)) + "-" +
            std::to_string(counter++);
    return target.parent_path() / name;
}

void replaceFile(const fs::path& from, const fs::path& to) {
    finishReplacement(from, saveTarget(to), /*sync=*/false);
}

void syncFile(const fs::path& path) {
#ifdef _WIN32
    // FlushFileBuffers needs a handle with write access.
    const HANDLE file = CreateFileW(path.c_str(), GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
                                    nullptr, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (file == INVALID_HANDLE_VALUE)
        throw FileError(path, "cannot open it to flush it to disk (" +
                                  windowsError(GetLastError()) + ")");
    const bool flushed = FlushFileBuffers(file) != 0;
    const DWORD error = GetLastError();
    CloseHandle(file);
    if (!flushed)
        throw FileError(path, "flush to disk failed (" + windowsError(error) + ")");
#else
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        throw FileError(path,
                        std::string("cannot open it to flush it to disk: ") + std::strerror(errno));
    const int synced = ::fsync(fd);
    const int error = errno;
    ::close(fd);
    if (synced != 0)
        throw FileError(path, std::string("flush to disk failed: ") + std::strerror(error));
#endif
}

void replaceFileDurably(const fs::path& from, const fs::path& to) {
    const fs::path target = saveTarget(to);
    finishReplacement(from, target, /*sync=*/true); // on Windows with MOVEFILE_WRITE_THROUGH
#ifndef _WIN32
    syncDirectory(target.parent_path());
#endif
}

void writeFileAtomically(const fs::path& path, const void* data, std::size_t size) {
    const fs::path target = saveTarget(path);
    const fs::path temp = temporarySibling(target);
    auto fail = [&](const std::string& reason) {
        std::error_code ignored;
        fs::remove(temp, ignored);
        throw FileError(path, reason);
    };
#ifdef _WIN32
    const HANDLE file = CreateFileW(temp.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW,
                                    FILE_ATTRIBUTE_NORMAL, nullptr);
    if (file == INVALID_HANDLE_VALUE)
        fail("cannot create a temporary file in its folder (" + windowsError(GetLastError()) + ")");
    const char* cursor = static_cast<const char*>(data);
    std::size_t left = size;
    while (left > 0) {
        const DWORD chunk = static_cast<DWORD>(std::min<std::size_t>(left, 1u << 30));
        DWORD written = 0;
        if (!WriteFile(file, cursor, chunk, &written, nullptr) || written == 0) {
            const DWORD error = GetLastError();
            CloseHandle(file);
            fail("write failed (" + windowsError(error) + ")");
        }
        cursor += written;
        left -= written;
    }
    // The data on disk before the rename makes it visible (the rename itself is written through).
    if (!FlushFileBuffers(file)) {
        const DWORD error = GetLastError();
        CloseHandle(file);
        fail("flush to disk failed (" + windowsError(error) + ")");
    }
    CloseHandle(file);
#else
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0)
        fail(std::string("cannot create a temporary file in its folder: ") + std::strerror(errno));
    // Before any data: the new version never has wider permissions than the old one.
    try {
        adoptFileAttributes(fd, target);
    } catch (const FileError& error) {
        ::close(fd);
        fail(error.reason());
    }
    const char* cursor = static_cast<const char*>(data);
    std::size_t left = size;
    while (left > 0) {
        const ssize_t written = ::write(fd, cursor, left);
        if (written < 0) {
            if (errno == EINTR)
                continue;
            const int error = errno;
            ::close(fd);
            fail(std::string("write failed: ") + std::strerror(error));
        }
        cursor += written;
        left -= static_cast<std::size_t>(written);
    }
    if (::fsync(fd) != 0) {
        const int error = errno;
        ::close(fd);
        fail(std::string("flush to disk failed: ") + std::strerror(error));
    }
    if (::close(fd) != 0)
        fail(std::string("close failed: ") + std::strerror(errno));
#endif
    try {
        renameOver(temp, target);
    } catch (const FileError& error) {
        fail(error.reason());
    }
#ifndef _WIN32
    syncDirectory(target.parent_path());
#endif
}

void writeFileAtomically(const fs::path& path, const std::vector<std::uint8_t>& bytes) {
    writeFileAtomically(path, bytes.data(), bytes.size());
}

void writeFileAtomically(const fs::path& path, const std::string& text) {
    writeFileAtomically(path, text.data(), text.size());
}

} // namespace crowdkd
