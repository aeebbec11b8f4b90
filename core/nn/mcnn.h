#pragma once

#include "nn/precision.h"

#include <torch/torch.h>

#include <memory>

namespace crowdkd::nn {

class OneDnnPlanCache;

/// svishwa's `network.Conv2d`: a convolution with 'same' padding followed by an optional ReLU. Its
/// convolution is the submodule "conv", as in the reference checkpoints (`branch1.0.conv.weight`).
class Conv2dBlockImpl : public torch::nn::Module {
public:
    Conv2dBlockImpl(std::int64_t inChannels, std::int64_t outChannels, std::int64_t kernelSize,
                    bool relu = true);

    torch::Tensor forward(const torch::Tensor& input);

    bool hasRelu() const { return m_relu; }

    torch::nn::Conv2d conv{nullptr};

private:
    bool m_relu;
};
TORCH_MODULE(Conv2dBlock);

/// MCNN (Zhang et al., "Single-Image Crowd Counting via Multi-Column CNN", CVPR 2016), exactly as
/// svishwa/crowdcount-mcnn builds it: three columns of 'same' convolutions with large, medium and
/// small kernels, two 2×2 max-pools each, fused by a 1×1 convolution with ReLU. Input: N×C×H×W
/// images as float 0–255 without normalisation (C = 1 for the reference grayscale model); output:
/// N×1×⌊H/4⌋×⌊W/4⌋ density. 127,953 parameters for grayscale input, 133,705 for RGB.
/// State-dict keys: `branch{1,2,3}.{0,2,4,5}.conv.{weight,bias}`, `fuse.0.conv.{weight,bias}`.
class McnnImpl : public torch::nn::Module {
public:
    explicit McnnImpl(std::int64_t inputChannels = 1);

    torch::Tensor forward(const torch::Tensor& input);

    std::int64_t inputChannels() const { return m_inputChannels; }

    /// Trains the columns as oneDNN primitives (mcnn_onednn.h), computing in `precision`, when in
    /// training mode with gradients on a CPU input it can run; false when this build or CPU
    /// cannot.
    bool setOneDnnTraining(bool on, Precision precision = Precision::Float32);

    torch::nn::Sequential branch1{nullptr};
    torch::nn::Sequential branch2{nullptr};
    torch::nn::Sequential branch3{nullptr};
    torch::nn::Sequential fuse{nullptr};

private:
    std::int64_t m_inputChannels;
    std::shared_ptr<OneDnnPlanCache> m_oneDnnPlans; ///< set while training through oneDNN
};
TORCH_MODULE(Mcnn);

/// How far, in input pixels, one output cell of `model` looks beyond its own block of input pixels
/// on each side: over each column, the reach of every convolution ((kernel − 1) / 2) times the
/// stride of the grid it runs on (the product of the pools before it), the largest over the
/// columns. Read from the model's own layers: 34 for svishwa's MCNN (its 9-7-7-7 column:
/// 4 + 3·2 + 3·4 + 3·4). Tiles given this much real context on every side (and starting on the
/// pooling grid) give the whole image's density.
std::int64_t receptiveFieldMargin(const McnnImpl& model);

/// Initialises MCNN's weights as svishwa's training does: N(0, 0.01) weights and zero biases.
void initializeMcnnWeights(McnnImpl& model);

} // namespace crowdkd::nn
