// `crowdkd eval --weights FILE --data SPLIT_DIR [--model mcnn|msfanet] [--backend ENGINE] [--json]
// [--per-image CSV] [--threads T] [--points [--radii R,...]]`: MAE and RMSE of a model's counts on
// an annotated split, with any model CrowdKD reads (.onnx, LibTorch archive, checkpoint, .pth);
// with
// --points, also how well the heads proposed from its density locate the annotated ones.
#include "base/error.h"
#include "base/file_io.h"
#include "cli_support.h"
#include "commands.h"
#include "data/dataset.h"
#include "export/inference_backend.h"
#include "export/source_model.h"
#include "model_options.h"
#include "pipeline/evaluator.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>

namespace crowdkd::cli {

namespace {

struct EvalOptions {
    ModelOptions model;
    std::string data;
    std::string perImage;
    bool json = false;
    bool points = false;
    std::vector<double> radii{8.0, 16.0};
    pipeline::ProposalParams proposals;
};

/// A CSV field, quoted when it needs to be.
std::string csvField(const std::string& text) {
    if (text.find_first_of(",\"\n") == std::string::npos)
        return text;
    std::string quoted = "\"";
    for (const char c : text)
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

std::string perImageCsv(const pipeline::EvaluationResult& result) {
    std::ostringstream csv;
    csv.precision(6);
    csv << std::fixed;
    csv << "name,image,width,height,ground_truth,predicted,error,seconds";
    for (const auto& score : result.localisation)
        csv << ",proposed,matched_" << score.radius;
    csv << '\n';
    for (const auto& image : result.images) {
        csv << csvField(image.name) << ',' << csvField(pathToUtf8(image.imagePath)) << ','
            << image.width << ',' << image.height << ',' << image.groundTruthCount << ','
            << image.predictedCount << ',' << image.error() << ',' << image.seconds;
        for (const auto& score : image.localisation)
            csv << ',' << score.proposed << ',' << score.matched;
        csv << '\n';
    }
    return csv.str();
}

void runEval(const EvalOptions& options) {
    const auto weightsPath = pathFromUtf8(options.model.weights);
    const std::unique_ptr<exporting::InferenceBackend> backend = options.model.open();
    const pipeline::DensityFunction model = exporting::densityFunction(*backend);
    const Split split = openSplit(pathFromUtf8(options.data));
    if (split.samples.empty())
        throw FileError(split.path, "has no annotated images");
    if (!split.unannotated.empty())
        std::cerr << "crowdkd: warning: " << split.unannotated.size()
                  << " image(s) without ground truth are left out\n";

    ProgressBar progress("evaluating", split.samples.size());
    pipeline::EvaluationOptions evaluation;
    evaluation.threads = options.model.threads;
    if (options.points) {
        evaluation.matchRadii = options.radii;
        evaluation.proposals = options.proposals;
    }
    evaluation.progress = [&progress](std::size_t done, std::size_t, const auto& image) {
        progress.update(done, image.name);
    };
    const pipeline::EvaluationResult result = pipeline::evaluateSplit(model, split, evaluation);
    progress.finish();

    if (!options.perImage.empty())
        writeFileAtomically(pathFromUtf8(options.perImage), perImageCsv(result));

    if (options.json) {
        nlohmann::json json = {{"model", nn::toString(model.kind)},
                               {"input_channels", model.inputChannels},
                               {"backend", backend->name()},
                               {"weights", pathToUtf8(weightsPath)},
                               {"data", pathToUtf8(split.path)},
                               {"images", result.images.size()},
                               {"mae", result.mae},
                               {"rmse", result.rmse},
                               {"seconds", result.seconds}};
        if (options.points) {
            nlohmann::json scores = nlohmann::json::array();
            for (const auto& score : result.localisation)
                scores.push_back({{"radius", score.radius},
                                  {"precision", score.precision()},
                                  {"recall", score.recall()},
                                  {"f1", score.f1()},
                                  {"matched", score.matched},
                                  {"proposed", score.proposed},
                                  {"annotated", score.annotated}});
            json["points"] = {{"count_mae", result.pointCountMae}, {"radii", scores}};
        }
        std::cout << json.dump(2) << "\n";
        return;
    }
    std::printf("model    %s (%lld parameters)\n", nn::toString(model.kind).c_str(),
                static_cast<long long>(backend->metadata().parameterCount));
    std::printf("backend  %s\n", backend->name().c_str());
    std::printf("data     %s\n", pathToUtf8(split.path).c_str());
    std::printf("images   %zu\n", result.images.size());
    std::printf("MAE      %.2f\n", result.mae);
    std::printf("RMSE     %.2f\n", result.rmse);
    if (options.points) {
        std::printf("points   MAE of the proposed count %.2f\n", result.pointCountMae);
        for (const auto& score : result.localisation)
            std::printf("  %4.0f px  precision %.3f  recall %.3f  F1 %.3f  (%zu of %zu proposed, "
                        "%zu annotated)\n",
                        score.radius, score.precision(), score.recall(), score.f1(), score.matched,
                        score.proposed, score.annotated);
    }
    std::printf("seconds  %.1f (%.2f images/s)\n", result.seconds,
                result.seconds > 0 ? static_cast<double>(result.images.size()) / result.seconds
                                   : 0.0);
}

} // namespace

void addEvalCommand(CLI::App& app) {
    auto options = std::make_shared<EvalOptions>();
    CLI::App* command = app.add_subcommand(
        "eval", "Evaluate a model on an annotated split: MAE and RMSE of counts");
    options->model.addTo(*command);
    command
        ->add_option("--data", options->data,
                     "Split folder (e.g. part_A/test_data), or an NWPU-Crowd split list "
                     "(NWPU-Crowd/val.txt)")
        ->required();
    command->add_flag("--json", options->json, "Print the result as JSON");
    command->add_option("--per-image", options->perImage,
                        "Write per-image counts to this CSV file");
    command->add_flag("--points", options->points,
                      "Also propose head points from each density (as `crowdkd propose`) and "
                      "score them against the annotation: precision, recall and F1 of a "
                      "one-to-one matching at each radius");
    command
        ->add_option("--radii", options->radii,
                     "Matching radii in image pixels for --points, comma-separated")
        ->delimiter(',')
        ->check(numberIn(0.0, 1e4, true))
        ->capture_default_str();
    addProposalOptions(*command, options->proposals);
    command->callback([options] { runEval(*options); });
}

} // namespace crowdkd::cli
