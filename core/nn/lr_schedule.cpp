#include "nn/lr_schedule.h"

#include "base/name_table.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace crowdkd::nn {

namespace {

/// The names of the schedules, as written.
constexpr auto kSchedulerNames =
    nameTable<SchedulerKind>("scheduler", NameCase::Exact,
                             {{SchedulerKind::Constant, "constant"},
                              {SchedulerKind::CosineWarmRestarts, "cosine-restarts"},
                              {SchedulerKind::OneCycle, "one-cycle"},
                              {SchedulerKind::CosineWarmRestarts, "cosine"}});

constexpr double kPi = 3.14159265358979323846; // M_PI is not standard C++

/// OneCycleLR's cosine annealing from `start` to `end` at `share` (0–1) of the way.
double cosineBetween(double start, double end, double share) {
    return end + (start - end) / 2 * (std::cos(kPi * share) + 1);
}

} // namespace

std::string toString(SchedulerKind kind) {
    return kSchedulerNames.toString(kind);
}

SchedulerKind schedulerKindFromString(const std::string& text) {
    return kSchedulerNames.fromString(text);
}

LrSchedule::LrSchedule(ScheduleParams params)
    : m_params(params) {
    if (m_params.kind == SchedulerKind::CosineWarmRestarts) {
        if (m_params.t0 < 1)
            throw std::invalid_argument("cosine restarts need T_0 >= 1");
        if (m_params.tMult < 1)
            throw std::invalid_argument("cosine restarts need T_mult >= 1");
    }
    if (m_params.kind == SchedulerKind::OneCycle && m_params.totalEpochs < 1)
        throw std::invalid_argument("one-cycle needs the number of epochs");
    if (!(m_params.warmupEpochs >= 0))
        throw std::invalid_argument("the warm-up must be 0 or more epochs");
}

double LrSchedule::lrAtEpoch(double epoch) const {
    if (m_params.kind == SchedulerKind::Constant)
        return m_params.baseLr;
    if (m_params.kind == SchedulerKind::OneCycle)
        return oneCycleAt(epoch, m_params.totalEpochs);
    // The same arithmetic as torch.optim.lr_scheduler.CosineAnnealingWarmRestarts.step(epoch), so
    // the rates agree with PyTorch's to rounding (math.log(x, base) is log(x) / log(base) in
    // CPython).
    const double t0 = m_params.t0;
    double tCur = epoch;
    double tI = t0;
    if (epoch >= t0) {
        if (m_params.tMult == 1) {
            tCur = std::fmod(epoch, t0);
        } else {
            const double mult = m_params.tMult;
            const int n = static_cast<int>(std::log(epoch / t0 * (mult - 1) + 1) / std::log(mult));
            const double power = std::pow(mult, n);
            tCur = epoch - t0 * (power - 1) / (mult - 1);
            tI = t0 * power;
        }
    }
    return m_params.etaMin +
           (m_params.baseLr - m_params.etaMin) * (1 + std::cos(kPi * tCur / tI)) / 2;
}

double LrSchedule::oneCycleAt(double step, double totalSteps) const {
    // OneCycleLR(max_lr=baseLr, total_steps, pct_start=0.3, anneal_strategy='cos', div_factor=25,
    // final_div_factor=1e4, cycle_momentum=False), with its arithmetic.
    const double start = m_params.baseLr / kOneCycleStartDivisor;
    const double riseEnd = kOneCycleRiseShare * totalSteps - 1;
    const double end = totalSteps - 1;
    if (step <= riseEnd)
        return cosineBetween(start, m_params.baseLr, riseEnd > 0 ? step / riseEnd : 1.0);
    return cosineBetween(m_params.baseLr, start / kOneCycleFinalDivisor,
                         std::min(1.0, (step - riseEnd) / std::max(end - riseEnd, 1e-12)));
}

double LrSchedule::lrFor(int epoch, int iterationInEpoch, int iterationsPerEpoch) const {
    if (iterationsPerEpoch <= 0)
        return lrAtEpoch(epoch);
    const double progress = epoch + static_cast<double>(iterationInEpoch) / iterationsPerEpoch;
    double lr = 0;
    if (m_params.kind == SchedulerKind::OneCycle)
        lr = oneCycleAt(progress * iterationsPerEpoch,
                        static_cast<double>(m_params.totalEpochs) * iterationsPerEpoch);
    else
        lr = lrAtEpoch(m_params.perIteration ? progress : epoch);
    if (m_params.warmupEpochs > 0) {
        const double warmupIterations = m_params.warmupEpochs * iterationsPerEpoch;
        const double iteration = static_cast<double>(epoch) * iterationsPerEpoch + iterationInEpoch;
        lr *= std::min(1.0, (iteration + 1) / warmupIterations);
    }
    return lr;
}

} // namespace crowdkd::nn
