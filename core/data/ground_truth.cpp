#include "data/ground_truth.h"

#include "base/error.h"
#include "base/file_io.h"
#include "data/mat_structure.h"

#include <matio.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <mutex>
#include <random>
#include <sstream>
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

std::size_t elementCount(const matvar_t& var) {
    std::size_t count = 1;
    for (int d = 0; d < var.rank; ++d)
        count *= var.dims[d];
    return count;
}

// The values of a real numeric array as doubles, whatever its class.
std::vector<double> numericValues(const matvar_t& var, const std::string& what,
                                  const fs::path& origin) {
    if (var.isComplex)
        throw FileError(origin, "'" + what + "' is complex; expected real numbers");
    const std::size_t count = elementCount(var);
    std::vector<double> values(count);
    if (count == 0)
        return values;
    if (var.data == nullptr)
        throw FileError(origin, withMatioReason("'" + what + "' has no data"));
    auto convert = [&](auto typed) {
        using T = std::remove_pointer_t<decltype(typed)>;
        if (var.nbytes < count * sizeof(T))
            throw FileError(origin, "'" + what + "' holds fewer values than its shape says");
        const T* source = static_cast<const T*>(var.data);
        for (std::size_t i = 0; i < count; ++i)
            values[i] = static_cast<double>(source[i]);
    };
    switch (var.class_type) {
    case MAT_C_DOUBLE:
        convert(static_cast<double*>(nullptr));
        break;
    case MAT_C_SINGLE:
        convert(static_cast<float*>(nullptr));
        break;
    case MAT_C_INT8:
        convert(static_cast<std::int8_t*>(nullptr));
        break;
    case MAT_C_UINT8:
        convert(static_cast<std::uint8_t*>(nullptr));
        break;
    case MAT_C_INT16:
        convert(static_cast<std::int16_t*>(nullptr));
        break;
    case MAT_C_UINT16:
        convert(static_cast<std::uint16_t*>(nullptr));
        break;
    case MAT_C_INT32:
        convert(static_cast<std::int32_t*>(nullptr));
        break;
    case MAT_C_UINT32:
        convert(static_cast<std::uint32_t*>(nullptr));
        break;
    case MAT_C_INT64:
        convert(static_cast<std::int64_t*>(nullptr));
        break;
    case MAT_C_UINT64:
        convert(static_cast<std::uint64_t*>(nullptr));
        break;
    default:
        throw FileError(origin, "'" + what + "' is of class " + describeClass(var) +
                                    "; expected a numeric array");
    }
    return values;
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

// Runs `read` on a file matio can open: `path` itself when it can, else a temporary ASCII-named
// copy of `bytes` (matio opens files with the narrow fopen(), which on Windows cannot reach
// non-ASCII names).
GroundTruth readBytesThroughTemporary(const std::uint8_t* data, std::size_t size,
                                      const fs::path& origin) {
    const fs::path temp = asciiTemporaryName(fs::temp_directory_path(), ".mat");
    writeFileAtomically(temp, data, size);
    struct Remover {
        fs::path path;
        ~Remover() {
            std::error_code ignored;
            fs::remove(path, ignored);
        }
    } remover{temp};
    return readWithMatio(temp, origin);
}

} // namespace

GroundTruth parseGroundTruth(const std::uint8_t* data, std::size_t size, const fs::path& origin) {
    checkMatStructure(data, size, origin);
    return readBytesThroughTemporary(data, size, origin);
}

GroundTruth readGroundTruth(const fs::path& path) {
    const std::vector<std::uint8_t> bytes = readFileBytes(path);
    checkMatStructure(bytes.data(), bytes.size(), path);
#ifdef _WIN32
    if (!isAscii(path))
        return readBytesThroughTemporary(bytes.data(), bytes.size(), path);
#endif
    return readWithMatio(path, path);
}

void writeGroundTruth(const fs::path& path, const std::vector<HeadPoint>& points) {
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (!std::isfinite(points[i].x) || !std::isfinite(points[i].y))
            throw FileError(path, "head " + std::to_string(i + 1) +
                                      " has a non-finite coordinate; nothing written");
    }
    installMatioLog();
    matioMessages.clear();

    const std::size_t heads = points.size();
    std::vector<double> location(heads * 2);
    for (std::size_t i = 0; i < heads; ++i) {
        location[i] = points[i].x;
        location[heads + i] = points[i].y;
    }
    double number = static_cast<double>(heads);

    // matio writes its temporary file beside the file the save replaces: the target of a
    // symbolic link (refused when not a regular file), so that the final rename stays in one
    // folder.
    fs::path folder = saveTarget(path).parent_path();
    if (folder.empty())
        folder = ".";
    bool viaSystemTemp = false;
#ifdef _WIN32
    viaSystemTemp = !isAscii(folder);
#endif
    const fs::path temp =
        asciiTemporaryName(viaSystemTemp ? fs::temp_directory_path() : folder, ".mat.tmp");
    auto removeTemp = [&] {
        std::error_code ignored;
        fs::remove(temp, ignored);
    };
    auto fail = [&](const std::string& reason) {
        removeTemp();
        throw FileError(path, withMatioReason(reason));
    };

    {
        MatFile mat(Mat_CreateVer(nativeNarrow(temp).c_str(), nullptr, MAT_FT_MAT5));
        if (!mat)
            fail("cannot create a temporary file in its folder");
        // image_info = {struct('location', [x y], 'number', N)}, as ShanghaiTech ships it.
        std::size_t locationDims[2] = {heads, 2};
        std::size_t scalarDims[2] = {1, 1};
        matvar_t* locationVar =
            Mat_VarCreate("location", MAT_C_DOUBLE, MAT_T_DOUBLE, 2, locationDims,
                          heads ? location.data() : nullptr, heads ? 0 : MAT_F_DONT_COPY_DATA);
        matvar_t* numberVar =
            Mat_VarCreate("number", MAT_C_DOUBLE, MAT_T_DOUBLE, 2, scalarDims, &number, 0);
        const char* fieldNames[] = {"location", "number"};
        matvar_t* record = Mat_VarCreateStruct(nullptr, 2, scalarDims, fieldNames, 2);
        if (!locationVar || !numberVar || !record) {
            Mat_VarFree(locationVar);
            Mat_VarFree(numberVar);
            Mat_VarFree(record);
            mat.reset();
            fail("cannot build the .mat structure");
        }
        Mat_VarSetStructFieldByName(record, "location", 0, locationVar);
        Mat_VarSetStructFieldByName(record, "number", 0, numberVar);
        matvar_t* cells[1] = {record};
        MatVar imageInfo{
            Mat_VarCreate("image_info", MAT_C_CELL, MAT_T_CELL, 2, scalarDims, cells, 0)};
        if (!imageInfo) {
            Mat_VarFree(record);
            mat.reset();
            fail("cannot build the .mat structure");
        }
        const int written = Mat_VarWrite(mat.get(), imageInfo.get(), MAT_COMPRESSION_ZLIB);
        imageInfo.reset();
        const int closed = Mat_Close(mat.release());
        if (written != 0 || closed != 0)
            fail("writing the .mat file failed (disk full or folder not writable?)");
    }

    try {
        if (viaSystemTemp) {
            const std::vector<std::uint8_t> bytes = readFileBytes(temp);
            removeTemp();
            writeFileAtomically(path, bytes);
        } else {
            replaceFileDurably(temp, path);
        }
    } catch (const FileError& error) {
        removeTemp();
        throw FileError(path, error.reason());
    }
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
