#pragma once

#include "data/image_io.h"
#include "nn/density_model.h"

#include <opencv2/core.hpp>
#include <torch/torch.h>

namespace crowdkd::pipeline {

/// How to decode images for a model with `inputChannels` channels: grayscale for 1, colour for 3.
ImageMode imageModeFor(int inputChannels);

/// The size a model's input gets for an image of `imageSize`, as the reference code resizes:
/// MCNN (svishwa) floors width and height to multiples of 4; M-SFANet rounds them to the nearest
/// multiple of 16 (Python's round: halves to even), at least 16.
cv::Size modelInputSize(cv::Size imageSize, nn::ModelKind kind);

/// Turns a decoded image (8-bit gray or BGR as readImage returns it; other channel counts are
/// converted) into the model's 1×C×H×W float input, as the reference evaluation code does:
/// - MCNN: gray (cv::imread IMREAD_GRAYSCALE) as float 0–255, resized (bilinear, cv::resize on
///   the float image as svishwa does) to modelInputSize; with 3 channels RGB 0–255;
/// - M-SFANet: RGB resized (bilinear) to modelInputSize, / 255, minus the ImageNet mean, divided
///   by its std; with 1 channel gray / 255 normalised by the means of those statistics.
/// Resizing is skipped when the size already fits.
torch::Tensor preprocessImage(const cv::Mat& image, nn::ModelKind kind, int inputChannels);

/// MCNN's input for `region`, a rectangle of the modelInputSize(image) input (inside it): what
/// preprocessImage(image, Mcnn, inputChannels) holds there, made from the image's pixels under
/// the region alone, so that a large image is converted piece by piece without a full-size float
/// copy. Without resizing the values are the same; with it (sides not multiples of 4) the bilinear
/// samples are cv::resize's, computed here for the region (equal to float rounding).
torch::Tensor preprocessMcnnRegion(const cv::Mat& image, int inputChannels, cv::Rect region);

/// preprocessImage for the model's own kind and channel count.
torch::Tensor preprocessImage(const cv::Mat& image, const nn::DensityModel& model);

} // namespace crowdkd::pipeline
