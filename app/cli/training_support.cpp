#include "training_support.h"

#include "base/error.h"
#include "cli_support.h"
#include "model_options.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>

namespace crowdkd::cli {

using namespace crowdkd::pipeline;

// The numeric training options are limited as TrainingConfig::validate() limits them; beyond
// that they are usage errors (exit 2), so that a typo fails at once.
using namespace crowdkd::pipeline::limits;

void addTrainingOptions(CLI::App* command, TrainingOptions& o) {
    command->add_option("--data", o.data,
                        "Dataset root (its train_data split is used) or a split folder");
    command->add_option(
        "--teacher", o.teacher,
        "Teacher for kd: a CrowdKD checkpoint or a PyTorch .pth (MCNN or M-SFANet)");
    command->add_option("--alpha", o.alpha, "Weight of the teacher term in kd (default 0.1)")
        ->check(numberIn(0.0, 1.0));
    command->add_option("--epochs", o.epochs, "Epochs (default 100)")
        ->check(integerIn(1, kMaxEpochs));
    command->add_option("--lr", o.lr, "Learning rate (default 1e-4 with Adam, 1e-6 with SGD)")
        ->check(numberIn(0.0, 1.0, /*minExcluded=*/true));
    command->add_option("--batch", o.batch, "Crops per batch (default 4; teacher 2)")
        ->check(integerIn(1, kMaxBatch));
    command
        ->add_option("--crop", o.crop, "Square crop side in pixels; 0 = whole images (default 256)")
        ->check(zeroOrIntegerIn(kMinCrop, kMaxCrop));
    command
        ->add_option("--patches", o.patches,
                     "svishwa's layout instead of random crops: N patches of a quarter of each "
                     "image's width and height, placed once by the seed, each seen every epoch "
                     "(batch 1; default 0: random crops)")
        ->check(integerIn(0, kMaxPatches));
    command->add_option("--optimizer", o.optimizer, "adam or sgd (default adam)")
        ->check(nameIn(optimizerKindFromString));
    command
        ->add_option("--scheduler", o.scheduler,
                     "constant, cosine-restarts or one-cycle (default cosine-restarts: one "
                     "cosine over the whole run, the recipe study's winner)")
        ->check(nameIn(nn::schedulerKindFromString));
    command
        ->add_option("--t0", o.t0,
                     "Cosine restarts: epochs of the first cycle (default: all of --epochs)")
        ->check(integerIn(1, kMaxEpochs));
    command->add_option("--tmult", o.tMult, "Cosine restarts: cycle growth factor (default 1)")
        ->check(integerIn(1, kMaxCycleGrowth));
    command->add_option("--eta-min", o.etaMin, "Cosine restarts: lowest learning rate (default 0)")
        ->check(numberIn(0.0, 1.0));
    command->add_flag("--per-iteration", o.schedulePerIteration,
                      "Step the schedule fractionally after every iteration, not once per epoch");
    command
        ->add_option("--warmup", o.warmupEpochs,
                     "Epochs (fractions too) over which the learning rate rises linearly from "
                     "almost 0 (default 0)")
        ->check(numberIn(0.0, kMaxEpochs));
    command
        ->add_option("--loss-reduction", o.lossReduction,
                     "sum or mean of each map's squared error over its pixels (default sum)")
        ->check(nameIn(nn::lossReductionFromString));
    command
        ->add_option("--density-scale", o.densityScale,
                     "Train against densities times this, as C^3-Framework's 100; checkpoints "
                     "still predict true densities (default 1)")
        ->check(numberIn(0.0, kMaxDensityScale, /*minExcluded=*/true));
    command
        ->add_option("--density-method", o.densityMethod,
                     "Ground-truth density kernels: adaptive or fixed (default adaptive)")
        ->check(nameIn(parseKernelMethod));
    command
        ->add_option("--density-sigma", o.densitySigma,
                     "Gaussian sigma in pixels for --density-method fixed (default 15)")
        ->check(numberIn(0.0, kMaxFixedSigma, /*minExcluded=*/true));
    command->add_option("--val-every", o.valEvery, "Epochs between validations (default 1)")
        ->check(integerIn(1, kMaxEpochs));
    command->add_option(
        "--val-split", o.valSplit,
        "Validate on this split (name or folder) instead of 10% of the training split");
    command->add_option("--train-split", o.trainSplit,
                        "Split to train on (default train_data, else train or Train)");
    command
        ->add_option("--max-images", o.maxImages,
                     "Use at most N training images (quick runs); 0 = all (default)")
        ->check(integerIn(0, kMaxImages));
    command->add_option("--seed", o.seed, "Random seed (default 1)")->check(integerIn(0, kMaxSeed));
    command->add_option("--device", o.device, "auto, cpu or cuda (default auto)")
        ->check(CLI::IsMember({"auto", "cpu", "cuda"}));
    command->add_option("--threads", o.threads, "LibTorch threads; 0 = all cores (default)")
        ->check(integerIn(0, kMaxThreads));
    command
        ->add_option("--precision", o.precision,
                     "fp32 or bf16: MCNN's columns in bfloat16 on a CPU with its instructions "
                     "(AVX-512 BF16, AMX), about 2× the speed, gradients to 8 significant bits "
                     "(default fp32)")
        ->check(nameIn(nn::precisionFromString));
    command->add_option("--workers", o.workers, "Data-loading threads (default 2)")
        ->check(integerIn(1, kMaxWorkers));
    command->add_flag("--no-flip", o.noFlip, "No random horizontal flips");
    command->add_option("--scale-jitter", o.scaleJitter, "Random rescaling by 1 ± J (default 0)")
        ->check(numberIn(0.0, 0.9));
    command
        ->add_option("--gamma-jitter", o.gammaJitter, "Random gamma in [1/(1+J), 1+J] (default 0)")
        ->check(numberIn(0.0, kMaxGammaJitter));
    command->add_flag("--teacher-on-the-fly", o.teacherOnTheFly,
                      "Run the teacher on every crop instead of caching its maps per image");
    command->add_option("--log-every", o.logEvery, "Iterations between log records (default 10)")
        ->check(integerIn(1, kMaxLogEvery));
    command->add_flag("--json", o.json, "Events and the summary as JSON lines on stdout");
    command
        ->add_option("--dist-backend", o.distBackend,
                     "Data-parallel training (WORLD_SIZE > 1): auto, gloo or nccl (default auto: "
                     "gloo on the CPU, nccl on CUDA)")
        ->check(CLI::IsMember({"auto", "gloo", "nccl"}));
    command
        ->add_option("--dist-timeout", o.distTimeoutSeconds,
                     "Data-parallel training: seconds to wait for the other processes before "
                     "failing (default 300)")
        ->check(numberIn(1, 7 * 24 * 3600.0));
}

std::optional<DistributedSettings> distributedSettings(const TrainingOptions& o, int batch) {
    std::optional<DistributedSettings> settings;
    try {
        settings = DistributedSettings::fromEnvironment(
            [](const char* name) { return std::getenv(name); });
    } catch (const std::invalid_argument& error) {
        throw CLI::ValidationError("data-parallel training", error.what());
    }
    if (!settings)
        return settings;
    settings->backend = o.distBackend;
    settings->timeout = std::chrono::milliseconds(std::llround(o.distTimeoutSeconds * 1000));
    if (batch > 0)
        requireBatchDivides(batch, settings->worldSize);
    return settings;
}

void requireBatchDivides(int batch, int processes) {
    if (batch % processes != 0)
        throw CLI::ValidationError(
            "--batch", std::to_string(batch) + " crops do not divide among " +
                           std::to_string(processes) + " processes: use a multiple of " +
                           std::to_string(processes));
}

void RankLogListener::onMessage(const TrainingMessage& message) {
    if (message.total > 0 && message.done != message.total)
        return; // progress: rank 0 shows it
    std::cerr << m_prefix << message.text << "\n";
}

void RankLogListener::onValidation(const ValidationReport& report) {
    std::cerr << m_prefix << "epoch " << report.epoch + 1 << ": validation MAE " << report.mae
              << " RMSE " << report.rmse << "\n";
}

TrainingConfig toTrainingConfig(const TrainingOptions& o) {
    TrainingConfig config;
    config.data = pathFromUtf8(o.data);
    config.teacher = pathFromUtf8(o.teacher);
    config.alpha = o.alpha;
    config.epochs = o.epochs;
    config.lr = o.lr;
    config.batchSize = o.batch;
    config.crop = o.crop;
    config.patches = o.patches;
    config.optimizer = optimizerKindFromString(o.optimizer);
    config.schedule.kind = nn::schedulerKindFromString(o.scheduler);
    config.schedule.t0 = o.t0 > 0 ? o.t0 : o.epochs;
    config.schedule.tMult = o.tMult;
    config.schedule.etaMin = o.etaMin;
    config.schedule.perIteration = o.schedulePerIteration;
    config.schedule.warmupEpochs = o.warmupEpochs;
    config.lossReduction = nn::lossReductionFromString(o.lossReduction);
    config.densityScale = o.densityScale;
    config.density.method = parseKernelMethod(o.densityMethod);
    config.density.sigma = o.densitySigma;
    config.validateEvery = o.valEvery;
    config.validationSplit = o.valSplit;
    config.trainSplit = o.trainSplit;
    config.maxImages = o.maxImages;
    config.seed = o.seed;
    config.device = o.device;
    config.threads = o.threads;
    config.precision = nn::precisionFromString(o.precision);
    config.workers = o.workers;
    config.flip = !o.noFlip;
    config.scaleJitter = o.scaleJitter;
    config.gammaJitter = o.gammaJitter;
    config.teacherCache = !o.teacherOnTheFly;
    config.logEvery = o.logEvery;
    return config;
}

CliTrainingListener::CliTrainingListener(std::string label, bool json)
    : m_label(std::move(label))
    , m_json(json) {}

void CliTrainingListener::onStarted(const TrainingStarted& s) {
    if (m_json) {
        std::cout << nlohmann::json{{"event", "started"},
                                    {"mode", s.mode},
                                    {"first_epoch", s.firstEpoch},
                                    {"epochs", s.epochs},
                                    {"iterations_per_epoch", s.iterationsPerEpoch},
                                    {"train_images", s.trainImages},
                                    {"validation_images", s.validationImages},
                                    {"unlabeled_images", s.unlabeledImages},
                                    {"device", s.device},
                                    {"parameters", s.parameterCount}}
                         .dump()
                  << std::endl;
        return;
    }
    if (!m_lastMessage.empty())
        std::cerr << "\n";
    m_lastMessage.clear();
    std::cerr << m_label << ": " << s.mode << " on " << s.device << ", " << s.trainImages
              << " training and " << s.validationImages << " validation images, "
              << (s.unlabeledImages > 0 ? std::to_string(s.unlabeledImages) + " unlabeled images, "
                                        : std::string())
              << s.iterationsPerEpoch << " iterations per epoch"
              << (s.firstEpoch > 0 || s.iteration > 0
                      ? ", resuming at epoch " + std::to_string(s.firstEpoch + 1)
                      : std::string())
              << "\n";
    m_bar =
        std::make_unique<ProgressBar>(m_label, static_cast<std::size_t>(s.epochs) *
                                                   static_cast<std::size_t>(s.iterationsPerEpoch));
    m_bar->update(static_cast<std::size_t>(s.iteration));
}

void CliTrainingListener::onIteration(const IterationProgress& p) {
    if (m_json) {
        std::cout << nlohmann::json{{"event", "iteration"},
                                    {"epoch", p.epoch + 1},
                                    {"iteration", p.iteration},
                                    {"lr", p.lr},
                                    {"loss", p.loss},
                                    {"loss_gt", p.lossGroundTruth},
                                    {"loss_teacher", p.lossTeacher},
                                    {"loss_attention", p.lossAttention},
                                    {"samples_per_second", p.samplesPerSecond},
                                    {"elapsed_seconds", p.elapsedSeconds},
                                    {"eta_seconds", p.etaSeconds}}
                         .dump()
                  << std::endl;
        return;
    }
    if (!m_bar)
        return;
    char detail[160];
    std::snprintf(detail, sizeof detail, "epoch %d/%d loss %.4g lr %.3g %.1f img/s", p.epoch + 1,
                  p.epochs, p.loss, p.lr, p.samplesPerSecond);
    m_bar->update(static_cast<std::size_t>(p.iteration), detail);
}

void CliTrainingListener::onValidation(const ValidationReport& r) {
    if (m_json) {
        std::cout << nlohmann::json{{"event", "validation"},    {"epoch", r.epoch + 1},
                                    {"iteration", r.iteration}, {"mae", r.mae},
                                    {"rmse", r.rmse},           {"best", r.isBest}}
                         .dump()
                  << std::endl;
        return;
    }
    char line[160];
    std::snprintf(line, sizeof line, "\n%s: epoch %d validation MAE %.2f RMSE %.2f%s\n",
                  m_label.c_str(), r.epoch + 1, r.mae, r.rmse, r.isBest ? " (best)" : "");
    std::cerr << line;
}

void CliTrainingListener::onCheckpoint(const CheckpointSaved& saved) {
    if (m_json)
        std::cout << nlohmann::json{{"event", "checkpoint"},
                                    {"path", pathToUtf8(saved.path)},
                                    {"epoch", saved.epoch},
                                    {"iteration", saved.iteration},
                                    {"best", saved.isBest}}
                         .dump()
                  << std::endl;
}

void CliTrainingListener::onMessage(const TrainingMessage& message) {
    if (m_json) {
        std::cout << nlohmann::json{{"event", "message"},
                                    {"text", message.text},
                                    {"done", message.done},
                                    {"total", message.total}}
                         .dump()
                  << std::endl;
        return;
    }
    if (message.total > 0) {
        std::cerr << "\r" << m_label << ": " << message.text << " " << message.done << "/"
                  << message.total << std::flush;
        m_lastMessage = message.text;
    } else {
        if (!m_lastMessage.empty())
            std::cerr << "\n";
        m_lastMessage.clear();
        std::cerr << m_label << ": " << message.text << "\n";
    }
}

void CliTrainingListener::finish() {
    if (m_bar)
        m_bar->finish();
    m_bar.reset();
}

namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void onInterrupt(int) {
    g_interrupted = true;
    std::signal(SIGINT, SIG_DFL); // a second Ctrl-C ends the program at once
}

} // namespace

InterruptToCancel::InterruptToCancel(TrainingControl& control, double timeLimitSeconds)
    : m_control(control) {
    g_interrupted = false;
    std::signal(SIGINT, onInterrupt);
    const auto start = std::chrono::steady_clock::now();
    // The handler may only set a flag; this thread turns it into a cancellation request.
    m_watcher = std::thread([this, start, timeLimitSeconds] {
        while (!m_stop) {
            if (g_interrupted && !m_control.isCancelRequested()) {
                std::cerr << "\ncrowdkd: interrupted; stopping after the current step and saving "
                             "a resumable checkpoint (Ctrl-C again to quit at once)\n";
                m_control.requestCancel();
            }
            if (timeLimitSeconds > 0 && !m_control.isCancelRequested() &&
                secondsSince(start) >= timeLimitSeconds) {
                std::cerr << "\ncrowdkd: time limit reached; stopping after the current step "
                             "and saving a resumable checkpoint\n";
                m_timeLimitReached = true;
                m_control.requestCancel();
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    });
}

InterruptToCancel::~InterruptToCancel() {
    m_stop = true;
    m_watcher.join();
    std::signal(SIGINT, SIG_DFL);
}

void reportTrainingResult(const TrainingResult& r, bool json, bool timeLimitReached) {
    const bool stoppedByLimit = timeLimitReached && r.status == TrainingStatus::Cancelled;
    if (json) {
        std::cout << nlohmann::json{{"event", "finished"},
                                    {"status", toString(r.status)},
                                    {"time_limit_reached", stoppedByLimit},
                                    {"message", r.message},
                                    {"run", pathToUtf8(r.runDirectory)},
                                    {"epochs_done", r.epochsDone},
                                    {"iterations", r.iterations},
                                    {"best_mae", r.bestMae},
                                    {"best_rmse", r.bestRmse},
                                    {"best_epoch", r.bestEpoch},
                                    {"weights_mb", r.weightsMegabytes},
                                    {"wall_seconds", r.wallSeconds},
                                    {"images_per_second", r.imagesPerSecond}}
                         .dump()
                  << std::endl;
    } else if (r.status == TrainingStatus::Finished) {
        char line[256];
        std::snprintf(line, sizeof line,
                      "%d epochs in %.1f s (%.1f images/s); best validation MAE %.2f RMSE %.2f at "
                      "epoch %d; weights %.2f MB\n",
                      r.epochsDone, r.wallSeconds, r.imagesPerSecond, r.bestMae, r.bestRmse,
                      r.bestEpoch, r.weightsMegabytes);
        std::cerr << line << "best: " << pathToUtf8(r.bestCheckpoint) << "\n";
    }
    if (stoppedByLimit) { // what the user asked for: not an error
        std::cerr << pathToUtf8(r.runDirectory) << ": stopped at the time limit after "
                  << r.epochsDone << " epochs; continue with: crowdkd train --resume "
                  << pathToUtf8(r.runDirectory) << "\n";
        return;
    }
    if (r.status == TrainingStatus::Cancelled)
        throw std::runtime_error(pathToUtf8(r.runDirectory) +
                                 ": training cancelled; continue with: crowdkd train --resume " +
                                 pathToUtf8(r.runDirectory));
    if (r.status == TrainingStatus::Failed)
        throw std::runtime_error(r.message);
}

} // namespace crowdkd::cli
