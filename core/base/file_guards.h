#pragma once

// Checks on hostile files that come before reading or writing them, apart from file_io.h: the
// rules for files in CrowdKD's own folders, and bounds on JSON before it is parsed.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string_view>
#include <vector>

namespace crowdkd {

/// For files CrowdKD keeps in folders of its own (a run's log, checkpoints and summaries, an
/// experiment's tables): throws FileError when `path` exists as anything but a regular file, a
/// symbolic link included. A link planted in a shared run folder would otherwise direct the write
/// (saveTarget writes through links) at whatever file it names. Nothing when `path` is absent.
void requireOwnFile(const std::filesystem::path& path);

/// Longest line of a JSON-lines file (a run's log.jsonl) that is read as a record: CrowdKD's are
/// under 1 KiB, and a longer line is no record of ours (one line of "1," would take eight times
/// its size parsed).
constexpr std::size_t kMaxJsonLineBytes = 64 << 10;

/// Levels of nesting the JSON that CrowdKD reads may have (its own files use at most four).
constexpr int kMaxJsonNesting = 64;

/// Whether JSON `text` nests arrays and objects at most kMaxJsonNesting levels deep, found by a
/// scan that builds nothing: a parser keeps memory for every open level, so a file of nothing but
/// "[" would take tens of times its size. Check before parsing text from a file.
bool isShallowJson(std::string_view text);

/// Throws FileError naming `origin` unless isShallowJson(text).
void requireShallowJson(std::string_view text, const std::filesystem::path& origin);
/// The same for a file's bytes as readFileBytes gives them.
void requireShallowJson(const std::vector<std::uint8_t>& bytes,
                        const std::filesystem::path& origin);

} // namespace crowdkd
