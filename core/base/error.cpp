#include "base/error.h"

namespace crowdkd {

FileError::FileError(const std::filesystem::path& path, const std::string& reason)
    : std::runtime_error(pathToUtf8(path) + ": " + reason)
    , m_path(path)
    , m_reason(reason) {}

std::string pathToUtf8(const std::filesystem::path& path) {
    const auto text = path.u8string();
    return std::string(reinterpret_cast<const char*>(text.data()), text.size());
}

std::filesystem::path pathFromUtf8(const std::string& utf8) {
    return std::filesystem::u8path(utf8);
}

} // namespace crowdkd
