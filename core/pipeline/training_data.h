#pragma once

#include "base/cancellation.h"
#include "data/dataset.h"
#include "data/density_cache.h"
#include "data/density_map.h"
#include "data/image_io.h"
#include "nn/density_model.h"

#include <opencv2/core.hpp>
#include <torch/torch.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace crowdkd::pipeline {

/// How a model wants its input: kind, channels, output stride and the multiple its input sides
/// must have.
struct InputSpec {
    nn::ModelKind kind = nn::ModelKind::Mcnn;
    int channels = 1;
    int stride = 4;
    int sizeMultiple = 4;

    static InputSpec of(const nn::DensityModel& model);
    /// The decoding the model's preprocessing starts from (grayscale for 1-channel models).
    ImageMode imageMode() const { return channels == 1 ? ImageMode::Grayscale : ImageMode::Color; }
};

/// An 8-bit image (gray or BGR) as the model's C×H×W float input: MCNN gets 0–255 values, M-SFANet
/// RGB scaled to 0–1 and normalised with the ImageNet mean and standard deviation. No resizing: the
/// caller has already made the sides multiples of spec.sizeMultiple.
torch::Tensor imageToTensor(const cv::Mat& image, const InputSpec& spec);

/// A CV_32F single-channel map as a 1×H×W tensor (a copy).
torch::Tensor mapToTensor(const cv::Mat& map);

/// How training samples are drawn.
struct TrainingDataOptions {
    InputSpec student;                ///< the model being trained
    std::optional<InputSpec> teacher; ///< the kd teacher, if any
    bool teacherOnTheFly = false;     ///< deliver teacher inputs instead of cached teacher maps
    int crop = 256;                   ///< square crop side (0: whole images)
    /// svishwa's layout when > 0 (crop is then ignored): this many patches of a quarter of each
    /// image's width and height, placed once by the seed, each one item of every epoch.
    int patchesPerImage = 0;
    bool flip = true;
    double scaleJitter = 0;
    double gammaJitter = 0;
    DensityParams density;
    std::uint64_t seed = 1;
    /// Crops of each batch taken from the unlabeled samples (those without ground truth).
    int unlabeledPerBatch = 0;
    /// Asked during long steps (a density map being computed): true stops them with Cancelled.
    CancelCheck cancel;
};

/// One augmented sample.
struct TrainingItem {
    torch::Tensor input;         ///< C×H×W, student convention
    torch::Tensor target;        ///< 1×h×w ground-truth density at the student's stride
    torch::Tensor teacherInput;  ///< C'×H×W, teacher convention (teacher on the fly only)
    torch::Tensor teacherTarget; ///< 1×h×w cached teacher density at the student's stride
    bool labeled = true;         ///< false: no ground truth, `target` is zeros
};

/// A batch of items stacked along a first dimension.
struct TrainingBatch {
    int epoch = 0;
    int index = 0; ///< batch index within the epoch
    torch::Tensor input;
    torch::Tensor target;
    torch::Tensor teacherInput;
    torch::Tensor teacherTarget;
    /// N floats, 1 for items with ground truth and 0 for unlabeled ones; undefined when the run
    /// has no unlabeled images.
    torch::Tensor labeled;
    std::int64_t size() const { return input.size(0); }
};

/// The part of every batch one process builds in data-parallel training: the items at positions
/// [first, first + count) of the whole batch (count −1: to its end). Each item depends only on its
/// sample and epoch, so the ranks' slices together are exactly the single-process batch.
struct BatchSlice {
    int first = 0;
    int count = -1;
    /// Rank `rank`'s equal share of a batch of `batchSize` among `worldSize` ranks.
    static BatchSlice ofRank(int rank, int worldSize, int batchSize) {
        const int share = batchSize / worldSize;
        return {rank * share, share};
    }
};

/// The training samples of a run with their augmentation. Images and full-resolution density maps
/// are decoded once, on first use, and kept in memory. item() is thread-safe and deterministic: its
/// randomness comes from an RNG seeded by (seed, epoch, index), never from thread timing.
///
/// Samples with an empty groundTruthPath are unlabeled: nothing beside them is read, their target
/// is zeros, and options.unlabeledPerBatch of each batch's crops come from them, visited in seeded
/// orders of their own, while an epoch is one pass over the labeled samples.
///
/// Geometry: each image is cut to a "canvas" whose sides are multiples of alignment() (the largest
/// of the models' size multiples and the teacher's stride) and zero-padded up to the crop size when
/// it is smaller; crops start on multiples of the teacher's stride, so a cached teacher map is
/// cropped exactly and every density crop sum-pools exactly to the model's stride.
class TrainingData {
public:
    TrainingData(std::vector<Sample> samples, TrainingDataOptions options,
                 std::shared_ptr<DensityCache> densityCache);

    std::size_t size() const { return m_samples.size(); }
    /// Every sample, labeled and unlabeled, in the order given.
    const std::vector<Sample>& samples() const { return m_samples; }
    std::size_t labeledCount() const { return m_labeled.size(); }
    std::size_t unlabeledCount() const { return m_unlabeled.size(); }
    int alignment() const { return m_alignment; }
    /// The crop side actually used (crop rounded down to alignment(); 0 for whole images).
    int cropSide() const { return m_cropSide; }

    /// Batches per epoch: incomplete last batches are dropped when cropping (batches need equal
    /// sizes); with whole images or patches batchSize must be 1.
    int batchesPerEpoch(int batchSize) const;
    /// The samples visited in `epoch`, in order: a seeded permutation of the labeled samples, or
    /// with patches, of their (sample, patch) pairs, each sample appearing once per patch.
    std::vector<std::size_t> epochOrder(int epoch) const;
    /// Where patch `patch` of sample `index` lies on its canvas (fixed for the run).
    cv::Rect patchRegion(std::size_t index, int patch) const;

    /// Computes and keeps the teacher's full-canvas density of every image, loading earlier results
    /// from `cacheDir` (when not empty) and storing new ones there. `progress(done, total)` returns
    /// false to stop (cancellation); returns false when stopped.
    /// `mine(i)` (when given) limits the work to the samples this process computes in
    /// data-parallel training; the others' maps come through setTeacherMap().
    bool cacheTeacherMaps(nn::DensityModel& teacher, const std::filesystem::path& teacherFile,
                          const std::filesystem::path& cacheDir,
                          const std::function<bool(int, int)>& progress,
                          const std::function<bool(std::size_t)>& mine = {});
    /// Sample `index`'s cached teacher map at the teacher's stride (empty until computed).
    const cv::Mat& teacherMap(std::size_t index) const { return m_teacherMaps.at(index); }
    void setTeacherMap(std::size_t index, cv::Mat map) { m_teacherMaps.at(index) = std::move(map); }

    /// The augmented sample at `index` for `epoch` (with patches, its patch `patch`). Thread-safe.
    /// Throws Cancelled when the options' cancel flag says so while the sample's density map is
    /// computed.
    TrainingItem item(std::size_t index, int epoch, int patch = -1) const;

    /// Items `batch` of `epoch` (in epochOrder) stacked into a batch; only `slice` of them.
    TrainingBatch batch(int epoch, int batch, int batchSize, BatchSlice slice = {}) const;

private:
    struct Source {
        cv::Mat image;        ///< student-convention decoding, canvas-sized
        cv::Mat teacherImage; ///< teacher-convention decoding when it differs (on the fly only)
        cv::Mat density;      ///< full-resolution ground-truth density, canvas-sized
    };

    /// A visit of an epoch: a labeled sample and, with patches, which of its patches.
    struct Visit {
        std::size_t sample = 0;
        int patch = -1;
    };
    std::vector<Visit> epochVisits(int epoch) const;
    cv::Rect patchRegion(std::size_t index, int patch, cv::Size canvas) const;

    std::shared_ptr<const Source> source(std::size_t index) const;
    cv::Mat canvas(const cv::Mat& image) const;
    /// The size canvas() makes of an image of `image` pixels.
    cv::Size canvasSize(cv::Size image) const;

    /// The unlabeled sample at position `position` of the endless sequence of seeded passes over
    /// them.
    std::size_t unlabeledAt(std::int64_t position) const;

    std::vector<Sample> m_samples;
    std::vector<std::size_t> m_labeled;   ///< indices of samples with ground truth
    std::vector<std::size_t> m_unlabeled; ///< indices of samples without
    TrainingDataOptions m_options;
    std::shared_ptr<DensityCache> m_densityCache;
    int m_alignment = 4;
    int m_originStep = 1;
    int m_cropSide = 0;
    mutable std::vector<std::shared_ptr<const Source>> m_sources;
    mutable std::vector<std::unique_ptr<std::mutex>> m_sourceMutexes;
    std::vector<cv::Mat> m_teacherMaps; ///< cached teacher densities at the teacher's stride
};

/// Builds the batches of one epoch ahead of the training loop on worker threads, delivering them in
/// order. Destruction stops and joins the workers.
class BatchPrefetcher {
public:
    /// Prefetches batches [firstBatch, data.batchesPerEpoch(batchSize)) of `epoch`, at most `depth`
    /// batches ahead of the consumer.
    BatchPrefetcher(const TrainingData& data, int epoch, int batchSize, int firstBatch, int workers,
                    int depth = 4, BatchSlice slice = {});
    ~BatchPrefetcher();
    BatchPrefetcher(const BatchPrefetcher&) = delete;
    BatchPrefetcher& operator=(const BatchPrefetcher&) = delete;

    /// The next batch in order, or nullopt after the last one; rethrows a worker's exception.
    std::optional<TrainingBatch> next();

private:
    void work();

    const TrainingData& m_data;
    int m_epoch;
    int m_batchSize;
    BatchSlice m_slice;
    int m_end;
    int m_depth;
    int m_nextToBuild;
    int m_nextToDeliver;
    bool m_stop = false;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::map<int, TrainingBatch> m_ready;
    std::map<int, std::exception_ptr> m_errors;
    std::vector<std::thread> m_threads;
};

/// splitmix64-based seed mixing, used for every per-sample and per-epoch RNG.
std::uint64_t mixSeed(std::uint64_t seed, std::uint64_t a, std::uint64_t b = 0);

/// A seeded permutation of 0…n−1 (portable: the same on every platform and standard library).
std::vector<std::size_t> seededPermutation(std::size_t n, std::uint64_t seed);

} // namespace crowdkd::pipeline
