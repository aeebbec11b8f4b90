#pragma once

// Small helpers shared by the core/data tests: tiny images and files made on the fly.

#include "base/error.h"
#include "base/file_io.h"
#include "python_oracle.h"

#include <QString>
#include <QTemporaryDir>

#include <opencv2/imgcodecs.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace crowdkd::test {

/// The heads in the ShanghaiTech ground truth of `split` (its ground-truth/GT_*.mat), as SciPy
/// counts the rows of each file's image_info location: an oracle for head totals. -1 when SciPy
/// cannot run.
inline long scipyHeadTotal(const std::filesystem::path& split) {
    const PythonRun run = runPython(
        QStringLiteral("import glob, sys, scipy.io\n"
                       "print(sum(scipy.io.loadmat(f)['image_info'][0, 0]['location'][0, 0]"
                       ".shape[0] for f in glob.glob(sys.argv[1] + '/ground-truth/GT_*.mat')))\n"),
        {QString::fromStdU16String(split.u16string())});
    bool ok = false;
    const long total = run.ok ? run.output.trimmed().toLong(&ok) : -1;
    return ok ? total : -1;
}

/// A QTemporaryDir's path as std::filesystem::path.
inline std::filesystem::path pathOf(const QTemporaryDir& dir) {
    return std::filesystem::path(dir.path().toStdU16String());
}

/// A path from a UTF-8 literal (Korean names in tests).
inline std::filesystem::path utf8Path(const char* text) {
    return pathFromUtf8(text);
}

/// A W×H BGR test pattern (gradients, so that every decoder path is exercised).
inline cv::Mat testPattern(int width, int height) {
    cv::Mat image(height, width, CV_8UC3);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x)
            image.at<cv::Vec3b>(y, x) =
                cv::Vec3b(static_cast<uchar>(x * 7 + y), static_cast<uchar>(y * 5),
                          static_cast<uchar>((x ^ y) * 3));
    }
    return image;
}

/// Encodes `image` with the codec of `extension` (".jpg", ".png", …).
inline std::vector<std::uint8_t> encode(const cv::Mat& image, const std::string& extension) {
    std::vector<std::uint8_t> bytes;
    cv::imencode(extension, image, bytes);
    return bytes;
}

/// Writes bytes to a file (creating its folder).
inline void writeBytes(const std::filesystem::path& path, const std::vector<std::uint8_t>& bytes) {
    std::filesystem::create_directories(path.parent_path());
    writeFileAtomically(path, bytes);
}

/// Writes text to a file (creating its folder).
inline void writeText(const std::filesystem::path& path, const std::string& text) {
    std::filesystem::create_directories(path.parent_path());
    writeFileAtomically(path, text);
}

/// A whole file as text.
inline std::string readText(const std::filesystem::path& path) {
    const std::vector<std::uint8_t> bytes = readFileBytes(path);
    return std::string(bytes.begin(), bytes.end());
}

/// Writes a small JPEG test image.
inline void writeTestJpeg(const std::filesystem::path& path, int width = 32, int height = 24) {
    writeBytes(path, encode(testPattern(width, height), ".jpg"));
}

/// The message of the FileError `call` throws, or an empty string when it throws none.
template <typename Call>
std::string fileErrorOf(Call&& call) {
    try {
        call();
    } catch (const FileError& error) {
        return error.what();
    }
    return {};
}

} // namespace crowdkd::test
