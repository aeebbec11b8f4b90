#include "data/nwpu_json.h"

#include "base/error.h"
#include "base/file_io.h"
#include "data/annotation_text.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <set>

namespace crowdkd {

namespace fs = std::filesystem;

namespace {

// How deeply arrays and objects may nest (NWPU-Crowd's files nest 3 levels): bounds the
// recursion on hostile input.
constexpr int kMaxJsonDepth = 64;
// The most keys the top-level object may have (NWPU-Crowd's have four): bounds what the key index
// costs.
constexpr std::size_t kMaxTopLevelKeys = 4096;

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

bool isHexDigit(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// A strict JSON reader that validates the text and records where the top-level object's values
// lie; it builds no document, so its memory does not grow with the file.
class JsonScanner {
public:
    JsonScanner(std::string_view text, const fs::path& origin)
        : m_text(text)
        , m_origin(origin) {}

    // The whole text: one object, nothing but spaces after it (a UTF-8 byte order mark before).
    NwpuJson document() {
        NwpuJson parsed;
        if (m_text.substr(0, 3) == "\xEF\xBB\xBF")
            m_pos = 3;
        skipSpace();
        if (atEnd())
            fail("the file is empty; expected a JSON object");
        if (m_text[m_pos] != '{')
            fail("the file is not a JSON object (it starts with " +
                 quoteForMessage(m_text.substr(m_pos, 1)) + ")");
        object(1, &parsed);
        skipSpace();
        if (!atEnd())
            fail("text after the JSON object: " + quoteForMessage(m_text.substr(m_pos)));
        return parsed;
    }

    // Reads the value at `begin` (already validated) as [[x, y], …].
    std::vector<HeadPoint> points(std::size_t begin) {
        m_pos = begin;
        std::vector<HeadPoint> heads;
        const std::size_t maxHeads = maxParsedItems(sizeof(HeadPoint));
        if (m_text[m_pos] != '[')
            fail("'points' is not an array of [x, y]");
        ++m_pos;
        skipSpace();
        if (m_text[m_pos] == ']')
            return heads;
        while (true) {
            skipSpace();
            const std::size_t item = m_pos;
            if (heads.size() >= maxHeads)
                throw tooManyItems(m_origin, lineOfOffset(m_text, item), maxHeads, "heads");
            const std::string which = "'points' item " + std::to_string(heads.size() + 1);
            if (m_text[m_pos] != '[')
                fail(which + " is not [x, y]", item);
            ++m_pos;
            HeadPoint head{};
            for (double* value : {&head.x, &head.y}) {
                skipSpace();
                const std::size_t at = m_pos;
                if (m_text[m_pos] != '-' && !isDigit(m_text[m_pos]))
                    fail(which + " is not [x, y] of numbers", item);
                number();
                if (!parseFiniteNumber(m_text.substr(at, m_pos - at), *value))
                    fail(which + " has a number out of range: " +
                             quoteForMessage(m_text.substr(at, m_pos - at)),
                         at);
                skipSpace();
                if (value == &head.x) {
                    if (m_text[m_pos] != ',')
                        fail(which + " is not [x, y]", item);
                    ++m_pos;
                }
            }
            if (m_text[m_pos] != ']')
                fail(which + " has more than x and y", item);
            ++m_pos;
            heads.push_back(head);
            skipSpace();
            if (m_text[m_pos] == ']')
                return heads;
            ++m_pos; // ',' (validated)
        }
    }

    // Reads the number at `begin` (already validated as a value).
    double numberAt(std::size_t begin, const std::string& what) {
        m_pos = begin;
        const char c = m_text[m_pos];
        if (c != '-' && !isDigit(c))
            fail("'" + what + "' is not a number");
        number();
        double value = 0.0;
        if (!parseFiniteNumber(m_text.substr(begin, m_pos - begin), value))
            fail("'" + what + "' is out of range", begin);
        return value;
    }

private:
    [[noreturn]] void fail(const std::string& reason, std::size_t at = std::string_view::npos) {
        const std::size_t where = at == std::string_view::npos ? m_pos : at;
        throw FileError(m_origin,
                        "line " + std::to_string(lineOfOffset(m_text, where)) + ": " + reason);
    }

    bool atEnd() const { return m_pos >= m_text.size(); }

    char peek() {
        if (atEnd())
            fail("the file ends inside the JSON (truncated?)");
        return m_text[m_pos];
    }

    void skipSpace() {
        while (!atEnd() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' ||
                            m_text[m_pos] == '\n' || m_text[m_pos] == '\r'))
            ++m_pos;
    }

    void expect(char c, const char* what) {
        skipSpace();
        if (peek() != c)
            fail(std::string("expected ") + what + ", found " +
                 quoteForMessage(m_text.substr(m_pos, 1)));
        ++m_pos;
    }

    void value(int depth) {
        skipSpace();
        switch (peek()) {
        case '{':
            object(depth + 1, nullptr);
            return;
        case '[':
            array(depth + 1);
            return;
        case '"':
            string();
            return;
        case 't':
            literal("true");
            return;
        case 'f':
            literal("false");
            return;
        case 'n':
            literal("null");
            return;
        default:
            break;
        }
        const std::string_view rest = m_text.substr(m_pos, 9);
        if (rest.substr(0, 3) == "NaN" || rest.substr(0, 8) == "Infinity" ||
            rest.substr(0, 9) == "-Infinity")
            fail("NaN and Infinity are not numbers in JSON (a non-finite coordinate?)");
        if (m_text[m_pos] == '-' || isDigit(m_text[m_pos])) {
            number();
            return;
        }
        fail("expected a JSON value, found " + quoteForMessage(m_text.substr(m_pos, 1)));
    }

    void object(int depth, NwpuJson* top) {
        if (depth > kMaxJsonDepth)
            fail("nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
        ++m_pos; // '{'
        skipSpace();
        if (peek() == '}') {
            if (top)
                top->closingBrace = m_pos;
            ++m_pos;
            return;
        }
        while (true) {
            skipSpace();
            if (peek() != '"')
                fail("expected a key in quotes, found " + quoteForMessage(m_text.substr(m_pos, 1)));
            const std::string_view key = string();
            expect(':', "':'");
            skipSpace();
            const std::size_t begin = m_pos;
            value(depth);
            if (top) {
                if (top->members.size() >= kMaxTopLevelKeys)
                    fail("more than " + std::to_string(kMaxTopLevelKeys) + " keys in the object",
                         begin);
                if (!m_topKeys.insert(std::string(key)).second)
                    fail("the key " + quoteForMessage(key) + " appears twice", begin);
                top->members.push_back({std::string(key), begin, m_pos});
            }
            skipSpace();
            if (peek() == ',') {
                ++m_pos;
                continue;
            }
            if (peek() == '}') {
                if (top)
                    top->closingBrace = m_pos;
                ++m_pos;
                return;
            }
            fail("expected ',' or '}', found " + quoteForMessage(m_text.substr(m_pos, 1)));
        }
    }

    void array(int depth) {
        if (depth > kMaxJsonDepth)
            fail("nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
        ++m_pos; // '['
        skipSpace();
        if (peek() == ']') {
            ++m_pos;
            return;
        }
        while (true) {
            value(depth);
            skipSpace();
            if (peek() == ',') {
                ++m_pos;
                continue;
            }
            if (peek() == ']') {
                ++m_pos;
                return;
            }
            fail("expected ',' or ']', found " + quoteForMessage(m_text.substr(m_pos, 1)));
        }
    }

    // The text between the quotes of the string at m_pos.
    std::string_view string() {
        const std::size_t begin = ++m_pos;
        while (true) {
            const char c = peek();
            if (c == '"') {
                return m_text.substr(begin, m_pos++ - begin);
            }
            if (c == '\\') {
                ++m_pos;
                const char escaped = peek();
                if (escaped == 'u') {
                    for (int i = 1; i <= 4; ++i) {
                        if (m_pos + i >= m_text.size() || !isHexDigit(m_text[m_pos + i]))
                            fail("a \\u escape needs 4 hexadecimal digits");
                    }
                    m_pos += 5;
                } else if (std::strchr("\"\\/bfnrt", escaped) != nullptr && escaped != '\0') {
                    ++m_pos;
                } else {
                    fail("unknown escape \\" + std::string(1, escaped) + " in a string");
                }
                continue;
            }
            if (static_cast<unsigned char>(c) < 0x20)
                fail("a control character inside a string (a string not closed?)");
            ++m_pos;
        }
    }

    void number() {
        const std::size_t begin = m_pos;
        auto digits = [&] {
            const std::size_t from = m_pos;
            while (!atEnd() && isDigit(m_text[m_pos]))
                ++m_pos;
            return m_pos > from;
        };
        if (m_text[m_pos] == '-')
            ++m_pos;
        if (!atEnd() && m_text[m_pos] == '0')
            ++m_pos;
        else if (!digits())
            fail("a malformed number", begin);
        if (!atEnd() && m_text[m_pos] == '.') {
            ++m_pos;
            if (!digits())
                fail("a malformed number", begin);
        }
        if (!atEnd() && (m_text[m_pos] == 'e' || m_text[m_pos] == 'E')) {
            ++m_pos;
            if (!atEnd() && (m_text[m_pos] == '+' || m_text[m_pos] == '-'))
                ++m_pos;
            if (!digits())
                fail("a malformed number", begin);
        }
    }

    void literal(const char* word) {
        const std::size_t length = std::strlen(word);
        if (m_text.substr(m_pos, length) != word)
            fail("expected a JSON value, found " + quoteForMessage(m_text.substr(m_pos, length)));
        m_pos += length;
    }

    std::string_view m_text;
    const fs::path& m_origin;
    std::size_t m_pos = 0;
    std::set<std::string> m_topKeys;
};

std::string pointsText(const std::vector<HeadPoint>& heads) {
    std::string text = "[";
    for (std::size_t i = 0; i < heads.size(); ++i)
        text +=
            (i ? ", [" : "[") + formatNumber(heads[i].x) + ", " + formatNumber(heads[i].y) + "]";
    return text + "]";
}

// `text` as a JSON string literal.
std::string jsonString(const std::string& text) {
    std::string quoted = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            quoted += '\\';
            quoted += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned char>(c));
            quoted += escaped;
        } else {
            quoted += c;
        }
    }
    return quoted + "\"";
}

} // namespace

NwpuJson parseNwpuJson(std::string_view text, const fs::path& origin) {
    JsonScanner scanner(text, origin);
    NwpuJson parsed = scanner.document();
    for (const JsonMember& member : parsed.members) {
        if (member.key == "points")
            parsed.points = scanner.points(member.valueBegin);
        else if (member.key == "human_num")
            parsed.humanNum = scanner.numberAt(member.valueBegin, "human_num");
    }
    return parsed;
}

void writeNwpuJson(const fs::path& path, const std::vector<HeadPoint>& heads,
                   const fs::path& imagePath) {
    requireFiniteHeads(path, heads);
    const std::string points = pointsText(heads);
    const std::string count = std::to_string(heads.size());
    std::error_code ec;
    if (!fs::exists(path, ec)) { // a link to a missing file is created
        const std::string image =
            imagePath.empty() ? pathToUtf8(path.stem()) + ".jpg" : pathToUtf8(imagePath.filename());
        writeFileAtomically(path, "{\"img_id\": " + jsonString(image) + ", \"human_num\": " +
                                      count + ", \"points\": " + points + ", \"boxes\": []}");
        return;
    }
    const std::string old = readAnnotationText(path);
    const NwpuJson parsed = parseNwpuJson(old, path);
    // Replacements in the order of the text: [begin, end) → new value.
    struct Edit {
        std::size_t begin;
        std::size_t end;
        std::string text;
    };
    std::vector<Edit> edits;
    std::string added;
    for (const auto& [key, value] : {std::pair{"human_num", count}, std::pair{"points", points}}) {
        const auto found =
            std::find_if(parsed.members.begin(), parsed.members.end(),
                         [key = key](const JsonMember& member) { return member.key == key; });
        if (found != parsed.members.end())
            edits.push_back({found->valueBegin, found->valueEnd, value});
        else
            added += (parsed.members.empty() && added.empty() ? "\"" : ", \"") + std::string(key) +
                     "\": " + value;
    }
    if (!added.empty()) {
        // Right after the last value, before any spaces that precede the closing brace.
        const std::size_t at =
            parsed.members.empty() ? parsed.closingBrace : parsed.members.back().valueEnd;
        edits.push_back({at, at, added});
    }
    std::sort(edits.begin(), edits.end(),
              [](const Edit& a, const Edit& b) { return a.begin < b.begin; });
    std::string text;
    text.reserve(old.size() + points.size());
    std::size_t copied = 0;
    for (const Edit& edit : edits) {
        text.append(old, copied, edit.begin - copied);
        text += edit.text;
        copied = edit.end;
    }
    text.append(old, copied, std::string::npos);
    writeFileAtomically(path, text);
}

} // namespace crowdkd
