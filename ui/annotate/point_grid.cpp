#include "annotate/point_grid.h"

#include <algorithm>
#include <cmath>

namespace crowdkd::ui {

namespace {

/// Points per cell the grid aims for: few enough to test each, many enough to keep cells few.
constexpr double kPointsPerCell = 4.0;

/// Bounds on the cell side in image pixels.
constexpr double kMinCellSize = 4.0;
constexpr double kMaxCellSize = 256.0;

} // namespace

void PointGrid::rebuild(const QVector<QPointF>& points) {
    m_points = &points;
    m_items.clear();
    m_cellStart.clear();
    m_columns = m_rows = 0;
    if (points.isEmpty())
        return;

    double minX = points.front().x(), maxX = minX, minY = points.front().y(), maxY = minY;
    for (const QPointF& p : points) {
        minX = std::min(minX, p.x());
        maxX = std::max(maxX, p.x());
        minY = std::min(minY, p.y());
        maxY = std::max(maxY, p.y());
    }
    m_bounds = QRectF(minX, minY, std::max(maxX - minX, 1.0), std::max(maxY - minY, 1.0));
    const double area = m_bounds.width() * m_bounds.height();
    m_cellSize =
        std::clamp(std::sqrt(area * kPointsPerCell / points.size()), kMinCellSize, kMaxCellSize);
    m_columns = static_cast<int>(m_bounds.width() / m_cellSize) + 1;
    m_rows = static_cast<int>(m_bounds.height() / m_cellSize) + 1;

    // Counting sort of the points by cell.
    const std::size_t cells = static_cast<std::size_t>(m_columns) * m_rows;
    m_cellStart.assign(cells + 1, 0);
    std::vector<int> cellOf(points.size());
    for (int i = 0; i < points.size(); ++i) {
        cellOf[i] = cellRow(points[i].y()) * m_columns + cellColumn(points[i].x());
        ++m_cellStart[cellOf[i] + 1];
    }
    for (std::size_t c = 0; c < cells; ++c)
        m_cellStart[c + 1] += m_cellStart[c];
    m_items.resize(points.size());
    std::vector<int> fill(m_cellStart.begin(), m_cellStart.end() - 1);
    for (int i = 0; i < points.size(); ++i)
        m_items[fill[cellOf[i]]++] = i;
}

int PointGrid::cellColumn(double x) const {
    return std::clamp(static_cast<int>((x - m_bounds.left()) / m_cellSize), 0, m_columns - 1);
}

int PointGrid::cellRow(double y) const {
    return std::clamp(static_cast<int>((y - m_bounds.top()) / m_cellSize), 0, m_rows - 1);
}

void PointGrid::query(const QRectF& rect, std::vector<int>& out) const {
    if (isEmpty() || m_columns == 0)
        return;
    const QRectF area = rect.normalized();
    if (!area.intersects(m_bounds.adjusted(-1, -1, 1, 1)))
        return;
    const int c0 = cellColumn(area.left()), c1 = cellColumn(area.right());
    const int r0 = cellRow(area.top()), r1 = cellRow(area.bottom());
    const QVector<QPointF>& points = *m_points;
    const bool containsAll = area.contains(m_bounds);
    for (int r = r0; r <= r1; ++r) {
        for (int c = c0; c <= c1; ++c) {
            const int cell = r * m_columns + c;
            for (int k = m_cellStart[cell]; k < m_cellStart[cell + 1]; ++k) {
                const int i = m_items[k];
                const QPointF& p = points[i];
                if (containsAll || (p.x() >= area.left() && p.x() <= area.right() &&
                                    p.y() >= area.top() && p.y() <= area.bottom()))
                    out.push_back(i);
            }
        }
    }
}

int PointGrid::nearest(const QPointF& position, double radius) const {
    if (isEmpty() || m_columns == 0)
        return -1;
    std::vector<int> candidates;
    query(QRectF(position.x() - radius, position.y() - radius, 2 * radius, 2 * radius), candidates);
    int best = -1;
    double bestDistance = radius * radius;
    for (int i : candidates) {
        const QPointF d = (*m_points)[i] - position;
        const double distance = d.x() * d.x() + d.y() * d.y();
        if (distance <= bestDistance) {
            bestDistance = distance;
            best = i;
        }
    }
    return best;
}

} // namespace crowdkd::ui
