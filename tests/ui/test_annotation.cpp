// The head-annotation editor driven like a user: mouse and keys on the canvas, undo/redo, saving
// (with backup, into read-only datasets), autosave and recovery, and never losing unsaved edits.
#include "annotate/annotate_workspace.h"
#include "annotate/annotation_canvas.h"
#include "annotate/annotation_document.h"
#include "common/studio_support.h"
#include "data/density_cache.h"
#include "data/ground_truth.h"
#include "dataset/dataset_filter_model.h"
#include "dataset/dataset_model.h"
#include "dataset/dataset_session.h"
#include "shell/main_window.h"
#include "studio_test_support.h"
#include "test_support.h"

#include <QCheckBox>
#include <QFile>
#include <QPainter>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QUndoStack>
#include <QUndoView>

using namespace crowdkd;
using namespace crowdkd::ui;

namespace {

/// Head positions compare equal within this many image pixels (a .mat stores doubles).
constexpr double kTolerance = 1e-6;

/// An image where no head is within `clearance` image pixels of `p`.
bool isClear(const AnnotationDocument& document, const QPointF& p, double clearance) {
    for (const QPointF& q : document.points()) {
        if (QLineF(p, q).length() < clearance)
            return false;
    }
    return true;
}

/// A widget position over the image with no head nearby, scanning from the image centre.
QPoint emptySpot(const AnnotationCanvas& canvas, const AnnotationDocument& document) {
    const QSize size = document.image().size();
    for (int y = 10; y < size.height() - 10; y += 7) {
        for (int x = 10; x < size.width() - 10; x += 7) {
            const QPointF p(x, y);
            const QPoint widget = canvas.mapFromImage(p).toPoint();
            if (canvas.rect().adjusted(20, 20, -20, -20).contains(widget) &&
                isClear(document, canvas.mapToImage(widget), 30.0 / canvas.zoom()))
                return widget;
        }
    }
    return {};
}

/// A file's whole contents (empty if it cannot be read).
QByteArray fileBytes(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestAnnotation : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void editsSharedImageWithMouseAndKeys();
    void rubberBandRemovesManyHeadsInOneStep();
    void panAndZoomKeepTheImagePointUnderTheCursor();
    void savesAndReadsBackWithBackup();
    void readOnlyDatasetKeepsEdits();
    void autosaveIsRecoveredAfterCrash();
    void anotherStudiosEditsAreLeftAlone();
    void autosaveCannotDirectASaveElsewhere();
    void closeWithUnsavedEditsAsks();
    void switchingImagesAsks();
    void densityOverlayFollowsHeads();
    void savingRecomputesTheDensityCache();
    void markersFollowZoomAndHide();
    void savesEveryLayoutInItsFormat();
    void undoIsExactWhateverTheProposals();
    void opensOffTheGuiThread();
    void onlyTheLatestOpenIsShown();
};

void TestAnnotation::initTestCase() {
    crowdkd::test::isolateUserFolders();
}

void TestAnnotation::init() {
    QDir(AutosaveStore::defaultFolder()).removeRecursively();
}

void TestAnnotation::editsSharedImageWithMouseAndKeys() {
    CROWDKD_REQUIRE_SHARED("data/ShanghaiTech/part_A/train_data/images/IMG_3.jpg");
    const QString image = QString::fromStdU16String(
        crowdkd::test::sharedPath("data/ShanghaiTech/part_A/train_data/images/IMG_3.jpg")
            .u16string());
    const QString truth = groundTruthPathForImage(image);
    AnnotationDocument document;
    document.load(image, truth);
    const QVector<QPointF> original = document.points();
    QCOMPARE(original.size(), static_cast<qsizetype>(readGroundTruth(toPath(truth)).points.size()));

    AnnotationCanvas canvas;
    canvas.setDocument(&document);
    canvas.resize(1000, 700);
    canvas.show();
    QVERIFY(QTest::qWaitForWindowExposed(&canvas));
    canvas.fitToWindow();

    // Click on empty image space adds a head where the cursor is.
    const QPoint spot = emptySpot(canvas, document);
    QVERIFY(!spot.isNull());
    QTest::mouseClick(&canvas, Qt::LeftButton, {}, spot);
    QCOMPARE(document.count(), original.size() + 1);
    const QPointF added = document.points().last();
    QVERIFY(QLineF(added, canvas.mapToImage(spot)).length() < 1e-9);
    QVERIFY(document.isModified());

    // Dragging the new head moves it by the mouse offset divided by the zoom (down and right:
    // the spot is near the top-left corner, and heads do not leave the image).
    const QPoint delta(25, 15);
    QTest::mousePress(&canvas, Qt::LeftButton, {}, spot);
    QTest::mouseMove(&canvas, spot + delta / 2);
    QTest::mouseMove(&canvas, spot + delta);
    QTest::mouseRelease(&canvas, Qt::LeftButton, {}, spot + delta);
    QCOMPARE(document.count(), original.size() + 1);
    const QPointF moved = document.points().last();
    QVERIFY(QLineF(moved, added + QPointF(delta) / canvas.zoom()).length() < 1e-9);

    // Right-click on an existing head removes it.
    const QPointF first = original.first();
    QCOMPARE(canvas.headAt(canvas.mapFromImage(first)), 0);
    QTest::mouseClick(&canvas, Qt::RightButton, {}, canvas.mapFromImage(first).toPoint());
    QCOMPARE(document.count(), original.size());
    QVERIFY(!document.points().contains(first));

    // Select the moved head by clicking it, delete it with the Delete key.
    const QPoint movedOnScreen = canvas.mapFromImage(moved).toPoint();
    QTest::mouseClick(&canvas, Qt::LeftButton, {}, movedOnScreen);
    QCOMPARE(document.selectedCount(), 1);
    QTest::keyClick(&canvas, Qt::Key_Delete);
    QCOMPARE(document.count(), original.size() - 1);

    // Four commands, each undone by Ctrl+Z in turn, back to the file's heads; redo all.
    QUndoStack* stack = document.undoStack();
    QCOMPARE(stack->count(), 4);
    QCOMPARE(stack->text(0),
             QStringLiteral("Add head at (%1, %2)").arg(qRound(added.x())).arg(qRound(added.y())));
    for (int i = 0; i < 4; ++i)
        stack->undo();
    QCOMPARE(document.points(), original);
    QVERIFY(!document.isModified());
    for (int i = 0; i < 4; ++i)
        stack->redo();
    QCOMPARE(document.count(), original.size() - 1);
    QVERIFY(!document.points().contains(first));
    QVERIFY(!document.points().contains(moved));
}

void TestAnnotation::rubberBandRemovesManyHeadsInOneStep() {
    const QString image = QStringLiteral(CROWDKD_SAMPLES_DIR "/train_data/images/IMG_1.jpg");
    AnnotationDocument document;
    document.load(image, groundTruthPathForImage(image));
    const QVector<QPointF> original = document.points();
    QVERIFY(original.size() > 1000);

    AnnotationCanvas canvas;
    canvas.setDocument(&document);
    canvas.resize(900, 700);
    canvas.show();
    QVERIFY(QTest::qWaitForWindowExposed(&canvas));

    // A band from the top-left corner (no heads there: sky) over the left half of the image.
    const QPoint from = canvas.mapFromImage(QPointF(1, 1)).toPoint();
    const QSize size = document.image().size();
    const QPointF farCorner(size.width() / 2.0, size.height() - 1.0);
    const QPoint to = canvas.mapFromImage(farCorner).toPoint();
    QCOMPARE(canvas.headAt(from), -1);
    QTest::mousePress(&canvas, Qt::LeftButton, {}, from);
    QTest::mouseMove(&canvas, (from + to) / 2);
    QTest::mouseMove(&canvas, to);
    QTest::mouseRelease(&canvas, Qt::LeftButton, {}, to);
    const QRectF band(canvas.mapToImage(from), canvas.mapToImage(to));
    const auto expected = std::count_if(original.begin(), original.end(),
                                        [&](const QPointF& p) { return band.contains(p); });
    QVERIFY(expected > 100);
    QCOMPARE(document.selectedCount(), static_cast<int>(expected));
    QCOMPARE(document.count(), original.size()); // selecting is not an edit

    QTest::keyClick(&canvas, Qt::Key_Delete);
    QCOMPARE(document.count(), original.size() - expected);
    QCOMPARE(document.undoStack()->count(), 1);
    for (const QPointF& p : document.points())
        QVERIFY(!band.contains(p));
    document.undoStack()->undo();
    QCOMPARE(document.points(), original);
    QCOMPARE(document.selectedCount(), static_cast<int>(expected)); // restored heads stay selected

    // Select the heads well inside the image, drag them together: one move command.
    const QRectF inner =
        QRectF(QPointF(0, 0), QSizeF(document.image().size())).adjusted(100, 100, -100, -100);
    QVector<int> middle;
    for (int i = 0; i < original.size(); ++i)
        if (inner.contains(original[i]))
            middle.append(i);
    QVERIFY(middle.size() > 10);
    document.setSelection(middle);
    const QPoint head = canvas.mapFromImage(original[middle[5]]).toPoint();
    QTest::mousePress(&canvas, Qt::LeftButton, {}, head);
    QTest::mouseMove(&canvas, head + QPoint(5, 5));
    QTest::mouseMove(&canvas, head + QPoint(10, 20));
    QTest::mouseRelease(&canvas, Qt::LeftButton, {}, head + QPoint(10, 20));
    const QPointF offset = QPointF(10, 20) / canvas.zoom();
    QVERIFY(offset.y() < 100);
    for (int i = 0; i < original.size(); ++i)
        QVERIFY(
            QLineF(document.points()[i], original[i] + (middle.contains(i) ? offset : QPointF()))
                .length() < 1e-9);
    // Pushing after an undo drops the undone removal: the stack holds just the move now.
    QCOMPARE(document.undoStack()->count(), 1);
    QVERIFY(document.undoStack()->text(0).startsWith(QStringLiteral("Move")));

    // Dragged far beyond the image's edge, every head stays inside it, the edge ones on it.
    document.selectAll();
    const QPoint start = canvas.mapFromImage(document.points()[middle[5]]).toPoint();
    QTest::mousePress(&canvas, Qt::LeftButton, {}, start);
    QTest::mouseMove(&canvas, start + QPoint(5, 5));
    QTest::mouseMove(&canvas, start + QPoint(3000, 3000));
    QTest::mouseRelease(&canvas, Qt::LeftButton, {}, start + QPoint(3000, 3000));
    const QRectF imageRect(QPointF(0, 0), QSizeF(document.image().size()));
    double right = 0;
    for (const QPointF& p : document.points()) {
        QVERIFY(p.x() >= 0 && p.x() < imageRect.width() && p.y() >= 0 &&
                p.y() < imageRect.height());
        right = std::max(right, p.x());
    }
    QVERIFY(right > imageRect.width() - 1); // moved as far as it could go
}

void TestAnnotation::panAndZoomKeepTheImagePointUnderTheCursor() {
    AnnotationDocument document;
    document.setContent(QImage(QSize(400, 300), QImage::Format_RGB32), {QPointF(100, 100)});
    AnnotationCanvas canvas;
    canvas.setDocument(&document);
    canvas.resize(800, 600);
    canvas.show();
    QVERIFY(QTest::qWaitForWindowExposed(&canvas));
    const QPoint cursor(300, 250);
    const QPointF before = canvas.mapToImage(cursor);
    QWheelEvent wheel(cursor, canvas.mapToGlobal(cursor), {}, QPoint(0, 240), Qt::NoButton, {},
                      Qt::NoScrollPhase, false);
    QApplication::sendEvent(&canvas, &wheel);
    QVERIFY(canvas.zoom() > 2.0);
    QVERIFY(QLineF(canvas.mapToImage(cursor), before).length() < 1e-9);

    // Middle-button drag pans by the mouse offset.
    const QPointF headOnScreen = canvas.mapFromImage(QPointF(100, 100));
    QTest::mousePress(&canvas, Qt::MiddleButton, {}, QPoint(400, 300));
    QTest::mouseMove(&canvas, QPoint(430, 310));
    QTest::mouseRelease(&canvas, Qt::MiddleButton, {}, QPoint(430, 310));
    QVERIFY(
        QLineF(canvas.mapFromImage(QPointF(100, 100)), headOnScreen + QPointF(30, 10)).length() <
        1e-9);
    QCOMPARE(document.count(), 1); // panning is not an edit

    // Hit-testing is in screen space: the same screen distance hits at any zoom.
    canvas.showActualSize();
    const QPointF near = canvas.mapFromImage(QPointF(100, 100)) + QPointF(canvas.pointRadius(), 0);
    QCOMPARE(canvas.headAt(near), 0);
    canvas.setZoom(10.0, QPointF(400, 300));
    const QPointF nearZoomed =
        canvas.mapFromImage(QPointF(100, 100)) + QPointF(canvas.pointRadius(), 0);
    QCOMPARE(canvas.headAt(nearZoomed), 0);
    QCOMPARE(canvas.headAt(nearZoomed + QPointF(20, 0)), -1);
}

void TestAnnotation::savesAndReadsBackWithBackup() {
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    const QString image = crowdkd::test::copySamplePair(folder.path(), QStringLiteral("IMG_275"));
    const QString truth = groundTruthPathForImage(image);
    const QByteArray originalBytes = [&] {
        QFile file(truth);
        file.open(QIODevice::ReadOnly);
        return file.readAll();
    }();

    DatasetSession session;
    DatasetFilterModel filter;
    AnnotateWorkspace workspace(&session, &filter);
    workspace.resize(1200, 800);
    workspace.show();
    QVERIFY(QTest::qWaitForWindowExposed(&workspace));
    QVERIFY(crowdkd::test::openAndWait(workspace, image, truth));
    AnnotationDocument* document = workspace.document();
    AnnotationCanvas* canvas = workspace.canvas();
    const QVector<QPointF> original = document->points();

    const QPoint spot = emptySpot(*canvas, *document);
    QTest::mouseClick(canvas, Qt::LeftButton, {}, spot);
    QTest::keyClick(canvas, Qt::Key_Delete); // the added head is selected: removes it again
    QCOMPARE(document->count(), original.size());
    QTest::mouseClick(canvas, Qt::LeftButton, {}, spot);
    QCOMPARE(document->count(), original.size() + 1);
    QCOMPARE(workspace.undoView()->stack()->count(), 3);
    // Ctrl+Z and Ctrl+Shift+Z on the canvas go through the workspace's actions.
    QTest::keyClick(canvas, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(document->count(), original.size());
    QTest::keyClick(canvas, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(document->count(), original.size() + 1);

    QVERIFY(workspace.save());
    QVERIFY(!document->isModified());
    // The original is kept beside the new file, byte for byte.
    QFile backup(groundTruthBackupPath(truth));
    QVERIFY(backup.open(QIODevice::ReadOnly));
    QCOMPARE(backup.readAll(), originalBytes);
    // Core reads back exactly what the document holds.
    const GroundTruth saved = readGroundTruth(toPath(truth));
    QCOMPARE(static_cast<qsizetype>(saved.points.size()), original.size() + 1);
    QCOMPARE(saved.declaredCount, static_cast<double>(original.size() + 1));
    const QVector<QPointF> expected = document->points();
    for (int i = 0; i < expected.size(); ++i) {
        QVERIFY(std::abs(saved.points[i].x - expected[i].x()) < kTolerance);
        QVERIFY(std::abs(saved.points[i].y - expected[i].y()) < kTolerance);
    }
    QCOMPARE(readHeadPoints(truth).size(), original.size() + 1);

    // A second save leaves the first backup alone.
    document->removeHeads({0});
    QVERIFY(workspace.save());
    QVERIFY(backup.seek(0));
    QCOMPARE(backup.readAll(), originalBytes);
    QCOMPARE(readHeadPoints(truth).size(), original.size());
}

void TestAnnotation::readOnlyDatasetKeepsEdits() {
    QTemporaryDir folder;
    const QString image = crowdkd::test::copySamplePair(folder.path(), QStringLiteral("IMG_157"));
    const QString truth = groundTruthPathForImage(image);
    const QFileInfo truthInfo(truth);
    const auto readOnly = QFile::ReadOwner | QFile::ReadUser | QFile::ReadGroup | QFile::ReadOther;
    QFile::setPermissions(truth, readOnly);
    QFile::setPermissions(truthInfo.absolutePath(), readOnly | QFile::ExeOwner | QFile::ExeUser);
    const qint64 sizeBefore = truthInfo.size();
    QVERIFY(!isWritableLocation(truth));

    DatasetSession session;
    DatasetFilterModel filter;
    AnnotateWorkspace workspace(&session, &filter);
    QVERIFY(crowdkd::test::openAndWait(workspace, image, truth));
    workspace.document()->addHead(QPointF(20, 20));

    {
        crowdkd::test::MessageBoxDriver driver(QStringLiteral("saveFailedBox"),
                                               QMessageBox::Cancel);
        QVERIFY(!workspace.save());
        QVERIFY(driver.wasAsked());
        QVERIFY(driver.text().contains(QStringLiteral("read-only")));
    }
    QVERIFY(workspace.document()->isModified()); // nothing lost
    QCOMPARE(QFileInfo(truth).size(), sizeBefore);
    QVERIFY(!QFileInfo::exists(groundTruthBackupPath(truth)));

    // Save As into a writable folder works, and later saves go there.
    QTemporaryDir elsewhere;
    const QString target = QDir(elsewhere.path()).filePath(QStringLiteral("GT_IMG_157.mat"));
    QVERIFY(workspace.saveAs(target));
    QVERIFY(!workspace.document()->isModified());
    QCOMPARE(readHeadPoints(target).size(), workspace.document()->count());
    QCOMPARE(workspace.document()->groundTruthPath(), target);
    QFile::setPermissions(truthInfo.absolutePath(),
                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
}

void TestAnnotation::autosaveIsRecoveredAfterCrash() {
    QTemporaryDir folder;
    const QString image = crowdkd::test::copySamplePair(folder.path(), QStringLiteral("IMG_275"));
    const QString truth = groundTruthPathForImage(image);
    QVector<QPointF> edited;
    {
        DatasetSession session;
        DatasetFilterModel filter;
        auto* workspace = new AnnotateWorkspace(&session, &filter);
        QVERIFY(crowdkd::test::openAndWait(*workspace, image, truth));
        workspace->document()->addHead(QPointF(33.5, 44.25));
        workspace->document()->removeHeads({0, 1, 2});
        edited = workspace->document()->points();
        workspace->autosaveNow();
        // A crash: the workspace goes away without saving or asking.
        workspace->document()->undoStack()->setClean();
        delete workspace;
    }
    QCOMPARE(AutosaveStore().entries().size(), 1);
    QCOMPARE(readHeadPoints(truth).size(), edited.size() - 1 + 3); // the file is untouched

    // Edits undone back to the file leave nothing to recover: their entry goes.
    {
        DatasetSession session;
        DatasetFilterModel filter;
        AnnotateWorkspace undone(&session, &filter);
        const QString other =
            crowdkd::test::copySamplePair(folder.path(), QStringLiteral("IMG_157"));
        crowdkd::test::MessageBoxDriver noRecovery(QStringLiteral("recoverBox"), QMessageBox::Yes);
        QVERIFY(crowdkd::test::openAndWait(undone, other, groundTruthPathForImage(other)));
        undone.document()->addHead(QPointF(12.5, 13.5));
        undone.autosaveNow();
        QCOMPARE(AutosaveStore().entries().size(), 2);
        undone.document()->undoStack()->undo();
        undone.autosaveNow();
        QCOMPARE(AutosaveStore().entries().size(), 1);
    }

    DatasetSession session;
    DatasetFilterModel filter;
    AnnotateWorkspace workspace(&session, &filter);
    crowdkd::test::MessageBoxDriver offer(QStringLiteral("recoveryOfferBox"), QMessageBox::Open);
    crowdkd::test::MessageBoxDriver recover(QStringLiteral("recoverBox"), QMessageBox::Yes);
    workspace.offerRecovery();
    QVERIFY(crowdkd::test::waitForOpen(workspace));
    QVERIFY(offer.wasAsked());
    QVERIFY(!recover.wasAsked()); // the offer was the question; not asked twice (#16.5)
    QCOMPARE(workspace.document()->imagePath(), image);
    QCOMPARE(workspace.document()->points(), edited);
    QVERIFY(workspace.document()->isModified()); // recovered edits still need saving
    QVERIFY(workspace.save());
    QVERIFY(AutosaveStore().entries().isEmpty());
    QCOMPARE(readHeadPoints(truth).size(), edited.size());
}

// Two studios on one image (two windows, or a colleague's on a shared dataset): neither offers the
// other's live autosave as a crash's or removes it, a save over heads the other saved meanwhile
// asks first, and edits a crash left of a file saved since are never recovered unasked.
void TestAnnotation::anotherStudiosEditsAreLeftAlone() {
    QTemporaryDir folder;
    const QString image = crowdkd::test::copySamplePair(folder.path(), QStringLiteral("IMG_157"));
    const QString truth = groundTruthPathForImage(image);
    const QVector<QPointF> original = readHeadPoints(truth);
    DatasetSession sessions[3];
    DatasetFilterModel filters[3];
    auto* first = new AnnotateWorkspace(&sessions[0], &filters[0]);
    QVERIFY(crowdkd::test::openAndWait(*first, image, truth));
    first->document()->addHead(QPointF(10, 10));
    first->autosaveNow();
    {
        AnnotateWorkspace second(&sessions[1], &filters[1]);
        crowdkd::test::MessageBoxDriver offer(QStringLiteral("recoveryOfferBox"),
                                              QMessageBox::Open);
        second.offerRecovery();
        QVERIFY(crowdkd::test::waitForOpen(second));
        QVERIFY(!offer.wasAsked()); // the first studio's edits are not a crash's
        crowdkd::test::MessageBoxDriver recover(QStringLiteral("recoverBox"), QMessageBox::Discard);
        QVERIFY(crowdkd::test::openAndWait(second, image, truth));
        QVERIFY(!recover.wasAsked());
        QCOMPARE(second.document()->points(), original);
        second.autosaveNow(); // unmodified here: the other studio's entry stays
        QCOMPARE(AutosaveStore().entries().size(), 1);
        second.document()->addHead(QPointF(20, 20));
        QVERIFY(second.save());
        QCOMPARE(AutosaveStore().entries().size(), 1);
    }
    QCOMPARE(readHeadPoints(truth).back(), QPointF(20, 20));
    {
        crowdkd::test::MessageBoxDriver keep(QStringLiteral("changedOnDiskBox"),
                                             QMessageBox::Cancel);
        keep.setOnShown(
            [](QMessageBox* box) { crowdkd::test::saveScreenshot(box, "changed_on_disk"); });
        QVERIFY(!first->save());
        QVERIFY(keep.wasAsked());
    }
    QCOMPARE(readHeadPoints(truth).back(), QPointF(20, 20)); // the other studio's heads stay
    QVERIFY(first->document()->isModified());
    {
        crowdkd::test::MessageBoxDriver replace(QStringLiteral("changedOnDiskBox"),
                                                QMessageBox::Save);
        QVERIFY(first->save());
        QVERIFY(replace.wasAsked());
    }
    QCOMPARE(readHeadPoints(truth).back(), QPointF(10, 10));

    // The first studio crashes with more edits; the file is saved by someone else afterwards.
    first->document()->addHead(QPointF(30, 30));
    first->autosaveNow();
    first->document()->undoStack()->setClean();
    delete first;
    writeHeadPoints(truth, original);
    AnnotateWorkspace third(&sessions[2], &filters[2]);
    crowdkd::test::MessageBoxDriver offer(QStringLiteral("recoveryOfferBox"), QMessageBox::Open);
    crowdkd::test::MessageBoxDriver recover(QStringLiteral("recoverBox"), QMessageBox::Discard);
    third.offerRecovery();
    QVERIFY(crowdkd::test::waitForOpen(third));
    QVERIFY(offer.wasAsked());
    QVERIFY(recover.wasAsked()); // asked again, though "Open and Recover" was the answer
    QCOMPARE(third.document()->points(), original);
    QVERIFY(AutosaveStore().entries().isEmpty());
}

// An autosave entry names the file its heads are saved to. One that names anything but the file its
// image pairs with (written by another program, or edited) is never offered, so a recovery and the
// save that follows cannot replace another file; one with heads that are not numbers is no entry.
void TestAnnotation::autosaveCannotDirectASaveElsewhere() {
    QTemporaryDir folder;
    const QString image = crowdkd::test::copySamplePair(folder.path(), QStringLiteral("IMG_157"));
    const QString truth = groundTruthPathForImage(image);
    const QString victim = QDir(folder.path()).filePath(QStringLiteral("notes.csv"));
    const QByteArray victimBytes("x,y\nkeep,this\n");
    {
        QFile file(victim);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(victimBytes);
    }
    const QByteArray truthBytes = fileBytes(truth);
    {
        AutosaveStore crashed; // its lock goes with it, as a crashed studio's does
        QVERIFY(crashed.store(image, victim, {QPointF(1, 2), QPointF(3, 4)}, QString()));
    }
    QCOMPARE(AutosaveStore().recoverable().size(), 1);
    {
        DatasetSession session;
        DatasetFilterModel filter;
        AnnotateWorkspace workspace(&session, &filter);
        crowdkd::test::MessageBoxDriver offer(QStringLiteral("recoveryOfferBox"),
                                              QMessageBox::Open);
        workspace.offerRecovery();
        QVERIFY(crowdkd::test::waitForOpen(workspace));
        QVERIFY(!offer.wasAsked());
        QVERIFY(workspace.document()->isEmpty());
        // Opened with the file it pairs with, the image is not offered the entry either.
        crowdkd::test::MessageBoxDriver recover(QStringLiteral("recoverBox"), QMessageBox::Yes);
        QVERIFY(crowdkd::test::openAndWait(workspace, image, truth));
        QVERIFY(!recover.wasAsked());
        QVERIFY(!workspace.document()->isModified());
    }
    QCOMPARE(fileBytes(victim), victimBytes);
    QCOMPARE(fileBytes(truth), truthBytes);

    // The same entry naming the paired file is offered; one holding NaN heads is not read at all.
    {
        AutosaveStore crashed;
        QVERIFY(crashed.store(image, truth, {QPointF(1, 2), QPointF(qQNaN(), 4)}, QString()));
    }
    QVERIFY(AutosaveStore().entries().isEmpty());
    {
        AutosaveStore crashed;
        QVERIFY(crashed.store(image, truth, {QPointF(1, 2), QPointF(3, 4)}, QString()));
    }
    DatasetSession session;
    DatasetFilterModel filter;
    AnnotateWorkspace workspace(&session, &filter);
    crowdkd::test::MessageBoxDriver offer(QStringLiteral("recoveryOfferBox"), QMessageBox::Open);
    workspace.offerRecovery();
    QVERIFY(crowdkd::test::waitForOpen(workspace));
    QVERIFY(offer.wasAsked());
    QCOMPARE(workspace.document()->points(), (QVector<QPointF>{QPointF(1, 2), QPointF(3, 4)}));
    QCOMPARE(workspace.document()->groundTruthPath(), truth);
}

void TestAnnotation::closeWithUnsavedEditsAsks() {
    QTemporaryDir folder;
    const QString image = crowdkd::test::copySamplePair(folder.path(), QStringLiteral("IMG_157"));
    const QString truth = groundTruthPathForImage(image);
    const int before = static_cast<int>(readHeadPoints(truth).size());

    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openPaths({image});
    QCOMPARE(window.currentWorkspace(), QStringLiteral("annotate"));
    QVERIFY(crowdkd::test::waitForOpen(*window.workspace<AnnotateWorkspace>()));
    AnnotationDocument* document = window.workspace<AnnotateWorkspace>()->document();
    QCOMPARE(document->imagePath(), image);
    document->addHead(QPointF(50, 60));

    {
        crowdkd::test::MessageBoxDriver cancel(QStringLiteral("unsavedChangesBox"),
                                               QMessageBox::Cancel);
        QVERIFY(!window.close());
        QVERIFY(cancel.wasAsked());
    }
    QVERIFY(window.isVisible());
    QVERIFY(document->isModified());
    QVERIFY(!AutosaveStore().entries().isEmpty()); // asked only after keeping an autosave
    {
        crowdkd::test::MessageBoxDriver save(QStringLiteral("unsavedChangesBox"),
                                             QMessageBox::Save);
        QVERIFY(window.close());
        QVERIFY(save.wasAsked());
    }
    QCOMPARE(static_cast<int>(readHeadPoints(truth).size()), before + 1);
    QVERIFY(AutosaveStore().entries().isEmpty());
}

void TestAnnotation::switchingImagesAsks() {
    QTemporaryDir folder;
    const QString first = crowdkd::test::copySamplePair(folder.path(), QStringLiteral("IMG_157"));
    const QString second = crowdkd::test::copySamplePair(folder.path(), QStringLiteral("IMG_275"));
    DatasetSession session;
    DatasetFilterModel filter;
    AnnotateWorkspace workspace(&session, &filter);
    QVERIFY(crowdkd::test::openAndWait(workspace, first, groundTruthPathForImage(first)));
    workspace.document()->addHead(QPointF(5, 5));
    {
        crowdkd::test::MessageBoxDriver cancel(QStringLiteral("unsavedChangesBox"),
                                               QMessageBox::Cancel);
        QVERIFY(!workspace.openImage(second, groundTruthPathForImage(second)));
        QVERIFY(cancel.wasAsked());
    }
    QCOMPARE(workspace.document()->imagePath(), first);
    QVERIFY(workspace.document()->isModified());
    {
        crowdkd::test::MessageBoxDriver discard(QStringLiteral("unsavedChangesBox"),
                                                QMessageBox::Discard);
        QVERIFY(crowdkd::test::openAndWait(workspace, second, groundTruthPathForImage(second)));
        QVERIFY(discard.wasAsked());
    }
    QCOMPARE(workspace.document()->imagePath(), second);
    QVERIFY(!workspace.document()->isModified());
    QVERIFY(AutosaveStore().entries().isEmpty()); // discarded edits leave no autosave
    QCOMPARE(readHeadPoints(groundTruthPathForImage(first)).size(),
             static_cast<qsizetype>(
                 readGroundTruth(toPath(groundTruthPathForImage(first))).points.size()));
}

void TestAnnotation::densityOverlayFollowsHeads() {
    const QString image = QStringLiteral(CROWDKD_SAMPLES_DIR "/train_data/images/IMG_275.jpg");
    const QVector<QPointF> heads = readHeadPoints(groundTruthPathForImage(image));
    const QSize size = readQImage(image).size();
    const QImage overlay = renderDensityOverlay(heads, size);
    QCOMPARE(overlay.size(), size);
    // Opaque where heads are, transparent far from every head (top-left corner: sky).
    int opaqueAtHeads = 0;
    for (const QPointF& p : heads)
        opaqueAtHeads += qAlpha(overlay.pixel(int(p.x()), int(p.y()))) > 0;
    QVERIFY(opaqueAtHeads > heads.size() * 9 / 10);
    QCOMPARE(qAlpha(overlay.pixel(0, 0)), 0);

    // In the workspace it is computed off the GUI thread and follows edits.
    DatasetSession session;
    DatasetFilterModel filter;
    AnnotateWorkspace workspace(&session, &filter);
    QVERIFY(crowdkd::test::openAndWait(workspace, image, groundTruthPathForImage(image)));
    workspace.overlayAction()->setChecked(true);
    QTRY_VERIFY_WITH_TIMEOUT(workspace.canvas()->hasOverlay(), 60000);
    // Large enough for the map to show beyond the head markers that cover the crowd.
    workspace.resize(1400, 900);
    workspace.show();
    QVERIFY(QTest::qWaitForWindowExposed(&workspace));
    const QImage with = workspace.canvas()->grab().toImage();
    workspace.overlayAction()->setChecked(false);
    const QImage without = workspace.canvas()->grab().toImage();
    QVERIFY(with != without); // the overlay is drawn

    // A render of an older state is never shown: one for these heads, if still running when an
    // image without heads opens, is dropped (its result arrives only through the event loop;
    // here it is usually done first, and the watcher drops it), and the new image gets its own,
    // blank overlay.
    const auto isBlank = [&workspace] {
        const QImage overlay = workspace.canvas()->overlay().toImage();
        if (overlay.size() != workspace.document()->image().size())
            return false;
        for (int y = 0; y < overlay.height(); ++y)
            for (int x = 0; x < overlay.width(); ++x)
                if (qAlpha(overlay.pixel(x, y)) != 0)
                    return false;
        return true;
    };
    workspace.overlayAction()->setChecked(true); // renders at once, off the GUI thread
    QTemporaryDir folder;
    const QString other = QStringLiteral(CROWDKD_SAMPLES_DIR "/train_data/images/IMG_157.jpg");
    QVERIFY(crowdkd::test::openAndWait(workspace, other,
                                       folder.filePath(QStringLiteral("GT_none.mat"))));
    QCOMPARE(workspace.document()->count(), 0);
    QVERIFY(readQImage(other).size() != size);
    QThreadPool::globalInstance()->waitForDone(); // the first render has ended: deliver it
    QCoreApplication::processEvents();
    QVERIFY(!workspace.canvas()->hasOverlay() || isBlank());
    QTRY_VERIFY_WITH_TIMEOUT(workspace.canvas()->hasOverlay(), 60000);
    QVERIFY(isBlank());

    // Removing every head leaves a blank overlay.
    QVERIFY(crowdkd::test::openAndWait(workspace, image, groundTruthPathForImage(image)));
    QTRY_VERIFY_WITH_TIMEOUT(workspace.canvas()->hasOverlay(), 60000);
    QVERIFY(!isBlank());
    workspace.document()->selectAll();
    workspace.document()->removeSelectedHeads();
    QTRY_VERIFY_WITH_TIMEOUT(isBlank(), 60000);
}

void TestAnnotation::savingRecomputesTheDensityCache() {
    QTemporaryDir folder;
    const QString unannotated =
        crowdkd::test::copySamplePair(folder.path(), QStringLiteral("IMG_157"));
    QVERIFY(
        QFile::remove(folder.filePath(QStringLiteral("train_data/ground-truth/GT_IMG_157.mat"))));
    const QString image = crowdkd::test::copySamplePair(folder.path(), QStringLiteral("IMG_275"));
    DatasetSession session;
    QSignalSpy opened(&session, &DatasetSession::opened);
    session.open(folder.path());
    QVERIFY(opened.wait(30000));
    DatasetModel* model = session.currentModel();
    const int row = model->rowOfImage(image);
    QVERIFY(row >= 0);
    DatasetFilterModel filter;
    filter.setSourceModel(model);
    AnnotateWorkspace workspace(&session, &filter);
    QVERIFY(workspace.openSample(row));
    QVERIFY(crowdkd::test::waitForOpen(workspace));
    const QSize size = workspace.document()->image().size();
    workspace.document()->addHead(QPointF(size.width() / 2.0, size.height() / 2.0));
    QVERIFY(workspace.save());
    QCOMPARE(model->count(row), workspace.document()->count());

    session.waitForDensityUpdates();
    DensityCache* cache = session.densityCache();
    QCOMPARE(cache->misses(), std::uint64_t(1)); // recomputed in the background after the save
    const cv::Mat density = cache->density(model->split().samples[row], DensityParams{});
    QCOMPARE(cache->hits(), std::uint64_t(1)); // and found ready
    std::vector<HeadPoint> heads;
    for (const QPointF& p : workspace.document()->points())
        heads.push_back({p.x(), p.y()});
    const double inside =
        static_cast<double>(heads.size() - countOutsideImage(heads, density.size()));
    QVERIFY(std::abs(cv::sum(density)[0] - inside) < 1e-2 * inside);

    // The first heads of an image listed without ground truth (after the annotated ones) are
    // cached for that image too.
    const int newRow = model->rowOfImage(unannotated);
    QCOMPARE(newRow, static_cast<int>(model->split().samples.size()));
    QVERIFY(workspace.openSample(newRow));
    QVERIFY(crowdkd::test::waitForOpen(workspace));
    QCOMPARE(workspace.document()->count(), 0);
    workspace.document()->addHead(QPointF(40.0, 30.0));
    workspace.document()->addHead(QPointF(60.0, 50.0));
    QVERIFY(workspace.save());
    session.waitForDensityUpdates();
    QCOMPARE(cache->misses(), std::uint64_t(2));
    const cv::Mat fresh = cache->density(model->sample(newRow), DensityParams{});
    QCOMPARE(cache->hits(), std::uint64_t(2));
    QVERIFY(std::abs(cv::sum(fresh)[0] - 2.0) < 2e-2);
}

// Issue #16.5: at fit zoom on a dense image the markers shrink with the zoom (never below the
// minimum), and H or the View menu's action hides them, so the crowd and the overlay show.
void TestAnnotation::markersFollowZoomAndHide() {
    CROWDKD_REQUIRE_SHARED("data/ShanghaiTech/part_A/train_data/images/IMG_3.jpg");
    const QString image = toQString(
        crowdkd::test::sharedPath("data/ShanghaiTech/part_A/train_data/images/IMG_3.jpg"));
    DatasetSession session;
    DatasetFilterModel filter;
    AnnotateWorkspace workspace(&session, &filter);
    workspace.resize(1280, 720);
    workspace.show();
    QVERIFY(QTest::qWaitForWindowExposed(&workspace));
    QVERIFY(crowdkd::test::openAndWait(workspace, image, groundTruthPathForImage(image)));
    AnnotationCanvas* canvas = workspace.canvas();
    AnnotationDocument* document = workspace.document();
    QVERIFY(document->count() > 100);
    QVERIFY(canvas->areHeadsVisible());
    // The display panel's check box says the same as the action.
    QCheckBox* check = nullptr;
    for (QCheckBox* box : workspace.findChildren<QCheckBox*>()) {
        if (box->text() == AnnotateWorkspace::tr("Show head markers"))
            check = box;
    }
    QVERIFY(check);
    QVERIFY(check->isChecked());

    canvas->fitToWindow();
    QVERIFY(canvas->zoom() < 1.0);
    const double radius = canvas->pointRadius();
    QVERIFY(radius > AnnotationCanvas::kMinDrawnRadius);
    QVERIFY(canvas->drawnPointRadius() < radius);
    QVERIFY(canvas->drawnPointRadius() >= AnnotationCanvas::kMinDrawnRadius);
    QVERIFY(qAbs(canvas->drawnPointRadius() - radius * canvas->zoom()) <= 0.25 ||
            canvas->drawnPointRadius() == AnnotationCanvas::kMinDrawnRadius);
    canvas->setZoom(0.05, QPointF(canvas->width() / 2.0, canvas->height() / 2.0));
    QCOMPARE(canvas->drawnPointRadius(), AnnotationCanvas::kMinDrawnRadius);
    canvas->showActualSize();
    QCOMPARE(canvas->drawnPointRadius(), radius);
    canvas->fitToWindow();
    // Heads stay as easy to hit as at 1:1.
    const QPointF head = canvas->mapFromImage(document->points().front());
    QVERIFY(canvas->headAt(head + QPointF(radius, 0)) >= 0);

    const QImage shown = canvas->grab().toImage();
    canvas->setFocus();
    QTest::keyClick(canvas, Qt::Key_H);
    QVERIFY(!workspace.headsAction()->isChecked());
    QVERIFY(!check->isChecked());
    QVERIFY(!canvas->areHeadsVisible());
    const QImage hidden = canvas->grab().toImage();
    QCOMPARE(hidden.size(), shown.size());
    int changed = 0;
    for (int y = 0; y < shown.height(); ++y) {
        for (int x = 0; x < shown.width(); ++x)
            changed += shown.pixel(x, y) != hidden.pixel(x, y);
    }
    QVERIFY2(changed >= document->count() / 4, qPrintable(QString::number(changed)));
    // Hidden heads are not edited by accident; the View menu offers the action.
    QCOMPARE(canvas->headAt(head), -1);
    QVERIFY(workspace.contributedActions(ActionPlace::ViewMenu).contains(workspace.headsAction()));
    workspace.headsAction()->trigger();
    QVERIFY(canvas->areHeadsVisible());
    QVERIFY(canvas->headAt(head) >= 0);
}

// The editor's document on JHU-Crowd++, NWPU-Crowd and images + CSV files: the ground truth the
// studio finds for an image is read, and a save writes the file in its own format, keeping what
// the editor does not edit (JHU's w h o b, NWPU's boxes, the CSV's other rows and columns).
void TestAnnotation::savesEveryLayoutInItsFormat() {
    QTemporaryDir dir;
    const auto write = [&](const QString& relative, const QByteArray& bytes) {
        QVERIFY(QDir().mkpath(QFileInfo(dir.filePath(relative)).absolutePath()));
        QFile file(dir.filePath(relative));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes);
    };
    const auto writeImage = [&](const QString& relative) {
        QVERIFY(QDir().mkpath(QFileInfo(dir.filePath(relative)).absolutePath()));
        QImage image(64, 48, QImage::Format_RGB32);
        image.fill(Qt::gray);
        QVERIFY(image.save(dir.filePath(relative), "JPG"));
    };
    writeImage(QStringLiteral("jhu/train/images/0001.jpg"));
    write(QStringLiteral("jhu/train/gt/0001.txt"), "10 12 8 9 1 0\n20 22 10 11 2 1\n");
    writeImage(QStringLiteral("nwpu/images/0001.jpg"));
    write(QStringLiteral("nwpu/jsons/0001.json"),
          R"({"img_id": "0001.jpg", "human_num": 1, "points": [[5, 5]], "boxes": [[1, 1, 9, 9]]})");
    writeImage(QStringLiteral("csv/0001.jpg"));
    write(QStringLiteral("csv/points.csv"), "image,x,y,tag\n0001.jpg,3,3,a\nother.jpg,1,1,b\n");

    struct Case {
        QString image;
        QString truth;
        QByteArray saved;
    };
    const std::vector<Case> cases = {
        {QStringLiteral("jhu/train/images/0001.jpg"), QStringLiteral("jhu/train/gt/0001.txt"),
         "11 12 8 9 1 0\n20 22 10 11 2 1\n30 30 8 9 1 0\n"},
        {QStringLiteral("nwpu/images/0001.jpg"), QStringLiteral("nwpu/jsons/0001.json"),
         R"({"img_id": "0001.jpg", "human_num": 2, "points": [[6, 5], [30, 30]], )"
         R"("boxes": [[1, 1, 9, 9]]})"},
        {QStringLiteral("csv/0001.jpg"), QStringLiteral("csv/points.csv"),
         "image,x,y,tag\n0001.jpg,4,3,a\n0001.jpg,30,30,\nother.jpg,1,1,b\n"},
    };
    for (const Case& test : cases) {
        const QString image = dir.filePath(test.image);
        const QString truth = groundTruthPathForImage(image);
        QCOMPARE(truth, dir.filePath(test.truth));
        AnnotationDocument document;
        document.load(image, truth);
        const int before = document.count();
        document.moveHeads({0}, QPointF(1, 0));
        document.addHead(QPointF(30, 30));
        document.save();
        QFile file(truth);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), test.saved);
        QCOMPARE(readHeadPoints(truth, image).size(), before + 1);
    }
}

// Undo gives back exactly what was there: a move by an offset that does not round-trip in
// floating point, and an accepted proposal after the proposals changed (rejecting and proposing
// again are not undo steps), which read past the list's end before.
void TestAnnotation::undoIsExactWhateverTheProposals() {
    CROWDKD_REQUIRE_SHARED("data/ShanghaiTech/part_A/train_data/images/IMG_3.jpg");
    const QString image = QString::fromStdU16String(
        crowdkd::test::sharedPath("data/ShanghaiTech/part_A/train_data/images/IMG_3.jpg")
            .u16string());
    AnnotationDocument document;
    document.load(image, groundTruthPathForImage(image));
    const QVector<QPointF> original = document.points();
    const auto exactlyOriginal = [&] {
        const QVector<QPointF>& now = document.points();
        if (now.size() != original.size())
            return false;
        for (qsizetype i = 0; i < now.size(); ++i)
            if (now[i].x() != original[i].x() || now[i].y() != original[i].y())
                return false;
        return true;
    };
    document.moveHeads({0, 1}, QPointF(53.31332797323325, -7.123456789012345));
    QVERIFY(!exactlyOriginal());
    document.undoStack()->undo();
    QVERIFY(exactlyOriginal());
    QVERIFY(!document.isModified());

    const QVector<ProposedHead> proposed = {
        {QPointF(10.5, 20.5), false}, {QPointF(30.5, 40.5), true}, {QPointF(50.5, 60.5), false}};
    document.setProposals(proposed);
    document.acceptProposals({2});
    QCOMPARE(document.count(), original.size() + 1);
    document.setProposals({}); // Reject All
    document.undoStack()->undo();
    QVERIFY(exactlyOriginal());
    QCOMPARE(document.proposalCount(), 1);
    QCOMPARE(document.proposals().front().position, proposed[2].position);
    // Proposed again: redo adds the head it accepted, and takes it from the list where it is.
    document.setProposals({proposed[1], proposed[2]});
    document.undoStack()->redo();
    QCOMPARE(document.count(), original.size() + 1);
    QCOMPARE(document.points().back(), proposed[2].position);
    QCOMPARE(document.proposalCount(), 1);
    QCOMPARE(document.proposals().front().position, proposed[1].position);
}

// Opening decodes the image and reads its ground truth on a worker thread: openImage() returns with
// the previous image still shown (the canvas says what is opening and takes no edits meanwhile),
// and the new one is shown when imageOpened() says so. A failure arrives the same way.
void TestAnnotation::opensOffTheGuiThread() {
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    const QString first = crowdkd::test::copySamplePair(folder.path(), QStringLiteral("IMG_157"));
    // A large photo, as UCF-QNRF's: what froze the window when it was decoded on the GUI thread.
    const QString large = folder.filePath(QStringLiteral("large.jpg"));
    {
        QImage image(4000, 3000, QImage::Format_RGB32);
        image.fill(QColor(90, 120, 150));
        QPainter painter(&image);
        for (int i = 0; i < 40; ++i)
            painter.fillRect(QRect(i * 100, (i * 71) % 2900, 90, 90), QColor(200, 60 + i * 4, 40));
        painter.end();
        QVERIFY(image.save(large, "JPG", 90));
    }
    const QString largeTruth = folder.filePath(QStringLiteral("GT_large.mat"));
    writeHeadPoints(largeTruth, {QPointF(100.5, 200.5), QPointF(3999.5, 2999.5)});

    DatasetSession session;
    DatasetFilterModel filter;
    AnnotateWorkspace workspace(&session, &filter);
    workspace.resize(1000, 700);
    workspace.show();
    QVERIFY(QTest::qWaitForWindowExposed(&workspace));
    QVERIFY(crowdkd::test::openAndWait(workspace, first, groundTruthPathForImage(first)));
    AnnotationDocument* document = workspace.document();
    AnnotationCanvas* canvas = workspace.canvas();
    const QSize firstSize = document->image().size();
    const int firstCount = document->count();
    QVERIFY(!workspace.isOpening());
    QVERIFY(canvas->busyText().isEmpty());

    QSignalSpy opened(&workspace, &AnnotateWorkspace::imageOpened);
    QSignalSpy failed(&workspace, &AnnotateWorkspace::openFailed);
    QVERIFY(workspace.openImage(large, largeTruth));
    // Returned before anything was read into the document: the previous image is still shown.
    QVERIFY(workspace.isOpening());
    QCOMPARE(workspace.openingImagePath(), large);
    QCOMPARE(document->imagePath(), first);
    QCOMPARE(document->image().size(), firstSize);
    QCOMPARE(document->count(), firstCount);
    QVERIFY(opened.isEmpty());
    QVERIFY2(canvas->busyText().contains(QStringLiteral("large.jpg")),
             qPrintable(canvas->busyText()));
    // A click meanwhile adds no head to the image about to be replaced.
    QVERIFY(!canvas->isEditable());
    QTest::mouseClick(canvas, Qt::LeftButton, {}, emptySpot(*canvas, *document));
    QCOMPARE(document->count(), firstCount);
    QVERIFY(!document->isModified());

    QTRY_COMPARE_WITH_TIMEOUT(opened.size(), 1, crowdkd::test::kOpenTimeoutMs);
    QCOMPARE(opened.front().at(0).toString(), large);
    QVERIFY(failed.isEmpty());
    QVERIFY(!workspace.isOpening());
    QCOMPARE(document->imagePath(), large);
    QCOMPARE(document->image().size(), QSize(4000, 3000));
    QCOMPARE(document->points(),
             (QVector<QPointF>{QPointF(100.5, 200.5), QPointF(3999.5, 2999.5)}));
    QVERIFY(!document->isModified());
    QVERIFY(canvas->busyText().isEmpty());
    QVERIFY(canvas->isEditable());

    // A file that is no image: openImage() starts, openFailed() says why, the image shown stays.
    const QString notImage = folder.filePath(QStringLiteral("not_an_image.jpg"));
    {
        QFile file(notImage);
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write("not a JPEG") == 10);
    }
    {
        crowdkd::test::MessageBoxDriver acknowledge(QStringLiteral("openFailedBox"),
                                                    QMessageBox::Ok);
        QVERIFY(workspace.openImage(notImage, groundTruthPathForImage(notImage)));
        QVERIFY(workspace.isOpening());
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, crowdkd::test::kOpenTimeoutMs);
        QVERIFY(acknowledge.wasAsked());
    }
    QCOMPARE(failed.front().at(0).toString(), notImage);
    QVERIFY(failed.front().at(1).toString().contains(QStringLiteral("not_an_image.jpg")));
    QCOMPARE(opened.size(), 1);
    QCOMPARE(document->imagePath(), large);
    QVERIFY(canvas->isEditable());

    // A workspace closed while an image is read goes at once; the read ends unseen.
    auto* closing = new AnnotateWorkspace(&session, &filter);
    QVERIFY(closing->openImage(large, largeTruth));
    QVERIFY(closing->isOpening());
    delete closing;
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::processEvents();
}

// Stepping quickly through a split reads only what is still wanted: the images passed over are
// never shown (one imageOpened, for the last), and going back to the image shown gives up the open.
void TestAnnotation::onlyTheLatestOpenIsShown() {
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    for (const char* name : {"IMG_1", "IMG_157", "IMG_275"})
        crowdkd::test::copySamplePair(folder.path(), QString::fromLatin1(name));
    DatasetSession session;
    QSignalSpy sessionOpened(&session, &DatasetSession::opened);
    session.open(folder.path());
    QVERIFY(sessionOpened.wait(crowdkd::test::kOpenTimeoutMs));
    DatasetModel* model = session.currentModel();
    QCOMPARE(model->rowCount(), 3);
    DatasetFilterModel filter;
    filter.setSourceModel(model);
    const auto imageAt = [&](int row) {
        return model->imagePath(filter.mapToSource(filter.index(row, 0)).row());
    };
    AnnotateWorkspace workspace(&session, &filter);
    QVERIFY(crowdkd::test::openAndWait(workspace, imageAt(0), groundTruthPathForImage(imageAt(0))));

    QSignalSpy opened(&workspace, &AnnotateWorkspace::imageOpened);
    QVERIFY(workspace.step(+1));
    QCOMPARE(workspace.openingImagePath(), imageAt(1));
    // From the image on its way, not the one shown: a second press goes one further.
    QVERIFY(workspace.step(+1));
    QCOMPARE(workspace.openingImagePath(), imageAt(2));
    QVERIFY(!workspace.step(+1)); // past the end
    QCOMPARE(workspace.openingImagePath(), imageAt(2));
    QCOMPARE(workspace.document()->imagePath(), imageAt(0));
    QVERIFY(crowdkd::test::waitForOpen(workspace));
    QThreadPool::globalInstance()->waitForDone(); // nothing left to deliver late
    QCoreApplication::processEvents();
    QCOMPARE(opened.size(), 1);
    QCOMPARE(opened.front().at(0).toString(), imageAt(2));
    QCOMPARE(workspace.document()->imagePath(), imageAt(2));
    QCOMPARE(workspace.document()->points(), readHeadPoints(groundTruthPathForImage(imageAt(2))));

    // Back to the image shown while another is on its way: that one is given up.
    opened.clear();
    QVERIFY(workspace.step(-1));
    QVERIFY(workspace.isOpening());
    QVERIFY(workspace.openImage(imageAt(2), groundTruthPathForImage(imageAt(2))));
    QVERIFY(!workspace.isOpening());
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::processEvents();
    QVERIFY(opened.isEmpty());
    QCOMPARE(workspace.document()->imagePath(), imageAt(2));
    QVERIFY(workspace.canvas()->busyText().isEmpty());
}

QTEST_MAIN(TestAnnotation)
#include "test_annotation.moc"
