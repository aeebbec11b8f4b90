#include "nn/msfanet.h"

#include <stdexcept>
#include <string>

namespace crowdkd::nn {

namespace F = torch::nn::functional;

namespace {

/// Standard deviation of the authors' normal initialisation (BaseConv, CAN).
constexpr double kInitStd = 0.01;
/// Names, input and output channels of the 13 encoder convolutions.
struct VggLayer {
    const char* name;
    std::int64_t in;
    std::int64_t out;
};
constexpr std::array<VggLayer, 13> kVggLayers{{{"conv1_1", 3, 64},
                                               {"conv1_2", 64, 64},
                                               {"conv2_1", 64, 128},
                                               {"conv2_2", 128, 128},
                                               {"conv3_1", 128, 256},
                                               {"conv3_2", 256, 256},
                                               {"conv3_3", 256, 256},
                                               {"conv4_1", 256, 512},
                                               {"conv4_2", 512, 512},
                                               {"conv4_3", 512, 512},
                                               {"conv5_1", 512, 512},
                                               {"conv5_2", 512, 512},
                                               {"conv5_3", 512, 512}}};
/// Indices of the convolution and BatchNorm of each encoder layer in torchvision's vgg16_bn.
constexpr std::array<int, 13> kTorchvisionConvIndex{0,  3,  7,  10, 14, 17, 20,
                                                    24, 27, 30, 34, 37, 40};
/// Pooled sizes of CAN's scales.
constexpr std::array<std::int64_t, 4> kContextScales{1, 2, 3, 6};
/// ASPP dilations for output stride 16.
constexpr std::array<std::int64_t, 3> kAsppDilations{6, 12, 18};

torch::Tensor resizeBilinear(const torch::Tensor& input, std::int64_t height, std::int64_t width,
                             bool alignCorners) {
    return F::interpolate(input, F::InterpolateFuncOptions()
                                     .size(std::vector<std::int64_t>{height, width})
                                     .mode(torch::kBilinear)
                                     .align_corners(alignCorners));
}

/// nn.UpsamplingBilinear2d(scale_factor=s): bilinear with align_corners=true to s times the size.
torch::Tensor upsample(const torch::Tensor& input, std::int64_t factor) {
    return resizeBilinear(input, input.size(2) * factor, input.size(3) * factor, true);
}

torch::nn::BatchNorm2d makeBatchNorm(std::int64_t channels) {
    return torch::nn::BatchNorm2d(torch::nn::BatchNorm2dOptions(channels));
}

void resetBatchNorm(torch::nn::BatchNorm2dImpl& bn) {
    bn.weight.fill_(1.0);
    bn.bias.zero_();
}

} // namespace

BaseConvImpl::BaseConvImpl(std::int64_t inChannels, std::int64_t outChannels,
                           std::int64_t kernelSize, Activation activation, bool useBn)
    : m_activation(activation)
    , m_useBn(useBn) {
    conv = register_module(
        "conv",
        torch::nn::Conv2d(
            torch::nn::Conv2dOptions(inChannels, outChannels, kernelSize).padding(kernelSize / 2)));
    bn = register_module("bn", makeBatchNorm(outChannels));
}

torch::Tensor BaseConvImpl::forward(const torch::Tensor& input) {
    torch::Tensor output = conv->forward(input);
    if (m_useBn)
        output = bn->forward(output);
    switch (m_activation) {
    case Activation::Relu:
        return torch::relu_(output);
    case Activation::Sigmoid:
        return torch::sigmoid(output);
    case Activation::None:
        break;
    }
    return output;
}

Vgg16BnImpl::Vgg16BnImpl(std::int64_t inputChannels) {
    for (std::size_t i = 0; i < kVggLayers.size(); ++i) {
        const std::int64_t in = i == 0 ? inputChannels : kVggLayers[i].in;
        convs[i] = register_module(kVggLayers[i].name,
                                   BaseConv(in, kVggLayers[i].out, 3, Activation::Relu, true));
    }
}

VggFeatures Vgg16BnImpl::forward(const torch::Tensor& input) {
    const auto pool = [](const torch::Tensor& x) { return torch::max_pool2d(x, {2, 2}, {2, 2}); };
    VggFeatures features;
    torch::Tensor x = convs[1]->forward(convs[0]->forward(input));
    features.conv2_2 = convs[3]->forward(convs[2]->forward(pool(x)));
    x = convs[5]->forward(convs[4]->forward(pool(features.conv2_2)));
    features.conv3_3 = convs[6]->forward(x);
    x = convs[8]->forward(convs[7]->forward(pool(features.conv3_3)));
    features.conv4_3 = convs[9]->forward(x);
    x = convs[11]->forward(convs[10]->forward(pool(features.conv4_3)));
    features.conv5_3 = convs[12]->forward(x);
    return features;
}

AsppBranchImpl::AsppBranchImpl(std::int64_t inChannels, std::int64_t outChannels,
                               std::int64_t kernelSize, std::int64_t dilation) {
    const std::int64_t padding = kernelSize == 1 ? 0 : dilation;
    atrous_conv = register_module(
        "atrous_conv",
        torch::nn::Conv2d(torch::nn::Conv2dOptions(inChannels, outChannels, kernelSize)
                              .padding(padding)
                              .dilation(dilation)
                              .bias(false)));
    bn = register_module("bn", makeBatchNorm(outChannels));
}

torch::Tensor AsppBranchImpl::forward(const torch::Tensor& input) {
    return bn->forward(atrous_conv->forward(input)).relu_();
}

AsppImpl::AsppImpl(std::int64_t inChannels) {
    constexpr std::int64_t kOut = 256;
    aspp1 = register_module("aspp1", AsppBranch(inChannels, kOut, 1, 1));
    aspp2 = register_module("aspp2", AsppBranch(inChannels, kOut, 3, kAsppDilations[0]));
    aspp3 = register_module("aspp3", AsppBranch(inChannels, kOut, 3, kAsppDilations[1]));
    aspp4 = register_module("aspp4", AsppBranch(inChannels, kOut, 3, kAsppDilations[2]));
    global_avg_pool = register_module(
        "global_avg_pool",
        torch::nn::Sequential(
            torch::nn::AdaptiveAvgPool2d(torch::nn::AdaptiveAvgPool2dOptions({1, 1})),
            torch::nn::Conv2d(torch::nn::Conv2dOptions(inChannels, kOut, 1).bias(false)),
            makeBatchNorm(kOut), torch::nn::ReLU()));
    conv1 = register_module(
        "conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(kOut * 5, kOut, 1).bias(false)));
    bn1 = register_module("bn1", makeBatchNorm(kOut));
    dropout = register_module("dropout", torch::nn::Dropout(0.5));
}

torch::Tensor AsppImpl::forward(const torch::Tensor& input) {
    const torch::Tensor x4 = aspp4->forward(input);
    const torch::Tensor pooled =
        resizeBilinear(global_avg_pool->forward(input), x4.size(2), x4.size(3), true);
    torch::Tensor x = torch::cat(
        {aspp1->forward(input), aspp2->forward(input), aspp3->forward(input), x4, pooled}, 1);
    x = bn1->forward(conv1->forward(x)).relu_();
    return dropout->forward(x);
}

ContextualModuleImpl::ContextualModuleImpl(std::int64_t features, std::int64_t outFeatures) {
    scales = register_module("scales", torch::nn::ModuleList());
    for (const std::int64_t size : kContextScales)
        scales->push_back(torch::nn::Sequential(
            torch::nn::AdaptiveAvgPool2d(torch::nn::AdaptiveAvgPool2dOptions({size, size})),
            torch::nn::Conv2d(torch::nn::Conv2dOptions(features, features, 1).bias(false))));
    bottleneck = register_module(
        "bottleneck", torch::nn::Conv2d(torch::nn::Conv2dOptions(features * 2, outFeatures, 1)));
    weight_net = register_module(
        "weight_net", torch::nn::Conv2d(torch::nn::Conv2dOptions(features, features, 1)));
}

torch::Tensor ContextualModuleImpl::forward(const torch::Tensor& input) {
    const std::int64_t height = input.size(2);
    const std::int64_t width = input.size(3);
    torch::Tensor weightedSum;
    torch::Tensor weightSum;
    for (const auto& stage : *scales) {
        const torch::Tensor scale = resizeBilinear(
            stage->as<torch::nn::Sequential>()->forward(input), height, width, false);
        const torch::Tensor weight = torch::sigmoid(weight_net->forward(input - scale));
        if (!weightedSum.defined()) {
            weightedSum = scale * weight;
            weightSum = weight;
        } else {
            weightedSum = weightedSum + scale * weight;
            weightSum = weightSum + weight;
        }
    }
    const torch::Tensor context = weightedSum / weightSum;
    return bottleneck->forward(torch::cat({context, input}, 1)).relu_();
}

ScalePyramidModuleImpl::ScalePyramidModuleImpl() {
    assp = register_module("assp", Aspp(512));
    can = register_module("can", ContextualModule(512, 512));
}

VggFeatures ScalePyramidModuleImpl::forward(const VggFeatures& features) {
    VggFeatures result = features;
    result.conv4_3 = can->forward(features.conv4_3);
    result.conv5_3 = assp->forward(features.conv5_3);
    return result;
}

BackEndImpl::BackEndImpl() {
    conv1 = register_module("conv1", BaseConv(768, 256, 1, Activation::Relu, true));
    conv2 = register_module("conv2", BaseConv(256, 256, 3, Activation::Relu, true));
    conv3 = register_module("conv3", BaseConv(768, 128, 1, Activation::Relu, true));
    conv4 = register_module("conv4", BaseConv(128, 128, 3, Activation::Relu, true));
    conv5 = register_module("conv5", BaseConv(256, 64, 1, Activation::Relu, true));
    conv6 = register_module("conv6", BaseConv(64, 64, 3, Activation::Relu, true));
    conv7 = register_module("conv7", BaseConv(64, 32, 3, Activation::Relu, true));
}

torch::Tensor BackEndImpl::forward(const VggFeatures& features) {
    torch::Tensor x = torch::cat({upsample(features.conv5_3, 2), features.conv4_3}, 1);
    x = upsample(conv2->forward(conv1->forward(x)), 2);
    x = torch::cat({x, features.conv3_3, upsample(features.conv5_3, 4)}, 1);
    x = upsample(conv4->forward(conv3->forward(x)), 2);
    x = torch::cat({x, features.conv2_2}, 1);
    return conv7->forward(conv6->forward(conv5->forward(x)));
}

MsfaNetImpl::MsfaNetImpl(std::int64_t inputChannels)
    : m_inputChannels(inputChannels) {
    TORCH_CHECK(inputChannels > 0, "M-SFANet needs at least one input channel");
    vgg = register_module("vgg", Vgg16Bn(inputChannels));
    spm = register_module("spm", ScalePyramidModule());
    amp = register_module("amp", BackEnd());
    dmp = register_module("dmp", BackEnd());
    conv_att = register_module("conv_att", BaseConv(32, 1, 1, Activation::Sigmoid, true));
    conv_out = register_module("conv_out", BaseConv(32, 1, 1, Activation::None, false));
    initializeMsfaNetWeights(*this);
}

std::pair<torch::Tensor, torch::Tensor> MsfaNetImpl::forward(const torch::Tensor& input) {
    if (input.dim() != 4 || input.size(1) != m_inputChannels)
        throw std::invalid_argument("M-SFANet expects N×" + std::to_string(m_inputChannels) +
                                    "×H×W input");
    if (input.size(2) % kMsfaNetSizeMultiple != 0 || input.size(3) % kMsfaNetSizeMultiple != 0 ||
        input.size(2) == 0 || input.size(3) == 0)
        throw std::invalid_argument(
            "M-SFANet needs a height and width that are multiples of 16, got " +
            std::to_string(input.size(3)) + "×" + std::to_string(input.size(2)));
    if (is_training() && input.size(0) < 2)
        throw std::invalid_argument(
            "M-SFANet cannot train on a batch of 1 image: the BatchNorm after ASPP's global "
            "average pool needs at least 2 values per channel; use a batch size of 2 or more");
    const VggFeatures features = spm->forward(vgg->forward(input));
    const torch::Tensor attention = conv_att->forward(amp->forward(features));
    const torch::Tensor density = conv_out->forward(attention * dmp->forward(features));
    return {density, attention};
}

void initializeMsfaNetWeights(MsfaNetImpl& model) {
    torch::NoGradGuard noGrad;
    for (auto& module : model.modules(/*include_self=*/false)) {
        if (auto* base = module->as<BaseConvImpl>()) {
            base->conv->weight.normal_(0.0, kInitStd);
            base->conv->bias.zero_();
            resetBatchNorm(*base->bn);
        }
    }
    for (auto& module : model.spm->assp->modules(/*include_self=*/false)) {
        if (auto* conv = module->as<torch::nn::Conv2d>())
            torch::nn::init::kaiming_normal_(conv->weight);
        else if (auto* bn = module->as<torch::nn::BatchNorm2d>())
            resetBatchNorm(*bn);
    }
    for (auto& module : model.spm->can->modules(/*include_self=*/false)) {
        if (auto* conv = module->as<torch::nn::Conv2d>()) {
            conv->weight.normal_(0.0, kInitStd);
            if (conv->bias.defined())
                conv->bias.zero_();
        }
    }
}

void loadVgg16BnImageNetWeights(MsfaNetImpl& model, const StateDict& torchvisionVgg16Bn) {
    StateDict mapped;
    for (std::size_t i = 0; i < kVggLayers.size(); ++i) {
        const std::string conv = "features." + std::to_string(kTorchvisionConvIndex[i]) + ".";
        const std::string bn = "features." + std::to_string(kTorchvisionConvIndex[i] + 1) + ".";
        const std::string ours = std::string(kVggLayers[i].name) + ".";
        for (const char* name : {"weight", "bias"})
            if (const torch::Tensor* tensor = torchvisionVgg16Bn.find(conv + name))
                mapped.insert(ours + "conv." + name, *tensor);
        for (const char* name : {"weight", "bias", "running_mean", "running_var"})
            if (const torch::Tensor* tensor = torchvisionVgg16Bn.find(bn + name))
                mapped.insert(ours + "bn." + name, *tensor);
        if (const torch::Tensor* tensor = torchvisionVgg16Bn.find(bn + "num_batches_tracked"))
            mapped.insert(ours + "bn.num_batches_tracked", *tensor);
        else
            mapped.insert(ours + "bn.num_batches_tracked", torch::zeros({}, torch::kLong));
    }
    loadModuleStateDict(*model.vgg, mapped, true, "the VGG16-bn encoder of M-SFANet");
}

} // namespace crowdkd::nn
