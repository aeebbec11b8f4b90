#pragma once

#include "data/density_map.h"
#include "nn/loss_reduction.h"
#include "nn/lr_schedule.h"
#include "nn/precision.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace crowdkd::pipeline {

/// Limits of a training configuration, far above any sensible run: validate() refuses values beyond
/// them (a hostile config.json must not start 100000 threads or allocate a 10⁵-pixel crop), and the
/// CLI reports them as usage errors.
namespace limits {
constexpr int kMaxEpochs = 100'000;           ///< epochs, cosine cycles and validation intervals
constexpr int kMaxBatch = 256;                ///< crops per batch
constexpr int kMinCrop = 32;                  ///< smaller crops give MCNN a map of 8×8 or less
constexpr int kMaxCrop = 4096;                ///< crop side in pixels
constexpr int kMaxCycleGrowth = 100;          ///< cosine restarts' T_mult
constexpr int kMaxImages = 10'000'000;        ///< maxImages
constexpr int kMaxThreads = 256;              ///< LibTorch threads (100000 took minutes to start)
constexpr int kMaxWorkers = 64;               ///< data-loading threads (100000 aborted the program)
constexpr double kMaxGammaJitter = 4.0;       ///< gamma up to 5 and down to 1/5
constexpr int kMaxLogEvery = 1'000'000;       ///< iterations between log records
constexpr long long kMaxSeed = 4'294'967'295; ///< 2^32 - 1: any seed anyone types
constexpr double kMaxDensityScale = 1e6;      ///< densities multiplied by at most this
constexpr int kMaxPatches = 64;               ///< fixed patches per image (svishwa's layout: 9)
} // namespace limits

/// What is trained, and against what.
enum class TrainingMode {
    Teacher, ///< M-SFANet on the ground truth (density + attention loss)
    Student, ///< MCNN on the ground truth alone
    Kd       ///< MCNN on the ground truth and a frozen teacher's density maps
};

/// "teacher", "student" or "kd".
std::string toString(TrainingMode mode);
/// Parses "teacher", "student" or "kd"; throws std::invalid_argument otherwise.
TrainingMode trainingModeFromString(const std::string& text);

enum class OptimizerKind { Adam, Sgd };
/// "adam" or "sgd".
std::string toString(OptimizerKind kind);
/// Parses "adam" or "sgd"; throws std::invalid_argument otherwise.
OptimizerKind optimizerKindFromString(const std::string& text);

/// Everything that defines a training run. Stored as config.json in the run folder and inside each
/// checkpoint, so that a run can be resumed and its checkpoints explain themselves. Zero in a
/// numeric field means "the mode's default" (see resolved()).
struct TrainingConfig {
    TrainingMode mode = TrainingMode::Student;

    /// A dataset root (the split called trainSplit is used) or a split folder itself.
    std::filesystem::path data;
    /// Split of `data` to train on, when `data` is a dataset root.
    std::string trainSplit = "train_data";
    /// Split to validate on; empty: a fixed validationFraction of the training split chosen by
    /// seed.
    std::string validationSplit;
    double validationFraction = 0.1;
    /// Use at most this many training images (0: all), the first ones of the seeded shuffle.
    int maxImages = 0;

    /// The teacher for kd: a CrowdKD checkpoint or a PyTorch .pth (MCNN or M-SFANet).
    std::filesystem::path teacher;
    double alpha = 0.1;
    /// Compute each training image's teacher map once and crop it with the input (fast), instead of
    /// running the teacher on every augmented crop (exact under photometric augmentation).
    bool teacherCache = true;
    /// kd: folders of images without ground truth (their annotations are never read), which train
    /// the student on the teacher's maps alone (α = 1 for them).
    std::vector<std::filesystem::path> unlabeled;
    /// kd with unlabeled images: the share of each batch's crops taken from them.
    double unlabeledShare = 0.5;

    /// teacher: torchvision's ImageNet `vgg16_bn` state dict to start the encoder from (empty:
    /// random weights), mapped onto it as the M-SFANet authors' load_vgg() does.
    std::filesystem::path backboneWeights;

    int epochs = 100;
    double lr = 0;          ///< 0: 1e-4 (Adam) or 1e-6 (SGD), see docs/training.md
    int batchSize = 0;      ///< 0: 4 (teacher: 2, the smallest M-SFANet trains with)
    int crop = 256;         ///< square crop side in pixels; 0 trains on whole images (batch 1)
    bool flip = true;       ///< random horizontal flips
    double scaleJitter = 0; ///< random rescaling by a factor in [1 − j, 1 + j] (0: off)
    double gammaJitter = 0; ///< random gamma in [1 / (1 + j), 1 + j] (0: off)
    /// svishwa's layout instead of random crops: this many patches of a quarter of each image's
    /// width and height, placed once for the run by the seed, each an item of every epoch (batch
    /// 1, as the patches differ in size). 0: random square crops of `crop`.
    int patches = 0;

    OptimizerKind optimizer = OptimizerKind::Adam;
    double momentum = 0.95; ///< SGD momentum
    double weightDecay = 0;
    nn::ScheduleParams schedule; ///< baseLr is taken from lr, totalEpochs from epochs
    /// How each image's squared density error is reduced over its pixels (student and kd).
    nn::LossReduction lossReduction = nn::LossReduction::Sum;
    /// Train against densities multiplied by this (ground truth and teacher maps alike), as
    /// C^3-Framework's ×100; checkpoints and validation still see true densities (the factor is
    /// folded out of the last layer). 1: none.
    double densityScale = 1;

    int validateEvery = 1; ///< epochs between validations
    int logEvery = 10;     ///< iterations between progress events and log.jsonl records
    std::uint64_t seed = 1;
    std::string device = "auto"; ///< "auto" (CUDA when available), "cpu" or "cuda"
    int threads = 0;             ///< LibTorch threads (0: all cores)
    /// The number format MCNN's columns train in (student and kd, on CPU). bf16 needs a CPU with
    /// bfloat16 instructions; the trainer refuses it elsewhere.
    nn::Precision precision = nn::Precision::Float32;
    int workers = 2;       ///< data-loading threads
    DensityParams density; ///< how ground-truth density maps are made

    /// A copy with every "default" (zero) field replaced by the mode's default value.
    TrainingConfig resolved() const;
    /// Throws std::invalid_argument with a clear message for inconsistent settings.
    void validate() const;

    /// Crops per batch taken from the unlabeled images (0 without them).
    int unlabeledPerBatch() const;
};

/// The student (or teacher-mode) model kind trained in `mode`: "msfanet" for teacher, else "mcnn".
std::string trainedModelKind(TrainingMode mode);

/// A configuration as JSON (stable keys; paths as UTF-8) and back. configFromJson ignores unknown
/// keys and keeps defaults for missing ones, so older run folders stay readable; it throws
/// nlohmann::json::exception for values of the wrong type.
nlohmann::json configToJson(const TrainingConfig& config);
TrainingConfig configFromJson(const nlohmann::json& json);

/// A configuration file as configToJson writes it (a run's config.json), validated. Throws
/// FileError naming the file when it cannot be read, is not such JSON (at most 1 MB) or holds an
/// invalid configuration.
TrainingConfig readConfigFile(const std::filesystem::path& path);

} // namespace crowdkd::pipeline
