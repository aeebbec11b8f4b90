#include "export/source_model.h"

#include "base/error.h"
#include "export/inference_backend.h"
#include "export/libtorch_archive.h"
#include "export/onnx_model.h"
#include "nn/pth_reader.h"

namespace crowdkd::exporting {

namespace {

/// Names under which training checkpoints keep the distillation weight and the validation MAE.
const char* const kAlphaKeys[] = {"alpha", "training_alpha", "distill_alpha"};
const char* const kMaeKeys[] = {"mae", "best_mae", "val_mae"};

std::optional<double> firstNumber(const nn::PthContents& contents, const char* const* keys,
                                  std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) {
        const nn::PthScalar* scalar = contents.scalar(keys[i]);
        if (scalar && !std::holds_alternative<std::string>(*scalar))
            return contents.number(keys[i], 0.0);
    }
    return std::nullopt;
}

SourceModel loadPth(const std::filesystem::path& path, std::optional<nn::ModelKind> kind) {
    const nn::PthContents contents = nn::readPth(path);
    const nn::StateDict weights = nn::selectStateDict(contents, path);
    const std::optional<nn::ModelKind> detected = nn::detectModelKind(weights);
    if (!kind && !detected)
        throw FileError(path, "cannot tell the model kind from its keys; pass --model");
    if (kind && detected && *kind != *detected)
        throw FileError(path, "holds " + nn::toString(*detected) + " weights, not " +
                                  nn::toString(*kind));
    const nn::ModelKind resolved = kind ? *kind : *detected;
    nn::DensityModel model(resolved, nn::detectInputChannels(weights, resolved));
    try {
        model.loadStateDict(weights);
    } catch (const std::exception& error) {
        throw FileError(path, error.what());
    }
    model.eval();
    ExportMetadata metadata = ExportMetadata::forModel(model);
    metadata.trainingAlpha = firstNumber(contents, kAlphaKeys, std::size(kAlphaKeys));
    metadata.mae = firstNumber(contents, kMaeKeys, std::size(kMaeKeys));
    return {std::move(model), std::move(metadata)};
}

} // namespace

SourceModel loadSourceModel(const std::filesystem::path& path, std::optional<nn::ModelKind> kind) {
    SourceModel source = [&]() -> SourceModel {
        if (isOnnxPath(path)) {
            OnnxContents contents = readOnnx(path);
            return {densityModelFromOnnx(contents), std::move(contents.metadata)};
        }
        if (isLibTorchArchive(path)) {
            LibTorchArchiveContents contents = readLibTorchArchive(path);
            return {std::move(contents.model), std::move(contents.metadata)};
        }
        return loadPth(path, kind);
    }();
    if (kind && *kind != source.metadata.kind)
        throw FileError(path, "holds a " + nn::toString(source.metadata.kind) + " model, not " +
                                  nn::toString(*kind));
    if (source.metadata.source.empty())
        source.metadata.source = pathToUtf8(path.filename());
    return source;
}

std::unique_ptr<InferenceBackend> openInferenceBackend(const std::filesystem::path& path,
                                                       std::optional<nn::ModelKind> kind,
                                                       Backend backend) {
    if (isOnnxPath(path)) {
        auto opened = openOnnxBackend(path, backend);
        if (kind && *kind != opened->metadata().kind)
            throw FileError(path, "holds a " + nn::toString(opened->metadata().kind) +
                                      " model, not " + nn::toString(*kind));
        return opened;
    }
    SourceModel source = loadSourceModel(path, kind);
    if (backend == Backend::OpenCv && !supportsOnnx(source.metadata.kind))
        throw std::invalid_argument(nn::toString(source.metadata.kind) +
                                    " does not run in OpenCV DNN (no ONNX export); use "
                                    "--backend libtorch");
    return makeBackend(source.model, backend, source.metadata);
}

} // namespace crowdkd::exporting
