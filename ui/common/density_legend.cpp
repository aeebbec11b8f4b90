#include "common/density_legend.h"

#include "common/density_colouriser.h"

#include <QLinearGradient>
#include <QPainter>

namespace crowdkd::ui {

namespace {

/// Colour stops of the painted bar (the colour map is smooth, so a few suffice).
constexpr int kStops = 16;
/// Thickness of the legend widget's bar, in logical pixels.
constexpr int kBarThickness = 10;

} // namespace

DensityLegend::DensityLegend(QWidget* parent)
    : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void DensityLegend::paintBar(QPainter& painter, const QRectF& bar, Qt::Orientation orientation,
                             const QColor& frame) {
    QLinearGradient gradient(orientation == Qt::Horizontal ? bar.topLeft() : bar.bottomLeft(),
                             orientation == Qt::Horizontal ? bar.topRight() : bar.topLeft());
    for (int i = 0; i <= kStops; ++i) {
        const double fraction = static_cast<double>(i) / kStops;
        gradient.setColorAt(fraction, QColor(DensityColouriser::colourAt(fraction)));
    }
    painter.save();
    painter.fillRect(bar, gradient);
    painter.setPen(frame);
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(bar);
    painter.restore();
}

QSize DensityLegend::sizeHint() const {
    return {160, kBarThickness + 2};
}

QSize DensityLegend::minimumSizeHint() const {
    return {40, kBarThickness + 2};
}

void DensityLegend::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    const QRectF bar(0.5, (height() - kBarThickness) / 2.0 + 0.5, width() - 1.0,
                     kBarThickness - 1.0);
    paintBar(painter, bar, Qt::Horizontal, palette().color(QPalette::Mid));
}

} // namespace crowdkd::ui
