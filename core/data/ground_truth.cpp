#include "data/ground_truth.h"

#include "base/error.h"
#include "base/file_io.h"
#include "base/text.h"
#include "data/annotation_text.h"
#include "data/jhu_text.h"
#include "data/mat_structure.h"
#include "data/mat_writer.h"
#include "data/nwpu_json.h"
#include "data/points_csv.h"

#include <matio.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>

namespace crowdkd {

namespace fs = std::filesystem;

namespace {

// matio reports problems through a global log function; we collect them per thread so that an
// error names matio's reason, and nothing is printed behind the caller's back.
thread_local std::string matioMessages;

void collectMatioMessage(int level, char* message) {
    if ((level & (MATIO_LOG_LEVEL_ERROR | MATIO_LOG_LEVEL_CRITICAL)) == 0 || message == nullptr)
        return;
    if (!matioMessages.empty())
        matioMessages += "; ";
    matioMessages += message;
}

void installMatioLog() {
    static std::once_flag once;
    std::call_once(once, [] { Mat_LogInitFunc("crowdkd", collectMatioMessage); });
}

struct MatCloser {
    void operator()(mat_t* mat) const { Mat_Close(mat); }
};
using MatFile = std::unique_ptr<mat_t, MatCloser>;

struct VarFreer {
    void operator()(matvar_t* var) const { Mat_VarFree(var); }
};
using MatVar = std::unique_ptr<matvar_t, VarFreer>;

std::string withMatioReason(const std::string& reason) {
    return matioMessages.empty() ? reason : reason + " (" + matioMessages + ")";
}

[[maybe_unused]] bool isAscii(const fs::path& path) {
    const auto text = path.native();
    return std::all_of(text.begin(), text.end(), [](auto c) { return c >= 0 && c < 0x80; });
}

std::string nativeNarrow(const fs::path& path) {
    return path.string();
}

// A temporary file name made of ASCII characters only (matio opens files with fopen()).
fs::path asciiTemporaryName(const fs::path& folder, const char* suffix) {
    static std::atomic<unsigned> counter{0};
    std::random_device device;
    return folder /
           (".crowdkd-" + std::to_string(device()) + "-" + std::to_string(counter++) + suffix);
}

std::string describeClass(const matvar_t& var) {
    static const char* const names[] = {
        "empty", "cell",  "struct", "object", "char",   "sparse", "double", "single",   "int8",
        "uint8", "int16", "uint16", "int32",  "uint32", "int64",  "uint64", "function", "opaque"};
    const auto index = static_cast<std::size_t>(var.class_type);
    return index < std::size(names) ? names[index] : "unknown";
}

std::string describeShape(const matvar_t& var) {
    std::string text;
    for (int d = 0; d < var.rank; ++d)
        text += (d ? "x" : "") + std::to_string(var.dims[d]);
    return text.empty() ? "scalar" : text;
}

// The number of elements the header declares; saturates rather than wraps on hostile dimensions.
std::size_t elementCount(const matvar_t& var) {
    std::size_t count = 1;
    for (int d = 0; d < var.rank; ++d) {
        const std::size_t extent = var.dims[d];
        if (extent != 0 && count > std::numeric_limits<std::size_t>::max() / extent)
            return std::numeric_limits<std::size_t>::max();
        count *= extent;
    }
    return count;
}

// Converts `count` values of type T, after checking that the variable really holds them, so a
// header that claims billions of elements is refused before anything is allocated.
template <typename T>
std::vector<double> convertValues(const matvar_t& var, std::size_t count, const std::string& what,
                                  const fs::path& origin) {
    if (count > var.nbytes / sizeof(T))
        throw FileError(origin, "'" + what + "' holds fewer values than its shape says");
    const T* source = static_cast<const T*>(var.data);
    std::vector<double> values(count);
    for (std::size_t i = 0; i < count; ++i)
        values[i] = static_cast<double>(source[i]);
    return values;
}

// The values of a real numeric array as doubles, whatever its class.
std::vector<double> numericValues(const matvar_t& var, const std::string& what,
                                  const fs::path& origin) {
    if (var.isComplex)
        throw FileError(origin, "'" + what + "' is complex; expected real numbers");
    const std::size_t count = elementCount(var);
    if (count == 0)
        return {};
    if (var.data == nullptr)
        throw FileError(origin, withMatioReason("'" + what + "' has no data"));
    switch (var.class_type) {
    case MAT_C_DOUBLE:
        return convertValues<double>(var, count, what, origin);
    case MAT_C_SINGLE:
        return convertValues<float>(var, count, what, origin);
    case MAT_C_INT8:
        return convertValues<std::int8_t>(var, count, what, origin);
    case MAT_C_UINT8:
        return convertValues<std::uint8_t>(var, count, what, origin);
    case MAT_C_INT16:
        return convertValues<std::int16_t>(var, count, what, origin);
    case MAT_C_UINT16:
        return convertValues<std::uint16_t>(var, count, what, origin);
    case MAT_C_INT32:
        return convertValues<std::int32_t>(var, count, what, origin);
    case MAT_C_UINT32:
        return convertValues<std::uint32_t>(var, count, what, origin);
    case MAT_C_INT64:
        return convertValues<std::int64_t>(var, count, what, origin);
    case MAT_C_UINT64:
        return convertValues<std::uint64_t>(var, count, what, origin);
    default:
        throw FileError(origin, "'" + what + "' is of class " + describeClass(var) +
                                    "; expected a numeric array");
    }
}

std::vector<HeadPoint> pointsFrom(const matvar_t& var, const std::string& what,
                                  const fs::path& origin) {
    const std::size_t count = elementCount(var);
    if (count == 0 && var.class_type != MAT_C_CELL && var.class_type != MAT_C_STRUCT &&
        var.class_type != MAT_C_CHAR)
        return {}; // an image without heads: 0x0, 0x2, …
    const std::vector<double> values = numericValues(var, what, origin);
    if (var.rank != 2 || var.dims[1] != 2)
        throw FileError(origin, "'" + what + "' is " + describeShape(var) +
                                    "; expected N x 2 (x, y per head)");
    const std::size_t heads = var.dims[0];
    std::vector<HeadPoint> points(heads);
    for (std::size_t i = 0; i < heads; ++i) {
        // MATLAB arrays are column-major: all x values, then all y values.
        points[i] = {values[i], values[heads + i]};
        if (!std::isfinite(points[i].x) || !std::isfinite(points[i].y)) {
            std::ostringstream text;
            text << "head " << i + 1 << " of " << heads << " has a non-finite coordinate (x "
                 << points[i].x << ", y " << points[i].y << ")";
            throw FileError(origin, text.str());
        }
    }
    return points;
}

std::vector<std::string> variableNames(mat_t* mat) {
    std::vector<std::string> names;
    Mat_Rewind(mat);
    while (matvar_t* info = Mat_VarReadNextInfo(mat)) {
        if (info->name)
            names.emplace_back(info->name);
        Mat_VarFree(info);
        if (names.size() > 20)
            break;
    }
    return names;
}

GroundTruth readFromImageInfo(const matvar_t& imageInfo, const fs::path& origin) {
    const matvar_t* record = &imageInfo;
    if (imageInfo.class_type == MAT_C_CELL) {
        if (elementCount(imageInfo) < 1)
            throw FileError(origin, "'image_info' is an empty cell");
        // matio dereferences a cell's or struct's data unchecked; a corrupt file may leave it
        // empty.
        if (imageInfo.data == nullptr || imageInfo.nbytes < sizeof(matvar_t*))
            throw FileError(origin, withMatioReason("'image_info' cell has no data"));
        record = Mat_VarGetCell(const_cast<matvar_t*>(&imageInfo), 0);
        if (record == nullptr)
            throw FileError(origin, withMatioReason("'image_info{1}' cannot be read"));
    }
    if (record->class_type != MAT_C_STRUCT || elementCount(*record) < 1)
        throw FileError(origin, "'image_info{1}' is of class " + describeClass(*record) +
                                    "; expected a struct with 'location' and 'number'");
    const unsigned fields = Mat_VarGetNumberOfFields(const_cast<matvar_t*>(record));
    char* const* fieldNames = Mat_VarGetStructFieldnames(record);
    bool namesValid = fields == 0 || fieldNames != nullptr;
    for (unsigned i = 0; namesValid && i < fields; ++i)
        namesValid = fieldNames[i] != nullptr;
    if (record->data == nullptr || record->nbytes < fields * sizeof(matvar_t*) || !namesValid)
        throw FileError(origin, withMatioReason("'image_info{1}' is a corrupt struct"));
    matvar_t* location = Mat_VarGetStructFieldByName(const_cast<matvar_t*>(record), "location", 0);
    if (location == nullptr)
        throw FileError(origin, "'image_info' has no 'location' field");
    GroundTruth truth;
    truth.points = pointsFrom(*location, "image_info.location", origin);
    truth.declaredCount = static_cast<double>(truth.points.size());
    if (matvar_t* number =
            Mat_VarGetStructFieldByName(const_cast<matvar_t*>(record), "number", 0)) {
        const std::vector<double> values = numericValues(*number, "image_info.number", origin);
        if (values.size() != 1)
            throw FileError(origin, "'image_info.number' is " + describeShape(*number) +
                                        "; expected a scalar");
        truth.declaredCount = values[0];
    }
    return truth;
}

GroundTruth readWithMatio(const fs::path& matioPath, const fs::path& origin) {
    installMatioLog();
    matioMessages.clear();
    MatFile mat(Mat_Open(nativeNarrow(matioPath).c_str(), MAT_ACC_RDONLY));
    if (!mat)
        throw FileError(origin, withMatioReason("cannot be read as a MATLAB .mat file"));
    if (Mat_GetVersion(mat.get()) == MAT_FT_MAT73)
        throw FileError(origin, "MATLAB v7.3 (HDF5) .mat files are not supported");
    GroundTruth truth;
    if (MatVar imageInfo{Mat_VarRead(mat.get(), "image_info")}) {
        truth = readFromImageInfo(*imageInfo, origin);
    } else if (MatVar annPoints{Mat_VarRead(mat.get(), "annPoints")}) {
        truth.points = pointsFrom(*annPoints, "annPoints", origin);
        truth.declaredCount = static_cast<double>(truth.points.size());
    } else {
        std::string found;
        for (const std::string& name : variableNames(mat.get()))
            found += (found.empty() ? "" : ", ") + name;
        throw FileError(origin, withMatioReason("no 'image_info' (ShanghaiTech) or 'annPoints' "
                                                "(UCF-QNRF) variable; the file holds " +
                                                (found.empty() ? std::string("none") : found)));
    }
    if (!matioMessages.empty())
        throw FileError(origin, "corrupt .mat file: " + matioMessages);
    return truth;
}

// A temporary ASCII-named copy of some bytes, for matio (which opens files with the narrow
// fopen(), which on Windows cannot reach non-ASCII names, and reads only files); removed when
// destroyed.
class MatioCopy {
public:
    MatioCopy(const std::uint8_t* data, std::size_t size)
        : m_path(asciiTemporaryName(fs::temp_directory_path(), ".mat")) {
        writeFileAtomically(m_path, data, size);
    }
    MatioCopy(const MatioCopy&) = delete;
    MatioCopy& operator=(const MatioCopy&) = delete;
    ~MatioCopy() {
        std::error_code ignored;
        fs::remove(m_path, ignored);
    }
    const fs::path& path() const { return m_path; }

private:
    fs::path m_path;
};

GroundTruth readMatGroundTruth(const fs::path& path) {
    const std::vector<std::uint8_t> bytes = readFileBytes(path);
    checkMatStructure(bytes.data(), bytes.size(), path);
#ifdef _WIN32
    if (!isAscii(path)) {
        const MatioCopy copy(bytes.data(), bytes.size());
        return readWithMatio(copy.path(), path);
    }
#endif
    return readWithMatio(path, path);
}

// Heads as MATLAB's N×2 double array (column-major: all x, then all y).
std::vector<std::uint8_t> headArray(const std::string& name, const std::vector<HeadPoint>& points) {
    const std::size_t heads = points.size();
    std::vector<double> values(heads * 2);
    for (std::size_t i = 0; i < heads; ++i) {
        values[i] = points[i].x;
        values[heads + i] = points[i].y;
    }
    return mat::doubleArray(name, heads, 2, values.data());
}

// image_info = {struct('location', [x y], 'number', N)}, as ShanghaiTech ships it.
std::vector<std::uint8_t> shanghaiTechVariable(const std::vector<HeadPoint>& points) {
    const double number = static_cast<double>(points.size());
    return mat::cell("image_info",
                     mat::structure("", {{"location", headArray("", points)},
                                         {"number", mat::doubleArray("", 1, 1, &number)}}));
}

bool holds(const MatLayout& layout, const std::string& name) {
    return std::any_of(layout.variables.begin(), layout.variables.end(), [&](const auto& span) {
        return std::find(span.names.begin(), span.names.end(), name) != span.names.end();
    });
}

void writeMatGroundTruth(const fs::path& path, const std::vector<HeadPoint>& points) {
    requireFiniteHeads(path, points);
    // The file's other variables are kept byte for byte, whether or not CrowdKD (or matio) can
    // read them; only a file that is not a sound MAT v5 file is written anew.
    std::vector<std::uint8_t> existing;
    MatLayout layout;
    std::error_code ec;
    if (fs::is_regular_file(saveTarget(path), ec)) {
        try {
            existing = readFileBytes(path);
            layout = readMatLayout(existing.data(), existing.size(), path);
        } catch (const FileError&) {
            existing.clear();
            layout = {};
        }
    }
    // What the file holds decides its structure; a new (or unreadable) file's name does:
    // <name>_ann.mat is UCF-QNRF's.
    const bool ucfQnrf = holds(layout, "annPoints") || holds(layout, "image_info")
                             ? holds(layout, "annPoints") && !holds(layout, "image_info")
                             : isUcfQnrfFileName(path);
    const std::string replaced = ucfQnrf ? "annPoints" : "image_info";
    const std::vector<std::uint8_t> variable =
        mat::compressed(ucfQnrf ? headArray(replaced, points) : shanghaiTechVariable(points));

    std::vector<const MatVariableSpan*> kept;
    for (const MatVariableSpan& span : layout.variables)
        if (std::find(span.names.begin(), span.names.end(), replaced) == span.names.end())
            kept.push_back(&span);
    // Elements are kept as stored, so they must share the new file's byte order.
    if (layout.bigEndian && !kept.empty())
        throw FileError(path, "a big-endian .mat file with other variables than '" + replaced +
                                  "' is not rewritten (they would be lost): save the heads to "
                                  "a new file");

    std::vector<std::uint8_t> bytes =
        layout.bigEndian || existing.empty()
            ? mat::header()
            : std::vector<std::uint8_t>(existing.begin(), existing.begin() + 128);
    // MATLAB's subsystem data (behind function handles and objects) is an unnamed variable whose
    // offset the header holds: it follows the variable when it moves.
    std::uint64_t subsystem = 0;
    std::memcpy(&subsystem, bytes.data() + 116, 8);
    if (!holds(layout, replaced)) // no old heads: the new ones come first
        bytes.insert(bytes.end(), variable.begin(), variable.end());
    bool written = false;
    for (const MatVariableSpan& span : layout.variables) {
        if (std::find(kept.begin(), kept.end(), &span) != kept.end()) {
            if (span.begin == subsystem) {
                const std::uint64_t moved = bytes.size();
                std::memcpy(bytes.data() + 116, &moved, 8);
            }
            bytes.insert(bytes.end(), existing.begin() + static_cast<std::ptrdiff_t>(span.begin),
                         existing.begin() + static_cast<std::ptrdiff_t>(span.end));
        } else if (!written) { // where the old heads were
            bytes.insert(bytes.end(), variable.begin(), variable.end());
            written = true;
        }
    }
    writeFileAtomically(path, bytes);
}

// The formats of ground-truth files, by their extension.
enum class TruthFormat { Mat, JhuText, NwpuJson, PointsCsv };

TruthFormat formatOf(const fs::path& path) {
    const std::string extension = lowercase(pathToUtf8(path.extension()));
    if (extension == ".txt")
        return TruthFormat::JhuText;
    if (extension == ".json")
        return TruthFormat::NwpuJson;
    if (extension == ".csv")
        return TruthFormat::PointsCsv;
    return TruthFormat::Mat; // also what an unknown extension is tried as
}

GroundTruth withPoints(std::vector<HeadPoint> points, std::optional<double> declared = {}) {
    GroundTruth truth;
    truth.points = std::move(points);
    truth.declaredCount = declared.value_or(static_cast<double>(truth.points.size()));
    return truth;
}

// The heads of `text` in the text format `format`, read from `origin`.
GroundTruth parseTextGroundTruth(TruthFormat format, std::string text, const fs::path& origin,
                                 const fs::path& imagePath) {
    switch (format) {
    case TruthFormat::JhuText: {
        JhuText parsed = parseJhuText(text, origin);
        std::vector<HeadPoint> points;
        points.reserve(parsed.heads.size());
        for (const JhuHead& head : parsed.heads)
            points.push_back(head.point);
        return withPoints(std::move(points));
    }
    case TruthFormat::NwpuJson: {
        NwpuJson parsed = parseNwpuJson(text, origin);
        return withPoints(std::move(parsed.points), parsed.humanNum);
    }
    case TruthFormat::PointsCsv:
        return csvGroundTruth(parsePointsCsv(std::move(text), origin), imagePath);
    case TruthFormat::Mat:
        break;
    }
    throw std::logic_error("not a text ground-truth format");
}

void requireImageFor(const fs::path& csv, const fs::path& imagePath) {
    if (imagePath.empty())
        throw FileError(csv, "holds the heads of several images; which image's was not said");
}

} // namespace

GroundTruth parseGroundTruth(const std::uint8_t* data, std::size_t size, const fs::path& origin,
                             const fs::path& imagePath) {
    const TruthFormat format = formatOf(origin);
    if (format == TruthFormat::Mat) {
        checkMatStructure(data, size, origin);
        const MatioCopy copy(data, size);
        return readWithMatio(copy.path(), origin);
    }
    if (format == TruthFormat::PointsCsv)
        requireImageFor(origin, imagePath);
    return parseTextGroundTruth(format, std::string(reinterpret_cast<const char*>(data), size),
                                origin, imagePath);
}

GroundTruth readGroundTruth(const fs::path& path, const fs::path& imagePath) {
    switch (const TruthFormat format = formatOf(path)) {
    case TruthFormat::Mat:
        return readMatGroundTruth(path);
    case TruthFormat::PointsCsv:
        requireImageFor(path, imagePath);
        return csvGroundTruth(*readPointsCsv(path), imagePath);
    default:
        return parseTextGroundTruth(format, readAnnotationText(path), path, imagePath);
    }
}

GroundTruth readGroundTruth(const Sample& sample) {
    return readGroundTruth(sample.groundTruthPath, sample.imagePath);
}

bool groundTruthExists(const fs::path& path, const fs::path& imagePath) {
    std::error_code ec;
    if (!fs::exists(path, ec))
        return false;
    if (formatOf(path) != TruthFormat::PointsCsv || imagePath.empty())
        return true;
    try {
        return !readPointsCsv(path)->rowsOf(imagePath).empty();
    } catch (const FileError&) {
        return true; // there, but unreadable: reading it says why
    }
}

void writeGroundTruth(const fs::path& path, const std::vector<HeadPoint>& points,
                      const fs::path& imagePath) {
    switch (formatOf(path)) {
    case TruthFormat::Mat:
        writeMatGroundTruth(path, points);
        return;
    case TruthFormat::JhuText:
        writeJhuText(path, points);
        return;
    case TruthFormat::NwpuJson:
        writeNwpuJson(path, points, imagePath);
        return;
    case TruthFormat::PointsCsv:
        writePointsCsv(path, imagePath, points);
        return;
    }
}

void writeGroundTruth(const Sample& sample, const std::vector<HeadPoint>& points) {
    writeGroundTruth(sample.groundTruthPath, points, sample.imagePath);
}

cv::Point headPixel(const HeadPoint& point) {
    auto truncate = [](double value) {
        if (std::isnan(value))
            return std::numeric_limits<int>::min();
        constexpr double kLimit = 1e9; // far outside any image, and safely inside int
        return static_cast<int>(std::clamp(std::trunc(value), -kLimit, kLimit));
    };
    return {truncate(point.x), truncate(point.y)};
}

bool isInsideImage(const HeadPoint& point, cv::Size size) {
    if (!std::isfinite(point.x) || !std::isfinite(point.y))
        return false;
    const cv::Point pixel = headPixel(point);
    return pixel.x >= 0 && pixel.y >= 0 && pixel.x < size.width && pixel.y < size.height;
}

std::size_t countOutsideImage(const std::vector<HeadPoint>& points, cv::Size size) {
    return static_cast<std::size_t>(std::count_if(
        points.begin(), points.end(), [&](const HeadPoint& p) { return !isInsideImage(p, size); }));
}

} // namespace crowdkd
