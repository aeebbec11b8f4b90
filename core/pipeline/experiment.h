#pragma once

#include "pipeline/trainer.h"
#include "pipeline/training_config.h"
#include "pipeline/training_events.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace crowdkd::pipeline {

/// The paper's experiment: a plain MCNN student and one distilled student per α, trained under the
/// same seed and budget, then counted on the test split with the teacher.
struct ExperimentConfig {
    TrainingConfig training;       ///< shared settings (mode, alpha and teacher are set per run)
    std::filesystem::path teacher; ///< CrowdKD checkpoint or PyTorch .pth
    std::vector<double> alphas{0.1, 0.3, 0.5, 0.7};
    std::filesystem::path out; ///< one run folder per model below it, and the tables
    std::string testSplit = "test_data";
    int maxTestImages = 0; ///< 0: the whole test split
    /// Train each run data-parallel as this rank (see Trainer::distributeOver); ranks other than 0
    /// only train, rank 0 also counts the test split and writes the tables.
    std::optional<DistributedSettings> distributed;
};

/// One model's line in the tables.
struct ExperimentRow {
    std::string name;  ///< "teacher", "student" or "kd-alpha-0.1"
    std::string model; ///< "MCNN", "M-SFANet"
    double alpha = -1; ///< kd only
    double weightsMegabytes = 0;
    double mae = 0;
    double rmse = 0;
    double validationMae = -1; ///< best validation MAE of a trained run (-1 for the teacher)
    std::filesystem::path checkpoint;
};

struct ExperimentResult {
    bool cancelled = false;
    ExperimentRow teacher;
    ExperimentRow student;
    std::vector<ExperimentRow> distilled; ///< one per α, in the order given
    int bestDistilled = -1;               ///< index of the kd run with the lowest validation MAE
    std::filesystem::path table1Markdown, table1Csv, table2Markdown, table2Csv;
};

/// Receives the experiment's progress: which run trains (and its training events), and evaluation.
class ExperimentListener : public TrainingListener {
public:
    virtual void onRunStarted(const std::string& /*name*/, int /*index*/, int /*count*/,
                              bool /*skipped*/) {}
    virtual void onRunFinished(const std::string& /*name*/, const TrainingResult& /*result*/) {}
    /// Test counting of run `name`: `done` of `total` images counted, before each image and
    /// once more (done == total) when the last is counted.
    virtual void onEvaluation(const std::string& /*name*/, int /*done*/, int /*total*/) {}
};

/// Runs (or, after an interruption, continues) the experiment: finished runs (summary.json says
/// "finished") are skipped, interrupted ones resumed from last.pt, test counts cached per run in
/// test.json. Writes table1.{md,csv} (model, weights MB, MAE, RMSE: teacher, student, best kd
/// student by validation MAE) and table2.{md,csv} (α, MAE, RMSE) into `out`. Throws
/// std::runtime_error when a run fails; returns with cancelled = true when cancelled.
ExperimentResult runExperiment(const ExperimentConfig& config,
                               ExperimentListener* listener = nullptr,
                               TrainingControl* control = nullptr);

/// The folder name of the kd run for `alpha`: "kd-alpha-0.1".
std::string distilledRunName(double alpha);

} // namespace crowdkd::pipeline
