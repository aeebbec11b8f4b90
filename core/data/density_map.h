#pragma once

#include "base/cancellation.h"
#include "data/ground_truth.h"

#include <opencv2/core.hpp>

#include <string>
#include <vector>

namespace crowdkd {

/// How the Gaussian of each head gets its width.
enum class KernelMethod {
    /// Geometry-adaptive (CSRNet / MCNN): σ = 0.1 × (sum of the distances to the head's 3 nearest
    /// other heads); with fewer than 4 heads in the image, σ = mean(H, W) / 4 for every head.
    Adaptive,
    /// The same σ (DensityParams::sigma) for every head.
    Fixed,
};

/// What happens to the part of a kernel that falls outside the image.
enum class BorderMode {
    /// Each clipped kernel is renormalised to sum to 1, so the map sums to the number of heads
    /// inside the image (to float precision). The default for training.
    Preserve,
    /// Reproduces scipy.ndimage.gaussian_filter(mode='constant', truncate=4.0): the mass outside
    /// the image is lost, as in the common pipeline's published maps (within 1e-6 per pixel).
    SciPy,
};

/// Parameters of a density map.
struct DensityParams {
    KernelMethod method = KernelMethod::Adaptive;
    /// σ in pixels for KernelMethod::Fixed.
    double sigma = 15.0;
    BorderMode border = BorderMode::Preserve;

    bool operator==(const DensityParams& other) const {
        return method == other.method && border == other.border &&
               (method == KernelMethod::Adaptive || sigma == other.sigma);
    }
};

/// The widest fixed kernel anyone may ask for, in pixels: far beyond any head, and the kernel
/// (8σ + 1 samples) stays small.
constexpr double kMaxFixedSigma = 1000.0;
/// Gaussians are truncated at this many σ (SciPy's default truncate=4.0).
constexpr double kGaussianTruncate = 4.0;
/// Geometry-adaptive kernels: σ = kAdaptiveBeta × sum of distances to the kAdaptiveNeighbours
/// nearest other heads.
constexpr double kAdaptiveBeta = 0.1;
/// How many neighbours the adaptive σ looks at.
constexpr int kAdaptiveNeighbours = 3;

/// The density map of `points` for an image of `size`: CV_32F, size.height × size.width.
///
/// Each head inside the image (see isInsideImage(); heads outside are left out) is a unit impulse
/// at pixel (int(y), int(x)), spread by a Gaussian of standard deviation σ truncated at radius
/// r = int(4σ + 0.5), built separably inside its (2r+1)² window as the outer product of the 1-D
/// kernel g(t) = exp(-t² / 2σ²) / Σ_{|s|<=r} exp(-s² / 2σ²), t = -r…r. σ below 1e-15 leaves the
/// impulse as it is (as SciPy does). Values are accumulated in double and rounded to float once.
/// See docs/data.md. `cancel` is asked every few milliseconds of work; when it says so, throws
/// crowdkd::Cancelled.
cv::Mat makeDensityMap(const std::vector<HeadPoint>& points, cv::Size size,
                       const DensityParams& params = {}, const CancelCheck& cancel = {});

/// The geometry-adaptive σ of each of `heads` (the heads inside an image of `size`), in the same
/// order: 0.1 × the sum of the Euclidean distances between the stored (sub-pixel) coordinates to
/// the 3 nearest other heads, as the common pipeline's k-d tree query gives them (an exact k-d tree
/// finds them here: O(n log n) however the heads lie, duplicates included), or mean(H, W) / 4 for
/// all when there are fewer than 4 heads. Throws crowdkd::Cancelled when `cancel` says so.
std::vector<double> adaptiveSigmas(const std::vector<HeadPoint>& heads, cv::Size size,
                                   const CancelCheck& cancel = {});

/// SciPy's truncated, normalised 1-D Gaussian for σ: 2r+1 weights, r = int(4σ + 0.5).
std::vector<double> gaussianKernel1d(double sigma);

/// Sum-pools a CV_32F density map by `stride` (>= 1) so that counts are preserved exactly: output
/// cell (i, j) is the sum of input pixels [i·s, (i+1)·s) × [j·s, (j+1)·s), accumulated in double.
/// Sizes that are not multiples of the stride: the map is padded with zeros to the next multiple,
/// so the output is ceil(H/s) × ceil(W/s) and no mass is lost (the last row/column of cells sums
/// fewer pixels). Model preprocessing that resizes images to multiples of the stride (MCNN floors
/// width and height to multiples of 4) makes the map a multiple in the first place.
cv::Mat sumPool(const cv::Mat& density, int stride);

/// A short stable text for parameters, such as "adaptive-preserve" or "fixed15-scipy" (used in
/// file names, cache keys and JSON output).
std::string describe(const DensityParams& params);

/// "adaptive" or "fixed".
std::string toString(KernelMethod method);
/// "preserve" or "scipy".
std::string toString(BorderMode border);

/// Parses "adaptive" / "fixed" and "preserve" / "scipy"; throws std::invalid_argument otherwise.
KernelMethod parseKernelMethod(const std::string& text);
BorderMode parseBorderMode(const std::string& text);

} // namespace crowdkd
