#include "pipeline/evaluator.h"

#include "data/ground_truth.h"
#include "data/image_io.h"
#include "pipeline/predictor.h"
#include "pipeline/preprocess.h"

#include <chrono>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

namespace crowdkd::pipeline {

namespace {

/// One decoded sample on its way to the model, or the error that stopped decoding.
struct DecodedSample {
    std::size_t index = 0;
    PreparedImage prepared;
    double groundTruthCount = 0.0;
    /// The annotated heads, kept only when proposals are scored.
    std::vector<HeadPoint> points;
    cv::Size imageSize;
    std::exception_ptr error;
};

/// A bounded queue between the decoding thread and the model.
class DecodeQueue {
public:
    explicit DecodeQueue(std::size_t capacity)
        : m_capacity(std::max<std::size_t>(1, capacity)) {}

    /// Blocks while full, and while anything is queued for an image too large to run whole (its
    /// decoded pixels are large: one such image waits at most); returns false when the consumer
    /// stopped.
    bool push(DecodedSample sample) {
        std::unique_lock lock(m_mutex);
        const bool large = sample.prepared.plan.tiled();
        m_spaceAvailable.wait(lock, [this, large] {
            return m_stopped || (m_items.size() < m_capacity && (!large || m_items.empty()));
        });
        if (m_stopped)
            return false;
        m_items.push_back(std::move(sample));
        m_itemAvailable.notify_one();
        return true;
    }

    DecodedSample pop() {
        std::unique_lock lock(m_mutex);
        m_itemAvailable.wait(lock, [this] { return !m_items.empty(); });
        DecodedSample sample = std::move(m_items.front());
        m_items.pop_front();
        m_spaceAvailable.notify_one();
        return sample;
    }

    void stop() {
        std::lock_guard lock(m_mutex);
        m_stopped = true;
        m_spaceAvailable.notify_all();
    }

private:
    std::size_t m_capacity;
    std::mutex m_mutex;
    std::condition_variable m_spaceAvailable;
    std::condition_variable m_itemAvailable;
    std::deque<DecodedSample> m_items;
    bool m_stopped = false;
};

/// Restores a model's training mode when the evaluation ends, however it ends.
class EvalModeScope {
public:
    explicit EvalModeScope(nn::DensityModel& model)
        : m_model(model)
        , m_wasTraining(model.isTraining()) {
        m_model.eval();
    }
    ~EvalModeScope() { m_model.train(m_wasTraining); }
    EvalModeScope(const EvalModeScope&) = delete;
    EvalModeScope& operator=(const EvalModeScope&) = delete;

private:
    nn::DensityModel& m_model;
    bool m_wasTraining;
};

/// Proposes heads from the image's density and scores them against its annotation.
void scoreProposals(ImageEvaluation& image, const Prediction& prediction,
                    const DecodedSample& decoded, const EvaluationOptions& options) {
    const cv::Mat density = densityAsMat(prediction.density);
    const auto geometry =
        DensityGeometry::of(density.size(), prediction.inputSize, decoded.imageSize);
    std::vector<HeadPoint> proposed;
    for (const HeadProposal& proposal : proposeHeads(density, geometry, {}, options.proposals))
        proposed.push_back(proposal.point);
    image.proposedCount = proposed.size();
    for (const double radius : options.matchRadii)
        image.localisation.push_back(scoreLocalisation(proposed, decoded.points, radius));
}

} // namespace

void computeErrors(EvaluationResult& result) {
    double absolute = 0.0;
    double squared = 0.0;
    for (const ImageEvaluation& image : result.images) {
        absolute += std::abs(image.error());
        squared += image.error() * image.error();
    }
    const auto count = static_cast<double>(result.images.size());
    result.mae = result.images.empty() ? 0.0 : absolute / count;
    result.rmse = result.images.empty() ? 0.0 : std::sqrt(squared / count);

    result.localisation.clear();
    double pointErrors = 0.0;
    for (const ImageEvaluation& image : result.images) {
        pointErrors += std::abs(static_cast<double>(image.proposedCount) - image.groundTruthCount);
        for (std::size_t i = 0; i < image.localisation.size(); ++i) {
            if (i == result.localisation.size())
                result.localisation.push_back({image.localisation[i].radius});
            result.localisation[i] += image.localisation[i];
        }
    }
    result.pointCountMae =
        result.localisation.empty() || result.images.empty() ? 0.0 : pointErrors / count;
}

EvaluationResult evaluateSamples(const DensityFunction& model, const std::vector<Sample>& samples,
                                 const EvaluationOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    setInferenceThreads(options.threads);
    torch::NoGradGuard noGrad;

    DecodeQueue queue(options.prefetch);
    const bool scorePoints = !options.matchRadii.empty();
    std::thread decoder([&queue, &samples, &model, scorePoints] {
        for (std::size_t i = 0; i < samples.size(); ++i) {
            DecodedSample decoded;
            decoded.index = i;
            try {
                // Images too large to run whole stay 8-bit until the model thread converts them
                // tile by tile: the queue never holds full-size float copies of them.
                try {
                    const cv::Mat image =
                        readImage(samples[i].imagePath, imageModeFor(model.inputChannels));
                    decoded.imageSize = image.size();
                    decoded.prepared = prepareImage(model, image);
                } catch (...) {
                    rethrowAsImageError(samples[i].imagePath);
                }
                GroundTruth truth = readGroundTruth(samples[i]);
                decoded.groundTruthCount = static_cast<double>(truth.points.size());
                if (scorePoints)
                    decoded.points = std::move(truth.points);
            } catch (...) {
                decoded.error = std::current_exception();
            }
            const bool failed = static_cast<bool>(decoded.error);
            if (!queue.push(std::move(decoded)) || failed)
                return;
        }
    });

    EvaluationResult result;
    std::exception_ptr failure;
    try {
        for (std::size_t done = 0; done < samples.size(); ++done) {
            if (options.cancel && options.cancel->load()) {
                result.cancelled = true;
                break;
            }
            DecodedSample decoded = queue.pop();
            if (decoded.error)
                std::rethrow_exception(decoded.error);
            const Sample& sample = samples[decoded.index];
            const auto modelStart = std::chrono::steady_clock::now();
            Prediction prediction;
            try {
                prediction = predictPrepared(model, decoded.prepared);
            } catch (...) {
                rethrowAsImageError(sample.imagePath);
            }
            ImageEvaluation image;
            image.name = sample.name;
            image.imagePath = sample.imagePath;
            image.groundTruthCount = decoded.groundTruthCount;
            image.predictedCount = prediction.count;
            image.width = decoded.imageSize.width;
            image.height = decoded.imageSize.height;
            image.inputWidth = prediction.inputSize.width;
            image.inputHeight = prediction.inputSize.height;
            image.seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - modelStart)
                    .count();
            if (scorePoints)
                scoreProposals(image, prediction, decoded, options);
            result.images.push_back(std::move(image));
            if (options.progress)
                options.progress(done + 1, samples.size(), result.images.back());
        }
    } catch (...) {
        failure = std::current_exception();
    }
    queue.stop();
    decoder.join();
    if (failure)
        std::rethrow_exception(failure);

    computeErrors(result);
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

EvaluationResult evaluateSamples(nn::DensityModel& model, const std::vector<Sample>& samples,
                                 const EvaluationOptions& options) {
    EvalModeScope evalMode(model);
    return evaluateSamples(densityFunctionOf(model), samples, options);
}

EvaluationResult evaluateSplit(nn::DensityModel& model, const Split& split,
                               const EvaluationOptions& options) {
    return evaluateSamples(model, split.samples, options);
}

EvaluationResult evaluateSplit(const DensityFunction& model, const Split& split,
                               const EvaluationOptions& options) {
    return evaluateSamples(model, split.samples, options);
}

} // namespace crowdkd::pipeline
