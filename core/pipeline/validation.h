#pragma once

#include "data/dataset.h"
#include "nn/density_model.h"

#include <torch/torch.h>

#include <functional>
#include <vector>

namespace crowdkd::pipeline {

/// Counting quality on a set of images.
struct ValidationMetrics {
    double mae = 0;
    double rmse = 0;
    int images = 0;
    bool cancelled = false;
    double absoluteErrorSum = 0; ///< of the counts: what data-parallel validation adds up
    double squaredErrorSum = 0;
    std::vector<double> predicted; ///< per image, in sample order
    std::vector<double> truth;     ///< annotated head counts
};

/// Counts a fixed set of whole images with a model during training. Each image is decoded and
/// preprocessed once per input convention and kept in memory, so repeated validation costs only the
/// forward passes. Preprocessing is the evaluation's (pipeline/preprocess.h).
class Validator {
public:
    Validator(std::vector<Sample> samples, torch::Device device);

    std::size_t size() const { return m_samples.size(); }

    /// Counts every image with `model` in eval mode under NoGradGuard (the caller restores train
    /// mode). `keepGoing` is asked before each image; false stops with cancelled = true.
    ValidationMetrics evaluate(nn::DensityModel& model,
                               const std::function<bool()>& keepGoing = {});

private:
    std::vector<Sample> m_samples;
    torch::Device m_device;
    std::vector<double> m_truth;
    int m_cachedKey = -1; ///< kind and channels the cached inputs were made for
    std::vector<torch::Tensor> m_inputs;
};

} // namespace crowdkd::pipeline
