#include "export/source_model.h"

#include "base/error.h"
#include "base/file_io.h"
#include "base/memory_budget.h"
#include "export/inference_backend.h"
#include "export/libtorch_archive.h"
#include "export/onnx_model.h"
#include "nn/checkpoint.h"
#include "nn/pth_reader.h"
#include "pipeline/run_summary.h"
#include "pipeline/training_checkpoint.h"

#include <algorithm>
#include <cmath>
#include <new>
#include <stdexcept>

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

SourceModel loadPth(const std::filesystem::path& path, const nn::PthContents& contents,
                    std::optional<nn::ModelKind> kind) {
    const nn::StateDict weights = nn::selectStateDict(contents, path);
    const std::optional<nn::ModelKind> detected = nn::detectModelKind(weights);
    if (!kind && !detected)
        throw FileError(path, "cannot tell the model kind from its keys; pass --model");
    if (kind && detected && *kind != *detected)
        throw FileError(path, "holds " + nn::toString(*detected) + " weights, not " +
                                  nn::toString(*kind));
    const nn::ModelKind resolved = kind ? *kind : *detected;
    int channels = 0;
    try {
        channels = nn::detectInputChannels(weights, resolved);
    } catch (const std::invalid_argument& error) {
        throw FileError(path, error.what());
    }
    nn::DensityModel model(resolved, channels);
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

/// A CrowdKD training checkpoint (best.pt, last.pt): its model, the run's α (0 for a student
/// trained on the ground truth alone, none for a teacher) and the run's best validation MAE (from
/// summary.json beside it when the run wrote one, else from the checkpoint's position).
SourceModel loadTrainingCheckpoint(const nn::Checkpoint& checkpoint,
                                   std::optional<nn::ModelKind> kind) {
    const std::filesystem::path& path = checkpoint.path();
    const pipeline::CheckpointInfo info = pipeline::checkpointInfo(checkpoint);
    if (kind && *kind != info.kind)
        throw FileError(path, "this checkpoint holds a " + nn::toString(info.kind) +
                                  " model, not " + nn::toString(*kind));
    nn::DensityModel model(info.kind, info.inputChannels);
    checkpoint.loadModel(*model.module());
    model.eval();

    ExportMetadata metadata = ExportMetadata::forModel(model);
    if (info.config.mode == pipeline::TrainingMode::Kd)
        metadata.trainingAlpha = info.config.alpha;
    else if (info.config.mode == pipeline::TrainingMode::Student)
        metadata.trainingAlpha = 0.0;
    if (info.position.bestMae >= 0)
        metadata.mae = info.position.bestMae;
    // The run's final best MAE, when the checkpoint lies in its run folder; a damaged summary
    // only costs the export that figure.
    try {
        const auto overview = pipeline::readRunOverview(path.parent_path());
        if (overview && overview->summary && overview->summary->result.bestMae >= 0)
            metadata.mae = overview->summary->result.bestMae;
    } catch (const std::exception&) {
    }
    return {std::move(model), std::move(metadata)};
}

} // namespace

SourceModel loadSourceModel(const std::filesystem::path& path, std::optional<nn::ModelKind> kind) {
    SourceModel source = [&]() -> SourceModel {
        try {
            if (isOnnxPath(path)) {
                OnnxContents contents = readOnnx(path);
                return {densityModelFromOnnx(contents), std::move(contents.metadata)};
            }
            // Read once; a LibTorch archive is read as data (one that carries code is refused
            // here), then told apart by its keys.
            const std::vector<std::uint8_t> bytes = readFileBytes(path);
            if (nn::isTorchArchive(bytes.data(), bytes.size())) {
                auto archive = nn::readArchiveModule(bytes.data(), bytes.size(), path);
                if (nn::Checkpoint::isCheckpoint(*archive))
                    return loadTrainingCheckpoint(nn::Checkpoint::fromArchive(path, archive), kind);
                LibTorchArchiveContents contents = readLibTorchArchive(path, *archive);
                return {std::move(contents.model), std::move(contents.metadata)};
            }
            return loadPth(path, nn::parsePth(bytes.data(), bytes.size(), path), kind);
        } catch (const std::bad_alloc&) {
            throw outOfMemoryError(path, "to load this model", "close other programs");
        }
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
                                                       Backend backend, LibTorchMode mode) {
    if (isOnnxPath(path)) {
        std::unique_ptr<InferenceBackend> opened;
        try {
            opened = openOnnxBackend(path, backend, mode);
        } catch (const std::bad_alloc&) {
            throw outOfMemoryError(path, "to load this model", "close other programs");
        }
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
    return makeBackend(source.model, backend, source.metadata, mode);
}

pipeline::DensityFunction densityFunction(InferenceBackend& backend) {
    const ExportMetadata& metadata = backend.metadata();
    const InputConvention expected = defaultInputConvention(metadata.kind, metadata.inputChannels);
    const InputConvention& actual = metadata.input;
    // Numbers written as text by other tools may differ in the last digits.
    const auto same = [](const std::vector<double>& a, const std::vector<double>& b) {
        if (a.size() != b.size())
            return false;
        for (std::size_t i = 0; i < a.size(); ++i)
            if (std::abs(a[i] - b[i]) > 1e-9 * std::max(1.0, std::abs(b[i])))
                return false;
        return true;
    };
    if (actual.color != expected.color || !same({actual.scale}, {expected.scale}) ||
        !same(actual.mean, expected.mean) || !same(actual.std, expected.std) ||
        actual.sizeMultiple != expected.sizeMultiple)
        throw std::invalid_argument("the model expects input as " + actual.describe() +
                                    ", not CrowdKD's " + expected.describe());
    return {metadata.kind, metadata.inputChannels,
            [&backend](const torch::Tensor& input) { return backend.density(input); }};
}

} // namespace crowdkd::exporting
