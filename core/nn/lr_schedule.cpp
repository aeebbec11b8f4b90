#include "nn/lr_schedule.h"

#include "base/name_table.h"

#include <cmath>
#include <stdexcept>

namespace crowdkd::nn {

namespace {

/// The names of the schedules, as written.
constexpr auto kSchedulerNames =
    nameTable<SchedulerKind>("scheduler", NameCase::Exact,
                             {{SchedulerKind::Constant, "constant"},
                              {SchedulerKind::CosineWarmRestarts, "cosine-restarts"},
                              {SchedulerKind::CosineWarmRestarts, "cosine"}});

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
}

double LrSchedule::lrAtEpoch(double epoch) const {
    if (m_params.kind == SchedulerKind::Constant)
        return m_params.baseLr;
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
    constexpr double kPi = 3.14159265358979323846; // M_PI is not standard C++
    return m_params.etaMin +
           (m_params.baseLr - m_params.etaMin) * (1 + std::cos(kPi * tCur / tI)) / 2;
}

double LrSchedule::lrFor(int epoch, int iterationInEpoch, int iterationsPerEpoch) const {
    if (!m_params.perIteration || iterationsPerEpoch <= 0)
        return lrAtEpoch(epoch);
    return lrAtEpoch(epoch + static_cast<double>(iterationInEpoch) / iterationsPerEpoch);
}

} // namespace crowdkd::nn
