#include "pipeline/head_proposals.h"

#include <queue>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <utility>

namespace crowdkd::pipeline {

namespace {

/// Cell offsets within a disc.
struct Disc {
    int reach = 0;
    std::vector<cv::Point> offsets;

    explicit Disc(double radius) {
        reach = static_cast<int>(std::floor(radius));
        for (int dy = -reach; dy <= reach; ++dy)
            for (int dx = -reach; dx <= reach; ++dx)
                if (dx * dx + dy * dy <= radius * radius + 1e-9)
                    offsets.emplace_back(dx, dy);
    }
};

/// The map being claimed: its mass, the mass within the disc around each cell, each cell's
/// region and what each region may still receive.
class ClaimMap {
public:
    /// The map of `density` less the mass of the `existing` heads (one person each, taken from
    /// the whole map), kept inside params.imageRegion; each region's quota is what remains there.
    ClaimMap(const cv::Mat& density, const DensityGeometry& geometry,
             const std::vector<HeadPoint>& existing, const ProposalParams& params)
        : m_width(density.cols)
        , m_height(density.rows)
        , m_disc(params.claimRadius)
        , m_regionSide(params.regionCells > 0 ? params.regionCells
                                              : std::max(density.cols, density.rows)) {
        m_mass.assign(static_cast<std::size_t>(m_width) * m_height, 0.0);
        m_signed = m_mass;
        for (int row = 0; row < m_height; ++row) {
            const float* in = density.ptr<float>(row);
            for (int column = 0; column < m_width; ++column) {
                const double value = in[column];
                if (!std::isfinite(value))
                    continue;
                m_signed[index(column, row)] = value;
                m_mass[index(column, row)] = std::max(value, 0.0);
            }
        }
        for (const HeadPoint& head : existing) {
            const cv::Point cell = geometry.cellOf(head, density.size());
            claimPerson(cell.x, cell.y);
        }
        if (params.imageRegion)
            for (int row = 0; row < m_height; ++row)
                for (int column = 0; column < m_width; ++column) {
                    const HeadPoint centre = geometry.cellCentre(column, row);
                    if (!params.imageRegion->contains(cv::Point2d(centre.x, centre.y)))
                        m_signed[index(column, row)] = m_mass[index(column, row)] = 0.0;
                }
        m_regionColumns = (m_width + m_regionSide - 1) / m_regionSide;
        const int regionRows = (m_height + m_regionSide - 1) / m_regionSide;
        assignQuotas(static_cast<std::size_t>(m_regionColumns) * regionRows);
        m_signed = {};
        m_cover.assign(m_mass.size(), 0.0);
        for (int row = 0; row < m_height; ++row)
            for (int column = 0; column < m_width; ++column)
                m_cover[index(column, row)] = discMass(column, row);
    }

    int width() const { return m_width; }
    int height() const { return m_height; }
    std::size_t index(int column, int row) const {
        return static_cast<std::size_t>(row) * m_width + column;
    }
    double cover(std::size_t cell) const { return m_cover[cell]; }
    int& quotaOf(int column, int row) { return m_quota[regionOf(column, row)]; }

    /// Takes up to one person's mass from the disc around (column, row), proportionally from
    /// each cell, and updates the covers it changed. Returns the mass the disc held.
    double claim(int column, int row) {
        const double held = discMass(column, row);
        const double keep = held > 1.0 ? 1.0 - 1.0 / held : 0.0;
        for (const cv::Point& offset : m_disc.offsets) {
            const int x = column + offset.x;
            const int y = row + offset.y;
            if (inside(x, y))
                m_mass[index(x, y)] *= keep;
        }
        const int reach = 2 * m_disc.reach;
        for (int y = std::max(0, row - reach); y <= std::min(m_height - 1, row + reach); ++y)
            for (int x = std::max(0, column - reach); x <= std::min(m_width - 1, column + reach);
                 ++x)
                m_cover[index(x, y)] = discMass(x, y);
        return held;
    }

    /// Takes one person's mass around an annotated head at (column, row), within kPersonReach
    /// cells: from each cell the share min(1, t·w) of its mass, w a Gaussian weight of the
    /// distance (σ kPersonSigma cells), with t found so that one person is taken (all when less
    /// is there). Cells at the head go first and whole, a neighbouring head's centre loses little:
    /// the head is one person, whatever the width of the model's blob for it. Before the covers
    /// exist.
    void claimPerson(int column, int row) {
        std::vector<std::pair<std::size_t, double>> cells; // (cell, weight)
        double available = 0.0;
        for (const std::vector<cv::Point>& ring : personRings())
            for (const cv::Point& offset : ring) {
                if (!inside(column + offset.x, row + offset.y))
                    continue;
                const std::size_t cell = index(column + offset.x, row + offset.y);
                const double d2 = offset.x * offset.x + offset.y * offset.y;
                cells.emplace_back(cell, std::exp(-d2 / (2.0 * kPersonSigma * kPersonSigma)));
                available += m_mass[cell];
            }
        const auto taken = [&](double t) {
            double sum = 0.0;
            for (const auto& [cell, weight] : cells)
                sum += m_mass[cell] * std::min(1.0, t * weight);
            return sum;
        };
        // The largest t needed takes every cell whole: 1 / the smallest weight.
        double low = 0.0;
        double high =
            std::exp(double(kPersonReach * kPersonReach) / (2.0 * kPersonSigma * kPersonSigma));
        double t = high;
        if (available > 1.0) {
            for (int step = 0; step < 60; ++step) {
                const double middle = 0.5 * (low + high);
                (taken(middle) < 1.0 ? low : high) = middle;
            }
            t = high;
        }
        for (const auto& [cell, weight] : cells) {
            const double share = std::min(1.0, t * weight);
            m_signed[cell] -= m_mass[cell] * share;
            m_mass[cell] *= 1.0 - share;
        }
    }

    /// The mass-weighted centre of the disc around (column, row), in fractional cells, kept inside
    /// the cell itself so that each point stays in the region whose share it took.
    cv::Point2d centroid(int column, int row) const {
        double sum = 0.0;
        double sumX = 0.0;
        double sumY = 0.0;
        for (const cv::Point& offset : m_disc.offsets) {
            const int x = column + offset.x;
            const int y = row + offset.y;
            if (!inside(x, y))
                continue;
            const double mass = m_mass[index(x, y)];
            sum += mass;
            sumX += mass * x;
            sumY += mass * y;
        }
        if (!(sum > 0.0))
            return {double(column), double(row)};
        constexpr double kInsideCell = 0.499;
        return {std::clamp(sumX / sum, column - kInsideCell, column + kInsideCell),
                std::clamp(sumY / sum, row - kInsideCell, row + kInsideCell)};
    }

private:
    /// How far, in cells, an annotated head's mass is looked for.
    static constexpr int kPersonReach = 4;
    /// Width, in cells, of the weights an annotated head takes its mass with.
    static constexpr double kPersonSigma = 1.0;

    /// Cell offsets within kPersonReach, grouped by distance, nearest first.
    static const std::vector<std::vector<cv::Point>>& personRings() {
        static const std::vector<std::vector<cv::Point>> rings = [] {
            std::vector<std::vector<cv::Point>> grouped(kPersonReach * kPersonReach + 1);
            for (int dy = -kPersonReach; dy <= kPersonReach; ++dy)
                for (int dx = -kPersonReach; dx <= kPersonReach; ++dx)
                    if (dx * dx + dy * dy <= kPersonReach * kPersonReach)
                        grouped[dx * dx + dy * dy].emplace_back(dx, dy);
            grouped.erase(std::remove_if(grouped.begin(), grouped.end(),
                                         [](const auto& ring) { return ring.empty(); }),
                          grouped.end());
            return grouped;
        }();
        return rings;
    }

    bool inside(int x, int y) const { return x >= 0 && y >= 0 && x < m_width && y < m_height; }
    std::size_t regionOf(int column, int row) const {
        return static_cast<std::size_t>(row / m_regionSide) * m_regionColumns +
               column / m_regionSide;
    }

    double discMass(int column, int row) const {
        double sum = 0.0;
        for (const cv::Point& offset : m_disc.offsets) {
            const int x = column + offset.x;
            const int y = row + offset.y;
            if (inside(x, y))
                sum += m_mass[index(x, y)];
        }
        return sum;
    }

    /// For each cell, the local maximum of the mass it reaches by steepest ascent (8 neighbours,
    /// ties to the first) within kHeadReach steps when that peak is one head's, else the cell
    /// itself: a lone head's mass belongs with its peak, while a crowd's stays where it lies.
    std::vector<std::size_t> peakOfEachCell() const {
        // Steps from a head's edge to its peak (a head's blob spans a few cells).
        constexpr int kHeadReach = 2;
        // A peak whose disc holds more than this is part of a crowd, not one head.
        constexpr double kOneHeadMass = 1.5;
        std::vector<std::size_t> peak(m_mass.size());
        for (std::size_t start = 0; start < m_mass.size(); ++start) {
            peak[start] = start;
            std::size_t cell = start;
            for (int step = 0; step <= kHeadReach; ++step) {
                const int column = static_cast<int>(cell % m_width);
                const int row = static_cast<int>(cell / m_width);
                std::size_t next = cell;
                for (int dy = -1; dy <= 1; ++dy)
                    for (int dx = -1; dx <= 1; ++dx)
                        if (inside(column + dx, row + dy) &&
                            m_mass[index(column + dx, row + dy)] > m_mass[next])
                            next = index(column + dx, row + dy);
                if (next == cell) {
                    if (discMass(column, row) <= kOneHeadMass)
                        peak[start] = cell;
                    break;
                }
                cell = next;
            }
        }
        return peak;
    }

    /// Each region's share of the rounded total: the integer parts of the regions' integrals,
    /// then one more for the largest remainders (ties to the first region) until the total is
    /// reached. A cell's mass counts in the region of its peak, so a head straddling a border
    /// counts once, where its peak is. Integrals include negative cells (a model's count does), but
    /// none is below 0.
    void assignQuotas(std::size_t regions) {
        std::vector<double> integral(regions, 0.0);
        double total = 0.0;
        const std::vector<std::size_t> peaks = peakOfEachCell();
        for (std::size_t cell = 0; cell < m_signed.size(); ++cell) {
            const std::size_t peak = peaks[cell];
            integral[regionOf(static_cast<int>(peak % m_width),
                              static_cast<int>(peak / m_width))] += m_signed[cell];
            total += m_signed[cell];
        }
        for (double& value : integral)
            value = std::max(value, 0.0);
        m_quota.assign(regions, 0);
        long long assigned = 0;
        std::vector<std::pair<double, std::size_t>> remainders;
        remainders.reserve(regions);
        for (std::size_t region = 0; region < regions; ++region) {
            const double whole = std::floor(integral[region]);
            m_quota[region] = static_cast<int>(whole);
            assigned += m_quota[region];
            remainders.emplace_back(integral[region] - whole, region);
        }
        std::stable_sort(remainders.begin(), remainders.end(),
                         [](const auto& a, const auto& b) { return a.first > b.first; });
        const auto target = static_cast<long long>(std::llround(std::max(total, 0.0)));
        for (std::size_t i = 0; assigned < target && i < remainders.size(); ++i, ++assigned)
            ++m_quota[remainders[i].second];
    }

    int m_width;
    int m_height;
    Disc m_disc;
    int m_regionSide;
    int m_regionColumns = 1;
    std::vector<double> m_mass;   ///< the positive part of each cell, claimed as points are placed
    std::vector<double> m_signed; ///< the cells as given, while the quotas are set
    std::vector<double> m_cover;
    std::vector<int> m_quota;
};

/// A cell in the greedy's queue: its cover when pushed. Larger covers first, then the first cell.
struct Candidate {
    double cover;
    std::size_t cell;
    bool operator<(const Candidate& other) const {
        return cover < other.cover || (cover == other.cover && cell > other.cell);
    }
};

} // namespace

DensityGeometry DensityGeometry::of(cv::Size densitySize, cv::Size inputSize, cv::Size imageSize) {
    if (densitySize.width <= 0 || densitySize.height <= 0 || inputSize.width <= 0 ||
        inputSize.height <= 0 || imageSize.width <= 0 || imageSize.height <= 0)
        throw std::invalid_argument("density geometry needs positive sizes");
    DensityGeometry geometry;
    geometry.stride = static_cast<double>(inputSize.width) / densitySize.width;
    geometry.scaleX = static_cast<double>(imageSize.width) / inputSize.width;
    geometry.scaleY = static_cast<double>(imageSize.height) / inputSize.height;
    return geometry;
}

HeadPoint DensityGeometry::cellCentre(double column, double row) const {
    return {(column + 0.5) * stride * scaleX, (row + 0.5) * stride * scaleY};
}

cv::Point DensityGeometry::cellOf(const HeadPoint& point, cv::Size densitySize) const {
    const auto clamp = [](double value, int size) {
        if (!std::isfinite(value))
            return 0;
        return static_cast<int>(std::clamp(std::floor(value), 0.0, size - 1.0));
    };
    return {clamp(point.x / (stride * scaleX), densitySize.width),
            clamp(point.y / (stride * scaleY), densitySize.height)};
}

std::vector<HeadProposal> proposeHeads(const cv::Mat& density, const DensityGeometry& geometry,
                                       const std::vector<HeadPoint>& existing,
                                       const ProposalParams& params) {
    if (density.empty())
        return {};
    if (density.type() != CV_32FC1)
        throw std::invalid_argument("proposeHeads needs a single-channel float density map");
    if (!(params.claimRadius >= 0.0) || params.claimRadius > 16.0 || params.regionCells < 0)
        throw std::invalid_argument("proposeHeads: claim radius must lie in [0, 16] cells");
    ClaimMap map(density, geometry, existing, params);

    std::priority_queue<Candidate> queue;
    for (int row = 0; row < map.height(); ++row)
        for (int column = 0; column < map.width(); ++column) {
            const std::size_t cell = map.index(column, row);
            if (map.cover(cell) > 0.0 && map.quotaOf(column, row) > 0)
                queue.push({map.cover(cell), cell});
        }

    std::vector<HeadProposal> proposals;
    while (!queue.empty()) {
        const Candidate top = queue.top();
        queue.pop();
        const int column = static_cast<int>(top.cell % map.width());
        const int row = static_cast<int>(top.cell / map.width());
        int& quota = map.quotaOf(column, row);
        if (quota <= 0)
            continue;
        const double cover = map.cover(top.cell);
        if (cover != top.cover) { // Claimed from since it was queued: covers only ever shrink.
            if (cover > 0.0)
                queue.push({cover, top.cell});
            continue;
        }
        const cv::Point2d centre = map.centroid(column, row);
        HeadProposal proposal;
        proposal.point = geometry.cellCentre(centre.x, centre.y);
        proposal.mass = map.claim(column, row);
        proposal.unsure = proposal.mass < params.unsureMass;
        proposals.push_back(proposal);
        --quota;
        if (map.cover(top.cell) > 0.0)
            queue.push({map.cover(top.cell), top.cell});
    }
    return proposals;
}

} // namespace crowdkd::pipeline
