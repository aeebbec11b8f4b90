#include "pipeline/predictor.h"

#include "base/cancellation.h"
#include "base/error.h"
#include "base/memory_budget.h"
#include "data/image_io.h"
#include "nn/mcnn.h"
#include "pipeline/preprocess.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <new>
#include <stdexcept>
#include <thread>

namespace crowdkd::pipeline {

namespace {

/// What the process holds besides the image and the forward: LibTorch, OpenCV, the model (210 MB
/// for MCNN, 350 MB for M-SFANet before their forward, bench_memory), Qt in the studio.
constexpr std::int64_t kProcessOverheadBytes = std::int64_t{512} << 20;
/// Smallest MCNN tile side worth running: below it the context margins cost more than the tile.
constexpr int kSmallestTileSide = 128;
/// MCNN's output stride: tile origins and sides are multiples of it.
constexpr int kMcnnStride = 4;

std::int64_t pixelsOf(cv::Size size) {
    return static_cast<std::int64_t>(size.width) * size.height;
}

int roundDown(std::int64_t value, int multiple) {
    return static_cast<int>(value / multiple * multiple);
}

/// `density` as an h×w float tensor (dropping leading unit dimensions).
torch::Tensor asMap(torch::Tensor density) {
    while (density.dim() > 2)
        density = density[0];
    return density.to(torch::kCPU).to(torch::kFloat);
}

Prediction finish(torch::Tensor density, cv::Size inputSize) {
    Prediction prediction;
    prediction.density = asMap(std::move(density)).contiguous();
    prediction.count = prediction.density.sum(torch::kDouble).item<double>();
    prediction.inputSize = inputSize;
    return prediction;
}

/// Runs MCNN tile by tile over an input of `plan.inputSize`: `inputOf(rect)` gives the input of a
/// rectangle of it. Each tile's density is kept only over the tile itself, not its margin.
Prediction runTiles(const DensityFunction& model, const InferencePlan& plan,
                    const std::function<torch::Tensor(const cv::Rect&)>& inputOf) {
    const cv::Size size = plan.inputSize;
    const cv::Rect whole({}, size);
    torch::Tensor density = torch::empty({size.height / kMcnnStride, size.width / kMcnnStride});
    // Tiles of nearly equal sides, so that no sliver of a tile pays a full margin.
    const auto split = [&](int length) {
        const int tiles = (length + plan.tileSide - 1) / plan.tileSide;
        const int cells = length / kMcnnStride;
        return ((cells + tiles - 1) / tiles) * kMcnnStride;
    };
    const int stepX = split(size.width);
    const int stepY = split(size.height);
    for (int y = 0; y < size.height; y += stepY) {
        for (int x = 0; x < size.width; x += stepX) {
            const cv::Rect tile = cv::Rect(x, y, stepX, stepY) & whole;
            const cv::Rect context = cv::Rect(x - plan.margin, y - plan.margin,
                                              stepX + 2 * plan.margin, stepY + 2 * plan.margin) &
                                     whole;
            const torch::Tensor out = asMap(model.density(inputOf(context)));
            const int cellX = (tile.x - context.x) / kMcnnStride;
            const int cellY = (tile.y - context.y) / kMcnnStride;
            density.narrow(0, tile.y / kMcnnStride, tile.height / kMcnnStride)
                .narrow(1, tile.x / kMcnnStride, tile.width / kMcnnStride)
                .copy_(out.narrow(0, cellY, tile.height / kMcnnStride)
                           .narrow(1, cellX, tile.width / kMcnnStride));
        }
    }
    return finish(density, size);
}

std::string sizeText(cv::Size size) {
    return std::to_string(size.width) + "x" + std::to_string(size.height);
}

} // namespace

int mcnnTileMargin() {
    static const int margin = [] {
        const nn::McnnImpl definition(1);
        const auto reach = nn::receptiveFieldMargin(definition);
        return static_cast<int>((reach + kMcnnStride - 1) / kMcnnStride * kMcnnStride);
    }();
    return margin;
}

InferencePlan planInference(const DensityFunction& model, cv::Size imageSize, int imageChannels) {
    InferencePlan plan;
    plan.inputSize = modelInputSize(imageSize, model.kind);
    plan.budgetBytes = memoryBudget();
    const std::int64_t inputPixels = pixelsOf(plan.inputSize);
    const std::int64_t perPixel = nn::inferenceBytesPerPixel(model.kind, model.inputChannels);
    // Held all along: the decoded image and the density (attention too for M-SFANet).
    const std::int64_t held = kProcessOverheadBytes + pixelsOf(imageSize) * imageChannels +
                              inputPixels * 8 / (model.kind == nn::ModelKind::Mcnn ? 16 : 4);
    const std::int64_t inputBytes = inputPixels * model.inputChannels * 4;
    plan.estimatedBytes = held + inputBytes + inputPixels * perPixel;
    const bool forcedTiles =
        model.kind == nn::ModelKind::Mcnn && model.tileSide > 0 &&
        (plan.inputSize.width > model.tileSide || plan.inputSize.height > model.tileSide);
    if (plan.estimatedBytes <= plan.budgetBytes && !forcedTiles)
        return plan;

    if (model.kind != nn::ModelKind::Mcnn) {
        // The largest input with the same aspect ratio whose forward fits.
        const double fits =
            static_cast<double>(plan.budgetBytes - kProcessOverheadBytes) /
            static_cast<double>(perPixel + model.inputChannels * 4 + 2 + imageChannels);
        const double scale = std::sqrt(std::max(0.0, fits) / static_cast<double>(inputPixels));
        const cv::Size largest(roundDown(static_cast<std::int64_t>(imageSize.width * scale), 16),
                               roundDown(static_cast<std::int64_t>(imageSize.height * scale), 16));
        char megapixels[32];
        std::snprintf(megapixels, sizeof megapixels, "%.1f", std::max(0.0, fits) / 1e6);
        throw std::invalid_argument(
            "too large for M-SFANet: " + sizeText(imageSize) + " pixels need about " +
            formatBytes(plan.estimatedBytes) + ", over the memory budget of " +
            formatBytes(plan.budgetBytes) + " (" + kMemoryBudgetVariable +
            "); M-SFANet sees the whole image at once, so it cannot run it in tiles: use an image "
            "of at most " +
            megapixels + " megapixels (" + sizeText(largest) +
            " at this aspect ratio), or count it with MCNN");
    }

    plan.margin = mcnnTileMargin();
    if (model.tileSide > 0) {
        plan.tileSide = roundDown(model.tileSide, kMcnnStride);
    } else {
        const std::int64_t available = plan.budgetBytes - held;
        const std::int64_t tilePixels = available / (perPixel + model.inputChannels * 4);
        const auto side = static_cast<std::int64_t>(std::sqrt(static_cast<double>(tilePixels)));
        plan.tileSide = roundDown(side - 2 * plan.margin, kMcnnStride);
        if (plan.tileSide < kSmallestTileSide)
            throw std::invalid_argument(
                "too large for the memory budget of " + formatBytes(plan.budgetBytes) + " (" +
                kMemoryBudgetVariable + "): " + sizeText(imageSize) +
                " pixels leave too little of it to run MCNN even in small tiles");
    }
    plan.tileSide = std::max(plan.tileSide, kMcnnStride);
    const std::int64_t tileInput =
        pixelsOf({plan.tileSide + 2 * plan.margin, plan.tileSide + 2 * plan.margin});
    plan.estimatedBytes = held + tileInput * (perPixel + model.inputChannels * 4);
    return plan;
}

cv::Mat densityAsMat(const torch::Tensor& density) {
    const torch::Tensor map = density.reshape({density.size(-2), density.size(-1)})
                                  .to(torch::kCPU, torch::kFloat)
                                  .contiguous();
    return cv::Mat(static_cast<int>(map.size(0)), static_cast<int>(map.size(1)), CV_32F,
                   map.data_ptr<float>())
        .clone();
}

void setInferenceThreads(int threads) {
    if (threads <= 0)
        threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    torch::set_num_threads(threads);
}

DensityFunction densityFunctionOf(nn::DensityModel& model) {
    return {model.kind(), model.inputChannels(), [&model](const torch::Tensor& input) {
                return model.forward(input.to(model.device())).density.to(torch::kCPU);
            }};
}

Prediction predictTensor(nn::DensityModel& model, const torch::Tensor& input) {
    if (model.kind() == nn::ModelKind::Mcnn) // MCNN has no attention: the tiling path serves it
        return predictTensor(densityFunctionOf(model), input);
    const DensityFunction function = densityFunctionOf(model);
    const cv::Size size(static_cast<int>(input.size(3)), static_cast<int>(input.size(2)));
    planInference(function, size, 4 * model.inputChannels()); // throws beyond the budget
    torch::NoGradGuard noGrad;
    const nn::ModelOutput output = model.forward(input.to(model.device()));
    Prediction prediction = finish(output.density, size);
    if (output.attention.defined())
        prediction.attention = output.attention[0][0].to(torch::kCPU).contiguous();
    return prediction;
}

Prediction predictImage(nn::DensityModel& model, const cv::Mat& image) {
    if (model.kind() == nn::ModelKind::Mcnn)
        return predictImage(densityFunctionOf(model), image);
    planInference(densityFunctionOf(model), image.size(), image.channels());
    return predictTensor(model, preprocessImage(image, model));
}

Prediction predictFile(nn::DensityModel& model, const std::filesystem::path& imagePath) {
    if (model.kind() == nn::ModelKind::Mcnn)
        return predictFile(densityFunctionOf(model), imagePath);
    try {
        // The header tells whether M-SFANet can run the image before any pixel is decoded.
        planInference(densityFunctionOf(model), readImageSize(imagePath), model.inputChannels());
        return predictImage(model, readImage(imagePath, imageModeFor(model.inputChannels())));
    } catch (...) {
        rethrowAsImageError(imagePath);
    }
}

Prediction predictTensor(const DensityFunction& model, const torch::Tensor& input) {
    torch::NoGradGuard noGrad;
    const cv::Size size(static_cast<int>(input.size(3)), static_cast<int>(input.size(2)));
    InferencePlan plan = planInference(model, size, 4 * model.inputChannels);
    plan.inputSize = size; // already the model's input
    if (!plan.tiled())
        return finish(model.density(input), size);
    return runTiles(model, plan, [&input](const cv::Rect& rect) {
        return input.narrow(2, rect.y, rect.height).narrow(3, rect.x, rect.width).contiguous();
    });
}

PreparedImage prepareImage(const DensityFunction& model, const cv::Mat& image) {
    PreparedImage prepared;
    prepared.plan = planInference(model, image.size(), image.channels());
    if (prepared.plan.tiled())
        prepared.image = image;
    else
        prepared.input = preprocessImage(image, model.kind, model.inputChannels);
    return prepared;
}

Prediction predictPrepared(const DensityFunction& model, const PreparedImage& prepared) {
    torch::NoGradGuard noGrad;
    if (!prepared.plan.tiled())
        return finish(model.density(prepared.input), prepared.plan.inputSize);
    const cv::Mat& image = prepared.image;
    return runTiles(model, prepared.plan, [&](const cv::Rect& rect) {
        return preprocessMcnnRegion(image, model.inputChannels, rect);
    });
}

Prediction predictImage(const DensityFunction& model, const cv::Mat& image) {
    return predictPrepared(model, prepareImage(model, image));
}

Prediction predictFile(const DensityFunction& model, const std::filesystem::path& imagePath) {
    try {
        if (model.kind != nn::ModelKind::Mcnn) // refused from the header, before decoding
            planInference(model, readImageSize(imagePath), model.inputChannels);
        return predictImage(model, readImage(imagePath, imageModeFor(model.inputChannels)));
    } catch (...) {
        rethrowAsImageError(imagePath);
    }
}

void rethrowAsImageError(const std::filesystem::path& imagePath) {
    const auto advice = [] {
        return "close other programs, or lower " + std::string(kMemoryBudgetVariable) + " (now " +
               std::to_string(memoryBudget() >> 20) + ") so that MCNN counts it in smaller tiles";
    };
    try {
        throw;
    } catch (const FileError&) {
        throw;
    } catch (const Cancelled&) {
        throw;
    } catch (const std::invalid_argument& error) {
        throw FileError(imagePath, error.what());
    } catch (const std::bad_alloc&) {
        throw outOfMemoryError(imagePath, "to count this image", advice());
    } catch (const std::exception& error) {
        if (isOutOfMemoryMessage(error.what()))
            throw outOfMemoryError(imagePath, "to count this image", advice());
        throw;
    }
}

} // namespace crowdkd::pipeline
