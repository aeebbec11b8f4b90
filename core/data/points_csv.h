#pragma once

// A folder of images with one CSV of points: a row per head, `image,x,y` (a header naming the
// columns, in any order and with any other columns; or no header and the first three columns in
// that order). A row whose x and y are both empty marks an image without heads. Internal to
// core/data: read and written through readGroundTruth() and writeGroundTruth().

#include "data/ground_truth.h"

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace crowdkd {

/// One data row of a CSV of points.
struct CsvRow {
    /// The line it starts on (1-based).
    std::size_t line = 0;
    /// Its bytes in the text: [begin, end) without the line ending; `next` is where the next
    /// row starts (its line ending and any blank lines after it lie in [end, next)).
    std::size_t begin = 0;
    std::size_t end = 0;
    std::size_t next = 0;
    /// The image it names, as csvImageKey() gives it.
    std::string key;
    /// False for a row that marks an image without heads (x and y empty).
    bool hasPoint = false;
    HeadPoint point{};
};

/// A parsed CSV of points.
struct PointsCsv {
    std::string text;
    bool hasHeader = false;
    /// The number of columns of its header (or of its first row when it has none).
    std::size_t columns = 3;
    std::size_t imageColumn = 0;
    std::size_t xColumn = 1;
    std::size_t yColumn = 2;
    /// "\r\n" when its first line ends so, else "\n".
    std::string lineEnding = "\n";
    std::vector<CsvRow> rows;
    /// Row indices by key, in file order.
    std::unordered_map<std::string, std::vector<std::size_t>> rowsByKey;

    /// The rows of `image`, in file order: those naming its file name or its stem.
    std::vector<std::size_t> rowsOf(const std::filesystem::path& image) const;
};

/// How a row's image cell names an image: its last path component ('/' or '\\' separated),
/// without surrounding spaces, in lower case. A row names an image when this is the image's file
/// name or its stem, in any case.
std::string csvImageKey(std::string_view cell);

/// Parses a CSV of points (RFC 4180 quoting, comma-separated, "\n" or "\r\n" line endings, blank
/// lines skipped). Throws FileError naming `origin` and the line for a missing image, x or y
/// column, a quoted field left open, a non-numeric or non-finite x or y, or only one of them.
PointsCsv parsePointsCsv(std::string text, const std::filesystem::path& origin);

/// True when the first row of the CSV file `path` is a header naming image, x and y columns, or
/// a headerless `image,x,y` row (numbers or empty x and y). Reads at most the file's first
/// 64 KiB; false for anything unreadable.
bool looksLikePointsCsv(const std::filesystem::path& path);

/// The parsed CSV file `path` (readAnnotationText()'s limits). The last file read is kept while
/// its size and modification time stay the same, so that reading every image of a split parses
/// it once. Thread-safe. Throws FileError.
std::shared_ptr<const PointsCsv> readPointsCsv(const std::filesystem::path& path);

/// The heads of `image` in `csv` (none when no row names it).
GroundTruth csvGroundTruth(const PointsCsv& csv, const std::filesystem::path& image);

/// Writes `heads` as the rows of `image` in the CSV `path`, atomically: the other rows, the
/// header and any other columns stay byte for byte; the image's rows are replaced where its first
/// one was (at the end when it had none). A head it had keeps its row byte for byte, a moved head
/// (matchEditedHeads(), within kDefaultMoveRadius) keeps its other columns, a new head has them
/// empty; an image without heads is one row with empty x and y. A new file gets the header
/// `image,x,y`. Throws FileError, writing nothing, when the existing file cannot be read or parsed
/// or is not a regular file.
void writePointsCsv(const std::filesystem::path& path, const std::filesystem::path& image,
                    const std::vector<HeadPoint>& heads);

} // namespace crowdkd
