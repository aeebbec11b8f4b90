#include "compare/comparison_view.h"

#include "common/density_colouriser.h"
#include "common/density_legend.h"

#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace crowdkd::ui {

namespace {

/// Panels per row of the grid.
constexpr int kColumns = 3;
/// Space around and between cells, in pixels.
constexpr double kMargin = 8;
/// Width of exported comparisons in pixels.
constexpr int kExportWidth = 1800;
/// Pixel size of the exported titles' font.
constexpr int kExportFontPixels = 20;
/// Ticks on the colour bar (including both ends).
constexpr int kColourBarTicks = 6;
/// Background of the picture areas.
const QColor kPictureBackground(24, 24, 28);

} // namespace

ComparisonView::ComparisonView(QWidget* parent)
    : QWidget(parent) {
    setMinimumSize(320, 240);
    setMouseTracking(false);
    setFocusPolicy(Qt::ClickFocus);
    setAttribute(Qt::WA_OpaquePaintEvent, false);
}

void ComparisonView::setPanels(const QVector<ComparisonPanel>& panels, QSize imageSize) {
    const bool sameImage = imageSize == m_imageSize;
    m_panels = panels;
    m_imageSize = imageSize;
    if (!sameImage)
        fit();
    recolour();
    update();
}

void ComparisonView::setStride(int stride) {
    m_stride = std::max(1, stride);
    update();
}

void ComparisonView::setSharedScale(bool shared) {
    if (m_sharedScale == shared)
        return;
    m_sharedScale = shared;
    recolour();
    update();
}

void ComparisonView::setPlaceholder(const QString& text) {
    m_placeholder = text;
    update();
}

void ComparisonView::recolour() {
    m_pixmaps.clear();
    m_maxima.clear();
    m_sharedMax = 0;
    for (const ComparisonPanel& panel : m_panels) {
        const double top = DensityColouriser::scaleTop(panel.density);
        m_maxima.append(top);
        m_sharedMax = std::max(m_sharedMax, top);
    }
    for (int i = 0; i < m_panels.size(); ++i) {
        const ComparisonPanel& panel = m_panels[i];
        if (!panel.density.empty())
            m_pixmaps.append(
                QPixmap::fromImage(DensityColouriser(m_sharedScale ? m_sharedMax : m_maxima[i])
                                       .colourise(panel.density)));
        else if (!panel.image.isNull())
            m_pixmaps.append(QPixmap::fromImage(panel.image));
        else
            m_pixmaps.append(QPixmap());
    }
}

void ComparisonView::fit() {
    // Fitted for pictures of the image's own size: viewFor() keeps it fitted at any size.
    m_viewSize = QSizeF(m_imageSize);
    m_view.fit(m_viewSize, m_viewSize);
    update();
}

ViewTransform ComparisonView::viewFor(const QSizeF& size) const {
    return m_view.resized(QSizeF(m_imageSize), m_viewSize, size);
}

ComparisonView::Layout ComparisonView::layoutFor(const QRectF& area,
                                                 const QFontMetricsF& metrics) const {
    Layout layout;
    const int cells = static_cast<int>(m_panels.size()) + 1;
    const int rows = (cells + kColumns - 1) / kColumns;
    const double cellWidth = (area.width() - kMargin * (kColumns + 1)) / kColumns;
    const double cellHeight = (area.height() - kMargin * (rows + 1)) / rows;
    const double titleHeight = metrics.height() * 2.5;
    for (int i = 0; i < cells; ++i) {
        const int row = i / kColumns;
        const int column = i % kColumns;
        const QRectF cell(area.left() + kMargin + column * (cellWidth + kMargin),
                          area.top() + kMargin + row * (cellHeight + kMargin), cellWidth,
                          cellHeight);
        if (i == cells - 1) {
            layout.colourBar = cell;
            break;
        }
        layout.titles.append(QRectF(cell.left(), cell.top(), cell.width(), titleHeight));
        layout.pictures.append(QRectF(cell.left(), cell.top() + titleHeight, cell.width(),
                                      std::max(1.0, cell.height() - titleHeight)));
    }
    return layout;
}

void ComparisonView::paintAll(QPainter& painter, const QRectF& area) const {
    const QPalette& pal = palette();
    if (m_panels.isEmpty()) {
        painter.setPen(pal.color(QPalette::WindowText));
        painter.drawText(area.adjusted(40, 40, -40, -40), Qt::AlignCenter | Qt::TextWordWrap,
                         m_placeholder);
        return;
    }
    const QFont baseFont = painter.font();
    QFont titleFont = baseFont;
    titleFont.setBold(true);
    const Layout layout = layoutFor(area, QFontMetricsF(baseFont, painter.device()));
    painter.setRenderHint(QPainter::SmoothPixmapTransform, true);
    painter.setRenderHint(QPainter::Antialiasing, true);
    for (int i = 0; i < m_panels.size(); ++i) {
        const ComparisonPanel& panel = m_panels[i];
        const QRectF title = layout.titles[i];
        painter.setPen(pal.color(QPalette::WindowText));
        painter.setFont(titleFont);
        painter.drawText(title.adjusted(2, 0, -2, -title.height() / 2),
                         Qt::AlignLeft | Qt::AlignBottom,
                         QFontMetricsF(titleFont, painter.device())
                             .elidedText(panel.title, Qt::ElideMiddle, title.width() - 4));
        painter.setFont(baseFont);
        painter.drawText(title.adjusted(2, title.height() / 2, -2, 0), Qt::AlignLeft | Qt::AlignTop,
                         panel.figures);

        const QRectF picture = layout.pictures[i];
        painter.save();
        painter.setClipRect(picture);
        painter.fillRect(picture, kPictureBackground);
        const QPixmap& pixmap = m_pixmaps.value(i);
        if (!pixmap.isNull() && !m_imageSize.isEmpty()) {
            const QRectF shown = viewFor(picture.size())
                                     .toView(QRectF(QPointF(), QSizeF(m_imageSize)))
                                     .translated(picture.topLeft());
            painter.drawPixmap(shown, pixmap, QRectF(pixmap.rect()));
        }
        const QString hint = panel.busy ? tr("Computing…") : panel.hint;
        if (!hint.isEmpty()) {
            painter.setPen(QColor(230, 230, 230));
            painter.drawText(picture.adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap,
                             hint);
        }
        painter.restore();
        painter.setPen(pal.color(QPalette::Mid));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(picture);
    }
    paintColourBar(painter, layout.colourBar);
}

void ComparisonView::paintColourBar(QPainter& painter, const QRectF& cell) const {
    const QPalette& pal = palette();
    const QFontMetricsF metrics(painter.font(), painter.device());
    QFont titleFont = painter.font();
    titleFont.setBold(true);
    const QRectF titleArea(cell.left(), cell.top(), cell.width(), metrics.height() * 2.5);
    painter.setPen(pal.color(QPalette::WindowText));
    painter.setFont(titleFont);
    const QString title = m_sharedScale ? tr("Density, one scale for all maps")
                                        : tr("Density, each map its own scale");
    painter.drawText(titleArea.adjusted(2, 0, -2, -titleArea.height() / 2),
                     Qt::AlignLeft | Qt::AlignBottom, title);
    QFont plain = titleFont;
    plain.setBold(false);
    painter.setFont(plain);
    const QString unit = m_sharedScale ? tr("people per %1×%1 input pixels").arg(m_stride)
                                       : tr("fraction of each map's maximum");
    painter.drawText(titleArea.adjusted(2, titleArea.height() / 2, -2, 0),
                     Qt::AlignLeft | Qt::AlignTop, unit);

    const double barWidth = std::max(16.0, metrics.height() * 1.4);
    const QRectF bar(cell.left() + 12, titleArea.bottom() + metrics.height() * 0.6, barWidth,
                     std::max(10.0, cell.bottom() - titleArea.bottom() - metrics.height() * 1.2));
    DensityLegend::paintBar(painter, bar, Qt::Vertical, pal.color(QPalette::Mid));

    const QLocale locale;
    const double top = m_sharedScale ? m_sharedMax : 1.0;
    painter.setPen(pal.color(QPalette::WindowText));
    for (int t = 0; t < kColourBarTicks; ++t) {
        const double fraction = static_cast<double>(t) / (kColourBarTicks - 1);
        const double y = bar.bottom() - fraction * bar.height();
        painter.drawLine(QPointF(bar.right(), y), QPointF(bar.right() + 6, y));
        const double value = fraction * top;
        const QString label = m_sharedScale
                                  ? locale.toString(value, 'f', value < 0.1 && value > 0 ? 3 : 2)
                                  : locale.toString(fraction * 100, 'f', 0) + QLatin1Char('%');
        painter.drawText(
            QRectF(bar.right() + 10, y - metrics.height(), cell.width(), metrics.height() * 2),
            Qt::AlignLeft | Qt::AlignVCenter, label);
    }
    if (m_sharedScale && m_sharedMax <= 0) {
        painter.drawText(
            QRectF(bar.right() + 10, bar.top(), cell.right() - bar.right() - 10, bar.height()),
            Qt::AlignCenter | Qt::TextWordWrap, tr("No density map yet."));
    }
}

void ComparisonView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Window));
    paintAll(painter, QRectF(rect()));
}

QSize ComparisonView::exportSize() const {
    QFont font = this->font();
    font.setPixelSize(kExportFontPixels);
    const QFontMetricsF metrics(font);
    const int cells = static_cast<int>(m_panels.size()) + 1;
    const int rows = (cells + kColumns - 1) / kColumns;
    const double cellWidth = (kExportWidth - kMargin * (kColumns + 1)) / kColumns;
    const double aspect = m_imageSize.isEmpty()
                              ? 0.75
                              : static_cast<double>(m_imageSize.height()) / m_imageSize.width();
    const double cellHeight = metrics.height() * 2.5 + cellWidth * aspect;
    return {kExportWidth, static_cast<int>(std::ceil(rows * cellHeight + kMargin * (rows + 1)))};
}

QImage ComparisonView::renderImage() const {
    QImage image(exportSize(), QImage::Format_RGB32);
    image.fill(palette().color(QPalette::Window));
    QPainter painter(&image);
    QFont font = this->font();
    font.setPixelSize(kExportFontPixels);
    painter.setFont(font);
    paintAll(painter, QRectF(image.rect()));
    painter.end();
    return image;
}

int ComparisonView::pictureAt(const QPointF& pos, QRectF* picture) const {
    const Layout layout = layoutFor(QRectF(rect()), QFontMetricsF(font()));
    for (int i = 0; i < layout.pictures.size(); ++i) {
        if (layout.pictures[i].contains(pos)) {
            if (picture)
                *picture = layout.pictures[i];
            return i;
        }
    }
    return -1;
}

void ComparisonView::wheelEvent(QWheelEvent* event) {
    QRectF picture;
    if (pictureAt(event->position(), &picture) < 0 || m_imageSize.isEmpty()) {
        event->ignore();
        return;
    }
    const double steps = event->angleDelta().y() / ViewTransform::kWheelNotch;
    if (steps == 0)
        return;
    // Keeps the image point under the cursor where it is.
    m_view = viewFor(picture.size());
    m_viewSize = picture.size();
    m_view.zoomBySteps(steps, event->position() - picture.topLeft());
    m_view.keepCentreOverImage(QSizeF(m_imageSize), m_viewSize);
    update();
    event->accept();
}

void ComparisonView::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton)
        return;
    QRectF picture;
    m_dragging = pictureAt(event->position(), &picture) >= 0;
    if (!m_dragging)
        return;
    m_view = viewFor(picture.size());
    m_viewSize = picture.size();
    m_dragLast = event->position();
    setCursor(Qt::ClosedHandCursor);
}

void ComparisonView::mouseMoveEvent(QMouseEvent* event) {
    if (!m_dragging)
        return;
    m_view.panBy(event->position() - m_dragLast);
    m_view.keepCentreOverImage(QSizeF(m_imageSize), m_viewSize);
    m_dragLast = event->position();
    update();
}

void ComparisonView::mouseReleaseEvent(QMouseEvent*) {
    m_dragging = false;
    unsetCursor();
}

void ComparisonView::mouseDoubleClickEvent(QMouseEvent*) {
    fit();
}

} // namespace crowdkd::ui
