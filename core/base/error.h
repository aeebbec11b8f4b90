#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

namespace crowdkd {

/// A failure about one file: the message always starts with the file's path, so a user knows
/// which of hundreds of files is at fault.
class FileError : public std::runtime_error {
public:
    FileError(const std::filesystem::path& path, const std::string& reason);

    const std::filesystem::path& path() const { return m_path; }
    const std::string& reason() const { return m_reason; }

private:
    std::filesystem::path m_path;
    std::string m_reason;
};

/// UTF-8 text of a path on every platform (std::filesystem::path::string() is not UTF-8 on
/// Windows).
std::string pathToUtf8(const std::filesystem::path& path);

/// A path from UTF-8 text on every platform.
std::filesystem::path pathFromUtf8(const std::string& utf8);

} // namespace crowdkd
