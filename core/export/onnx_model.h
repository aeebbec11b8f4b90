#pragma once

#include "export/export_metadata.h"
#include "nn/density_model.h"
#include "nn/state_dict.h"

#include <filesystem>
#include <string>

namespace crowdkd::exporting {

/// The ONNX opset CrowdKD writes: 11 is the best-supported one in OpenCV 4.x's DNN importer and in
/// every ONNX runtime of the last years.
constexpr int kOnnxOpset = 11;

/// How to write an ONNX graph.
struct OnnxOptions {
    /// Stores the weights as float16 initializers, each followed by a Cast to float: half the file,
    /// the arithmetic stays float32.
    bool fp16 = false;
};

/// Whether `kind` exports to ONNX. Only MCNN (1 or 3 input channels) does: M-SFANet's CAN module
/// pools adaptively to 2×2, 3×3 and 6×6 cells, which ONNX cannot express for dynamic sizes and
/// OpenCV's importer cannot run.
bool supportsOnnx(nn::ModelKind kind);

/// The model as a serialized ONNX ModelProto (opset kOnnxOpset): input `metadata.inputName`
/// (N×C×H×W float, N, H and W dynamic), output `metadata.outputName` (N×1×h×w density),
/// initializers named by the state-dict keys, `metadata` (format, precision, opset filled in here)
/// as metadata_props. The graph passes onnx::checker::check_model before it is returned.
/// Throws std::invalid_argument when the kind does not export to ONNX.
std::string encodeOnnx(const nn::DensityModel& model, ExportMetadata metadata,
                       const OnnxOptions& options = {});

/// Runs the ONNX checker on serialized bytes; throws crowdkd::FileError(origin, checker message).
void checkOnnx(const std::string& bytes, const std::filesystem::path& origin);

/// An ONNX file CrowdKD exported, read back: its metadata and its weights by state-dict key
/// (float32, whatever precision was stored).
struct OnnxContents {
    ExportMetadata metadata;
    nn::StateDict weights;
};

/// The largest ONNX file read: CrowdKD exports MCNN only (0.5 MB), and protobuf builds an object
/// of a hundred bytes and more for every two-byte record, so a large file costs far more parsed.
constexpr std::uint64_t kMaxOnnxBytes = std::uint64_t{64} << 20;

/// Parses ONNX bytes; the metadata comes from the graph's properties, else from the side-car
/// `<origin>.json`. Throws crowdkd::FileError(origin, …) when they are not an ONNX model with
/// CrowdKD metadata.
OnnxContents decodeOnnx(const std::string& bytes, const std::filesystem::path& origin);

/// Reads an ONNX file; throws crowdkd::FileError naming it on failure.
OnnxContents readOnnx(const std::filesystem::path& path);

/// The LibTorch model of an exported ONNX file (same weights), so that LibTorch can run it too.
nn::DensityModel densityModelFromOnnx(const OnnxContents& contents);

} // namespace crowdkd::exporting
