#include "pipeline/run_directory.h"

#include "base/error.h"
#include "base/file_guards.h"
#include "base/file_io.h"

#include <cerrno>
#include <cstring>
#include <sstream>

#ifdef _WIN32
#include <windows.h>
#else
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace crowdkd::pipeline {

namespace fs = std::filesystem;

RunDirectory::RunDirectory(fs::path dir)
    : RunPaths(std::move(dir)) {
    std::error_code ec;
    fs::create_directories(path(), ec);
    if (ec || !fs::is_directory(path()))
        throw FileError(path(), "cannot create the run folder" + (ec ? ": " + ec.message() : ""));
}

void RunDirectory::writeJson(const fs::path& file, const nlohmann::json& json) const {
    requireOwnFile(file);
    writeFileAtomically(file, json.dump(2) + "\n");
}

void RunDirectory::appendLog(const nlohmann::json& record) {
    std::lock_guard<std::mutex> lock(m_logMutex);
    if (!m_log.is_open()) {
        requireOwnFile(logPath());
        m_log.open(logPath(), std::ios::app | std::ios::binary);
        if (!m_log)
            throw FileError(logPath(), "cannot be opened for writing");
    }
    m_log << record.dump() << '\n';
    m_log.flush();
    if (!m_log)
        throw FileError(logPath(), "write failed (disk full?)");
}

void RunDirectory::truncateLogAfter(std::int64_t iteration) {
    std::lock_guard<std::mutex> lock(m_logMutex);
    m_log.close();
    std::error_code ec;
    if (!fs::exists(logPath(), ec))
        return;
    requireOwnFile(logPath());
    const auto bytes = readFileBytes(logPath());
    std::istringstream in(std::string(bytes.begin(), bytes.end()));
    std::string kept, line;
    while (std::getline(in, line)) {
        if (line.empty() || line.size() > kMaxJsonLineBytes) // not a record of ours
            continue;
        try {
            const auto record = nlohmann::json::parse(line);
            if (record.value("iteration", std::int64_t{0}) > iteration)
                continue;
        } catch (const nlohmann::json::exception&) {
            continue; // a line cut short by a crash
        }
        kept += line + "\n";
    }
    writeFileAtomically(logPath(), kept);
}

namespace {

// Longest process id text read back from a lock file (a hostile one may be huge).
constexpr std::size_t kMaxPidText = 32;

std::string holderText(const std::string& pid) {
    return pid.empty() ? "another process" : "process " + pid;
}

} // namespace

#ifdef _WIN32

RunLock::RunLock(const fs::path& dir) {
    const fs::path file = lockPath(dir);
    const HANDLE handle =
        CreateFileW(file.c_str(), GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
                    nullptr, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (handle == INVALID_HANDLE_VALUE)
        throw FileError(file, "cannot open the run folder's lock file (error " +
                                  std::to_string(GetLastError()) + ")");
    OVERLAPPED whole{};
    if (!LockFileEx(handle, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &whole)) {
        char text[kMaxPidText] = {};
        DWORD read = 0;
        // The holder's lock covers the first byte only; its pid is readable after it.
        OVERLAPPED after{};
        after.Offset = 1;
        ReadFile(handle, text, sizeof text - 1, &read, &after);
        CloseHandle(handle);
        std::string pid(text, read);
        pid.erase(pid.find_last_not_of(" \r\n") + 1);
        throw FileError(dir, "the run folder is in use by " + holderText(pid));
    }
    const std::string pid = " " + std::to_string(GetCurrentProcessId()) + "\n";
    DWORD written = 0;
    SetFilePointer(handle, 0, nullptr, FILE_BEGIN);
    WriteFile(handle, pid.data(), static_cast<DWORD>(pid.size()), &written, nullptr);
    SetEndOfFile(handle);
    m_handle = handle;
}

RunLock::~RunLock() {
    if (m_handle)
        CloseHandle(static_cast<HANDLE>(m_handle)); // releases the lock
}

#else

RunLock::RunLock(const fs::path& dir) {
    const fs::path file = lockPath(dir);
    // O_NOFOLLOW and the regular-file check: a planted symlink or folder is never locked or
    // truncated.
    const int fd =
        ::open(file.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0644);
    if (fd < 0)
        throw FileError(file, std::string("cannot open the run folder's lock file: ") +
                                  std::strerror(errno));
    struct stat info {};
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
        ::close(fd);
        throw FileError(file, "is not a regular file");
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        std::string pid;
        if (error == EWOULDBLOCK) {
            char text[kMaxPidText] = {};
            const ssize_t n = ::pread(fd, text, sizeof text - 1, 0);
            for (ssize_t i = 0; i < n && text[i] >= '0' && text[i] <= '9'; ++i)
                pid += text[i];
        }
        ::close(fd);
        if (error == EWOULDBLOCK)
            throw FileError(dir, "the run folder is in use by " + holderText(pid));
        throw FileError(file, std::string("cannot lock the run folder: ") + std::strerror(error));
    }
    // The lock is ours: record who holds it (for the message another process shows).
    const std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd, 0) != 0 ||
        ::pwrite(fd, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
        ::close(fd);
        throw FileError(file, std::string("cannot write the lock file: ") + std::strerror(errno));
    }
    m_fd = fd;
}

RunLock::~RunLock() {
    // Closing releases the lock; the file stays (removing it would race with a process that
    // has just opened it).
    if (m_fd >= 0)
        ::close(m_fd);
}

#endif

bool RunPaths::isRunDirectory(const fs::path& dir) {
    std::error_code ec;
    return fs::is_regular_file(dir / "config.json", ec);
}

} // namespace crowdkd::pipeline
