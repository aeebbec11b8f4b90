#pragma once

#include "nn/density_model.h"

#include <opencv2/core.hpp>
#include <torch/torch.h>

#include <cstdint>
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
    /// MCNN's tile side in model-input pixels (a multiple of 4) for images it cannot run whole;
    /// 0 derives it from memoryBudget() (see planInference). Tests set a small one.
    int tileSide = 0;
};

/// How one image goes through a model within the memory budget.
struct InferencePlan {
    /// The model's input size (modelInputSize).
    cv::Size inputSize;
    /// 0: the whole input at once. Else MCNN's tiles: squares of this side (a multiple of 4) of
    /// the input, each run with `margin` more pixels of real image around it.
    int tileSide = 0;
    /// Context around each tile: MCNN's receptive-field margin rounded up to its output stride, so
    /// that the tiles' densities are the whole image's (docs/reliability.md).
    int margin = 0;
    /// The memory the plan expects to use at most, and the budget it was made for.
    std::int64_t estimatedBytes = 0;
    std::int64_t budgetBytes = 0;

    bool tiled() const { return tileSide > 0; }
};

/// MCNN's context margin in input pixels: nn::receptiveFieldMargin of the model definition,
/// rounded up to a multiple of its output stride so that tile origins keep the pooling grid.
int mcnnTileMargin();

/// How `model` runs an image of `imageSize` (as decoded, `imageChannels` bytes per pixel) within
/// memoryBudget(): whole when the estimate of its forward fits (every ordinary photo), else MCNN
/// in tiles sized from the budget (or model.tileSide when set). Throws std::invalid_argument when
/// M-SFANet cannot run the image within the budget (it pools globally, so it cannot be tiled); the
/// message gives the largest size it can run.
InferencePlan planInference(const DensityFunction& model, cv::Size imageSize, int imageChannels);

/// A density tensor (h×w or 1×1×h×w, float, on the CPU) as an owned CV_32F h×w matrix.
cv::Mat densityAsMat(const torch::Tensor& density);

/// Sets LibTorch's intra-op thread count: `threads`, or every core when 0.
void setInferenceThreads(int threads = 0);

/// `model` as a DensityFunction (its density on the CPU; the model stays where it is and in its
/// mode: the caller puts it in eval mode).
DensityFunction densityFunctionOf(nn::DensityModel& model);

/// Runs `model` on one preprocessed 1×C×H×W input under NoGradGuard (the caller puts the model
/// in eval mode; loadDensityModel does). MCNN runs large inputs in tiles (planInference);
/// M-SFANet refuses inputs beyond the budget with std::invalid_argument.
Prediction predictTensor(nn::DensityModel& model, const torch::Tensor& input);

/// Preprocesses a decoded image (see preprocessImage: decode MCNN's input with
/// ImageMode::Grayscale to match cv::imread IMREAD_GRAYSCALE) and runs the model.
Prediction predictImage(nn::DensityModel& model, const cv::Mat& image);

/// Reads an image with the decode mode the model expects, then predictImage. Throws FileError
/// naming the file when it cannot be decoded, is too large for M-SFANet (checked from its header,
/// before decoding) or memory runs out (with what to do).
Prediction predictFile(nn::DensityModel& model, const std::filesystem::path& imagePath);

/// predictTensor, predictImage and predictFile for any engine (no attention). MCNN images that
/// do not fit the budget whole are preprocessed and run tile by tile: memory stays bounded
/// whatever the image size, and the density equals the whole image's to float rounding.
Prediction predictTensor(const DensityFunction& model, const torch::Tensor& input);
Prediction predictImage(const DensityFunction& model, const cv::Mat& image);
Prediction predictFile(const DensityFunction& model, const std::filesystem::path& imagePath);

/// A decoded image on its way to a model (e.g. from a decoding thread): preprocessed (`input`)
/// when the model runs it whole, else the decoded image itself (`image`), converted tile by tile
/// by predictPrepared.
struct PreparedImage {
    torch::Tensor input;
    cv::Mat image;
    InferencePlan plan;
};

/// Plans (throwing like planInference) and, for a whole-image plan, preprocesses.
PreparedImage prepareImage(const DensityFunction& model, const cv::Mat& image);
Prediction predictPrepared(const DensityFunction& model, const PreparedImage& prepared);

/// Called in a catch block while reading or counting `imagePath`: rethrows the exception being
/// handled as a FileError naming the image when it is std::invalid_argument (a refused size) or
/// memory that ran out (std::bad_alloc, LibTorch's and OpenCV's allocation errors, with what to
/// do about it); anything else as it is.
[[noreturn]] void rethrowAsImageError(const std::filesystem::path& imagePath);

} // namespace crowdkd::pipeline
