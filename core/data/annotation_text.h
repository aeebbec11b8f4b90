#pragma once

// What the text ground-truth formats (JHU-Crowd++ .txt, NWPU-Crowd .json, CSV of points) share:
// bounded reading, number parsing and formatting, and the rule that gives an edited head the
// fields of the head it was. Internal to core/data.

#include "base/error.h"
#include "data/ground_truth.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace crowdkd {

/// The largest text ground-truth file read (a CSV for a whole dataset of 2 million heads is
/// about 60 MiB); an eighth of the memory budget when that is less, since parsing needs a few
/// times the file's size.
constexpr std::uint64_t kMaxAnnotationTextBytes = std::uint64_t{256} << 20;

/// The nearest edited head a head of the file may become within this many pixels when the file
/// says nothing of the head's size (CSV); see matchEditedHeads().
constexpr double kDefaultMoveRadius = 16.0;

/// The whole text of a ground-truth file. Throws FileError naming the file (before reading
/// anything) when it is not a regular file or larger than the limit above.
std::string readAnnotationText(const std::filesystem::path& path);

/// The limit readAnnotationText() applies, in bytes.
std::uint64_t annotationTextLimit();

/// How many parsed items (heads, rows) of about `bytesEach` bytes a reader may hold: a quarter of
/// the memory budget's worth, so that a small file of many short lines cannot make it allocate
/// far more than the file's size.
std::size_t maxParsedItems(std::size_t bytesEach);

/// The FileError for a file with more than `limit` items of `what` ("heads", "rows"), at `line`.
FileError tooManyItems(const std::filesystem::path& path, std::size_t line, std::size_t limit,
                       const std::string& what);

/// `text` as a finite number: a decimal such as "12", "-3.5" or "1e3" (surrounding spaces and
/// tabs allowed); false for anything else, NaN, infinities and numbers out of range included.
bool parseFiniteNumber(std::string_view text, double& value);

/// The shortest decimal text that reads back as `value` exactly ("12", "12.5", "1e+20").
std::string formatNumber(double value);

/// The 1-based line of byte `offset` in `text`.
std::size_t lineOfOffset(std::string_view text, std::size_t offset);

/// `text` without leading and trailing spaces and tabs.
std::string_view trimBlanks(std::string_view text);

/// `text` quoted for an error message: at most about 40 bytes, control bytes and bytes that are
/// not UTF-8 shown as '?'.
std::string quoteForMessage(std::string_view text);

/// Throws FileError naming `path` unless every head has finite coordinates (nothing is written
/// then).
void requireFiniteHeads(const std::filesystem::path& path, const std::vector<HeadPoint>& heads);

/// For each edited head, the index of the head of the file it is, or -1 for a new head. A head
/// at exactly the coordinates of a head of the file is that head (the first such one not taken,
/// in order); the remaining edited heads are then paired with the remaining heads of the file
/// nearest first, each head of the file `original[i]` accepting only edited heads at most
/// `radius[i]` pixels away (a move). Deterministic: ties go to the earlier heads.
std::vector<std::ptrdiff_t> matchEditedHeads(const std::vector<HeadPoint>& original,
                                             const std::vector<double>& radius,
                                             const std::vector<HeadPoint>& edited);

} // namespace crowdkd
