#include "pipeline/run_summary.h"

#include "base/error.h"
#include "base/file_io.h"
#include "base/text.h"
#include "pipeline/run_directory.h"

#include <stdexcept>
#include <string>

namespace crowdkd::pipeline {

namespace fs = std::filesystem;

namespace {

// Largest config.json or summary.json read: ours are about 1 kB.
constexpr std::uint64_t kMaxRunJsonBytes = 1 << 20;
// Largest log.jsonl read: a six-hour run logging every 10 steps writes about 30 MB.
constexpr std::uint64_t kMaxRunLogBytes = std::uint64_t{512} << 20;

template <typename T>
void readInto(const nlohmann::json& json, const char* key, T& value) {
    const auto it = json.find(key);
    if (it != json.end() && !it->is_null())
        it->get_to(value);
}

nlohmann::json parseJson(const fs::path& file, std::uint64_t maxBytes) {
    const std::vector<std::uint8_t> bytes = readFileBytes(file, maxBytes);
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
    readInto(json, "message", r.message);
    if (json.contains("mode"))
        s.mode = trainingModeFromString(json.at("mode").get<std::string>());
    readInto(json, "epochs", s.epochs);
    readInto(json, "epochs_done", r.epochsDone);
    readInto(json, "iterations", r.iterations);
    readInto(json, "best_mae", r.bestMae);
    readInto(json, "best_rmse", r.bestRmse);
    readInto(json, "best_epoch", r.bestEpoch);
    readInto(json, "final_loss", r.finalLoss);
    readInto(json, "parameters", r.parameterCount);
    readInto(json, "weights_mb", r.weightsMegabytes);
    readInto(json, "wall_seconds", r.wallSeconds);
    readInto(json, "images_per_second", r.imagesPerSecond);
    readInto(json, "train_images", s.trainImages);
    readInto(json, "validation_images", s.validationImages);
    readInto(json, "unlabeled_images", s.unlabeledImages);
    readInto(json, "world_size", s.worldSize);
    std::string best, last;
    readInto(json, "best_checkpoint", best);
    readInto(json, "last_checkpoint", last);
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
        if (record.epoch > 1 && record.batch > 0)
            return static_cast<int>((record.iteration - record.batch) / (record.epoch - 1));
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
        try {
            const nlohmann::json record =
                nlohmann::json::parse(bytes.begin() + begin, bytes.begin() + end);
            const std::string type = record.value("type", std::string());
            if (type == "train") {
                TrainRecord t;
                readInto(record, "epoch", t.epoch);
                readInto(record, "batch", t.batch);
                readInto(record, "iteration", t.iteration);
                readInto(record, "lr", t.lr);
                readInto(record, "loss", t.loss);
                readInto(record, "loss_gt", t.lossGroundTruth);
                readInto(record, "loss_teacher", t.lossTeacher);
                readInto(record, "loss_attention", t.lossAttention);
                readInto(record, "epoch_mean_loss", t.epochMeanLoss);
                readInto(record, "samples_per_second", t.samplesPerSecond);
                log.train.push_back(t);
            } else if (type == "validation") {
                ValidationRecord v;
                readInto(record, "epoch", v.epoch);
                readInto(record, "iteration", v.iteration);
                readInto(record, "lr", v.lr);
                readInto(record, "mae", v.mae);
                readInto(record, "rmse", v.rmse);
                readInto(record, "images", v.images);
                readInto(record, "best", v.best);
                log.validation.push_back(v);
            }
        } catch (const nlohmann::json::exception&) {
            // a line cut short by a crash, or a record of the wrong shape: skipped
        }
        begin = end + 1;
    }
    return log;
}

} // namespace crowdkd::pipeline
