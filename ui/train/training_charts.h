#pragma once

#include "train/training_session.h"

#include <QWidget>

class QCPGraph;
class QCustomPlot;
class QTimer;

namespace crowdkd::ui {

/// The live charts of a training run: training loss (raw, smoothed and, for KD, its ground-truth
/// and teacher parts) per iteration, validation MAE and RMSE per epoch with the best marked, and
/// the learning rate (warm restarts show as saw teeth). Points are appended as events arrive;
/// redraws are queued and throttled so a fast run never makes the GUI stutter. Other runs can be
/// overlaid on the same axes for comparison.
class TrainingCharts : public QWidget {
    Q_OBJECT

public:
    explicit TrainingCharts(QWidget* parent = nullptr);

    /// Removes every point and overlay.
    void clear();
    /// Shows a whole run (a reopened run folder); `kd` shows the loss parts.
    void setCurves(const RunCurves& curves, bool kd);
    /// Adds another run's validation MAE and loss on the same axes, labelled `name`.
    void addOverlay(const RunCurves& curves, const QString& name);

    void addIteration(const pipeline::IterationProgress& event, bool kd);
    void addValidation(const pipeline::ValidationReport& event);

    /// Saves the three charts as one PNG or PDF (by the file's suffix); false on failure.
    bool saveImage(const QString& path);

    int lossPointCount() const;
    int validationPointCount() const;
    int learningRatePointCount() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void scheduleReplot();
    void replotNow();
    void appendLoss(double x, double loss, double gt, double teacher, double lr, bool kd);
    void appendValidation(double epoch, double mae, double rmse);

    QCustomPlot* m_lossPlot;
    QCustomPlot* m_validationPlot;
    QCustomPlot* m_lrPlot;
    QCPGraph* m_loss;
    QCPGraph* m_lossSmoothed;
    QCPGraph* m_lossGroundTruth;
    QCPGraph* m_lossTeacher;
    QCPGraph* m_mae;
    QCPGraph* m_rmse;
    QCPGraph* m_best;
    QCPGraph* m_lr;
    QList<QCPGraph*> m_overlays;
    QTimer* m_replotTimer;
    double m_smoothed = 0;
    bool m_hasSmoothed = false;
    double m_bestMae = -1;
};

} // namespace crowdkd::ui
