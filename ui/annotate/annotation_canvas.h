#pragma once

#include "annotate/point_grid.h"
#include "common/view_transform.h"

#include <QColor>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QPixmap>
#include <QPointer>
#include <QWidget>

class QTimer;

#include <vector>

namespace crowdkd::ui {

class AnnotationDocument;

/// The annotation canvas: draws an image, an optional density overlay and the head points (all in
/// one painter pass through a spatial grid, at a constant screen size whatever the zoom), and turns
/// mouse and keyboard input into edits of an AnnotationDocument. Click adds a head, dragging a head
/// moves the selection, dragging empty space selects with a rubber band (Shift adds), right-click
/// or Delete removes, the wheel zooms to the cursor, middle button or Space+drag pans. Proposed
/// heads are drawn hollow (unsure ones dashed in another colour): a click accepts one, the rubber
/// band selects them too, Return accepts the selected ones and Delete rejects them.
class AnnotationCanvas : public QWidget {
    Q_OBJECT

public:
    explicit AnnotationCanvas(QWidget* parent = nullptr);

    void setDocument(AnnotationDocument* document);
    AnnotationDocument* document() const { return m_document; }

    double zoom() const { return m_view.zoom(); }
    /// Zooms keeping the image point under `anchor` (widget coordinates) in place.
    void setZoom(double zoom, const QPointF& anchor);
    void zoomIn();
    void zoomOut();
    void fitToWindow();
    void showActualSize();
    void panBy(const QPointF& delta);

    QPointF mapToImage(const QPointF& widgetPosition) const;
    QPointF mapFromImage(const QPointF& imagePosition) const;

    /// Radius of a drawn head in logical screen pixels at 1:1 and closer (also the hit-test
    /// radius at every zoom, so heads stay as easy to grab zoomed out).
    void setPointRadius(double radius);
    double pointRadius() const { return m_pointRadius; }
    /// The radius heads are drawn with now: pointRadius() shrunk with the zoom below 1:1, so a
    /// dense crowd at fit zoom stays visible under them, never below kMinDrawnRadius.
    double drawnPointRadius() const;
    /// The smallest drawn radius in logical pixels.
    static constexpr double kMinDrawnRadius = 1.5;
    /// Shows or hides the head markers (hidden heads are not hit either).
    void setHeadsVisible(bool visible);
    bool areHeadsVisible() const { return m_headsVisible; }
    void setPointColor(const QColor& color);
    QColor pointColor() const { return m_pointColor; }

    /// A colour image of the image's size drawn over it (the density map).
    void setOverlay(const QImage& overlay);
    void setOverlayVisible(bool visible);
    bool isOverlayVisible() const { return m_overlayVisible; }
    bool hasOverlay() const { return !m_overlay.isNull(); }
    const QPixmap& overlay() const { return m_overlay; }
    void setOverlayOpacity(double opacity);
    double overlayOpacity() const { return m_overlayOpacity; }

    /// Rectangles (image pixels) drawn over the image with a label, e.g. review mode's regions.
    struct Marker {
        QRectF rect;
        QColor color;
        QString label;
    };
    void setMarkers(const QVector<Marker>& markers);
    QVector<Marker> markers() const { return m_markers; }
    /// Zooms and pans so that `imageRect` (image pixels) fills the view with a margin around it.
    void zoomToRect(const QRectF& imageRect);

    /// The index of the head drawn under `widgetPosition`, or -1 (screen-space hit-testing).
    int headAt(const QPointF& widgetPosition) const;
    /// The index of the proposed head drawn under `widgetPosition`, or -1.
    int proposalAt(const QPointF& widgetPosition) const;
    /// The next rubber band the user drags marks a region (regionDrawn) instead of selecting;
    /// Escape gives up.
    void requestRegion();
    bool isRequestingRegion() const { return m_requestingRegion; }

    /// A line drawn over the view while the workspace works on it (e.g. "Opening IMG_5.jpg…");
    /// empty hides it.
    void setBusyText(const QString& text);
    QString busyText() const { return m_busyText; }
    /// Whether the mouse and the keys edit the document (heads, selection, proposals); panning
    /// and zooming work either way.
    void setEditable(bool editable);
    bool isEditable() const { return m_editable; }

    QSize sizeHint() const override { return {800, 600}; }

signals:
    void zoomChanged(double zoom);
    /// The region (image pixels) the user dragged after requestRegion(); empty when given up.
    void regionDrawn(const QRectF& imageRect);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void keyReleaseEvent(QKeyEvent* event) override;
    void focusOutEvent(QFocusEvent* event) override;

private:
    /// `offset` for the selected heads, shortened so that none leaves the image: a head lies in
    /// pixel (int(x), int(y)), so x stays in [0, width).
    QPointF insideImage(const QPointF& offset) const;
    enum class Drag { None, PendingClick, PendingMove, RubberBand, MoveHeads, Pan };

    void onContentReset();
    void ensureGrid() const;
    void ensureSprites();
    void drawImage(QPainter& painter);
    void drawHeads(QPainter& painter);
    void drawMarkers(QPainter& painter);
    void drawProposals(QPainter& painter);
    void drawBusyText(QPainter& painter);
    void renderHeadLayer(const QRect& area);
    void noteInteraction();
    QRectF rubberBandRect() const;
    void updateCursor(const QPointF& position);
    void setZoomInternal(double zoom, const QPointF& anchor);
    /// After a change of the view: keeps the image in reach, repaints.
    void viewChanged(bool interactive);

    QPointer<AnnotationDocument> m_document;
    QPixmap m_pixmap;
    QVector<QPixmap> m_levels; // m_pixmap halved again and again, for fast smooth zoomed-out views
    QElapsedTimer m_lastInteraction;
    QTimer* m_settleTimer;
    QPixmap m_overlay;
    QVector<Marker> m_markers;
    bool m_overlayVisible = false;
    QString m_busyText;
    bool m_editable = true;
    double m_overlayOpacity = 0.6;

    ViewTransform m_view;
    bool m_fitting = true;

    double m_pointRadius = 4.0;
    bool m_headsVisible = true;
    double m_spriteRadius = 0.0; // the drawn radius m_sprite was made for
    QColor m_pointColor = QColor(255, 64, 64);
    QImage m_sprite; // premultiplied ARGB, device pixels
    QImage m_selectedSprite;
    double m_spriteRatio = 0.0;

    // The heads are blended into one layer image, which pans without being redrawn; it is
    // redrawn when the zoom, the heads, the selection or the markers change.
    struct HeadLayerKey {
        double zoom = 0;
        quint64 revision = ~quint64(0);
        quint64 selectionRevision = ~quint64(0);
        QPointF moveOffset;
        bool operator==(const HeadLayerKey& o) const {
            return zoom == o.zoom && revision == o.revision &&
                   selectionRevision == o.selectionRevision && moveOffset == o.moveOffset;
        }
    };
    QImage m_headLayer;
    QRect m_headLayerArea;     // widget rectangle the layer covered when drawn
    QPointF m_headLayerOrigin; // m_view.origin() when the layer was drawn
    HeadLayerKey m_headLayerKey;

    mutable PointGrid m_grid;
    mutable quint64 m_gridRevision = ~quint64(0);
    std::vector<int> m_visible;

    Drag m_drag = Drag::None;
    Qt::KeyboardModifiers m_pressModifiers;
    QPointF m_pressPosition;
    QPointF m_lastPosition;
    QPointF m_moveOffset; // image pixels, while dragging heads
    bool m_spaceHeld = false;
    bool m_requestingRegion = false;
    int m_pressedProposal = -1; // the proposal a click started on: accepted when released on it
};

} // namespace crowdkd::ui
