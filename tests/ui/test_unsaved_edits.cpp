// Issue #14.6: unsaved head annotations are never written behind the user's back. On real part A
// images copied into a temporary dataset, every answer to "Unsaved Changes" (Save, Discard, Cancel)
// is driven through an image switch whose new image fails to open (a truncated JPEG) or opens, a
// crash recovery, a dataset switch and quitting; each time the ground truth on disk (read with
// core's reader) and the document on screen must be what the user chose.
#include "annotate/annotate_workspace.h"
#include "annotate/annotation_document.h"
#include "base/error.h"
#include "common/autosave_store.h"
#include "common/studio_support.h"
#include "data/ground_truth.h"
#include "dataset/dataset_filter_model.h"
#include "dataset/dataset_session.h"
#include "shell/main_window.h"
#include "studio_test_support.h"
#include "test_support.h"

#include <QTest>

#include <memory>
#include <optional>

using namespace crowdkd;
using namespace crowdkd::ui;
using Answer = QMessageBox::StandardButton;

namespace {

/// Part A training images the tests copy (with their ground truth).
const char* const kImages[] = {"IMG_6", "IMG_7", "IMG_8"};
/// Where the tests add a head (inside every part A image).
const QPointF kAddedHead(101.5, 77.25);

/// The head points of a ground-truth file on disk, as core reads them.
QVector<QPointF> onDisk(const QString& truthPath) {
    QVector<QPointF> points;
    for (const HeadPoint& p : readGroundTruth(toPath(truthPath)).points)
        points.append(QPointF(p.x, p.y));
    return points;
}

/// A temporary ShanghaiTech-style dataset of a few real part A training images, plus a truncated
/// copy of one (the first half of its bytes) that the decoder refuses.
struct TempDataset {
    QTemporaryDir dir;
    QString images[3];
    QString truths[3];
    QString truncated;

    bool make() {
        const QDir source(QDir(test::sharedDir()).filePath("data/ShanghaiTech/part_A/train_data"));
        const QDir root(dir.path());
        if (!dir.isValid() || !root.mkpath("train_data/images") ||
            !root.mkpath("train_data/ground-truth") || !root.mkpath("broken"))
            return false;
        for (int i = 0; i < 3; ++i) {
            const QString name = QString::fromLatin1(kImages[i]);
            images[i] = root.filePath("train_data/images/" + name + ".jpg");
            truths[i] = root.filePath("train_data/ground-truth/GT_" + name + ".mat");
            if (!QFile::copy(source.filePath("images/" + name + ".jpg"), images[i]) ||
                !QFile::copy(source.filePath("ground-truth/GT_" + name + ".mat"), truths[i]))
                return false;
            QFile::setPermissions(truths[i], QFile::ReadOwner | QFile::WriteOwner);
        }
        truncated = root.filePath("broken/IMG_9.jpg");
        return truncate(images[2], truncated);
    }

    /// Writes the first half of `from` to `to`.
    static bool truncate(const QString& from, const QString& to) {
        QFile in(from);
        QFile out(to);
        if (!in.open(QIODevice::ReadOnly) || !out.open(QIODevice::WriteOnly))
            return false;
        const QByteArray bytes = in.readAll();
        return out.write(bytes.left(bytes.size() / 2)) == bytes.size() / 2;
    }
};

/// An Annotate workspace on its own (no main window).
struct LoneAnnotateWorkspace {
    DatasetSession session;
    DatasetFilterModel filter;
    AnnotateWorkspace workspace{&session, &filter};
    AnnotationDocument* document() { return workspace.document(); }
};

/// Opens `image` in the main window's Annotate workspace and adds a head there; returns the
/// document.
AnnotationDocument* openAndAddHead(MainWindow& window, const QString& image) {
    window.openPaths({image});
    test::waitForOpen(*window.workspace<AnnotateWorkspace>());
    AnnotationDocument* document = window.workspace<AnnotateWorkspace>()->document();
    if (document->imagePath() == image)
        document->addHead(kAddedHead);
    return document;
}

QString answerName(Answer answer) {
    return answer == QMessageBox::Save      ? QStringLiteral("save")
           : answer == QMessageBox::Discard ? QStringLiteral("discard")
                                            : QStringLiteral("cancel");
}

bool hasAutosave(const QString& imagePath) {
    AutosaveStore::Entry entry;
    return AutosaveStore().find(imagePath, &entry);
}

} // namespace

class TestUnsavedEdits : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void answerThenOpenImage_data();
    void answerThenOpenImage();
    void recoveryTouchesOnlyItsImage_data();
    void recoveryTouchesOnlyItsImage();
    void answerThenSwitchDataset_data();
    void answerThenSwitchDataset();
    void answerThenQuit_data();
    void answerThenQuit();
    void damagedTruthIsSetAside_data();
    void damagedTruthIsSetAside();
    void damagedSharedCsvStays();

private:
    void answers();
};

void TestUnsavedEdits::initTestCase() {
    test::isolateUserFolders();
}

void TestUnsavedEdits::init() {
    CROWDKD_REQUIRE_SHARED("data/ShanghaiTech/part_A/train_data/images/IMG_6.jpg");
    QDir(AutosaveStore::defaultFolder()).removeRecursively();
}

void TestUnsavedEdits::answers() {
    QTest::addColumn<int>("answer");
    for (Answer answer : {QMessageBox::Save, QMessageBox::Discard, QMessageBox::Cancel})
        QTest::newRow(qPrintable(answerName(answer))) << int(answer);
}

void TestUnsavedEdits::answerThenOpenImage_data() {
    QTest::addColumn<int>("answer");
    QTest::addColumn<bool>("nextOpens");
    for (Answer answer : {QMessageBox::Save, QMessageBox::Discard, QMessageBox::Cancel}) {
        for (bool opens : {false, true})
            QTest::newRow(
                qPrintable(answerName(answer) + (opens ? QStringLiteral(", next opens")
                                                       : QStringLiteral(", next is truncated"))))
                << int(answer) << opens;
    }
}

// The issue's report: open IMG_6, add a head, open a truncated JPEG, Discard, OK on "could not be
// opened": the head stayed on screen marked as saved, and the next save wrote it.
void TestUnsavedEdits::answerThenOpenImage() {
    QFETCH(int, answer);
    QFETCH(bool, nextOpens);
    TempDataset data;
    QVERIFY(data.make());
    const QVector<QPointF> original = onDisk(data.truths[0]);
    LoneAnnotateWorkspace w;
    QVERIFY(test::openAndWait(w.workspace, data.images[0], data.truths[0]));
    w.document()->addHead(kAddedHead);
    const QVector<QPointF> edited = w.document()->points();
    QCOMPARE(edited.size(), original.size() + 1);

    const QString next = nextOpens ? data.images[1] : data.truncated;
    const QString nextTruth = nextOpens ? data.truths[1] : groundTruthPathForImage(data.truncated);
    bool opened = false;
    {
        test::MessageBoxDriver unsaved(QStringLiteral("unsavedChangesBox"), Answer(answer));
        test::MessageBoxDriver failed(QStringLiteral("openFailedBox"), QMessageBox::Ok);
        opened = test::openAndWait(w.workspace, next, nextTruth);
        QVERIFY(unsaved.wasAsked());
        // A cancelled switch never tries the new image.
        QCOMPARE(failed.wasAsked(), !nextOpens && answer != QMessageBox::Cancel);
    }
    QCOMPARE(opened, nextOpens && answer != QMessageBox::Cancel);

    // On disk: the edits only after Save.
    QCOMPARE(onDisk(data.truths[0]), answer == QMessageBox::Save ? edited : original);
    // On screen: the new image when it opened, else the first one as the answer left it.
    if (opened) {
        QCOMPARE(w.document()->imagePath(), next);
        QCOMPARE(w.document()->points(), onDisk(data.truths[1]));
        QVERIFY(!w.document()->isModified());
    } else {
        QCOMPARE(w.document()->imagePath(), data.images[0]);
        QCOMPARE(w.document()->points(), answer == QMessageBox::Discard ? original : edited);
        QCOMPARE(w.document()->isModified(), answer == QMessageBox::Cancel);
    }
    // Discarded edits leave no autosave to be recovered later; cancelled ones keep theirs.
    QCOMPARE(hasAutosave(data.images[0]), answer == QMessageBox::Cancel);

    // The next Ctrl+S writes what is on screen, and only that.
    const QVector<QPointF> shown = w.document()->points();
    QVERIFY(w.workspace.save());
    QCOMPARE(onDisk(opened ? data.truths[1] : data.truths[0]), shown);
    if (opened)
        QCOMPARE(onDisk(data.truths[0]), answer == QMessageBox::Save ? edited : original);
}

void TestUnsavedEdits::recoveryTouchesOnlyItsImage_data() {
    QTest::addColumn<bool>("recoveredOpens");
    QTest::newRow("recovered image opens") << true;
    QTest::newRow("recovered image is truncated") << false;
}

// After a crash, recovery opens the image whose edits were kept: the edits of the image on screen
// are asked about (here discarded) and never end up in another image's file.
void TestUnsavedEdits::recoveryTouchesOnlyItsImage() {
    QFETCH(bool, recoveredOpens);
    TempDataset data;
    QVERIFY(data.make());
    const QVector<QPointF> firstOriginal = onDisk(data.truths[0]);
    const QVector<QPointF> secondOriginal = onDisk(data.truths[1]);
    // What a crashed session kept of IMG_7: two heads more.
    QVector<QPointF> kept = secondOriginal;
    kept << QPointF(10.5, 20.5) << QPointF(30.5, 40.5);
    QVERIFY(AutosaveStore().store(data.images[1], data.truths[1], kept));
    if (!recoveredOpens)
        QVERIFY(QFile::remove(data.images[1]) &&
                TempDataset::truncate(data.images[0], data.images[1]));

    LoneAnnotateWorkspace w;
    QVERIFY(test::openAndWait(w.workspace, data.images[0], data.truths[0]));
    w.document()->addHead(kAddedHead);
    {
        test::MessageBoxDriver offer(QStringLiteral("recoveryOfferBox"), QMessageBox::Open);
        test::MessageBoxDriver unsaved(QStringLiteral("unsavedChangesBox"), QMessageBox::Discard);
        test::MessageBoxDriver recover(QStringLiteral("recoverBox"), QMessageBox::Yes);
        test::MessageBoxDriver failed(QStringLiteral("openFailedBox"), QMessageBox::Ok);
        w.workspace.offerRecovery();
        QVERIFY(test::waitForOpen(w.workspace));
        QVERIFY(offer.wasAsked());
        QVERIFY(unsaved.wasAsked());
        // The offer was the question: the image's own "Recover?" is not asked again (#16.5).
        QVERIFY(!recover.wasAsked());
        QCOMPARE(failed.wasAsked(), !recoveredOpens);
    }
    if (recoveredOpens) {
        QCOMPARE(w.document()->imagePath(), data.images[1]);
        QCOMPARE(w.document()->points(), kept);
        QVERIFY(w.document()->isModified()); // recovered edits still need saving
    } else {
        // The discarded edits are gone, and the kept ones wait for the image to be readable.
        QCOMPARE(w.document()->imagePath(), data.images[0]);
        QCOMPARE(w.document()->points(), firstOriginal);
        QVERIFY(!w.document()->isModified());
        QVERIFY(hasAutosave(data.images[1]));
    }
    QVERIFY(!hasAutosave(data.images[0]));
    QVERIFY(w.workspace.save());
    QCOMPARE(onDisk(data.truths[0]), firstOriginal);
    QCOMPARE(onDisk(data.truths[1]), recoveredOpens ? kept : secondOriginal);
}

void TestUnsavedEdits::answerThenSwitchDataset_data() {
    answers();
}

// Opening another dataset with unsaved edits.
void TestUnsavedEdits::answerThenSwitchDataset() {
    QFETCH(int, answer);
    TempDataset data;
    QVERIFY(data.make());
    TempDataset other;
    QVERIFY(other.make());
    const QVector<QPointF> original = onDisk(data.truths[0]);
    MainWindow window;
    AnnotationDocument* document = openAndAddHead(window, data.images[0]);
    QVERIFY(document->isModified());
    const QVector<QPointF> edited = document->points();
    {
        test::MessageBoxDriver unsaved(QStringLiteral("unsavedChangesBox"), Answer(answer));
        window.openDataset(other.dir.path());
        QVERIFY(unsaved.wasAsked());
    }
    QCOMPARE(onDisk(data.truths[0]), answer == QMessageBox::Save ? edited : original);
    if (answer == QMessageBox::Cancel) {
        QCOMPARE(document->imagePath(), data.images[0]);
        QCOMPARE(document->points(), edited);
        QVERIFY(document->isModified());
    } else {
        QVERIFY(document->isEmpty());
        QVERIFY(!document->isModified());
    }
    QCOMPARE(hasAutosave(data.images[0]), answer == QMessageBox::Cancel);
}

void TestUnsavedEdits::answerThenQuit_data() {
    answers();
}

// Closing the main window with unsaved edits.
void TestUnsavedEdits::answerThenQuit() {
    QFETCH(int, answer);
    TempDataset data;
    QVERIFY(data.make());
    const QVector<QPointF> original = onDisk(data.truths[0]);
    auto window = std::make_unique<MainWindow>();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    AnnotationDocument* document = openAndAddHead(*window, data.images[0]);
    QVERIFY(document->isModified());
    const QVector<QPointF> edited = document->points();
    bool closed = false;
    {
        test::MessageBoxDriver unsaved(QStringLiteral("unsavedChangesBox"), Answer(answer));
        closed = window->close();
        QVERIFY(unsaved.wasAsked());
    }
    QCOMPARE(closed, answer != QMessageBox::Cancel);
    QCOMPARE(onDisk(data.truths[0]), answer == QMessageBox::Save ? edited : original);
    if (answer == QMessageBox::Cancel) {
        QVERIFY(window->isVisible());
        QCOMPARE(document->points(), edited);
        QVERIFY(document->isModified());
    } else {
        QVERIFY(!document->isModified());
    }
    // Only cancelled edits are still kept for a later recovery.
    QCOMPARE(hasAutosave(data.images[0]), answer == QMessageBox::Cancel);
}

void TestUnsavedEdits::damagedTruthIsSetAside_data() {
    QTest::addColumn<bool>("accept");
    QTest::newRow("set aside") << true;
    QTest::newRow("cancel") << false;
}

// Issue #16.4: a damaged .mat beside a good image is named with its reason, and can be kept aside
// under a free name (an existing .damaged file is never replaced) to start an empty annotation.
void TestUnsavedEdits::damagedTruthIsSetAside() {
    QFETCH(bool, accept);
    TempDataset data;
    QVERIFY(data.make());
    const QString truth = data.truths[1];
    QVERIFY(QFile::resize(truth, 200));
    QFile damaged(truth);
    QVERIFY(damaged.open(QIODevice::ReadOnly));
    const QByteArray damagedBytes = damaged.readAll();
    damaged.close();
    // A file kept aside earlier is in the way of the first name.
    const QString earlier = truth + QStringLiteral(".damaged");
    QFile earlierFile(earlier);
    QVERIFY(earlierFile.open(QIODevice::WriteOnly) && earlierFile.write("earlier") == 7);
    earlierFile.close();

    // Core's reason, which the question must give.
    QString reason;
    try {
        readGroundTruth(toPath(truth));
    } catch (const FileError& error) {
        reason = QString::fromStdString(error.reason());
    }
    QVERIFY(!reason.isEmpty());

    LoneAnnotateWorkspace w;
    bool opened = false;
    QString text;
    {
        test::MessageBoxDriver ask(QStringLiteral("damagedTruthBox"),
                                   accept ? QMessageBox::Yes : QMessageBox::Cancel);
        test::MessageBoxDriver failed(QStringLiteral("openFailedBox"), QMessageBox::Ok);
        opened = test::openAndWait(w.workspace, data.images[1], truth);
        QVERIFY(ask.wasAsked());
        text = ask.text();
        // Declining needs no second message: the question has just said why.
        QVERIFY(!failed.wasAsked());
    }
    // The question names the .mat and says why it cannot be read.
    QVERIFY2(text.contains(QStringLiteral("GT_IMG_7.mat")), qPrintable(text));
    QVERIFY2(text.contains(reason), qPrintable(text));

    QCOMPARE(opened, accept);
    QFile::setPermissions(earlier, QFile::ReadOwner | QFile::WriteOwner);
    QFile earlierAfter(earlier);
    QVERIFY(earlierAfter.open(QIODevice::ReadOnly));
    QCOMPARE(earlierAfter.readAll(), QByteArray("earlier"));
    const QString aside = earlier + QStringLiteral("-2");
    if (accept) {
        QVERIFY(!QFileInfo::exists(truth));
        QFile asideFile(aside);
        QVERIFY(asideFile.open(QIODevice::ReadOnly));
        QCOMPARE(asideFile.readAll(), damagedBytes);
        QCOMPARE(w.document()->imagePath(), data.images[1]);
        QVERIFY(w.document()->points().isEmpty());
        // The new annotation saves where the damaged file was.
        w.document()->addHead(kAddedHead);
        QVERIFY(w.workspace.save());
        QCOMPARE(onDisk(truth), QVector<QPointF>{kAddedHead});
    } else {
        QVERIFY(!QFileInfo::exists(aside));
        QFile still(truth);
        QVERIFY(still.open(QIODevice::ReadOnly));
        QCOMPARE(still.readAll(), damagedBytes);
        QVERIFY(w.document()->isEmpty());
    }
}

// A damaged CSV of points is shared by every image of its split: it is not offered to be set aside
// (which would hide every other image's heads), the open fails naming it, and it stays as it was.
void TestUnsavedEdits::damagedSharedCsvStays() {
    TempDataset data;
    QVERIFY(data.make());
    const QString csv = QDir(data.dir.path()).filePath(QStringLiteral("train_data/points.csv"));
    const QByteArray text = QByteArrayLiteral("image,x,y\nIMG_7.jpg,10,20\nIMG_8.jpg,ten,20\n");
    {
        QFile file(csv);
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write(text) == text.size());
    }
    LoneAnnotateWorkspace w;
    QString shown;
    {
        test::MessageBoxDriver ask(QStringLiteral("damagedTruthBox"), QMessageBox::Yes);
        test::MessageBoxDriver failed(QStringLiteral("openFailedBox"), QMessageBox::Ok);
        QVERIFY(!test::openAndWait(w.workspace, data.images[1], csv));
        QVERIFY(!ask.wasAsked());
        QVERIFY(failed.wasAsked());
        shown = failed.text();
    }
    QVERIFY2(shown.contains(QStringLiteral("points.csv")), qPrintable(shown));
    QFile still(csv);
    QVERIFY(still.open(QIODevice::ReadOnly));
    QCOMPARE(still.readAll(), text);
    QCOMPARE(QDir(QFileInfo(csv).absolutePath()).entryList({QStringLiteral("points.csv*")}),
             QStringList{QStringLiteral("points.csv")});
}

QTEST_MAIN(TestUnsavedEdits)
#include "test_unsaved_edits.moc"
