#include "data/density_map.h"

#include "base/cancellation.h"
#include "base/name_table.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace crowdkd {

namespace {

/// The names of the kernel methods and border modes, as written.
constexpr auto kKernelMethodNames =
    nameTable<KernelMethod>("kernel method", NameCase::Exact,
                            {{KernelMethod::Adaptive, "adaptive"}, {KernelMethod::Fixed, "fixed"}});
constexpr auto kBorderModeNames =
    nameTable<BorderMode>("border mode", NameCase::Exact,
                          {{BorderMode::Preserve, "preserve"}, {BorderMode::SciPy, "scipy"}});

// σ at or below this is no blur at all (SciPy skips such axes).
constexpr double kZeroSigma = 1e-15;

// Heads per leaf of the k-d tree at most: small enough that a leaf is scanned quickly, large enough
// (every leaf gets at least half of it) that a query finds its 3 neighbours in its own leaf when
// heads pile up on one spot.
constexpr std::size_t kLeafHeads = 8;
// Heads (or kernel pixels) between two cancellation checks: a few milliseconds of work.
constexpr std::size_t kHeadsPerCancelCheck = 4096;
constexpr std::size_t kPixelsPerCancelCheck = std::size_t{1} << 22;
// Bytes of double accumulator a map is summed in at a time (a band of rows): a 150-megapixel map
// needs its float result and this, not a 1.2 GB double copy besides.
constexpr std::size_t kAccumulatorBytes = std::size_t{64} << 20;

// A 2-d tree over the heads for exact nearest-neighbour queries (what SciPy's cKDTree answers):
// median splits along the wider side of each node's bounding box, boxes kept for pruning. Building
// costs O(n log n) and a query about O(log n) whatever the layout: duplicate and near-duplicate
// heads included, on which a uniform grid degenerates into scanning every head of one cell for
// every head (quadratic: 28 s for 200 000 heads on one pixel).
class HeadTree {
public:
    HeadTree(const std::vector<HeadPoint>& heads, const CancelCheck& cancel)
        : m_heads(heads) {
        m_order.resize(heads.size());
        for (std::size_t i = 0; i < heads.size(); ++i)
            m_order[i] = static_cast<std::uint32_t>(i);
        m_nodes.reserve(2 * (heads.size() / (kLeafHeads / 2) + 1));
        m_nodes.resize(1);
        build(0, 0, heads.size(), cancel);
        // The heads in tree order, so that a leaf's heads lie side by side in memory.
        m_points.reserve(heads.size());
        for (const std::uint32_t head : m_order)
            m_points.push_back(heads[head]);
    }

    std::size_t size() const { return m_order.size(); }

    /// The head at `position` in tree order (the order in which queries run fastest: neighbouring
    /// queries walk the same nodes).
    std::size_t headAt(std::size_t position) const { return m_order[position]; }

    /// Sum of the Euclidean distances from the head at tree `position` to its
    /// kAdaptiveNeighbours nearest other heads (the heads must be more than that many).
    double sumOfNearest(std::size_t position) const {
        Nearest best;
        best.squared.fill(std::numeric_limits<double>::infinity());
        search(0, m_points[position], position, best);
        double sum = 0.0;
        for (const double squared : best.squared)
            sum += std::sqrt(squared);
        return sum;
    }

private:
    struct Node {
        double minX, minY, maxX, maxY; // bounding box of the node's heads
        std::uint32_t begin, end;      // its heads: m_order[begin, end)
        std::uint32_t left = 0;        // children (0: a leaf); the right one is left + 1
    };

    /// The kAdaptiveNeighbours smallest squared distances so far, ascending.
    struct Nearest {
        std::array<double, kAdaptiveNeighbours> squared;
    };

    double coordinate(std::uint32_t head, int axis) const {
        return axis == 0 ? m_heads[head].x : m_heads[head].y;
    }

    /// Fills node `index` with m_order[begin, end), splitting it into two children stored side by
    /// side (so that one index finds both) until leaves hold at most kLeafHeads heads.
    void build(std::size_t index, std::size_t begin, std::size_t end, const CancelCheck& cancel) {
        if (end - begin > kHeadsPerCancelCheck)
            throwIfCancelled(cancel);
        Node node{};
        node.begin = static_cast<std::uint32_t>(begin);
        node.end = static_cast<std::uint32_t>(end);
        node.minX = node.minY = std::numeric_limits<double>::infinity();
        node.maxX = node.maxY = -std::numeric_limits<double>::infinity();
        for (std::size_t i = begin; i < end; ++i) {
            const HeadPoint& head = m_heads[m_order[i]];
            node.minX = std::min(node.minX, head.x);
            node.maxX = std::max(node.maxX, head.x);
            node.minY = std::min(node.minY, head.y);
            node.maxY = std::max(node.maxY, head.y);
        }
        if (end - begin > kLeafHeads) {
            // Heads before `middle` are <= the median along `axis`, those after it >=: the
            // children's boxes may touch, but the split is half and half even when all heads
            // coincide, so the depth stays log2(n).
            const int axis = node.maxX - node.minX >= node.maxY - node.minY ? 0 : 1;
            const std::size_t middle = begin + (end - begin) / 2;
            std::nth_element(m_order.begin() + static_cast<std::ptrdiff_t>(begin),
                             m_order.begin() + static_cast<std::ptrdiff_t>(middle),
                             m_order.begin() + static_cast<std::ptrdiff_t>(end),
                             [this, axis](std::uint32_t a, std::uint32_t b) {
                                 return coordinate(a, axis) < coordinate(b, axis);
                             });
            node.left = static_cast<std::uint32_t>(m_nodes.size());
            m_nodes.resize(m_nodes.size() + 2);
            m_nodes[index] = node;
            build(node.left, begin, middle, cancel);
            build(node.left + 1, middle, end, cancel);
            return;
        }
        m_nodes[index] = node;
    }

    static double squaredDistanceToBox(const Node& node, const HeadPoint& p) {
        const double dx = std::max({node.minX - p.x, 0.0, p.x - node.maxX});
        const double dy = std::max({node.minY - p.y, 0.0, p.y - node.maxY});
        return dx * dx + dy * dy;
    }

    /// Looks for the nearest heads to `p` (the head at tree position `self`, left out) below node
    /// `index`.
    void search(std::size_t index, const HeadPoint& p, std::size_t self, Nearest& best) const {
        const Node& node = m_nodes[index];
        if (node.left == 0) {
            for (std::uint32_t i = node.begin; i < node.end; ++i) {
                if (i == self)
                    continue;
                const double dx = m_points[i].x - p.x;
                const double dy = m_points[i].y - p.y;
                const double d2 = dx * dx + dy * dy;
                if (d2 < best.squared.back()) {
                    std::size_t slot = best.squared.size() - 1;
                    while (slot > 0 && best.squared[slot - 1] > d2) {
                        best.squared[slot] = best.squared[slot - 1];
                        --slot;
                    }
                    best.squared[slot] = d2;
                }
            }
            return;
        }
        // Nearer child first; a child no nearer than the current k-th distance cannot improve it.
        std::size_t first = node.left;
        std::size_t second = node.left + 1;
        double firstDistance = squaredDistanceToBox(m_nodes[first], p);
        double secondDistance = squaredDistanceToBox(m_nodes[second], p);
        if (secondDistance < firstDistance) {
            std::swap(first, second);
            std::swap(firstDistance, secondDistance);
        }
        if (firstDistance < best.squared.back())
            search(first, p, self, best);
        if (secondDistance < best.squared.back())
            search(second, p, self, best);
    }

    const std::vector<HeadPoint>& m_heads;
    std::vector<std::uint32_t> m_order; // head indices in tree order: each node's are a range
    std::vector<HeadPoint> m_points;    // the heads in tree order
    std::vector<Node> m_nodes;          // m_nodes[0] is the root
};

// The radius of SciPy's truncated kernel for σ: int(4σ + 0.5), 0 for no blur.
int kernelRadius(double sigma) {
    if (!(sigma > kZeroSigma))
        return 0;
    return int(std::min(kGaussianTruncate * sigma + 0.5, 1e8));
}

// Adds one head's Gaussian into the rows of the double accumulator `strip` holds (image rows
// [top, top + strip.rows)): the outer product of `kernel` with itself, centred at `pixel`,
// clipped to the image of `size` (Preserve renormalises over that clipped window).
void addKernel(cv::Mat& strip, int top, cv::Size size, cv::Point pixel,
               const std::vector<double>& kernel, BorderMode border) {
    const int radius = int(kernel.size() / 2);
    const int x0 = std::max(0, pixel.x - radius);
    const int x1 = std::min(size.width - 1, pixel.x + radius);
    const int y0 = std::max(0, pixel.y - radius);
    const int y1 = std::min(size.height - 1, pixel.y + radius);
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
    const int first = std::max(y0, top);
    const int last = std::min(y1, top + strip.rows - 1);
    for (int y = first; y <= last; ++y) {
        double* row = strip.ptr<double>(y - top) + x0;
        const double weight = ky[y - y0] * scale;
        for (int c = 0; c < width; ++c)
            row[c] += kx[c] * weight;
    }
}

} // namespace

std::vector<double> gaussianKernel1d(double sigma) {
    if (!(sigma > kZeroSigma))
        return {1.0};
    // SciPy: radius = int(truncate * sd + 0.5); phi = exp(-0.5 / sigma² * x²) / sum.
    const int radius = kernelRadius(sigma);
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

std::vector<double> adaptiveSigmas(const std::vector<HeadPoint>& pixels, cv::Size size,
                                   const CancelCheck& cancel) {
    std::vector<double> sigmas(pixels.size());
    if (pixels.size() < std::size_t(kAdaptiveNeighbours) + 1) {
        std::fill(sigmas.begin(), sigmas.end(), (size.width + size.height) / 2.0 / 4.0);
        return sigmas;
    }
    const HeadTree tree(pixels, cancel);
    for (std::size_t position = 0; position < tree.size(); ++position) {
        if (position % kHeadsPerCancelCheck == 0)
            throwIfCancelled(cancel);
        sigmas[tree.headAt(position)] = tree.sumOfNearest(position) * kAdaptiveBeta;
    }
    return sigmas;
}

cv::Mat makeDensityMap(const std::vector<HeadPoint>& points, cv::Size size,
                       const DensityParams& params, const CancelCheck& cancel) {
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
    std::vector<double> sigmas;
    if (params.method == KernelMethod::Adaptive)
        sigmas = adaptiveSigmas(inside, size, cancel);
    const std::vector<double> fixedKernel = params.method == KernelMethod::Fixed
                                                ? gaussianKernel1d(params.sigma)
                                                : std::vector<double>{};
    const auto sigmaOf = [&](std::size_t head) {
        return params.method == KernelMethod::Fixed ? params.sigma : sigmas[head];
    };
    // Values are summed in double a band of rows at a time and rounded to float once: a band holds
    // at most kAccumulatorBytes, so a large map never has a full-size double copy. Within a band,
    // heads add up in their order, as over the whole map.
    const int bandRows = int(std::clamp<std::int64_t>(
        std::int64_t(kAccumulatorBytes / (sizeof(double) * std::size_t(size.width))), 1,
        size.height));
    cv::Mat density(size, CV_32F);
    cv::Mat accumulator(bandRows, size.width, CV_64F);
    // Kernels cost their window's area: check for cancellation every few million pixels added.
    std::size_t pixelsSinceCheck = 0;
    for (int top = 0; top < size.height; top += bandRows) {
        const int rows = std::min(bandRows, size.height - top);
        cv::Mat band = accumulator.rowRange(0, rows);
        band.setTo(0.0);
        for (std::size_t i = 0; i < pixels.size(); ++i) {
            const double sigma = sigmaOf(i);
            const int radius = kernelRadius(sigma);
            if (pixels[i].y + radius < top || pixels[i].y - radius >= top + rows)
                continue;
            if (params.method == KernelMethod::Fixed)
                addKernel(band, top, size, pixels[i], fixedKernel, params.border);
            else
                addKernel(band, top, size, pixels[i], gaussianKernel1d(sigma), params.border);
            pixelsSinceCheck += std::size_t(2 * radius + 1) * std::size_t(2 * radius + 1);
            if (pixelsSinceCheck >= kPixelsPerCancelCheck) {
                pixelsSinceCheck = 0;
                throwIfCancelled(cancel);
            }
        }
        cv::Mat target = density.rowRange(top, top + rows);
        band.convertTo(target, CV_32F);
    }
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
    text << toString(params.method);
    if (params.method == KernelMethod::Fixed) {
        text.precision(6);
        text << params.sigma;
    }
    text << '-' << toString(params.border);
    return text.str();
}

std::string toString(KernelMethod method) {
    return kKernelMethodNames.toString(method);
}

std::string toString(BorderMode border) {
    return kBorderModeNames.toString(border);
}

KernelMethod parseKernelMethod(const std::string& text) {
    return kKernelMethodNames.fromString(text);
}

BorderMode parseBorderMode(const std::string& text) {
    return kBorderModeNames.fromString(text);
}

} // namespace crowdkd
