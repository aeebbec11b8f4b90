#include "model_options.h"

#include "base/error.h"
#include "base/text.h"
#include "export/source_model.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace crowdkd::cli {

namespace {

/// The --backend values: an engine, or LibTorch with a chosen tensor layout.
const std::vector<std::string> kBackendNames = {
    "libtorch", "libtorch-mkldnn", "libtorch-channels-last", "libtorch-eager", "opencv"};

} // namespace

void ModelOptions::addTo(CLI::App& command) {
    command
        .add_option("--model", model, "Architecture: mcnn or msfanet (default: from the weights)")
        ->check(CLI::IsMember({"mcnn", "msfanet", "m-sfanet"}, CLI::ignore_case));
    command
        .add_option("--weights", weights,
                    "Model: an exported .onnx or LibTorch archive, a training checkpoint or a "
                    "PyTorch .pth state dict / checkpoint")
        ->required();
    command
        .add_option("--backend", backend,
                    "Engine: libtorch (= libtorch-mkldnn), libtorch-channels-last, libtorch-eager "
                    "or opencv (OpenCV DNN, MCNN only; default for .onnx, else libtorch)")
        ->check(CLI::IsMember(kBackendNames, CLI::ignore_case));
    command.add_option("--threads", threads, "Inference threads (default: every core)")
        ->check(CLI::NonNegativeNumber);
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
    if (!backend.empty()) {
        const std::string name = lowercase(backend);
        const std::string prefix = "libtorch-";
        if (name.rfind(prefix, 0) == 0) {
            engine = exporting::Backend::LibTorch;
            mode = exporting::libTorchModeFromString(name.substr(prefix.size()));
        } else {
            engine = exporting::backendFromString(name);
        }
    }
    exporting::setInferenceThreads(threads);
    return exporting::openInferenceBackend(path, kind(), engine, mode);
}

pipeline::DensityFunction densityFunction(exporting::InferenceBackend& backend) {
    const exporting::ExportMetadata& metadata = backend.metadata();
    const exporting::InputConvention expected =
        exporting::defaultInputConvention(metadata.kind, metadata.inputChannels);
    const exporting::InputConvention& actual = metadata.input;
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

} // namespace crowdkd::cli
