#include "common/view_transform.h"

#include <algorithm>
#include <cmath>

namespace crowdkd::ui {

QRectF ViewTransform::toImage(const QRectF& view) const {
    return QRectF(toImage(view.topLeft()), toImage(view.bottomRight()));
}

QRectF ViewTransform::toView(const QRectF& image) const {
    return QRectF(toView(image.topLeft()), toView(image.bottomRight()));
}

void ViewTransform::zoomAbout(double zoom, const QPointF& anchor) {
    showAt(zoom, toImage(anchor), anchor);
}

void ViewTransform::zoomBySteps(double steps, const QPointF& anchor) {
    zoomAbout(m_zoom * std::pow(kZoomStep, steps), anchor);
}

void ViewTransform::panBy(const QPointF& delta) {
    m_origin += delta;
}

void ViewTransform::showAt(double zoom, const QPointF& imagePoint, const QPointF& viewPoint) {
    m_zoom = std::clamp(zoom, kMinZoom, kMaxZoom);
    m_origin = viewPoint - imagePoint * m_zoom;
}

double ViewTransform::fitZoom(const QSizeF& image, const QSizeF& view, double margin) {
    if (image.isEmpty())
        return 1.0;
    const double width = std::max(1.0, view.width() - 2 * margin);
    const double height = std::max(1.0, view.height() - 2 * margin);
    return std::clamp(std::min(width / image.width(), height / image.height()), kMinZoom, kMaxZoom);
}

void ViewTransform::fit(const QSizeF& image, const QSizeF& view, double margin) {
    showAt(fitZoom(image, view, margin), QPointF(image.width(), image.height()) / 2.0,
           QPointF(view.width(), view.height()) / 2.0);
}

void ViewTransform::keepCentreOverImage(const QSizeF& image, const QSizeF& view) {
    const QPointF centre(view.width() / 2.0, view.height() / 2.0);
    const QPointF over = toImage(centre);
    const QPointF inside(std::clamp(over.x(), 0.0, image.width()),
                         std::clamp(over.y(), 0.0, image.height()));
    if (inside != over)
        m_origin = centre - inside * m_zoom;
}

ViewTransform ViewTransform::resized(const QSizeF& image, const QSizeF& from,
                                     const QSizeF& to) const {
    ViewTransform view = *this;
    if (from == to || image.isEmpty())
        return view;
    const double relative = m_zoom / fitZoom(image, from);
    view.showAt(relative * fitZoom(image, to), toImage(QPointF(from.width(), from.height()) / 2.0),
                QPointF(to.width(), to.height()) / 2.0);
    return view;
}

} // namespace crowdkd::ui
