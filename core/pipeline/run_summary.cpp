#include "pipeline/run_summary.h"

#include "base/error.h"
#include "base/file_guards.h"
#include "base/file_io.h"
#include "base/text.h"
#include "pipeline/json_fields.h"
#include "pipeline/run_directory.h"

#include <limits>
#include <stdexcept>
#include <string>

namespace crowdkd::pipeline {

namespace fs = std::filesystem;

namespace {

// Largest config.json or summary.json read: ours are about 1 kB.
constexpr std::uint64_t kMaxRunJsonBytes = 1 << 20;
// Largest log.jsonl read: a six-hour run logging every 10 steps writes about 30 MB.
constexpr std::uint64_t kMaxRunLogBytes = std::uint64_t{512} << 20;

nlohmann::json parseJson(const fs::path& file, std::uint64_t maxBytes) {
    const std::vector<std::uint8_t> bytes = readFileBytes(file, maxBytes);
    requireShallowJson(bytes, file);
    try {
        nlohmann::json json = nlohmann::json::parse(bytes.begin(), bytes.end());
        if (!json.is_object())
            throw FileError(file, "is not a JSON object");
        return json;
    } catch (const nlohmann::json::exception& error) {
        throw FileError(file, std::string("is not valid JSON: ") + error.what());
    }
}

} // namespace

nlohmann::json RunSummary::toJson() const {
    const TrainingResult& r = result;
    return {
        {"status", toString(r.status)},
        {"message", r.message},
        {"mode", toString(mode)},
        {"model", trainedModelKind(mode)},
        {"epochs", epochs},
        {"epochs_done", r.epochsDone},
        {"iterations", r.iterations},
        {"best_mae", r.bestMae},
        {"best_rmse", r.bestRmse},
        {"best_epoch", r.bestEpoch},
        {"final_loss", r.finalLoss},
        {"parameters", r.parameterCount},
        {"weights_mb", r.weightsMegabytes},
        {"wall_seconds", r.wallSeconds},
        {"images_per_second", r.imagesPerSecond},
        {"train_images", trainImages},
        {"validation_images", validationImages},
        {"unlabeled_images", unlabeledImages},
        {"world_size", worldSize},
        {"best_checkpoint", pathToUtf8(r.bestCheckpoint)},
        {"last_checkpoint", pathToUtf8(r.lastCheckpoint)},
    };
}

RunSummary RunSummary::fromJson(const nlohmann::json& json) {
    RunSummary s;
    TrainingResult& r = s.result;
    const std::string status = json.value("status", std::string("failed"));
    const auto parsed = trainingStatusFromString(status);
    if (!parsed)
        throw std::invalid_argument("unknown status \"" + status + "\"");
    r.status = *parsed;
    readJsonField(json, "message", r.message);
    if (json.contains("mode"))
        s.mode = trainingModeFromString(json.at("mode").get<std::string>());
    readJsonField(json, "epochs", s.epochs);
    readJsonField(json, "epochs_done", r.epochsDone);
    readJsonField(json, "iterations", r.iterations);
    readJsonField(json, "best_mae", r.bestMae);
    readJsonField(json, "best_rmse", r.bestRmse);
    readJsonField(json, "best_epoch", r.bestEpoch);
    readJsonField(json, "final_loss", r.finalLoss);
    readJsonField(json, "parameters", r.parameterCount);
    readJsonField(json, "weights_mb", r.weightsMegabytes);
    readJsonField(json, "wall_seconds", r.wallSeconds);
    readJsonField(json, "images_per_second", r.imagesPerSecond);
    readJsonField(json, "train_images", s.trainImages);
    readJsonField(json, "validation_images", s.validationImages);
    readJsonField(json, "unlabeled_images", s.unlabeledImages);
    readJsonField(json, "world_size", s.worldSize);
    std::string best, last;
    readJsonField(json, "best_checkpoint", best);
    readJsonField(json, "last_checkpoint", last);
    r.bestCheckpoint = pathFromUtf8(best);
    r.lastCheckpoint = pathFromUtf8(last);
    return s;
}

nlohmann::json TrainRecord::toJson() const {
    return {{"type", "train"},
            {"epoch", epoch},
            {"batch", batch},
            {"iteration", iteration},
            {"lr", lr},
            {"loss", loss},
            {"loss_gt", lossGroundTruth},
            {"loss_teacher", lossTeacher},
            {"loss_attention", lossAttention},
            {"epoch_mean_loss", epochMeanLoss},
            {"samples_per_second", samplesPerSecond}};
}

nlohmann::json ValidationRecord::toJson() const {
    return {{"type", "validation"}, {"epoch", epoch}, {"iteration", iteration}, {"lr", lr},
            {"mae", mae},           {"rmse", rmse},   {"images", images},       {"best", best}};
}

int RunLog::iterationsPerEpoch() const {
    for (const TrainRecord& record : train)
        if (record.epoch > 1 && record.batch > 0 && record.iteration >= record.batch) {
            const std::int64_t perEpoch = (record.iteration - record.batch) / (record.epoch - 1);
            return perEpoch <= std::numeric_limits<int>::max() ? static_cast<int>(perEpoch) : 0;
        }
    return 0;
}

std::optional<RunOverview> readRunOverview(const fs::path& dir) {
    const RunPaths paths(dir);
    if (!RunDirectory::isRunDirectory(dir))
        return std::nullopt;
    RunOverview overview;
    overview.directory = dir;
    const nlohmann::json config = parseJson(paths.configPath(), kMaxRunJsonBytes);
    try {
        overview.config = configFromJson(config);
    } catch (const std::exception& error) {
        throw FileError(paths.configPath(),
                        std::string("is not a CrowdKD run configuration: ") + error.what());
    }
    std::error_code ec;
    if (fs::exists(paths.summaryPath(), ec)) {
        const nlohmann::json summary = parseJson(paths.summaryPath(), kMaxRunJsonBytes);
        try {
            overview.summary = RunSummary::fromJson(summary);
        } catch (const std::exception& error) {
            throw FileError(paths.summaryPath(),
                            std::string("is not a CrowdKD run summary: ") + error.what());
        }
    }
    overview.resumable = fs::is_regular_file(paths.lastCheckpointPath(), ec);
    if (fs::is_regular_file(paths.bestCheckpointPath(), ec))
        overview.bestCheckpoint = paths.bestCheckpointPath();
    return overview;
}

RunLog readRunLog(const fs::path& dir) {
    RunLog log;
    const fs::path file = RunPaths(dir).logPath();
    std::error_code ec;
    if (!fs::exists(file, ec))
        return log;
    const std::vector<std::uint8_t> bytes = readFileBytes(file, kMaxRunLogBytes);
    std::size_t begin = 0;
    while (begin < bytes.size()) {
        std::size_t end = begin;
        while (end < bytes.size() && bytes[end] != '\n')
            ++end;
        if (end - begin > kMaxJsonLineBytes) { // not a record of ours
            begin = end + 1;
            continue;
        }
        try {
            const nlohmann::json record =
                nlohmann::json::parse(bytes.begin() + begin, bytes.begin() + end);
            const std::string type = record.value("type", std::string());
            if (type == "train") {
                TrainRecord t;
                readJsonField(record, "epoch", t.epoch);
                readJsonField(record, "batch", t.batch);
                readJsonField(record, "iteration", t.iteration);
                readJsonField(record, "lr", t.lr);
                readJsonField(record, "loss", t.loss);
                readJsonField(record, "loss_gt", t.lossGroundTruth);
                readJsonField(record, "loss_teacher", t.lossTeacher);
                readJsonField(record, "loss_attention", t.lossAttention);
                readJsonField(record, "epoch_mean_loss", t.epochMeanLoss);
                readJsonField(record, "samples_per_second", t.samplesPerSecond);
                log.train.push_back(t);
            } else if (type == "validation") {
                ValidationRecord v;
                readJsonField(record, "epoch", v.epoch);
                readJsonField(record, "iteration", v.iteration);
                readJsonField(record, "lr", v.lr);
                readJsonField(record, "mae", v.mae);
                readJsonField(record, "rmse", v.rmse);
                readJsonField(record, "images", v.images);
                readJsonField(record, "best", v.best);
                log.validation.push_back(v);
            }
        } catch (const std::exception&) {
            // a line cut short by a crash, or a record of the wrong shape: skipped
        }
        begin = end + 1;
    }
    return log;
}

} // namespace crowdkd::pipeline
