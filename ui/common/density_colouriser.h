#pragma once

#include <QImage>
#include <QRgb>
#include <QSize>

namespace cv {
class Mat;
}

namespace crowdkd::ui {

/// The studio's one way of colouring density maps (Annotate's overlay, Count's preview, Compare's
/// panels): the perceptually uniform "inferno" colour map, black where nobody is and bright
/// yellow where the crowd is densest, whose lightness rises steadily with the density; on a linear
/// scale from 0 to a top taken from the map itself (scaleTop()). Over a photo the colours also
/// fade in with the density, so the photo shows through where nobody is. DensityLegend shows the
/// scale.
class DensityColouriser {
public:
    /// The top of the colour scale for `density` (CV_32F): the kTopQuantile quantile of its
    /// positive values, so that a few hot cells do not wash the crowd out; 0 when it has none.
    static double scaleTop(const cv::Mat& density);
    /// The colour of `fraction` of the top of the scale (clamped to [0, 1]).
    static QRgb colourAt(double fraction);

    /// Colours on a scale from 0 to `top` (people per cell of the maps to colour).
    explicit DensityColouriser(double top);
    double top() const { return m_top; }

    /// The map in opaque colours, one pixel per cell (a map shown on its own).
    QImage colourise(const cv::Mat& density) const;
    /// The map in colours whose alpha rises from 0 (no density) to 255 (the top), resized
    /// bilinearly to `size` when one is given (an overlay on the image it was computed from).
    QImage overlay(const cv::Mat& density, const QSize& size = {}) const;

private:
    double m_top;
};

} // namespace crowdkd::ui
