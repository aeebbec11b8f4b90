#pragma once

// NWPU-Crowd ground truth: `jsons/<id>.json`, an object with `points` ([[x, y], …]), `boxes`
// ([[x1, y1, x2, y2], …]), `human_num` and `img_id`. Internal to core/data: read and written
// through readGroundTruth() and writeGroundTruth().

#include "data/ground_truth.h"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crowdkd {

/// A key of a JSON file's top-level object and where its value lies in the text.
struct JsonMember {
    /// The key as written between its quotes (escapes not decoded).
    std::string key;
    std::size_t valueBegin = 0;
    std::size_t valueEnd = 0;
};

/// A parsed NWPU-Crowd file: its heads and where each top-level key's value lies, so that a save
/// replaces `points` and `human_num` and keeps every other byte.
struct NwpuJson {
    std::vector<JsonMember> members;
    /// Where the top-level object's closing brace is.
    std::size_t closingBrace = 0;
    std::vector<HeadPoint> points;
    /// `human_num`, when the file has it.
    std::optional<double> humanNum;
};

/// Parses the text of an NWPU-Crowd file: strict JSON (RFC 8259, at most 64 levels deep; NaN and
/// Infinity refused) whose top level is an object; `points`, when present, is an array of
/// [x, y] pairs of finite numbers and `human_num` a number. Throws FileError naming `origin` and
/// the line.
NwpuJson parseNwpuJson(std::string_view text, const std::filesystem::path& origin);

/// Writes `heads` as the NWPU-Crowd file `path`, atomically. An existing file keeps every byte
/// but the values of `points` (rewritten as [[x, y], …]) and `human_num` (the number of heads),
/// added at the end of the object when missing; `boxes` and every other key are kept as they
/// were. A new file is {"img_id": <image file name>, "human_num": N, "points": […], "boxes": []}.
/// Throws FileError, writing nothing, when the existing file cannot be read or parsed or is not
/// a regular file.
void writeNwpuJson(const std::filesystem::path& path, const std::vector<HeadPoint>& heads,
                   const std::filesystem::path& imagePath);

} // namespace crowdkd
