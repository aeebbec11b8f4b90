#include "common/density_colouriser.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <vector>

namespace crowdkd::ui {

namespace {

/// Quantile of a map's positive densities taken as the top of its colour scale.
constexpr double kTopQuantile = 0.99;

/// OpenCV's "inferno" colour map as 256 RGB colours, index 0 for no density.
const std::array<QRgb, 256>& colourTable() {
    static const std::array<QRgb, 256> table = [] {
        cv::Mat ramp(1, 256, CV_8U);
        for (int i = 0; i < 256; ++i)
            ramp.at<uchar>(0, i) = static_cast<uchar>(i);
        cv::Mat coloured;
        cv::applyColorMap(ramp, coloured, cv::COLORMAP_INFERNO);
        std::array<QRgb, 256> colours{};
        for (int i = 0; i < 256; ++i) {
            const cv::Vec3b bgr = coloured.at<cv::Vec3b>(0, i);
            colours[static_cast<std::size_t>(i)] = qRgb(bgr[2], bgr[1], bgr[0]);
        }
        return colours;
    }();
    return table;
}

/// Table indices (0…255) of `density` on a scale from 0 to `top`.
cv::Mat indices(const cv::Mat& density, double top) {
    cv::Mat index;
    density.convertTo(index, CV_8U, top > 0 ? 255.0 / top : 0.0); // rounds and saturates
    return index;
}

} // namespace

double DensityColouriser::scaleTop(const cv::Mat& density) {
    if (density.empty())
        return 0;
    std::vector<float> values;
    values.reserve(density.total());
    for (int y = 0; y < density.rows; ++y) {
        const float* row = density.ptr<float>(y);
        for (int x = 0; x < density.cols; ++x) {
            if (row[x] > 0)
                values.push_back(row[x]);
        }
    }
    if (values.empty())
        return 0;
    const auto k =
        static_cast<std::ptrdiff_t>(kTopQuantile * static_cast<double>(values.size() - 1));
    std::nth_element(values.begin(), values.begin() + k, values.end());
    return values[static_cast<std::size_t>(k)];
}

QRgb DensityColouriser::colourAt(double fraction) {
    const int index = static_cast<int>(std::clamp(fraction, 0.0, 1.0) * 255.0 + 0.5);
    return colourTable()[static_cast<std::size_t>(index)];
}

DensityColouriser::DensityColouriser(double top)
    : m_top(top) {}

QImage DensityColouriser::colourise(const cv::Mat& density) const {
    if (density.empty())
        return {};
    const cv::Mat index = indices(density, m_top);
    const auto& table = colourTable();
    QImage image(density.cols, density.rows, QImage::Format_RGB32);
    for (int y = 0; y < density.rows; ++y) {
        const uchar* in = index.ptr<uchar>(y);
        auto* out = reinterpret_cast<QRgb*>(image.scanLine(y));
        for (int x = 0; x < density.cols; ++x)
            out[x] = table[in[x]];
    }
    return image;
}

QImage DensityColouriser::overlay(const cv::Mat& density, const QSize& size) const {
    if (density.empty())
        return {};
    cv::Mat resized = density;
    if (!size.isEmpty() && size != QSize(density.cols, density.rows))
        cv::resize(density, resized, cv::Size(size.width(), size.height()), 0, 0, cv::INTER_LINEAR);
    const cv::Mat index = indices(resized, m_top);
    const auto& table = colourTable();
    QImage image(resized.cols, resized.rows, QImage::Format_ARGB32_Premultiplied);
    for (int y = 0; y < resized.rows; ++y) {
        const uchar* in = index.ptr<uchar>(y);
        auto* out = reinterpret_cast<QRgb*>(image.scanLine(y));
        for (int x = 0; x < resized.cols; ++x) {
            const QRgb colour = table[in[x]];
            out[x] = qPremultiply(qRgba(qRed(colour), qGreen(colour), qBlue(colour), in[x]));
        }
    }
    return image;
}

} // namespace crowdkd::ui
