#include "nn/mcnn.h"

#include "nn/mcnn_onednn.h"

#include <algorithm>

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

bool McnnImpl::setOneDnnTraining(bool on, Precision precision) {
    m_oneDnnPlans = on ? makeOneDnnPlanCache(precision) : nullptr;
    return static_cast<bool>(m_oneDnnPlans) == on;
}

torch::Tensor McnnImpl::forward(const torch::Tensor& input) {
    // oneDNN reads the weights where they lie: only a float model on the CPU (one moved after
    // setOneDnnTraining takes LibTorch's path, which names a device mismatch).
    const torch::Tensor& fuseWeight = fuse->ptr(0)->as<Conv2dBlockImpl>()->conv->weight;
    if (m_oneDnnPlans && is_training() && torch::GradMode::is_enabled() &&
        canUseOneDnnColumns(input) && fuseWeight.is_cpu() &&
        fuseWeight.scalar_type() == torch::kFloat) {
        // The 1×1 fuse as a matrix product on the columns' plain layout: as a convolution,
        // oneDNN would lay its 30 channels out and back in each pass, costing more than it does.
        const torch::Tensor columns = mcnnColumnsOneDnn(*this, *m_oneDnnPlans, input);
        const auto& block = *fuse->ptr(0)->as<Conv2dBlockImpl>();
        const std::int64_t n = columns.size(0);
        const std::int64_t height = columns.size(2);
        const std::int64_t width = columns.size(3);
        const torch::Tensor weight = block.conv->weight.reshape({1, columns.size(1)});
        torch::Tensor fused =
            torch::matmul(weight, columns.reshape({n, columns.size(1), height * width})) +
            block.conv->bias.reshape({1, 1, 1});
        if (block.hasRelu())
            fused = torch::relu(fused);
        return fused.reshape({n, 1, height, width});
    }
    const torch::Tensor columns =
        torch::cat({branch1->forward(input), branch2->forward(input), branch3->forward(input)}, 1);
    return fuse->forward(columns);
}

std::int64_t receptiveFieldMargin(const McnnImpl& model) {
    std::int64_t widest = 0;
    for (const torch::nn::Sequential* column :
         {&model.branch1, &model.branch2, &model.branch3, &model.fuse}) {
        std::int64_t stride = 1; // input pixels per cell of the grid the next layer runs on
        std::int64_t reach = 0;
        for (const auto& child : (*column)->children()) {
            if (const auto* block = child->as<Conv2dBlock>()) {
                const auto& options = block->conv->options;
                TORCH_CHECK(options.stride()->at(0) == 1 && options.stride()->at(1) == 1,
                            "MCNN's convolutions have stride 1");
                const std::int64_t kernel =
                    std::max(options.kernel_size()->at(0), options.kernel_size()->at(1));
                const std::int64_t dilation =
                    std::max(options.dilation()->at(0), options.dilation()->at(1));
                reach += (kernel - 1) / 2 * dilation * stride;
            } else if (const auto* pool = child->as<torch::nn::MaxPool2d>()) {
                const auto& options = pool->options;
                TORCH_CHECK(options.kernel_size()->at(0) == options.stride()->at(0),
                            "MCNN's pools do not overlap");
                stride *= options.stride()->at(0);
            }
        }
        widest = std::max(widest, reach);
    }
    return widest;
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
