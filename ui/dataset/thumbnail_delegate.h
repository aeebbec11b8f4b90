#pragma once

#include <QStyledItemDelegate>

namespace crowdkd::ui {

/// Paints a DatasetModel row: as a thumbnail tile with name and head-count badge in the grid, or
/// as a compact row with a small thumbnail in the list. Problem and edited rows carry a marker.
class ThumbnailDelegate : public QStyledItemDelegate {
    Q_OBJECT

public:
    explicit ThumbnailDelegate(QObject* parent = nullptr);

    void setGridMode(bool grid) { m_grid = grid; }

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    bool m_grid = true;
};

} // namespace crowdkd::ui
