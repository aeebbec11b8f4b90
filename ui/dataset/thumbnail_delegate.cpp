#include "dataset/thumbnail_delegate.h"

#include "dataset/dataset_model.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

namespace crowdkd::ui {

namespace {

/// Tile size in the grid and row height in the list, in logical pixels.
constexpr int kTileWidth = 176;
constexpr int kTileHeight = 176;
constexpr int kRowHeight = 44;

/// Marker colours: problems red, edited blue.
const QColor kProblemColor(0xe0, 0x31, 0x31);
const QColor kEditedColor(0x1c, 0x7e, 0xd6);

QString countText(int count) {
    return count < 0 ? QStringLiteral("…") : QLocale().toString(count);
}

} // namespace

ThumbnailDelegate::ThumbnailDelegate(QObject* parent)
    : QStyledItemDelegate(parent) {}

QSize ThumbnailDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const {
    return m_grid ? QSize(kTileWidth, kTileHeight) : QSize(option.rect.width(), kRowHeight);
}

void ThumbnailDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                              const QModelIndex& index) const {
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QPalette& palette = option.palette;
    const bool selected = option.state & QStyle::State_Selected;
    const QRect rect = option.rect.adjusted(3, 3, -3, -3);
    if (selected) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(palette.color(QPalette::Highlight));
        painter->drawRoundedRect(rect, 6, 6);
    } else if (option.state & QStyle::State_MouseOver) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(palette.color(QPalette::AlternateBase));
        painter->drawRoundedRect(rect, 6, 6);
    }

    const QString name = index.data(DatasetModel::NameRole).toString();
    const int count = index.data(DatasetModel::CountRole).toInt();
    const QPixmap thumbnail = index.data(DatasetModel::ThumbnailRole).value<QPixmap>();
    const bool problem = index.data(DatasetModel::HasProblemsRole).toBool();
    const bool edited = index.data(DatasetModel::EditedRole).toBool();
    const QColor text = palette.color(selected ? QPalette::HighlightedText : QPalette::Text);

    QRect imageArea;
    QRect nameArea;
    if (m_grid) {
        imageArea = QRect(rect.left() + 6, rect.top() + 6, rect.width() - 12, rect.height() - 34);
        nameArea = QRect(rect.left() + 6, imageArea.bottom() + 4, rect.width() - 12, 22);
    } else {
        imageArea = QRect(rect.left() + 4, rect.top() + 2, 52, rect.height() - 4);
        nameArea = QRect(imageArea.right() + 10, rect.top(), rect.right() - imageArea.right() - 10,
                         rect.height());
    }

    if (!thumbnail.isNull()) {
        const QSize size = thumbnail.size().scaled(imageArea.size(), Qt::KeepAspectRatio);
        const QRect target(imageArea.center() - QPoint(size.width() / 2, size.height() / 2), size);
        painter->setRenderHint(QPainter::SmoothPixmapTransform);
        painter->drawPixmap(target, thumbnail);
    } else if (index.data(DatasetModel::ImageUnreadableRole).toBool()) {
        // A broken image says so where its thumbnail would be.
        const QRect box = imageArea.adjusted(8, 8, -8, -8);
        painter->setPen(QPen(kProblemColor, 1.5, Qt::DashLine));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(box, 4, 4);
        painter->setPen(text);
        painter->drawText(box.adjusted(4, 4, -4, -4), Qt::AlignCenter | Qt::TextWordWrap,
                          m_grid ? ThumbnailDelegate::tr("Unreadable image") : QStringLiteral("✕"));
    } else {
        painter->setPen(Qt::NoPen);
        painter->setBrush(palette.color(QPalette::Mid).lighter(130));
        painter->drawRoundedRect(imageArea.adjusted(8, 8, -8, -8), 4, 4);
    }

    // Count badge: under the thumbnail in the grid, right-aligned in the list; red "?" when the
    // ground truth cannot be read (not "…", which means still loading).
    const bool unreadable = index.data(DatasetModel::UnreadableRole).toBool();
    const QString badge = !index.data(DatasetModel::AnnotatedRole).toBool()
                              ? ThumbnailDelegate::tr("new")
                          : unreadable ? QStringLiteral("?")
                                       : countText(count);
    QFont badgeFont = painter->font();
    badgeFont.setBold(true);
    const int badgeWidth = QFontMetrics(badgeFont).horizontalAdvance(badge) + 14;
    const QRect badgeRect =
        m_grid ? QRect(nameArea.right() - badgeWidth, nameArea.top() + 1, badgeWidth, 20)
               : QRect(rect.right() - badgeWidth - 6, rect.center().y() - 10, badgeWidth, 20);
    nameArea.setRight(badgeRect.left() - 6);
    painter->setPen(text);
    painter->drawText(nameArea, Qt::AlignLeft | Qt::AlignVCenter,
                      painter->fontMetrics().elidedText(name, Qt::ElideMiddle, nameArea.width()));
    painter->setFont(badgeFont);
    painter->setPen(Qt::NoPen);
    painter->setBrush(unreadable ? kProblemColor : QColor(0x34, 0x3a, 0x40, 220));
    painter->drawRoundedRect(badgeRect, 10, 10);
    painter->setPen(Qt::white);
    painter->drawText(badgeRect, Qt::AlignCenter, badge);

    // Markers in the top-right corner of the thumbnail.
    int markerX = imageArea.right() - 12;
    const int markerY = imageArea.top() + 4;
    for (const auto& [on, color] :
         {std::pair{problem, kProblemColor}, std::pair{edited, kEditedColor}}) {
        if (!on)
            continue;
        painter->setPen(QPen(Qt::white, 1.5));
        painter->setBrush(color);
        painter->drawEllipse(QRect(markerX, markerY, 12, 12));
        markerX -= 16;
    }
    painter->restore();
}

} // namespace crowdkd::ui
