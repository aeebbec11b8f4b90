#pragma once

#include "data/density_map.h"
#include "data/ground_truth.h"

#include <opencv2/core.hpp>

#include <vector>

namespace crowdkd::pipeline {

/// How an annotation is compared with a model's density.
struct ReviewParams {
    /// Side of the window (image pixels) over which both densities are summed before comparing.
    int blockSize = 48;
    /// At most this many regions of each sign.
    int regions = 5;
    /// Regions whose counts differ by less than this (people) are not reported.
    double minDifference = 0.75;
    /// Kernels of the annotation's density (the ones the model was trained on).
    DensityParams density;
};

/// A window where the model and the annotation disagree.
struct ReviewRegion {
    cv::Rect box; ///< in the annotated image's pixels
    double modelCount = 0;
    double annotationCount = 0;
    /// modelCount − annotationCount: > 0 heads possibly missed, < 0 possibly extra labels.
    double difference() const { return modelCount - annotationCount; }
};

/// The disagreement of a model and an annotation on one image.
struct AnnotationReview {
    double modelCount = 0;
    double annotationCount = 0;
    /// Windows where the model sees the most people more than annotated, largest first.
    std::vector<ReviewRegion> missed;
    /// Windows where the annotation has the most heads more than the model sees, largest first.
    std::vector<ReviewRegion> extra;
    /// model − annotation per model output cell (CV_32F), before windowing.
    cv::Mat difference;
};

/// Compares `modelDensity` (CV_32F, the model's output for the image resized to `inputSize`,
/// each cell covering `stride`×`stride` input pixels) with the density of `points` (annotated in an
/// image of `imageSize`) built with the same kernels at the input size and sum-pooled to the
/// model's cells. Both are summed over windows of params.blockSize image pixels; the windows whose
/// sums differ most (non-overlapping, by greedy non-maximum suppression) are reported.
AnnotationReview reviewAnnotation(const cv::Mat& modelDensity, int stride, cv::Size inputSize,
                                  const std::vector<HeadPoint>& points, cv::Size imageSize,
                                  const ReviewParams& params = {});

} // namespace crowdkd::pipeline
