#pragma once

#include "export/export_metadata.h"
#include "nn/density_model.h"

#include <torch/torch.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace crowdkd::exporting {

/// The engines CrowdKD runs a density model with.
enum class Backend {
    /// LibTorch (our nn:: modules), with the fastest CPU path for the model (see LibTorchMode).
    LibTorch,
    /// OpenCV's DNN module on the model's ONNX graph: what an embedded device with OpenCV alone
    /// runs.
    OpenCv,
};

/// "libtorch" or "opencv".
std::string toString(Backend backend);
/// Parses "libtorch", "torch", "opencv", "opencv-dnn" or "dnn" (any case); throws
/// std::invalid_argument.
Backend backendFromString(const std::string& text);

/// How the LibTorch backend lays out its tensors on the CPU.
enum class LibTorchMode {
    /// Plain N×C×H×W float tensors, exactly as training runs the model.
    Eager,
    /// NHWC (channels-last) tensors and weights: oneDNN without per-layer reorders.
    ChannelsLast,
    /// oneDNN for MCNN: blocked (mkldnn) tensors, NHWC where its channel counts would waste
    /// oneDNN's blocks, weights laid out once. Other kinds run ChannelsLast, their fastest path
    /// in docs/export.md.
    Mkldnn,
};

/// "eager", "channels-last" or "mkldnn".
std::string toString(LibTorchMode mode);
/// Parses toString(LibTorchMode)'s names (any case, "channels_last" and "onednn" too); throws
/// std::invalid_argument.
LibTorchMode libTorchModeFromString(const std::string& text);

/// Runs one density model on preprocessed input, whatever engine is behind. Not thread-safe: one
/// instance per thread.
class InferenceBackend {
public:
    virtual ~InferenceBackend() = default;

    virtual Backend backend() const = 0;
    /// For reports: "libtorch (mkldnn)", "opencv-dnn".
    virtual std::string name() const = 0;

    /// The model's kind, input convention, output stride, …
    const ExportMetadata& metadata() const { return m_metadata; }

    /// N×C×H×W float32 CPU input, preprocessed as metadata().input says (H and W multiples of
    /// metadata().input.sizeMultiple) → N×1×(H/stride)×(W/stride) float32 CPU density, contiguous.
    virtual torch::Tensor density(const torch::Tensor& input) = 0;

protected:
    explicit InferenceBackend(ExportMetadata metadata)
        : m_metadata(std::move(metadata)) {}

private:
    ExportMetadata m_metadata;
};

/// LibTorch on `model` (put in eval mode; inference runs under NoGradGuard). `metadata` defaults
/// to ExportMetadata::forModel(model).
std::unique_ptr<InferenceBackend>
makeLibTorchBackend(nn::DensityModel model, LibTorchMode mode = LibTorchMode::Mkldnn,
                    std::optional<ExportMetadata> metadata = std::nullopt);

/// OpenCV DNN on serialized ONNX bytes of a CrowdKD export. Throws std::runtime_error when OpenCV
/// cannot import the graph.
std::unique_ptr<InferenceBackend> makeOpenCvBackend(const std::string& onnxBytes,
                                                    ExportMetadata metadata);

/// OpenCV DNN on `model`, exported to ONNX in memory first (float32). Throws
/// std::invalid_argument for kinds that do not export to ONNX (see supportsOnnx).
std::unique_ptr<InferenceBackend>
makeOpenCvBackend(const nn::DensityModel& model,
                  std::optional<ExportMetadata> metadata = std::nullopt);

/// `model` on the chosen engine; `mode` is the LibTorch layout (ignored by OpenCV).
std::unique_ptr<InferenceBackend> makeBackend(const nn::DensityModel& model, Backend backend,
                                              std::optional<ExportMetadata> metadata = std::nullopt,
                                              LibTorchMode mode = LibTorchMode::Mkldnn);

/// Whether `path` names an ONNX file (by its extension, `.onnx` in any case).
bool isOnnxPath(const std::filesystem::path& path);

/// An exported `.onnx` file on the chosen engine (LibTorch rebuilds the model from the graph's
/// initializers, laid out as `mode`). Throws crowdkd::FileError naming the file.
std::unique_ptr<InferenceBackend> openOnnxBackend(const std::filesystem::path& path,
                                                  Backend backend = Backend::OpenCv,
                                                  LibTorchMode mode = LibTorchMode::Mkldnn);

/// Sets the threads of both engines (LibTorch intra-op and OpenCV's parallel framework); 0 uses
/// every hardware thread.
void setInferenceThreads(int threads = 0);

} // namespace crowdkd::exporting
