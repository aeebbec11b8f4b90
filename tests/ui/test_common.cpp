// What the workspaces share (ui/common/): the one density colouriser and its legend, the one
// zoom/pan transform of the image views, and the settings keys with their defaults.
#include "common/density_colouriser.h"
#include "common/density_legend.h"
#include "common/settings_keys.h"
#include "common/view_transform.h"
#include "studio_test_support.h"

#include <QImage>
#include <QPainter>
#include <QSettings>
#include <QTest>

#include <opencv2/core.hpp>

#include <cmath>

using namespace crowdkd::ui;

namespace {

/// Relative luminance (Rec. 709 weights) of an sRGB colour, 0…255.
double luminance(QRgb colour) {
    return 0.2126 * qRed(colour) + 0.7152 * qGreen(colour) + 0.0722 * qBlue(colour);
}

bool near(const QPointF& a, const QPointF& b) {
    return QLineF(a, b).length() < 1e-9;
}

} // namespace

class TestCommon : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void colourMapRunsFromDarkToBright();
    void scaleTopIgnoresEmptyCellsAndHotSpots();
    void colourisedMapsFollowTheScale();
    void legendPaintsTheColourMap();
    void zoomAboutAPointKeepsItFixed();
    void zoomStaysWithinItsLimits();
    void fitCentresAndResizeKeepsTheView();
    void panningKeepsTheImageInReach();
    void settingsFallBackToTheirDefaults();
};

void TestCommon::initTestCase() {
    crowdkd::test::isolateUserFolders();
}

void TestCommon::colourMapRunsFromDarkToBright() {
    const QRgb none = DensityColouriser::colourAt(0.0);
    const QRgb top = DensityColouriser::colourAt(1.0);
    QVERIFY2(luminance(none) < 10, qPrintable(QColor(none).name())); // black where nobody is
    QVERIFY2(luminance(top) > 200, qPrintable(QColor(top).name()));  // bright at the top
    QVERIFY(qRed(top) > qBlue(top));                                 // warm, not white
    // Lightness rises with the density: the map reads in greyscale too.
    double previous = -1;
    for (int i = 0; i <= 255; ++i) {
        const double l = luminance(DensityColouriser::colourAt(i / 255.0));
        QVERIFY2(l >= previous - 0.5,
                 qPrintable(QStringLiteral("at %1: %2 after %3").arg(i).arg(l).arg(previous)));
        previous = std::max(previous, l);
    }
    // Outside [0, 1] the ends are kept.
    QCOMPARE(DensityColouriser::colourAt(-3.0), none);
    QCOMPARE(DensityColouriser::colourAt(7.0), top);
}

void TestCommon::scaleTopIgnoresEmptyCellsAndHotSpots() {
    QCOMPARE(DensityColouriser::scaleTop(cv::Mat()), 0.0);
    QCOMPARE(DensityColouriser::scaleTop(cv::Mat::zeros(8, 8, CV_32F)), 0.0);
    // A few heads in a large empty map: the scale comes from the heads, not from the zeros.
    cv::Mat sparse = cv::Mat::zeros(100, 100, CV_32F);
    for (int i = 0; i < 200; ++i)
        sparse.at<float>(i / 10, i % 10) = 0.5f;
    QCOMPARE(DensityColouriser::scaleTop(sparse), 0.5);
    // One hot cell does not set the scale.
    sparse.at<float>(50, 50) = 100.0f;
    QCOMPARE(DensityColouriser::scaleTop(sparse), 0.5);
    // Negative outputs (a model's) do not count.
    cv::Mat negative(4, 4, CV_32F, cv::Scalar(-1.0f));
    QCOMPARE(DensityColouriser::scaleTop(negative), 0.0);
}

void TestCommon::colourisedMapsFollowTheScale() {
    cv::Mat density(1, 3, CV_32F);
    density.at<float>(0, 0) = 0.0f;
    density.at<float>(0, 1) = 1.0f;
    density.at<float>(0, 2) = 4.0f; // above the top: saturates
    const DensityColouriser colouriser(2.0);
    QCOMPARE(colouriser.top(), 2.0);
    const QImage opaque = colouriser.colourise(density);
    QCOMPARE(opaque.size(), QSize(3, 1));
    QCOMPARE(opaque.pixel(0, 0), DensityColouriser::colourAt(0.0));
    QCOMPARE(opaque.pixel(1, 0), DensityColouriser::colourAt(0.5));
    QCOMPARE(opaque.pixel(2, 0), DensityColouriser::colourAt(1.0));

    // Overlays fade in with the density: transparent where nobody is, opaque at the top.
    const QImage overlay = colouriser.overlay(density);
    QCOMPARE(qAlpha(overlay.pixel(0, 0)), 0);
    QVERIFY(qAbs(qAlpha(overlay.pixel(1, 0)) - 128) <= 1);
    QCOMPARE(qAlpha(overlay.pixel(2, 0)), 255);
    QCOMPARE(overlay.pixel(2, 0), DensityColouriser::colourAt(1.0));
    // …and take the image's size when asked.
    QCOMPARE(colouriser.overlay(density, QSize(30, 10)).size(), QSize(30, 10));
    QVERIFY(colouriser.overlay(cv::Mat()).isNull());
}

void TestCommon::legendPaintsTheColourMap() {
    QImage image(101, 20, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    DensityLegend::paintBar(painter, QRectF(0, 0, 100, 19), Qt::Horizontal, Qt::gray);
    painter.end();
    // Dark at the low end, bright at the high end, as the overlays.
    QVERIFY(luminance(image.pixel(3, 10)) < 30);
    QVERIFY(luminance(image.pixel(97, 10)) > 200);
    QVERIFY(luminance(image.pixel(25, 10)) < luminance(image.pixel(75, 10)));

    DensityLegend legend;
    legend.resize(legend.sizeHint());
    const QImage shown = legend.grab().toImage();
    QVERIFY(luminance(shown.pixel(3, shown.height() / 2)) <
            luminance(shown.pixel(shown.width() - 4, shown.height() / 2)));
}

void TestCommon::zoomAboutAPointKeepsItFixed() {
    ViewTransform view;
    view.fit(QSizeF(400, 300), QSizeF(800, 600));
    QCOMPARE(view.zoom(), 2.0);
    QVERIFY(near(view.toView(QPointF(200, 150)), QPointF(400, 300)));
    const QPointF anchor(123, 456);
    const QPointF under = view.toImage(anchor);
    view.zoomBySteps(3, anchor);
    QVERIFY(std::abs(view.zoom() - 2.0 * std::pow(ViewTransform::kZoomStep, 3)) < 1e-12);
    QVERIFY(near(view.toImage(anchor), under));
    view.zoomAbout(0.5, anchor);
    QCOMPARE(view.zoom(), 0.5);
    QVERIFY(near(view.toImage(anchor), under));
    // toImage and toView are inverse.
    QVERIFY(near(view.toImage(view.toView(QPointF(7, 9))), QPointF(7, 9)));
    QCOMPARE(view.toView(QRectF(0, 0, 10, 10)).size(), QSizeF(5, 5));
}

void TestCommon::zoomStaysWithinItsLimits() {
    ViewTransform view;
    view.zoomBySteps(1000, QPointF(10, 10));
    QCOMPARE(view.zoom(), ViewTransform::kMaxZoom);
    view.zoomBySteps(-1000, QPointF(10, 10));
    QCOMPARE(view.zoom(), ViewTransform::kMinZoom);
    view.showAt(1e9, QPointF(), QPointF());
    QCOMPARE(view.zoom(), ViewTransform::kMaxZoom);
    // A panorama much wider than the view fits no further out than the lower limit.
    QCOMPARE(ViewTransform::fitZoom(QSizeF(1e6, 10), QSizeF(100, 100)), ViewTransform::kMinZoom);
    // Fitting leaves the margin on the tighter side.
    QCOMPARE(ViewTransform::fitZoom(QSizeF(100, 50), QSizeF(220, 220), 10), 2.0);
}

void TestCommon::fitCentresAndResizeKeepsTheView() {
    const QSizeF image(400, 200);
    ViewTransform view;
    view.fit(image, QSizeF(400, 400));
    QCOMPARE(view.zoom(), 1.0);
    QVERIFY(near(view.origin(), QPointF(0, 100)));
    // Zoomed in on the right half, then shown twice as large: same place, twice the zoom.
    view.zoomAbout(2.0, view.toView(QPointF(300, 100)));
    const QPointF centre = view.toImage(QPointF(200, 200));
    const ViewTransform larger = view.resized(image, QSizeF(400, 400), QSizeF(800, 800));
    QCOMPARE(larger.zoom(), 4.0);
    QVERIFY(near(larger.toImage(QPointF(400, 400)), centre));
    // The same size gives the same view.
    const ViewTransform same = view.resized(image, QSizeF(400, 400), QSizeF(400, 400));
    QCOMPARE(same.zoom(), view.zoom());
    QVERIFY(near(same.origin(), view.origin()));
}

void TestCommon::panningKeepsTheImageInReach() {
    const QSizeF image(100, 100);
    const QSizeF size(200, 200);
    ViewTransform view;
    view.fit(image, size);
    view.panBy(QPointF(-10000, 5000));
    view.keepCentreOverImage(image, size);
    // The view's centre is on the image's nearest edge point.
    QVERIFY(near(view.toImage(QPointF(100, 100)), QPointF(100, 0)));
    // Inside the image nothing moves.
    view.fit(image, size);
    view.panBy(QPointF(30, -20));
    const QPointF origin = view.origin();
    view.keepCentreOverImage(image, size);
    QVERIFY(near(view.origin(), origin));
}

void TestCommon::settingsFallBackToTheirDefaults() {
    QSettings().clear();
    QCOMPARE(settings::kPointRadius.read(), 4);
    QVERIFY(!settings::kPointRadius.isSet());
    settings::kPointRadius.write(9);
    QVERIFY(settings::kPointRadius.isSet());
    QCOMPARE(settings::kPointRadius.read(), 9);
    QCOMPARE(QSettings().value(QStringLiteral("annotate/pointRadius")).toInt(), 9);
    // Defaults known at run time.
    QCOMPARE(settings::kRunsFolder.read(settings::defaultRunsFolder()),
             settings::defaultRunsFolder());
    QVERIFY(settings::defaultRunsFolder().endsWith(QStringLiteral("/runs")));
    settings::kRecentModels.write({QStringLiteral("a.pth"), QStringLiteral("b.pt")});
    QCOMPARE(settings::kRecentModels.read(),
             QStringList({QStringLiteral("a.pth"), QStringLiteral("b.pt")}));
    QSettings().clear();
}

QTEST_MAIN(TestCommon)
#include "test_common.moc"
