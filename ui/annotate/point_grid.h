#pragma once

#include <QPointF>
#include <QRectF>
#include <QVector>

#include <vector>

namespace crowdkd::ui {

/// A uniform grid over head points (image coordinates) for hit-testing and culling in time
/// proportional to the points nearby, so images with tens of thousands of heads stay fluid.
/// Stored as compressed rows (one index array, one offset per cell); rebuilding is O(n).
class PointGrid {
public:
    /// Indexes `points`, which must outlive the grid until the next rebuild.
    void rebuild(const QVector<QPointF>& points);

    /// Appends the indices of the points inside `rect` to `out`.
    void query(const QRectF& rect, std::vector<int>& out) const;

    /// The index of the point nearest to `position` within `radius`, or -1.
    int nearest(const QPointF& position, double radius) const;

    bool isEmpty() const { return m_points == nullptr || m_points->isEmpty(); }

private:
    int cellColumn(double x) const;
    int cellRow(double y) const;

    const QVector<QPointF>* m_points = nullptr;
    QRectF m_bounds;
    double m_cellSize = 1.0;
    int m_columns = 0;
    int m_rows = 0;
    std::vector<int> m_cellStart; // m_columns × m_rows + 1 offsets into m_items
    std::vector<int> m_items;     // point indices grouped by cell
};

} // namespace crowdkd::ui
