#pragma once

#include <string>

// Apart from losses.h, which needs LibTorch: training configurations are read by the studio, whose
// Qt keywords clash with LibTorch's headers.
namespace crowdkd::nn {

/// How the squared error of a density map becomes one number per image.
enum class LossReduction {
    /// Summed over the pixels of each image (svishwa's MCNN, SFANet). The default: per-pixel
    /// densities are ~1e-3, so mean-reduced gradients are so small that Adam's epsilon matters.
    Sum,
    /// Averaged over the pixels, as nn.MSELoss() does by default.
    Mean
};

/// "sum" or "mean".
std::string toString(LossReduction reduction);
/// Parses "sum" or "mean"; throws std::invalid_argument otherwise.
LossReduction lossReductionFromString(const std::string& text);

} // namespace crowdkd::nn
