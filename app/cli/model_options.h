#pragma once

#include "export/inference_backend.h"
#include "nn/density_model.h"
#include "pipeline/predictor.h"

#include <CLI/CLI.hpp>

#include <memory>
#include <optional>
#include <string>

namespace crowdkd::cli {

/// The --model/--weights/--backend/--threads options shared by `eval` and `count`.
struct ModelOptions {
    std::string model;
    std::string weights;
    /// Empty: OpenCV DNN for an `.onnx`, LibTorch (mkldnn) for everything else.
    std::string backend;
    int threads = 0;

    /// Adds the options to `command`.
    void addTo(CLI::App& command);

    /// The kind given with --model, or nullopt to infer it from the weights.
    std::optional<nn::ModelKind> kind() const;

    /// Opens --weights on the chosen engine and sets its threads. Throws crowdkd::FileError naming
    /// the file, std::invalid_argument when the engine cannot run the model.
    std::unique_ptr<exporting::InferenceBackend> open() const;
};

} // namespace crowdkd::cli
