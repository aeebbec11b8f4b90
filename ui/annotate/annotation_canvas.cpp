#include "annotate/annotation_canvas.h"

#include "annotate/annotation_document.h"

#include <QApplication>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QTimer>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace crowdkd::ui {

namespace {

/// zoomToRect shows a region with this many times its size around it…
constexpr double kRegionContext = 4.0;
/// …at most at this zoom, so the heads around it stay recognisable.
constexpr double kRegionZoom = 3.0;

/// Margin around the image when fitting it to the window, in logical pixels.
constexpr double kFitMargin = 8.0;

/// Canvas background: neutral grey so neither dark nor bright images lose their edges.
const QColor kBackground(0x2f, 0x33, 0x38);

/// Selected heads are drawn in this colour whatever the head colour.
const QColor kSelectedColor(255, 214, 10);

/// Dark halo under the region markers' frames, so they show on bright and dark pixels alike.
const QColor kMarkerHalo(0, 0, 0, 160);
/// Width of a marker's halo, in logical pixels.
constexpr double kMarkerHaloWidth = 4.0;
/// Width of a marker's frame (in the marker's colour) over the halo, in logical pixels.
constexpr double kMarkerFrameWidth = 2.0;
/// Space around a marker's label inside its tag, in logical pixels.
constexpr double kMarkerTagPadding = 4.0;

/// Pause after the last pan or zoom before the view is redrawn with smooth image scaling.
constexpr int kSettleMs = 150;

/// Extra widget pixels the head layer covers on each side after a pan, so panning blits it.
constexpr int kHeadLayerMargin = 256;
/// Space around the busy text inside its tag, in logical pixels.
constexpr double kBusyTagPadding = 8.0;
/// Distance of the busy text's tag from the canvas's top edge, in logical pixels.
constexpr double kBusyTagTop = 12.0;
/// Proposed heads: hollow rings, unsure ones dashed in a warning colour; selected ones thicker.
const QColor kProposalColor(0x00, 0xe5, 0xff);
const QColor kUnsureProposalColor(0xff, 0xb3, 0x00);
constexpr double kProposalPenWidth = 1.5;

QImage makeSprite(double radius, const QColor& color, double ratio, bool selected) {
    const double extent = 2.0 * radius + 4.0;
    const int side = static_cast<int>(std::ceil(extent * ratio)) | 1; // odd: a centre pixel
    QImage sprite(side, side, QImage::Format_ARGB32_Premultiplied);
    sprite.setDevicePixelRatio(ratio);
    sprite.fill(Qt::transparent);
    QPainter painter(&sprite);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPointF centre(side / ratio / 2.0, side / ratio / 2.0);
    // A dark halo keeps the marker visible on bright and dark pixels alike.
    painter.setPen(QPen(QColor(0, 0, 0, 170), 3.2));
    painter.setBrush(Qt::NoBrush);
    painter.drawEllipse(centre, radius, radius);
    painter.setPen(QPen(selected ? kSelectedColor : color, 1.6));
    QColor fill = selected ? kSelectedColor : color;
    fill.setAlpha(selected ? 150 : 70);
    painter.setBrush(fill);
    painter.drawEllipse(centre, radius, radius);
    painter.setPen(Qt::NoPen);
    painter.setBrush(selected ? QColor(Qt::black) : QColor(Qt::white));
    painter.drawEllipse(centre, 0.9, 0.9);
    return sprite;
}

/// x·a/255 on the four 8-bit channels of a premultiplied pixel at once.
inline quint32 byteMul(quint32 x, quint32 a) {
    quint32 t = (x & 0xff00ff) * a;
    t = (t + ((t >> 8) & 0xff00ff) + 0x800080) >> 8;
    t &= 0xff00ff;
    x = ((x >> 8) & 0xff00ff) * a;
    x = x + ((x >> 8) & 0xff00ff) + 0x800080;
    x &= 0xff00ff00;
    return x | t;
}

/// Blends `sprite` over `target` with its top-left at `at` (both premultiplied ARGB32).
void blendSprite(QImage& target, const QImage& sprite, const QPoint& at) {
    const int x0 = std::max(0, at.x());
    const int y0 = std::max(0, at.y());
    const int x1 = std::min(target.width(), at.x() + sprite.width());
    const int y1 = std::min(target.height(), at.y() + sprite.height());
    for (int y = y0; y < y1; ++y) {
        auto* out = reinterpret_cast<quint32*>(target.scanLine(y));
        const auto* in =
            reinterpret_cast<const quint32*>(sprite.constScanLine(y - at.y())) - at.x();
        for (int x = x0; x < x1; ++x) {
            const quint32 source = in[x];
            const quint32 alpha = source >> 24;
            if (alpha == 255)
                out[x] = source;
            else if (alpha != 0)
                out[x] = source + byteMul(out[x], 255 - alpha);
        }
    }
}

} // namespace

AnnotationCanvas::AnnotationCanvas(QWidget* parent)
    : QWidget(parent)
    , m_settleTimer(new QTimer(this)) {
    m_settleTimer->setSingleShot(true);
    m_settleTimer->setInterval(kSettleMs);
    connect(m_settleTimer, &QTimer::timeout, this, qOverload<>(&QWidget::update));
    m_lastInteraction.start();
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setCursor(Qt::CrossCursor);
}

void AnnotationCanvas::setDocument(AnnotationDocument* document) {
    if (m_document)
        disconnect(m_document, nullptr, this, nullptr);
    m_document = document;
    if (m_document) {
        connect(m_document, &AnnotationDocument::contentReset, this,
                &AnnotationCanvas::onContentReset);
        connect(m_document, &AnnotationDocument::pointsChanged, this,
                qOverload<>(&QWidget::update));
        connect(m_document, &AnnotationDocument::selectionChanged, this,
                qOverload<>(&QWidget::update));
        connect(m_document, &AnnotationDocument::proposalsChanged, this,
                qOverload<>(&QWidget::update));
    }
    onContentReset();
}

void AnnotationCanvas::onContentReset() {
    m_drag = Drag::None;
    m_pressedProposal = -1;
    if (m_requestingRegion) {
        m_requestingRegion = false;
        emit regionDrawn(QRectF());
    }
    m_overlay = QPixmap();
    m_levels.clear();
    m_pixmap = (m_document && !m_document->image().isNull())
                   ? QPixmap::fromImage(m_document->image())
                   : QPixmap();
    // Halved copies, so a zoomed-out view samples a nearby level instead of the full image.
    QImage level = m_pixmap.isNull() ? QImage() : m_document->image();
    while (!level.isNull() && level.width() > 256 && level.height() > 256) {
        level = level.scaled(level.size() / 2, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
        m_levels.append(QPixmap::fromImage(level));
    }
    m_gridRevision = ~quint64(0);
    m_headLayerKey = HeadLayerKey();
    fitToWindow();
}

void AnnotationCanvas::ensureGrid() const {
    if (m_document && m_gridRevision != m_document->revision()) {
        m_grid.rebuild(m_document->points());
        m_gridRevision = m_document->revision();
    }
}

void AnnotationCanvas::ensureSprites() {
    const double ratio = devicePixelRatioF();
    const double radius = drawnPointRadius();
    if (!m_sprite.isNull() && m_spriteRatio == ratio && m_spriteRadius == radius)
        return;
    m_sprite = makeSprite(radius, m_pointColor, ratio, false);
    m_selectedSprite = makeSprite(radius, m_pointColor, ratio, true);
    m_spriteRatio = ratio;
    m_spriteRadius = radius;
    m_headLayerKey = HeadLayerKey();
}

void AnnotationCanvas::noteInteraction() {
    m_lastInteraction.start();
    m_settleTimer->start();
}

QPointF AnnotationCanvas::mapToImage(const QPointF& widgetPosition) const {
    return m_view.toImage(widgetPosition);
}

QPointF AnnotationCanvas::mapFromImage(const QPointF& imagePosition) const {
    return m_view.toView(imagePosition);
}

void AnnotationCanvas::viewChanged(bool interactive) {
    if (!m_pixmap.isNull())
        m_view.keepCentreOverImage(m_pixmap.size(), size());
    if (interactive)
        noteInteraction();
    update();
}

void AnnotationCanvas::setZoomInternal(double zoom, const QPointF& anchor) {
    m_view.zoomAbout(zoom, anchor);
    viewChanged(true);
    emit zoomChanged(m_view.zoom());
}

void AnnotationCanvas::setZoom(double zoom, const QPointF& anchor) {
    m_fitting = false;
    setZoomInternal(zoom, anchor);
}

void AnnotationCanvas::zoomIn() {
    setZoom(m_view.zoom() * ViewTransform::kZoomStep, QRectF(rect()).center());
}

void AnnotationCanvas::zoomOut() {
    setZoom(m_view.zoom() / ViewTransform::kZoomStep, QRectF(rect()).center());
}

void AnnotationCanvas::setMarkers(const QVector<Marker>& markers) {
    m_markers = markers;
    update();
}

void AnnotationCanvas::setBusyText(const QString& text) {
    if (text == m_busyText)
        return;
    m_busyText = text;
    update();
}

void AnnotationCanvas::setEditable(bool editable) {
    m_editable = editable;
    // A drag that would end in an edit is given up; a pan goes on.
    if (!editable && m_drag != Drag::Pan && m_drag != Drag::None) {
        m_drag = Drag::None;
        m_moveOffset = QPointF();
        m_pressedProposal = -1;
        update();
    }
}

void AnnotationCanvas::drawBusyText(QPainter& painter) {
    if (m_busyText.isEmpty())
        return;
    // A tag at the top, so that the image under it stays in view.
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics metrics(painter.font());
    const QSizeF size(metrics.horizontalAdvance(m_busyText) + 2 * kBusyTagPadding,
                      metrics.height() + 2 * kBusyTagPadding);
    const QRectF tag(QPointF((width() - size.width()) / 2.0, kBusyTagTop), size);
    painter.setPen(Qt::NoPen);
    painter.setBrush(kMarkerHalo);
    painter.drawRoundedRect(tag, kBusyTagPadding, kBusyTagPadding);
    painter.setPen(Qt::white);
    painter.drawText(tag, Qt::AlignCenter, m_busyText);
    painter.restore();
}

void AnnotationCanvas::drawMarkers(QPainter& painter) {
    if (m_markers.isEmpty())
        return;
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    QFont font = painter.font();
    font.setBold(true);
    painter.setFont(font);
    const QFontMetrics metrics(font);
    for (const Marker& marker : m_markers) {
        const QRectF box(mapFromImage(marker.rect.topLeft()),
                         mapFromImage(marker.rect.bottomRight()));
        painter.setPen(QPen(kMarkerHalo, kMarkerHaloWidth));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(box);
        painter.setPen(QPen(marker.color, kMarkerFrameWidth));
        painter.drawRect(box);
        if (marker.label.isEmpty())
            continue;
        const QRectF tag(box.topLeft() + QPointF(0, -metrics.height() - kMarkerTagPadding),
                         QSizeF(metrics.horizontalAdvance(marker.label) + 2 * kMarkerTagPadding,
                                metrics.height() + kMarkerTagPadding));
        painter.fillRect(tag, marker.color);
        painter.setPen(Qt::white);
        painter.drawText(tag, Qt::AlignCenter, marker.label);
    }
    painter.restore();
}

QPointF AnnotationCanvas::insideImage(const QPointF& offset) const {
    const QVector<int> selected = m_document->selectedIndices();
    if (selected.isEmpty() || m_pixmap.isNull())
        return offset;
    const QVector<QPointF>& points = m_document->points();
    double left = points[selected.front()].x();
    double right = left;
    double top = points[selected.front()].y();
    double bottom = top;
    for (int i : selected) {
        left = std::min(left, points[i].x());
        right = std::max(right, points[i].x());
        top = std::min(top, points[i].y());
        bottom = std::max(bottom, points[i].y());
    }
    // The last position inside: just below the width (and height).
    const double width = std::nextafter(double(m_pixmap.width()), 0.0);
    const double height = std::nextafter(double(m_pixmap.height()), 0.0);
    return {std::clamp(offset.x(), std::min(0.0, -left), std::max(0.0, width - right)),
            std::clamp(offset.y(), std::min(0.0, -top), std::max(0.0, height - bottom))};
}

void AnnotationCanvas::zoomToRect(const QRectF& imageRect) {
    if (m_pixmap.isNull() || imageRect.isEmpty())
        return;
    // The region with its surroundings (kRegionContext times its size), at most kRegionZoom.
    const double side = std::max(imageRect.width(), imageRect.height()) * kRegionContext;
    m_fitting = false;
    m_view.showAt(std::min({width() / side, height() / side, kRegionZoom}), imageRect.center(),
                  QRectF(rect()).center());
    viewChanged(true);
    emit zoomChanged(m_view.zoom());
}

void AnnotationCanvas::fitToWindow() {
    m_fitting = true;
    if (m_pixmap.isNull())
        m_view = ViewTransform();
    else
        m_view.fit(m_pixmap.size(), size(), kFitMargin);
    update();
    emit zoomChanged(m_view.zoom());
}

void AnnotationCanvas::showActualSize() {
    // 1:1 means one image pixel per device pixel.
    const QPointF centre = QRectF(rect()).center();
    m_fitting = false;
    if (m_pixmap.isNull()) {
        setZoomInternal(1.0 / devicePixelRatioF(), centre);
        return;
    }
    m_view.showAt(1.0 / devicePixelRatioF(), QPointF(m_pixmap.width(), m_pixmap.height()) / 2.0,
                  centre);
    update();
    emit zoomChanged(m_view.zoom());
}

void AnnotationCanvas::panBy(const QPointF& delta) {
    m_fitting = false;
    m_view.panBy(delta);
    viewChanged(true);
}

void AnnotationCanvas::setPointRadius(double radius) {
    m_pointRadius = std::clamp(radius, 1.0, 30.0);
    m_sprite = QImage();
    update();
}

double AnnotationCanvas::drawnPointRadius() const {
    // Half-pixel steps, so a zoom by the wheel does not remake the sprites at every notch.
    const double scaled = std::round(m_pointRadius * std::min(1.0, m_view.zoom()) * 2.0) / 2.0;
    return std::max(std::min(kMinDrawnRadius, m_pointRadius), scaled);
}

void AnnotationCanvas::setHeadsVisible(bool visible) {
    m_headsVisible = visible;
    update();
}

void AnnotationCanvas::setPointColor(const QColor& color) {
    m_pointColor = color;
    m_sprite = QImage();
    update();
}

void AnnotationCanvas::setOverlay(const QImage& overlay) {
    m_overlay = overlay.isNull() ? QPixmap() : QPixmap::fromImage(overlay);
    update();
}

void AnnotationCanvas::setOverlayVisible(bool visible) {
    m_overlayVisible = visible;
    update();
}

void AnnotationCanvas::setOverlayOpacity(double opacity) {
    m_overlayOpacity = std::clamp(opacity, 0.0, 1.0);
    update();
}

int AnnotationCanvas::headAt(const QPointF& widgetPosition) const {
    if (!m_document || !m_headsVisible)
        return -1;
    ensureGrid();
    // The marker has a constant screen radius, so the image-space radius shrinks as we zoom in.
    return m_grid.nearest(mapToImage(widgetPosition), (m_pointRadius + 2.0) / m_view.zoom());
}

void AnnotationCanvas::paintEvent(QPaintEvent* event) {
    QPainter painter(this);
    painter.fillRect(event->rect(), kBackground);
    if (m_pixmap.isNull()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter,
                         m_busyText.isEmpty() ? tr("No image.\nOpen a dataset and pick an image, "
                                                   "or drop an image here.")
                                              : m_busyText);
        return;
    }
    drawImage(painter);
    if (m_document && m_headsVisible)
        drawHeads(painter);
    if (m_document && m_headsVisible)
        drawProposals(painter);
    drawMarkers(painter);
    if (m_drag == Drag::RubberBand) {
        const QRectF band = rubberBandRect();
        QColor fill = palette().color(QPalette::Highlight);
        fill.setAlpha(50);
        painter.fillRect(band, fill);
        painter.setPen(QPen(palette().color(QPalette::Highlight), 1.0, Qt::DashLine));
        painter.drawRect(band);
    }
    drawBusyText(painter);
}

int AnnotationCanvas::proposalAt(const QPointF& widgetPosition) const {
    if (!m_document || !m_headsVisible)
        return -1;
    const double reach = drawnPointRadius() + 3.0;
    int best = -1;
    double bestDistance = reach * reach;
    const QVector<ProposedHead>& proposals = m_document->proposals();
    for (int i = 0; i < proposals.size(); ++i) {
        const QPointF d = mapFromImage(proposals[i].position) - widgetPosition;
        const double distance = QPointF::dotProduct(d, d);
        if (distance <= bestDistance) {
            bestDistance = distance;
            best = i;
        }
    }
    return best;
}

void AnnotationCanvas::requestRegion() {
    m_requestingRegion = true;
    setCursor(Qt::CrossCursor);
    setFocus();
}

void AnnotationCanvas::drawProposals(QPainter& painter) {
    const QVector<ProposedHead>& proposals = m_document->proposals();
    if (proposals.isEmpty())
        return;
    const double radius = drawnPointRadius() + 1.0;
    const QRectF view = QRectF(rect()).adjusted(-radius, -radius, radius, radius);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setBrush(Qt::NoBrush);
    for (int selected = 0; selected < 2; ++selected)
        for (int i = 0; i < proposals.size(); ++i) {
            if (m_document->isProposalSelected(i) != (selected == 1))
                continue;
            const QPointF centre = mapFromImage(proposals[i].position);
            if (!view.contains(centre))
                continue;
            QPen pen(proposals[i].unsure ? kUnsureProposalColor : kProposalColor,
                     selected ? 2.5 * kProposalPenWidth : kProposalPenWidth,
                     proposals[i].unsure ? Qt::DashLine : Qt::SolidLine);
            painter.setPen(pen);
            painter.drawEllipse(centre, radius, radius);
        }
    painter.restore();
}

void AnnotationCanvas::drawImage(QPainter& painter) {
    const QRectF imageRect(QPointF(0, 0), QSizeF(m_pixmap.size()));
    const QRectF viewInImage(mapToImage(QPointF(0, 0)), mapToImage(QPointF(width(), height())));
    const QRectF visible = viewInImage.intersected(imageRect);
    if (visible.isEmpty())
        return;
    // Only the visible part is scaled, from the smallest level still at least as large as the
    // screen needs. While the view moves, nearest-pixel sampling keeps frames short; once it
    // settles the frame is redrawn smoothly.
    const double deviceZoom = m_view.zoom() * devicePixelRatioF();
    int level = 0;
    while (level < m_levels.size() && std::pow(0.5, level + 1) >= deviceZoom)
        ++level;
    const QPixmap& source = level == 0 ? m_pixmap : m_levels[level - 1];
    const double scale = static_cast<double>(source.width()) / m_pixmap.width();
    const QRectF sourceRect(std::floor(visible.left() * scale), std::floor(visible.top() * scale),
                            std::ceil(visible.right() * scale) - std::floor(visible.left() * scale),
                            std::ceil(visible.bottom() * scale) -
                                std::floor(visible.top() * scale));
    const QRectF target(mapFromImage(sourceRect.topLeft() / scale),
                        mapFromImage(sourceRect.bottomRight() / scale));
    const bool settled = m_lastInteraction.elapsed() >= kSettleMs;
    painter.setRenderHint(QPainter::SmoothPixmapTransform, settled && deviceZoom < 1.0);
    painter.drawPixmap(target, source, sourceRect);
    if (m_overlayVisible && !m_overlay.isNull()) {
        const double sx = m_overlay.width() / imageRect.width();
        const double sy = m_overlay.height() / imageRect.height();
        const QRectF overlaySource(visible.left() * sx, visible.top() * sy, visible.width() * sx,
                                   visible.height() * sy);
        painter.setOpacity(m_overlayOpacity);
        painter.setRenderHint(QPainter::SmoothPixmapTransform, settled);
        painter.drawPixmap(
            QRectF(mapFromImage(visible.topLeft()), mapFromImage(visible.bottomRight())), m_overlay,
            overlaySource);
        painter.setOpacity(1.0);
    }
}

void AnnotationCanvas::drawHeads(QPainter& painter) {
    ensureGrid();
    ensureSprites();
    const HeadLayerKey key{m_view.zoom(), m_document->revision(), m_document->selectionRevision(),
                           m_drag == Drag::MoveHeads ? m_moveOffset : QPointF()};
    const QPointF shift = m_view.origin() - m_headLayerOrigin;
    const bool covers =
        m_headLayerArea.contains(rect().translated(-shift.toPoint())) &&
        shift == QPointF(shift.toPoint()); // whole-pixel pans only, so markers stay crisp
    if (!(key == m_headLayerKey) || !covers || m_headLayer.isNull()) {
        // A pan that left the layer gets a margin, so the next pans only blit it.
        const bool panned = key == m_headLayerKey;
        const int margin = panned ? kHeadLayerMargin : 0;
        renderHeadLayer(rect().adjusted(-margin, -margin, margin, margin));
        m_headLayerKey = key;
    }
    const QPointF at = QPointF(m_headLayerArea.topLeft()) + (m_view.origin() - m_headLayerOrigin);
    painter.drawImage(at, m_headLayer);
}

void AnnotationCanvas::renderHeadLayer(const QRect& area) {
    const double ratio = devicePixelRatioF();
    if (m_headLayer.size() != area.size() * ratio) {
        m_headLayer = QImage(area.size() * ratio, QImage::Format_ARGB32_Premultiplied);
        m_headLayer.setDevicePixelRatio(ratio);
    }
    m_headLayer.fill(Qt::transparent);
    m_headLayerArea = area;
    m_headLayerOrigin = m_view.origin();

    const double margin = (drawnPointRadius() + 2.0) / m_view.zoom();
    const QRectF query = QRectF(mapToImage(area.topLeft()), mapToImage(area.bottomRight()))
                             .adjusted(-margin, -margin, margin, margin);
    m_visible.clear();
    m_grid.query(query, m_visible);
    const bool moving = m_drag == Drag::MoveHeads;
    if (moving) {
        // Dragged heads may come from outside the area: add the selected ones found there.
        std::vector<int> moved;
        m_grid.query(query.translated(-m_moveOffset), moved);
        for (int i : moved) {
            if (m_document->isSelected(i) && !query.contains(m_document->points()[i]))
                m_visible.push_back(i);
        }
    }
    const QVector<QPointF>& points = m_document->points();
    const QPointF half(m_sprite.width() / 2, m_sprite.height() / 2);
    const QPointF offset = (m_view.origin() - QPointF(area.topLeft())) * ratio;
    const double scale = m_view.zoom() * ratio;
    // Unselected heads first, so selected ones are drawn on top.
    for (int pass = 0; pass < 2; ++pass) {
        const QImage& sprite = pass == 0 ? m_sprite : m_selectedSprite;
        for (int i : m_visible) {
            const bool selected = m_document->isSelected(i);
            if (selected != (pass == 1))
                continue;
            const QPointF position = moving && selected ? points[i] + m_moveOffset : points[i];
            const QPointF centre = position * scale + offset;
            blendSprite(m_headLayer, sprite,
                        QPoint(qRound(centre.x() - half.x()), qRound(centre.y() - half.y())));
        }
    }
}

void AnnotationCanvas::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    if (m_fitting)
        fitToWindow();
}

QRectF AnnotationCanvas::rubberBandRect() const {
    return QRectF(m_pressPosition, m_lastPosition).normalized();
}

void AnnotationCanvas::mousePressEvent(QMouseEvent* event) {
    const QPointF position = event->position();
    m_pressPosition = m_lastPosition = position;
    m_pressModifiers = event->modifiers();
    m_moveOffset = QPointF();
    if (event->button() == Qt::MiddleButton || (event->button() == Qt::LeftButton && m_spaceHeld)) {
        m_drag = Drag::Pan;
        setCursor(Qt::ClosedHandCursor);
        return;
    }
    if (!m_document || m_document->isEmpty() || !m_editable)
        return;
    if (m_requestingRegion && event->button() == Qt::LeftButton) {
        m_drag = Drag::PendingClick;
        return;
    }
    const int hit = headAt(position);
    m_pressedProposal = hit < 0 ? proposalAt(position) : -1;
    if (event->button() == Qt::RightButton) {
        if (m_pressedProposal >= 0) {
            m_document->rejectProposals({m_pressedProposal});
            m_pressedProposal = -1;
            return;
        }
        if (hit >= 0)
            m_document->removeHeads({hit});
        else
            m_document->clearSelection();
        return;
    }
    if (event->button() != Qt::LeftButton)
        return;
    if (hit < 0) {
        m_drag = Drag::PendingClick;
        return;
    }
    if (event->modifiers() & Qt::ControlModifier) {
        // Ctrl+click toggles one head in the selection.
        QVector<int> selection = m_document->selectedIndices();
        if (m_document->isSelected(hit))
            selection.removeOne(hit);
        else
            selection.append(hit);
        m_document->setSelection(selection);
        return;
    }
    if (!m_document->isSelected(hit)) {
        if (event->modifiers() & Qt::ShiftModifier)
            m_document->addToSelection({hit});
        else
            m_document->setSelection({hit});
    }
    m_drag = Drag::PendingMove;
}

void AnnotationCanvas::mouseMoveEvent(QMouseEvent* event) {
    const QPointF position = event->position();
    const QPointF delta = position - m_lastPosition;
    m_lastPosition = position;
    const bool beyondThreshold =
        (position - m_pressPosition).manhattanLength() >= QApplication::startDragDistance();
    switch (m_drag) {
    case Drag::Pan:
        panBy(delta);
        break;
    case Drag::PendingClick:
        if (beyondThreshold)
            m_drag = Drag::RubberBand;
        update();
        break;
    case Drag::RubberBand:
        update();
        break;
    case Drag::PendingMove:
        if (!beyondThreshold)
            break;
        m_drag = Drag::MoveHeads;
        [[fallthrough]];
    case Drag::MoveHeads:
        m_moveOffset = insideImage((position - m_pressPosition) / m_view.zoom());
        update();
        break;
    case Drag::None:
        updateCursor(position);
        break;
    }
}

void AnnotationCanvas::mouseReleaseEvent(QMouseEvent* event) {
    const Drag drag = m_drag;
    m_drag = Drag::None;
    m_lastPosition = event->position();
    if (!m_document)
        return;
    if (m_requestingRegion && (drag == Drag::PendingClick || drag == Drag::RubberBand)) {
        m_requestingRegion = false;
        const QRectF band = rubberBandRect();
        const QRectF region =
            drag == Drag::RubberBand
                ? QRectF(mapToImage(band.topLeft()), mapToImage(band.bottomRight()))
                      .intersected(QRectF(QPointF(), QSizeF(m_pixmap.size())))
                : QRectF();
        updateCursor(event->position());
        update();
        emit regionDrawn(region);
        return;
    }
    const int pressedProposal = m_pressedProposal;
    m_pressedProposal = -1;
    switch (drag) {
    case Drag::PendingClick: {
        if (pressedProposal >= 0 && proposalAt(event->position()) == pressedProposal) {
            m_document->acceptProposals({pressedProposal});
            break;
        }
        const QPointF imagePosition = mapToImage(event->position());
        if (QRectF(QPointF(), QSizeF(m_pixmap.size())).contains(imagePosition))
            m_document->addHead(imagePosition);
        else
            m_document->clearSelection();
        break;
    }
    case Drag::RubberBand: {
        const QRectF band = rubberBandRect();
        ensureGrid();
        std::vector<int> inside;
        if (m_headsVisible) // hidden heads are not selected behind the user's back
            m_grid.query(QRectF(mapToImage(band.topLeft()), mapToImage(band.bottomRight())),
                         inside);
        const QVector<int> indices(inside.begin(), inside.end());
        if (m_pressModifiers & Qt::ShiftModifier)
            m_document->addToSelection(indices);
        else
            m_document->setSelection(indices);
        if (m_headsVisible && m_document->proposalCount() > 0) {
            QVector<int> proposals = (m_pressModifiers & Qt::ShiftModifier)
                                         ? m_document->selectedProposals()
                                         : QVector<int>();
            for (int i = 0; i < m_document->proposalCount(); ++i)
                if (band.contains(mapFromImage(m_document->proposals()[i].position)))
                    proposals.append(i);
            m_document->setProposalSelection(proposals);
        }
        break;
    }
    case Drag::MoveHeads: {
        const QPointF offset = m_moveOffset;
        m_moveOffset = QPointF();
        m_document->moveHeads(m_document->selectedIndices(), offset);
        break;
    }
    case Drag::Pan:
    case Drag::PendingMove:
    case Drag::None:
        break;
    }
    updateCursor(event->position());
    update();
}

void AnnotationCanvas::wheelEvent(QWheelEvent* event) {
    const double steps = event->angleDelta().y() / ViewTransform::kWheelNotch;
    if (steps == 0.0) {
        event->ignore();
        return;
    }
    setZoom(m_view.zoom() * std::pow(ViewTransform::kZoomStep, steps), event->position());
    event->accept();
}

void AnnotationCanvas::keyPressEvent(QKeyEvent* event) {
    switch (event->key()) {
    case Qt::Key_Space:
        if (!event->isAutoRepeat()) {
            m_spaceHeld = true;
            setCursor(Qt::OpenHandCursor);
        }
        return;
    case Qt::Key_Delete:
    case Qt::Key_Backspace:
        if (m_document && m_editable) {
            m_document->rejectSelectedProposals();
            m_document->removeSelectedHeads();
        }
        return;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (m_document && m_editable && !m_document->selectedProposals().isEmpty()) {
            m_document->acceptSelectedProposals();
            return;
        }
        QWidget::keyPressEvent(event);
        return;
    case Qt::Key_Escape:
        if (m_requestingRegion) {
            m_requestingRegion = false;
            m_drag = Drag::None;
            update();
            emit regionDrawn(QRectF());
        } else if (m_drag != Drag::None) {
            m_drag = Drag::None;
            m_moveOffset = QPointF();
            update();
        } else if (m_document) {
            m_document->clearSelection();
        }
        return;
    default:
        QWidget::keyPressEvent(event);
    }
}

void AnnotationCanvas::keyReleaseEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
        m_spaceHeld = false;
        updateCursor(m_lastPosition);
        return;
    }
    QWidget::keyReleaseEvent(event);
}

void AnnotationCanvas::focusOutEvent(QFocusEvent* event) {
    m_spaceHeld = false;
    QWidget::focusOutEvent(event);
}

void AnnotationCanvas::updateCursor(const QPointF& position) {
    if (m_spaceHeld)
        setCursor(m_drag == Drag::Pan ? Qt::ClosedHandCursor : Qt::OpenHandCursor);
    else if (!m_requestingRegion && headAt(position) >= 0)
        setCursor(Qt::SizeAllCursor);
    else if (!m_requestingRegion && proposalAt(position) >= 0)
        setCursor(Qt::PointingHandCursor);
    else
        setCursor(Qt::CrossCursor);
}

} // namespace crowdkd::ui
