#pragma once

#include <QColor>
#include <QWidget>

class QPainter;

namespace crowdkd::ui {

/// The colour key of DensityColouriser's scale: a bar from no density to the top of the scale.
/// As a widget it is a slim horizontal bar placed with the controls of a density overlay;
/// paintBar() draws the same bar into another view (Compare's colour bar, which adds its ticks).
class DensityLegend : public QWidget {
    Q_OBJECT

public:
    explicit DensityLegend(QWidget* parent = nullptr);

    /// Paints the scale into `bar`: no density at the left (horizontal) or the bottom (vertical),
    /// the top of the scale at the other end, framed in `frame`.
    static void paintBar(QPainter& painter, const QRectF& bar, Qt::Orientation orientation,
                         const QColor& frame);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
};

} // namespace crowdkd::ui
