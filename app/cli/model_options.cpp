#include "model_options.h"

namespace crowdkd::cli {

void ModelOptions::addTo(CLI::App& command) {
    command
        .add_option("--model", model, "Architecture: mcnn or msfanet (default: from the weights)")
        ->check(CLI::IsMember({"mcnn", "msfanet", "m-sfanet"}, CLI::ignore_case));
    command.add_option("--weights", weights, "Weights: a PyTorch .pth state dict or checkpoint")
        ->required();
    command.add_option("--threads", threads, "LibTorch threads (default: every core)")
        ->check(CLI::NonNegativeNumber);
}

std::optional<nn::ModelKind> ModelOptions::kind() const {
    if (model.empty())
        return std::nullopt;
    return nn::modelKindFromString(model);
}

} // namespace crowdkd::cli
