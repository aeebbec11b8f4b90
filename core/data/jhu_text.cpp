#include "data/jhu_text.h"

#include "base/error.h"
#include "base/file_io.h"
#include "data/annotation_text.h"

#include <algorithm>
#include <map>

namespace crowdkd {

namespace fs = std::filesystem;

namespace {

// The fields of a new head after x and y, by position (w, h, o, b): w and h are filled in from the
// file's heads; o = 1 is "visible", b = 0 "not blurred"; fields beyond these are 0.
constexpr double kNewOcclusion = 1.0;
// See kNewOcclusion.
constexpr double kNewBlur = 0.0;
// The most fields a line may have (JHU-Crowd++'s have 6): bounds what one line costs.
constexpr std::size_t kMaxFields = 64;

bool isBlank(char c) {
    return c == ' ' || c == '\t';
}

// The fields of one line: each field's [begin, end) in the line.
std::vector<std::pair<std::size_t, std::size_t>> splitFields(std::string_view line) {
    std::vector<std::pair<std::size_t, std::size_t>> fields;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && isBlank(line[i]))
            ++i;
        const std::size_t begin = i;
        while (i < line.size() && !isBlank(line[i]))
            ++i;
        if (i > begin)
            fields.emplace_back(begin, i);
        if (fields.size() > kMaxFields)
            break; // refused by the caller
    }
    return fields;
}

// The lower middle of `values` (a value of the file, not an average).
double median(std::vector<double> values) {
    if (values.empty())
        return 0.0;
    const auto middle = values.begin() + static_cast<std::ptrdiff_t>((values.size() - 1) / 2);
    std::nth_element(values.begin(), middle, values.end());
    return *middle;
}

} // namespace

JhuText parseJhuText(std::string_view text, const fs::path& origin) {
    JhuText parsed;
    const std::size_t maxHeads = maxParsedItems(sizeof(JhuHead));
    std::map<std::size_t, std::size_t> columnCounts;
    std::size_t lineNumber = 0;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        const bool terminated = end != std::string_view::npos;
        if (!terminated)
            end = text.size();
        std::string_view line = text.substr(start, end - start);
        ++lineNumber;
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
            if (lineNumber == 1)
                parsed.lineEnding = "\r\n";
        }
        start = terminated ? end + 1 : end;
        const auto fields = splitFields(line);
        if (fields.empty())
            continue; // a blank line
        auto fail = [&](const std::string& reason) {
            throw FileError(origin, "line " + std::to_string(lineNumber) + ": " + reason +
                                        " (expected 'x y w h o b', numbers separated by spaces)");
        };
        if (fields.size() < 2)
            fail("only one field, " + quoteForMessage(line));
        if (fields.size() > kMaxFields)
            fail("more than " + std::to_string(kMaxFields) + " fields");
        if (parsed.heads.size() >= maxHeads)
            throw tooManyItems(origin, lineNumber, maxHeads, "heads");
        std::vector<double> values(fields.size());
        for (std::size_t f = 0; f < fields.size(); ++f) {
            const std::string_view field =
                line.substr(fields[f].first, fields[f].second - fields[f].first);
            if (!parseFiniteNumber(field, values[f]))
                fail("field " + std::to_string(f + 1) + " " + quoteForMessage(field) +
                     " is not a finite number");
        }
        JhuHead head;
        head.point = {values[0], values[1]};
        head.lineBegin = static_cast<std::size_t>(line.data() - text.data());
        head.lineEnd = head.lineBegin + line.size();
        head.tailBegin = head.lineBegin + fields[1].second;
        head.width = values.size() > 2 ? values[2] : 0.0;
        head.height = values.size() > 3 ? values[3] : 0.0;
        parsed.heads.push_back(std::move(head));
        ++columnCounts[fields.size()];
    }
    if (!columnCounts.empty()) {
        parsed.columns =
            std::max_element(columnCounts.begin(), columnCounts.end(),
                             [](const auto& a, const auto& b) { return a.second < b.second; })
                ->first;
    }
    return parsed;
}

void writeJhuText(const fs::path& path, const std::vector<HeadPoint>& heads) {
    requireFiniteHeads(path, heads);
    std::string oldText;
    JhuText old;
    std::error_code ec;
    if (fs::exists(path, ec)) { // a link to a missing file is created
        oldText = readAnnotationText(path);
        old = parseJhuText(oldText, path);
    }

    std::vector<HeadPoint> oldPoints;
    std::vector<double> radius;
    std::vector<double> widths;
    std::vector<double> heights;
    for (const JhuHead& head : old.heads) {
        oldPoints.push_back(head.point);
        radius.push_back(std::max({head.width, head.height, kDefaultMoveRadius}));
        widths.push_back(head.width);
        heights.push_back(head.height);
    }
    std::string newTail;
    for (std::size_t field = 2; field < old.columns; ++field) {
        const double value = field == 2   ? median(widths)
                             : field == 3 ? median(heights)
                             : field == 4 ? kNewOcclusion
                             : field == 5 ? kNewBlur
                                          : 0.0;
        newTail += " " + formatNumber(value);
    }

    const std::vector<std::ptrdiff_t> match = matchEditedHeads(oldPoints, radius, heads);
    std::string text;
    for (std::size_t e = 0; e < heads.size(); ++e) {
        if (match[e] >= 0) {
            const JhuHead& was = old.heads[static_cast<std::size_t>(match[e])];
            if (was.point.x == heads[e].x && was.point.y == heads[e].y)
                text.append(oldText, was.lineBegin, was.lineEnd - was.lineBegin);
            else
                text += formatNumber(heads[e].x) + " " + formatNumber(heads[e].y) +
                        oldText.substr(was.tailBegin, was.lineEnd - was.tailBegin);
        } else {
            text += formatNumber(heads[e].x) + " " + formatNumber(heads[e].y) + newTail;
        }
        text += old.lineEnding;
    }
    writeFileAtomically(path, text);
}

} // namespace crowdkd
