#pragma once

#include "base/npy.h"

#include <opencv2/core.hpp>

#include <filesystem>

namespace crowdkd {

/// A single-channel 2-D cv::Mat (any depth) as a float32 H×W NpyArray.
NpyArray toNpyArray(const cv::Mat& matrix);

/// A 2-D NpyArray as a CV_32F H×W cv::Mat (a copy). Throws std::invalid_argument for other ranks.
cv::Mat toMat(const NpyArray& array);

/// Writes a single-channel 2-D cv::Mat atomically as a float32 `.npy` (H×W).
void writeNpy(const std::filesystem::path& path, const cv::Mat& matrix);

/// Reads a 2-D `.npy` file as a CV_32F cv::Mat; throws FileError naming the file otherwise.
cv::Mat readNpyMat(const std::filesystem::path& path);

} // namespace crowdkd
