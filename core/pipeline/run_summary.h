#pragma once

#include "pipeline/trainer.h"
#include "pipeline/training_config.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace crowdkd::pipeline {

/// summary.json of a run folder: how the run ended, written by the trainer when it stops.
struct RunSummary {
    TrainingResult result; ///< status, message, figures and checkpoints
    TrainingMode mode = TrainingMode::Student;
    int epochs = 0; ///< the run's length as configured
    std::size_t trainImages = 0;
    std::size_t validationImages = 0;
    std::size_t unlabeledImages = 0; ///< kd: images learnt from the teacher alone
    int worldSize = 1;               ///< processes that trained it (data-parallel), last session

    nlohmann::json toJson() const;
    /// Reads what toJson() wrote; missing keys keep their defaults (older runs stay readable).
    /// Throws std::invalid_argument for an unknown status or mode or a value of the wrong type.
    static RunSummary fromJson(const nlohmann::json& json);
};

/// One log.jsonl record of a training step.
struct TrainRecord {
    int epoch = 0; ///< 1-based
    int batch = 0; ///< 1-based within the epoch
    std::int64_t iteration = 0;
    double lr = 0;
    double loss = 0;
    double lossGroundTruth = 0;
    double lossTeacher = 0;
    double lossAttention = 0;
    double epochMeanLoss = 0;
    double samplesPerSecond = 0;

    nlohmann::json toJson() const;
};

/// One log.jsonl record of a validation.
struct ValidationRecord {
    int epoch = 0; ///< 1-based
    std::int64_t iteration = 0;
    double lr = 0;
    double mae = 0;
    double rmse = 0;
    int images = 0;
    bool best = false; ///< the best MAE so far

    nlohmann::json toJson() const;
};

/// A run's log.jsonl, record by record.
struct RunLog {
    std::vector<TrainRecord> train;
    std::vector<ValidationRecord> validation;

    /// Iterations per epoch, from the first step logged after the first epoch (0 when unknown).
    int iterationsPerEpoch() const;
};

/// What a list of runs shows about one run folder: read without creating anything and opening
/// regular files only (a FIFO planted as summary.json never blocks the reader).
struct RunOverview {
    std::filesystem::path directory;
    TrainingConfig config;                ///< config.json
    std::optional<RunSummary> summary;    ///< nullopt while the run goes, or after it was killed
    bool resumable = false;               ///< has a last.pt
    std::filesystem::path bestCheckpoint; ///< empty when the run has none
};

/// Reads config.json and summary.json of `dir`; nullopt when `dir` holds no run (no config.json).
/// Throws FileError naming the file when one of them is unreadable, too large or not valid.
std::optional<RunOverview> readRunOverview(const std::filesystem::path& dir);

/// Reads the log.jsonl of `dir` (empty when it has none). Lines cut short by a crash are skipped;
/// throws FileError when the log cannot be read.
RunLog readRunLog(const std::filesystem::path& dir);

} // namespace crowdkd::pipeline
