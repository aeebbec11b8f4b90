#include "nn/mcnn.h"

namespace crowdkd::nn {

namespace {

/// Standard deviation of svishwa's `weights_normal_init`.
constexpr double kInitStd = 0.01;

/// One column: conv, pool, conv, pool, conv, conv (Sequential indices 0…5 as in the reference).
torch::nn::Sequential makeColumn(std::int64_t in, std::int64_t first, std::int64_t kernel1,
                                 std::int64_t kernel2) {
    return torch::nn::Sequential(
        Conv2dBlock(in, first, kernel1), torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(2)),
        Conv2dBlock(first, first * 2, kernel2),
        torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(2)),
        Conv2dBlock(first * 2, first, kernel2), Conv2dBlock(first, first / 2, kernel2));
}

} // namespace

Conv2dBlockImpl::Conv2dBlockImpl(std::int64_t inChannels, std::int64_t outChannels,
                                 std::int64_t kernelSize, bool relu)
    : m_relu(relu) {
    conv = register_module(
        "conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(inChannels, outChannels, kernelSize)
                                      .padding((kernelSize - 1) / 2)));
}

torch::Tensor Conv2dBlockImpl::forward(const torch::Tensor& input) {
    torch::Tensor output = conv->forward(input);
    return m_relu ? torch::relu_(output) : output;
}

McnnImpl::McnnImpl(std::int64_t inputChannels)
    : m_inputChannels(inputChannels) {
    TORCH_CHECK(inputChannels > 0, "MCNN needs at least one input channel");
    branch1 = register_module("branch1", makeColumn(inputChannels, 16, 9, 7));
    branch2 = register_module("branch2", makeColumn(inputChannels, 20, 7, 5));
    branch3 = register_module("branch3", makeColumn(inputChannels, 24, 5, 3));
    fuse = register_module("fuse", torch::nn::Sequential(Conv2dBlock(30, 1, 1)));
}

torch::Tensor McnnImpl::forward(const torch::Tensor& input) {
    const torch::Tensor columns =
        torch::cat({branch1->forward(input), branch2->forward(input), branch3->forward(input)}, 1);
    return fuse->forward(columns);
}

void initializeMcnnWeights(McnnImpl& model) {
    torch::NoGradGuard noGrad;
    for (auto& module : model.modules(/*include_self=*/false))
        if (auto* conv = module->as<torch::nn::Conv2d>()) {
            conv->weight.normal_(0.0, kInitStd);
            if (conv->bias.defined())
                conv->bias.zero_();
        }
}

} // namespace crowdkd::nn
