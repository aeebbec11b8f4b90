#include "nn/losses.h"

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

} // namespace

LossParts LossValue::parts() const {
    return {valueOf(total), valueOf(groundTruth), valueOf(teacher), valueOf(attention)};
}

torch::Tensor densityLoss(const torch::Tensor& prediction, const torch::Tensor& target) {
    checkSameShape(prediction, target, "density loss");
    return (prediction - target).pow(2).sum() / prediction.size(0);
}

LossValue studentLoss(const torch::Tensor& student, const torch::Tensor& groundTruth) {
    LossValue loss;
    loss.groundTruth = densityLoss(student, groundTruth);
    loss.total = loss.groundTruth;
    return loss;
}

LossValue distillationLoss(const torch::Tensor& student, const torch::Tensor& groundTruth,
                           const torch::Tensor& teacher, double alpha) {
    if (alpha < 0 || alpha > 1)
        throw std::invalid_argument("alpha must lie in [0, 1]");
    LossValue loss;
    loss.groundTruth = densityLoss(student, groundTruth);
    loss.teacher = densityLoss(student, teacher.detach());
    loss.total = (1 - alpha) * loss.groundTruth + alpha * loss.teacher;
    return loss;
}

LossValue teacherLoss(const torch::Tensor& density, const torch::Tensor& attention,
                      const torch::Tensor& groundTruth) {
    checkSameShape(attention, groundTruth, "attention loss");
    LossValue loss;
    loss.groundTruth = densityLoss(density, groundTruth);
    const torch::Tensor mask = (groundTruth > kAttentionThreshold).to(attention.scalar_type());
    loss.attention = torch::binary_cross_entropy(attention, mask);
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
