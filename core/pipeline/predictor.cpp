#include "pipeline/predictor.h"

#include "base/error.h"
#include "data/image_io.h"
#include "pipeline/preprocess.h"

#include <algorithm>
#include <thread>

namespace crowdkd::pipeline {

void setInferenceThreads(int threads) {
    if (threads <= 0)
        threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    torch::set_num_threads(threads);
}

Prediction predictTensor(nn::DensityModel& model, const torch::Tensor& input) {
    torch::NoGradGuard noGrad;
    const nn::ModelOutput output = model.forward(input.to(model.device()));
    Prediction prediction;
    prediction.density = output.density[0][0].to(torch::kCPU).contiguous();
    if (output.attention.defined())
        prediction.attention = output.attention[0][0].to(torch::kCPU).contiguous();
    prediction.count = prediction.density.sum(torch::kDouble).item<double>();
    prediction.inputSize =
        cv::Size(static_cast<int>(input.size(3)), static_cast<int>(input.size(2)));
    return prediction;
}

Prediction predictImage(nn::DensityModel& model, const cv::Mat& image) {
    return predictTensor(model, preprocessImage(image, model));
}

Prediction predictFile(nn::DensityModel& model, const std::filesystem::path& imagePath) {
    const cv::Mat image = readImage(imagePath, imageModeFor(model.inputChannels()));
    try {
        return predictImage(model, image);
    } catch (const std::invalid_argument& error) {
        throw FileError(imagePath, error.what());
    }
}

Prediction predictTensor(const DensityFunction& model, const torch::Tensor& input) {
    torch::NoGradGuard noGrad;
    torch::Tensor density = model.density(input);
    while (density.dim() > 2)
        density = density[0];
    Prediction prediction;
    prediction.density = density.to(torch::kCPU).to(torch::kFloat).contiguous();
    prediction.count = prediction.density.sum(torch::kDouble).item<double>();
    prediction.inputSize =
        cv::Size(static_cast<int>(input.size(3)), static_cast<int>(input.size(2)));
    return prediction;
}

Prediction predictImage(const DensityFunction& model, const cv::Mat& image) {
    return predictTensor(model, preprocessImage(image, model.kind, model.inputChannels));
}

Prediction predictFile(const DensityFunction& model, const std::filesystem::path& imagePath) {
    const cv::Mat image = readImage(imagePath, imageModeFor(model.inputChannels));
    try {
        return predictImage(model, image);
    } catch (const std::invalid_argument& error) {
        throw FileError(imagePath, error.what());
    }
}

} // namespace crowdkd::pipeline
