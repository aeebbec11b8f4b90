#include "pipeline/point_matching.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <unordered_map>

namespace crowdkd::pipeline {

namespace {

/// The annotated heads within `radius` of each proposal, as adjacency lists.
std::vector<std::vector<int>> pairsWithin(const std::vector<HeadPoint>& proposed,
                                          const std::vector<HeadPoint>& annotated, double radius) {
    const auto cellKey = [radius](double x, double y) {
        const auto cx = static_cast<std::int64_t>(std::floor(x / radius));
        const auto cy = static_cast<std::int64_t>(std::floor(y / radius));
        // Shift as unsigned: a left shift of a negative signed value is undefined.
        return static_cast<std::int64_t>((static_cast<std::uint64_t>(cx) << 32) ^
                                         (static_cast<std::uint64_t>(cy) & 0xffffffffULL));
    };
    const auto finite = [](const HeadPoint& p) {
        // Far-off values would overflow the grid's cell numbers.
        return std::isfinite(p.x) && std::isfinite(p.y) && std::abs(p.x) < 1e9 &&
               std::abs(p.y) < 1e9;
    };
    std::unordered_map<std::int64_t, std::vector<int>> grid;
    for (std::size_t i = 0; i < annotated.size(); ++i)
        if (finite(annotated[i]))
            grid[cellKey(annotated[i].x, annotated[i].y)].push_back(static_cast<int>(i));

    std::vector<std::vector<int>> adjacent(proposed.size());
    for (std::size_t i = 0; i < proposed.size(); ++i) {
        const HeadPoint& p = proposed[i];
        if (!finite(p))
            continue;
        for (int dy = -1; dy <= 1; ++dy)
            for (int dx = -1; dx <= 1; ++dx) {
                const auto found = grid.find(cellKey(p.x + dx * radius, p.y + dy * radius));
                if (found == grid.end())
                    continue;
                for (const int j : found->second) {
                    const double ex = annotated[j].x - p.x;
                    const double ey = annotated[j].y - p.y;
                    if (ex * ex + ey * ey <= radius * radius)
                        adjacent[i].push_back(j);
                }
            }
    }
    return adjacent;
}

/// Hopcroft–Karp maximum bipartite matching.
class Matcher {
public:
    Matcher(const std::vector<std::vector<int>>& adjacent, std::size_t rightSize)
        : m_adjacent(adjacent)
        , m_matchLeft(adjacent.size(), -1)
        , m_matchRight(rightSize, -1)
        , m_layer(adjacent.size(), 0) {}

    std::size_t run() {
        std::size_t matched = 0;
        while (layer())
            for (std::size_t u = 0; u < m_adjacent.size(); ++u)
                if (m_matchLeft[u] < 0 && augment(static_cast<int>(u)))
                    ++matched;
        return matched;
    }

private:
    static constexpr int kUnreached = std::numeric_limits<int>::max();

    /// Breadth-first layers from the free left vertices; true when a free right vertex is reached.
    bool layer() {
        std::vector<int> queue;
        queue.reserve(m_adjacent.size());
        for (std::size_t u = 0; u < m_adjacent.size(); ++u) {
            m_layer[u] = m_matchLeft[u] < 0 ? 0 : kUnreached;
            if (m_matchLeft[u] < 0)
                queue.push_back(static_cast<int>(u));
        }
        bool reachedFree = false;
        for (std::size_t head = 0; head < queue.size(); ++head) {
            const int u = queue[head];
            for (const int v : m_adjacent[u]) {
                const int next = m_matchRight[v];
                if (next < 0)
                    reachedFree = true;
                else if (m_layer[next] == kUnreached) {
                    m_layer[next] = m_layer[u] + 1;
                    queue.push_back(next);
                }
            }
        }
        return reachedFree;
    }

    /// Depth-first search along the layers for an augmenting path from `u` (iterative, so long
    /// paths in dense crowds cannot overflow the stack).
    bool augment(int start) {
        struct Frame {
            int u;
            std::size_t edge;
        };
        std::vector<Frame> stack{{start, 0}};
        while (!stack.empty()) {
            Frame& frame = stack.back();
            const auto& edges = m_adjacent[frame.u];
            if (frame.edge == edges.size()) {
                m_layer[frame.u] = kUnreached; // A dead end for the rest of this phase.
                stack.pop_back();
                continue;
            }
            const int v = edges[frame.edge++];
            const int next = m_matchRight[v];
            if (next < 0) {
                // Flip the path: each left vertex on the stack takes the right vertex it came by.
                int right = v;
                for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
                    const int previous = m_matchLeft[it->u];
                    m_matchLeft[it->u] = right;
                    m_matchRight[right] = it->u;
                    right = previous;
                }
                return true;
            }
            if (m_layer[next] == m_layer[frame.u] + 1)
                stack.push_back({next, 0});
        }
        return false;
    }

    const std::vector<std::vector<int>>& m_adjacent;
    std::vector<int> m_matchLeft;
    std::vector<int> m_matchRight;
    std::vector<int> m_layer;
};

} // namespace

LocalisationScore& LocalisationScore::operator+=(const LocalisationScore& other) {
    matched += other.matched;
    proposed += other.proposed;
    annotated += other.annotated;
    return *this;
}

std::size_t countMatches(const std::vector<HeadPoint>& proposed,
                         const std::vector<HeadPoint>& annotated, double radius) {
    if (!(radius > 0.0) || !std::isfinite(radius))
        throw std::invalid_argument("the matching radius must be a positive number of pixels");
    if (proposed.empty() || annotated.empty())
        return 0;
    const auto adjacent = pairsWithin(proposed, annotated, radius);
    return Matcher(adjacent, annotated.size()).run();
}

LocalisationScore scoreLocalisation(const std::vector<HeadPoint>& proposed,
                                    const std::vector<HeadPoint>& annotated, double radius) {
    LocalisationScore score;
    score.radius = radius;
    score.matched = countMatches(proposed, annotated, radius);
    score.proposed = proposed.size();
    score.annotated = annotated.size();
    return score;
}

} // namespace crowdkd::pipeline
