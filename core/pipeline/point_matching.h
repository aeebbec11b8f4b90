#pragma once

#include "data/ground_truth.h"

#include <cstddef>
#include <vector>

namespace crowdkd::pipeline {

/// How well proposed points locate annotated heads at one matching radius.
struct LocalisationScore {
    /// Image pixels: a proposal and a head match when they lie at most this far apart.
    double radius = 0.0;
    /// Pairs in a largest one-to-one matching, and the sizes of both sets.
    std::size_t matched = 0;
    std::size_t proposed = 0;
    std::size_t annotated = 0;

    double precision() const { return proposed ? double(matched) / double(proposed) : 0.0; }
    double recall() const { return annotated ? double(matched) / double(annotated) : 0.0; }
    /// 2·matched / (proposed + annotated); 1 when both sets are empty.
    double f1() const {
        return proposed + annotated ? 2.0 * double(matched) / double(proposed + annotated) : 1.0;
    }
    /// Adds another image's counts (scores over a split are pooled, not averaged).
    LocalisationScore& operator+=(const LocalisationScore& other);
};

/// The number of pairs in a largest one-to-one matching of `proposed` with `annotated` in which
/// each pair lies at most `radius` apart: the size of the Hungarian matching on 0/1 costs, as
/// NWPU-Crowd's localisation evaluation counts it. Hopcroft–Karp on the pairs within reach
/// (found through a grid of `radius` cells), O(E·√V).
std::size_t countMatches(const std::vector<HeadPoint>& proposed,
                         const std::vector<HeadPoint>& annotated, double radius);

/// countMatches as a score.
LocalisationScore scoreLocalisation(const std::vector<HeadPoint>& proposed,
                                    const std::vector<HeadPoint>& annotated, double radius);

} // namespace crowdkd::pipeline
