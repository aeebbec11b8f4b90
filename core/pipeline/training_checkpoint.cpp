#include "pipeline/training_checkpoint.h"

#include "base/error.h"
#include "base/version.h"

namespace crowdkd::pipeline {

namespace fs = std::filesystem;

namespace {

// The "format" value of the metadata, telling our checkpoints apart from any other JSON.
constexpr const char* kMetadataFormat = "crowdkd-checkpoint";

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
        const nlohmann::json json = nlohmann::json::parse(checkpoint.metadataJson());
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
            info.position.epoch = p.value("epoch", 0);
            info.position.batchInEpoch = p.value("batch_in_epoch", 0);
            info.position.iteration = p.value("iteration", std::int64_t{0});
            info.position.bestMae = p.value("best_mae", -1.0);
            info.position.bestRmse = p.value("best_rmse", -1.0);
            info.position.bestEpoch = p.value("best_epoch", -1);
            info.position.elapsedSeconds = p.value("elapsed_seconds", 0.0);
            info.position.samplesSeen = p.value("samples_seen", std::int64_t{0});
            info.position.epochLossSum = p.value("epoch_loss_sum", 0.0);
            info.position.epochLossSteps = p.value("epoch_loss_steps", 0);
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
