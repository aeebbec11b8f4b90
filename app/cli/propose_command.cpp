// `crowdkd propose --weights FILE [--model mcnn|msfanet] [--backend ENGINE] --out DIR [--json]
// [--overwrite] [--claim-radius R] [--region-cells N] (IMAGE... | --data SPLIT_DIR)`: head points
// proposed from a model's density map, written as ShanghaiTech ground truth (DIR/GT_<stem>.mat)
// for a labeller to review.
#include "base/error.h"
#include "base/file_io.h"
#include "cli_support.h"
#include "commands.h"
#include "data/dataset.h"
#include "data/ground_truth.h"
#include "data/image_io.h"
#include "export/inference_backend.h"
#include "export/source_model.h"
#include "model_options.h"
#include "pipeline/head_proposals.h"
#include "pipeline/predictor.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>

namespace crowdkd::cli {

namespace {

struct ProposeOptions {
    ModelOptions model;
    std::vector<std::string> images;
    std::string data;
    std::string out;
    bool json = false;
    bool overwrite = false;
    pipeline::ProposalParams proposals;
};

/// The images to propose heads for: those given, or every image of the split (annotated or not).
std::vector<std::filesystem::path> imagesToPropose(const ProposeOptions& options) {
    std::vector<std::filesystem::path> images;
    if (!options.data.empty()) {
        const Split split = openSplit(pathFromUtf8(options.data));
        for (const auto* samples : {&split.samples, &split.unannotated})
            for (const Sample& sample : *samples)
                images.push_back(sample.imagePath);
        std::sort(images.begin(), images.end(), [](const auto& a, const auto& b) {
            return naturalLess(pathToUtf8(a.filename()), pathToUtf8(b.filename()));
        });
        if (images.empty())
            throw FileError(split.path, "no images");
    }
    for (const std::string& image : options.images)
        images.push_back(pathFromUtf8(image));
    return images;
}

/// DIR/GT_<stem>.mat for `image`, refused when it exists and --overwrite is not given.
std::filesystem::path outputFor(const std::filesystem::path& dir,
                                const std::filesystem::path& image, bool overwrite) {
    std::filesystem::path name = "GT_";
    name += image.stem();
    name += ".mat";
    const auto path = dir / name;
    std::error_code error;
    if (!overwrite && std::filesystem::exists(std::filesystem::symlink_status(path, error)))
        throw FileError(path, "exists; pass --overwrite to replace it");
    return path;
}

void runPropose(const ProposeOptions& options) {
    const std::vector<std::filesystem::path> images = imagesToPropose(options);
    const auto outDir = pathFromUtf8(options.out);
    std::error_code error;
    std::filesystem::create_directories(outDir, error);
    if (error)
        throw FileError(outDir, "cannot create the folder: " + error.message());
    // Every target is checked before the first is written, so a refusal changes nothing.
    std::vector<std::filesystem::path> outputs;
    for (const auto& image : images)
        outputs.push_back(outputFor(outDir, image, options.overwrite));
    refuseSharedOutputs(images, outputs);

    const std::unique_ptr<exporting::InferenceBackend> backend = options.model.open();
    const pipeline::DensityFunction model = exporting::densityFunction(*backend);
    nlohmann::json results = nlohmann::json::array();
    ProgressBar progress("proposing", images.size());
    std::size_t totalPoints = 0;
    for (std::size_t i = 0; i < images.size(); ++i) {
        const pipeline::Prediction prediction = pipeline::predictFile(model, images[i]);
        const cv::Mat density = pipeline::densityAsMat(prediction.density);
        const cv::Size imageSize = readImageSize(images[i]);
        const auto geometry =
            pipeline::DensityGeometry::of(density.size(), prediction.inputSize, imageSize);
        const auto proposals = pipeline::proposeHeads(density, geometry, {}, options.proposals);
        std::vector<HeadPoint> points;
        nlohmann::json pointList = nlohmann::json::array();
        std::size_t unsure = 0;
        for (const auto& proposal : proposals) {
            points.push_back(proposal.point);
            pointList.push_back({proposal.point.x, proposal.point.y});
            unsure += proposal.unsure ? 1 : 0;
        }
        writeGroundTruth(outputs[i], points);
        totalPoints += points.size();
        results.push_back({{"image", pathToUtf8(images[i])},
                           {"ground_truth", pathToUtf8(outputs[i])},
                           {"count", prediction.count},
                           {"proposed", points.size()},
                           {"unsure", unsure},
                           {"points", pointList}});
        progress.update(i + 1, pathToUtf8(images[i].filename()));
    }
    progress.finish();

    if (options.json) {
        std::cout << nlohmann::json{{"model", nn::toString(model.kind)},
                                    {"backend", backend->name()},
                                    {"out", pathToUtf8(outDir)},
                                    {"images", results}}
                         .dump(2)
                  << "\n";
        return;
    }
    for (const auto& entry : results)
        std::printf("%zu\t%.2f\t%s\n", entry["proposed"].get<std::size_t>(),
                    entry["count"].get<double>(), entry["ground_truth"].get<std::string>().c_str());
    std::fprintf(stderr, "%zu points proposed for %zu images in %s\n", totalPoints, images.size(),
                 pathToUtf8(outDir).c_str());
}

} // namespace

void addProposalOptions(CLI::App& command, pipeline::ProposalParams& params) {
    command
        .add_option("--claim-radius", params.claimRadius,
                    "Radius, in density cells, of the mass each proposed head claims")
        ->check(numberIn(0.0, 16.0))
        ->capture_default_str();
    command
        .add_option("--region-cells", params.regionCells,
                    "Side, in density cells, of the regions whose integrals set how many heads "
                    "each gets; 0 = the whole image")
        ->check(integerIn(0, 1 << 16))
        ->capture_default_str();
}

void addProposeCommand(CLI::App& app) {
    auto options = std::make_shared<ProposeOptions>();
    CLI::App* command = app.add_subcommand(
        "propose",
        "Propose head points from a model's density map, as ground-truth files to review");
    options->model.addTo(*command);
    command->add_option("--out", options->out, "Folder for the GT_<image stem>.mat files")
        ->required();
    command->add_option("--data", options->data,
                        "Propose for every image of this split folder (annotated or not)");
    command->add_flag("--overwrite", options->overwrite,
                      "Replace .mat files that already exist in --out (refused otherwise)");
    command->add_flag("--json", options->json, "Print the points of each image as JSON");
    addProposalOptions(*command, options->proposals);
    command->add_option("images", options->images, "Images to propose heads for");
    command->callback([options, command] {
        if (options->images.empty() && options->data.empty())
            throw CLI::ValidationError("images", "give images or --data SPLIT_DIR");
        runPropose(*options);
    });
}

} // namespace crowdkd::cli
