#pragma once

// JHU-Crowd++ ground truth: `gt/<name>.txt`, one head a line, `x y w h o b` (head centre, head
// box width and height, occlusion level 1–3, blur 0/1), separated by spaces. Internal to
// core/data: read and written through readGroundTruth() and writeGroundTruth().

#include "data/ground_truth.h"

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace crowdkd {

/// One line of a JHU-Crowd++ file: its head and where its fields lie in the file's text.
struct JhuHead {
    HeadPoint point;
    /// The line in the text, [lineBegin, lineEnd) without its line ending, and where the text
    /// after the y field starts (the separator before w included).
    std::size_t lineBegin = 0;
    std::size_t lineEnd = 0;
    std::size_t tailBegin = 0;
    /// The head box's width and height (fields 3 and 4); 0 when the line has none.
    double width = 0.0;
    double height = 0.0;
};

/// A parsed JHU-Crowd++ file (its offsets refer to the text it was parsed from).
struct JhuText {
    std::vector<JhuHead> heads;
    /// The number of fields of its lines (the most common one); 6 for an empty file.
    std::size_t columns = 6;
    /// "\r\n" when its first line ends so, else "\n".
    std::string lineEnding = "\n";
};

/// Parses the text of a JHU-Crowd++ file. Blank lines are skipped; every other line holds at least
/// x and y and at most 64 fields, and every field is a finite number; at most maxParsedItems()
/// heads. Throws FileError naming `origin` and the line.
JhuText parseJhuText(std::string_view text, const std::filesystem::path& origin);

/// Writes `heads` as a JHU-Crowd++ file at `path`, atomically. When the file exists, a head it
/// held keeps its line byte for byte, a moved head (matchEditedHeads(), within its box or
/// kDefaultMoveRadius) keeps its fields after x and y, and a new head gets w and h the median of
/// the file's heads (0 without any), o = 1 (visible) and b = 0 (not blurred), as many fields as
/// the file's lines have. Throws FileError, writing nothing, when the existing file cannot be
/// read or parsed or is not a regular file.
void writeJhuText(const std::filesystem::path& path, const std::vector<HeadPoint>& heads);

} // namespace crowdkd
