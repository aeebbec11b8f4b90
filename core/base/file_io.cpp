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

#ifdef _WIN32
#include <windows.h>
#else
#include <fcntl.h>
#include <unistd.h>
#endif

namespace crowdkd {

namespace fs = std::filesystem;

std::vector<std::uint8_t> readFileBytes(const fs::path& path) {
    std::error_code ec;
    if (fs::is_directory(path, ec))
        throw FileError(path, "is a folder, not a file");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw FileError(path,
                        fs::exists(path, ec) ? "cannot be opened for reading" : "does not exist");
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    if (size < 0)
        throw FileError(path, "cannot determine the file size");
    in.seekg(0, std::ios::beg);
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
    if (size > 0 && !in.read(reinterpret_cast<char*>(bytes.data()), size))
        throw FileError(path, "read failed");
    return bytes;
}

fs::path temporarySibling(const fs::path& path) {
    static std::atomic<unsigned> counter{0};
    std::random_device device;
    const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    auto name = path.filename();
    name += ".tmp-" + std::to_string(device() ^ static_cast<unsigned>(stamp)) + "-" +
            std::to_string(counter++);
    return path.parent_path() / name;
}

void replaceFile(const fs::path& from, const fs::path& to) {
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

namespace {

#ifdef _WIN32
std::string windowsError(DWORD code) {
    return "error " + std::to_string(code);
}
#else
// Flushes a folder's entry table, so that a completed rename survives a power cut.
void syncDirectory(const fs::path& dir) {
    const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}
#endif

} // namespace

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
    syncFile(from);
    replaceFile(from, to); // on Windows with MOVEFILE_WRITE_THROUGH
#ifndef _WIN32
    syncDirectory(to.parent_path());
#endif
}

void writeFileAtomically(const fs::path& path, const void* data, std::size_t size) {
    const fs::path temp = temporarySibling(path);
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
        replaceFile(temp, path);
    } catch (const FileError& error) {
        fail(error.reason());
    }
#ifndef _WIN32
    syncDirectory(path.parent_path());
#endif
}

void writeFileAtomically(const fs::path& path, const std::vector<std::uint8_t>& bytes) {
    writeFileAtomically(path, bytes.data(), bytes.size());
}

void writeFileAtomically(const fs::path& path, const std::string& text) {
    writeFileAtomically(path, text.data(), text.size());
}

} // namespace crowdkd
