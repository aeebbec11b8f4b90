#include "train/loss_curve.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace crowdkd::ui {

namespace {

/// Batches per epoch for fractional epochs: the known value, else the largest batch logged.
int batchesPerEpoch(const RunCurves& curves) {
    if (curves.iterationsPerEpoch > 0)
        return curves.iterationsPerEpoch;
    int most = 1;
    for (int batch : curves.trainBatch)
        most = std::max(most, batch);
    return most;
}

} // namespace

void RunCurves::appendStep(std::int64_t iteration, int epoch, int batch, double stepLoss, double gt,
                           double teacher, double stepLr, double seconds) {
    if (!trainEpoch.isEmpty() && trainEpoch.back() != epoch) {
        m_liveEpochSum = 0;
        m_liveEpochCount = 0;
    } else if (!trainEpoch.isEmpty() && m_liveEpochCount == 0) {
        // Live steps continue an epoch read from the log: go on from its logged mean.
        m_liveEpochCount = trainBatch.back();
        m_liveEpochSum = epochMeanLoss.back() * m_liveEpochCount;
    }
    m_liveEpochSum += stepLoss;
    ++m_liveEpochCount;
    // A step without a time, or one after steps without times, leaves the run without times.
    if (seconds >= 0 && trainSeconds.size() == loss.size())
        trainSeconds.append(seconds);
    else
        trainSeconds.clear();
    trainIteration.append(static_cast<double>(iteration));
    trainEpoch.append(epoch);
    trainBatch.append(batch);
    loss.append(stepLoss);
    lossGroundTruth.append(gt);
    lossTeacher.append(teacher);
    epochMeanLoss.append(m_liveEpochSum / m_liveEpochCount);
    lr.append(stepLr);
}

void RunCurves::appendValidation(int epoch, std::int64_t iteration, double valueMae,
                                 double valueRmse) {
    validationEpoch.append(epoch);
    validationIteration.append(static_cast<double>(iteration));
    mae.append(valueMae);
    rmse.append(valueRmse);
}

QVector<double> RunCurves::stepX(CurveAxis axis) const {
    switch (axis) {
    case CurveAxis::Iteration:
        return trainIteration;
    case CurveAxis::WallTime:
        if (hasWallTime())
            return trainSeconds;
        break;
    case CurveAxis::Epoch: {
        const double perEpoch = batchesPerEpoch(*this);
        QVector<double> x(size());
        for (int i = 0; i < size(); ++i)
            x[i] = trainEpoch[i] - 1 + trainBatch[i] / perEpoch;
        return x;
    }
    }
    return QVector<double>(size(), std::numeric_limits<double>::quiet_NaN());
}

QVector<double> RunCurves::validationX(CurveAxis axis) const {
    switch (axis) {
    case CurveAxis::Iteration:
        return validationIteration;
    case CurveAxis::Epoch:
        return validationEpoch;
    case CurveAxis::WallTime:
        break;
    }
    // The time of the last step done before the validation.
    QVector<double> x(validationIteration.size(), std::numeric_limits<double>::quiet_NaN());
    if (!hasWallTime())
        return x;
    for (int i = 0; i < x.size(); ++i) {
        const auto after =
            std::upper_bound(trainIteration.begin(), trainIteration.end(), validationIteration[i]);
        if (after != trainIteration.begin())
            x[i] = trainSeconds[static_cast<int>(after - trainIteration.begin()) - 1];
    }
    return x;
}

EpochMeans epochMeans(const RunCurves& curves, CurveAxis axis) {
    EpochMeans means;
    const QVector<double> x = curves.stepX(axis);
    const int perEpoch = curves.iterationsPerEpoch;
    for (int first = 0; first < curves.size();) {
        const int epoch = curves.trainEpoch[first];
        int last = first;
        while (last + 1 < curves.size() && curves.trainEpoch[last + 1] == epoch)
            ++last;
        // Finished: later steps exist, it was validated, or its last batch closed it.
        const bool finished = last + 1 < curves.size() ||
                              curves.validationEpoch.contains(double(epoch)) ||
                              (perEpoch > 0 && curves.trainBatch[last] == perEpoch);
        if (finished) {
            means.x.append((x[first] + x[last]) / 2);
            means.y.append(curves.epochMeanLoss[last]);
            means.epoch.append(epoch);
        }
        first = last + 1;
    }
    return means;
}

QVector<double> smoothed(const QVector<double>& values, double weight) {
    const double w = std::clamp(weight, 0.0, 0.999999);
    QVector<double> out(values.size());
    double ema = 0;
    double decay = 1; // w^t
    for (int i = 0; i < values.size(); ++i) {
        if (!std::isfinite(values[i])) {
            out[i] = values[i];
            continue;
        }
        ema = w * ema + (1 - w) * values[i];
        decay *= w;
        out[i] = ema / (1 - decay);
    }
    return out;
}

Decimated decimateMinMax(const QVector<double>& x, const QVector<double>& y, double lower,
                         double upper, int buckets) {
    Decimated out;
    const int n = static_cast<int>(std::min(x.size(), y.size()));
    // The points in [lower, upper] and the nearest one outside on each side.
    int begin = static_cast<int>(std::lower_bound(x.begin(), x.begin() + n, lower) - x.begin());
    int end = static_cast<int>(std::upper_bound(x.begin(), x.begin() + n, upper) - x.begin());
    begin = std::max(0, begin - 1);
    end = std::min(n, end + 1);
    auto keep = [&](int i) {
        if (std::isfinite(y[i]) && std::isfinite(x[i])) {
            out.x.append(x[i]);
            out.y.append(y[i]);
        }
    };
    buckets = std::max(1, buckets);
    if (end - begin <= 4 * buckets || !(upper > lower)) {
        for (int i = begin; i < end; ++i)
            keep(i);
        return out;
    }
    const double width = (upper - lower) / buckets;
    int i = begin;
    while (i < end) {
        // The bucket of point i; points outside [lower, upper] form buckets of their own.
        const double bucket = std::floor((x[i] - lower) / width);
        int j = i;
        int lowest = -1;
        int highest = -1;
        int firstFinite = -1;
        int lastFinite = -1;
        do { // at least one point, so a NaN x cannot stall the loop
            if (std::isfinite(y[j])) {
                if (firstFinite < 0)
                    firstFinite = j;
                lastFinite = j;
                if (lowest < 0 || y[j] < y[lowest])
                    lowest = j;
                if (highest < 0 || y[j] > y[highest])
                    highest = j;
            }
            ++j;
        } while (j < end && std::floor((x[j] - lower) / width) == bucket);
        if (firstFinite >= 0) {
            int picks[] = {firstFinite, lowest, highest, lastFinite};
            std::sort(std::begin(picks), std::end(picks));
            for (int k = 0; k < 4; ++k)
                if (k == 0 || picks[k] != picks[k - 1])
                    keep(picks[k]);
        }
        i = j;
    }
    return out;
}

} // namespace crowdkd::ui
