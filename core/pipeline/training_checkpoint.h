#pragma once

#include "nn/checkpoint.h"
#include "nn/density_model.h"
#include "pipeline/training_config.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <string>

namespace crowdkd::pipeline {

/// Where a run stands: recorded in every checkpoint so that --resume continues exactly there.
struct TrainingPosition {
    int epoch = 0;              ///< the epoch to run next (0-based), i.e. epochs completed
    int batchInEpoch = 0;       ///< batches of `epoch` already done (non-zero after cancellation)
    std::int64_t iteration = 0; ///< optimizer steps done
    double bestMae = -1;        ///< lowest validation MAE so far (-1: none yet)
    double bestRmse = -1;
    int bestEpoch = -1;        ///< 1-based epoch of bestMae
    double elapsedSeconds = 0; ///< training wall time of all sessions so far
    std::int64_t samplesSeen = 0;
    double epochLossSum = 0; ///< of the losses of `epoch`'s batches done, for its mean
    int epochLossSteps = 0;  ///< how many losses epochLossSum adds up
};

/// The input convention of a model, as recorded in checkpoints: "gray-0-255" (MCNN) or
/// "rgb-imagenet" (M-SFANet).
std::string inputConvention(const nn::DensityModel& model);

/// The metadata JSON of a CrowdKD checkpoint: the model (kind, input channels and convention,
/// stride), the run's configuration and its position.
nlohmann::json checkpointMetadata(const nn::DensityModel& model, const TrainingConfig& config,
                                  const TrainingPosition& position);

/// What a checkpoint says about itself.
struct CheckpointInfo {
    nn::ModelKind kind = nn::ModelKind::Mcnn;
    int inputChannels = 1;
    TrainingConfig config;
    TrainingPosition position;
};

/// Parses a checkpoint's metadata; throws FileError (naming `checkpoint.path()`) when it is
/// invalid.
CheckpointInfo checkpointInfo(const nn::Checkpoint& checkpoint);

/// The model stored in a CrowdKD checkpoint, on the CPU in eval mode. Throws FileError.
/// (pipeline::loadDensityModel loads these as well as PyTorch .pth files.)
nn::DensityModel loadCheckpointModel(const std::filesystem::path& path);

} // namespace crowdkd::pipeline
