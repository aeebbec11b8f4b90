// `crowdkd count --weights FILE [--model mcnn|msfanet] [--backend ENGINE] [--density-out DIR]
// [--json] IMAGE...`: the estimated number of people in each image, optionally with its density map
// as .npy. FILE is any model CrowdKD reads (.onnx, LibTorch archive, checkpoint, .pth).
#include "base/error.h"
#include "base/npy.h"
#include "cli_support.h"
#include "commands.h"
#include "export/inference_backend.h"
#include "export/source_model.h"
#include "model_options.h"
#include "pipeline/predictor.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <memory>

namespace crowdkd::cli {

namespace {

struct CountOptions {
    ModelOptions model;
    std::vector<std::string> images;
    std::string densityOut;
    bool json = false;
};

void runCount(const CountOptions& options) {
    const std::filesystem::path densityDir =
        options.densityOut.empty() ? std::filesystem::path() : pathFromUtf8(options.densityOut);
    // Each image's map is DIR/<stem>.npy, planned before anything is read or written.
    std::vector<std::filesystem::path> imagePaths;
    std::vector<std::filesystem::path> npyPaths;
    for (const std::string& image : options.images) {
        imagePaths.push_back(pathFromUtf8(image));
        std::filesystem::path npyName = imagePaths.back().stem();
        npyName += ".npy";
        npyPaths.push_back(densityDir / npyName);
    }
    if (!densityDir.empty())
        refuseSharedOutputs(imagePaths, npyPaths);

    const std::unique_ptr<exporting::InferenceBackend> backend = options.model.open();
    const pipeline::DensityFunction model = exporting::densityFunction(*backend);
    if (!densityDir.empty()) {
        std::error_code error;
        std::filesystem::create_directories(densityDir, error);
        if (error)
            throw FileError(densityDir, "cannot create the folder: " + error.message());
    }

    nlohmann::json results = nlohmann::json::array();
    ProgressBar progress("counting", options.images.size());
    std::size_t done = 0;
    for (std::size_t i = 0; i < options.images.size(); ++i) {
        const std::string& image = options.images[i];
        const pipeline::Prediction prediction = pipeline::predictFile(model, imagePaths[i]);
        nlohmann::json entry = {{"image", image}, {"count", prediction.count}};
        if (!densityDir.empty()) {
            const auto& npyPath = npyPaths[i];
            writeNpy(npyPath, prediction.density.data_ptr<float>(),
                     {static_cast<std::size_t>(prediction.density.size(0)),
                      static_cast<std::size_t>(prediction.density.size(1))});
            entry["density"] = pathToUtf8(npyPath);
        }
        results.push_back(entry);
        progress.update(++done, image);
    }
    progress.finish();

    if (options.json) {
        std::cout << nlohmann::json{{"model", nn::toString(model.kind)},
                                    {"backend", backend->name()},
                                    {"images", results}}
                         .dump(2)
                  << "\n";
        return;
    }
    for (const auto& entry : results)
        std::printf("%.2f\t%s\n", entry["count"].get<double>(),
                    entry["image"].get<std::string>().c_str());
}

} // namespace

void addCountCommand(CLI::App& app) {
    auto options = std::make_shared<CountOptions>();
    CLI::App* command = app.add_subcommand("count", "Count the people in images with a model");
    options->model.addTo(*command);
    command->add_option("--density-out", options->densityOut,
                        "Write each density map to DIR/<image stem>.npy (float32)");
    command->add_flag("--json", options->json, "Print the counts as JSON");
    command->add_option("images", options->images, "Images to count")->required();
    command->callback([options] { runCount(*options); });
}

} // namespace crowdkd::cli
