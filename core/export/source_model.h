#pragma once

#include "export/export_metadata.h"
#include "export/inference_backend.h"
#include "nn/density_model.h"
#include "pipeline/predictor.h"

#include <filesystem>
#include <memory>
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
/// metadata), a CrowdKD training checkpoint (best.pt / last.pt: kind from the checkpoint, the
/// run's α and best validation MAE, the latter from summary.json beside it when there is one), or
/// a PyTorch `.pth` state dict / checkpoint (kind from `kind` or the key names; `alpha` and `mae`
/// entries of a checkpoint dict become metadata). The model is in eval mode on
/// the CPU. Throws crowdkd::FileError naming the file.
SourceModel loadSourceModel(const std::filesystem::path& path,
                            std::optional<nn::ModelKind> kind = std::nullopt);

/// Any model file on the chosen engine: an `.onnx` goes to OpenCV DNN directly (or to LibTorch,
/// rebuilt from its initializers); other files are loaded with loadSourceModel and, for OpenCV,
/// converted to ONNX in memory (MCNN only); `mode` is LibTorch's layout. This is what
/// `crowdkd count` / `eval --backend` call. Throws crowdkd::FileError naming the file,
/// std::invalid_argument when the engine cannot run the kind.
std::unique_ptr<InferenceBackend> openInferenceBackend(const std::filesystem::path& path,
                                                       std::optional<nn::ModelKind> kind,
                                                       Backend backend,
                                                       LibTorchMode mode = LibTorchMode::Mkldnn);

/// What the predictor and the evaluator run: `backend` after the input convention of its
/// metadata was checked to be the one pipeline::preprocessImage produces, so that a file made for
/// other preprocessing is refused rather than miscounted. The backend must outlive the result.
/// Throws std::invalid_argument for another convention.
pipeline::DensityFunction densityFunction(InferenceBackend& backend);

} // namespace crowdkd::exporting
