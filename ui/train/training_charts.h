#pragma once

#include "train/loss_curve.h"
#include "train/training_session.h"

#include <QColor>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QCPGraph;
class QCustomPlot;
class QLabel;
class QMouseEvent;
class QPushButton;
class QSlider;
class QTimer;

namespace crowdkd::ui {

/// The charts of a training run: the loss of every step (decimated to the pixels for drawing),
/// its bias-corrected moving average with a user-set weight, the epoch means and, for KD, its
/// ground-truth and teacher parts; validation MAE and RMSE with the best marked; the learning
/// rate. One x axis choice (iteration, epoch, wall time) holds for all three; axes fit the data
/// and follow new points until the user pans or zooms; hovering shows the nearest point's exact
/// values. Points are appended as events arrive; redraws are queued and throttled so a fast run
/// never makes the GUI stutter. Other runs can be overlaid on the same axes, in their own colours.
class TrainingCharts : public QWidget {
    Q_OBJECT

public:
    explicit TrainingCharts(QWidget* parent = nullptr);

    /// Removes every point and overlay.
    void clear();
    /// Shows a whole run (a reopened run folder); `kd` shows the loss parts.
    void setCurves(const RunCurves& curves, bool kd);
    /// Adds another run's smoothed loss, epoch means and validation MAE on the same axes,
    /// labelled `name`.
    void addOverlay(const RunCurves& curves, const QString& name);

    void addIteration(const pipeline::IterationProgress& event, bool kd);
    void addValidation(const pipeline::ValidationReport& event);

    /// Saves the three charts as one PNG or PDF (by the file's suffix); false on failure, with the
    /// reason in `error` where one is known.
    bool saveImage(const QString& path, QString* error = nullptr);

    /// The shown run's curves, every step it logged.
    const RunCurves& curves() const { return m_run; }
    int lossPointCount() const;
    int validationPointCount() const;
    int learningRatePointCount() const;
    int overlayCount() const { return static_cast<int>(m_overlays.size()); }

    /// The smoothing weight in [0, 0.99] (settings::kChartSmoothing).
    double smoothingWeight() const;
    void setSmoothingWeight(double weight);
    CurveAxis axis() const { return m_axis; }
    /// Chooses the x axis; false (nothing changes) when the curves cannot be drawn on it.
    bool setAxis(CurveAxis axis);
    /// Wall time needs times for every shown step: only live runs of this session have them.
    bool isAxisAvailable(CurveAxis axis) const;
    bool isLogScale() const { return m_logScale; }
    void setLogScale(bool on);
    /// Fits the axes to the data and follows new points again.
    void fitToData();

    QCustomPlot* lossPlot() const { return m_lossPlot; }
    QCustomPlot* validationPlot() const { return m_validationPlot; }
    QCustomPlot* learningRatePlot() const { return m_lrPlot; }
    QCPGraph* lossGraph() const { return m_loss; }
    QCPGraph* smoothedLossGraph() const { return m_lossSmoothed; }
    QCPGraph* epochMeanGraph() const { return m_epochMean; }
    QCPGraph* maeGraph() const { return m_mae; }
    /// What hovering at `pos` (pixels in `plot`) shows: the nearest point's series, x and y;
    /// empty when no point is near.
    QString pointTextAt(QCustomPlot* plot, const QPointF& pos) const;
    /// Redraws now with the current data (redraws are otherwise queued).
    void replotNow();

protected:
    void changeEvent(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    /// One drawn curve with all its points (the graph holds the decimated ones).
    struct Series {
        QCPGraph* graph = nullptr;
        QVector<double> x;
        QVector<double> y;
        QVector<int> epochs; ///< for epoch means: the epoch of each point
    };
    /// Another run drawn for comparison.
    struct Overlay {
        RunCurves curves;
        QString name;
        QCPGraph* loss = nullptr;
        QCPGraph* means = nullptr;
        QCPGraph* mae = nullptr;
    };

    void retranslateUi();
    void scheduleReplot();
    void collectSeries();
    void fitRanges();
    void drawSeries();
    void updateAxisChoice();
    void updateTickers();
    void showPointToolTip(QCustomPlot* plot, QMouseEvent* event);
    QString axisValueText(double x) const;

    QCustomPlot* m_lossPlot;
    QCustomPlot* m_validationPlot;
    QCustomPlot* m_lrPlot;
    QCPGraph* m_loss;
    QCPGraph* m_lossSmoothed;
    QCPGraph* m_epochMean;
    QCPGraph* m_lossGroundTruth;
    QCPGraph* m_lossTeacher;
    QCPGraph* m_mae;
    QCPGraph* m_rmse;
    QCPGraph* m_best;
    QCPGraph* m_lr;
    QList<Overlay> m_overlays;
    QVector<Series> m_series;
    QTimer* m_replotTimer;

    QLabel* m_axisLabel;
    QComboBox* m_axisBox;
    QLabel* m_smoothingLabel;
    QSlider* m_smoothing;
    QLabel* m_smoothingValue;
    QCheckBox* m_logBox;
    QPushButton* m_fitButton;

    RunCurves m_run;
    bool m_kd = false;
    CurveAxis m_axis = CurveAxis::Iteration;
    bool m_logScale = true;
    /// Axes fit the data and follow new points; off once the user pans or zooms.
    bool m_follow = true;
    /// Set while the charts change ranges themselves (not the user).
    bool m_settingRanges = false;
};

} // namespace crowdkd::ui
