#pragma once

#include "data/dataset.h"
#include "nn/density_model.h"
#include "pipeline/head_proposals.h"
#include "pipeline/point_matching.h"
#include "pipeline/predictor.h"

#include <atomic>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace crowdkd::pipeline {

/// The evaluation of one image.
struct ImageEvaluation {
    std::string name;
    std::filesystem::path imagePath;
    /// Number of annotated heads (points in the ground-truth file).
    double groundTruthCount = 0.0;
    /// Sum of the predicted density.
    double predictedCount = 0.0;
    /// Image size as decoded, and the size the model saw.
    int width = 0;
    int height = 0;
    int inputWidth = 0;
    int inputHeight = 0;
    /// Seconds the model took on this image (decoding excluded: it overlaps).
    double seconds = 0.0;
    /// With EvaluationOptions::matchRadii: the heads proposed from the density, and how they
    /// locate the annotated ones at each radius.
    std::size_t proposedCount = 0;
    std::vector<LocalisationScore> localisation;

    double error() const { return predictedCount - groundTruthCount; }
};

/// What an evaluation measured.
struct EvaluationResult {
    std::vector<ImageEvaluation> images;
    /// Mean absolute error and root mean squared error of the counts over `images`.
    double mae = 0.0;
    double rmse = 0.0;
    /// Wall-clock seconds of the whole evaluation.
    double seconds = 0.0;
    /// True when stopped through the cancellation flag; `images` then holds what was done.
    bool cancelled = false;
    /// With EvaluationOptions::matchRadii: the scores of every image pooled, one per radius, and
    /// the mean absolute error of the number of proposed points.
    std::vector<LocalisationScore> localisation;
    double pointCountMae = 0.0;
};

/// How to run an evaluation.
struct EvaluationOptions {
    /// LibTorch threads; 0 = every core.
    int threads = 0;
    /// Decoded images waiting for the model at most (decoding runs in a worker thread).
    std::size_t prefetch = 3;
    /// Called on the calling thread after each image: (done, total, that image).
    std::function<void(std::size_t, std::size_t, const ImageEvaluation&)> progress;
    /// Polled between images; when it becomes true the evaluation stops early.
    const std::atomic<bool>* cancel = nullptr;
    /// When not empty, heads are also proposed from each density (proposeHeads) and matched with
    /// the annotation at each of these radii (image pixels).
    std::vector<double> matchRadii;
    ProposalParams proposals;
};

/// MAE and RMSE of the counts in `images` (0 for none), and the pooled localisation scores.
void computeErrors(EvaluationResult& result);

/// Evaluates `model` on `samples`: a worker thread decodes each image (as the model's kind
/// expects) and reads its ground truth while the model runs on the previous one, under
/// NoGradGuard in eval mode (the model is switched to eval and back). The progress callback and
/// the model run on the calling thread. Throws crowdkd::FileError naming the first image or
/// ground-truth file that cannot be read.
EvaluationResult evaluateSamples(nn::DensityModel& model, const std::vector<Sample>& samples,
                                 const EvaluationOptions& options = {});

/// evaluateSamples on a split's annotated samples.
EvaluationResult evaluateSplit(nn::DensityModel& model, const Split& split,
                               const EvaluationOptions& options = {});

/// evaluateSamples / evaluateSplit with any engine (e.g. an exported model on OpenCV DNN).
EvaluationResult evaluateSamples(const DensityFunction& model, const std::vector<Sample>& samples,
                                 const EvaluationOptions& options = {});
EvaluationResult evaluateSplit(const DensityFunction& model, const Split& split,
                               const EvaluationOptions& options = {});

} // namespace crowdkd::pipeline
