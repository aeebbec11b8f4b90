#include "pipeline/trainer.h"

#include "base/cancellation.h"
#include "base/error.h"
#include "base/file_guards.h"
#include "base/file_io.h"
#include "base/fnv1a.h"
#include "base/memory_budget.h"
#include "base/name_table.h"
#include "base/version.h"
#include "data/density_cache.h"
#include "data/ground_truth.h"
#include "data/image_io.h"
#include "nn/checkpoint.h"
#include "nn/losses.h"
#include "nn/lr_schedule.h"
#include "nn/mcnn_onednn.h"
#include "pipeline/distributed.h"
#include "pipeline/model_loader.h"
#include "pipeline/predictor.h"
#include "pipeline/run_directory.h"
#include "pipeline/run_summary.h"
#include "pipeline/training_checkpoint.h"
#include "pipeline/training_data.h"
#include "pipeline/validation.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <new>
#include <set>
#include <thread>

namespace crowdkd::pipeline {

namespace fs = std::filesystem;

namespace {

/// The names of the ways a session ends, as summary.json writes them.
constexpr auto kStatusNames = nameTable<TrainingStatus>("status", NameCase::Exact,
                                                        {{TrainingStatus::Finished, "finished"},
                                                         {TrainingStatus::Cancelled, "cancelled"},
                                                         {TrainingStatus::Failed, "failed"}});

using Clock = std::chrono::steady_clock;

/// Whether MCNN can train in bfloat16 here: the CPU has its instructions and LibTorch's oneDNN is
/// on.
bool canTrainInBFloat16() {
    return nn::haveBFloat16Training() && at::globalContext().userEnabledMkldnn();
}

/// Checks that a new run may write `paths`' folder: it holds nothing but its lock, or what a run of
/// ours left that stopped before its first checkpoint (it starts over). Anything else belongs to
/// someone else, whose config.json or log.jsonl a new run must not replace or add to.
void checkFolderTakesNewRun(const RunPaths& paths) {
    static const std::set<std::string> runFiles = {".lock", "config.json", "log.jsonl",
                                                   "summary.json", "best.pt"};
    bool leftByARun = false;
    for (const fs::directory_entry& entry : fs::directory_iterator(paths.path())) {
        const std::string name = pathToUtf8(entry.path().filename());
        if (name.find(".tmp-") != std::string::npos && entry.is_regular_file())
            continue; // a save cut short (see temporarySibling)
        if (runFiles.count(name) == 0)
            throw FileError(paths.path(), "is not empty (it holds " + name +
                                              "): a new run needs a new or empty folder");
        leftByARun = leftByARun || name != ".lock";
    }
    if (!leftByARun)
        return;
    try {
        readConfigFile(paths.configPath());
    } catch (const std::exception& error) {
        throw FileError(paths.path(), std::string("holds files of a run whose configuration cannot "
                                                  "be read (") +
                                          error.what() +
                                          "): a new run needs a new or empty folder");
    }
}

// Batches the prefetcher keeps ready ahead of the training loop.
constexpr int kPrefetchDepth = 4;
// What a training process holds besides one step: LibTorch, the model, its gradients and optimiser
// state (bench_memory: 741 MB for M-SFANet, 200 MB for MCNN), rounded up.
constexpr std::int64_t kTrainingOverheadBytes = std::int64_t{768} << 20;
// The ranks' own share of the teacher's maps, waited for by progress (ProcessGroup::awaitWork).
constexpr const char* kTeacherMapsWork = "caching teacher maps";

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string sizeText(cv::Size size) {
    return std::to_string(size.width) + "x" + std::to_string(size.height);
}

/// Thrown inside the session to end it with a given status.
struct SessionEnd {
    TrainingStatus status;
    std::string message;
};

const Split& findSplit(const Dataset& dataset, const std::string& name, const fs::path& root) {
    if (const Split* split = dataset.findSplit(name))
        return *split;
    if (dataset.splits.size() == 1)
        return dataset.splits.front();
    // The default training split under the other datasets' names for it (UCF-QNRF's Train,
    // JHU-Crowd++'s and NWPU-Crowd's train).
    if (name == TrainingConfig().trainSplit) {
        for (const char* other : {"train", "Train"}) {
            if (const Split* split = dataset.findSplit(other))
                return *split;
        }
    }
    std::string names;
    for (const Split& split : dataset.splits)
        names += (names.empty() ? "" : ", ") + split.name;
    throw FileError(root, "has no split \"" + name + "\"" +
                              (names.empty() ? " (no images with ground truth found)"
                                             : " (found: " + names + ")"));
}

} // namespace

RunSamples selectRunSamples(const TrainingConfig& config) {
    const Dataset dataset = openDataset(config.data);
    const Split& trainSplit = findSplit(dataset, config.trainSplit, config.data);
    std::vector<Sample> pool = trainSplit.samples;
    if (pool.empty())
        throw FileError(trainSplit.path, "has no images with ground truth");
    // A fixed, seeded order decides both the validation images and which images --max-images keeps.
    const auto order = seededPermutation(pool.size(), mixSeed(config.seed, 0x5a11d));
    std::vector<Sample> shuffled;
    for (std::size_t index : order)
        shuffled.push_back(pool[index]);
    if (config.maxImages > 0 && shuffled.size() > static_cast<std::size_t>(config.maxImages))
        shuffled.resize(static_cast<std::size_t>(config.maxImages));

    RunSamples samples;
    if (!config.validationSplit.empty()) {
        std::error_code ec;
        const fs::path asFolder = pathFromUtf8(config.validationSplit);
        const Split validation = fs::is_directory(asFolder, ec)
                                     ? openSplit(asFolder)
                                     : findSplit(dataset, config.validationSplit, config.data);
        samples.validation = validation.samples;
        samples.train = shuffled;
    } else {
        const std::size_t count = std::max<std::size_t>(
            1, static_cast<std::size_t>(std::ceil(shuffled.size() * config.validationFraction)));
        if (shuffled.size() < 2)
            throw FileError(trainSplit.path,
                            "needs at least 2 images to hold some out for validation");
        samples.validation.assign(shuffled.begin(), shuffled.begin() + count);
        samples.train.assign(shuffled.begin() + count, shuffled.end());
    }
    // Natural order inside each set, so that the run does not depend on the permutation above
    // twice.
    auto byName = [](const Sample& a, const Sample& b) { return naturalLess(a.name, b.name); };
    std::sort(samples.train.begin(), samples.train.end(), byName);
    std::sort(samples.validation.begin(), samples.validation.end(), byName);

    // Unlabeled images never include a labeled one (that would train on it twice) nor a
    // validation image (that would leak it into training), nor one image twice.
    const auto identity = [](const fs::path& path) {
        std::error_code ec;
        const fs::path canonical = fs::weakly_canonical(path, ec);
        return ec ? fs::absolute(path).lexically_normal() : canonical;
    };
    std::set<fs::path> taken;
    for (const auto* set : {&samples.train, &samples.validation})
        for (const Sample& sample : *set)
            taken.insert(identity(sample.imagePath));
    for (const fs::path& folder : config.unlabeled) {
        std::vector<Problem> problems;
        int skipped = 0;
        for (Sample& sample : openImageFolder(folder, problems)) {
            if (taken.insert(identity(sample.imagePath)).second)
                samples.unlabeled.push_back(std::move(sample));
            else
                ++skipped;
        }
        for (const Problem& problem : problems)
            samples.notes.push_back(pathToUtf8(problem.path) + ": " + problem.message);
        if (skipped > 0)
            samples.notes.push_back(
                pathToUtf8(folder) + ": " + std::to_string(skipped) +
                " image(s) left out of the unlabeled ones: they are training or validation "
                "images, or listed twice");
    }
    if (!config.unlabeled.empty() && samples.unlabeled.empty())
        throw FileError(
            config.unlabeled.front(),
            "no unlabeled images are left: every one is a training or validation image");
    return samples;
}

namespace {

torch::Device chooseDevice(const std::string& name) {
    if (name == "cuda") {
        if (!torch::cuda::is_available())
            throw std::runtime_error(
                "CUDA was asked for, but this LibTorch has no usable CUDA device");
        return torch::kCUDA;
    }
    if (name == "auto" && torch::cuda::is_available())
        return torch::kCUDA;
    return torch::kCPU;
}

std::unique_ptr<torch::optim::Optimizer> makeOptimizer(const TrainingConfig& config,
                                                       const nn::DensityModel& model) {
    if (config.optimizer == OptimizerKind::Sgd)
        return std::make_unique<torch::optim::SGD>(model.parameters(),
                                                   torch::optim::SGDOptions(config.lr)
                                                       .momentum(config.momentum)
                                                       .weight_decay(config.weightDecay));
    return std::make_unique<torch::optim::Adam>(
        model.parameters(), torch::optim::AdamOptions(config.lr).weight_decay(config.weightDecay));
}

void setLearningRate(torch::optim::Optimizer& optimizer, double lr) {
    for (auto& group : optimizer.param_groups())
        group.options().set_lr(lr);
}

/// Folds a training density scale out of the model while alive, so that what is saved or
/// validated predicts true densities; puts it back when it ends.
class TrueDensityScope {
public:
    TrueDensityScope(nn::DensityModel& model, double scale)
        : m_model(model)
        , m_scale(scale) {
        if (m_scale != 1)
            m_model.scaleOutput(1 / m_scale);
    }
    ~TrueDensityScope() {
        if (m_scale != 1)
            m_model.scaleOutput(m_scale);
    }
    TrueDensityScope(const TrueDensityScope&) = delete;
    TrueDensityScope& operator=(const TrueDensityScope&) = delete;

private:
    nn::DensityModel& m_model;
    double m_scale;
};

/// One training session: everything run() needs, torn down when it returns.
class Session {
public:
    /// `resumeCheckpoint`: the checkpoint to continue from (empty: a new run); `warnings` are
    /// reported when the session starts.
    Session(const TrainingConfig& config, const fs::path& runDir, fs::path resumeCheckpoint,
            std::vector<TrainingMessage> warnings, std::optional<DistributedSettings> distributed,
            TrainingListener* listener, TrainingControl* control)
        : m_config(config.resolved())
        , m_paths(runDir)
        , m_distributed(std::move(distributed))
        , m_rank(m_distributed ? m_distributed->rank : 0)
        , m_worldSize(m_distributed ? m_distributed->worldSize : 1)
        , m_resume(!resumeCheckpoint.empty())
        , m_lastDamaged(m_resume && resumeCheckpoint.filename() != "last.pt")
        , m_resumeCheckpoint(std::move(resumeCheckpoint))
        , m_warnings(std::move(warnings))
        , m_listener(listener ? listener : &m_silent)
        , m_control(control) {
        if (writes()) { // rank 0 alone writes the run folder
            m_run.emplace(runDir);
            m_lock.emplace(m_run->path());
        }
    }

    TrainingResult run();

private:
    /// Whether this process writes the run folder: rank 0, or the only process.
    bool writes() const { return m_rank == 0; }
    void prepare();
    void joinProcessGroup();
    void checkRanksAgree();
    void shareTeacherMaps(bool cancelled);
    /// Runs a collective operation; its failure ends the session naming the ranks that are gone.
    template <typename Operation>
    void collective(Operation&& operation);
    /// Backward and the step's loss parts; data-parallel, the gradients are averaged over the
    /// ranks while it runs, and the loss parts averaged and the ranks agreeing on `stop` in the
    /// same messages.
    void backward(const nn::LossValue& loss, nn::LossParts& parts, bool& stop);
    /// The values each step shares besides gradients: the four loss parts and the stop flag.
    static constexpr std::int64_t kStepValues = 5;
    void checkResources() const;
    void trainEpoch(int epoch, int firstBatch);
    void validate(int epoch);
    void saveCheckpoint(const fs::path& path, bool isBest);
    void keepPreviousCheckpoint();
    void checkCancel();
    void writeSummary(TrainingResult& result, TrainingStatus status, const std::string& message);
    void message(const std::string& text, int done = 0, int total = 0) {
        m_listener->onMessage({text, done, total});
    }
    void message(MessageKind kind, std::vector<std::string> args, const std::string& text,
                 int done = 0, int total = 0) {
        m_listener->onMessage({text, done, total, kind, std::move(args)});
    }
    /// Why a run that ran out of memory failed, naming its data and what to do.
    std::string outOfMemory(const std::string& detail) const {
        return outOfMemoryError(m_config.data, "to train on this data" + detail,
                                "try a smaller --batch or --crop, or close other programs")
            .what();
    }

    TrainingConfig m_config;
    RunPaths m_paths;
    std::optional<DistributedSettings> m_distributed;
    int m_rank;
    int m_worldSize;
    std::unique_ptr<ProcessGroup> m_group;      ///< the other ranks (data-parallel only)
    std::unique_ptr<GradientReducer> m_reducer; ///< the gradients' all-reduce (data-parallel only)
    std::optional<RunDirectory> m_run;          ///< the writer (rank 0 only)
    /// Held for the whole session by the writer: one process at a time writes the folder.
    std::optional<RunLock> m_lock;
    bool m_resume;
    /// Resumed from a fallback because last.pt is unreadable: it must not become previous.pt.
    bool m_lastDamaged;
    fs::path m_resumeCheckpoint;
    std::vector<TrainingMessage> m_warnings;
    TrainingListener m_silent;
    TrainingListener* m_listener;
    TrainingControl* m_control;

    torch::Device m_device = torch::kCPU;
    std::optional<nn::DensityModel> m_model;
    std::optional<nn::DensityModel> m_teacher;
    std::unique_ptr<torch::optim::Optimizer> m_optimizer;
    std::optional<nn::LrSchedule> m_schedule;
    std::unique_ptr<TrainingData> m_data;
    std::unique_ptr<Validator> m_validator;
    RunSamples m_samples;
    TrainingPosition m_position;
    bool m_haveGoodState = false; ///< last.pt may be (re)written: no NaN seen in this session
    bool m_prepared = false;      ///< the model, optimizer and position are set up (resumed)
    int m_batchesPerEpoch = 0;
    double m_lastLr = 0;
    double m_epochLossSum = 0;
    int m_epochLossCount = 0;
    double m_finalLoss = 0;
    Clock::time_point m_sessionStart = Clock::now();
    double m_pausedSeconds = 0;
    double m_elapsedBefore = 0;
    std::int64_t m_sessionSamples = 0;
    std::int64_t m_sessionIterations = 0;
};

void Session::prepare() {
    m_config.validate();
    // Ranks sharing a machine share its cores when the thread count is left to them.
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const int localRanks = m_distributed ? std::max(1, m_distributed->localWorldSize) : 1;
    torch::set_num_threads(m_config.threads > 0 ? m_config.threads
                                                : std::max(1, cores / localRanks));
    m_device = chooseDevice(m_config.device);
    if (m_distributed) {
        if (m_device.is_cuda()) // each rank on its own GPU
            m_device = torch::Device(torch::kCUDA,
                                     static_cast<c10::DeviceIndex>(m_distributed->localRank));
        joinProcessGroup();
    }

    if (m_config.precision == nn::Precision::BFloat16) {
        if (!m_device.is_cpu())
            throw std::invalid_argument("--precision bf16 trains on the CPU: add --device cpu");
        if (!canTrainInBFloat16())
            throw std::invalid_argument("--precision bf16 needs a CPU with bfloat16 instructions "
                                        "(AVX-512 BF16 or AMX) and oneDNN; this one trains in "
                                        "fp32 only");
    }

    // Before this run adds its own density and teacher maps: the cache keeps to its budget.
    if (const std::uint64_t freed = pruneCache(defaultCacheDir(), cacheBudgetBytes()))
        message(MessageKind::CachePruned,
                {std::to_string(freed >> 20), pathToUtf8(defaultCacheDir()),
                 std::to_string(cacheBudgetBytes() >> 30)},
                "Removed " + std::to_string(freed >> 20) +
                    " MiB of least recently used cache entries from " +
                    pathToUtf8(defaultCacheDir()) + " (budget " +
                    std::to_string(cacheBudgetBytes() >> 30) + " GiB, CROWDKD_CACHE_MAX_GB)");
    message(MessageKind::ReadingDataset, {}, "Reading the dataset");
    m_samples = selectRunSamples(m_config);

    for (const std::string& note : m_samples.notes)
        message(note);

    torch::manual_seed(m_config.seed);
    m_model.emplace(m_config.mode == TrainingMode::Teacher ? nn::ModelKind::MsfaNet
                                                           : nn::ModelKind::Mcnn);
    if (!m_resume && !m_config.backboneWeights.empty()) {
        message(MessageKind::BackboneWeights, {pathToUtf8(m_config.backboneWeights)},
                "Starting the encoder from " + pathToUtf8(m_config.backboneWeights));
        loadBackboneWeights(*m_model, m_config.backboneWeights);
    }
    std::optional<nn::Checkpoint> checkpoint;
    if (m_resume) {
        for (const TrainingMessage& warning : m_warnings)
            m_listener->onMessage(warning);
        checkpoint.emplace(nn::Checkpoint::open(m_resumeCheckpoint));
        const CheckpointInfo info = checkpointInfo(*checkpoint);
        checkpoint->loadModel(*m_model->module());
        if (m_config.densityScale != 1)
            m_model->scaleOutput(m_config.densityScale); // checkpoints hold true densities
        m_position = info.position;
        m_elapsedBefore = m_position.elapsedSeconds;
        if (writes())
            m_run->truncateLogAfter(m_position.iteration);
    }
    if (m_group)
        checkRanksAgree();
    if (m_group) // every rank starts from rank 0's weights, new run or resumed
        collective([&] {
            std::vector<torch::Tensor> state = m_model->module()->parameters();
            for (const torch::Tensor& buffer : m_model->module()->buffers())
                state.push_back(buffer);
            m_group->broadcast(state, 0);
        });
    m_model->to(m_device);
    const bool oneDnn = m_device.is_cpu() && at::globalContext().userEnabledMkldnn();
    if (oneDnn) {
        // oneDNN's layouts, and MCNN's columns as oneDNN primitives: twice as fast a step as
        // LibTorch's own path (docs/results.md).
        m_model->useChannelsLast();
        m_model->useOneDnnTraining(m_config.precision);
    }

    m_model->train();
    m_optimizer = makeOptimizer(m_config, *m_model);
    if (m_group)
        m_reducer = std::make_unique<GradientReducer>(*m_group, m_model->parameters(), kStepValues);
    if (checkpoint) {
        if (checkpoint->hasOptimizerState())
            checkpoint->loadOptimizer(*m_optimizer);
        checkpoint->restoreGeneratorState();
    }
    m_schedule.emplace(m_config.schedule);
    m_haveGoodState = true; // from here on, a cancellation can leave a resumable last.pt
    m_prepared = true;

    TrainingDataOptions options;
    options.student = InputSpec::of(*m_model);
    options.crop = m_config.crop;
    options.patchesPerImage = m_config.patches;
    options.flip = m_config.flip;
    options.scaleJitter = m_config.scaleJitter;
    options.gammaJitter = m_config.gammaJitter;
    options.density = m_config.density;
    options.seed = m_config.seed;
    options.unlabeledPerBatch = m_config.unlabeledPerBatch();
    // Alone, a stop may cut a density map short. With other processes it must wait for the step
    // every rank stops after (the stop flag rides on the gradients), or they would be left
    // waiting at a collective this rank never reaches.
    if (m_worldSize == 1)
        options.cancel = [control = m_control] { return control && control->isCancelRequested(); };
    if (m_config.mode == TrainingMode::Kd) {
        message(MessageKind::LoadingTeacher, {pathToUtf8(m_config.teacher)},
                "Loading the teacher " + pathToUtf8(m_config.teacher));
        m_teacher.emplace(loadDensityModel(m_config.teacher));
        m_teacher->to(m_device);
        if (m_device.is_cpu() && at::globalContext().userEnabledMkldnn())
            m_teacher->useChannelsLast();
        m_teacher->eval();
        for (torch::Tensor& parameter : m_teacher->parameters())
            parameter.requires_grad_(false);
        options.teacher = InputSpec::of(*m_teacher);
        options.teacherOnTheFly = !m_config.teacherCache;
    }
    auto densityCache = std::make_shared<DensityCache>();
    std::vector<Sample> trainingSamples = m_samples.train;
    trainingSamples.insert(trainingSamples.end(), m_samples.unlabeled.begin(),
                           m_samples.unlabeled.end());
    m_data = std::make_unique<TrainingData>(std::move(trainingSamples), options, densityCache);
    checkResources();
    m_batchesPerEpoch = m_data->batchesPerEpoch(m_config.batchSize);
    if (m_batchesPerEpoch < 1)
        throw std::invalid_argument(
            "fewer training images (" + std::to_string(m_data->labeledCount()) +
            ") than one batch's labeled crops (" +
            std::to_string(m_config.batchSize - m_config.unlabeledPerBatch()) + ")");

    if (m_teacher && m_config.teacherCache) {
        // Each rank computes every world-size-th map; then they share them. Ranks wait for each
        // other's share as long as it progresses, not just the collectives' timeout.
        const bool done = m_data->cacheTeacherMaps(
            *m_teacher, m_config.teacher, defaultCacheDir() / "teacher",
            [this](int i, int n) {
                message(MessageKind::CachingTeacherMaps, {}, "Caching the teacher's density maps",
                        i, n);
                if (m_group)
                    m_group->reportProgress(kTeacherMapsWork);
                return !(m_control && m_control->isCancelRequested());
            },
            [this](std::size_t i) { return static_cast<int>(i % m_worldSize) == m_rank; });
        if (m_group) {
            collective([&] { m_group->awaitWork(kTeacherMapsWork); });
            shareTeacherMaps(!done);
        } else if (!done)
            throw SessionEnd{TrainingStatus::Cancelled, "cancelled while caching teacher maps"};
    }
    // Each rank validates every world-size-th image; validate() adds up the errors.
    std::vector<Sample> validation;
    for (std::size_t i = 0; i < m_samples.validation.size(); ++i)
        if (static_cast<int>(i % m_worldSize) == m_rank)
            validation.push_back(m_samples.validation[i]);
    m_validator = std::make_unique<Validator>(std::move(validation), m_device);
}

void Session::joinProcessGroup() {
    if (m_config.batchSize % m_worldSize != 0)
        throw std::invalid_argument("a batch of " + std::to_string(m_config.batchSize) +
                                    " crops does not divide among " + std::to_string(m_worldSize) +
                                    " processes: use a --batch that is a multiple of " +
                                    std::to_string(m_worldSize));
    DistributedSettings settings = *m_distributed;
    if (settings.backend == "auto")
        settings.backend = m_device.is_cuda() ? "nccl" : "gloo";
    const std::string rendezvous =
        settings.masterAddress + ":" + std::to_string(settings.masterPort);
    message(MessageKind::JoiningRanks,
            {std::to_string(m_worldSize - 1), std::to_string(m_rank), settings.backend, rendezvous},
            "Joining the other " + std::to_string(m_worldSize - 1) + " training process" +
                (m_worldSize > 2 ? "es" : "") + " as rank " + std::to_string(m_rank) + " (" +
                settings.backend + ", rendezvous " + rendezvous + ")");
    m_group = ProcessGroup::join(settings);
}

void Session::checkRanksAgree() {
    // What every rank must share, each as a 64-bit digest: the settings (but those each process
    // may choose for itself), the data (names and sizes, as mount points may differ), where a
    // resumed run stands, and the program.
    const auto digest = [](const std::string& text) {
        return static_cast<std::int64_t>(fnv1a(kFnv1aBasis, text));
    };
    nlohmann::json settings = configToJson(m_config);
    // Precision on its own: a rank on a CPU without bfloat16 resumes a bf16 run in fp32.
    for (const char* own : {"threads", "workers", "device", "log_every", "precision"})
        settings.erase(own);
    std::string data;
    for (const std::vector<Sample>* list :
         {&m_samples.train, &m_samples.validation, &m_samples.unlabeled}) {
        for (const Sample& sample : *list) {
            std::error_code ec;
            data += sample.name + ":" + std::to_string(fs::file_size(sample.imagePath, ec)) + ":" +
                    (sample.groundTruthPath.empty()
                         ? std::string()
                         : std::to_string(fs::file_size(sample.groundTruthPath, ec))) +
                    "\n";
        }
        data += "|";
    }
    const std::array<std::pair<const char*, std::int64_t>, 5> parts{{
        {"settings", digest(settings.dump())},
        {"precision (bf16 needs AVX-512 BF16 or AMX on every rank)",
         digest(nn::toString(m_config.precision))},
        {"data", digest(data)},
        {"resume point",
         digest(std::to_string(m_position.epoch) + "/" + std::to_string(m_position.batchInEpoch) +
                "/" + std::to_string(m_position.iteration))},
        {"program version", digest(kVersion)},
    }};
    const auto count = static_cast<std::int64_t>(parts.size());
    torch::Tensor reference = torch::empty({count}, torch::kLong);
    for (std::size_t k = 0; k < parts.size(); ++k)
        reference[static_cast<std::int64_t>(k)] = parts[k].second;
    collective([&] { m_group->broadcast({reference}, 0); });
    torch::Tensor differs = torch::zeros({m_worldSize, count}, torch::kLong);
    for (std::size_t k = 0; k < parts.size(); ++k)
        differs[m_rank][static_cast<std::int64_t>(k)] =
            reference[static_cast<std::int64_t>(k)].item<std::int64_t>() != parts[k].second ? 1 : 0;
    collective([&] { m_group->allReduceSum({differs}); });
    std::string found;
    for (int rank = 1; rank < m_worldSize; ++rank) {
        std::string what;
        for (std::size_t k = 0; k < parts.size(); ++k)
            if (differs[rank][static_cast<std::int64_t>(k)].item<std::int64_t>() != 0)
                what += (what.empty() ? "" : ", ") + std::string(parts[k].first);
        if (!what.empty())
            found += (found.empty() ? "" : "; ") + ("rank " + std::to_string(rank) + ": " + what);
    }
    if (!found.empty())
        throw SessionEnd{TrainingStatus::Failed,
                         "the processes do not run the same training (other than rank 0's: " +
                             found + "); start every rank with the same command, data and program"};
}

template <typename Operation>
void Session::collective(Operation&& operation) {
    try {
        operation();
    } catch (const std::exception& error) {
        throw SessionEnd{TrainingStatus::Failed, m_group->explainFailure(error.what())};
    }
}

void Session::shareTeacherMaps(bool cancelled) {
    // First every map's shape (its owner's, zeros from the others, summed), then each map from
    // its owner; a cancellation on any rank stops them all here.
    const std::size_t count = m_data->size();
    torch::Tensor shapes = torch::zeros({static_cast<std::int64_t>(2 * count + 1)}, torch::kLong);
    auto* shape = shapes.data_ptr<std::int64_t>();
    for (std::size_t i = 0; i < count && !cancelled; ++i) {
        if (static_cast<int>(i % m_worldSize) != m_rank)
            continue;
        shape[2 * i] = m_data->teacherMap(i).rows;
        shape[2 * i + 1] = m_data->teacherMap(i).cols;
    }
    shape[2 * count] = cancelled ? 1 : 0;
    collective([&] { m_group->allReduceSum({shapes}); });
    if (shape[2 * count] > 0)
        throw SessionEnd{TrainingStatus::Cancelled, "cancelled while caching teacher maps"};
    // A shape is what another process says: it sizes memory here only if an image could have it
    // (a rank that read other files, or a broken one, is named instead).
    for (std::size_t i = 0; i < count; ++i) {
        const std::int64_t rows = shape[2 * i];
        const std::int64_t cols = shape[2 * i + 1];
        if (rows <= 0 || cols <= 0 || rows > kMaxImagePixels / cols)
            throw SessionEnd{TrainingStatus::Failed,
                             "rank " + std::to_string(i % m_worldSize) + " sent a teacher map of " +
                                 std::to_string(rows) + "×" + std::to_string(cols) + " for " +
                                 pathToUtf8(m_data->samples()[i].imagePath) +
                                 ": do all processes read the same data?"};
    }
    for (std::size_t i = 0; i < count; ++i) {
        const int owner = static_cast<int>(i % m_worldSize);
        cv::Mat map = owner == m_rank ? m_data->teacherMap(i)
                                      : cv::Mat(static_cast<int>(shape[2 * i]),
                                                static_cast<int>(shape[2 * i + 1]), CV_32F);
        const torch::Tensor view = torch::from_blob(map.data, {map.rows, map.cols}, torch::kFloat);
        collective([&] { m_group->broadcast({view}, owner); });
        if (owner != m_rank)
            m_data->setTeacherMap(i, map);
    }
}

void Session::backward(const nn::LossValue& loss, nn::LossParts& parts, bool& stop) {
    if (!m_reducer) {
        loss.total.backward();
        parts = loss.parts(); // read after backward: on a GPU it waits for the step's kernels
        return;
    }
    // The loss parts and the stop flag ride in the last gradient bucket's message, so they are
    // read before backward starts it.
    parts = loss.parts();
    const torch::Tensor shared =
        torch::tensor({static_cast<float>(parts.total), static_cast<float>(parts.groundTruth),
                       static_cast<float>(parts.teacher), static_cast<float>(parts.attention),
                       stop ? 1.0f : 0.0f});
    torch::Tensor mean;
    collective([&] {
        m_reducer->prepare(shared);
        loss.total.backward();
        mean = m_reducer->finish().cpu();
    });
    const float* value = mean.data_ptr<float>();
    parts = {value[0], value[1], value[2], value[3]};
    stop = value[4] > 0;
}

/// Refuses up front, before any training, what cannot work: crops that no training image holds,
/// steps that cannot fit the memory budget, and images M-SFANet would have to see whole (the
/// teacher's maps, teacher-mode validation) beyond it. Only image headers are read.
void Session::checkResources() const {
    const auto imageSizes = [](const std::vector<Sample>& samples) {
        std::vector<cv::Size> sizes;
        for (const Sample& sample : samples)
            sizes.push_back(readImageSize(sample.imagePath));
        return sizes;
    };
    const std::vector<Sample>& trainSamples = m_data->samples(); // labeled, then unlabeled
    const std::vector<cv::Size> trainSizes = imageSizes(trainSamples);
    const std::int64_t budget = memoryBudget();
    const std::string budgetText =
        "the memory budget of " + formatBytes(budget) + " (" + kMemoryBudgetVariable + ")";
    const int channels = m_model->inputChannels();
    std::int64_t perPixel = nn::trainingBytesPerPixel(m_model->kind(), channels);
    if (m_teacher && !m_config.teacherCache)
        perPixel += nn::inferenceBytesPerPixel(m_teacher->kind(), m_teacher->inputChannels());
    const std::int64_t available = budget - kTrainingOverheadBytes;

    const int side = m_data->cropSide();
    if (side > 0) {
        // The image that holds the largest square crop.
        std::size_t roomiest = 0;
        for (std::size_t i = 1; i < trainSizes.size(); ++i)
            if (std::min(trainSizes[i].width, trainSizes[i].height) >
                std::min(trainSizes[roomiest].width, trainSizes[roomiest].height))
                roomiest = i;
        const int room = std::min(trainSizes[roomiest].width, trainSizes[roomiest].height);
        if (side > room)
            throw FileError(trainSamples[roomiest].imagePath,
                            "no training image holds a " + std::to_string(side) + "x" +
                                std::to_string(side) + " crop; this one, the roomiest, is " +
                                sizeText(trainSizes[roomiest]) + ": use --crop " +
                                std::to_string(room) + " or less, or --crop 0 for whole images");
        const std::int64_t batchPixels =
            static_cast<std::int64_t>(m_config.batchSize) * side * side;
        if (batchPixels * perPixel > available) {
            const auto fits = static_cast<std::int64_t>(
                std::sqrt(static_cast<double>(available) /
                          static_cast<double>(perPixel * m_config.batchSize)));
            const int alignment = m_data->alignment();
            throw std::invalid_argument(
                "a training step on " + std::to_string(m_config.batchSize) + " crops of " +
                std::to_string(side) + "x" + std::to_string(side) + " needs about " +
                formatBytes(batchPixels * perPixel + kTrainingOverheadBytes) + ", over " +
                budgetText + ": use --crop " + std::to_string(fits / alignment * alignment) +
                " or less with --batch " + std::to_string(m_config.batchSize) +
                ", or a smaller --batch");
        }
    } else {
        const bool patches = m_config.patches > 0;
        for (std::size_t i = 0; i < trainSizes.size(); ++i) {
            // A patch holds a quarter of its image's width and height.
            const std::int64_t pixels = static_cast<std::int64_t>(trainSizes[i].width) *
                                        trainSizes[i].height / (patches ? 16 : 1);
            if (pixels * perPixel > available)
                throw FileError(trainSamples[i].imagePath,
                                std::string(patches ? "too large to train on in quarter-size "
                                                      "patches (--patches): "
                                                    : "too large to train on whole (--crop 0): ") +
                                    sizeText(trainSizes[i]) + " pixels need about " +
                                    formatBytes(pixels * perPixel + kTrainingOverheadBytes) +
                                    ", over " + budgetText + "; train on crops (--crop 256)");
        }
    }
    // Whole images M-SFANet must see at once: the cached teacher's, teacher-mode validation's.
    const auto checkWhole = [](const nn::DensityModel& model, const std::vector<Sample>& samples,
                               const std::vector<cv::Size>& sizes) {
        if (model.kind() == nn::ModelKind::Mcnn)
            return; // runs in tiles
        const DensityFunction function{model.kind(), model.inputChannels(), {}};
        for (std::size_t i = 0; i < samples.size(); ++i) {
            try {
                planInference(function, sizes[i], model.inputChannels());
            } catch (...) {
                rethrowAsImageError(samples[i].imagePath);
            }
        }
    };
    if (m_teacher && m_config.teacherCache)
        checkWhole(*m_teacher, trainSamples, trainSizes);
    checkWhole(*m_model, m_samples.validation, imageSizes(m_samples.validation));
}

void Session::checkCancel() {
    if (!m_control)
        return;
    if (m_control->isPaused()) {
        const auto start = Clock::now();
        m_listener->onPaused({m_position.epoch, m_position.iteration});
        m_control->waitWhilePaused();
        m_pausedSeconds += secondsSince(start);
        m_listener->onResumed({m_position.epoch, m_position.iteration});
    }
    if (m_control->isCancelRequested())
        throw SessionEnd{TrainingStatus::Cancelled, "cancelled"};
}

void Session::keepPreviousCheckpoint() {
    // A hard link costs no space (a full disk still keeps it) and no copying; file systems
    // without hard links get a copy. Failing to keep it only loses the fallback, never last.pt.
    const fs::path last = m_paths.lastCheckpointPath();
    const fs::path previous = m_paths.previousCheckpointPath();
    std::error_code error;
    if (m_lastDamaged || fs::symlink_status(last, error).type() != fs::file_type::regular)
        return;
    fs::path temp;
    try {
        requireOwnFile(previous);
        temp = temporarySibling(previous); // throws when previous.pt is not ours to replace
    } catch (const FileError&) {
        return;
    }
    fs::create_hard_link(last, temp, error);
    if (error) {
        error.clear();
        fs::copy_file(last, temp, fs::copy_options::overwrite_existing, error);
    }
    if (!error) {
        try {
            replaceFileDurably(temp, previous);
        } catch (const FileError&) {
        }
    }
    // Also after a successful rename: when previous.pt already was a link to last.pt (a save that
    // failed after this point, or a resume from such a folder), rename() of one link over another
    // of the same file does nothing and leaves the temporary name behind (POSIX).
    error.clear();
    fs::remove(temp, error);
}

void Session::saveCheckpoint(const fs::path& path, bool isBest) {
    if (!writes())
        return;
    requireOwnFile(path);
    if (path == m_paths.lastCheckpointPath())
        keepPreviousCheckpoint();
    m_position.elapsedSeconds = m_elapsedBefore + secondsSince(m_sessionStart) - m_pausedSeconds;
    m_position.epochLossSum = m_epochLossSum;
    m_position.epochLossSteps = m_epochLossCount;
    const std::string metadata = checkpointMetadata(*m_model, m_config, m_position).dump();
    {
        const TrueDensityScope trueDensities(*m_model, m_config.densityScale);
        nn::Checkpoint::save(path, *m_model->module(), m_optimizer.get(), metadata);
    }
    if (path == m_paths.lastCheckpointPath())
        m_lastDamaged = false;
    m_listener->onCheckpoint({path, m_position.epoch, m_position.iteration, isBest});
}

void Session::trainEpoch(int epoch, int firstBatch) {
    BatchPrefetcher prefetcher(*m_data, epoch, m_config.batchSize, firstBatch, m_config.workers,
                               kPrefetchDepth,
                               BatchSlice::ofRank(m_rank, m_worldSize, m_config.batchSize));
    const std::int64_t totalIterations =
        static_cast<std::int64_t>(m_config.epochs) * m_batchesPerEpoch;
    // An epoch resumed in its middle goes on with the mean of its steps before.
    m_epochLossSum = firstBatch > 0 ? m_position.epochLossSum : 0;
    m_epochLossCount = firstBatch > 0 ? m_position.epochLossSteps : 0;
    while (true) {
        std::optional<TrainingBatch> batch = prefetcher.next();
        if (!batch)
            break;    // a stop asked for on the epoch's last step lands in the validation after it
        if (!m_group) // the ranks agree on stopping in backward() instead
            checkCancel();
        const double lr = m_schedule->lrFor(epoch, batch->index, m_batchesPerEpoch);
        setLearningRate(*m_optimizer, lr);
        m_lastLr = lr;

        const torch::Tensor input = batch->input.to(m_device);
        const double scale = m_config.densityScale;
        const torch::Tensor target =
            scale != 1 ? batch->target.to(m_device) * scale : batch->target.to(m_device);
        m_optimizer->zero_grad();
        const nn::ModelOutput output = m_model->forward(input);
        nn::LossValue loss;
        switch (m_config.mode) {
        case TrainingMode::Teacher:
            loss = nn::teacherLoss(output.density, output.attention, target);
            break;
        case TrainingMode::Student:
            loss = nn::studentLoss(output.density, target, m_config.lossReduction);
            break;
        case TrainingMode::Kd: {
            const int ratio = m_model->outputStride() / m_teacher->outputStride();
            torch::Tensor teacherMap;
            if (batch->teacherTarget.defined()) {
                teacherMap = batch->teacherTarget.to(m_device);
            } else {
                torch::NoGradGuard noGrad;
                teacherMap = nn::sumPool(
                    m_teacher->forward(batch->teacherInput.to(m_device)).density, ratio);
            }
            const torch::Tensor labeled =
                batch->labeled.defined() ? batch->labeled.to(m_device) : torch::Tensor();
            if (scale != 1)
                teacherMap = teacherMap * scale;
            loss = nn::distillationLoss(output.density, target, teacherMap, m_config.alpha, labeled,
                                        m_config.lossReduction);
            break;
        }
        }
        nn::LossParts parts;
        bool stop = m_control && m_control->isCancelRequested();
        backward(loss, parts, stop);
        const double total = parts.total;
        if (!std::isfinite(total)) {
            m_haveGoodState = false;
            throw SessionEnd{TrainingStatus::Failed,
                             "the loss became " +
                                 std::string(std::isnan(total) ? "NaN" : "infinite") +
                                 " at epoch " + std::to_string(epoch + 1) + ", iteration " +
                                 std::to_string(m_position.iteration + 1) +
                                 " (learning rate too high?); the last good checkpoint is kept"};
        }
        m_optimizer->step();

        const std::int64_t batchSize = batch->size() * m_worldSize;
        m_position.batchInEpoch = batch->index + 1;
        ++m_position.iteration;
        m_position.samplesSeen += batchSize;
        m_sessionSamples += batchSize;
        ++m_sessionIterations;
        m_epochLossSum += total;
        ++m_epochLossCount;

        const bool endOfEpoch = batch->index + 1 == m_batchesPerEpoch;
        if (m_position.iteration % m_config.logEvery == 0 || endOfEpoch) {
            const double elapsed = secondsSince(m_sessionStart) - m_pausedSeconds;
            IterationProgress progress;
            progress.epoch = epoch;
            progress.epochs = m_config.epochs;
            progress.batchInEpoch = batch->index + 1;
            progress.iterationsPerEpoch = m_batchesPerEpoch;
            progress.iteration = m_position.iteration;
            progress.totalIterations = totalIterations;
            progress.lr = lr;
            progress.loss = parts.total;
            progress.lossGroundTruth = parts.groundTruth;
            progress.lossTeacher = parts.teacher;
            progress.lossAttention = parts.attention;
            progress.samplesPerSecond = elapsed > 0 ? m_sessionSamples / elapsed : 0;
            progress.elapsedSeconds = elapsed;
            progress.etaSeconds =
                m_sessionIterations > 0
                    ? elapsed / m_sessionIterations *
                          static_cast<double>(totalIterations - m_position.iteration)
                    : 0;
            TrainRecord record;
            record.epoch = epoch + 1;
            record.batch = batch->index + 1;
            record.iteration = m_position.iteration;
            record.lr = lr;
            record.loss = parts.total;
            record.lossGroundTruth = parts.groundTruth;
            record.lossTeacher = parts.teacher;
            record.lossAttention = parts.attention;
            record.epochMeanLoss = m_epochLossSum / m_epochLossCount;
            record.samplesPerSecond = progress.samplesPerSecond;
            if (writes())
                m_run->appendLog(record.toJson());
            m_listener->onIteration(progress);
        }
        if (stop)
            throw SessionEnd{TrainingStatus::Cancelled, "cancelled"};
    }
    if (m_epochLossCount > 0)
        m_finalLoss = m_epochLossSum / m_epochLossCount;
}

void Session::validate(int epoch) {
    ValidationMetrics metrics;
    if (m_group) { // BatchNorm's running statistics drift apart per rank: validate rank 0's
        const std::vector<torch::Tensor> buffers = m_model->module()->buffers();
        if (!buffers.empty())
            collective([&] { m_group->broadcast(buffers, 0); });
    }
    {
        const TrueDensityScope trueDensities(*m_model, m_config.densityScale);
        metrics = m_validator->evaluate(
            *m_model, [this] { return !(m_control && m_control->isCancelRequested()); });
    }
    m_model->train();
    if (m_group) { // every rank counted its share of the images
        const torch::Tensor sums =
            torch::tensor({metrics.absoluteErrorSum, metrics.squaredErrorSum,
                           static_cast<double>(metrics.images), metrics.cancelled ? 1.0 : 0.0},
                          torch::kDouble);
        collective([&] { m_group->allReduceSum({sums}); });
        const double* sum = sums.data_ptr<double>();
        metrics.images = static_cast<int>(std::lround(sum[2]));
        metrics.cancelled = sum[3] > 0;
        if (metrics.images > 0) {
            metrics.mae = sum[0] / metrics.images;
            metrics.rmse = std::sqrt(sum[1] / metrics.images);
        }
    }
    if (metrics.cancelled)
        throw SessionEnd{TrainingStatus::Cancelled, "cancelled"};
    const bool isBest = m_position.bestMae < 0 || metrics.mae < m_position.bestMae;
    if (isBest) {
        m_position.bestMae = metrics.mae;
        m_position.bestRmse = metrics.rmse;
        m_position.bestEpoch = epoch + 1;
    }
    ValidationRecord record;
    record.epoch = epoch + 1;
    record.iteration = m_position.iteration;
    record.lr = m_lastLr;
    record.mae = metrics.mae;
    record.rmse = metrics.rmse;
    record.images = metrics.images;
    record.best = isBest;
    if (writes())
        m_run->appendLog(record.toJson());
    m_listener->onValidation(
        {epoch, m_position.iteration, metrics.mae, metrics.rmse, isBest, metrics.images});
    if (isBest)
        saveCheckpoint(m_paths.bestCheckpointPath(), true);
}

void Session::writeSummary(TrainingResult& result, TrainingStatus status, const std::string& text) {
    result.status = status;
    result.message = text;
    result.runDirectory = m_paths.path();
    result.epochsDone = m_position.epoch;
    result.iterations = m_position.iteration;
    result.bestMae = m_position.bestMae;
    result.bestRmse = m_position.bestRmse;
    result.bestEpoch = m_position.bestEpoch;
    result.finalLoss = m_finalLoss;
    if (m_model) {
        result.parameterCount = m_model->parameterCount();
        result.weightsMegabytes =
            static_cast<double>(result.parameterCount) * 4 / (1024.0 * 1024.0);
    }
    const double sessionSeconds = secondsSince(m_sessionStart) - m_pausedSeconds;
    result.wallSeconds = m_elapsedBefore + sessionSeconds;
    result.imagesPerSecond = sessionSeconds > 0 ? m_sessionSamples / sessionSeconds : 0;
    std::error_code ec;
    if (fs::exists(m_paths.bestCheckpointPath(), ec))
        result.bestCheckpoint = m_paths.bestCheckpointPath();
    if (fs::exists(m_paths.lastCheckpointPath(), ec))
        result.lastCheckpoint = m_paths.lastCheckpointPath();
    // A resume that failed before its checkpoint loaded knows less than the summary it would
    // replace.
    if (!writes() || (m_resume && !m_prepared))
        return;
    RunSummary summary;
    summary.result = result;
    summary.mode = m_config.mode;
    summary.epochs = m_config.epochs;
    summary.trainImages = m_samples.train.size();
    summary.validationImages = m_samples.validation.size();
    summary.unlabeledImages = m_samples.unlabeled.size();
    summary.worldSize = m_worldSize;
    try {
        m_run->writeJson(m_paths.summaryPath(), summary.toJson());
    } catch (const std::exception& error) {
        if (result.message.empty())
            result.message = error.what();
    }
}

TrainingResult Session::run() {
    TrainingResult result;
    TrainingStatus status = TrainingStatus::Finished;
    std::string text;
    try {
        try {
            if (!m_resume) {
                std::error_code ec;
                if (fs::exists(m_paths.lastCheckpointPath(), ec) ||
                    fs::exists(m_paths.previousCheckpointPath(), ec))
                    throw FileError(m_paths.path(), "already holds a training run (resume it "
                                                    "with --resume, or choose another folder)");
                if (writes()) {
                    checkFolderTakesNewRun(m_paths);
                    m_run->truncateLogAfter(-1); // a stopped run's records, before any step
                    m_run->writeJson(m_paths.configPath(), configToJson(m_config));
                }
            }
            prepare();
            if (m_resume && writes())
                m_run->writeJson(m_paths.configPath(), configToJson(m_config));

            TrainingStarted started;
            started.mode = toString(m_config.mode);
            started.firstEpoch = m_position.epoch;
            started.epochs = m_config.epochs;
            started.iterationsPerEpoch = m_batchesPerEpoch;
            started.iteration = m_position.iteration;
            started.trainImages = static_cast<int>(m_samples.train.size());
            started.validationImages = static_cast<int>(m_samples.validation.size());
            started.unlabeledImages = static_cast<int>(m_samples.unlabeled.size());
            started.device = m_device.is_cuda() ? "cuda" : "cpu";
            started.parameterCount = m_model->parameterCount();
            started.worldSize = m_worldSize;
            started.rank = m_rank;
            m_listener->onStarted(started);
            m_sessionStart = Clock::now();

            while (m_position.epoch < m_config.epochs) {
                const int epoch = m_position.epoch;
                trainEpoch(epoch, m_position.batchInEpoch);
                m_position.epoch = epoch + 1;
                m_position.batchInEpoch = 0;
                if ((epoch + 1) % m_config.validateEvery == 0 || epoch + 1 == m_config.epochs) {
                    try {
                        validate(epoch);
                    } catch (...) {
                        // Stopped during the validation: the checkpoint keeps the epoch's end,
                        // where a resume validates before going on (a failure writes none).
                        m_position.epoch = epoch;
                        m_position.batchInEpoch = m_batchesPerEpoch;
                        throw;
                    }
                }
                saveCheckpoint(m_paths.lastCheckpointPath(), false);
            }
        } catch (const SessionEnd&) {
            throw;
        } catch (const Cancelled&) { // a long step (a density map) stopped on request
            throw SessionEnd{TrainingStatus::Cancelled, "cancelled"};
        } catch (const FileError& error) {
            throw SessionEnd{TrainingStatus::Failed, error.what()};
        } catch (const std::bad_alloc&) {
            throw SessionEnd{TrainingStatus::Failed, outOfMemory("")};
        } catch (const c10::Error& error) {
            const std::string what = error.what_without_backtrace();
            throw SessionEnd{TrainingStatus::Failed,
                             isOutOfMemoryMessage(what) ? outOfMemory(": " + what) : what};
        } catch (const std::exception& error) {
            const std::string what = error.what();
            throw SessionEnd{TrainingStatus::Failed,
                             isOutOfMemoryMessage(what) ? outOfMemory(": " + what) : what};
        }
    } catch (const SessionEnd& end) {
        status = end.status;
        text = end.message;
        if (status == TrainingStatus::Cancelled && m_haveGoodState) {
            try {
                saveCheckpoint(m_paths.lastCheckpointPath(), false);
            } catch (const std::exception& error) {
                status = TrainingStatus::Failed;
                text = std::string("cancelled, but the checkpoint could not be saved: ") +
                       error.what();
            }
        }
    }
    writeSummary(result, status, text);
    return result;
}

} // namespace

std::string toString(TrainingStatus status) {
    return kStatusNames.toString(status);
}

std::optional<TrainingStatus> trainingStatusFromString(std::string_view text) {
    return kStatusNames.find(text);
}

Trainer::Trainer(TrainingConfig config, fs::path runDirectory)
    : m_config(std::move(config))
    , m_runDirectory(std::move(runDirectory)) {}

Trainer Trainer::resumeFrom(const fs::path& runDirectory, std::optional<int> epochs) {
    ResumeOptions options;
    options.epochs = epochs;
    return resumeFrom(runDirectory, options);
}

Trainer Trainer::resumeFrom(const fs::path& runDirectory, const ResumeOptions& options) {
    const fs::path last = runDirectory / "last.pt";
    std::error_code ec;
    if (!fs::exists(last, ec))
        throw FileError(runDirectory, "has no last.pt to resume from");
    // last.pt, else the one it replaced, else the best one: the first that reads back whole.
    const fs::path candidates[] = {last, runDirectory / "previous.pt", runDirectory / "best.pt"};
    std::vector<TrainingMessage> warnings;
    std::optional<FileError> lastError;
    for (const fs::path& candidate : candidates) {
        if (candidate != last && !fs::exists(candidate, ec))
            continue;
        try {
            const CheckpointInfo info = checkpointInfo(nn::Checkpoint::open(candidate));
            TrainingConfig config = info.config;
            config.epochs = options.epochs.value_or(config.epochs);
            config.threads = options.threads.value_or(config.threads);
            config.workers = options.workers.value_or(config.workers);
            config.device = options.device.value_or(config.device);
            config.precision = options.precision.value_or(config.precision);
            // A run begun in bf16 and resumed on a CPU without it goes on in fp32 (its weights
            // and optimizer state are float either way), unless bf16 is asked for again.
            if (!options.precision && config.precision == nn::Precision::BFloat16 &&
                !canTrainInBFloat16()) {
                config.precision = nn::Precision::Float32;
                warnings.push_back({"warning: the run trained in bf16, which cannot run here (it "
                                    "needs AVX-512 BF16 or AMX, and oneDNN); it goes on in fp32",
                                    0,
                                    0,
                                    MessageKind::PrecisionFellBack,
                                    {}});
            }
            Trainer trainer(config, runDirectory);
            trainer.m_resumeCheckpoint = candidate;
            if (candidate != last)
                warnings.push_back({std::string("warning: ") + lastError->what() +
                                    "; resuming from " + pathToUtf8(candidate.filename()) +
                                    " (epoch " + std::to_string(info.position.epoch) +
                                    ", iteration " + std::to_string(info.position.iteration) +
                                    ") instead"});
            trainer.m_warnings = std::move(warnings);
            return trainer;
        } catch (const nn::ExecutableCodeError&) {
            throw; // planted, not damaged: the run folder is not to be trusted
        } catch (const FileError& error) {
            if (!lastError)
                lastError = error; // what is wrong with last.pt
        }
    }
    throw *lastError;
}

TrainingResult Trainer::run(TrainingListener* listener, TrainingControl* control) {
    try {
        Session session(m_config, m_runDirectory, m_resumeCheckpoint, m_warnings, m_distributed,
                        listener, control);
        return session.run();
    } catch (const std::exception& error) {
        // Only the run folder itself could not be created.
        TrainingResult result;
        result.status = TrainingStatus::Failed;
        result.message = error.what();
        result.runDirectory = m_runDirectory;
        return result;
    }
}

} // namespace crowdkd::pipeline
