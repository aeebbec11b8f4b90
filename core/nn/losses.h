#pragma once

#include "nn/loss_reduction.h"

#include <torch/torch.h>

namespace crowdkd::nn {

/// The parts of a training loss, as plain numbers for logs and plots; `total` is what is minimised.
struct LossParts {
    double total = 0;
    double groundTruth = 0; ///< the density term against the ground truth
    double teacher = 0;     ///< the density term against the teacher (kd only)
    double attention = 0;   ///< the attention BCE term (teacher mode only)
};

/// A loss tensor with its parts.
struct LossValue {
    torch::Tensor total;
    torch::Tensor groundTruth;
    torch::Tensor teacher;
    torch::Tensor attention;

    /// The parts as numbers (reads the tensors, so call it after backward()).
    LossParts parts() const;
};

/// Weight of the attention BCE in the teacher loss (the SFANet recipe).
constexpr double kAttentionLossWeight = 0.1;
/// Density above which a pixel counts as "crowd" for the attention target (the SFANet recipe).
constexpr double kAttentionThreshold = 0.001;

/// The squared error of each image of a batch, reduced over its pixels: an N-vector. Both tensors
/// are N×1×H×W.
torch::Tensor perImageSquaredError(const torch::Tensor& prediction, const torch::Tensor& target,
                                   LossReduction reduction = LossReduction::Sum);

/// Density loss used by every mode: perImageSquaredError averaged over the batch, so
/// sum((prediction - target)^2) / N with the default reduction.
torch::Tensor densityLoss(const torch::Tensor& prediction, const torch::Tensor& target,
                          LossReduction reduction = LossReduction::Sum);

/// The student loss: densityLoss(student, groundTruth).
LossValue studentLoss(const torch::Tensor& student, const torch::Tensor& groundTruth,
                      LossReduction reduction = LossReduction::Sum);

/// The distillation loss, (1 − α)·densityLoss(student, GT) + α·densityLoss(student, teacher), no
/// temperature. `teacher` must already be at the student's resolution (see sumPool).
///
/// `labeled` (an N-vector of 1 and 0, or undefined for all 1) marks the images that have ground
/// truth. Unlabeled images learn from the teacher alone (α = 1 for them); the total stays a mean
/// over all N images, while the ground-truth part reported is the mean over the labeled ones.
LossValue distillationLoss(const torch::Tensor& student, const torch::Tensor& groundTruth,
                           const torch::Tensor& teacher, double alpha,
                           const torch::Tensor& labeled = {},
                           LossReduction reduction = LossReduction::Sum);

/// The M-SFANet teacher loss: densityLoss(density, GT) + 0.1 · BCE(attention, GT > 0.001), the BCE
/// summed over each map's pixels and averaged over the batch as SFANet's training code does;
/// `attention` holds probabilities (after the sigmoid).
LossValue teacherLoss(const torch::Tensor& density, const torch::Tensor& attention,
                      const torch::Tensor& groundTruth);

/// Sum-pools an N×C×H×W density map by `factor` (counts preserved); factor 1 returns the input.
/// Used to bring a teacher map at stride s_t to a student at stride s_s (factor s_s / s_t).
torch::Tensor sumPool(const torch::Tensor& density, int factor);

} // namespace crowdkd::nn
