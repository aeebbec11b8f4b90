#pragma once

#include "export/inference_backend.h"

#include <filesystem>
#include <string>

namespace crowdkd::exporting {

/// The source model and its export run on the same image.
struct ExportCheck {
    double sourceCount = 0;   ///< sum of the source model's density
    double exportedCount = 0; ///< sum of the exported file's density
    /// Largest absolute difference between the two density maps (same resolution).
    double maxDensityDifference = 0;
    /// The engine the exported file ran on: "opencv-dnn" for ONNX, else LibTorch's name.
    std::string exportedEngine;
};

/// Runs `source` (eager LibTorch) and the exported file `exported` (ONNX on OpenCV DNN, what a
/// device runs; LibTorch archives and PyTorch files on LibTorch) on `image`, preprocessed as the
/// exported file's metadata says, and compares their densities. Throws crowdkd::FileError naming
/// the image or the exported file when either cannot be read or the two outputs differ in shape.
ExportCheck verifyExport(const nn::DensityModel& source, const std::filesystem::path& exported,
                         const std::filesystem::path& image);

} // namespace crowdkd::exporting
