#pragma once

#include "cli_support.h"
#include "pipeline/trainer.h"

#include <CLI/CLI.hpp>

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <thread>

namespace crowdkd::cli {

/// The training options `train` and `experiment` share, as parsed from the command line.
struct TrainingOptions {
    std::string data;
    std::string teacher;
    double alpha = 0.1;
    int epochs = 100;
    double lr = 0;
    int batch = 0;
    int crop = 256;
    int patches = 0;
    std::string optimizer = "adam";
    /// The recipe study's winner (docs/results.md): one cosine from lr down to eta-min over the
    /// whole run, so that every run ends at a small rate instead of anywhere in a swing.
    std::string scheduler = "cosine-restarts";
    int t0 = 0; ///< 0: the whole run (epochs)
    int tMult = 1;
    double etaMin = 0;
    bool schedulePerIteration = false;
    double warmupEpochs = 0;
    std::string lossReduction = "sum";
    double densityScale = 1;
    std::string densityMethod = "adaptive";
    double densitySigma = 15.0;
    int valEvery = 1;
    std::string valSplit;
    std::string trainSplit = "train_data";
    int maxImages = 0;
    std::uint64_t seed = 1;
    std::string device = "auto";
    int threads = 0;
    std::string precision = "fp32";
    int workers = 2;
    bool noFlip = false;
    double scaleJitter = 0;
    double gammaJitter = 0;
    bool teacherOnTheFly = false;
    int logEvery = 10;
    bool json = false;
    std::string distBackend = "auto";
    double distTimeoutSeconds = 300;
};

/// Adds the shared training options to `command`, storing into `options`.
void addTrainingOptions(CLI::App* command, TrainingOptions& options);

/// The engine configuration of parsed options (mode set by the caller).
pipeline::TrainingConfig toTrainingConfig(const TrainingOptions& options);

/// This process's place in a data-parallel training, from the environment torchrun, Slurm
/// wrappers or `train --nproc` set (docs/distributed.md) with --dist-backend and --dist-timeout
/// applied; nullopt when it trains alone. Throws CLI::ValidationError for bad variables and for a
/// --batch (`batch`, 0 when the run's own) that does not divide among the processes.
std::optional<pipeline::DistributedSettings> distributedSettings(const TrainingOptions& options,
                                                                 int batch);

/// Refuses, as a usage error of --batch, a global batch of `batch` crops that does not divide
/// among `processes` ranks.
void requireBatchDivides(int batch, int processes);

/// What a rank other than 0 of a data-parallel training says: its messages and validations on
/// stderr, each line prefixed with the rank (rank 0 shows the progress).
class RankLogListener : public pipeline::TrainingListener {
public:
    explicit RankLogListener(int rank)
        : m_prefix("[rank " + std::to_string(rank) + "] ") {}
    void onMessage(const pipeline::TrainingMessage& message) override;
    void onValidation(const pipeline::ValidationReport& report) override;

private:
    std::string m_prefix;
};

/// Renders training events on stderr (a progress bar, validation lines) or, with --json, as JSON
/// lines on stdout.
class CliTrainingListener : public pipeline::TrainingListener {
public:
    CliTrainingListener(std::string label, bool json);

    void onStarted(const pipeline::TrainingStarted& started) override;
    void onIteration(const pipeline::IterationProgress& progress) override;
    void onValidation(const pipeline::ValidationReport& report) override;
    void onCheckpoint(const pipeline::CheckpointSaved& saved) override;
    void onMessage(const pipeline::TrainingMessage& message) override;

    /// Ends the progress bar's line.
    void finish();

private:
    std::string m_label;
    bool m_json;
    std::unique_ptr<ProgressBar> m_bar;
    std::string m_lastMessage;
};

/// Turns Ctrl-C (SIGINT) into a cooperative cancellation of `control` while it lives; a second
/// Ctrl-C terminates at once. With a time limit (seconds > 0) it also cancels once the limit has
/// passed, which leaves the same resumable checkpoint (`train --time-limit`).
class InterruptToCancel {
public:
    explicit InterruptToCancel(pipeline::TrainingControl& control, double timeLimitSeconds = 0);
    ~InterruptToCancel();

    /// True when the cancellation came from the time limit, not from Ctrl-C.
    bool timeLimitReached() const { return m_timeLimitReached; }

private:
    pipeline::TrainingControl& m_control;
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_timeLimitReached{false};
    std::thread m_watcher;
};

/// Prints a finished session's outcome (or its JSON) and throws std::runtime_error when it did not
/// finish, so that the command exits with status 1.
/// A run stopped by `--time-limit` is reported as stopped (not failed) with how to continue.
void reportTrainingResult(const pipeline::TrainingResult& result, bool json,
                          bool timeLimitReached = false);

} // namespace crowdkd::cli
