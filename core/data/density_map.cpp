#include "data/density_map.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace crowdkd {

namespace {

// σ at or below this is no blur at all (SciPy skips such axes).
constexpr double kZeroSigma = 1e-15;

// A uniform grid over the image for nearest-neighbour queries: heads are binned by pixel into
// square cells sized so that a cell holds about two heads on average.
class HeadGrid {
public:
    HeadGrid(const std::vector<HeadPoint>& pixels, cv::Size size)
        : m_pixels(pixels) {
        const double area = std::max(1.0, double(size.width) * double(size.height));
        m_cell =
            std::max(1.0, std::sqrt(2.0 * area / double(std::max<std::size_t>(1, pixels.size()))));
        m_columns = std::max(1, int(std::ceil(size.width / m_cell)));
        m_rows = std::max(1, int(std::ceil(size.height / m_cell)));
        // Counting sort of the heads by cell.
        m_start.assign(std::size_t(m_columns) * m_rows + 1, 0);
        std::vector<int> cellOf(pixels.size());
        for (std::size_t i = 0; i < pixels.size(); ++i) {
            cellOf[i] = cellIndex(pixels[i]);
            ++m_start[std::size_t(cellOf[i]) + 1];
        }
        for (std::size_t c = 1; c < m_start.size(); ++c)
            m_start[c] += m_start[c - 1];
        m_members.resize(pixels.size());
        std::vector<int> fill(m_start.begin(), m_start.end() - 1);
        for (std::size_t i = 0; i < pixels.size(); ++i)
            m_members[std::size_t(fill[std::size_t(cellOf[i])]++)] = int(i);
    }

    /// Sum of the distances from head `self` to its k nearest other heads (k <= 3).
    double sumOfNearest(std::size_t self, int k) const {
        std::array<double, kAdaptiveNeighbours> best; // squared distances, ascending
        best.fill(std::numeric_limits<double>::infinity());
        const HeadPoint p = m_pixels[self];
        const int cell = cellIndex(p);
        const int cx = cell % m_columns;
        const int cy = cell / m_columns;
        const int maxRing = std::max(m_columns, m_rows);
        for (int ring = 0; ring <= maxRing; ++ring) {
            for (int y = cy - ring; y <= cy + ring; ++y) {
                if (y < 0 || y >= m_rows)
                    continue;
                const bool edgeRow = y == cy - ring || y == cy + ring;
                for (int x = cx - ring; x <= cx + ring; x += edgeRow ? 1 : 2 * std::max(ring, 1)) {
                    if (x < 0 || x >= m_columns)
                        continue;
                    const std::size_t cell = std::size_t(y) * m_columns + x;
                    for (int m = m_start[cell]; m < m_start[cell + 1]; ++m) {
                        const std::size_t other = std::size_t(m_members[std::size_t(m)]);
                        if (other == self)
                            continue;
                        const double dx = m_pixels[other].x - p.x;
                        const double dy = m_pixels[other].y - p.y;
                        const double d2 = dx * dx + dy * dy;
                        if (d2 < best[std::size_t(k - 1)]) {
                            int slot = k - 1;
                            while (slot > 0 && best[std::size_t(slot - 1)] > d2) {
                                best[std::size_t(slot)] = best[std::size_t(slot - 1)];
                                --slot;
                            }
                            best[std::size_t(slot)] = d2;
                        }
                    }
                }
            }
            // Every head not yet seen lies beyond this ring: at least ring·cell away.
            const double reach = ring * m_cell;
            if (best[std::size_t(k - 1)] <= reach * reach)
                break;
        }
        double sum = 0.0;
        for (int i = 0; i < k; ++i)
            sum += std::sqrt(best[std::size_t(i)]);
        return sum;
    }

private:
    int cellIndex(const HeadPoint& p) const {
        const int x = std::clamp(int(std::floor(p.x / m_cell)), 0, m_columns - 1);
        const int y = std::clamp(int(std::floor(p.y / m_cell)), 0, m_rows - 1);
        return y * m_columns + x;
    }

    const std::vector<HeadPoint>& m_pixels;
    double m_cell = 1.0;
    int m_columns = 1;
    int m_rows = 1;
    std::vector<int> m_start;   // first member of each cell, plus one past the end
    std::vector<int> m_members; // head indices grouped by cell
};

// Adds one head's Gaussian, weighted by `weight`, into the double accumulator: the outer product
// of `kernel` with itself, centred at `pixel`, clipped to the image.
void addKernel(cv::Mat& accumulator, cv::Point pixel, const std::vector<double>& kernel,
               BorderMode border) {
    const int radius = int(kernel.size() / 2);
    const int x0 = std::max(0, pixel.x - radius);
    const int x1 = std::min(accumulator.cols - 1, pixel.x + radius);
    const int y0 = std::max(0, pixel.y - radius);
    const int y1 = std::min(accumulator.rows - 1, pixel.y + radius);
    const double* kx = kernel.data() + (x0 - pixel.x + radius);
    const double* ky = kernel.data() + (y0 - pixel.y + radius);
    const int width = x1 - x0 + 1;
    const int height = y1 - y0 + 1;
    double scale = 1.0;
    if (border == BorderMode::Preserve &&
        (width < int(kernel.size()) || height < int(kernel.size()))) {
        double sumX = 0.0;
        double sumY = 0.0;
        for (int i = 0; i < width; ++i)
            sumX += kx[i];
        for (int i = 0; i < height; ++i)
            sumY += ky[i];
        scale = 1.0 / (sumX * sumY);
    }
    for (int r = 0; r < height; ++r) {
        double* row = accumulator.ptr<double>(y0 + r) + x0;
        const double weight = ky[r] * scale;
        for (int c = 0; c < width; ++c)
            row[c] += kx[c] * weight;
    }
}

} // namespace

std::vector<double> gaussianKernel1d(double sigma) {
    if (!(sigma > kZeroSigma))
        return {1.0};
    // SciPy: radius = int(truncate * sd + 0.5); phi = exp(-0.5 / sigma² * x²) / sum.
    const double limit = kGaussianTruncate * sigma + 0.5;
    const int radius = int(std::min(limit, 1e8));
    std::vector<double> kernel(std::size_t(2 * radius + 1));
    const double factor = -0.5 / (sigma * sigma);
    double sum = 0.0;
    for (int t = -radius; t <= radius; ++t) {
        const double value = std::exp(factor * double(t) * double(t));
        kernel[std::size_t(t + radius)] = value;
        sum += value;
    }
    for (double& value : kernel)
        value /= sum;
    return kernel;
}

std::vector<double> adaptiveSigmas(const std::vector<HeadPoint>& pixels, cv::Size size) {
    std::vector<double> sigmas(pixels.size());
    if (pixels.size() < std::size_t(kAdaptiveNeighbours) + 1) {
        std::fill(sigmas.begin(), sigmas.end(), (size.width + size.height) / 2.0 / 4.0);
        return sigmas;
    }
    const HeadGrid grid(pixels, size);
    for (std::size_t i = 0; i < pixels.size(); ++i)
        sigmas[i] = grid.sumOfNearest(i, kAdaptiveNeighbours) * kAdaptiveBeta;
    return sigmas;
}

cv::Mat makeDensityMap(const std::vector<HeadPoint>& points, cv::Size size,
                       const DensityParams& params) {
    if (size.width <= 0 || size.height <= 0)
        throw std::invalid_argument("makeDensityMap: empty image size");
    if (params.method == KernelMethod::Fixed && !(params.sigma >= 0.0 && params.sigma < 1e6))
        throw std::invalid_argument("makeDensityMap: fixed sigma must be between 0 and 1e6");
    std::vector<HeadPoint> inside;
    std::vector<cv::Point> pixels;
    inside.reserve(points.size());
    pixels.reserve(points.size());
    for (const HeadPoint& point : points) {
        if (isInsideImage(point, size)) {
            inside.push_back(point);
            pixels.push_back(headPixel(point));
        }
    }
    cv::Mat accumulator = cv::Mat::zeros(size, CV_64F);
    if (params.method == KernelMethod::Fixed) {
        const std::vector<double> kernel = gaussianKernel1d(params.sigma);
        for (const cv::Point& pixel : pixels)
            addKernel(accumulator, pixel, kernel, params.border);
    } else {
        const std::vector<double> sigmas = adaptiveSigmas(inside, size);
        for (std::size_t i = 0; i < pixels.size(); ++i)
            addKernel(accumulator, pixels[i], gaussianKernel1d(sigmas[i]), params.border);
    }
    cv::Mat density;
    accumulator.convertTo(density, CV_32F);
    return density;
}

cv::Mat sumPool(const cv::Mat& density, int stride) {
    if (stride < 1)
        throw std::invalid_argument("sumPool: stride must be at least 1");
    if (density.channels() != 1 || density.dims != 2)
        throw std::invalid_argument("sumPool: expected a single-channel 2-D map");
    cv::Mat source;
    if (density.depth() == CV_32F)
        source = density;
    else
        density.convertTo(source, CV_32F);
    const int outRows = (source.rows + stride - 1) / stride;
    const int outCols = (source.cols + stride - 1) / stride;
    cv::Mat pooled(outRows, outCols, CV_32F);
    std::vector<double> sums(static_cast<std::size_t>(outCols));
    for (int oy = 0; oy < outRows; ++oy) {
        std::fill(sums.begin(), sums.end(), 0.0);
        const int yEnd = std::min(source.rows, (oy + 1) * stride);
        for (int y = oy * stride; y < yEnd; ++y) {
            const float* row = source.ptr<float>(y);
            for (int x = 0; x < source.cols; ++x)
                sums[std::size_t(x / stride)] += row[x];
        }
        float* out = pooled.ptr<float>(oy);
        for (int ox = 0; ox < outCols; ++ox)
            out[ox] = float(sums[std::size_t(ox)]);
    }
    return pooled;
}

std::string describe(const DensityParams& params) {
    std::ostringstream text;
    if (params.method == KernelMethod::Adaptive) {
        text << "adaptive";
    } else {
        text.precision(6);
        text << "fixed" << params.sigma;
    }
    text << (params.border == BorderMode::Preserve ? "-preserve" : "-scipy");
    return text.str();
}

KernelMethod parseKernelMethod(const std::string& text) {
    if (text == "adaptive")
        return KernelMethod::Adaptive;
    if (text == "fixed")
        return KernelMethod::Fixed;
    throw std::invalid_argument("unknown kernel method '" + text + "' (adaptive or fixed)");
}

BorderMode parseBorderMode(const std::string& text) {
    if (text == "preserve")
        return BorderMode::Preserve;
    if (text == "scipy")
        return BorderMode::SciPy;
    throw std::invalid_argument("unknown border mode '" + text + "' (preserve or scipy)");
}

} // namespace crowdkd
