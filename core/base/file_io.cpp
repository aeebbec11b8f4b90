#include "base/file_io.h"

#include "base/error.h"

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

#ifndef _WIN32
// Flushes a folder's entry table, so that a completed rename survives a power cut.
void syncDirectory(const fs::path& dir) {
    const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}
#endif

} // namespace

void writeFileAtomically(const fs::path& path, const void* data, std::size_t size) {
    const fs::path temp = temporarySibling(path);
    auto fail = [&](const std::string& reason) {
        std::error_code ignored;
        fs::remove(temp, ignored);
        throw FileError(path, reason);
    };
#ifdef _WIN32
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out)
        fail("cannot create a temporary file in its folder");
    out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
    out.flush();
    if (!out)
        fail("write failed (disk full?)");
    out.close();
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
