#pragma once

#include <string>

namespace crowdkd {

/// `text` with ASCII letters lowered (other bytes, e.g. UTF-8 sequences, unchanged): for
/// case-insensitive names, extensions and option values.
std::string lowercase(std::string text);

/// `argument` written for a Windows command line so that CommandLineToArgvW and the C runtime give
/// it back unchanged: quoted when it is empty or holds white space or quotes, its quotes escaped
/// and the backslashes before them (and before the closing quote) doubled. Portable, so that it is
/// tested everywhere; `crowdkd train --nproc` uses it on Windows.
std::wstring quoteWindowsArgument(const std::wstring& argument);

} // namespace crowdkd
