#include "pipeline/model_loader.h"

#include "base/error.h"
#include "base/file_io.h"
#include "nn/checkpoint.h"
#include "nn/msfanet.h"
#include "nn/pth_reader.h"
#include "pipeline/training_checkpoint.h"

#include <array>
#include <stdexcept>

namespace crowdkd::pipeline {

namespace {

/// Checkpoint entries that may name the architecture.
constexpr std::array<const char*, 3> kKindKeys{"kind", "model_kind", "arch"};

std::string kindTitle(nn::ModelKind kind) {
    return kind == nn::ModelKind::Mcnn ? "MCNN" : "M-SFANet";
}

/// The kind a checkpoint's scalars declare, if any names a model we know.
std::optional<nn::ModelKind> declaredKind(const nn::PthContents& contents) {
    for (const char* key : kKindKeys)
        if (const nn::PthScalar* value = contents.scalar(key))
            if (const auto* text = std::get_if<std::string>(value)) {
                try {
                    return nn::modelKindFromString(*text);
                } catch (const std::invalid_argument&) {
                }
            }
    return std::nullopt;
}

ModelWeights readPthWeights(const std::uint8_t* data, std::size_t size,
                            const std::filesystem::path& path) {
    const nn::PthContents contents = nn::parsePth(data, size, path);
    ModelWeights weights;
    weights.format = "pth";
    weights.stateDict = nn::selectStateDict(contents, path);
    weights.kind = nn::detectModelKind(weights.stateDict);
    if (!weights.kind)
        weights.kind = declaredKind(contents);
    return weights;
}

} // namespace

ModelWeights readModelWeights(const std::filesystem::path& path) {
    const std::vector<std::uint8_t> bytes = readFileBytes(path);
    // Dispatch by content. PyTorch files are ZIP archives ("PK\3\4") or, before 1.6, pickles
    // (0x80 protocol byte); other formats get their own check here.
    const bool zip =
        bytes.size() >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4;
    const bool pickle = !bytes.empty() && bytes[0] == 0x80;
    if (!zip && !pickle)
        throw FileError(path, "not a model weights file (expected a PyTorch .pth checkpoint)");
    ModelWeights weights = readPthWeights(bytes.data(), bytes.size(), path);
    if (weights.kind) {
        try {
            weights.inputChannels = nn::detectInputChannels(weights.stateDict, *weights.kind);
        } catch (const std::invalid_argument& error) {
            throw FileError(path, error.what());
        }
    }
    return weights;
}

nn::DensityModel loadDensityModel(const std::filesystem::path& path,
                                  std::optional<nn::ModelKind> kind) {
    // A LibTorch archive can only be a CrowdKD checkpoint here; it names its model. Opening it
    // reads data only and refuses archives that carry code.
    if (nn::isTorchArchiveFile(path)) {
        nn::DensityModel model = loadCheckpointModel(path);
        if (kind && *kind != model.kind())
            throw FileError(path, "this checkpoint holds a " + kindTitle(model.kind()) +
                                      " model, not " + kindTitle(*kind));
        return model;
    }
    const ModelWeights weights = readModelWeights(path);
    if (!weights.kind && !kind)
        throw FileError(path, "cannot tell which model these weights are for (no vgg.* or "
                              "branch1.* keys); give the model kind explicitly");
    if (kind && weights.kind && *kind != *weights.kind)
        throw FileError(path, "these are " + kindTitle(*weights.kind) + " weights, not " +
                                  kindTitle(*kind) + " weights");
    const nn::ModelKind modelKind = kind ? *kind : *weights.kind;
    const int channels = weights.kind == modelKind ? weights.inputChannels : 0;
    nn::DensityModel model(modelKind, channels);
    try {
        model.loadStateDict(weights.stateDict);
    } catch (const std::runtime_error& error) {
        throw FileError(path, error.what());
    }
    model.eval();
    return model;
}

void loadBackboneWeights(nn::DensityModel& model, const std::filesystem::path& path) {
    if (model.kind() != nn::ModelKind::MsfaNet)
        throw std::invalid_argument("backbone weights are for M-SFANet's VGG16-bn encoder");
    const nn::StateDict weights = readModelWeights(path).stateDict;
    nn::requireFiniteWeights(weights, path);
    try {
        nn::loadVgg16BnImageNetWeights(static_cast<nn::MsfaNetImpl&>(*model.module()), weights);
    } catch (const std::runtime_error& error) {
        throw FileError(path, std::string("not torchvision's vgg16_bn weights: ") + error.what());
    }
}

} // namespace crowdkd::pipeline
