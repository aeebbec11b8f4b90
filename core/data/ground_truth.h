#pragma once

#include <opencv2/core.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <vector>

namespace crowdkd {

/// One annotated head, in the coordinates stored in the ground-truth file: x (column) then y (row),
/// in pixels, sub-pixel precision, unchanged in memory.
///
/// Coordinate convention: ShanghaiTech's files are said to be MATLAB 1-based, but the common
/// pipeline (CSRNet, the SciPy fixtures in ../shared, every published density map we compare with)
/// puts each head at pixel (row, column) = (int(y), int(x)), i.e. treats the stored values as
/// 0-based pixel coordinates with truncation. CrowdKD does exactly the same (headPixel()), so our
/// density maps match theirs; a head is inside a W×H image when 0 <= int(x) < W and
/// 0 <= int(y) < H (int() truncates toward zero, so x = -0.5 still lands in column 0).
struct HeadPoint {
    double x;
    double y;
};

/// The annotation of one image.
struct GroundTruth {
    /// Heads as stored in the file (NaN and infinite coordinates are refused on reading).
    std::vector<HeadPoint> points;
    /// The count the file declares (ShanghaiTech's `number`; the number of points for files that
    /// do not declare one, such as UCF-QNRF's `annPoints`).
    double declaredCount = 0.0;
};

/// Reads a ground-truth `.mat` file (MAT v5/v6/v7, compressed or not):
/// - ShanghaiTech: `image_info` = 1×1 cell → 1×1 struct with `location` (N×2, x then y) and
///   `number` (any numeric class); `image_info` given directly as a struct is accepted too;
/// - UCF-QNRF: `annPoints` (N×2, x then y).
/// Coordinates may be stored as any real numeric class. Throws FileError naming the file and the
/// reason for truncated files, MAT v7.3 (HDF5) files, missing variables, wrong class or shape, and
/// NaN or infinite coordinates. Points outside the image are not an error here (the file does not
/// know the image size): see countOutsideImage().
GroundTruth readGroundTruth(const std::filesystem::path& path);

/// Parses ground-truth `.mat` bytes (as readGroundTruth; for fuzzing and in-memory use). `origin`
/// names the source in errors. Goes through a temporary file, since matio reads only files.
GroundTruth parseGroundTruth(const std::uint8_t* data, std::size_t size,
                             const std::filesystem::path& origin);

/// Writes heads as a ShanghaiTech ground-truth file: MAT v5, zlib-compressed, `image_info` = 1×1
/// cell → 1×1 struct with `location` (double N×2, x then y, values unchanged) and `number`
/// (double, N). MATLAB, SciPy (`loadmat(f)['image_info'][0,0][0,0]['location']`) and
/// readGroundTruth read it. Atomic: matio writes a temporary file in the same folder which then
/// replaces `path`; on failure the original is untouched. Throws FileError (also for NaN or
/// infinite coordinates, which the file format would carry but no reader can use).
void writeGroundTruth(const std::filesystem::path& path, const std::vector<HeadPoint>& points);

/// The pixel (column, row) = (int(x), int(y)) a head is placed at by the common pipeline
/// (truncation toward zero, as Python's int()).
cv::Point headPixel(const HeadPoint& point);

/// True when headPixel(point) lies inside an image of `size`.
bool isInsideImage(const HeadPoint& point, cv::Size size);

/// How many heads fall outside an image of `size` (they are left out of density maps).
std::size_t countOutsideImage(const std::vector<HeadPoint>& points, cv::Size size);

} // namespace crowdkd
