#pragma once

#include "common/view_transform.h"

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
/// The maps are coloured by DensityColouriser on one shared scale (or each on its own) shown by a
/// colour bar with numbers. Panels are laid out in a grid; the last cell holds the colour bar.
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
    /// The top of the shared scale (people per cell), 0 when no map is shown.
    double sharedMaximum() const { return m_sharedMax; }

    /// Shows the whole image in every panel.
    void fit();
    /// Text shown when there are no panels (no dataset open, …).
    void setPlaceholder(const QString& text);

    /// The comparison drawn into an image of exportSize(): titles, figures, maps and colour bar.
    QImage renderImage() const;
    QSize exportSize() const;

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
    /// The zoom and pan of the pictures (all of one size) for pictures of `size`, in the
    /// picture's own coordinates.
    ViewTransform viewFor(const QSizeF& size) const;
    /// The on-screen picture under `pos`, or -1; `picture` receives its rectangle.
    int pictureAt(const QPointF& pos, QRectF* picture = nullptr) const;
    void recolour();

    QVector<ComparisonPanel> m_panels;
    QVector<QPixmap> m_pixmaps; ///< the input image and the coloured maps
    QVector<double> m_maxima;   ///< each map's top of scale
    QSize m_imageSize;
    int m_stride = 4;
    bool m_sharedScale = true;
    double m_sharedMax = 0;
    /// The zoom and pan shared by the pictures, for pictures of m_viewSize (viewFor() adapts it
    /// to other sizes: the widget resized, the exported image).
    ViewTransform m_view;
    QSizeF m_viewSize;
    QPointF m_dragLast;
    bool m_dragging = false;
    QString m_placeholder;
};

} // namespace crowdkd::ui
