#include "base/file_guards.h"

#include "base/error.h"

#include <string>

namespace crowdkd {

namespace fs = std::filesystem;

void requireOwnFile(const fs::path& path) {
    std::error_code error;
    const fs::file_type type = fs::symlink_status(path, error).type();
    if (type == fs::file_type::not_found || type == fs::file_type::regular)
        return;
    if (error)
        throw FileError(path, "cannot be replaced: " + error.message());
    throw FileError(path, std::string(type == fs::file_type::symlink ? "is a symbolic link"
                                                                     : "is not a regular file") +
                              ": CrowdKD writes the files of its own folders only in place, "
                              "never through a link or over anything else");
}

bool isShallowJson(std::string_view text) {
    int depth = 0;
    bool inString = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\')
                ++i; // the escaped character, a quote included
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            if (++depth > kMaxJsonNesting)
                return false;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return true;
}

void requireShallowJson(std::string_view text, const fs::path& origin) {
    if (!isShallowJson(text))
        throw FileError(origin, "holds JSON nested deeper than " + std::to_string(kMaxJsonNesting) +
                                    " levels");
}

void requireShallowJson(const std::vector<std::uint8_t>& bytes, const fs::path& origin) {
    requireShallowJson(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
                       origin);
}

} // namespace crowdkd
