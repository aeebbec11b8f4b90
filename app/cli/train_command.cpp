// `crowdkd train`: trains an M-SFANet teacher, an MCNN student, or distils a teacher into an MCNN.
#include "base/error.h"
#include "base/file_io.h"
#include "cli_support.h"
#include "commands.h"
#include "local_launcher.h"
#include "training_support.h"

#include <cstdlib>
#include <iostream>

namespace crowdkd::cli {

using namespace crowdkd::pipeline;

namespace {

/// The longest --time-limit in hours: a year, far beyond any run, below any overflow.
constexpr double kMaxTimeLimitHours = 24.0 * 366;
/// The most local training processes --nproc starts.
constexpr int kMaxProcesses = 256;

} // namespace

void addTrainCommand(CLI::App& app) {
    struct Options {
        TrainingOptions training;
        std::string mode = "student";
        std::string out;
        std::string resume;
        double timeLimitHours = 0;
        std::vector<std::string> unlabeled;
        double unlabeledShare = 0.5;
        std::string backboneWeights;
        int processes = 1;
        std::string configFile;
    };
    auto options = std::make_shared<Options>();
    CLI::App* command = app.add_subcommand(
        "train", "Train a teacher (M-SFANet), a student (MCNN) or a distilled student (kd)");
    command->add_option("--mode", options->mode, "teacher, student or kd (default student)")
        ->check(nameIn(trainingModeFromString));
    command->add_option("--out", options->out, "Run folder to create (config, log, checkpoints)");
    command->add_option(
        "--resume", options->resume,
        "Continue the run in this folder from its last.pt (--epochs may extend it)");
    command
        ->add_option("--time-limit", options->timeLimitHours,
                     "Stop after this many hours (fractions too) with a resumable checkpoint, so "
                     "that long training can run over several sittings; 0 = no limit (default)")
        ->check(numberIn(0.0, kMaxTimeLimitHours));
    addTrainingOptions(command, options->training);
    command->add_option("--unlabeled", options->unlabeled,
                        "kd: folders of images without ground truth (never read), learnt from the "
                        "teacher alone (alpha 1 for them); several may be given");
    command
        ->add_option("--unlabeled-share", options->unlabeledShare,
                     "kd with --unlabeled: share of each batch's crops taken from the unlabeled "
                     "images (default 0.5)")
        ->check(numberIn(0.0, 1.0, /*minExcluded=*/true, /*maxExcluded=*/true));
    command
        ->add_option("--nproc", options->processes,
                     "Train with N local processes in data parallel (each takes --batch / N "
                     "crops of every batch; the same seed trains the same model); see "
                     "docs/distributed.md for torchrun and Slurm")
        ->check(integerIn(1, kMaxProcesses));
    command->add_option("--config", options->configFile,
                        "Train with the configuration in FILE (a run's config.json) instead of "
                        "the training options");
    command->add_option("--backbone-weights", options->backboneWeights,
                        "teacher: start M-SFANet's encoder from torchvision's ImageNet vgg16_bn "
                        "state dict (a .pth with features.N.* keys), as the authors do");

    command->callback([options, command] {
        if (options->processes > 1) {
            if (const char* world = std::getenv("WORLD_SIZE"); world && std::atoi(world) > 1)
                throw CLI::ValidationError("--nproc",
                                           "this process is already one of a data-parallel "
                                           "training (WORLD_SIZE is set)");
            TrainingConfig planned = toTrainingConfig(options->training);
            planned.mode = trainingModeFromString(options->mode);
            if (options->resume.empty() && options->configFile.empty())
                requireBatchDivides(planned.resolved().batchSize, options->processes);
            if (!distributedTrainingAvailable())
                throw std::runtime_error("--nproc: this build has no distributed training "
                                         "(LibTorch's c10d with Gloo: libgloo-dev)");
            const int status = launchLocalRanks(options->processes);
            std::cout.flush();
            std::exit(status);
        }
        const auto distributed = distributedSettings(
            options->training,
            options->resume.empty() && options->configFile.empty() ? options->training.batch : 0);
        std::optional<Trainer> trainer;
        if (!options->resume.empty()) {
            // The run keeps its own settings but for those given here.
            Trainer::ResumeOptions changes;
            if (command->count("--epochs") > 0)
                changes.epochs = options->training.epochs;
            if (command->count("--threads") > 0)
                changes.threads = options->training.threads;
            if (command->count("--workers") > 0)
                changes.workers = options->training.workers;
            if (command->count("--device") > 0)
                changes.device = options->training.device;
            if (command->count("--precision") > 0)
                changes.precision = nn::precisionFromString(options->training.precision);
            trainer.emplace(Trainer::resumeFrom(pathFromUtf8(options->resume), changes));
        } else {
            if (options->out.empty())
                throw CLI::RequiredError("--out (or --resume)");
            if (!options->configFile.empty()) {
                trainer.emplace(readConfigFile(pathFromUtf8(options->configFile)),
                                pathFromUtf8(options->out));
            }
        }
        if (!trainer) {
            if (options->training.data.empty())
                throw CLI::RequiredError("--data");
            TrainingConfig config = toTrainingConfig(options->training);
            config.mode = trainingModeFromString(options->mode);
            for (const std::string& folder : options->unlabeled)
                config.unlabeled.push_back(pathFromUtf8(folder));
            config.unlabeledShare = options->unlabeledShare;
            config.backboneWeights = pathFromUtf8(options->backboneWeights);
            trainer.emplace(config, pathFromUtf8(options->out));
        }
        TrainingControl control;
        const int rank = distributed ? distributed->rank : 0;
        if (distributed)
            trainer->distributeOver(*distributed);
        CliTrainingListener listener("train", options->training.json);
        RankLogListener rankLog(rank);
        TrainingResult result;
        bool timeLimitReached = false;
        {
            InterruptToCancel interrupt(control, options->timeLimitHours * 3600.0);
            result = trainer->run(rank == 0 ? static_cast<TrainingListener*>(&listener) : &rankLog,
                                  &control);
            timeLimitReached = interrupt.timeLimitReached();
        }
        if (rank != 0) { // rank 0 reports the run
            if (result.status == TrainingStatus::Failed)
                throw std::runtime_error("rank " + std::to_string(rank) + ": " + result.message);
            return;
        }
        listener.finish();
        reportTrainingResult(result, options->training.json, timeLimitReached);
    });
}

} // namespace crowdkd::cli
