#include "train/training_charts.h"

#include "common/settings_keys.h"
#include "common/studio_support.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QPdfWriter>
#include <QPushButton>
#include <QSaveFile>
#include <QSlider>
#include <QStandardItemModel>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>

namespace crowdkd::ui {

namespace {

/// Minimum time between two redraws of the live charts, in milliseconds.
constexpr int kReplotIntervalMs = 250;
/// The smoothing slider's steps: weights 0, 0.01, …, 0.99.
constexpr int kSmoothingSteps = 99;
/// How far (pixels) the pointer may be from a point for the tooltip to show it.
constexpr double kHoverPixels = 24;
/// Room (pixels) kept beside the first and last validation so their markers are not cut.
constexpr double kMarkerPixels = 9;
/// Height a chart keeps at least, in pixels: three of them, the log and the controls fit a
/// 1280×720 screen (test_small_screen).
constexpr int kPlotMinimumHeight = 110;
/// Vertical pixels per value tick at least.
constexpr int kPixelsPerTick = 32;
/// Colours of the overlaid runs, in turn: none of them is a colour of the shown run.
const QColor kOverlayColours[] = {QColor(0x8e, 0x44, 0xad), QColor(0x16, 0xa0, 0x85),
                                  QColor(0xc2, 0x18, 0x5b), QColor(0x79, 0x55, 0x48),
                                  QColor(0x82, 0x77, 0x17), QColor(0x7f, 0x8c, 0x8d)};
/// The axis choices, in the order of the axis box, with their settings names.
constexpr CurveAxis kAxes[] = {CurveAxis::Iteration, CurveAxis::Epoch, CurveAxis::WallTime};
const char* const kAxisNames[] = {"iteration", "epoch", "time"};

QCustomPlot* makePlot(QWidget* parent) {
    auto* plot = new QCustomPlot(parent);
    plot->setMinimumHeight(kPlotMinimumHeight);
    plot->legend->setVisible(true);
    QFont legendFont = plot->font();
    legendFont.setPointSizeF(legendFont.pointSizeF() * 0.85);
    plot->legend->setFont(legendFont);
    // The legend is a row above the data, never over the newest points.
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(0, 0, plot->legend);
    plot->plotLayout()->setRowStretchFactor(0, 0.001);
    plot->plotLayout()->setRowSpacing(0);
    plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    plot->legend->setWrap(3); // its width is the chart's minimum width
    plot->legend->setBorderPen(Qt::NoPen);
    plot->legend->setBrush(Qt::NoBrush);
    plot->legend->setMargins(QMargins(4, 2, 4, 0));
    plot->legend->setRowSpacing(0);
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot->setNoAntialiasingOnDrag(true);
    plot->setMouseTracking(true);
    return plot;
}

QCPGraph* addGraph(QCustomPlot* plot, const QColor& colour, qreal width = 1.5) {
    QCPGraph* graph = plot->addGraph();
    graph->setPen(QPen(colour, width));
    // The curves are decimated before they reach the graph (decimateMinMax).
    graph->setAdaptiveSampling(false);
    return graph;
}

QCPGraph* addMarkers(QCustomPlot* plot, QCPScatterStyle style) {
    QCPGraph* graph = plot->addGraph();
    graph->setLineStyle(QCPGraph::lsNone);
    graph->setScatterStyle(style);
    return graph;
}

/// The lowest and highest finite value (positive only when `positive`); false when none.
bool valueRange(const QVector<double>& values, bool positive, double* lowest, double* highest) {
    bool found = false;
    for (double v : values) {
        if (!std::isfinite(v) || (positive && v <= 0))
            continue;
        *lowest = found ? std::min(*lowest, v) : v;
        *highest = found ? std::max(*highest, v) : v;
        found = true;
    }
    return found;
}

QString formatSeconds(double seconds) {
    const qint64 s = static_cast<qint64>(std::max(0.0, seconds) + 0.5);
    return QStringLiteral("%1:%2:%3")
        .arg(s / 3600)
        .arg(s / 60 % 60, 2, 10, QLatin1Char('0'))
        .arg(s % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

TrainingCharts::TrainingCharts(QWidget* parent)
    : QWidget(parent)
    , m_lossPlot(makePlot(this))
    , m_validationPlot(makePlot(this))
    , m_lrPlot(makePlot(this))
    , m_replotTimer(new QTimer(this))
    , m_axisLabel(new QLabel(this))
    , m_axisBox(new QComboBox(this))
    , m_smoothingLabel(new QLabel(this))
    , m_smoothing(new QSlider(Qt::Horizontal, this))
    , m_smoothingValue(new QLabel(this))
    , m_logBox(new QCheckBox(this))
    , m_fitButton(new QPushButton(this)) {
    m_loss = addGraph(m_lossPlot, QColor(0x95, 0xa5, 0xd6), 1.0);
    m_lossSmoothed = addGraph(m_lossPlot, QColor(0x1f, 0x3a, 0x93), 2.0);
    m_lossGroundTruth = addGraph(m_lossPlot, QColor(0x27, 0xae, 0x60));
    m_lossTeacher = addGraph(m_lossPlot, QColor(0xe6, 0x7e, 0x22));
    m_epochMean = addMarkers(m_lossPlot, QCPScatterStyle(QCPScatterStyle::ssDiamond,
                                                         QPen(QColor(0x1f, 0x3a, 0x93), 1.5),
                                                         QBrush(QColor(0xf1, 0xc4, 0x0f)), 9));

    m_mae = addGraph(m_validationPlot, QColor(0xc0, 0x39, 0x2b), 2.0);
    m_mae->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
    m_rmse = addGraph(m_validationPlot, QColor(0x29, 0x80, 0xb9), 1.5);
    m_rmse->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, 4));
    m_best = addMarkers(m_validationPlot,
                        QCPScatterStyle(QCPScatterStyle::ssStar, QColor(0xf1, 0xc4, 0x0f), 14));

    m_lr = addGraph(m_lrPlot, QColor(0x2c, 0x3e, 0x50));
    m_lr->setLineStyle(QCPGraph::lsStepLeft);

    m_smoothing->setRange(0, kSmoothingSteps);
    m_smoothing->setMaximumWidth(160);
    m_smoothingValue->setMinimumWidth(
        m_smoothingValue->fontMetrics().horizontalAdvance(QStringLiteral("0.000")));
    for (int i = 0; i < int(std::size(kAxes)); ++i)
        m_axisBox->addItem(QString());
    const double weight = settings::kChartSmoothing.read();
    m_smoothing->setValue(static_cast<int>(std::lround(std::clamp(weight, 0.0, 0.99) * 100)));
    m_logScale = settings::kChartLogScale.read();
    m_logBox->setChecked(m_logScale);
    const QString axisName = settings::kChartAxis.read();
    for (int i = 0; i < int(std::size(kAxes)); ++i)
        if (axisName == QLatin1String(kAxisNames[i]) && kAxes[i] != CurveAxis::WallTime)
            m_axis = kAxes[i]; // wall time waits for a live run
    connect(m_smoothing, &QSlider::valueChanged, this, [this](int value) {
        settings::kChartSmoothing.write(value / 100.0);
        m_smoothingValue->setText(QLocale().toString(value / 100.0, 'f', 2));
        scheduleReplot();
    });
    connect(m_axisBox, qOverload<int>(&QComboBox::activated), this, [this](int index) {
        if (setAxis(kAxes[index]))
            settings::kChartAxis.write(QLatin1String(kAxisNames[index]));
    });
    connect(m_logBox, &QCheckBox::toggled, this, [this](bool on) {
        settings::kChartLogScale.write(on);
        setLogScale(on);
    });
    connect(m_fitButton, &QPushButton::clicked, this, &TrainingCharts::fitToData);

    auto* controls = new QHBoxLayout;
    controls->addWidget(m_axisLabel);
    controls->addWidget(m_axisBox);
    controls->addSpacing(12);
    controls->addWidget(m_smoothingLabel);
    controls->addWidget(m_smoothing, 1);
    controls->addWidget(m_smoothingValue);
    controls->addSpacing(12);
    controls->addWidget(m_logBox);
    controls->addStretch();
    controls->addWidget(m_fitButton);
    m_axisLabel->setBuddy(m_axisBox);
    m_smoothingLabel->setBuddy(m_smoothing);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(controls);
    layout->addWidget(m_lossPlot, 3);
    layout->addWidget(m_validationPlot, 3);
    layout->addWidget(m_lrPlot, 2);

    for (QCustomPlot* plot : {m_lossPlot, m_validationPlot, m_lrPlot}) {
        plot->installEventFilter(this);
        // Panning or zooming one chart moves the others (they share the x quantity) and stops
        // following new points; the decimated curves are redone for the new range.
        connect(plot->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this,
                [this, plot](const QCPRange& range) {
                    if (m_settingRanges)
                        return;
                    m_follow = false;
                    m_settingRanges = true;
                    for (QCustomPlot* other : {m_lossPlot, m_validationPlot, m_lrPlot})
                        if (other != plot)
                            other->xAxis->setRange(range);
                    m_settingRanges = false;
                    scheduleReplot();
                });
        connect(plot->yAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this] {
            if (!m_settingRanges)
                m_follow = false;
        });
        connect(plot, &QCustomPlot::mouseDoubleClick, this, &TrainingCharts::fitToData);
    }

    m_replotTimer->setSingleShot(true);
    m_replotTimer->setInterval(kReplotIntervalMs);
    connect(m_replotTimer, &QTimer::timeout, this, &TrainingCharts::replotNow);
    retranslateUi();
    m_smoothingValue->setText(QLocale().toString(m_smoothing->value() / 100.0, 'f', 2));
    clear();
}

void TrainingCharts::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

bool TrainingCharts::eventFilter(QObject* watched, QEvent* event) {
    auto* plot = qobject_cast<QCustomPlot*>(watched);
    if (plot && event->type() == QEvent::MouseMove)
        showPointToolTip(plot, static_cast<QMouseEvent*>(event));
    else if (plot && event->type() == QEvent::Resize)
        scheduleReplot(); // decimation and marker room depend on the width
    else if (plot && event->type() == QEvent::Leave)
        QToolTip::hideText();
    return QWidget::eventFilter(watched, event);
}

void TrainingCharts::retranslateUi() {
    m_loss->setName(tr("Loss"));
    m_lossSmoothed->setName(tr("Loss (smoothed)"));
    m_epochMean->setName(tr("Epoch mean"));
    m_lossGroundTruth->setName(tr("Ground-truth part (smoothed)"));
    m_lossTeacher->setName(tr("Teacher part (smoothed)"));
    m_lossPlot->yAxis->setLabel(tr("Training loss"));
    m_mae->setName(tr("Validation MAE"));
    m_rmse->setName(tr("Validation RMSE"));
    m_best->setName(tr("Best MAE"));
    m_validationPlot->yAxis->setLabel(tr("Count error"));
    m_lr->setName(tr("Learning rate"));
    m_lrPlot->yAxis->setLabel(tr("Learning rate"));
    for (Overlay& overlay : m_overlays) {
        overlay.loss->setName(tr("Loss: %1").arg(overlay.name));
        overlay.mae->setName(tr("MAE: %1").arg(overlay.name));
    }

    m_axisLabel->setText(tr("&X axis:"));
    m_axisBox->setItemText(0, tr("Iteration"));
    m_axisBox->setItemText(1, tr("Epoch"));
    m_smoothingLabel->setText(tr("S&moothing:"));
    const QString smoothingTip =
        tr("Weight of the loss's exponential moving average (bias-corrected, as in TensorBoard); "
           "0 shows the loss of each step");
    m_smoothing->setToolTip(smoothingTip);
    m_smoothingValue->setToolTip(smoothingTip);
    m_logBox->setText(tr("&Log scale"));
    m_logBox->setToolTip(tr("Draw the loss on a logarithmic axis, so spikes do not flatten the "
                            "curve; zero and negative values are left out"));
    m_fitButton->setText(tr("&Fit"));
    m_fitButton->setToolTip(tr("Fit the charts to the data and follow new points (or "
                               "double-click a chart)"));
    updateAxisChoice();
    scheduleReplot();
}

void TrainingCharts::updateAxisChoice() {
    const bool wallTime = isAxisAvailable(CurveAxis::WallTime);
    m_axisBox->setItemText(2, wallTime ? tr("Wall time") : tr("Wall time (not in run logs)"));
    auto* model = qobject_cast<QStandardItemModel*>(m_axisBox->model());
    if (QStandardItem* item = model ? model->item(2) : nullptr) {
        item->setEnabled(wallTime);
        item->setToolTip(wallTime ? QString()
                                  : tr("Run logs (log.jsonl) record no times: wall time is "
                                       "offered for a run started in this session, without "
                                       "overlays."));
    }
    if (m_axis == CurveAxis::WallTime && !wallTime)
        m_axis = CurveAxis::Iteration;
    m_axisBox->setCurrentIndex(
        static_cast<int>(std::find(std::begin(kAxes), std::end(kAxes), m_axis) - kAxes));
    const QString label = m_axis == CurveAxis::Epoch      ? tr("Epoch")
                          : m_axis == CurveAxis::WallTime ? tr("Wall time (h:mm:ss)")
                                                          : tr("Iteration");
    for (QCustomPlot* plot : {m_lossPlot, m_validationPlot, m_lrPlot})
        plot->xAxis->setLabel(label);
    updateTickers();
}

void TrainingCharts::updateTickers() {
    for (QCustomPlot* plot : {m_lossPlot, m_validationPlot, m_lrPlot}) {
        if (m_axis == CurveAxis::WallTime) {
            auto ticker = QSharedPointer<QCPAxisTickerTime>::create();
            ticker->setTimeFormat(QStringLiteral("%h:%m:%s"));
            plot->xAxis->setTicker(ticker);
        } else {
            // Iterations and epochs are counted: ticks at whole numbers only.
            auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
            ticker->setTickStep(1);
            ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
            plot->xAxis->setTicker(ticker);
        }
    }
    if (m_logScale) {
        m_lossPlot->yAxis->setScaleType(QCPAxis::stLogarithmic);
        m_lossPlot->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
    } else {
        m_lossPlot->yAxis->setScaleType(QCPAxis::stLinear);
        m_lossPlot->yAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    }
}

void TrainingCharts::clear() {
    for (QCPGraph* graph : {m_loss, m_lossSmoothed, m_epochMean, m_lossGroundTruth, m_lossTeacher,
                            m_mae, m_rmse, m_best, m_lr})
        graph->data()->clear();
    for (const Overlay& overlay : m_overlays)
        for (QCPGraph* graph : {overlay.loss, overlay.means, overlay.mae})
            graph->parentPlot()->removeGraph(graph);
    m_overlays.clear();
    m_series.clear();
    m_run = RunCurves{};
    m_kd = false;
    m_follow = true;
    updateAxisChoice();
    scheduleReplot();
}

void TrainingCharts::setCurves(const RunCurves& curves, bool kd) {
    clear();
    m_run = curves;
    m_kd = kd;
    updateAxisChoice();
    replotNow();
}

void TrainingCharts::addOverlay(const RunCurves& curves, const QString& name) {
    const QColor colour = kOverlayColours[m_overlays.size() % std::size(kOverlayColours)];
    Overlay overlay;
    overlay.curves = curves;
    overlay.name = name;
    overlay.loss = addGraph(m_lossPlot, colour, 1.5);
    overlay.means = addMarkers(m_lossPlot, QCPScatterStyle(QCPScatterStyle::ssDiamond, colour, 7));
    overlay.means->removeFromLegend();
    overlay.mae = addGraph(m_validationPlot, colour, 1.5);
    overlay.mae->setPen(QPen(colour, 1.5, Qt::DashLine));
    overlay.mae->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 4));
    m_overlays.append(overlay);
    m_follow = true;
    retranslateUi();
    replotNow();
}

void TrainingCharts::addIteration(const pipeline::IterationProgress& event, bool kd) {
    if (m_run.size() == 0)
        m_follow = true;
    m_kd = kd;
    m_run.iterationsPerEpoch = event.iterationsPerEpoch;
    // The engine's time counts this session only; after steps read from a log (a resumed run)
    // the curves have no common clock and appendStep drops the times.
    m_run.appendStep(event.iteration, event.epoch + 1, event.batchInEpoch, event.loss,
                     event.lossGroundTruth, event.lossTeacher, event.lr, event.elapsedSeconds);
    if (m_run.size() == 1 || !m_run.hasWallTime())
        updateAxisChoice();
    scheduleReplot();
}

void TrainingCharts::addValidation(const pipeline::ValidationReport& event) {
    m_run.appendValidation(event.epoch + 1, event.iteration, event.mae, event.rmse);
    scheduleReplot();
}

bool TrainingCharts::isAxisAvailable(CurveAxis axis) const {
    if (axis != CurveAxis::WallTime)
        return true;
    if (!m_run.hasWallTime())
        return false;
    for (const Overlay& overlay : m_overlays)
        if (!overlay.curves.hasWallTime())
            return false;
    return true;
}

bool TrainingCharts::setAxis(CurveAxis axis) {
    if (!isAxisAvailable(axis)) {
        updateAxisChoice();
        return false;
    }
    m_axis = axis;
    m_follow = true;
    updateAxisChoice();
    replotNow();
    return true;
}

double TrainingCharts::smoothingWeight() const {
    return m_smoothing->value() / 100.0;
}

void TrainingCharts::setSmoothingWeight(double weight) {
    m_smoothing->setValue(static_cast<int>(std::lround(std::clamp(weight, 0.0, 0.99) * 100)));
    replotNow();
}

void TrainingCharts::setLogScale(bool on) {
    m_logScale = on;
    {
        const QSignalBlocker blocker(m_logBox);
        m_logBox->setChecked(on);
    }
    m_follow = true;
    updateTickers();
    replotNow();
}

void TrainingCharts::fitToData() {
    m_follow = true;
    replotNow();
}

void TrainingCharts::scheduleReplot() {
    if (!m_replotTimer->isActive())
        m_replotTimer->start();
}

void TrainingCharts::collectSeries() {
    m_series.clear();
    const double weight = smoothingWeight();
    auto add = [this](QCPGraph* graph, const QVector<double>& x, const QVector<double>& y,
                      const QVector<int>& epochs = {}) {
        m_series.append(Series{graph, x, y, epochs});
    };
    const QVector<double> x = m_run.stepX(m_axis);
    add(m_loss, x, m_run.loss);
    add(m_lossSmoothed, x, smoothed(m_run.loss, weight));
    const EpochMeans means = epochMeans(m_run, m_axis);
    add(m_epochMean, means.x, means.y, means.epoch);
    if (m_kd) {
        add(m_lossGroundTruth, x, smoothed(m_run.lossGroundTruth, weight));
        add(m_lossTeacher, x, smoothed(m_run.lossTeacher, weight));
    }
    const QVector<double> validationX = m_run.validationX(m_axis);
    add(m_mae, validationX, m_run.mae);
    add(m_rmse, validationX, m_run.rmse);
    int best = -1;
    for (int i = 0; i < m_run.mae.size(); ++i)
        if (best < 0 || m_run.mae[i] < m_run.mae[best])
            best = i;
    if (best >= 0)
        add(m_best, {validationX[best]}, {m_run.mae[best]});
    add(m_lr, x, m_run.lr);
    for (const Overlay& overlay : m_overlays) {
        add(overlay.loss, overlay.curves.stepX(m_axis), smoothed(overlay.curves.loss, weight));
        const EpochMeans overlayMeans = epochMeans(overlay.curves, m_axis);
        add(overlay.means, overlayMeans.x, overlayMeans.y, overlayMeans.epoch);
        add(overlay.mae, overlay.curves.validationX(m_axis), overlay.curves.mae);
    }
    for (QCPGraph* part : {m_lossGroundTruth, m_lossTeacher}) {
        part->setVisible(m_kd);
        if (m_kd)
            part->addToLegend();
        else
            part->removeFromLegend();
    }
    if (means.x.isEmpty())
        m_epochMean->removeFromLegend();
    else
        m_epochMean->addToLegend();
}

void TrainingCharts::fitRanges() {
    for (QCustomPlot* plot : {m_lossPlot, m_validationPlot, m_lrPlot}) {
        const bool logY = plot == m_lossPlot && m_logScale;
        double xLow = 0, xHigh = 0, yLow = 0, yHigh = 0;
        bool hasX = false, hasY = false;
        for (const Series& series : std::as_const(m_series)) {
            if (series.graph->parentPlot() != plot)
                continue;
            double lo = 0, hi = 0;
            if (valueRange(series.x, false, &lo, &hi)) {
                xLow = hasX ? std::min(xLow, lo) : lo;
                xHigh = hasX ? std::max(xHigh, hi) : hi;
                hasX = true;
            }
            if (valueRange(series.y, logY, &lo, &hi)) {
                yLow = hasY ? std::min(yLow, lo) : lo;
                yHigh = hasY ? std::max(yHigh, hi) : hi;
                hasY = true;
            }
        }
        if (!hasX) {
            xLow = m_axis == CurveAxis::Epoch ? 1 : 0;
            xHigh = xLow + 1;
        }
        if (!hasY) { // two decades on a log axis, so that its ticks read as one
            yLow = logY ? 0.1 : 0;
            yHigh = logY ? 10 : 1;
        }
        // As many value ticks as the chart's height has room for, so short charts stay legible.
        plot->yAxis->ticker()->setTickCount(
            std::clamp(plot->axisRect()->height() / kPixelsPerTick, 2, 6));
        // x starts at the first point; a single point gets one unit of room after it.
        if (xHigh <= xLow)
            xHigh = xLow + 1;
        else
            xHigh += 0.02 * (xHigh - xLow);
        if (plot == m_validationPlot) {
            // Its markers need a few pixels beside the first and last validation.
            const double width = std::max(50, plot->axisRect()->width());
            const double pad = kMarkerPixels * (xHigh - xLow) / (width - 2 * kMarkerPixels);
            xLow -= pad;
            xHigh += pad;
        }
        plot->xAxis->setRange(xLow, xHigh);
        if (logY) {
            plot->yAxis->setRange(yLow / 1.3, yHigh * 1.3);
        } else if (yHigh - yLow <= 1e-9 * std::max(std::abs(yHigh), 1e-12)) {
            // A constant curve (a constant learning rate, one validation) in the middle.
            const double room = yHigh != 0 ? 0.25 * std::abs(yHigh) : 1;
            plot->yAxis->setRange(yLow >= 0 ? std::max(0.0, yLow - room) : yLow - room,
                                  yHigh + room);
        } else {
            const double room = 0.08 * (yHigh - yLow);
            // Errors and losses are never negative: the axis does not invent negative values.
            plot->yAxis->setRange(yLow >= 0 ? std::max(0.0, yLow - room) : yLow - room,
                                  yHigh + room);
        }
    }
}

void TrainingCharts::drawSeries() {
    for (const Series& series : std::as_const(m_series)) {
        QCustomPlot* plot = series.graph->parentPlot();
        const QCPRange range = plot->xAxis->range();
        QVector<double> y = series.y;
        if (plot == m_lossPlot && m_logScale)
            for (double& v : y)
                if (!(v > 0))
                    v = std::numeric_limits<double>::quiet_NaN(); // not on a log axis
        const Decimated drawn = decimateMinMax(series.x, y, range.lower, range.upper,
                                               std::max(1, plot->axisRect()->width()));
        series.graph->setData(drawn.x, drawn.y, true);
    }
}

void TrainingCharts::replotNow() {
    m_replotTimer->stop();
    m_settingRanges = true;
    collectSeries();
    if (m_follow)
        fitRanges();
    drawSeries();
    m_settingRanges = false;
    for (QCustomPlot* plot : {m_lossPlot, m_validationPlot, m_lrPlot})
        plot->replot(QCustomPlot::rpQueuedReplot);
}

QString TrainingCharts::axisValueText(double x) const {
    const QLocale locale;
    switch (m_axis) {
    case CurveAxis::Iteration:
        return locale.toString(static_cast<qlonglong>(std::llround(x)));
    case CurveAxis::Epoch:
        return locale.toString(x, 'f', 2);
    case CurveAxis::WallTime:
        break;
    }
    return formatSeconds(x);
}

QString TrainingCharts::pointTextAt(QCustomPlot* plot, const QPointF& pos) const {
    const Series* nearest = nullptr;
    int nearestIndex = -1;
    double nearestDistance = kHoverPixels;
    for (const Series& series : m_series) {
        if (series.graph->parentPlot() != plot || !series.graph->visible())
            continue;
        const double from = plot->xAxis->pixelToCoord(pos.x() - kHoverPixels);
        const double to = plot->xAxis->pixelToCoord(pos.x() + kHoverPixels);
        auto begin = std::lower_bound(series.x.begin(), series.x.end(), std::min(from, to));
        auto end = std::upper_bound(series.x.begin(), series.x.end(), std::max(from, to));
        for (auto it = begin; it != end; ++it) {
            const int i = static_cast<int>(it - series.x.begin());
            const double y = series.y[i];
            if (!std::isfinite(y) || (plot == m_lossPlot && m_logScale && y <= 0))
                continue;
            const double dx = plot->xAxis->coordToPixel(*it) - pos.x();
            const double dy = plot->yAxis->coordToPixel(y) - pos.y();
            const double distance = std::hypot(dx, dy);
            if (distance <= nearestDistance) {
                nearestDistance = distance;
                nearest = &series;
                nearestIndex = i;
            }
        }
    }
    if (!nearest)
        return {};
    const QString where = nearest->epochs.isEmpty()
                              ? QStringLiteral("%1: %2").arg(
                                    plot->xAxis->label(), axisValueText(nearest->x[nearestIndex]))
                              : tr("Epoch %1").arg(nearest->epochs[nearestIndex]);
    return QStringLiteral("%1\n%2\n%3: %4")
        .arg(nearest->graph->name(), where, plot->yAxis->label(),
             QLocale().toString(nearest->y[nearestIndex], 'g', 6));
}

void TrainingCharts::showPointToolTip(QCustomPlot* plot, QMouseEvent* event) {
    const QString text = pointTextAt(plot, event->position());
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(event->globalPosition().toPoint(), text, plot);
}

bool TrainingCharts::saveImage(const QString& path, QString* error) {
    replotNow();
    for (QCustomPlot* plot : {m_lossPlot, m_validationPlot, m_lrPlot})
        plot->replot(QCustomPlot::rpImmediateRefresh);
    // Saved atomically, by the studio's rule for user-chosen files (openSaveFile).
    QSaveFile file(path);
    if (!openSaveFile(file, QIODevice::WriteOnly, error))
        return false;
    const QString suffix = QFileInfo(path).suffix();
    if (suffix.compare(QLatin1String("pdf"), Qt::CaseInsensitive) == 0) {
        QPdfWriter writer(&file);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setResolution(150);
        QPainter painter;
        if (!painter.begin(&writer))
            return false;
        const QRect page = painter.viewport();
        const double scale =
            std::min(page.width() / double(width()), page.height() / double(height()));
        painter.scale(scale, scale);
        render(&painter);
        if (!painter.end())
            return false;
    } else {
        const QByteArray format = suffix.isEmpty() ? QByteArray("png") : suffix.toLatin1();
        if (!grab().save(&file, format.constData()))
            return false;
    }
    if (file.commit())
        return true;
    if (error)
        *error = file.errorString();
    return false;
}

int TrainingCharts::lossPointCount() const {
    return m_run.size();
}

int TrainingCharts::validationPointCount() const {
    return static_cast<int>(m_run.mae.size());
}

int TrainingCharts::learningRatePointCount() const {
    return static_cast<int>(m_run.lr.size());
}

} // namespace crowdkd::ui
