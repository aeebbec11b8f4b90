// Review mode's comparison of a model's density with an annotation, on a real part A image: heads
// deleted from the annotation show up as the top "missed" region, duplicated labels as the top
// "extra" one, both with a perfect model (the annotation's own density) and with svishwa's MCNN.
#include "head_groups.h"
#include "pipeline/annotation_review.h"
#include "pipeline/model_loader.h"
#include "pipeline/predictor.h"
#include "pipeline/preprocess.h"
#include "test_support.h"

#include <QTest>

#include <algorithm>
#include <cmath>

using namespace crowdkd;
using namespace crowdkd::pipeline;

namespace {

/// A crowded part A test image and its annotation.
constexpr const char* kImage = "data/ShanghaiTech/part_A/test_data/images/IMG_5.jpg";
constexpr const char* kTruth = "data/ShanghaiTech/part_A/test_data/ground-truth/GT_IMG_5.mat";
constexpr const char* kMcnn = "fixtures/pretrained/mcnn_shtechA_svishwa.pth";
/// MCNN's output stride.
constexpr int kStride = 4;
/// How many heads the test deletes.
constexpr int kDeleted = 30;

/// The share of `heads` inside `box`.
double shareInside(const std::vector<HeadPoint>& heads, const cv::Rect& box) {
    int inside = 0;
    for (const HeadPoint& h : heads)
        inside += box.contains(cv::Point(static_cast<int>(h.x), static_cast<int>(h.y))) ? 1 : 0;
    return static_cast<double>(inside) / static_cast<double>(heads.size());
}

struct Edited {
    std::vector<HeadPoint> kept;
    std::vector<HeadPoint> removed;
};

/// The annotation without its most compact group of kDeleted heads (a patch of crowd left
/// unlabelled).
Edited deleteCluster(const std::vector<HeadPoint>& points) {
    const std::vector<std::size_t> cluster = test::mostCompactGroup(points, kDeleted);
    Edited edited;
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (std::find(cluster.begin(), cluster.end(), i) != cluster.end())
            edited.removed.push_back(points[i]);
        else
            edited.kept.push_back(points[i]);
    }
    return edited;
}

} // namespace

class TestAnnotationReview : public QObject {
    Q_OBJECT

private slots:
    void perfectModelFindsEdits();
    void mcnnFindsDeletedHeads();
};

void TestAnnotationReview::perfectModelFindsEdits() {
    CROWDKD_REQUIRE_SHARED(kTruth);
    const std::vector<HeadPoint> points = readGroundTruth(test::sharedPath(kTruth)).points;
    const cv::Size imageSize = readImageSize(test::sharedPath(kImage));
    QVERIFY(points.size() > 100);
    const cv::Size inputSize = modelInputSize(imageSize, nn::ModelKind::Mcnn);
    // The model that sees exactly the annotated heads.
    std::vector<HeadPoint> scaled;
    for (const HeadPoint& p : points) {
        if (isInsideImage(p, imageSize))
            scaled.push_back({p.x * inputSize.width / imageSize.width,
                              p.y * inputSize.height / imageSize.height});
    }
    const cv::Mat perfect = sumPool(makeDensityMap(scaled, inputSize), kStride);

    // Unchanged annotation: nothing to report.
    const AnnotationReview same = reviewAnnotation(perfect, kStride, inputSize, points, imageSize);
    QVERIFY(same.missed.empty());
    QVERIFY(same.extra.empty());

    // Deleted heads: the top missed region covers them, and sees about that many more people.
    Edited edited = deleteCluster(points);
    // Duplicated labels elsewhere (a head far from the deleted ones, labelled 15 times more).
    const HeadPoint far = *std::max_element(points.begin(), points.end(), [&](auto a, auto b) {
        const HeadPoint c = edited.removed.front();
        return std::hypot(a.x - c.x, a.y - c.y) < std::hypot(b.x - c.x, b.y - c.y);
    });
    for (int i = 0; i < 15; ++i)
        edited.kept.push_back({far.x + 0.5 * (i % 4), far.y + 0.5 * (i / 4)});
    const AnnotationReview review =
        reviewAnnotation(perfect, kStride, inputSize, edited.kept, imageSize);
    QVERIFY(!review.missed.empty());
    QVERIFY(!review.extra.empty());
    QVERIFY2(shareInside(edited.removed, review.missed.front().box) >= 0.3,
             qPrintable(QString::number(shareInside(edited.removed, review.missed.front().box))));
    QVERIFY(review.missed.front().difference() > 5);
    QVERIFY(review.extra.front().box.contains(
        cv::Point(static_cast<int>(far.x), static_cast<int>(far.y))));
    QVERIFY(review.extra.front().difference() < -10);
    QVERIFY(std::abs(review.modelCount - review.annotationCount - (kDeleted - 15)) < 1.0);
    // Regions of one sign do not overlap.
    for (std::size_t i = 1; i < review.missed.size(); ++i)
        QVERIFY((review.missed[i].box & review.missed[0].box).area() == 0);
}

void TestAnnotationReview::mcnnFindsDeletedHeads() {
    CROWDKD_REQUIRE_SHARED(kTruth);
    CROWDKD_REQUIRE_SHARED(kMcnn);
    nn::DensityModel model = loadDensityModel(test::sharedPath(kMcnn));
    const Prediction prediction = predictFile(model, test::sharedPath(kImage));
    const cv::Mat density(static_cast<int>(prediction.density.size(0)),
                          static_cast<int>(prediction.density.size(1)), CV_32F,
                          prediction.density.data_ptr<float>());
    const std::vector<HeadPoint> points = readGroundTruth(test::sharedPath(kTruth)).points;
    const cv::Size imageSize = readImageSize(test::sharedPath(kImage));
    const Edited edited = deleteCluster(points);
    ReviewParams params;
    params.blockSize = 64;
    const AnnotationReview review =
        reviewAnnotation(density, kStride, prediction.inputSize, edited.kept, imageSize, params);
    QVERIFY(!review.missed.empty());
    QVERIFY2(
        shareInside(edited.removed, review.missed.front().box) >= 0.3,
        qPrintable(QStringLiteral("top missed region (%1, %2, %3×%4) holds %5 of the deleted heads")
                       .arg(review.missed.front().box.x)
                       .arg(review.missed.front().box.y)
                       .arg(review.missed.front().box.width)
                       .arg(review.missed.front().box.height)
                       .arg(shareInside(edited.removed, review.missed.front().box))));
    QVERIFY(std::abs(review.modelCount - prediction.count) < 1e-3 * prediction.count);
}

QTEST_MAIN(TestAnnotationReview)
#include "test_annotation_review.moc"
