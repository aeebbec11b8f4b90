#include "nn/losses.h"

#include "base/name_table.h"

#include <stdexcept>

namespace crowdkd::nn {

namespace {

double valueOf(const torch::Tensor& tensor) {
    return tensor.defined() ? tensor.detach().item<double>() : 0.0;
}

void checkSameShape(const torch::Tensor& a, const torch::Tensor& b, const char* what) {
    if (a.sizes() != b.sizes())
        throw std::invalid_argument(std::string(what) + ": shapes differ (" + c10::str(a.sizes()) +
                                    " vs " + c10::str(b.sizes()) + ")");
}

/// The names of the reductions, as written.
constexpr auto kReductionNames =
    nameTable<LossReduction>("loss reduction", NameCase::Exact,
                             {{LossReduction::Sum, "sum"}, {LossReduction::Mean, "mean"}});

} // namespace

std::string toString(LossReduction reduction) {
    return kReductionNames.toString(reduction);
}

LossReduction lossReductionFromString(const std::string& text) {
    return kReductionNames.fromString(text);
}

LossParts LossValue::parts() const {
    return {valueOf(total), valueOf(groundTruth), valueOf(teacher), valueOf(attention)};
}

torch::Tensor perImageSquaredError(const torch::Tensor& prediction, const torch::Tensor& target,
                                   LossReduction reduction) {
    checkSameShape(prediction, target, "density loss");
    const torch::Tensor squared = (prediction - target).pow(2).flatten(1);
    return reduction == LossReduction::Mean ? squared.mean(1) : squared.sum(1);
}

torch::Tensor densityLoss(const torch::Tensor& prediction, const torch::Tensor& target,
                          LossReduction reduction) {
    return perImageSquaredError(prediction, target, reduction).mean();
}

LossValue studentLoss(const torch::Tensor& student, const torch::Tensor& groundTruth,
                      LossReduction reduction) {
    LossValue loss;
    loss.groundTruth = densityLoss(student, groundTruth, reduction);
    loss.total = loss.groundTruth;
    return loss;
}

LossValue distillationLoss(const torch::Tensor& student, const torch::Tensor& groundTruth,
                           const torch::Tensor& teacher, double alpha, const torch::Tensor& labeled,
                           LossReduction reduction) {
    if (alpha < 0 || alpha > 1)
        throw std::invalid_argument("alpha must lie in [0, 1]");
    LossValue loss;
    if (!labeled.defined()) {
        loss.groundTruth = densityLoss(student, groundTruth, reduction);
        loss.teacher = densityLoss(student, teacher.detach(), reduction);
        loss.total = (1 - alpha) * loss.groundTruth + alpha * loss.teacher;
        return loss;
    }
    if (labeled.dim() != 1 || labeled.size(0) != student.size(0))
        throw std::invalid_argument("distillation loss: one labeled flag per image is needed");
    const torch::Tensor isLabeled = labeled.to(student.scalar_type());
    const torch::Tensor groundTruthError = perImageSquaredError(student, groundTruth, reduction);
    const torch::Tensor teacherError = perImageSquaredError(student, teacher.detach(), reduction);
    const torch::Tensor groundTruthWeight = (1 - alpha) * isLabeled;
    const torch::Tensor teacherWeight = 1 - groundTruthWeight;
    loss.total = (groundTruthWeight * groundTruthError + teacherWeight * teacherError).mean();
    loss.groundTruth = (isLabeled * groundTruthError).sum() / isLabeled.sum().clamp_min(1).detach();
    loss.teacher = teacherError.mean();
    return loss;
}

LossValue teacherLoss(const torch::Tensor& density, const torch::Tensor& attention,
                      const torch::Tensor& groundTruth) {
    checkSameShape(attention, groundTruth, "attention loss");
    LossValue loss;
    loss.groundTruth = densityLoss(density, groundTruth);
    const torch::Tensor mask = (groundTruth > kAttentionThreshold).to(attention.scalar_type());
    // Summed over each map's pixels and averaged over the batch, as SFANet's training code does
    // (nn.BCELoss(reduction='sum') / batch size), so both terms are reduced alike.
    loss.attention =
        torch::binary_cross_entropy(attention, mask, {}, at::Reduction::Sum) / attention.size(0);
    loss.total = loss.groundTruth + kAttentionLossWeight * loss.attention;
    return loss;
}

torch::Tensor sumPool(const torch::Tensor& density, int factor) {
    if (factor < 1)
        throw std::invalid_argument("sum-pool factor must be >= 1");
    if (factor == 1)
        return density;
    const auto h = density.size(-2) / factor * factor;
    const auto w = density.size(-1) / factor * factor;
    const torch::Tensor cropped = density.narrow(-2, 0, h).narrow(-1, 0, w);
    return torch::avg_pool2d(cropped, factor, factor) * static_cast<double>(factor * factor);
}

} // namespace crowdkd::nn
