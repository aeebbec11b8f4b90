#pragma once

#include "nn/density_model.h"

#include <opencv2/core.hpp>
#include <torch/torch.h>

#include <filesystem>
#include <functional>

namespace crowdkd::pipeline {

/// A model's answer for one image.
struct Prediction {
    /// h×w float density on the CPU at the model's output resolution (input size / stride).
    torch::Tensor density;
    /// h×w attention for M-SFANet; undefined for MCNN.
    torch::Tensor attention;
    /// Sum of the density: the estimated number of people.
    double count = 0.0;
    /// The size the image was resized to before entering the model.
    cv::Size inputSize;
};

/// Any engine that runs a density model, as the predictor and the evaluator see it (an
/// nn::DensityModel, or an exported model on LibTorch or OpenCV DNN: core/export's
/// InferenceBackend): what to preprocess for, and the density of a preprocessed input.
struct DensityFunction {
    nn::ModelKind kind = nn::ModelKind::Mcnn;
    int inputChannels = 1;
    /// 1×C×H×W float CPU input (preprocessImage) → its density, 1×1×h×w or h×w, on the CPU.
    /// Called under NoGradGuard.
    std::function<torch::Tensor(const torch::Tensor&)> density;
};

/// Sets LibTorch's intra-op thread count: `threads`, or every core when 0.
void setInferenceThreads(int threads = 0);

/// Runs `model` on one preprocessed 1×C×H×W input under NoGradGuard (the caller puts the model
/// in eval mode; loadDensityModel does).
Prediction predictTensor(nn::DensityModel& model, const torch::Tensor& input);

/// Preprocesses a decoded image (see preprocessImage: decode MCNN's input with
/// ImageMode::Grayscale to match cv::imread IMREAD_GRAYSCALE) and runs the model.
Prediction predictImage(nn::DensityModel& model, const cv::Mat& image);

/// Reads an image with the decode mode the model expects, then predictImage. Throws FileError
/// naming the file when it cannot be decoded.
Prediction predictFile(nn::DensityModel& model, const std::filesystem::path& imagePath);

/// predictTensor, predictImage and predictFile for any engine (no attention).
Prediction predictTensor(const DensityFunction& model, const torch::Tensor& input);
Prediction predictImage(const DensityFunction& model, const cv::Mat& image);
Prediction predictFile(const DensityFunction& model, const std::filesystem::path& imagePath);

} // namespace crowdkd::pipeline
