#pragma once

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

/// Density loss used by every mode: the squared error summed over the pixels of each image and
/// averaged over the batch, sum((prediction - target)^2) / N. Sum rather than mean over pixels
/// because per-pixel densities are ~1e-3, so mean-reduced gradients are so small that Adam's
/// epsilon dominates them; both tensors are N×1×H×W.
torch::Tensor densityLoss(const torch::Tensor& prediction, const torch::Tensor& target);

/// The student loss: densityLoss(student, groundTruth).
LossValue studentLoss(const torch::Tensor& student, const torch::Tensor& groundTruth);

/// The distillation loss, (1 − α)·densityLoss(student, GT) + α·densityLoss(student, teacher), no
/// temperature. `teacher` must already be at the student's resolution (see poolToStride).
LossValue distillationLoss(const torch::Tensor& student, const torch::Tensor& groundTruth,
                           const torch::Tensor& teacher, double alpha);

/// The M-SFANet teacher loss: densityLoss(density, GT) + 0.1 · BCE(attention, GT > 0.001), the BCE
/// averaged over pixels as nn.BCELoss does; `attention` holds probabilities (after the sigmoid).
LossValue teacherLoss(const torch::Tensor& density, const torch::Tensor& attention,
                      const torch::Tensor& groundTruth);

/// Sum-pools an N×C×H×W density map by `factor` (counts preserved); factor 1 returns the input.
/// Used to bring a teacher map at stride s_t to a student at stride s_s (factor s_s / s_t).
torch::Tensor sumPool(const torch::Tensor& density, int factor);

} // namespace crowdkd::nn
