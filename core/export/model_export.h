#pragma once

#include "export/export_metadata.h"
#include "nn/density_model.h"

#include <filesystem>
#include <string>

namespace crowdkd::exporting {

/// The files CrowdKD ships a model as.
enum class ExportFormat {
    /// ONNX graph (opset 11) for OpenCV DNN, ONNX Runtime, TensorRT, … (MCNN only).
    Onnx,
    /// LibTorch archive: the user's own LibTorch program restores a module with the reference names
    /// by `torch::load(module, path)`. CrowdKD only writes it; it reads archives back with its own
    /// reader (nn/torch_archive.h), which never runs code stored in a file.
    LibTorch,
    /// PyTorch state dict `.pth`: `model.load_state_dict(torch.load(path))` in Python.
    PyTorch,
};

/// "onnx", "libtorch" or "pytorch".
std::string toString(ExportFormat format);
/// Parses "onnx", "libtorch" / "pt", "pytorch" / "pth" (any case); throws std::invalid_argument.
ExportFormat exportFormatFromString(const std::string& text);

/// What to write.
struct ExportOptions {
    ExportFormat format = ExportFormat::Onnx;
    /// float16 weights: half the file. ONNX casts them back to float32 in the graph; LibTorch
    /// and PyTorch files hold half tensors (call `.float()` / `->to(torch::kFloat)` after loading
    /// to run on a CPU).
    bool fp16 = false;
};

/// Writes `model` to `out` in `options.format` (atomically) and its side-car `<out>.json`.
/// `metadata` supplies what the model alone does not know (source, training α, MAE); format,
/// precision, opset and exporter are filled in here. Returns the metadata written. Throws
/// crowdkd::FileError on I/O failure, std::invalid_argument when the format cannot hold the model.
ExportMetadata exportModel(const nn::DensityModel& model, ExportMetadata metadata,
                           const std::filesystem::path& out, const ExportOptions& options);

} // namespace crowdkd::exporting
