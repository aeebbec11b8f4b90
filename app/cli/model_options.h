#pragma once

#include "nn/density_model.h"

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace crowdkd::cli {

/// The --model/--weights/--threads options shared by `eval` and `count`.
struct ModelOptions {
    std::string model;
    std::string weights;
    int threads = 0;

    /// Adds the options to `command`.
    void addTo(CLI::App& command);

    /// The kind given with --model, or nullopt to infer it from the weights.
    std::optional<nn::ModelKind> kind() const;
};

} // namespace crowdkd::cli
