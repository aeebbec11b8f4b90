#include "export/model_export.h"

#include "base/file_io.h"
#include "base/memory_budget.h"
#include "base/name_table.h"
#include "base/version.h"
#include "export/libtorch_archive.h"
#include "export/onnx_model.h"
#include "nn/pth_writer.h"

#include <algorithm>
#include <new>
#include <stdexcept>

namespace crowdkd::exporting {

namespace {

/// The state dict with its floating-point tensors in half precision (integer buffers unchanged).
nn::StateDict halfPrecision(const nn::StateDict& weights) {
    nn::StateDict converted;
    for (const auto& [name, tensor] : weights)
        converted.insert(name, tensor.is_floating_point() ? tensor.to(torch::kHalf) : tensor);
    return converted;
}

/// The names of the export formats (any case), with the usual file extensions as aliases.
constexpr auto kFormatNames = nameTable<ExportFormat>("export format", NameCase::AnyCase,
                                                      {{ExportFormat::Onnx, "onnx"},
                                                       {ExportFormat::LibTorch, "libtorch"},
                                                       {ExportFormat::LibTorch, "pt"},
                                                       {ExportFormat::PyTorch, "pytorch"},
                                                       {ExportFormat::PyTorch, "pth"}});

} // namespace

std::string toString(ExportFormat format) {
    return kFormatNames.toString(format);
}

ExportFormat exportFormatFromString(const std::string& text) {
    return kFormatNames.fromString(text);
}

ExportMetadata exportModel(const nn::DensityModel& model, ExportMetadata metadata,
                           const std::filesystem::path& out, const ExportOptions& options) {
    metadata.format = toString(options.format);
    metadata.precision = options.fp16 ? "float16" : "float32";
    metadata.opset = 0;
    metadata.exporter = std::string("CrowdKD ") + kVersion;
    torch::NoGradGuard noGrad;
    try {
        switch (options.format) {
        case ExportFormat::Onnx: {
            metadata.opset = kOnnxOpset;
            writeFileAtomically(out, encodeOnnx(model, metadata, OnnxOptions{options.fp16}));
            break;
        }
        case ExportFormat::LibTorch:
            writeFileAtomically(out, encodeLibTorchArchive(model, metadata, options.fp16));
            break;
        case ExportFormat::PyTorch: {
            const nn::StateDict weights = model.stateDict().clonedToCpu();
            nn::writePthStateDict(out, options.fp16 ? halfPrecision(weights) : weights);
            break;
        }
        }
    } catch (const std::bad_alloc&) {
        throw outOfMemoryError(out, "to encode the model", "close other programs");
    }
    writeSideCar(out, metadata);
    return metadata;
}

} // namespace crowdkd::exporting
