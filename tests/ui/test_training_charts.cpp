// The training dashboard against a real finished run: a tiny KD run on ShanghaiTech part A gives
// a log with every step; the moving average, its bias correction, the epoch means and the
// decimation are checked against values computed here from that log, and the charts against it:
// every iteration held, epoch means drawn, axes starting at the first point, MAE never below 0,
// hover texts, x axis choices and overlays.
#include "common/studio_support.h"
#include "studio_test_support.h"
#include "test_support.h"
#include "train/loss_curve.h"
#include "train/training_charts.h"
#include "train/training_session.h"

#include <QApplication>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <qcustomplot.h>

#include <cmath>
#include <set>

using namespace crowdkd;
using namespace crowdkd::ui;

namespace {

/// Upper bound for the tiny run to end (it takes seconds; the machine may be loaded).
constexpr int kRunTimeoutMs = 300000;

/// The graph's points as (key, value) pairs.
QVector<QPointF> graphPoints(const QCPGraph* graph) {
    QVector<QPointF> points;
    for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it)
        points.append(QPointF(it->key, it->value));
    return points;
}

bool close(double a, double b) {
    return std::abs(a - b) <= 1e-9 * std::max({1.0, std::abs(a), std::abs(b)});
}

} // namespace

class TestTrainingCharts : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void movingAverageIsBiasCorrected();
    void epochMeansAreTheMeansOfTheirSteps();
    void decimationKeepsEveryBucketsExtremes();
    void finishedRunShowsEveryIteration();
    void logScaleLeavesOutNonPositiveValues();
    void hoverShowsTheNearestPoint();
    void axisChoicesAndOverlays();

private:
    QTemporaryDir m_runs;
    QString m_runDir;
    RunCurves m_curves;
};

void TestTrainingCharts::initTestCase() {
    CROWDKD_REQUIRE_SHARED("data/ShanghaiTech/part_A");
    CROWDKD_REQUIRE_SHARED("fixtures/pretrained/mcnn_shtechA_svishwa.pth");
    QVERIFY(m_runs.isValid());
    const pipeline::TrainingConfig config = test::tinyKdConfig(3, 6, 96, 1, 5);
    TrainingSession session;
    QSignalSpy finished(&session, &TrainingSession::finished);
    m_runDir = m_runs.filePath(QStringLiteral("kd"));
    QString error;
    QVERIFY2(session.start(config, m_runDir, &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kRunTimeoutMs);
    const auto result = finished.front().front().value<pipeline::TrainingResult>();
    QVERIFY(result.status == pipeline::TrainingStatus::Finished);
    m_curves = readRunCurves(m_runDir);
    QVERIFY(m_curves.size() >= 9); // 3 epochs of several steps
    QCOMPARE(m_curves.mae.size(), qsizetype(3));
}

void TestTrainingCharts::movingAverageIsBiasCorrected() {
    const QVector<double>& loss = m_curves.loss;
    // Weight 0 is the loss itself.
    QCOMPARE(smoothed(loss, 0), loss);
    for (double w : {0.5, 0.8, 0.95}) {
        const QVector<double> ema = smoothed(loss, w);
        QCOMPARE(ema.size(), loss.size());
        // The bias-corrected average is the weighted mean of the values so far, weights w^age.
        for (int t = 0; t < loss.size(); ++t) {
            double sum = 0;
            double weights = 0;
            for (int i = 0; i <= t; ++i) {
                sum += std::pow(w, t - i) * loss[i];
                weights += std::pow(w, t - i);
            }
            QVERIFY2(close(ema[t], sum / weights), qPrintable(QString::number(t)));
        }
        // Not seeded with the first value nor pulled towards 0: it starts at the first value and
        // stays within the values seen.
        QVERIFY(close(ema[0], loss[0]));
        const auto [lo, hi] = std::minmax_element(loss.begin(), loss.end());
        for (double v : ema)
            QVERIFY(v >= *lo - 1e-12 && v <= *hi + 1e-12);
    }
    // A non-finite value passes through and does not spoil what follows.
    QVector<double> holed = loss;
    holed[2] = std::numeric_limits<double>::quiet_NaN();
    const QVector<double> ema = smoothed(holed, 0.5);
    QVERIFY(std::isnan(ema[2]));
    QVERIFY(std::isfinite(ema[3]));
}

void TestTrainingCharts::epochMeansAreTheMeansOfTheirSteps() {
    const EpochMeans means = epochMeans(m_curves, CurveAxis::Iteration);
    QCOMPARE(means.epoch, (QVector<int>{1, 2, 3}));
    for (int k = 0; k < means.epoch.size(); ++k) {
        double sum = 0;
        int count = 0;
        double first = -1, last = -1;
        for (int i = 0; i < m_curves.size(); ++i) {
            if (m_curves.trainEpoch[i] != means.epoch[k])
                continue;
            sum += m_curves.loss[i];
            ++count;
            first = first < 0 ? m_curves.trainIteration[i] : first;
            last = m_curves.trainIteration[i];
        }
        QCOMPARE(count, m_curves.iterationsPerEpoch);
        QVERIFY(std::abs(means.y[k] - sum / count) <= 1e-6 * sum / count);
        QCOMPARE(means.x[k], (first + last) / 2);
    }
    // Live steps give the same means as the engine logged.
    RunCurves live;
    live.iterationsPerEpoch = m_curves.iterationsPerEpoch;
    for (int i = 0; i < m_curves.size(); ++i)
        live.appendStep(qint64(m_curves.trainIteration[i]), m_curves.trainEpoch[i],
                        m_curves.trainBatch[i], m_curves.loss[i], 0, 0, m_curves.lr[i], i * 0.5);
    QVERIFY(live.hasWallTime());
    const EpochMeans liveMeans = epochMeans(live, CurveAxis::Iteration);
    QCOMPARE(liveMeans.epoch, means.epoch);
    for (int k = 0; k < means.y.size(); ++k)
        QVERIFY(std::abs(liveMeans.y[k] - means.y[k]) <= 1e-6 * means.y[k]);
    // The epoch in progress has no mean yet.
    RunCurves partial = live;
    partial.loss.removeLast();
    partial.trainIteration.removeLast();
    partial.trainEpoch.removeLast();
    partial.trainBatch.removeLast();
    partial.epochMeanLoss.removeLast();
    partial.validationEpoch.removeLast();
    QCOMPARE(epochMeans(partial, CurveAxis::Iteration).epoch, (QVector<int>{1, 2}));
}

void TestTrainingCharts::decimationKeepsEveryBucketsExtremes() {
    const QVector<double>& x = m_curves.trainIteration;
    const QVector<double>& y = m_curves.loss;
    const double lower = x.front();
    const double upper = x.back();
    // Few points per bucket: all come back.
    const Decimated whole = decimateMinMax(x, y, lower, upper, 1000);
    QCOMPARE(whole.x, x);
    QCOMPARE(whole.y, y);
    // About six steps a bucket: each keeps its first, lowest, highest and last point.
    const int buckets = std::max(1, int(x.size()) / 6);
    const Decimated drawn = decimateMinMax(x, y, lower, upper, buckets);
    QVERIFY(drawn.x.size() <= 4 * (buckets + 1)); // the last point is a bucket of its own
    QVERIFY(drawn.x.size() < x.size());
    QVERIFY(std::is_sorted(drawn.x.begin(), drawn.x.end()));
    std::set<double> kept(drawn.x.begin(), drawn.x.end());
    const double width = (upper - lower) / buckets;
    for (int b = 0; b <= buckets; ++b) {
        int lo = -1, hi = -1, first = -1, last = -1;
        for (int i = 0; i < x.size(); ++i) {
            const int bucket = int(std::floor((x[i] - lower) / width));
            if (bucket != b)
                continue;
            first = first < 0 ? i : first;
            last = i;
            lo = lo < 0 || y[i] < y[lo] ? i : lo;
            hi = hi < 0 || y[i] > y[hi] ? i : hi;
        }
        if (first < 0)
            continue;
        for (int i : {lo, hi, first, last})
            QVERIFY2(kept.count(x[i]) == 1, qPrintable(QString::number(x[i])));
    }
    // Every drawn point is a logged one.
    for (int k = 0; k < drawn.x.size(); ++k) {
        const int i = int(std::find(x.begin(), x.end(), drawn.x[k]) - x.begin());
        QVERIFY(i < x.size());
        QCOMPARE(drawn.y[k], y[i]);
    }
}

void TestTrainingCharts::finishedRunShowsEveryIteration() {
    TrainingCharts charts;
    charts.resize(1000, 800);
    charts.show();
    QVERIFY(QTest::qWaitForWindowExposed(&charts));
    charts.setAxis(CurveAxis::Iteration);
    charts.setCurves(m_curves, true);
    charts.replotNow();

    // Every iteration of the log, 1 … N, is in the chart, with its logged loss.
    const int steps = m_curves.size();
    QCOMPARE(charts.lossPointCount(), steps);
    const QVector<QPointF> raw = graphPoints(charts.lossGraph());
    QCOMPARE(raw.size(), steps);
    for (int i = 0; i < steps; ++i) {
        QCOMPARE(raw[i].x(), double(i + 1));
        QCOMPARE(raw[i].y(), m_curves.loss[i]);
    }
    QCOMPARE(charts.smoothedLossGraph()->dataCount(), steps);

    // The epoch means are drawn, one per epoch, at the logged means.
    const QVector<QPointF> means = graphPoints(charts.epochMeanGraph());
    QCOMPARE(means.size(), 3);
    for (int k = 0; k < 3; ++k) {
        const int last = int(m_curves.trainEpoch.lastIndexOf(k + 1));
        QCOMPARE(means[k].y(), m_curves.epochMeanLoss[last]);
    }

    // The loss axis starts at the first iteration and ends just after the last.
    const QCPRange x = charts.lossPlot()->xAxis->range();
    QCOMPARE(x.lower, m_curves.trainIteration.front());
    QVERIFY(x.upper >= m_curves.trainIteration.back());
    QVERIFY(x.upper <= m_curves.trainIteration.back() + 0.05 * steps);
    // The validation axis: its first point at the left edge, beside it only room for the marker;
    // the error axis from the data and never below zero.
    QCustomPlot* validation = charts.validationPlot();
    const double firstPixel = validation->xAxis->coordToPixel(m_curves.validationIteration.front());
    const double leftEdge = validation->axisRect()->left();
    QVERIFY2(firstPixel >= leftEdge && firstPixel <= leftEdge + 12,
             qPrintable(QStringLiteral("%1 vs %2").arg(firstPixel).arg(leftEdge)));
    const QCPRange errors = validation->yAxis->range();
    QVERIFY(errors.lower >= 0);
    const double lowest = *std::min_element(m_curves.mae.begin(), m_curves.mae.end());
    const double highest = std::max(*std::max_element(m_curves.mae.begin(), m_curves.mae.end()),
                                    *std::max_element(m_curves.rmse.begin(), m_curves.rmse.end()));
    QVERIFY(errors.lower <= lowest && errors.upper >= highest);
    QVERIFY(errors.upper <= highest + 0.5 * (highest - lowest) + 1e-9);

    // One validation after one epoch: still no negative MAE on the axis.
    RunCurves one = m_curves;
    one.mae.resize(1);
    one.rmse.resize(1);
    one.validationEpoch.resize(1);
    one.validationIteration.resize(1);
    charts.setCurves(one, true);
    QVERIFY(validation->yAxis->range().lower >= 0);
    QVERIFY(validation->yAxis->range().contains(one.mae.front()));
}

void TestTrainingCharts::logScaleLeavesOutNonPositiveValues() {
    TrainingCharts charts;
    charts.resize(1000, 800);
    charts.show();
    charts.setAxis(CurveAxis::Iteration);
    RunCurves curves = m_curves;
    curves.loss[4] = 0; // as a broken log could hold
    curves.loss[5] = -1;
    charts.setLogScale(true);
    charts.setSmoothingWeight(0);
    charts.setCurves(curves, true);
    const QVector<QPointF> raw = graphPoints(charts.lossGraph());
    QCOMPARE(raw.size(), curves.size() - 2);
    for (const QPointF& p : raw)
        QVERIFY(p.y() > 0);
    const QCPRange y = charts.lossPlot()->yAxis->range();
    QVERIFY(y.lower > 0);
    // Linear: all points, and the axis reaches down to the negative one.
    charts.setLogScale(false);
    QCOMPARE(charts.lossGraph()->dataCount(), curves.size());
    QVERIFY(charts.lossPlot()->yAxis->range().lower <= -1);
}

void TestTrainingCharts::hoverShowsTheNearestPoint() {
    TrainingCharts charts;
    charts.resize(1000, 800);
    charts.show();
    QVERIFY(QTest::qWaitForWindowExposed(&charts));
    charts.setAxis(CurveAxis::Iteration);
    charts.setSmoothingWeight(0);
    charts.setCurves(m_curves, true);
    charts.replotNow();
    const QLocale locale;
    // The MAE of the second validation, at its pixel.
    QCustomPlot* validation = charts.validationPlot();
    const QPointF at(validation->xAxis->coordToPixel(m_curves.validationIteration[1]),
                     validation->yAxis->coordToPixel(m_curves.mae[1]));
    const QString text = charts.pointTextAt(validation, at);
    QVERIFY2(text.contains(locale.toString(m_curves.mae[1], 'g', 6)), qPrintable(text));
    QVERIFY(text.contains(locale.toString(qlonglong(m_curves.validationIteration[1]))));
    // A raw loss point: its exact value and iteration.
    QCustomPlot* loss = charts.lossPlot();
    const int i = int(m_curves.trainEpoch.indexOf(2)); // far from the epoch-mean markers
    const QPointF step(loss->xAxis->coordToPixel(m_curves.trainIteration[i]),
                       loss->yAxis->coordToPixel(m_curves.loss[i]));
    const QString stepText = charts.pointTextAt(loss, step);
    QVERIFY2(stepText.contains(locale.toString(m_curves.loss[i], 'g', 6)), qPrintable(stepText));
    QVERIFY(stepText.contains(locale.toString(qlonglong(m_curves.trainIteration[i]))));
    // Far from every point: nothing.
    QVERIFY(charts.pointTextAt(validation, QPointF(-100, -100)).isEmpty());
}

void TestTrainingCharts::axisChoicesAndOverlays() {
    TrainingCharts charts;
    charts.resize(1000, 800);
    charts.show();
    charts.setCurves(m_curves, true);
    // Epochs: steps at fractional epochs, the axis starting at the first.
    QVERIFY(charts.setAxis(CurveAxis::Epoch));
    const QVector<double> epochX = m_curves.stepX(CurveAxis::Epoch);
    QCOMPARE(epochX.front(), 1.0 / m_curves.iterationsPerEpoch);
    QCOMPARE(epochX.back(), 3.0);
    QCOMPARE(charts.lossPlot()->xAxis->range().lower, epochX.front());
    // A run log has no times: wall time is refused.
    QVERIFY(!charts.isAxisAvailable(CurveAxis::WallTime));
    QVERIFY(!charts.setAxis(CurveAxis::WallTime));
    QVERIFY(charts.axis() == CurveAxis::Epoch);

    // Live steps of a run started now carry times: wall time works until an overlay from a log.
    charts.clear();
    for (int i = 0; i < m_curves.size(); ++i) {
        pipeline::IterationProgress event;
        event.epoch = m_curves.trainEpoch[i] - 1;
        event.batchInEpoch = m_curves.trainBatch[i];
        event.iterationsPerEpoch = m_curves.iterationsPerEpoch;
        event.iteration = qint64(m_curves.trainIteration[i]);
        event.loss = m_curves.loss[i];
        event.lr = m_curves.lr[i];
        event.elapsedSeconds = 2.0 * (i + 1);
        charts.addIteration(event, false);
    }
    QVERIFY(charts.isAxisAvailable(CurveAxis::WallTime));
    QVERIFY(charts.setAxis(CurveAxis::WallTime));
    QCOMPARE(charts.lossPlot()->xAxis->range().lower, 2.0);
    charts.addOverlay(m_curves, QStringLiteral("other"));
    QCOMPARE(charts.overlayCount(), 1);
    QVERIFY(!charts.isAxisAvailable(CurveAxis::WallTime));
    QVERIFY(charts.axis() == CurveAxis::Iteration);
    // Overlays get colours of their own.
    charts.addOverlay(m_curves, QStringLiteral("third"));
    std::set<QRgb> colours;
    int graphs = 0;
    for (int g = 0; g < charts.lossPlot()->graphCount(); ++g) {
        QCPGraph* graph = charts.lossPlot()->graph(g);
        if (graph->lineStyle() == QCPGraph::lsNone)
            continue; // markers share their curve's colour
        colours.insert(graph->pen().color().rgb());
        ++graphs;
    }
    QCOMPARE(int(colours.size()), graphs);
}

QTEST_MAIN(TestTrainingCharts)
#include "test_training_charts.moc"
