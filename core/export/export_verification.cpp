#include "export/export_verification.h"

#include "base/error.h"
#include "data/image_io.h"
#include "export/source_model.h"
#include "pipeline/preprocess.h"

namespace crowdkd::exporting {

ExportCheck verifyExport(const nn::DensityModel& source, const std::filesystem::path& exported,
                         const std::filesystem::path& image) {
    const Backend engine = isOnnxPath(exported) ? Backend::OpenCv : Backend::LibTorch;
    std::unique_ptr<InferenceBackend> exportedBackend =
        openInferenceBackend(exported, source.kind(), engine);
    std::unique_ptr<InferenceBackend> sourceBackend =
        makeLibTorchBackend(source, LibTorchMode::Eager);

    const ExportMetadata& metadata = exportedBackend->metadata();
    const cv::Mat decoded = readImage(image, pipeline::imageModeFor(metadata.inputChannels));
    const torch::Tensor input =
        pipeline::preprocessImage(decoded, metadata.kind, metadata.inputChannels);
    const torch::Tensor expected = sourceBackend->density(input);
    const torch::Tensor actual = exportedBackend->density(input).to(torch::kFloat);
    if (expected.sizes() != actual.sizes())
        throw FileError(exported, "the exported model's density has another shape than the "
                                  "source model's");
    ExportCheck check;
    check.sourceCount = expected.sum().item<double>();
    check.exportedCount = actual.sum().item<double>();
    check.maxDensityDifference = (expected - actual).abs().max().item<double>();
    check.exportedEngine = exportedBackend->name();
    return check;
}

} // namespace crowdkd::exporting
