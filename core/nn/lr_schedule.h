#pragma once

#include <string>

namespace crowdkd::nn {

/// How the learning rate changes over training.
enum class SchedulerKind {
    Constant,           ///< the base learning rate throughout
    CosineWarmRestarts, ///< PyTorch's CosineAnnealingWarmRestarts (SGDR)
    OneCycle            ///< PyTorch's OneCycleLR (cosine), the base rate as its max_lr
};

/// "constant", "cosine-restarts" or "one-cycle".
std::string toString(SchedulerKind kind);
/// Parses "constant", "cosine-restarts" (or "cosine") or "one-cycle"; throws
/// std::invalid_argument otherwise.
SchedulerKind schedulerKindFromString(const std::string& text);

/// OneCycleLR's defaults: the share of training spent rising, and the divisors of the first and
/// the last rate.
constexpr double kOneCycleRiseShare = 0.3;
constexpr double kOneCycleStartDivisor = 25;
constexpr double kOneCycleFinalDivisor = 1e4;

/// The parameters of a schedule, named as PyTorch names them.
struct ScheduleParams {
    SchedulerKind kind = SchedulerKind::Constant;
    double baseLr = 1e-4;
    int t0 = 10;         ///< epochs of the first cosine cycle (T_0)
    int tMult = 1;       ///< growth factor of each following cycle (T_mult)
    double etaMin = 0.0; ///< the lowest learning rate (eta_min)
    /// Step fractionally after every iteration, as `scheduler.step(epoch + i / iterations)`,
    /// instead of once per epoch. One-cycle and warm-up always step per iteration.
    bool perIteration = false;
    /// Epochs over which the rate rises linearly from almost 0 (0: no warm-up); the schedule's
    /// rate is scaled by min(1, (iteration + 1) / warm-up iterations).
    double warmupEpochs = 0;
    /// The length of training, which one-cycle spreads its cycle over.
    int totalEpochs = 1;
};

/// A learning-rate schedule as a pure function of training progress, so that a resumed run gets
/// exactly the rates of an uninterrupted one without any scheduler state beyond its parameters.
class LrSchedule {
public:
    explicit LrSchedule(ScheduleParams params);

    const ScheduleParams& params() const { return m_params; }

    /// The learning rate at a (possibly fractional) epoch before warm-up: PyTorch's closed form of
    /// CosineAnnealingWarmRestarts.step(epoch), or OneCycleLR with one step per epoch.
    double lrAtEpoch(double epoch) const;

    /// The learning rate to use for iteration `iterationInEpoch` (0-based) of `epoch` (0-based)
    /// with `iterationsPerEpoch` iterations: the rate PyTorch's optimizer sees before that step,
    /// warm-up included.
    double lrFor(int epoch, int iterationInEpoch, int iterationsPerEpoch) const;

private:
    /// OneCycleLR's rate before step `step` of `totalSteps`.
    double oneCycleAt(double step, double totalSteps) const;

    ScheduleParams m_params;
};

} // namespace crowdkd::nn
