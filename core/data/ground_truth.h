#pragma once

#include "data/dataset.h"

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

/// Reads the heads of one image from its ground-truth file, in the format its extension names:
/// - `.mat` (and any other extension), MAT v5/v6/v7, compressed or not:
///   - ShanghaiTech: `image_info` = 1×1 cell → 1×1 struct with `location` (N×2, x then y) and
///     `number` (any numeric class); `image_info` given directly as a struct is accepted too;
///   - UCF-QNRF: `annPoints` (N×2, x then y);
///   coordinates may be stored as any real numeric class;
/// - `.txt`, JHU-Crowd++: one head a line, `x y w h o b` (only x and y are needed);
/// - `.json`, NWPU-Crowd: `points` ([[x, y], …]); `human_num` is the declared count;
/// - `.csv`, a CSV of points for a folder of images: the rows of `imagePath` (by its file name or
///   stem), which must then be given; an image with no row has no heads.
/// Throws FileError naming the file and the reason (and the line of a text file): truncated or
/// malformed files, MAT v7.3 (HDF5) files, missing variables, wrong class or shape, NaN or
/// infinite coordinates, text files larger than the limit (see docs/data.md). Points outside the
/// image are not an error here (the file does not know the image size): see countOutsideImage().
GroundTruth readGroundTruth(const std::filesystem::path& path,
                            const std::filesystem::path& imagePath = {});

/// The heads of `sample`: readGroundTruth(sample.groundTruthPath, sample.imagePath).
GroundTruth readGroundTruth(const Sample& sample);

/// Parses ground-truth bytes as readGroundTruth() reads the file `origin` (whose extension says
/// the format; for fuzzing and in-memory use). A `.mat` goes through a temporary file, since matio
/// reads only files.
GroundTruth parseGroundTruth(const std::uint8_t* data, std::size_t size,
                             const std::filesystem::path& origin,
                             const std::filesystem::path& imagePath = {});

/// True when `imagePath` has ground truth at `path`: the file exists and, for a CSV of points,
/// holds a row of the image (an unreadable CSV counts as existing, so that reading it says why).
bool groundTruthExists(const std::filesystem::path& path,
                       const std::filesystem::path& imagePath = {});

/// Writes the heads of one image to `path` in the format its extension names, keeping what the
/// format holds beyond the heads (docs/data.md):
/// - `.mat`: when the file holds `annPoints` and no `image_info`, or is new (or unreadable) and
///   named `<name>_ann.mat`, UCF-QNRF's `annPoints` (double N×2) in place of the old one, the
///   file's other variables kept; else ShanghaiTech's structure, `image_info` = 1×1 cell → 1×1
///   struct with `location` (double N×2, x then y, values unchanged) and `number` (double, N).
///   MAT v5, zlib-compressed; MATLAB, SciPy (`loadmat(f)['image_info'][0,0][0,0]['location']`)
///   and readGroundTruth read it;
/// - `.txt`: JHU-Crowd++ lines, each kept head keeping its w h o b (see writeJhuText());
/// - `.json`: NWPU-Crowd, `points` and `human_num` replaced, `boxes` and every other key kept;
/// - `.csv`: the rows of `imagePath` (which must then be given) replaced, every other row and
///   column kept.
/// Atomic: the new file is complete on disk before it replaces `path`; on failure the original is
/// untouched. A symbolic link is written through; anything that is not a regular file is refused.
/// Throws FileError (also for NaN or infinite coordinates, which no reader can use, and for an
/// existing text file that cannot be parsed: nothing is written then).
void writeGroundTruth(const std::filesystem::path& path, const std::vector<HeadPoint>& points,
                      const std::filesystem::path& imagePath = {});

/// Writes the heads of `sample`: writeGroundTruth(sample.groundTruthPath, points,
/// sample.imagePath).
void writeGroundTruth(const Sample& sample, const std::vector<HeadPoint>& points);

/// The pixel (column, row) = (int(x), int(y)) a head is placed at by the common pipeline
/// (truncation toward zero, as Python's int()).
cv::Point headPixel(const HeadPoint& point);

/// True when headPixel(point) lies inside an image of `size`.
bool isInsideImage(const HeadPoint& point, cv::Size size);

/// How many heads fall outside an image of `size` (they are left out of density maps).
std::size_t countOutsideImage(const std::vector<HeadPoint>& points, cv::Size size);

} // namespace crowdkd
