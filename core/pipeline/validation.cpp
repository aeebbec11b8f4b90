#include "pipeline/validation.h"

#include "data/ground_truth.h"
#include "data/image_io.h"
#include "pipeline/predictor.h"
#include "pipeline/preprocess.h"
#include "pipeline/training_data.h"

#include <cmath>

namespace crowdkd::pipeline {

Validator::Validator(std::vector<Sample> samples, torch::Device device)
    : m_samples(std::move(samples))
    , m_device(device) {
    for (const Sample& sample : m_samples)
        m_truth.push_back(static_cast<double>(readGroundTruth(sample).points.size()));
}

ValidationMetrics Validator::evaluate(nn::DensityModel& model,
                                      const std::function<bool()>& keepGoing) {
    const InputSpec spec = InputSpec::of(model);
    const int key = static_cast<int>(spec.kind) * 16 + spec.channels;
    if (key != m_cachedKey) {
        m_inputs.assign(m_samples.size(), torch::Tensor());
        m_cachedKey = key;
    }
    ValidationMetrics metrics;
    model.eval();
    torch::NoGradGuard noGrad;
    double absSum = 0, squareSum = 0;
    for (std::size_t i = 0; i < m_samples.size(); ++i) {
        if (keepGoing && !keepGoing()) {
            metrics.cancelled = true;
            return metrics;
        }
        if (!m_inputs[i].defined()) {
            m_inputs[i] =
                preprocessImage(readImage(m_samples[i].imagePath, spec.imageMode()), model);
        }
        // Whole images: MCNN runs those beyond the memory budget in tiles.
        const double count = predictTensor(model, m_inputs[i]).count;
        const double error = count - m_truth[i];
        absSum += std::abs(error);
        squareSum += error * error;
        metrics.predicted.push_back(count);
        metrics.truth.push_back(m_truth[i]);
    }
    metrics.images = static_cast<int>(m_samples.size());
    metrics.absoluteErrorSum = absSum;
    metrics.squaredErrorSum = squareSum;
    if (metrics.images > 0) {
        metrics.mae = absSum / metrics.images;
        metrics.rmse = std::sqrt(squareSum / metrics.images);
    }
    return metrics;
}

} // namespace crowdkd::pipeline
