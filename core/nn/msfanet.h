#pragma once

#include "nn/state_dict.h"

#include <torch/torch.h>

#include <array>

namespace crowdkd::nn {

/// What follows a BaseConv's convolution (and BatchNorm).
enum class Activation { None, Relu, Sigmoid };

/// The M-SFANet authors' `BaseConv`: a 'same' convolution with bias, a BatchNorm that is applied
/// only with `useBn` (it exists in the state dict either way), then an activation.
class BaseConvImpl : public torch::nn::Module {
public:
    BaseConvImpl(std::int64_t inChannels, std::int64_t outChannels, std::int64_t kernelSize,
                 Activation activation, bool useBn);

    torch::Tensor forward(const torch::Tensor& input);

    torch::nn::Conv2d conv{nullptr};
    torch::nn::BatchNorm2d bn{nullptr};

private:
    Activation m_activation;
    bool m_useBn;
};
TORCH_MODULE(BaseConv);

/// The four feature maps the encoder hands to the decoders (strides 2, 4, 8 and 16).
struct VggFeatures {
    torch::Tensor conv2_2, conv3_3, conv4_3, conv5_3;
};

/// VGG16-bn encoder without its last pool: 13 BaseConvs `conv1_1` … `conv5_3` with BN and ReLU,
/// 2×2 max-pools after conv1_2, conv2_2, conv3_3 and conv4_3.
class Vgg16BnImpl : public torch::nn::Module {
public:
    explicit Vgg16BnImpl(std::int64_t inputChannels = 3);

    VggFeatures forward(const torch::Tensor& input);

    std::array<BaseConv, 13> convs{nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
                                   nullptr, nullptr, nullptr, nullptr, nullptr, nullptr};
};
TORCH_MODULE(Vgg16Bn);

/// One ASPP branch: `atrous_conv` (no bias) → `bn` → ReLU.
class AsppBranchImpl : public torch::nn::Module {
public:
    AsppBranchImpl(std::int64_t inChannels, std::int64_t outChannels, std::int64_t kernelSize,
                   std::int64_t dilation);

    torch::Tensor forward(const torch::Tensor& input);

    torch::nn::Conv2d atrous_conv{nullptr};
    torch::nn::BatchNorm2d bn{nullptr};
};
TORCH_MODULE(AsppBranch);

/// DeepLab v3+ atrous spatial pyramid pooling on conv5_3 (output stride 16): 1×1 and 3×3 with
/// dilations 6/12/18, plus an image-pooling branch (`global_avg_pool`: pool, 1×1, BN, ReLU,
/// bilinear back with align_corners=true), concatenated (1280) → `conv1` → `bn1` → ReLU → dropout.
/// Training needs batches of 2 or more: `global_avg_pool`'s BatchNorm sees one value per channel
/// and image.
class AsppImpl : public torch::nn::Module {
public:
    explicit AsppImpl(std::int64_t inChannels = 512);

    torch::Tensor forward(const torch::Tensor& input);

    AsppBranch aspp1{nullptr}, aspp2{nullptr}, aspp3{nullptr}, aspp4{nullptr};
    torch::nn::Sequential global_avg_pool{nullptr};
    torch::nn::Conv2d conv1{nullptr};
    torch::nn::BatchNorm2d bn1{nullptr};
    torch::nn::Dropout dropout{nullptr};
};
TORCH_MODULE(Aspp);

/// CAN's contextual module (Liu et al., "Context-Aware Crowd Counting"): average pools to 1, 2, 3
/// and 6 cells → 1×1 conv → bilinear back (align_corners=false); each scale weighted by
/// sigmoid(weight_net(features − scale)); the weighted mean is concatenated with the features →
/// `bottleneck` 1×1 → ReLU.
class ContextualModuleImpl : public torch::nn::Module {
public:
    explicit ContextualModuleImpl(std::int64_t features = 512, std::int64_t outFeatures = 512);

    torch::Tensor forward(const torch::Tensor& input);

    torch::nn::ModuleList scales{nullptr};
    torch::nn::Conv2d bottleneck{nullptr};
    torch::nn::Conv2d weight_net{nullptr};
};
TORCH_MODULE(ContextualModule);

/// The scale pyramid module: CAN on conv4_3, ASPP (`assp`, the authors' spelling) on conv5_3.
class ScalePyramidModuleImpl : public torch::nn::Module {
public:
    ScalePyramidModuleImpl();

    VggFeatures forward(const VggFeatures& features);

    Aspp assp{nullptr};
    ContextualModule can{nullptr};
};
TORCH_MODULE(ScalePyramidModule);

/// The U-Net-like decoder used twice (`amp` for attention, `dmp` for density): bilinear ×2/×4
/// upsampling (align_corners=true) and BaseConvs `conv1` … `conv7` down to 32 channels at stride 2.
class BackEndImpl : public torch::nn::Module {
public:
    BackEndImpl();

    torch::Tensor forward(const VggFeatures& features);

    BaseConv conv1{nullptr}, conv2{nullptr}, conv3{nullptr}, conv4{nullptr}, conv5{nullptr},
        conv6{nullptr}, conv7{nullptr};
};
TORCH_MODULE(BackEnd);

/// M-SFANet (Thanasutives et al., "Encoder-Decoder Based Convolutional Neural Networks with
/// Multi-Scale-Aware Modules for Crowd Counting", ICPR 2020), exactly as the authors' `Model`:
/// VGG16-bn encoder, scale pyramid module (CAN + ASPP), attention and density decoders, attention
/// head `conv_att` (1×1, BN, sigmoid) and density head `conv_out` (1×1, linear; its BatchNorm is in
/// the state dict but not applied). Input: N×3×H×W, RGB / 255 normalised with ImageNet mean and
/// std, H and W multiples of 16. Output: density and attention, N×1×H/2×W/2. 22,904,390
/// parameters; 247 state-dict entries with the authors' key names.
///
/// Training (BatchNorm in training mode) needs batches of 2 or more images; forward() throws
/// std::invalid_argument for a batch of 1 in training mode.
class MsfaNetImpl : public torch::nn::Module {
public:
    explicit MsfaNetImpl(std::int64_t inputChannels = 3);

    /// Density and attention maps.
    std::pair<torch::Tensor, torch::Tensor> forward(const torch::Tensor& input);

    std::int64_t inputChannels() const { return m_inputChannels; }

    Vgg16Bn vgg{nullptr};
    ScalePyramidModule spm{nullptr};
    BackEnd amp{nullptr};
    BackEnd dmp{nullptr};
    BaseConv conv_att{nullptr};
    BaseConv conv_out{nullptr};

private:
    std::int64_t m_inputChannels;
};
TORCH_MODULE(MsfaNet);

/// The input size M-SFANet accepts: H and W multiples of this.
constexpr std::int64_t kMsfaNetSizeMultiple = 16;

/// ImageNet's per-channel mean of RGB values in [0, 1]: M-SFANet's VGG16-bn encoder was pretrained
/// on inputs normalised with it and kImageNetStd, so its inputs are too (preprocessing and the
/// export metadata read these; float32 code takes float(kImageNetMean[i]), as PyTorch would).
constexpr double kImageNetMean[3] = {0.485, 0.456, 0.406};
/// ImageNet's per-channel standard deviation of RGB values in [0, 1] (see kImageNetMean).
constexpr double kImageNetStd[3] = {0.229, 0.224, 0.225};

/// Initialises the weights as the authors' constructors do: BaseConv N(0, 0.01) and zero bias,
/// ASPP convolutions Kaiming-normal, CAN N(0, 0.01), BatchNorm weight 1 and bias 0.
void initializeMsfaNetWeights(MsfaNetImpl& model);

/// Copies torchvision's ImageNet `vgg16_bn` weights (keys `features.N.weight` …) into the
/// encoder, as the authors' `load_vgg()` does. Throws std::runtime_error when keys are missing.
void loadVgg16BnImageNetWeights(MsfaNetImpl& model, const StateDict& torchvisionVgg16Bn);

} // namespace crowdkd::nn
