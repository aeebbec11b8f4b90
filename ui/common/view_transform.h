#pragma once

#include <QPointF>
#include <QRectF>
#include <QSizeF>

namespace crowdkd::ui {

/// Zoom and pan of an image shown in a view: view position = image position × zoom() + origin().
/// The one transform of the studio's image views (the annotation canvas and the comparison
/// panels), so that they share their zoom limits, their zoom step, zooming about a point and
/// fitting. Positions are in the view's logical pixels.
class ViewTransform {
public:
    /// Smallest zoom (view pixels per image pixel): a 20000-pixel panorama still fits a window.
    static constexpr double kMinZoom = 0.02;
    /// Largest zoom: single image pixels become large squares.
    static constexpr double kMaxZoom = 64.0;
    /// Zoom factor of one step: a toolbar click or shortcut, one wheel notch.
    static constexpr double kZoomStep = 1.25;
    /// QWheelEvent::angleDelta() of one wheel notch.
    static constexpr double kWheelNotch = 120.0;

    double zoom() const { return m_zoom; }
    /// The view position of image point (0, 0).
    QPointF origin() const { return m_origin; }

    QPointF toImage(const QPointF& view) const { return (view - m_origin) / m_zoom; }
    QPointF toView(const QPointF& image) const { return image * m_zoom + m_origin; }
    QRectF toImage(const QRectF& view) const;
    QRectF toView(const QRectF& image) const;

    /// Sets the zoom (within the limits), keeping the image point under `anchor` where it is.
    void zoomAbout(double zoom, const QPointF& anchor);
    /// Zooms by kZoomStep to the power `steps` (negative: out; fractional from touchpads and
    /// high-resolution wheels) about `anchor`.
    void zoomBySteps(double steps, const QPointF& anchor);
    void panBy(const QPointF& delta);
    /// Shows `imagePoint` at `viewPoint` at `zoom` (within the limits).
    void showAt(double zoom, const QPointF& imagePoint, const QPointF& viewPoint);

    /// The zoom at which an image fits a view with `margin` on every side, within the limits.
    static double fitZoom(const QSizeF& image, const QSizeF& view, double margin = 0);
    /// Fits the image in the view, centred, with `margin` on every side.
    void fit(const QSizeF& image, const QSizeF& view, double margin = 0);
    /// Pans the least needed for the view's centre to lie over the image, so it cannot be lost.
    void keepCentreOverImage(const QSizeF& image, const QSizeF& view);
    /// The same view in a view of another size: the image point at the centre stays at the
    /// centre and the zoom keeps its ratio to the fitting zoom (a resized or exported view).
    ViewTransform resized(const QSizeF& image, const QSizeF& from, const QSizeF& to) const;

private:
    double m_zoom = 1.0;
    QPointF m_origin;
};

} // namespace crowdkd::ui
