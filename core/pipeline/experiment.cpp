#include "pipeline/experiment.h"

#include "base/error.h"
#include "base/file_guards.h"
#include "base/file_io.h"
#include "base/fnv1a.h"
#include "data/dataset.h"
#include "pipeline/model_loader.h"
#include "pipeline/run_directory.h"
#include "pipeline/run_summary.h"
#include "pipeline/training_checkpoint.h"
#include "pipeline/validation.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <optional>
#include <sstream>

namespace crowdkd::pipeline {

namespace fs = std::filesystem;

namespace {

/// What makes a run the one an experiment asks for: its settings with paths made absolute, but
/// not those a process may choose for itself, nor the epochs (a longer experiment extends its
/// runs).
nlohmann::json runIdentity(const TrainingConfig& config) {
    nlohmann::json json = configToJson(config);
    for (const char* own : {"threads", "workers", "device", "log_every", "epochs"})
        json.erase(own);
    const auto absolute = [](nlohmann::json& value) {
        const std::string text = value.get<std::string>();
        std::error_code ec;
        const fs::path path =
            text.empty() ? fs::path() : fs::weakly_canonical(pathFromUtf8(text), ec);
        if (!text.empty() && !ec)
            value = pathToUtf8(path);
    };
    for (const char* key : {"data", "teacher", "backbone_weights"})
        absolute(json[key]);
    for (nlohmann::json& folder : json["unlabeled"])
        absolute(folder);
    return json;
}

/// The first setting in which two run identities differ ("alpha: 0.7, not 0.1").
std::string firstDifference(const nlohmann::json& found, const nlohmann::json& wanted) {
    for (const auto& [key, value] : wanted.items()) {
        const auto other = found.find(key);
        if (other == found.end())
            return key + " is missing";
        if (*other != value)
            return key + ": " + other->dump() + ", not " + value.dump();
    }
    return {};
}

std::string modelName(nn::ModelKind kind) {
    return kind == nn::ModelKind::Mcnn ? "MCNN" : "M-SFANet";
}

std::string number(double value, int decimals) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

std::vector<Sample> testSamples(const ExperimentConfig& config) {
    const Dataset dataset = openDataset(config.training.data);
    const Split* split = dataset.findSplit(config.testSplit);
    if (!split)
        throw FileError(config.training.data, "has no split \"" + config.testSplit + "\"");
    std::vector<Sample> samples = split->samples;
    if (config.maxTestImages > 0 && samples.size() > static_cast<std::size_t>(config.maxTestImages))
        samples.resize(static_cast<std::size_t>(config.maxTestImages));
    return samples;
}

/// Counts the test images with the model in `checkpoint`, caching the result in `cacheFile`.
ExperimentRow evaluateOnTest(const std::string& name, const fs::path& checkpoint,
                             const fs::path& cacheFile, const std::vector<Sample>& samples,
                             const TrainingConfig& training, ExperimentListener* listener,
                             TrainingControl* control, bool& cancelled) {
    ExperimentRow row;
    row.name = name;
    row.checkpoint = checkpoint;
    // What the figures depend on: the checkpoint and every test image and its ground truth (a
    // corrected annotation, or another split of the same size, counts again).
    const auto fileStamp = [](const fs::path& file) {
        std::error_code ec;
        const auto size = fs::file_size(file, ec);
        const auto time = fs::last_write_time(file, ec).time_since_epoch().count();
        return pathToUtf8(file) + ":" + std::to_string(size) + ":" + std::to_string(time);
    };
    std::string stamp = fileStamp(checkpoint) + "|" + std::to_string(samples.size());
    std::uint64_t imagesKey = kFnv1aBasis;
    for (const Sample& sample : samples)
        imagesKey =
            fnv1a(imagesKey, fileStamp(sample.imagePath) + fileStamp(sample.groundTruthPath));
    stamp += "|" + std::to_string(imagesKey);
    std::error_code ec;
    if (fs::exists(cacheFile, ec)) {
        try {
            // A figure per test image, some 80 bytes each.
            constexpr std::uint64_t kMaxCacheBytes = std::uint64_t{16} << 20;
            const auto bytes = readFileBytes(cacheFile, kMaxCacheBytes);
            requireShallowJson(bytes, cacheFile);
            const auto json = nlohmann::json::parse(bytes.begin(), bytes.end());
            if (json.value("stamp", "") == stamp) {
                row.model = json.at("model").get<std::string>();
                row.weightsMegabytes = json.at("weights_mb").get<double>();
                row.mae = json.at("mae").get<double>();
                row.rmse = json.at("rmse").get<double>();
                return row;
            }
        } catch (const std::exception&) {
            // Re-evaluate below.
        }
    }
    nn::DensityModel model = loadDensityModel(checkpoint);
    const torch::Device device =
        training.device == "cuda" || (training.device == "auto" && torch::cuda::is_available())
            ? torch::Device(torch::kCUDA)
            : torch::Device(torch::kCPU);
    model.to(device);
    Validator validator(samples, device);
    int done = 0;
    const ValidationMetrics metrics = validator.evaluate(model, [&] {
        if (listener)
            listener->onEvaluation(name, done, static_cast<int>(samples.size()));
        ++done;
        return !(control && control->isCancelRequested());
    });
    if (metrics.cancelled) {
        cancelled = true;
        return row;
    }
    if (listener) // the calls above come before each image: say that the last one is done too
        listener->onEvaluation(name, done, static_cast<int>(samples.size()));
    row.model = modelName(model.kind());
    row.weightsMegabytes = static_cast<double>(model.parameterCount()) * 4 / (1024.0 * 1024.0);
    row.mae = metrics.mae;
    row.rmse = metrics.rmse;
    nlohmann::json perImage = nlohmann::json::array();
    for (std::size_t i = 0; i < samples.size(); ++i)
        perImage.push_back({{"image", samples[i].name},
                            {"truth", metrics.truth[i]},
                            {"predicted", metrics.predicted[i]}});
    requireOwnFile(cacheFile);
    writeFileAtomically(cacheFile, nlohmann::json{{"stamp", stamp},
                                                  {"model", row.model},
                                                  {"weights_mb", row.weightsMegabytes},
                                                  {"mae", row.mae},
                                                  {"rmse", row.rmse},
                                                  {"images", perImage}}
                                           .dump(1) +
                                       "\n");
    return row;
}

void writeTables(ExperimentResult& result, const fs::path& out) {
    std::vector<const ExperimentRow*> table1 = {&result.teacher, &result.student};
    if (result.bestDistilled >= 0)
        table1.push_back(&result.distilled[static_cast<std::size_t>(result.bestDistilled)]);
    std::ostringstream md1, csv1, md2, csv2;
    md1 << "| Model | Weights (MB) | MAE | RMSE |\n| --- | ---: | ---: | ---: |\n";
    csv1 << "model,weights_mb,mae,rmse\n";
    for (const ExperimentRow* row : table1) {
        std::string label = row->name == "teacher"   ? "Teacher (" + row->model + ")"
                            : row->name == "student" ? "Student (" + row->model + ")"
                                                     : "KD student (" + row->model +
                                                           ", α = " + number(row->alpha, 2) + ")";
        md1 << "| " << label << " | " << number(row->weightsMegabytes, 2) << " | "
            << number(row->mae, 2) << " | " << number(row->rmse, 2) << " |\n";
        csv1 << '"' << label << "\"," << number(row->weightsMegabytes, 4) << ","
             << number(row->mae, 4) << "," << number(row->rmse, 4) << "\n";
    }
    md2 << "| α | MAE | RMSE |\n| ---: | ---: | ---: |\n";
    csv2 << "alpha,mae,rmse\n";
    md2 << "| 0 (student) | " << number(result.student.mae, 2) << " | "
        << number(result.student.rmse, 2) << " |\n";
    csv2 << "0," << number(result.student.mae, 4) << "," << number(result.student.rmse, 4) << "\n";
    for (const ExperimentRow& row : result.distilled) {
        md2 << "| " << number(row.alpha, 2) << " | " << number(row.mae, 2) << " | "
            << number(row.rmse, 2) << " |\n";
        csv2 << number(row.alpha, 4) << "," << number(row.mae, 4) << "," << number(row.rmse, 4)
             << "\n";
    }
    result.table1Markdown = out / "table1.md";
    result.table1Csv = out / "table1.csv";
    result.table2Markdown = out / "table2.md";
    result.table2Csv = out / "table2.csv";
    for (const fs::path* table :
         {&result.table1Markdown, &result.table1Csv, &result.table2Markdown, &result.table2Csv})
        requireOwnFile(*table);
    writeFileAtomically(result.table1Markdown, md1.str());
    writeFileAtomically(result.table1Csv, csv1.str());
    writeFileAtomically(result.table2Markdown, md2.str());
    writeFileAtomically(result.table2Csv, csv2.str());
}

} // namespace

std::string distilledRunName(double alpha) {
    std::string text = number(alpha, 3);
    while (text.size() > 1 && text.back() == '0' && text[text.size() - 2] != '.')
        text.pop_back();
    return "kd-alpha-" + text;
}

ExperimentResult runExperiment(const ExperimentConfig& config, ExperimentListener* listener,
                               TrainingControl* control) {
    if (config.teacher.empty())
        throw std::invalid_argument("the experiment needs a teacher");
    if (config.alphas.empty())
        throw std::invalid_argument("the experiment needs at least one alpha");
    RunDirectory outDir(config.out);
    // Two experiments into one folder would train the same runs side by side and mix their tables.
    // Rank 0 alone holds it: the ranks of one experiment share the folder.
    std::optional<RunLock> outLock;
    if (!config.distributed || config.distributed->rank == 0)
        outLock.emplace(outDir.path());
    ExperimentResult result;

    struct Run {
        std::string name;
        TrainingConfig training;
        double alpha;
    };
    std::vector<Run> runs;
    TrainingConfig student = config.training;
    student.mode = TrainingMode::Student;
    student.unlabeled.clear(); // only a teacher can tell what is in them
    runs.push_back({"student", student, -1});
    for (double alpha : config.alphas) {
        TrainingConfig kd = config.training;
        kd.mode = TrainingMode::Kd;
        kd.alpha = alpha;
        kd.teacher = config.teacher;
        runs.push_back({distilledRunName(alpha), kd, alpha});
    }

    std::vector<TrainingResult> trained;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const Run& run = runs[i];
        const fs::path dir = config.out / run.name;
        std::error_code linked;
        if (fs::symlink_status(dir, linked).type() == fs::file_type::symlink)
            throw FileError(dir, "is a symbolic link: an experiment trains its runs in folders of "
                                 "its own, never through a link");
        RunDirectory runDir(dir);
        const auto overview = readRunOverview(dir);
        // A folder left by another experiment (another α, teacher or data) is not this run.
        if (overview) {
            const std::string difference =
                firstDifference(runIdentity(overview->config), runIdentity(run.training));
            if (!difference.empty())
                throw FileError(dir, "holds a run with other settings than this experiment's (" +
                                         difference +
                                         "): choose another output folder, or remove it");
        }
        const bool finished = overview && overview->summary &&
                              overview->summary->result.status == TrainingStatus::Finished &&
                              !overview->bestCheckpoint.empty();
        if (listener)
            listener->onRunStarted(run.name, static_cast<int>(i), static_cast<int>(runs.size()),
                                   finished);
        TrainingResult one;
        if (finished) {
            one.status = TrainingStatus::Finished;
            one.bestMae = overview->summary->result.bestMae;
            one.bestCheckpoint = runDir.bestCheckpointPath();
        } else {
            std::error_code ec;
            // A run resumed goes on with this experiment's length and this machine's settings.
            Trainer::ResumeOptions changes;
            changes.epochs = run.training.epochs;
            changes.threads = run.training.threads;
            changes.workers = run.training.workers;
            changes.device = run.training.device;
            // Precision is part of what a run is (runIdentity): given, it keeps a bf16 run from
            // going on in fp32 on a CPU without bf16, which fails the run with the reason instead.
            changes.precision = run.training.precision;
            Trainer trainer = fs::exists(runDir.lastCheckpointPath(), ec)
                                  ? Trainer::resumeFrom(dir, changes)
                                  : Trainer(run.training, dir);
            if (config.distributed)
                trainer.distributeOver(*config.distributed);
            one = trainer.run(listener, control);
        }
        if (listener)
            listener->onRunFinished(run.name, one);
        if (one.status == TrainingStatus::Cancelled) {
            result.cancelled = true;
            return result;
        }
        if (one.status == TrainingStatus::Failed)
            throw std::runtime_error(run.name + ": " + one.message);
        trained.push_back(one);
    }

    if (config.distributed && config.distributed->rank != 0)
        return result; // rank 0 evaluates and writes the tables

    const std::vector<Sample> samples = testSamples(config);
    bool cancelled = false;
    result.teacher = evaluateOnTest("teacher", config.teacher, config.out / "teacher-test.json",
                                    samples, config.training, listener, control, cancelled);
    for (std::size_t i = 0; i < runs.size() && !cancelled; ++i) {
        const fs::path dir = config.out / runs[i].name;
        ExperimentRow row =
            evaluateOnTest(runs[i].name, trained[i].bestCheckpoint, dir / "test.json", samples,
                           config.training, listener, control, cancelled);
        row.alpha = runs[i].alpha;
        row.validationMae = trained[i].bestMae;
        if (i == 0) {
            result.student = row;
        } else {
            result.distilled.push_back(row);
            const int index = static_cast<int>(result.distilled.size()) - 1;
            if (result.bestDistilled < 0 ||
                row.validationMae <
                    result.distilled[static_cast<std::size_t>(result.bestDistilled)].validationMae)
                result.bestDistilled = index;
        }
    }
    if (cancelled) {
        result.cancelled = true;
        return result;
    }
    writeTables(result, config.out);
    return result;
}

} // namespace crowdkd::pipeline
