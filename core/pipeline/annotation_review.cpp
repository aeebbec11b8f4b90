#include "pipeline/annotation_review.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace crowdkd::pipeline {

namespace {

/// The greedy non-maximum suppression of windowed sums `scores` (largest first): each pick
/// suppresses the cells whose windows overlap its own.
std::vector<cv::Point> topWindows(cv::Mat scores, int window, int count, double minimum) {
    std::vector<cv::Point> picked;
    const double suppressed = -std::numeric_limits<double>::infinity();
    while (static_cast<int>(picked.size()) < count) {
        double best = 0;
        cv::Point at;
        cv::minMaxLoc(scores, nullptr, &best, nullptr, &at);
        if (!(best >= minimum))
            break;
        picked.push_back(at);
        const cv::Rect overlap(at.x - window + 1, at.y - window + 1, 2 * window - 1,
                               2 * window - 1);
        scores(overlap & cv::Rect(0, 0, scores.cols, scores.rows))
            .setTo(static_cast<float>(suppressed));
    }
    return picked;
}

} // namespace

AnnotationReview reviewAnnotation(const cv::Mat& modelDensity, int stride, cv::Size inputSize,
                                  const std::vector<HeadPoint>& points, cv::Size imageSize,
                                  const ReviewParams& params) {
    if (modelDensity.empty() || modelDensity.type() != CV_32F || stride < 1 || inputSize.empty() ||
        imageSize.empty())
        throw std::invalid_argument("reviewAnnotation: empty density, size or stride");

    // The annotation at the model's input size, with the same kernels, pooled to its cells.
    const double sx = static_cast<double>(inputSize.width) / imageSize.width;
    const double sy = static_cast<double>(inputSize.height) / imageSize.height;
    std::vector<HeadPoint> scaled;
    scaled.reserve(points.size());
    for (const HeadPoint& p : points) {
        if (isInsideImage(p, imageSize))
            scaled.push_back({p.x * sx, p.y * sy});
    }
    cv::Mat annotation = sumPool(makeDensityMap(scaled, inputSize, params.density), stride);
    // Both grids cover the input; a model that crops its last partial cell gives one less.
    const cv::Rect common(0, 0, std::min(annotation.cols, modelDensity.cols),
                          std::min(annotation.rows, modelDensity.rows));
    cv::Mat model = cv::Mat::zeros(annotation.size(), CV_32F);
    modelDensity(common).copyTo(model(common));

    AnnotationReview review;
    review.modelCount = cv::sum(modelDensity)[0];
    review.annotationCount = cv::sum(annotation)[0];
    review.difference = model - annotation;

    // Window sums (in cells: the block size at the input's scale, over the stride).
    const double cellPixels = stride / std::sqrt(sx * sy);
    const int window = std::max(1, static_cast<int>(std::lround(params.blockSize / cellPixels)));
    // Sums over the window whose top-left cell is (x, y): anchor at the top-left corner.
    auto windowSums = [window](const cv::Mat& map) {
        cv::Mat sums;
        cv::boxFilter(map, sums, CV_32F, cv::Size(window, window), cv::Point(0, 0), false,
                      cv::BORDER_CONSTANT);
        return sums;
    };
    const cv::Mat modelSums = windowSums(model);
    const cv::Mat annotationSums = windowSums(annotation);
    const cv::Mat differenceSums = modelSums - annotationSums;

    auto region = [&](cv::Point cell) {
        ReviewRegion r;
        r.modelCount = modelSums.at<float>(cell);
        r.annotationCount = annotationSums.at<float>(cell);
        const double scaleX = stride / sx;
        const double scaleY = stride / sy;
        const cv::Rect box(static_cast<int>(std::floor(cell.x * scaleX)),
                           static_cast<int>(std::floor(cell.y * scaleY)),
                           static_cast<int>(std::ceil(window * scaleX)),
                           static_cast<int>(std::ceil(window * scaleY)));
        r.box = box & cv::Rect(0, 0, imageSize.width, imageSize.height);
        return r;
    };
    for (const cv::Point& cell :
         topWindows(differenceSums.clone(), window, params.regions, params.minDifference))
        review.missed.push_back(region(cell));
    const cv::Mat negated = -differenceSums;
    for (const cv::Point& cell :
         topWindows(negated.clone(), window, params.regions, params.minDifference))
        review.extra.push_back(region(cell));
    return review;
}

} // namespace crowdkd::pipeline
