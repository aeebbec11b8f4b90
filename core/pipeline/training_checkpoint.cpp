#include "pipeline/training_checkpoint.h"

#include "base/error.h"
#include "base/file_guards.h"
#include "base/version.h"
#include "pipeline/json_fields.h"

#include <cmath>
#include <stdexcept>

namespace crowdkd::pipeline {

namespace fs = std::filesystem;

namespace {

// The "format" value of the metadata, telling our checkpoints apart from any other JSON.
constexpr const char* kMetadataFormat = "crowdkd-checkpoint";
// Longest metadata read: ours is the configuration and the position, a few kilobytes.
constexpr std::size_t kMaxMetadataBytes = 1 << 20;

} // namespace

std::string inputConvention(const nn::DensityModel& model) {
    if (model.kind() == nn::ModelKind::MsfaNet)
        return "rgb-imagenet";
    return model.inputChannels() == 1 ? "gray-0-255" : "rgb-0-255";
}

nlohmann::json checkpointMetadata(const nn::DensityModel& model, const TrainingConfig& config,
                                  const TrainingPosition& position) {
    return {
        {"format", kMetadataFormat},
        {"crowdkd_version", kVersion},
        {"model",
         {{"kind", nn::toString(model.kind())},
          {"input_channels", model.inputChannels()},
          {"input", inputConvention(model)},
          {"output_stride", model.outputStride()},
          {"size_multiple", model.sizeMultiple()},
          {"parameters", model.parameterCount()}}},
        {"position",
         {{"epoch", position.epoch},
          {"batch_in_epoch", position.batchInEpoch},
          {"iteration", position.iteration},
          {"best_mae", position.bestMae},
          {"best_rmse", position.bestRmse},
          {"best_epoch", position.bestEpoch},
          {"elapsed_seconds", position.elapsedSeconds},
          {"samples_seen", position.samplesSeen},
          {"epoch_loss_sum", position.epochLossSum},
          {"epoch_loss_steps", position.epochLossSteps}}},
        {"config", configToJson(config)},
    };
}

CheckpointInfo checkpointInfo(const nn::Checkpoint& checkpoint) {
    try {
        const std::string& text = checkpoint.metadataJson();
        if (text.size() > kMaxMetadataBytes)
            throw std::length_error("metadata of " + std::to_string(text.size()) +
                                    " bytes (at most " + std::to_string(kMaxMetadataBytes) + ")");
        requireShallowJson(text, checkpoint.path());
        const nlohmann::json json = nlohmann::json::parse(text);
        if (json.value("format", "") != kMetadataFormat)
            throw FileError(checkpoint.path(), "checkpoint metadata has an unknown format");
        CheckpointInfo info;
        const auto& model = json.at("model");
        info.kind = nn::modelKindFromString(model.at("kind").get<std::string>());
        const auto channels = model.value("input_channels", std::int64_t{0});
        if (channels != 0) // 0: the kind's default
            nn::requireInputChannels(channels);
        info.inputChannels = static_cast<int>(channels);
        if (json.contains("config"))
            info.config = configFromJson(json.at("config"));
        if (json.contains("position")) {
            const auto& p = json.at("position");
            TrainingPosition& position = info.position;
            readJsonField(p, "epoch", position.epoch);
            readJsonField(p, "batch_in_epoch", position.batchInEpoch);
            readJsonField(p, "iteration", position.iteration);
            readJsonField(p, "best_mae", position.bestMae);
            readJsonField(p, "best_rmse", position.bestRmse);
            readJsonField(p, "best_epoch", position.bestEpoch);
            readJsonField(p, "elapsed_seconds", position.elapsedSeconds);
            readJsonField(p, "samples_seen", position.samplesSeen);
            readJsonField(p, "epoch_loss_sum", position.epochLossSum);
            readJsonField(p, "epoch_loss_steps", position.epochLossSteps);
            // A resume counts from here: a position no run reaches would loop for ever or index
            // outside the data.
            if (position.epoch < 0 || position.epoch > limits::kMaxEpochs ||
                position.batchInEpoch < 0 || position.iteration < 0 || position.samplesSeen < 0 ||
                position.epochLossSteps < 0 || position.bestEpoch < -1 ||
                !std::isfinite(position.elapsedSeconds) || position.elapsedSeconds < 0 ||
                !std::isfinite(position.epochLossSum))
                throw std::out_of_range("a training position no run reaches (epoch " +
                                        std::to_string(position.epoch) + ", batch " +
                                        std::to_string(position.batchInEpoch) + ", iteration " +
                                        std::to_string(position.iteration) + ")");
        }
        return info;
    } catch (const FileError&) {
        throw;
    } catch (const std::exception& error) {
        throw FileError(checkpoint.path(),
                        std::string("invalid checkpoint metadata: ") + error.what());
    }
}

nn::DensityModel loadCheckpointModel(const fs::path& path) {
    const nn::Checkpoint checkpoint = nn::Checkpoint::open(path);
    const CheckpointInfo info = checkpointInfo(checkpoint);
    nn::DensityModel model(info.kind, info.inputChannels);
    checkpoint.loadModel(*model.module());
    model.eval();
    return model;
}

} // namespace crowdkd::pipeline
