// "Propose heads" in the Annotate workspace (#18.2): on a part A test image whose annotation lost a
// patch of 30 heads, svishwa's MCNN proposes the missing heads inside a dragged region (off the GUI
// thread); a click accepts one, a rubber band and Return accept several, Delete rejects, Accept All
// takes the rest, each action one undo step; nothing reaches the file before it is accepted and
// saved, and the status bar counts the clicks saved.
#include "annotate/annotate_workspace.h"
#include "annotate/annotation_canvas.h"
#include "annotate/annotation_document.h"
#include "annotate/proposal_panel.h"
#include "annotate/review_panel.h"
#include "common/studio_support.h"
#include "data/ground_truth.h"
#include "dataset/dataset_filter_model.h"
#include "dataset/dataset_session.h"
#include "head_groups.h"
#include "studio_test_support.h"
#include "test_support.h"

#include <QCryptographicHash>
#include <QFile>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <algorithm>

using namespace crowdkd;
using namespace crowdkd::ui;

namespace {

constexpr const char* kImage = "data/ShanghaiTech/part_A/test_data/images/IMG_5.jpg";
constexpr const char* kTruth = "data/ShanghaiTech/part_A/test_data/ground-truth/GT_IMG_5.mat";
constexpr const char* kMcnn = "fixtures/pretrained/mcnn_shtechA_svishwa.pth";
/// How many heads the test removes from the annotation.
constexpr int kDeleted = 30;

QByteArray digest(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

/// How many of `proposals` lie within `radius` of one of `heads` (each head used once).
int nearHeads(const QVector<ProposedHead>& proposals, QVector<QPointF> heads, double radius) {
    int found = 0;
    for (const ProposedHead& proposal : proposals) {
        for (int i = 0; i < heads.size(); ++i) {
            const QPointF d = heads[i] - proposal.position;
            if (QPointF::dotProduct(d, d) <= radius * radius) {
                heads.remove(i);
                ++found;
                break;
            }
        }
    }
    return found;
}

} // namespace

class TestProposalPanel : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { test::isolateUserFolders(); }
    void proposesMissingHeadsToAcceptAndReject();
};

void TestProposalPanel::proposesMissingHeadsToAcceptAndReject() {
    CROWDKD_REQUIRE_SHARED(kImage);
    CROWDKD_REQUIRE_SHARED(kMcnn);
    const QString imagePath = QDir(test::sharedDir()).filePath(QString::fromUtf8(kImage));
    const std::vector<HeadPoint> truth = readGroundTruth(test::sharedPath(kTruth)).points;
    const std::vector<std::size_t> group = test::mostCompactGroup(truth, kDeleted);
    QVector<QPointF> kept;
    QVector<QPointF> removed;
    for (std::size_t i = 0; i < truth.size(); ++i) {
        const bool deleted = std::find(group.begin(), group.end(), i) != group.end();
        (deleted ? removed : kept).append(QPointF(truth[i].x, truth[i].y));
    }
    QRectF patch;
    for (const QPointF& p : removed)
        patch |= QRectF(p - QPointF(12, 12), QSizeF(24, 24));

    // The annotation being edited lives in a folder of the test's own.
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("GT_IMG_5.mat"));
    writeHeadPoints(file, kept);
    const QByteArray before = digest(file);

    DatasetSession session;
    DatasetFilterModel filter;
    AnnotateWorkspace workspace(&session, &filter);
    workspace.resize(1280, 720);
    workspace.show();
    QVERIFY(QTest::qWaitForWindowExposed(&workspace));
    AnnotationDocument* document = workspace.document();
    QVERIFY(test::openAndWait(workspace, imagePath, file));
    QCOMPARE(document->count(), kept.size());
    ProposalPanel* panel = workspace.proposalPanel();
    workspace.reviewPanel()->setModelPath(
        QDir(test::sharedDir()).filePath(QString::fromUtf8(kMcnn)));
    QCOMPARE(panel->modelPath(), workspace.reviewPanel()->modelPath());
    AnnotationCanvas* canvas = workspace.canvas();

    // "In Region…", then a drag around the patch: proposals come inside it only, and most of the
    // heads they stand for are the deleted ones.
    QSignalSpy finished(panel, &ProposalPanel::proposalsFinished);
    QTest::mouseClick(panel->findChild<QPushButton*>(QStringLiteral("proposeInRegion")),
                      Qt::LeftButton);
    QVERIFY(canvas->isRequestingRegion());
    const QPoint from = canvas->mapFromImage(patch.topLeft()).toPoint();
    const QPoint to = canvas->mapFromImage(patch.bottomRight()).toPoint();
    QTest::mousePress(canvas, Qt::LeftButton, {}, from);
    QTest::mouseMove(canvas, (from + to) / 2);
    QTest::mouseMove(canvas, to);
    QTest::mouseRelease(canvas, Qt::LeftButton, {}, to);
    QVERIFY(finished.wait(120000));
    QVERIFY(finished.front().front().toBool());
    const QVector<ProposedHead> proposals = document->proposals();
    QVERIFY2(proposals.size() >= kDeleted / 3, qPrintable(QString::number(proposals.size())));
    QVERIFY(proposals.size() <= 3 * kDeleted);
    for (const ProposedHead& proposal : proposals)
        QVERIFY(patch.adjusted(-4, -4, 4, 4).contains(proposal.position));
    const int near = nearHeads(proposals, removed, 16.0);
    QVERIFY2(near >= proposals.size() / 2,
             qPrintable(QStringLiteral("%1 of %2").arg(near).arg(proposals.size())));
    // Proposals are no edit: nothing to save, nothing in the history, the file as it was.
    QVERIFY(!document->isModified());
    QCOMPARE(document->undoStack()->count(), 0);
    QCOMPARE(digest(file), before);
    QVERIFY(workspace.status()->detail.contains(QString::number(proposals.size())));
    canvas->zoomToRect(patch);
    test::saveScreenshot(&workspace, QStringLiteral("propose_heads"));

    // A click on a proposal accepts it: one head more, one proposal less, one undo step.
    const QPointF first = document->proposals().front().position;
    QTest::mouseClick(canvas, Qt::LeftButton, {}, canvas->mapFromImage(first).toPoint());
    QCOMPARE(document->count(), kept.size() + 1);
    QCOMPARE(document->proposalCount(), proposals.size() - 1);
    QCOMPARE(document->points().back(), first);
    QCOMPARE(document->undoStack()->count(), 1);
    QVERIFY(document->isModified());
    document->undoStack()->undo();
    QCOMPARE(document->count(), kept.size());
    QCOMPARE(document->proposalCount(), proposals.size());
    document->undoStack()->redo();

    // Delete rejects the selected proposals; rejecting is no edit.
    document->clearSelection();
    document->setProposalSelection({0});
    canvas->setFocus();
    QTest::keyClick(canvas, Qt::Key_Delete);
    QCOMPARE(document->proposalCount(), proposals.size() - 2);
    QCOMPARE(document->undoStack()->count(), 1);

    // A rubber band around two proposals selects them; Return accepts both in one step.
    document->clearSelection();
    const QPointF a = document->proposals()[0].position;
    const QPointF b = document->proposals()[1].position;
    const QRectF band = QRectF(a, b).normalized().adjusted(-0.5, -0.5, 0.5, 0.5);
    // The drag starts on empty image (a press on a head would move it).
    QPoint bandFrom = canvas->mapFromImage(band.topLeft()).toPoint() - QPoint(3, 3);
    while (canvas->headAt(bandFrom) >= 0 || canvas->proposalAt(bandFrom) >= 0)
        bandFrom -= QPoint(1, 1);
    const QPoint bandTo = canvas->mapFromImage(band.bottomRight()).toPoint() + QPoint(3, 3);
    QTest::mousePress(canvas, Qt::LeftButton, {}, bandFrom);
    QTest::mouseMove(canvas, bandFrom + QPoint(10, 10));
    QTest::mouseMove(canvas, bandTo);
    QTest::mouseRelease(canvas, Qt::LeftButton, {}, bandTo);
    const QVector<int> two = document->selectedProposals();
    QVERIFY2(two.size() >= 2, qPrintable(QString::number(two.size())));
    QVERIFY(two.contains(0) && two.contains(1));
    const QRect widgetBand = QRect(bandFrom, bandTo).adjusted(-1, -1, 1, 1);
    for (int i : two)
        QVERIFY(
            widgetBand.contains(canvas->mapFromImage(document->proposals()[i].position).toPoint()));
    const int heads = document->count();
    QTest::keyClick(canvas, Qt::Key_Return);
    QCOMPARE(document->count(), heads + two.size());
    QCOMPARE(document->undoStack()->count(), 2);

    // Accept All takes the rest in one step; the clicks saved are the proposals taken beyond one
    // per action.
    const int left = document->proposalCount();
    QTest::mouseClick(panel->findChild<QPushButton*>(QStringLiteral("acceptAllProposals")),
                      Qt::LeftButton);
    QCOMPARE(document->proposalCount(), 0);
    QCOMPARE(document->count(), heads + two.size() + left);
    QCOMPARE(document->undoStack()->count(), 3);
    QCOMPARE(document->clicksSaved(), 1 + static_cast<int>(two.size()) + left - 3);
    QVERIFY(workspace.status()->detail.contains(QString::number(document->clicksSaved())));

    // Still nothing on disk until saved; then the file holds the accepted heads.
    QCOMPARE(digest(file), before);
    QVERIFY(workspace.save());
    QCOMPARE(readHeadPoints(file).size(), document->count());
    QCOMPARE(document->count(), heads + two.size() + left);

    // Proposals go with the image.
    QVERIFY(test::openAndWait(workspace, imagePath, file));
    QCOMPARE(document->proposalCount(), 0);

    // The whole image: only the heads still missing are proposed (the annotation is complete
    // again but for the deleted patch, now accepted), far fewer than the model's count.
    QTest::mouseClick(panel->findChild<QPushButton*>(QStringLiteral("proposeHeads")),
                      Qt::LeftButton);
    QVERIFY(finished.wait(120000));
    QVERIFY(document->proposalCount() < document->count() / 2);

    // Heads annotated while the model runs are avoided: the patch is emptied again, proposals
    // are asked for it, and its true heads are put back before the answer arrives (it only
    // arrives through the event loop). The answer made for the empty patch is not shown.
    document->setProposals({});
    QVector<int> inPatch;
    for (int i = 0; i < document->count(); ++i)
        if (patch.contains(document->points()[i]))
            inPatch.append(i);
    document->removeHeads(inPatch);
    panel->propose(patch);
    QVERIFY(panel->isBusy());
    for (const QPointF& head : removed)
        document->addHead(head);
    QVERIFY(finished.wait(120000));
    QVERIFY(finished.back().front().toBool());
    const int nearRestored = nearHeads(document->proposals(), removed, 16.0);
    qInfo("%d proposals, %d near restored heads (first run: %d near)", document->proposalCount(),
          nearRestored, near);
    QVERIFY2(nearRestored <= near / 4, qPrintable(QStringLiteral("%1 of %2 proposals stand on "
                                                                 "heads annotated meanwhile")
                                                      .arg(nearRestored)
                                                      .arg(document->proposalCount())));
}

QTEST_MAIN(TestProposalPanel)
#include "test_proposal_panel.moc"
