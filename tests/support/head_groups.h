#pragma once

#include "data/ground_truth.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>
#include <vector>

namespace crowdkd::test {

/// The indices of the `count` heads nearest to `points[center]` (itself included).
inline std::vector<std::size_t> nearestHeads(const std::vector<HeadPoint>& points,
                                             std::size_t center, int count) {
    std::vector<std::size_t> order(points.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    const HeadPoint c = points[center];
    auto distance = [&](std::size_t i) { return std::hypot(points[i].x - c.x, points[i].y - c.y); };
    const auto end =
        order.begin() + std::min<std::ptrdiff_t>(count, static_cast<std::ptrdiff_t>(order.size()));
    std::partial_sort(order.begin(), end, order.end(),
                      [&](std::size_t a, std::size_t b) { return distance(a) < distance(b); });
    order.erase(end, order.end());
    return order;
}

/// The most compact group of `count` heads of an annotation (the one whose farthest member is
/// nearest to its centre head): a patch of crowd a tired annotator might leave unlabelled.
inline std::vector<std::size_t> mostCompactGroup(const std::vector<HeadPoint>& points, int count) {
    std::vector<std::size_t> best;
    double tightest = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < points.size(); ++i) {
        std::vector<std::size_t> group = nearestHeads(points, i, count);
        const HeadPoint& last = points[group.back()];
        const double radius = std::hypot(last.x - points[i].x, last.y - points[i].y);
        if (radius < tightest) {
            tightest = radius;
            best = std::move(group);
        }
    }
    return best;
}

} // namespace crowdkd::test
