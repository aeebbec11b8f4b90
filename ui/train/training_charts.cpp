#include "train/training_charts.h"

#include "common/studio_support.h"

#include <QEvent>
#include <QFileInfo>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTimer>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <cmath>
#include <iterator>

namespace crowdkd::ui {

namespace {

/// Weight of the newest loss in the exponentially smoothed curve.
constexpr double kSmoothing = 0.1;
/// Minimum time between two redraws of the live charts, in milliseconds.
constexpr int kReplotIntervalMs = 250;
/// Colours of the overlaid runs, in turn.
const QColor kOverlayColours[] = {QColor(0x8e, 0x44, 0xad), QColor(0x16, 0xa0, 0x85),
                                  QColor(0xd3, 0x54, 0x00), QColor(0x7f, 0x8c, 0x8d)};

QCustomPlot* makePlot(QWidget* parent) {
    auto* plot = new QCustomPlot(parent);
    plot->setMinimumHeight(150);
    plot->legend->setVisible(true);
    QFont legendFont = plot->font();
    legendFont.setPointSizeF(legendFont.pointSizeF() * 0.85);
    plot->legend->setFont(legendFont);
    plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot->setNoAntialiasingOnDrag(true);
    return plot;
}

QCPGraph* addGraph(QCustomPlot* plot, const QColor& colour, qreal width = 1.5) {
    QCPGraph* graph = plot->addGraph();
    graph->setPen(QPen(colour, width));
    graph->setAdaptiveSampling(true);
    return graph;
}

} // namespace

TrainingCharts::TrainingCharts(QWidget* parent)
    : QWidget(parent)
    , m_lossPlot(makePlot(this))
    , m_validationPlot(makePlot(this))
    , m_lrPlot(makePlot(this))
    , m_replotTimer(new QTimer(this)) {
    m_loss = addGraph(m_lossPlot, QColor(0x95, 0xa5, 0xd6), 1.0);
    m_lossSmoothed = addGraph(m_lossPlot, QColor(0x1f, 0x3a, 0x93), 2.0);
    m_lossGroundTruth = addGraph(m_lossPlot, QColor(0x27, 0xae, 0x60));
    m_lossTeacher = addGraph(m_lossPlot, QColor(0xe6, 0x7e, 0x22));
    m_lossPlot->yAxis->setScaleType(QCPAxis::stLogarithmic);
    m_lossPlot->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));

    m_mae = addGraph(m_validationPlot, QColor(0xc0, 0x39, 0x2b), 2.0);
    m_mae->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
    m_rmse = addGraph(m_validationPlot, QColor(0x29, 0x80, 0xb9), 1.5);
    m_rmse->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, 4));
    m_best = m_validationPlot->addGraph();
    m_best->setLineStyle(QCPGraph::lsNone);
    m_best->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssStar, QColor(0xf1, 0xc4, 0x0f), 14));

    m_lr = addGraph(m_lrPlot, QColor(0x2c, 0x3e, 0x50));
    m_lr->setLineStyle(QCPGraph::lsStepLeft);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_lossPlot, 3);
    layout->addWidget(m_validationPlot, 3);
    layout->addWidget(m_lrPlot, 2);

    m_replotTimer->setSingleShot(true);
    m_replotTimer->setInterval(kReplotIntervalMs);
    connect(m_replotTimer, &QTimer::timeout, this, &TrainingCharts::replotNow);
    retranslateUi();
    clear();
}

void TrainingCharts::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void TrainingCharts::retranslateUi() {
    m_loss->setName(tr("Loss"));
    m_lossSmoothed->setName(tr("Loss (smoothed)"));
    m_lossGroundTruth->setName(tr("Ground-truth part"));
    m_lossTeacher->setName(tr("Teacher part"));
    m_lossPlot->xAxis->setLabel(tr("Iteration"));
    m_lossPlot->yAxis->setLabel(tr("Training loss"));
    m_mae->setName(tr("Validation MAE"));
    m_rmse->setName(tr("Validation RMSE"));
    m_best->setName(tr("Best MAE"));
    m_validationPlot->xAxis->setLabel(tr("Epoch"));
    m_validationPlot->yAxis->setLabel(tr("Count error"));
    m_lr->setName(tr("Learning rate"));
    m_lrPlot->xAxis->setLabel(tr("Iteration"));
    m_lrPlot->yAxis->setLabel(tr("Learning rate"));
    scheduleReplot();
}

void TrainingCharts::clear() {
    for (QCPGraph* graph :
         {m_loss, m_lossSmoothed, m_lossGroundTruth, m_lossTeacher, m_mae, m_rmse, m_best, m_lr})
        graph->data()->clear();
    for (QCPGraph* overlay : m_overlays)
        overlay->parentPlot()->removeGraph(overlay);
    m_overlays.clear();
    m_hasSmoothed = false;
    m_bestMae = -1;
    m_lossGroundTruth->setVisible(false);
    m_lossTeacher->setVisible(false);
    m_lossGroundTruth->removeFromLegend();
    m_lossTeacher->removeFromLegend();
    scheduleReplot();
}

void TrainingCharts::appendLoss(double x, double loss, double gt, double teacher, double lr,
                                bool kd) {
    m_smoothed = m_hasSmoothed ? (1 - kSmoothing) * m_smoothed + kSmoothing * loss : loss;
    m_hasSmoothed = true;
    m_loss->addData(x, loss);
    m_lossSmoothed->addData(x, m_smoothed);
    if (kd) {
        if (!m_lossTeacher->visible()) {
            m_lossGroundTruth->setVisible(true);
            m_lossTeacher->setVisible(true);
            m_lossGroundTruth->addToLegend();
            m_lossTeacher->addToLegend();
        }
        m_lossGroundTruth->addData(x, gt);
        m_lossTeacher->addData(x, teacher);
    }
    m_lr->addData(x, lr);
}

void TrainingCharts::appendValidation(double epoch, double mae, double rmse) {
    m_mae->addData(epoch, mae);
    m_rmse->addData(epoch, rmse);
    if (m_bestMae < 0 || mae < m_bestMae) {
        m_bestMae = mae;
        m_best->data()->clear();
        m_best->addData(epoch, mae);
    }
}

void TrainingCharts::setCurves(const RunCurves& curves, bool kd) {
    clear();
    for (int i = 0; i < curves.loss.size(); ++i)
        appendLoss(curves.trainIteration[i], curves.loss[i], curves.lossGroundTruth[i],
                   curves.lossTeacher[i], curves.lr[i], kd);
    for (int i = 0; i < curves.mae.size(); ++i)
        appendValidation(curves.validationEpoch[i], curves.mae[i], curves.rmse[i]);
    replotNow();
}

void TrainingCharts::addOverlay(const RunCurves& curves, const QString& name) {
    const QColor colour = kOverlayColours[m_overlays.size() / 2 % std::size(kOverlayColours)];
    QCPGraph* mae = addGraph(m_validationPlot, colour, 1.5);
    mae->setPen(QPen(colour, 1.5, Qt::DashLine));
    mae->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 4));
    mae->setName(tr("MAE: %1").arg(name));
    mae->setData(curves.validationEpoch, curves.mae);
    QCPGraph* loss = addGraph(m_lossPlot, colour, 1.0);
    loss->setPen(QPen(colour, 1.0, Qt::DashLine));
    loss->setName(tr("Loss: %1").arg(name));
    loss->setData(curves.trainIteration, curves.loss);
    m_overlays << mae << loss;
    replotNow();
}

void TrainingCharts::addIteration(const pipeline::IterationProgress& event, bool kd) {
    appendLoss(static_cast<double>(event.iteration), event.loss, event.lossGroundTruth,
               event.lossTeacher, event.lr, kd);
    scheduleReplot();
}

void TrainingCharts::addValidation(const pipeline::ValidationReport& event) {
    appendValidation(event.epoch + 1, event.mae, event.rmse);
    scheduleReplot();
}

void TrainingCharts::scheduleReplot() {
    if (!m_replotTimer->isActive())
        m_replotTimer->start();
}

void TrainingCharts::replotNow() {
    for (QCustomPlot* plot : {m_lossPlot, m_validationPlot, m_lrPlot}) {
        plot->rescaleAxes(true);
        if (plot == m_lrPlot && m_lr->dataCount() > 0) {
            bool found = false;
            const QCPRange lr = m_lr->getValueRange(found);
            if (found && lr.upper - lr.lower <= 1e-9 * std::abs(lr.upper))
                m_lrPlot->yAxis->setRange(0, 1.25 * std::max(lr.upper, 1e-12));
        }
        // Keep the extreme points (e.g. the best MAE star) off the frame, and give a constant
        // curve (a constant learning rate) a visible range.
        const QCPRange y = plot->yAxis->range();
        if (plot->yAxis->scaleType() == QCPAxis::stLinear)
            plot->yAxis->setRange(y.lower - 0.08 * y.size(), y.upper + 0.08 * y.size());
        else if (y.lower > 0)
            plot->yAxis->setRange(y.lower / 1.3, y.upper * 1.3);
        const QCPRange x = plot->xAxis->range();
        plot->xAxis->setRange(x.lower - 0.02 * x.size(), x.upper + 0.02 * x.size());
        plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

bool TrainingCharts::saveImage(const QString& path) {
    replotNow();
    for (QCustomPlot* plot : {m_lossPlot, m_validationPlot, m_lrPlot})
        plot->replot(QCustomPlot::rpImmediateRefresh);
    // Saved atomically, by the studio's rule for user-chosen files (openSaveFile).
    QSaveFile file(path);
    if (!openSaveFile(file, QIODevice::WriteOnly))
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
    return file.commit();
}

int TrainingCharts::lossPointCount() const {
    return m_loss->dataCount();
}

int TrainingCharts::validationPointCount() const {
    return m_mae->dataCount();
}

int TrainingCharts::learningRatePointCount() const {
    return m_lr->dataCount();
}

} // namespace crowdkd::ui
