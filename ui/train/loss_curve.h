#pragma once

#include <QVector>

#include <cstdint>

namespace crowdkd::ui {

/// What the training charts put on their shared x axis.
enum class CurveAxis { Iteration, Epoch, WallTime };

/// The curves of one run, as drawn by TrainingCharts: read back from a run folder's log.jsonl or
/// collected live from the engine's events. One entry per logged training step (every iteration
/// for runs the studio starts) and one per validation.
struct RunCurves {
    QVector<double> trainIteration; ///< optimizer steps done after the step
    QVector<int> trainEpoch;        ///< 1-based epoch of the step
    QVector<int> trainBatch;        ///< 1-based batch of the step within its epoch
    QVector<double> loss;           ///< total loss of the step (one batch)
    QVector<double> lossGroundTruth;
    QVector<double> lossTeacher;
    QVector<double> epochMeanLoss; ///< mean loss of the epoch up to and including the step
    QVector<double> lr;
    /// Seconds since the run began, per step; empty when the records hold no times (run logs
    /// do not; live events of a run started in this session do).
    QVector<double> trainSeconds;
    QVector<double> validationEpoch;     ///< 1-based epoch of each validation
    QVector<double> validationIteration; ///< steps done before each validation
    QVector<double> mae;
    QVector<double> rmse;
    int iterationsPerEpoch = 0; ///< 0 while unknown

    int size() const { return static_cast<int>(loss.size()); }
    bool hasWallTime() const { return !loss.isEmpty() && trainSeconds.size() == loss.size(); }
    /// Appends a live step; the epoch mean is computed from the steps appended for its epoch.
    /// `seconds` < 0 means the step has no time (and the run then has none).
    void appendStep(std::int64_t iteration, int epoch, int batch, double stepLoss, double gt,
                    double teacher, double stepLr, double seconds);
    void appendValidation(int epoch, std::int64_t iteration, double valueMae, double valueRmse);

    /// The x of every step on `axis` (fractional epochs: epoch e batch b of N is e − 1 + b/N).
    QVector<double> stepX(CurveAxis axis) const;
    /// The x of every validation on `axis` (wall time: the time of the step it followed).
    QVector<double> validationX(CurveAxis axis) const;

private:
    double m_liveEpochSum = 0;
    int m_liveEpochCount = 0;
};

/// The mean loss of each finished epoch: x (on the chosen axis, at the middle of the epoch's
/// steps), y (the logged epoch mean of its last step) and the 1-based epoch.
struct EpochMeans {
    QVector<double> x;
    QVector<double> y;
    QVector<int> epoch;
};
EpochMeans epochMeans(const RunCurves& curves, CurveAxis axis);

/// TensorBoard's smoothing: an exponential moving average ema = w·ema + (1 − w)·x started at 0,
/// shown bias-corrected as ema / (1 − w^t) (t = finite values so far), so the first points are
/// not pulled towards 0 or towards the first value. Non-finite values stay as they are and do not
/// enter the average. `weight` is clamped to [0, 1).
QVector<double> smoothed(const QVector<double>& values, double weight);

/// Points to draw for a dense curve: `x` ascending is split into `buckets` equal spans of
/// [lower, upper] (one per pixel) and each span keeps its first, lowest, highest and last point in
/// x order, so spikes survive; the nearest point outside on each side is kept so lines run to the
/// edge. Curves with no more than 4 points per bucket come back whole. Non-finite y are dropped.
struct Decimated {
    QVector<double> x;
    QVector<double> y;
};
Decimated decimateMinMax(const QVector<double>& x, const QVector<double>& y, double lower,
                         double upper, int buckets);

} // namespace crowdkd::ui
