#pragma once

#include "dataset/dataset_model.h"

#include <QWidget>

class QCustomPlot;
class QCPBars;
class QLabel;

namespace crowdkd::ui {

/// Per-split statistics: images, total/min/max/mean heads and a histogram of head counts.
class SplitStatisticsView : public QWidget {
    Q_OBJECT

public:
    explicit SplitStatisticsView(QWidget* parent = nullptr);

    void setStatistics(const SplitStatistics& statistics);
    const SplitStatistics& statistics() const { return m_statistics; }
    /// The text of the figures, as shown (for tests and copy).
    QString summaryText() const;

protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void retranslateUi();
    void refresh();
    /// As many x-axis ticks as the plot's width has room for, so their labels never touch.
    void thinTicks();

    SplitStatistics m_statistics;
    QLabel* m_summary;
    QCustomPlot* m_plot;
    QCPBars* m_bars;
};

} // namespace crowdkd::ui
