#include "data/annotation_text.h"

#include "base/error.h"
#include "base/file_io.h"
#include "base/memory_budget.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <system_error>
#include <tuple>
#include <utility>

namespace crowdkd {

namespace fs = std::filesystem;

namespace {

// The nearest heads of the file an edited head is compared with, at most: bounds the work and
// the memory when thousands of heads sit within each other's radius.
constexpr std::size_t kMoveCandidates = 8;

} // namespace

std::uint64_t annotationTextLimit() {
    const auto eighth = static_cast<std::uint64_t>(std::max<std::int64_t>(memoryBudget() / 8, 0));
    return std::min(kMaxAnnotationTextBytes, eighth);
}

std::size_t maxParsedItems(std::size_t bytesEach) {
    const auto quarter = static_cast<std::uint64_t>(std::max<std::int64_t>(memoryBudget() / 4, 0));
    return static_cast<std::size_t>(quarter / std::max<std::size_t>(bytesEach, 1));
}

FileError tooManyItems(const fs::path& path, std::size_t line, std::size_t limit,
                       const std::string& what) {
    return FileError(path, "line " + std::to_string(line) + ": more than " + std::to_string(limit) +
                               " " + what + " (the limit of the memory budget, " +
                               kMemoryBudgetVariable + ")");
}

std::string readAnnotationText(const fs::path& path) {
    const std::vector<std::uint8_t> bytes = readFileBytes(path, annotationTextLimit());
    return std::string(bytes.begin(), bytes.end());
}

std::string_view trimBlanks(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

std::string quoteForMessage(std::string_view text) {
    constexpr std::size_t kShown = 40; // bytes of a bad field shown in a message
    // Valid UTF-8 is kept (a Korean name reads as such); control bytes and bytes that are not
    // UTF-8 become '?', so that the message is valid text (JSON output needs it).
    std::string shown;
    std::size_t i = 0;
    while (i < text.size() && i < kShown) {
        const auto byte = static_cast<unsigned char>(text[i]);
        std::size_t length = byte < 0x80           ? 1
                             : (byte >> 5) == 0x6  ? 2
                             : (byte >> 4) == 0xe  ? 3
                             : (byte >> 3) == 0x1e ? 4
                                                   : 0;
        for (std::size_t k = 1; k < length; ++k) {
            if (i + k >= text.size() || (static_cast<unsigned char>(text[i + k]) >> 6) != 0x2)
                length = 0;
        }
        if (length == 0 || (length == 1 && (byte < 0x20 || byte == 0x7f))) {
            shown += '?';
            ++i;
        } else {
            shown.append(text.substr(i, length));
            i += length;
        }
    }
    return "'" + shown + (i < text.size() ? "…'" : "'");
}

bool parseFiniteNumber(std::string_view text, double& value) {
    text = trimBlanks(text);
    if (text.empty())
        return false;
    // from_chars takes no '+' sign; accept one, as C's strtod and Python's float() do.
    if (text.front() == '+' && text.size() > 1 && text[1] != '-')
        text.remove_prefix(1);
    const char* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, value);
    return error == std::errc() && stop == end && std::isfinite(value);
}

std::string formatNumber(double value) {
    char text[32];
    const auto result = std::to_chars(text, text + sizeof text, value);
    return std::string(text, result.ptr);
}

std::size_t lineOfOffset(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + offset, '\n'));
}

void requireFiniteHeads(const fs::path& path, const std::vector<HeadPoint>& heads) {
    for (std::size_t i = 0; i < heads.size(); ++i) {
        if (!std::isfinite(heads[i].x) || !std::isfinite(heads[i].y))
            throw FileError(path, "head " + std::to_string(i + 1) +
                                      " has a non-finite coordinate; nothing written");
    }
}

std::vector<std::ptrdiff_t> matchEditedHeads(const std::vector<HeadPoint>& original,
                                             const std::vector<double>& radius,
                                             const std::vector<HeadPoint>& edited) {
    std::vector<std::ptrdiff_t> match(edited.size(), -1);
    std::vector<bool> taken(original.size(), false);

    // Unchanged heads: the same coordinates, bit for bit as read.
    std::map<std::pair<double, double>, std::vector<std::size_t>> byPosition;
    for (std::size_t i = original.size(); i-- > 0;)
        byPosition[{original[i].x, original[i].y}].push_back(i); // last = earliest
    for (std::size_t e = 0; e < edited.size(); ++e) {
        const auto found = byPosition.find({edited[e].x, edited[e].y});
        if (found == byPosition.end() || found->second.empty())
            continue;
        const std::size_t i = found->second.back();
        found->second.pop_back();
        match[e] = static_cast<std::ptrdiff_t>(i);
        taken[i] = true;
    }

    // Moved heads: the remaining heads of the file, sorted by x, searched within the largest
    // radius of x; the nearest few candidates of each edited head are kept.
    std::vector<std::size_t> free;
    double widest = 0.0;
    for (std::size_t i = 0; i < original.size(); ++i) {
        if (!taken[i] && i < radius.size() && radius[i] > 0.0) {
            free.push_back(i);
            widest = std::max(widest, radius[i]);
        }
    }
    if (free.empty())
        return match;
    std::sort(free.begin(), free.end(), [&](std::size_t a, std::size_t b) {
        return std::tie(original[a].x, a) < std::tie(original[b].x, b);
    });
    using Candidate = std::tuple<double, std::size_t, std::size_t>; // distance², edited, original
    std::vector<Candidate> candidates;
    for (std::size_t e = 0; e < edited.size(); ++e) {
        if (match[e] >= 0)
            continue;
        const HeadPoint& head = edited[e];
        auto first = std::lower_bound(free.begin(), free.end(), head.x - widest,
                                      [&](std::size_t i, double x) { return original[i].x < x; });
        std::vector<Candidate> near;
        for (auto it = first; it != free.end() && original[*it].x <= head.x + widest; ++it) {
            const double dx = original[*it].x - head.x;
            const double dy = original[*it].y - head.y;
            const double distance = dx * dx + dy * dy;
            if (distance <= radius[*it] * radius[*it])
                near.emplace_back(distance, e, *it);
        }
        if (near.size() > kMoveCandidates) {
            std::partial_sort(near.begin(), near.begin() + kMoveCandidates, near.end());
            near.resize(kMoveCandidates);
        }
        candidates.insert(candidates.end(), near.begin(), near.end());
    }
    std::sort(candidates.begin(), candidates.end());
    for (const auto& [distance, e, i] : candidates) {
        if (match[e] < 0 && !taken[i]) {
            match[e] = static_cast<std::ptrdiff_t>(i);
            taken[i] = true;
        }
    }
    return match;
}

} // namespace crowdkd
