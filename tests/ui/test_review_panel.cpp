// Review mode of the Annotate workspace: on a part A test image whose annotation lost 30 heads in
// one place, the bundled student's density (run off the GUI thread) puts a "possibly missed" region
// over them (svishwa's MCNN; the bundled student is the default), the regions are drawn on the
// canvas, and choosing one zooms the canvas onto it.
#include "annotate/annotate_workspace.h"
#include "annotate/annotation_canvas.h"
#include "annotate/annotation_document.h"
#include "annotate/review_panel.h"
#include "common/studio_support.h"
#include "count/count_workspace.h"
#include "data/ground_truth.h"
#include "dataset/dataset_filter_model.h"
#include "dataset/dataset_session.h"
#include "head_groups.h"
#include "studio_test_support.h"
#include "test_support.h"

#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

using namespace crowdkd;
using namespace crowdkd::ui;

namespace {

constexpr const char* kImage = "data/ShanghaiTech/part_A/test_data/images/IMG_5.jpg";
constexpr const char* kTruth = "data/ShanghaiTech/part_A/test_data/ground-truth/GT_IMG_5.mat";
constexpr const char* kMcnn = "fixtures/pretrained/mcnn_shtechA_svishwa.pth";
/// How many heads the test removes from the annotation.
constexpr int kDeleted = 30;

} // namespace

class TestReviewPanel : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { test::isolateUserFolders(); }
    void findsDeletedHeadsAndZoomsOntoThem();
};

void TestReviewPanel::findsDeletedHeadsAndZoomsOntoThem() {
    CROWDKD_REQUIRE_SHARED(kImage);
    CROWDKD_REQUIRE_SHARED(kMcnn);
    const QString model = defaultStudentPath();
    if (model.isEmpty())
        QSKIP("the default student is not installed");
    const QString imagePath = QDir(test::sharedDir()).filePath(QString::fromUtf8(kImage));
    const std::vector<HeadPoint> truth = readGroundTruth(test::sharedPath(kTruth)).points;
    QVERIFY(truth.size() > 100);

    // A compact patch of 30 heads is left out of the annotation.
    const std::vector<std::size_t> group = test::mostCompactGroup(truth, kDeleted);
    QVector<QPointF> kept;
    QVector<QPointF> removed;
    for (std::size_t i = 0; i < truth.size(); ++i) {
        const bool deleted = std::find(group.begin(), group.end(), i) != group.end();
        (deleted ? removed : kept).append(QPointF(truth[i].x, truth[i].y));
    }

    DatasetSession session;
    DatasetFilterModel filter;
    AnnotateWorkspace workspace(&session, &filter);
    workspace.resize(1400, 900);
    workspace.show();
    QVERIFY(QTest::qWaitForWindowExposed(&workspace));
    workspace.document()->setContent(readQImage(imagePath), kept, imagePath);
    ReviewPanel* panel = workspace.reviewPanel();
    QVERIFY(panel);
    QCOMPARE(panel->modelPath(), model); // the bundled student by default
    // The test reviews with svishwa's MCNN (the better-trained student of the two).
    panel->setModelPath(QDir(test::sharedDir()).filePath(QString::fromUtf8(kMcnn)));

    QSignalSpy reviewed(panel, &ReviewPanel::reviewFinished);
    QTest::mouseClick(panel->findChild<QPushButton*>(QStringLiteral("reviewToggle")),
                      Qt::LeftButton);
    QVERIFY(panel->isActive());
    QVERIFY(reviewed.wait(120000));
    QVERIFY(reviewed.front().front().toBool());

    const pipeline::AnnotationReview& review = panel->review();
    QVERIFY(!review.missed.empty());
    QListWidget* list = panel->regionList();
    QCOMPARE(list->count(), static_cast<int>(review.missed.size() + review.extra.size()));
    QCOMPARE(workspace.canvas()->markers().size(), list->count());
    // The top "missed" region holds deleted heads.
    const cv::Rect top = review.missed.front().box;
    const QRectF topRect(top.x, top.y, top.width, top.height);
    const auto inside = std::count_if(removed.begin(), removed.end(),
                                      [&](const QPointF& p) { return topRect.contains(p); });
    QVERIFY2(inside >= kDeleted / 4, qPrintable(QString::number(inside)));
    QVERIFY(list->item(0)->text().contains(QStringLiteral("missed")));
    QVERIFY(list->item(list->count() - 1)->text().contains(QStringLiteral("extra")) ||
            review.extra.empty());

    // Choosing the entry zooms onto the region: its centre comes to the canvas's centre.
    AnnotationCanvas* canvas = workspace.canvas();
    const double fitZoom = canvas->zoom();
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {},
                      list->visualItemRect(list->item(0)).center());
    QVERIFY(canvas->zoom() > fitZoom);
    const QPointF shown = canvas->mapFromImage(topRect.center());
    QVERIFY(qAbs(shown.x() - canvas->width() / 2.0) < 2);
    QVERIFY(qAbs(shown.y() - canvas->height() / 2.0) < 2);
    canvas->fitToWindow();
    test::saveScreenshot(&workspace, QStringLiteral("review_mode"));
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {},
                      list->visualItemRect(list->item(0)).center());
    test::saveScreenshot(&workspace, QStringLiteral("review_mode_zoomed"));

    // Putting the heads back: the comparison is redone (without running the model again) and the
    // missed region goes away.
    workspace.document()->setContent(readQImage(imagePath), kept + removed, imagePath);
    QVERIFY(reviewed.wait(120000));
    const auto stillInside = [&] {
        for (const pipeline::ReviewRegion& r : panel->review().missed) {
            const QRectF box(r.box.x, r.box.y, r.box.width, r.box.height);
            if (std::count_if(removed.begin(), removed.end(),
                              [&](const QPointF& p) { return box.contains(p); }) >= kDeleted / 4 &&
                r.difference() > kDeleted / 2.0)
                return true;
        }
        return false;
    };
    QVERIFY(!stillInside());

    // Turning review mode off clears the regions.
    panel->setActive(false);
    QCOMPARE(list->count(), 0);
    QVERIFY(canvas->markers().isEmpty());
}

QTEST_MAIN(TestReviewPanel)
#include "test_review_panel.moc"
