#include "pipeline/training_config.h"

#include "base/error.h"
#include "base/file_guards.h"
#include "base/file_io.h"
#include "base/name_table.h"
#include "nn/density_model.h"
#include "pipeline/json_fields.h"

#include <cmath>
#include <stdexcept>

namespace crowdkd::pipeline {

namespace {

// Defaults where the configuration says 0; why these values: docs/training.md.
constexpr double kDefaultAdamLr = 1e-4; // trains both models well with the summed loss
constexpr double kDefaultSgdLr = 1e-6;  // summed loss gradients are large; SGD needs small steps
constexpr int kDefaultBatch = 4;        // 4 crops of 256² keep an MCNN step ~0.3 s on 2 cores
constexpr int kDefaultTeacherBatch = 2; // M-SFANet's BatchNorm after global pooling needs >= 2

/// The names of the training modes and optimizers, as written.
constexpr auto kModeNames = nameTable<TrainingMode>("training mode", NameCase::Exact,
                                                    {{TrainingMode::Teacher, "teacher"},
                                                     {TrainingMode::Student, "student"},
                                                     {TrainingMode::Kd, "kd"}});
constexpr auto kOptimizerNames = nameTable<OptimizerKind>(
    "optimizer", NameCase::Exact, {{OptimizerKind::Adam, "adam"}, {OptimizerKind::Sgd, "sgd"}});

std::vector<std::string> pathsToUtf8(const std::vector<std::filesystem::path>& paths) {
    std::vector<std::string> texts;
    for (const std::filesystem::path& path : paths)
        texts.push_back(pathToUtf8(path));
    return texts;
}

} // namespace

std::string toString(TrainingMode mode) {
    return kModeNames.toString(mode);
}

TrainingMode trainingModeFromString(const std::string& text) {
    return kModeNames.fromString(text);
}

std::string toString(OptimizerKind kind) {
    return kOptimizerNames.toString(kind);
}

OptimizerKind optimizerKindFromString(const std::string& text) {
    return kOptimizerNames.fromString(text);
}

std::string trainedModelKind(TrainingMode mode) {
    return nn::toString(mode == TrainingMode::Teacher ? nn::ModelKind::MsfaNet
                                                      : nn::ModelKind::Mcnn);
}

TrainingConfig TrainingConfig::resolved() const {
    TrainingConfig config = *this;
    if (config.lr <= 0)
        config.lr = config.optimizer == OptimizerKind::Adam ? kDefaultAdamLr : kDefaultSgdLr;
    if (config.batchSize <= 0)
        config.batchSize =
            config.mode == TrainingMode::Teacher ? kDefaultTeacherBatch : kDefaultBatch;
    if ((config.crop == 0 || config.patches > 0) && config.mode != TrainingMode::Teacher)
        config.batchSize = 1; // whole images and patches differ in size
    config.schedule.baseLr = config.lr;
    config.schedule.totalEpochs = config.epochs;
    if (config.validateEvery <= 0)
        config.validateEvery = 1;
    if (config.logEvery <= 0)
        config.logEvery = 1;
    if (config.workers <= 0)
        config.workers = 1;
    return config;
}

void TrainingConfig::validate() const {
    if (data.empty())
        throw std::invalid_argument("no training data given");
    if (mode == TrainingMode::Kd && teacher.empty())
        throw std::invalid_argument("kd mode needs a teacher (--teacher FILE)");
    if (alpha < 0 || alpha > 1)
        throw std::invalid_argument("alpha must lie in [0, 1]");
    if (epochs < 1 || epochs > limits::kMaxEpochs)
        throw std::invalid_argument("epochs must lie in [1, " + std::to_string(limits::kMaxEpochs) +
                                    "]");
    if (crop != 0 && (crop < limits::kMinCrop || crop > limits::kMaxCrop))
        throw std::invalid_argument("crop must be 0 (whole images) or a size from " +
                                    std::to_string(limits::kMinCrop) + " to " +
                                    std::to_string(limits::kMaxCrop) + " pixels");
    if (batchSize < 0 || batchSize > limits::kMaxBatch)
        throw std::invalid_argument("the batch size must lie in [1, " +
                                    std::to_string(limits::kMaxBatch) + "]");
    if (patches < 0 || patches > limits::kMaxPatches)
        throw std::invalid_argument("patches per image must lie in [0, " +
                                    std::to_string(limits::kMaxPatches) + "] (0: random crops)");
    if (patches > 0 && mode == TrainingMode::Teacher)
        throw std::invalid_argument(
            "fixed patches differ in size, and M-SFANet needs batches of 2 or more: use --crop");
    if (patches > 0 && scaleJitter > 0)
        throw std::invalid_argument("fixed patches keep their scale: no --scale-jitter with them");
    if (patches > 0 && !unlabeled.empty())
        throw std::invalid_argument(
            "unlabeled images are mixed into batches of crops: use --crop, not --patches");
    if (precision != nn::Precision::Float32 && mode == TrainingMode::Teacher)
        throw std::invalid_argument("M-SFANet trains in fp32: --precision " +
                                    nn::toString(precision) + " is for MCNN (student and kd)");
    if (mode == TrainingMode::Teacher && crop == 0)
        throw std::invalid_argument(
            "teacher mode trains on crops (M-SFANet needs batches of 2 or more same-size images)");
    if (mode == TrainingMode::Teacher && batchSize == 1)
        throw std::invalid_argument("M-SFANet needs batches of 2 or more");
    if (validationFraction <= 0 || validationFraction >= 1)
        throw std::invalid_argument("the validation fraction must lie in (0, 1)");
    if (scaleJitter < 0 || scaleJitter >= 1 || gammaJitter < 0)
        throw std::invalid_argument("jitter amounts must be >= 0 (scale below 1)");
    if (gammaJitter > limits::kMaxGammaJitter)
        throw std::invalid_argument("the gamma jitter must be at most " +
                                    std::to_string(limits::kMaxGammaJitter));
    if (maxImages < 0 || maxImages > limits::kMaxImages)
        throw std::invalid_argument("the image limit must lie in [0, " +
                                    std::to_string(limits::kMaxImages) + "]");
    if (threads < 0 || threads > limits::kMaxThreads)
        throw std::invalid_argument("threads must lie in [0, " +
                                    std::to_string(limits::kMaxThreads) + "] (0: all cores)");
    if (workers > limits::kMaxWorkers)
        throw std::invalid_argument("workers must lie in [1, " +
                                    std::to_string(limits::kMaxWorkers) + "]");
    if (validateEvery > limits::kMaxEpochs || logEvery > limits::kMaxLogEvery)
        throw std::invalid_argument("the validation and log intervals are out of range");
    if (schedule.t0 > limits::kMaxEpochs || schedule.tMult > limits::kMaxCycleGrowth)
        throw std::invalid_argument("the cosine schedule's cycle length or growth is out of range");
    if (!unlabeled.empty()) {
        if (mode != TrainingMode::Kd)
            throw std::invalid_argument(
                "unlabeled images need kd mode: only a teacher can tell what is in them");
        if (!(unlabeledShare > 0 && unlabeledShare < 1))
            throw std::invalid_argument("the unlabeled share must lie in (0, 1)");
        if (crop == 0)
            throw std::invalid_argument(
                "unlabeled images are mixed into batches of crops: use --crop, not whole images");
        const int batch = resolved().batchSize;
        const int perBatch = unlabeledPerBatch();
        if (perBatch < 1 || perBatch >= batch)
            throw std::invalid_argument("a batch of " + std::to_string(batch) +
                                        " crops with an unlabeled share of " +
                                        std::to_string(unlabeledShare) + " leaves no room for " +
                                        (perBatch < 1 ? "an unlabeled crop" : "a labeled crop") +
                                        ": change --unlabeled-share or --batch");
    }
    if (!(densityScale > 0) || densityScale > limits::kMaxDensityScale)
        throw std::invalid_argument("the density scale must lie in (0, " +
                                    std::to_string(limits::kMaxDensityScale) + "]");
    if (!(density.sigma > 0) || density.sigma > kMaxFixedSigma)
        throw std::invalid_argument("the density kernel's sigma must lie in (0, " +
                                    std::to_string(kMaxFixedSigma) + "] pixels");
    if (!backboneWeights.empty() && mode != TrainingMode::Teacher)
        throw std::invalid_argument(
            "backbone weights start M-SFANet's encoder: they need teacher mode");
    if (!(schedule.warmupEpochs >= 0) || schedule.warmupEpochs > limits::kMaxEpochs)
        throw std::invalid_argument("the warm-up must lie in [0, " +
                                    std::to_string(limits::kMaxEpochs) + "] epochs");
    if (device != "auto" && device != "cpu" && device != "cuda")
        throw std::invalid_argument("device must be auto, cpu or cuda");
    nn::LrSchedule check(resolved().schedule); // throws for bad T_0 / T_mult
}

int TrainingConfig::unlabeledPerBatch() const {
    if (unlabeled.empty())
        return 0;
    return static_cast<int>(std::lround(resolved().batchSize * unlabeledShare));
}

nlohmann::json configToJson(const TrainingConfig& c) {
    return {
        {"mode", toString(c.mode)},
        {"data", pathToUtf8(c.data)},
        {"train_split", c.trainSplit},
        {"validation_split", c.validationSplit},
        {"validation_fraction", c.validationFraction},
        {"max_images", c.maxImages},
        {"teacher", pathToUtf8(c.teacher)},
        {"alpha", c.alpha},
        {"teacher_cache", c.teacherCache},
        {"unlabeled", pathsToUtf8(c.unlabeled)},
        {"unlabeled_share", c.unlabeledShare},
        {"backbone_weights", pathToUtf8(c.backboneWeights)},
        {"epochs", c.epochs},
        {"lr", c.lr},
        {"batch_size", c.batchSize},
        {"crop", c.crop},
        {"patches", c.patches},
        {"flip", c.flip},
        {"scale_jitter", c.scaleJitter},
        {"gamma_jitter", c.gammaJitter},
        {"optimizer", toString(c.optimizer)},
        {"momentum", c.momentum},
        {"weight_decay", c.weightDecay},
        {"scheduler", nn::toString(c.schedule.kind)},
        {"t0", c.schedule.t0},
        {"t_mult", c.schedule.tMult},
        {"eta_min", c.schedule.etaMin},
        {"schedule_per_iteration", c.schedule.perIteration},
        {"warmup_epochs", c.schedule.warmupEpochs},
        {"loss_reduction", nn::toString(c.lossReduction)},
        {"density_scale", c.densityScale},
        {"validate_every", c.validateEvery},
        {"log_every", c.logEvery},
        {"seed", c.seed},
        {"device", c.device},
        {"threads", c.threads},
        {"precision", nn::toString(c.precision)},
        {"workers", c.workers},
        {"density_method", toString(c.density.method)},
        {"density_sigma", c.density.sigma},
        {"density_border", toString(c.density.border)},
    };
}

TrainingConfig configFromJson(const nlohmann::json& json) {
    TrainingConfig c;
    std::string text;
    if (json.contains("mode"))
        c.mode = trainingModeFromString(json.at("mode").get<std::string>());
    text.clear();
    readJsonField(json, "data", text);
    c.data = pathFromUtf8(text);
    readJsonField(json, "train_split", c.trainSplit);
    readJsonField(json, "validation_split", c.validationSplit);
    readJsonField(json, "validation_fraction", c.validationFraction);
    readJsonField(json, "max_images", c.maxImages);
    text.clear();
    readJsonField(json, "teacher", text);
    c.teacher = pathFromUtf8(text);
    readJsonField(json, "alpha", c.alpha);
    readJsonField(json, "teacher_cache", c.teacherCache);
    std::vector<std::string> folders;
    readJsonField(json, "unlabeled", folders);
    for (const std::string& folder : folders)
        c.unlabeled.push_back(pathFromUtf8(folder));
    readJsonField(json, "unlabeled_share", c.unlabeledShare);
    text.clear();
    readJsonField(json, "backbone_weights", text);
    c.backboneWeights = pathFromUtf8(text);
    readJsonField(json, "epochs", c.epochs);
    readJsonField(json, "lr", c.lr);
    readJsonField(json, "batch_size", c.batchSize);
    readJsonField(json, "crop", c.crop);
    readJsonField(json, "patches", c.patches);
    readJsonField(json, "flip", c.flip);
    readJsonField(json, "scale_jitter", c.scaleJitter);
    readJsonField(json, "gamma_jitter", c.gammaJitter);
    if (json.contains("optimizer"))
        c.optimizer = optimizerKindFromString(json.at("optimizer").get<std::string>());
    readJsonField(json, "momentum", c.momentum);
    readJsonField(json, "weight_decay", c.weightDecay);
    if (json.contains("scheduler"))
        c.schedule.kind = nn::schedulerKindFromString(json.at("scheduler").get<std::string>());
    readJsonField(json, "t0", c.schedule.t0);
    readJsonField(json, "t_mult", c.schedule.tMult);
    readJsonField(json, "eta_min", c.schedule.etaMin);
    readJsonField(json, "schedule_per_iteration", c.schedule.perIteration);
    readJsonField(json, "warmup_epochs", c.schedule.warmupEpochs);
    readJsonField(json, "density_scale", c.densityScale);
    if (json.contains("loss_reduction"))
        c.lossReduction = nn::lossReductionFromString(json.at("loss_reduction").get<std::string>());
    readJsonField(json, "validate_every", c.validateEvery);
    readJsonField(json, "log_every", c.logEvery);
    readJsonField(json, "seed", c.seed);
    readJsonField(json, "device", c.device);
    readJsonField(json, "threads", c.threads);
    if (json.contains("precision"))
        c.precision = nn::precisionFromString(json.at("precision").get<std::string>());
    readJsonField(json, "workers", c.workers);
    if (json.contains("density_method"))
        c.density.method = parseKernelMethod(json.at("density_method").get<std::string>());
    if (json.contains("density_border"))
        c.density.border = parseBorderMode(json.at("density_border").get<std::string>());
    readJsonField(json, "density_sigma", c.density.sigma);
    c.schedule.baseLr = c.lr;
    c.schedule.totalEpochs = c.epochs;
    return c;
}

TrainingConfig readConfigFile(const std::filesystem::path& path) {
    // A configuration is a few kilobytes; anything far larger is not one.
    constexpr std::uint64_t kMaxConfigBytes = std::uint64_t{1} << 20;
    const std::vector<std::uint8_t> bytes = readFileBytes(path, kMaxConfigBytes);
    requireShallowJson(bytes, path);
    try {
        TrainingConfig config = configFromJson(nlohmann::json::parse(bytes.begin(), bytes.end()));
        config.resolved().validate();
        return config;
    } catch (const std::exception& error) {
        throw FileError(path, std::string("is not a training configuration: ") + error.what());
    }
}

} // namespace crowdkd::pipeline
