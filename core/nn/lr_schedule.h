#pragma once

#include <string>

namespace crowdkd::nn {

/// How the learning rate changes over training.
enum class SchedulerKind {
    Constant,          ///< the base learning rate throughout
    CosineWarmRestarts ///< PyTorch's CosineAnnealingWarmRestarts (SGDR)
};

/// "constant" or "cosine-restarts".
std::string toString(SchedulerKind kind);
/// Parses "constant" or "cosine-restarts" (or "cosine"); throws std::invalid_argument otherwise.
SchedulerKind schedulerKindFromString(const std::string& text);

/// The parameters of a schedule, named as PyTorch names them.
struct ScheduleParams {
    SchedulerKind kind = SchedulerKind::Constant;
    double baseLr = 1e-4;
    int t0 = 10;         ///< epochs of the first cosine cycle (T_0)
    int tMult = 1;       ///< growth factor of each following cycle (T_mult)
    double etaMin = 0.0; ///< the lowest learning rate (eta_min)
    /// Step fractionally after every iteration, as `scheduler.step(epoch + i / iterations)`,
    /// instead of once per epoch.
    bool perIteration = false;
};

/// A learning-rate schedule as a pure function of training progress, so that a resumed run gets
/// exactly the rates of an uninterrupted one without any scheduler state beyond its parameters.
class LrSchedule {
public:
    explicit LrSchedule(ScheduleParams params);

    const ScheduleParams& params() const { return m_params; }

    /// The learning rate at a (possibly fractional) epoch, PyTorch's closed form of
    /// CosineAnnealingWarmRestarts.step(epoch).
    double lrAtEpoch(double epoch) const;

    /// The learning rate to use for iteration `iterationInEpoch` (0-based) of `epoch` (0-based)
    /// with `iterationsPerEpoch` iterations: the rate PyTorch's optimizer sees before that step.
    double lrFor(int epoch, int iterationInEpoch, int iterationsPerEpoch) const;

private:
    ScheduleParams m_params;
};

} // namespace crowdkd::nn
