#pragma once

#include <string>

namespace crowdkd {

/// `text` with ASCII letters lowered (other bytes, e.g. UTF-8 sequences, unchanged): for
/// case-insensitive names, extensions and option values.
std::string lowercase(std::string text);

} // namespace crowdkd
