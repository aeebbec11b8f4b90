#pragma once

#include <QImage>
#include <QPixmap>
#include <QPointF>
#include <QString>
#include <QVector>
#include <QWidget>

#include <opencv2/core.hpp>

namespace crowdkd::ui {

/// One panel of a ComparisonView: the input image or a density map, with a title and a line of
/// figures (count, error).
struct ComparisonPanel {
    QString title;
    QString figures;
    QImage image;      ///< the input image (for the input panel)
    cv::Mat density;   ///< CV_32F density at the view's stride (for map panels)
    QString hint;      ///< shown in place of the picture when it has none (no model, loading, …)
    bool busy = false; ///< the panel's content is being computed
};

/// Side-by-side panels (an input image and density maps of it) sharing one zoom and pan: the
/// mouse wheel zooms at the cursor in any panel, dragging pans them all, a double click fits.
/// The maps are coloured on one shared scale (or each on its own) shown by a colour bar with
/// numbers. Panels are laid out in a grid; the last cell holds the colour bar.
class ComparisonView : public QWidget {
    Q_OBJECT

public:
    explicit ComparisonView(QWidget* parent = nullptr);

    /// Shows `panels` for an image of `imageSize` (maps are stretched over the image's extent).
    /// The zoom and pan are kept when the image size stays the same.
    void setPanels(const QVector<ComparisonPanel>& panels, QSize imageSize);
    const QVector<ComparisonPanel>& panels() const { return m_panels; }
    /// Input pixels per density cell side (the maps' stride), for the colour bar's unit.
    void setStride(int stride);

    /// One colour scale over all maps (true) or each map on its own (false).
    void setSharedScale(bool shared);
    bool sharedScale() const { return m_sharedScale; }
    /// The top of the shared scale (people per cell), 0 when no map is shown.
    double sharedMaximum() const { return m_sharedMax; }

    /// Zoom relative to fitting the image in a panel (1 = fit), and the image point at the
    /// panels' centres.
    double zoom() const { return m_zoom; }
    QPointF center() const { return m_center; }
    void setView(double zoom, QPointF center);
    void fit();
    /// Text shown when there are no panels (no dataset open, …).
    void setPlaceholder(const QString& text);

    /// The comparison drawn into an image of exportSize(): titles, figures, maps and colour bar.
    QImage renderImage() const;
    QSize exportSize() const;

signals:
    void viewChanged();

protected:
    void paintEvent(QPaintEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;

private:
    struct Layout {
        QVector<QRectF> titles; ///< title and figures area of each panel
        QVector<QRectF> pictures;
        QRectF colourBar;
    };
    Layout layoutFor(const QRectF& area, const QFontMetricsF& metrics) const;
    void paintAll(QPainter& painter, const QRectF& area) const;
    void paintColourBar(QPainter& painter, const QRectF& cell) const;
    /// The scale factor (panel pixels per image pixel) in a picture rectangle.
    double scaleIn(const QRectF& picture) const;
    int pictureAt(const QPointF& pos) const;
    void clampCenter();
    void recolour();

    QVector<ComparisonPanel> m_panels;
    QVector<QPixmap> m_pixmaps; ///< the input image and the coloured maps
    QVector<double> m_maxima;   ///< each map's top of scale
    QSize m_imageSize;
    int m_stride = 4;
    bool m_sharedScale = true;
    double m_sharedMax = 0;
    double m_zoom = 1;
    QPointF m_center;
    QPoint m_dragStart;
    QPointF m_dragCenter;
    int m_dragPicture = -1;
    QString m_placeholder;
};

} // namespace crowdkd::ui
