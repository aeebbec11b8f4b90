#include "pipeline/preprocess.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace crowdkd::pipeline {

namespace {

/// svishwa's MCNN input sides are floored to multiples of this.
constexpr int kMcnnMultiple = 4;
/// M-SFANet's input sides are rounded to multiples of this.
constexpr int kMsfaNetMultiple = 16;

/// The image as 8-bit gray (1) or RGB (3) channels.
cv::Mat toChannels(const cv::Mat& image, int channels) {
    if (image.empty())
        throw std::invalid_argument("empty image");
    cv::Mat eightBit = image;
    if (image.depth() != CV_8U)
        image.convertTo(eightBit, CV_8U);
    cv::Mat result;
    if (channels == 1) {
        if (eightBit.channels() == 1)
            return eightBit;
        cv::cvtColor(eightBit, result,
                     eightBit.channels() == 4 ? cv::COLOR_BGRA2GRAY : cv::COLOR_BGR2GRAY);
        return result;
    }
    if (channels != 3)
        throw std::invalid_argument("only 1- and 3-channel models are supported");
    switch (eightBit.channels()) {
    case 1:
        cv::cvtColor(eightBit, result, cv::COLOR_GRAY2RGB);
        break;
    case 4:
        cv::cvtColor(eightBit, result, cv::COLOR_BGRA2RGB);
        break;
    default:
        cv::cvtColor(eightBit, result, cv::COLOR_BGR2RGB);
    }
    return result;
}

/// A float H×W×C image as a 1×C×H×W tensor (copied).
torch::Tensor toTensor(const cv::Mat& floatImage) {
    const cv::Mat continuous = floatImage.isContinuous() ? floatImage : floatImage.clone();
    return torch::from_blob(continuous.data,
                            {1, continuous.rows, continuous.cols, continuous.channels()},
                            torch::kFloat)
        .permute({0, 3, 1, 2})
        .clone(at::MemoryFormat::Contiguous); // owns its memory: the cv::Mat goes away
}

} // namespace

ImageMode imageModeFor(int inputChannels) {
    return inputChannels == 1 ? ImageMode::Grayscale : ImageMode::Color;
}

cv::Size modelInputSize(cv::Size imageSize, nn::ModelKind kind) {
    if (kind == nn::ModelKind::Mcnn)
        return {imageSize.width / kMcnnMultiple * kMcnnMultiple,
                imageSize.height / kMcnnMultiple * kMcnnMultiple};
    const auto round16 = [](int side) {
        const double multiples = std::nearbyint(static_cast<double>(side) / kMsfaNetMultiple);
        return std::max(kMsfaNetMultiple, static_cast<int>(multiples) * kMsfaNetMultiple);
    };
    return {round16(imageSize.width), round16(imageSize.height)};
}

torch::Tensor preprocessImage(const cv::Mat& image, nn::ModelKind kind, int inputChannels) {
    const cv::Mat pixels = toChannels(image, inputChannels);
    const cv::Size size = modelInputSize(pixels.size(), kind);
    if (size.width <= 0 || size.height <= 0)
        throw std::invalid_argument("image too small for " + nn::toString(kind) + " (" +
                                    std::to_string(image.cols) + "×" + std::to_string(image.rows) +
                                    ")");
    cv::Mat values;
    if (kind == nn::ModelKind::Mcnn) {
        // svishwa converts to float first and resizes the float image.
        pixels.convertTo(values, CV_32F);
        if (values.size() == size)
            return toTensor(values);
        cv::Mat resizedValues;
        cv::resize(values, resizedValues, size, 0, 0, cv::INTER_LINEAR);
        return toTensor(resizedValues);
    }
    cv::Mat resized = pixels;
    if (pixels.size() != size)
        cv::resize(pixels, resized, size, 0, 0, cv::INTER_LINEAR);
    resized.convertTo(values, CV_32F, 1.0 / 255.0);
    torch::Tensor input = toTensor(values);
    if (inputChannels == 3) {
        const torch::Tensor mean =
            torch::tensor({kImageNetMean[0], kImageNetMean[1], kImageNetMean[2]})
                .view({1, 3, 1, 1});
        const torch::Tensor std =
            torch::tensor({kImageNetStd[0], kImageNetStd[1], kImageNetStd[2]}).view({1, 3, 1, 1});
        return input.sub_(mean).div_(std);
    }
    const float mean = (kImageNetMean[0] + kImageNetMean[1] + kImageNetMean[2]) / 3.0f;
    const float std = (kImageNetStd[0] + kImageNetStd[1] + kImageNetStd[2]) / 3.0f;
    return input.sub_(mean).div_(std);
}

torch::Tensor preprocessImage(const cv::Mat& image, const nn::DensityModel& model) {
    return preprocessImage(image, model.kind(), model.inputChannels());
}

} // namespace crowdkd::pipeline
