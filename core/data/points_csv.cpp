#include "data/points_csv.h"

#include "base/error.h"
#include "base/file_io.h"
#include "base/text.h"
#include "data/annotation_text.h"

#include <algorithm>
#include <mutex>
#include <optional>

namespace crowdkd {

namespace fs = std::filesystem;

namespace {

// How much of a CSV file looksLikePointsCsv() reads to judge its first row.
constexpr std::size_t kSniffBytes = 64 * 1024;
// The names the image column may have in a header (in any case), in order of preference.
constexpr const char* kImageColumnNames[] = {"image", "image_name", "filename", "file"};
// The header of a CSV that writePointsCsv() creates.
constexpr const char* kNewHeader = "image,x,y";
// The most fields a row may have: bounds what one row costs.
constexpr std::size_t kMaxColumns = 1024;

// One record of CSV text: its decoded fields and where it lies.
struct Record {
    std::vector<std::string> fields;
    /// Where each field lies in the text, quotes included.
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    std::size_t line = 0;
    std::size_t begin = 0;
    std::size_t end = 0;   // before the line ending
    std::size_t after = 0; // after the line ending
    std::string ending;
};

// Reads the record at `pos` (RFC 4180: fields in double quotes may hold commas, quotes doubled and
// line breaks). `line` is the line `pos` is on and is advanced past the record.
Record readRecord(std::string_view text, std::size_t pos, std::size_t& line,
                  const fs::path& origin) {
    Record record;
    record.line = line;
    record.begin = pos;
    std::string field;
    bool fieldStart = true;
    std::size_t fieldBegin = pos;
    auto endField = [&](std::size_t end) {
        if (record.fields.size() >= kMaxColumns)
            throw FileError(origin, "line " + std::to_string(record.line) + ": more than " +
                                        std::to_string(kMaxColumns) + " fields");
        record.fields.push_back(std::move(field));
        record.spans.emplace_back(fieldBegin, end);
        field.clear();
    };
    while (pos < text.size()) {
        const char c = text[pos];
        if (fieldStart && c == '"') {
            const std::size_t opened = line;
            ++pos;
            while (true) {
                if (pos >= text.size())
                    throw FileError(origin, "line " + std::to_string(opened) +
                                                ": a quoted field is not closed");
                if (text[pos] == '"') {
                    if (pos + 1 < text.size() && text[pos + 1] == '"') {
                        field += '"';
                        pos += 2;
                        continue;
                    }
                    ++pos;
                    break;
                }
                if (text[pos] == '\n')
                    ++line;
                field += text[pos++];
            }
            fieldStart = false;
            continue;
        }
        fieldStart = false;
        if (c == ',') {
            endField(pos);
            fieldStart = true;
            fieldBegin = ++pos;
        } else if (c == '\n' || (c == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n')) {
            record.end = pos;
            record.ending = c == '\n' ? "\n" : "\r\n";
            record.after = pos + record.ending.size();
            ++line;
            endField(pos);
            return record;
        } else {
            field += c;
            ++pos;
        }
    }
    record.end = record.after = pos;
    endField(pos);
    return record;
}

bool isBlankRecord(const Record& record) {
    return record.fields.size() == 1 && trimBlanks(record.fields[0]).empty();
}

// The first record that is not blank at or after `pos`; nullopt at the end of the text.
std::optional<Record> nextRecord(std::string_view text, std::size_t& pos, std::size_t& line,
                                 const fs::path& origin) {
    while (pos < text.size()) {
        Record record = readRecord(text, pos, line, origin);
        pos = record.after;
        if (!isBlankRecord(record))
            return record;
    }
    return std::nullopt;
}

// Where the columns are, from the first record: a header when one of its cells is "x" and
// another "y"; else image, x and y are the first three columns.
struct Columns {
    bool header = false;
    std::size_t count = 3;
    std::size_t image = 0;
    std::size_t x = 1;
    std::size_t y = 2;
};

std::optional<std::size_t> findColumn(const Record& record, std::string_view name) {
    for (std::size_t i = 0; i < record.fields.size(); ++i) {
        if (lowercase(std::string(trimBlanks(record.fields[i]))) == name)
            return i;
    }
    return std::nullopt;
}

// The columns the first record says, or a reason why it cannot start a CSV of points.
std::optional<Columns> columnsOf(const Record& first, std::string& reason) {
    Columns columns;
    columns.count = first.fields.size();
    const auto x = findColumn(first, "x");
    const auto y = findColumn(first, "y");
    if (x && y) {
        columns.header = true;
        columns.x = *x;
        columns.y = *y;
        for (const char* name : kImageColumnNames) {
            if (const auto image = findColumn(first, name)) {
                columns.image = *image;
                return columns;
            }
        }
        reason = "the header names x and y but no image column (image, image_name, filename or "
                 "file)";
        return std::nullopt;
    }
    double value = 0.0;
    const bool numbers = first.fields.size() >= 3 && parseFiniteNumber(first.fields[1], value) &&
                         parseFiniteNumber(first.fields[2], value);
    const bool empty = first.fields.size() >= 3 && trimBlanks(first.fields[1]).empty() &&
                       trimBlanks(first.fields[2]).empty();
    if (numbers || empty)
        return columns;
    reason = "expected a header with image, x and y columns, or rows of image,x,y; the first row "
             "is " +
             quoteForMessage(first.fields.empty() ? std::string() : first.fields[0]);
    return std::nullopt;
}

std::string csvField(const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos)
        return text;
    std::string quoted = "\"";
    for (const char c : text) {
        if (c == '"')
            quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

std::string csvRecord(const std::vector<std::string>& fields) {
    std::string text;
    for (std::size_t i = 0; i < fields.size(); ++i)
        text += (i ? "," : "") + csvField(fields[i]);
    return text;
}

// The last CSV parsed by readPointsCsv(), while its file stays the same.
struct CachedCsv {
    fs::path path;
    std::uintmax_t size = 0;
    fs::file_time_type time;
    std::shared_ptr<const PointsCsv> csv;
};

std::mutex cacheMutex;
CachedCsv cache;

void forgetCached(const fs::path& path) {
    std::error_code ec;
    const fs::path absolute = fs::absolute(path, ec);
    std::lock_guard lock(cacheMutex);
    if (cache.path == absolute)
        cache = {};
}

} // namespace

std::string csvImageKey(std::string_view cell) {
    std::string key(trimBlanks(cell));
    const std::size_t slash = key.find_last_of("/\\");
    if (slash != std::string::npos)
        key.erase(0, slash + 1);
    return lowercase(std::move(key));
}

std::vector<std::size_t> PointsCsv::rowsOf(const fs::path& image) const {
    std::vector<std::size_t> found;
    const std::string name = lowercase(pathToUtf8(image.filename()));
    const std::string stem = lowercase(pathToUtf8(image.stem()));
    for (const std::string& key : {name, stem}) {
        const auto rows = rowsByKey.find(key);
        if (rows != rowsByKey.end())
            found.insert(found.end(), rows->second.begin(), rows->second.end());
        if (stem == name)
            break;
    }
    std::sort(found.begin(), found.end());
    return found;
}

PointsCsv parsePointsCsv(std::string text, const fs::path& origin) {
    PointsCsv csv;
    csv.text = std::move(text);
    const std::string_view view = csv.text;
    std::size_t pos = view.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    std::size_t line = 1;
    std::optional<Record> first = nextRecord(view, pos, line, origin);
    if (!first)
        throw FileError(origin, "is empty; expected a header such as image,x,y");
    std::string reason;
    const std::optional<Columns> columns = columnsOf(*first, reason);
    if (!columns)
        throw FileError(origin, "line " + std::to_string(first->line) + ": " + reason);
    csv.hasHeader = columns->header;
    csv.columns = columns->count;
    csv.imageColumn = columns->image;
    csv.xColumn = columns->x;
    csv.yColumn = columns->y;
    csv.lineEnding = first->ending.empty() ? "\n" : first->ending;
    const std::size_t needed = std::max({csv.imageColumn, csv.xColumn, csv.yColumn}) + 1;

    std::optional<Record> record = csv.hasHeader ? nextRecord(view, pos, line, origin) : first;
    // A row costs its CsvRow and its share of the index (a key and a vector entry).
    const std::size_t maxRows = maxParsedItems(sizeof(CsvRow) + 64);
    while (record) {
        if (csv.rows.size() >= maxRows)
            throw tooManyItems(origin, record->line, maxRows, "rows");
        auto fail = [&](const std::string& why) {
            throw FileError(origin, "line " + std::to_string(record->line) + ": " + why);
        };
        if (record->fields.size() < needed)
            fail(std::to_string(record->fields.size()) + " field(s); expected at least " +
                 std::to_string(needed) + " (image, x and y)");
        CsvRow row;
        row.line = record->line;
        row.begin = record->begin;
        row.end = record->end;
        row.key = csvImageKey(record->fields[csv.imageColumn]);
        if (row.key.empty())
            fail("no image name");
        const std::string_view x = trimBlanks(record->fields[csv.xColumn]);
        const std::string_view y = trimBlanks(record->fields[csv.yColumn]);
        if (!x.empty() || !y.empty()) {
            if (!parseFiniteNumber(x, row.point.x))
                fail("x " + quoteForMessage(x) + " is not a finite number");
            if (!parseFiniteNumber(y, row.point.y))
                fail("y " + quoteForMessage(y) + " is not a finite number");
            row.hasPoint = true;
        }
        csv.rowsByKey[row.key].push_back(csv.rows.size());
        csv.rows.push_back(std::move(row));
        record = nextRecord(view, pos, line, origin);
        csv.rows.back().next = record ? record->begin : view.size();
    }
    return csv;
}

bool looksLikePointsCsv(const fs::path& path) {
    try {
        const std::vector<std::uint8_t> bytes = readFilePrefix(path, kSniffBytes);
        const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        std::size_t pos = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
        std::size_t line = 1;
        const std::optional<Record> first = nextRecord(text, pos, line, path);
        std::string reason;
        return first && columnsOf(*first, reason).has_value();
    } catch (const FileError&) {
        return false;
    }
}

std::shared_ptr<const PointsCsv> readPointsCsv(const fs::path& path) {
    std::error_code ec;
    const fs::path absolute = fs::absolute(path, ec);
    const std::uintmax_t size = fs::file_size(path, ec);
    const fs::file_time_type time = ec ? fs::file_time_type() : fs::last_write_time(path, ec);
    if (!ec) {
        std::lock_guard lock(cacheMutex);
        if (cache.csv && cache.path == absolute && cache.size == size && cache.time == time)
            return cache.csv;
    }
    auto csv = std::make_shared<const PointsCsv>(parsePointsCsv(readAnnotationText(path), path));
    if (!ec) {
        std::lock_guard lock(cacheMutex);
        cache = {absolute, size, time, csv};
    }
    return csv;
}

GroundTruth csvGroundTruth(const PointsCsv& csv, const fs::path& image) {
    GroundTruth truth;
    for (const std::size_t index : csv.rowsOf(image)) {
        if (csv.rows[index].hasPoint)
            truth.points.push_back(csv.rows[index].point);
    }
    truth.declaredCount = static_cast<double>(truth.points.size());
    return truth;
}

void writePointsCsv(const fs::path& path, const fs::path& image,
                    const std::vector<HeadPoint>& heads) {
    requireFiniteHeads(path, heads);
    if (image.empty())
        throw FileError(path, "holds the heads of several images; no image was given to write");
    const std::string imageName = pathToUtf8(image.filename());
    std::error_code ec;
    if (!fs::exists(path, ec)) { // a link to a missing file is created
        std::string text = std::string(kNewHeader) + "\n";
        for (const HeadPoint& head : heads)
            text += csvRecord({imageName, formatNumber(head.x), formatNumber(head.y)}) + "\n";
        if (heads.empty())
            text += csvRecord({imageName, "", ""}) + "\n";
        writeFileAtomically(path, text);
        forgetCached(path);
        return;
    }

    const PointsCsv csv = parsePointsCsv(readAnnotationText(path), path);
    const std::string_view text = csv.text;
    const std::vector<std::size_t> own = csv.rowsOf(image);
    auto recordOf = [&](const CsvRow& row) {
        std::size_t line = row.line;
        return readRecord(text, row.begin, line, path);
    };

    // The image's new rows, its heads matched with the rows it had.
    std::vector<std::size_t> oldRows;
    std::vector<HeadPoint> oldPoints;
    for (const std::size_t index : own) {
        if (csv.rows[index].hasPoint) {
            oldRows.push_back(index);
            oldPoints.push_back(csv.rows[index].point);
        }
    }
    const std::vector<std::ptrdiff_t> match = matchEditedHeads(
        oldPoints, std::vector<double>(oldPoints.size(), kDefaultMoveRadius), heads);
    const std::string imageCell =
        own.empty() ? imageName : recordOf(csv.rows[own.front()]).fields[csv.imageColumn];
    auto newRow = [&](const HeadPoint* head) {
        std::vector<std::string> fields(csv.columns);
        fields.resize(
            std::max({fields.size(), csv.imageColumn + 1, csv.xColumn + 1, csv.yColumn + 1}));
        fields[csv.imageColumn] = imageCell;
        fields[csv.xColumn] = head ? formatNumber(head->x) : std::string();
        fields[csv.yColumn] = head ? formatNumber(head->y) : std::string();
        return csvRecord(fields);
    };
    std::string rows;
    for (std::size_t e = 0; e < heads.size(); ++e) {
        if (match[e] < 0) {
            rows += newRow(&heads[e]);
        } else {
            const CsvRow& was = csv.rows[oldRows[static_cast<std::size_t>(match[e])]];
            if (was.point.x == heads[e].x && was.point.y == heads[e].y) {
                rows.append(text.substr(was.begin, was.end - was.begin));
            } else {
                // The row as it was, its x and y fields replaced.
                const Record record = recordOf(was);
                std::vector<std::pair<std::pair<std::size_t, std::size_t>, std::string>> edits = {
                    {record.spans[csv.xColumn], formatNumber(heads[e].x)},
                    {record.spans[csv.yColumn], formatNumber(heads[e].y)}};
                std::sort(edits.begin(), edits.end());
                std::size_t copied = was.begin;
                for (const auto& [span, value] : edits) {
                    rows.append(text.substr(copied, span.first - copied));
                    rows += value;
                    copied = span.second;
                }
                rows.append(text.substr(copied, was.end - copied));
            }
        }
        rows += csv.lineEnding;
    }
    if (heads.empty())
        rows += newRow(nullptr) + csv.lineEnding;

    // Everything before the first row (header, blank lines) and every other row, as they were.
    std::string out;
    out.reserve(text.size() + rows.size());
    auto appendKept = [&](std::string_view part) { out.append(part); };
    auto endLine = [&] {
        if (!out.empty() && out.back() != '\n')
            out += csv.lineEnding;
    };
    appendKept(text.substr(0, csv.rows.empty() ? text.size() : csv.rows.front().begin));
    bool written = false;
    for (std::size_t index = 0; index < csv.rows.size(); ++index) {
        const CsvRow& row = csv.rows[index];
        if (std::binary_search(own.begin(), own.end(), index)) {
            if (!written) {
                endLine();
                out += rows;
                written = true;
            }
            continue;
        }
        endLine();
        appendKept(text.substr(row.begin, row.next - row.begin));
    }
    if (!written) {
        endLine();
        out += rows;
    }
    writeFileAtomically(path, out);
    forgetCached(path);
}

} // namespace crowdkd
