#include "model_options.h"

#include "base/error.h"
#include "base/text.h"
#include "cli_support.h"
#include "export/source_model.h"
#include "nn/torch_archive.h"
#include "pipeline/training_config.h"

#include <tuple>
#include <utility>

namespace crowdkd::cli {

namespace {

/// The engine and LibTorch layout that a --backend value names: an engine ("libtorch", "opencv"),
/// or LibTorch with a layout ("libtorch-channels-last"), both read by core's name tables. Throws
/// std::invalid_argument naming the accepted names.
std::pair<exporting::Backend, exporting::LibTorchMode> parseBackend(const std::string& text) {
    const std::string name = lowercase(text);
    const std::string prefix = "libtorch-";
    if (name.rfind(prefix, 0) == 0)
        return {exporting::Backend::LibTorch,
                exporting::libTorchModeFromString(name.substr(prefix.size()))};
    return {exporting::backendFromString(name), exporting::LibTorchMode::Mkldnn};
}

} // namespace

void ModelOptions::addTo(CLI::App& command) {
    command
        .add_option("--model", model, "Architecture: mcnn or msfanet (default: from the weights)")
        ->check(nameIn(nn::modelKindFromString));
    command
        .add_option("--weights", weights,
                    "Model: an exported .onnx or LibTorch archive, a training checkpoint or a "
                    "PyTorch .pth state dict / checkpoint")
        ->required();
    command
        .add_option("--backend", backend,
                    "Engine: libtorch (= libtorch-mkldnn), libtorch-channels-last, libtorch-eager "
                    "or opencv (OpenCV DNN, MCNN only; default for .onnx, else libtorch)")
        ->check(nameIn(parseBackend));
    command.add_option("--threads", threads, "Inference threads; 0 = every core (default)")
        ->check(integerIn(0, pipeline::limits::kMaxThreads));
}

std::optional<nn::ModelKind> ModelOptions::kind() const {
    if (model.empty())
        return std::nullopt;
    return nn::modelKindFromString(model);
}

std::unique_ptr<exporting::InferenceBackend> ModelOptions::open() const {
    const std::filesystem::path path = pathFromUtf8(weights);
    exporting::Backend engine =
        exporting::isOnnxPath(path) ? exporting::Backend::OpenCv : exporting::Backend::LibTorch;
    exporting::LibTorchMode mode = exporting::LibTorchMode::Mkldnn;
    if (!backend.empty())
        std::tie(engine, mode) = parseBackend(backend);
    exporting::setInferenceThreads(threads);
    return exporting::openInferenceBackend(path, kind(), engine, mode);
}

} // namespace crowdkd::cli
