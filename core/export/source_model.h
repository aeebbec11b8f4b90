#pragma once

#include "export/export_metadata.h"
#include "nn/density_model.h"

#include <filesystem>
#include <optional>

namespace crowdkd::exporting {

/// A model to export or run, with what its file says about it.
struct SourceModel {
    nn::DensityModel model;
    /// Kind, channels and input convention, plus source file name, training α and MAE when the
    /// file records them.
    ExportMetadata metadata;
};

/// Loads a model from any file CrowdKD reads: an exported `.onnx` or LibTorch archive (with their
/// metadata), or a PyTorch `.pth` state dict / checkpoint (kind from `kind` or the key names;
/// `alpha` and `mae` entries of a checkpoint dict become metadata). The model is in eval mode on
/// the CPU. Throws crowdkd::FileError naming the file.
SourceModel loadSourceModel(const std::filesystem::path& path,
                            std::optional<nn::ModelKind> kind = std::nullopt);

} // namespace crowdkd::exporting
