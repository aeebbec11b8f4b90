#pragma once

#include "data/dataset.h"
#include "pipeline/distributed_settings.h"
#include "pipeline/training_config.h"
#include "pipeline/training_events.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crowdkd::pipeline {

/// The images a run trains and validates on.
struct RunSamples {
    std::vector<Sample> train;
    std::vector<Sample> validation;
    /// Images of config.unlabeled (no ground truth), minus any that are also training or
    /// validation images.
    std::vector<Sample> unlabeled;
    /// What was left out of the unlabeled folders, and why, for the user to read.
    std::vector<std::string> notes;
};

/// The training and validation images `config` selects: its training split, limited to maxImages
/// and minus the held-out validation fraction (both by a seeded order), or its validation split;
/// and the images of its unlabeled folders. Each list is in natural name order. Throws FileError
/// when the data cannot be found.
RunSamples selectRunSamples(const TrainingConfig& config);

/// How a training session ended.
enum class TrainingStatus {
    Finished,  ///< all epochs done
    Cancelled, ///< stopped on request; last.pt holds a resumable state
    Failed     ///< stopped by an error (NaN loss, out of memory, unreadable data…); see message
};

/// "finished", "cancelled" or "failed".
std::string toString(TrainingStatus status);
/// Parses toString's names; nullopt for anything else.
std::optional<TrainingStatus> trainingStatusFromString(std::string_view text);

/// The outcome of Trainer::run(), also written to summary.json.
struct TrainingResult {
    TrainingStatus status = TrainingStatus::Failed;
    std::string message; ///< why it failed or was cancelled (empty when finished)
    int epochsDone = 0;
    std::int64_t iterations = 0;
    double bestMae = -1; ///< -1 when never validated
    double bestRmse = -1;
    int bestEpoch = -1;          ///< 1-based
    double finalLoss = 0;        ///< mean loss of the last epoch run
    double weightsMegabytes = 0; ///< float32 parameters of the trained model, in MB (2^20 bytes)
    std::int64_t parameterCount = 0;
    double wallSeconds = 0;     ///< training time of all sessions
    double imagesPerSecond = 0; ///< training crops per second
    std::filesystem::path runDirectory;
    std::filesystem::path bestCheckpoint; ///< empty when none was written
    std::filesystem::path lastCheckpoint;
};

/// The training engine: trains one model in teacher, student or kd mode into a run folder (see
/// RunDirectory), reporting to a TrainingListener, controlled through a TrainingControl. Runs
/// synchronously on the calling thread (the GUI calls run() on a worker thread).
class Trainer {
public:
    /// A new run of `config` into `runDirectory` (created; an existing run there is an error unless
    /// it is resumed with resumeFrom()).
    Trainer(TrainingConfig config, std::filesystem::path runDirectory);

    /// What a resumed run may set afresh: its length, and what each machine chooses for itself.
    /// Unset fields keep the run's own configuration.
    struct ResumeOptions {
        std::optional<int> epochs;              ///< extends or shortens the run
        std::optional<int> threads;             ///< LibTorch threads (0: all cores)
        std::optional<int> workers;             ///< data-loading threads
        std::optional<std::string> device;      ///< "auto", "cpu" or "cuda"
        std::optional<nn::Precision> precision; ///< fp32, or bf16 where the CPU has it
    };

    /// Continues the run in `runDirectory` from its last.pt, with its own configuration but for
    /// what `options` sets. When last.pt cannot be read (damaged, truncated), the run resumes from
    /// previous.pt (the last.pt before it), else from best.pt, with a warning (a TrainingMessage
    /// when the run starts). Throws FileError when there is nothing readable to resume from; a
    /// value out of range fails the run, as in a new one.
    static Trainer resumeFrom(const std::filesystem::path& runDirectory,
                              const ResumeOptions& options);
    /// resumeFrom() with only the length set, when `epochs` is given.
    static Trainer resumeFrom(const std::filesystem::path& runDirectory,
                              std::optional<int> epochs = std::nullopt);

    /// Trains as one of the ranks `settings` describes (data-parallel, docs/distributed.md): each
    /// rank takes its slice of every batch, gradients are averaged over the ranks, validation and
    /// the teacher's maps are shared out, and only rank 0 writes the run folder. The same seed
    /// trains the same model whatever the number of ranks. Cancelling any rank stops them all at
    /// the same step; pausing is not available.
    void distributeOver(DistributedSettings settings) { m_distributed = std::move(settings); }

    /// Trains until done, cancelled or failed. Never throws for training failures: they come back
    /// as TrainingStatus::Failed with a message (configuration errors included), and summary.json
    /// records the outcome. `listener` and `control` may be null.
    TrainingResult run(TrainingListener* listener = nullptr, TrainingControl* control = nullptr);

private:
    TrainingConfig m_config;
    std::filesystem::path m_runDirectory;
    /// The checkpoint a resumed run continues from (empty for a new run).
    std::filesystem::path m_resumeCheckpoint;
    /// What a resumed run reports first: why it does not start from last.pt, or why it goes on in
    /// fp32.
    std::vector<TrainingMessage> m_warnings;
    std::optional<DistributedSettings> m_distributed;
};

} // namespace crowdkd::pipeline
