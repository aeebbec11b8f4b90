#include "pipeline/preprocess.h"

#include "nn/msfanet.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

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

/// One axis of cv::resize's INTER_LINEAR sampling of float images: target index t is
/// source[low[t]] * lowWeight[t] + source[high[t]] * highWeight[t]. OpenCV computes the source
/// position in double and rounds it to float; horizontally it reads one pixel only where the
/// second would lie past the edge, vertically it clamps both rows.
struct LinearAxis {
    std::vector<int> low;
    std::vector<int> high;
    std::vector<float> lowWeight;
    std::vector<float> highWeight;
};

LinearAxis linearAxis(int sourceSize, int targetSize, bool horizontal) {
    const double scale = 1.0 / (static_cast<double>(targetSize) / sourceSize);
    LinearAxis axis;
    for (int t = 0; t < targetSize; ++t) {
        float fraction = static_cast<float>((t + 0.5) * scale - 0.5);
        int first = static_cast<int>(std::floor(fraction));
        fraction -= static_cast<float>(first);
        int second = first + 1;
        if (horizontal) {
            if (first < 0)
                fraction = 0, first = 0, second = 1;
            if (first + 1 >= sourceSize)
                fraction = 0, first = second = sourceSize - 1;
        } else {
            first = std::clamp(first, 0, sourceSize - 1);
            second = std::clamp(second, 0, sourceSize - 1);
        }
        axis.low.push_back(first);
        axis.high.push_back(std::min(second, sourceSize - 1));
        axis.lowWeight.push_back(1.0f - fraction);
        axis.highWeight.push_back(fraction);
    }
    return axis;
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
    // In float32, as the reference code's tensors hold them.
    const float mean[3] = {float(nn::kImageNetMean[0]), float(nn::kImageNetMean[1]),
                           float(nn::kImageNetMean[2])};
    const float deviation[3] = {float(nn::kImageNetStd[0]), float(nn::kImageNetStd[1]),
                                float(nn::kImageNetStd[2])};
    if (inputChannels == 3) {
        return input.sub_(torch::tensor({mean[0], mean[1], mean[2]}).view({1, 3, 1, 1}))
            .div_(torch::tensor({deviation[0], deviation[1], deviation[2]}).view({1, 3, 1, 1}));
    }
    return input.sub_((mean[0] + mean[1] + mean[2]) / 3.0f)
        .div_((deviation[0] + deviation[1] + deviation[2]) / 3.0f);
}

torch::Tensor preprocessMcnnRegion(const cv::Mat& image, int inputChannels, cv::Rect region) {
    const cv::Size size = modelInputSize(image.size(), nn::ModelKind::Mcnn);
    if (region.empty() || (region & cv::Rect({}, size)) != region)
        throw std::invalid_argument("preprocessMcnnRegion: the region lies outside the input");
    if (size == image.size()) {
        cv::Mat values;
        toChannels(image(region), inputChannels).convertTo(values, CV_32F);
        return toTensor(values);
    }
    // The source rows and columns the region's samples read, converted to float as svishwa does
    // before resizing; then cv::resize's two passes: along rows, then between rows.
    const LinearAxis columns = linearAxis(image.cols, size.width, true);
    const LinearAxis rows = linearAxis(image.rows, size.height, false);
    const int x0 = columns.low[static_cast<std::size_t>(region.x)];
    const int x1 = columns.high[static_cast<std::size_t>(region.x + region.width - 1)] + 1;
    const int y0 = rows.low[static_cast<std::size_t>(region.y)];
    const int y1 = rows.high[static_cast<std::size_t>(region.y + region.height - 1)] + 1;
    cv::Mat source;
    toChannels(image(cv::Rect(x0, y0, x1 - x0, y1 - y0)), inputChannels).convertTo(source, CV_32F);
    const int channels = source.channels();
    cv::Mat alongRows(source.rows, region.width, CV_32FC(channels));
    for (int y = 0; y < source.rows; ++y) {
        const float* in = source.ptr<float>(y);
        float* out = alongRows.ptr<float>(y);
        for (int x = 0; x < region.width; ++x) {
            const auto t = static_cast<std::size_t>(region.x + x);
            const float* low = in + (columns.low[t] - x0) * channels;
            const float* high = in + (columns.high[t] - x0) * channels;
            for (int c = 0; c < channels; ++c)
                out[x * channels + c] =
                    low[c] * columns.lowWeight[t] + high[c] * columns.highWeight[t];
        }
    }
    cv::Mat values(region.height, region.width, CV_32FC(channels));
    for (int y = 0; y < region.height; ++y) {
        const auto t = static_cast<std::size_t>(region.y + y);
        const float* low = alongRows.ptr<float>(rows.low[t] - y0);
        const float* high = alongRows.ptr<float>(rows.high[t] - y0);
        float* out = values.ptr<float>(y);
        for (int i = 0; i < region.width * channels; ++i)
            out[i] = low[i] * rows.lowWeight[t] + high[i] * rows.highWeight[t];
    }
    return toTensor(values);
}

torch::Tensor preprocessImage(const cv::Mat& image, const nn::DensityModel& model) {
    return preprocessImage(image, model.kind(), model.inputChannels());
}

} // namespace crowdkd::pipeline
