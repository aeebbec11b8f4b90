#include "dataset/split_statistics_view.h"

#include <QEvent>
#include <QLabel>
#include <QResizeEvent>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace crowdkd::ui {

namespace {

/// Number of histogram bins at most; fewer when the counts span a small range.
constexpr int kMaxBins = 24;
/// Horizontal room for one x-axis tick label ("12,000" and the gap to the next), in pixels.
constexpr int kTickSpacing = 64;

} // namespace

SplitStatisticsView::SplitStatisticsView(QWidget* parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_plot(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_summary);
    m_plot->setMinimumHeight(170);
    m_plot->setBackground(palette().color(QPalette::Base));
    m_bars = new QCPBars(m_plot->xAxis, m_plot->yAxis);
    m_bars->setPen(Qt::NoPen);
    m_bars->setBrush(QColor(0x1c, 0x7e, 0xd6, 200));
    m_plot->xAxis->grid()->setVisible(false);
    m_plot->axisRect()->setAutoMargins(QCP::msLeft | QCP::msBottom);
    m_plot->axisRect()->setMargins(QMargins(0, 6, 8, 0));
    layout->addWidget(m_plot, 1);
    retranslateUi();
}

void SplitStatisticsView::setStatistics(const SplitStatistics& statistics) {
    m_statistics = statistics;
    refresh();
}

QString SplitStatisticsView::summaryText() const {
    return m_summary->text();
}

void SplitStatisticsView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void SplitStatisticsView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    thinTicks();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void SplitStatisticsView::thinTicks() {
    const int room = m_plot->axisRect()->width() > 0 ? m_plot->axisRect()->width() : width();
    m_plot->xAxis->ticker()->setTickCount(std::clamp(room / kTickSpacing, 2, 8));
}

void SplitStatisticsView::retranslateUi() {
    m_plot->xAxis->setLabel(tr("heads per image"));
    m_plot->yAxis->setLabel(tr("images"));
    refresh();
}

void SplitStatisticsView::refresh() {
    const SplitStatistics& s = m_statistics;
    const QLocale locale;
    QString text = QStringLiteral("<table cellspacing='2'>");
    const auto row = [&](const QString& label, const QString& value) {
        // The empty column keeps a long label ("최소 / 최대 머리 수") apart from its value.
        text += QStringLiteral("<tr><td>%1</td><td width='12'></td>"
                               "<td align='right'><b>%2</b></td></tr>")
                    .arg(label.toHtmlEscaped(), value);
    };
    row(tr("Images"), locale.toString(s.images));
    if (s.unannotated > 0)
        row(tr("Not annotated yet"), locale.toString(s.unannotated));
    if (s.unreadable > 0)
        row(tr("Unreadable ground truth"), locale.toString(s.unreadable));
    if (s.counted + s.unannotated + s.unreadable < s.images)
        row(tr("Counted so far"), locale.toString(s.counted));
    row(tr("Total heads"), locale.toString(s.totalHeads));
    row(tr("Min / max heads"), s.counted
                                   ? QStringLiteral("%1 / %2").arg(locale.toString(s.minHeads),
                                                                   locale.toString(s.maxHeads))
                                   : QStringLiteral("–"));
    row(tr("Mean heads"), s.counted ? locale.toString(s.meanHeads, 'f', 1) : QStringLiteral("–"));
    text += QStringLiteral("</table>");
    m_summary->setText(text);

    QVector<double> keys;
    QVector<double> values;
    double width = 1.0;
    if (s.counted > 0) {
        const int span = std::max(1, s.maxHeads - s.minHeads + 1);
        const int bins = std::min(kMaxBins, span);
        width = static_cast<double>(span) / bins;
        values.fill(0.0, bins);
        for (int c : s.counts)
            values[std::min(bins - 1, static_cast<int>((c - s.minHeads) / width))] += 1.0;
        for (int b = 0; b < bins; ++b)
            keys.append(s.minHeads + (b + 0.5) * width);
    }
    m_bars->setWidth(width * 0.9);
    m_bars->setData(keys, values, true);
    m_plot->rescaleAxes();
    if (s.counted > 0) {
        m_plot->xAxis->setRange(s.minHeads, s.minHeads + width * values.size());
        m_plot->yAxis->setRange(0, *std::max_element(values.begin(), values.end()) * 1.1);
    }
    thinTicks();
    m_plot->replot();
}

} // namespace crowdkd::ui
