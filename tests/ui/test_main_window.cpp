// The main window: workspaces, command-line names, opening datasets
// and images, recent datasets, runtime language switching and the About box's versions.
#include "annotate/annotate_workspace.h"
#include "annotate/annotation_document.h"
#include "common/autosave_store.h"
#include "common/studio_support.h"
#include "compare/compare_workspace.h"
#include "dataset/dataset_model.h"
#include "dataset/dataset_session.h"
#include "dataset/dataset_workspace.h"
#include "shell/command_line.h"
#include "shell/language.h"
#include "shell/main_window.h"
#include "shell/versions.h"
#include "shell/welcome_page.h"
#include "shell/workspace_registry.h"
#include "studio_test_support.h"
#include "test_support.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QMenuBar>
#include <QProcess>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

#include <opencv2/core/version.hpp>

#include <algorithm>
#include <cmath>

using namespace crowdkd::ui;

namespace {

/// Three real part A training pairs copied into `dir` in the ShanghaiTech layout; the images'
/// paths, empty when ../shared is missing or a copy failed.
QStringList copyPartAPairs(const QTemporaryDir& dir) {
    const QDir source(
        QDir(crowdkd::test::sharedDir()).filePath("data/ShanghaiTech/part_A/train_data"));
    const QDir split(dir.filePath(QStringLiteral("train_data")));
    if (!split.mkpath(QStringLiteral("images")) || !split.mkpath(QStringLiteral("ground-truth")))
        return {};
    QStringList images;
    for (const char* name : {"IMG_1", "IMG_2", "IMG_3"}) {
        const QString image = QStringLiteral("images/%1.jpg").arg(QLatin1String(name));
        const QString truth = QStringLiteral("ground-truth/GT_%1.mat").arg(QLatin1String(name));
        if (!QFile::copy(source.filePath(image), split.filePath(image)) ||
            !QFile::copy(source.filePath(truth), split.filePath(truth)))
            return {};
        QFile::setPermissions(split.filePath(truth), QFile::ReadOwner | QFile::WriteOwner);
        images << split.filePath(image);
    }
    return images;
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void workspaceNames();
    void parsesCommandLine();
    void everyWorkspaceShows();
    void opensSampleDatasetAndImage();
    void loneImageListsItsFolder();
    void recoveryAsksOnceAndListsTheFolder();
    void switchesLanguageAtRuntime();
    void welcomeHintFollowsThePalette();
    void reportsLibraryVersions();
    void explainsMissingDisplay();
};

void TestMainWindow::initTestCase() {
    crowdkd::test::isolateUserFolders();
}

void TestMainWindow::workspaceNames() {
    const QStringList ids = {QStringLiteral("dataset"), QStringLiteral("annotate"),
                             QStringLiteral("train"), QStringLiteral("compare"),
                             QStringLiteral("count")};
    QCOMPARE(workspaceIds(), ids);
    MainWindow window;
    // The window builds the registered workspaces, in order, each with its registered id.
    const QList<Workspace*> workspaces = window.workspaces();
    QCOMPARE(workspaces.size(), ids.size());
    for (int i = 0; i < ids.size(); ++i)
        QCOMPARE(workspaces[i]->id(), ids[i]);
    QVERIFY(window.setWorkspace(QStringLiteral("annotate")));
    QCOMPARE(window.currentWorkspace(), QStringLiteral("annotate"));
    QVERIFY(window.setWorkspace(QStringLiteral("COUNT")));
    QCOMPARE(window.currentWorkspace(), QStringLiteral("count"));
    QVERIFY(!window.setWorkspace(QStringLiteral("paint")));
    QCOMPARE(window.currentWorkspace(), QStringLiteral("count"));
}

void TestMainWindow::parsesCommandLine() {
    {
        QCommandLineParser parser;
        const StudioCommandLine options = parseStudioCommandLine(
            parser, {QStringLiteral("crowdkd-studio"), QStringLiteral("--workspace"),
                     QStringLiteral("annotate"), QStringLiteral("--lang=ko"),
                     QStringLiteral("/data/part_A"), QStringLiteral("IMG_1.jpg")});
        QVERIFY(options.error.isEmpty());
        QVERIFY(options.workspaceGiven);
        QCOMPARE(options.workspace, QStringLiteral("annotate"));
        QCOMPARE(options.language, QStringLiteral("ko"));
        QCOMPARE(options.paths,
                 QStringList({QStringLiteral("/data/part_A"), QStringLiteral("IMG_1.jpg")}));
        QVERIFY(parser.helpText().contains(QStringLiteral("--workspace <name>")));
        QVERIFY(parser.helpText().contains(QStringLiteral("--lang <code>")));
    }
    for (const QStringList& bad :
         {QStringList{QStringLiteral("--workspace"), QStringLiteral("paint")},
          QStringList{QStringLiteral("--lang"), QStringLiteral("fr")},
          QStringList{QStringLiteral("--no-such-option")}}) {
        QCommandLineParser parser;
        const StudioCommandLine options =
            parseStudioCommandLine(parser, QStringList{QStringLiteral("crowdkd-studio")} + bad);
        QVERIFY2(!options.error.isEmpty(), qPrintable(bad.join(QLatin1Char(' '))));
    }
    QCOMPARE(
        languageArgument({QStringLiteral("x"), QStringLiteral("--lang"), QStringLiteral("ko")}),
        QStringLiteral("ko"));
    QCOMPARE(languageArgument({QStringLiteral("x"), QStringLiteral("--lang=en")}),
             QStringLiteral("en"));
}

void TestMainWindow::everyWorkspaceShows() {
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    for (Workspace* workspace : window.workspaces()) {
        QVERIFY(window.setWorkspace(workspace->id()));
        QCOMPARE(window.currentWorkspace(), workspace->id());
        QVERIFY(workspace->isVisible());
    }
    QVERIFY(window.workspace<CompareWorkspace>() != nullptr);
    // Alt+2 switches to Annotate from the keyboard.
    window.setWorkspace(QStringLiteral("dataset"));
    QTest::keyClick(&window, Qt::Key_2, Qt::AltModifier);
    QCOMPARE(window.currentWorkspace(), QStringLiteral("annotate"));
    // Annotate's actions are in the menus: Ctrl+S is File ▸ Save Annotation.
    const QList<QAction*> file = window.menuBar()->actions().first()->menu()->actions();
    QVERIFY(std::any_of(file.begin(), file.end(), [](const QAction* action) {
        return action->shortcut() == QKeySequence(QKeySequence::Save);
    }));
}

void TestMainWindow::opensSampleDatasetAndImage() {
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy opened(window.session(), &DatasetSession::opened);
    QVERIFY(window.openSampleDataset());
    QVERIFY(opened.wait(30000));
    QCOMPARE(window.recentDatasets().value(0), QDir::cleanPath(sampleDatasetPath()));

    // Activating an image in the browser opens it in Annotate.
    emit window.workspace<DatasetWorkspace>()->imageActivated(0);
    QCOMPARE(window.currentWorkspace(), QStringLiteral("annotate"));
    QVERIFY(crowdkd::test::waitForOpen(*window.workspace<AnnotateWorkspace>()));
    AnnotationDocument* document = window.workspace<AnnotateWorkspace>()->document();
    QVERIFY(!document->isEmpty());
    const auto count = window.statusBar()->findChild<QLabel*>(QStringLiteral("statusCount"));
    QVERIFY(count->text().contains(QString::number(document->count())));

    // D goes to the next image, A back.
    const QString first = document->imagePath();
    QTest::keyClick(window.workspace<AnnotateWorkspace>(), Qt::Key_D);
    QVERIFY(crowdkd::test::waitForOpen(*window.workspace<AnnotateWorkspace>()));
    QVERIFY(document->imagePath() != first);
    QTest::keyClick(window.workspace<AnnotateWorkspace>(), Qt::Key_PageUp);
    QVERIFY(crowdkd::test::waitForOpen(*window.workspace<AnnotateWorkspace>()));
    QCOMPARE(document->imagePath(), first);

    // The status bar speaks for the workspace shown only: Count has no heads nor zoom of
    // Annotate's.
    const auto image = window.statusBar()->findChild<QLabel*>(QStringLiteral("statusImage"));
    const auto zoom = window.statusBar()->findChild<QLabel*>(QStringLiteral("statusZoom"));
    QVERIFY(image->text().contains(QFileInfo(first).fileName()));
    QVERIFY(window.setWorkspace(QStringLiteral("count")));
    QVERIFY(count->text().isEmpty());
    QVERIFY(zoom->text().isEmpty());
    QVERIFY(!image->text().contains(QFileInfo(first).fileName()));
    QVERIFY(!window.windowTitle().contains(QFileInfo(first).fileName()));
    QVERIFY(window.setWorkspace(QStringLiteral("annotate")));
    QVERIFY(count->text().contains(QString::number(document->count())));
}

// Issue #16.5: an image opened alone lists its folder (core's layout rules find the split), so
// next/previous go through its neighbours; the image on screen stays.
void TestMainWindow::loneImageListsItsFolder() {
    CROWDKD_REQUIRE_SHARED("data/ShanghaiTech/part_A/train_data/images/IMG_3.jpg");
    QTemporaryDir dir;
    const QStringList images = copyPartAPairs(dir);
    QCOMPARE(images.size(), 3);
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy opened(window.session(), &DatasetSession::opened);
    window.openPaths({images[1]});
    QCOMPARE(window.currentWorkspace(), QStringLiteral("annotate"));
    auto* annotate = window.workspace<AnnotateWorkspace>();
    QVERIFY(crowdkd::test::waitForOpen(*annotate));
    AnnotationDocument* document = annotate->document();
    QCOMPARE(document->imagePath(), images[1]);
    QVERIFY(opened.wait(30000));
    QCOMPARE(window.session()->currentModel()->rowCount(), images.size());
    QCOMPARE(document->imagePath(), images[1]);
    QTest::keyClick(annotate, Qt::Key_D);
    QVERIFY(crowdkd::test::waitForOpen(*annotate));
    QCOMPARE(document->imagePath(), images[2]);
    // Pressed twice before the first press's image is shown: two images back.
    QTest::keyClick(annotate, Qt::Key_A);
    QTest::keyClick(annotate, Qt::Key_A);
    QVERIFY(crowdkd::test::waitForOpen(*annotate));
    QCOMPARE(document->imagePath(), images[0]);
    // The folder is a list for the image, not a dataset the user opened.
    QVERIFY(!window.recentDatasets().contains(QFileInfo(images[1]).absolutePath()));
}

// After a crash the recovery offer is the only question (the image's own "Recover?" is not asked
// again), and the recovered image's folder is listed too.
void TestMainWindow::recoveryAsksOnceAndListsTheFolder() {
    CROWDKD_REQUIRE_SHARED("data/ShanghaiTech/part_A/train_data/images/IMG_3.jpg");
    QDir(AutosaveStore::defaultFolder()).removeRecursively();
    QTemporaryDir dir;
    const QStringList images = copyPartAPairs(dir);
    QCOMPARE(images.size(), 3);
    const QVector<QPointF> kept = {QPointF(10.5, 20.25), QPointF(30, 40)};
    QVERIFY(AutosaveStore().store(images[1], groundTruthPathForImage(images[1]), kept));

    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy opened(window.session(), &DatasetSession::opened);
    {
        crowdkd::test::MessageBoxDriver offer(QStringLiteral("recoveryOfferBox"),
                                              QMessageBox::Open);
        crowdkd::test::MessageBoxDriver again(QStringLiteral("recoverBox"), QMessageBox::Yes);
        window.offerRecovery();
        QVERIFY(crowdkd::test::waitForOpen(*window.workspace<AnnotateWorkspace>()));
        QVERIFY(offer.wasAsked());
        QVERIFY(!again.wasAsked());
    }
    AnnotationDocument* document = window.workspace<AnnotateWorkspace>()->document();
    QCOMPARE(document->imagePath(), images[1]);
    QCOMPARE(document->points(), kept);
    QVERIFY(document->isModified());
    QVERIFY(opened.wait(30000));
    QCOMPARE(window.session()->currentModel()->rowCount(), images.size());
    QCOMPARE(document->points(), kept);
    // Moving on asks about the recovered edits (discarded here), then shows the next image.
    {
        crowdkd::test::MessageBoxDriver unsaved(QStringLiteral("unsavedChangesBox"),
                                                QMessageBox::Discard);
        // The offer's dialog took the focus; shortcuts need the window active again.
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.workspace<AnnotateWorkspace>()->activate();
        QTest::keyClick(window.workspace<AnnotateWorkspace>(), Qt::Key_D);
        QVERIFY(unsaved.wasAsked());
        QVERIFY(crowdkd::test::waitForOpen(*window.workspace<AnnotateWorkspace>()));
    }
    QCOMPARE(document->imagePath(), images[2]);
}

// The welcome page's hint is drawn in the palette's own text colour (slightly see-through), not a
// disabled grey: dark on a light palette, light on a dark one, and enabled.
void TestMainWindow::welcomeHintFollowsThePalette() {
    const QPalette original = QApplication::palette();
    WelcomePage page;
    page.resize(1280, 720);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto* hint = page.findChild<QLabel*>(QStringLiteral("welcomeHint"));
    QVERIFY(hint);
    QVERIFY(hint->isEnabled());
    for (const bool dark : {false, true}) {
        QPalette palette = original;
        palette.setColor(QPalette::Window, dark ? QColor(0x20, 0x20, 0x20) : Qt::white);
        palette.setColor(QPalette::WindowText, dark ? QColor(0xee, 0xee, 0xee) : Qt::black);
        QApplication::setPalette(palette);
        QCoreApplication::processEvents();
        const QColor text = hint->palette().color(QPalette::WindowText);
        const QColor background = page.palette().color(QPalette::Window);
        QVERIFY(text.alpha() >= 200);
        // Seen over the page, the text keeps most of the contrast of the palette's own text.
        const double shown =
            text.alphaF() * text.lightnessF() + (1.0 - text.alphaF()) * background.lightnessF();
        QVERIFY2(std::abs(shown - background.lightnessF()) > 0.6,
                 qPrintable(QString::number(shown)));
        crowdkd::test::saveScreenshot(&page, dark ? QStringLiteral("welcome_dark")
                                                  : QStringLiteral("welcome_light"));
    }
    QApplication::setPalette(original);
}

void TestMainWindow::switchesLanguageAtRuntime() {
    MainWindow window;
    window.show();
    QVERIFY(setLanguage(QStringLiteral("en")));
    const QString english = window.menuBar()->actions().first()->text();
    QCOMPARE(english, QStringLiteral("&File"));
    QVERIFY(setLanguage(QStringLiteral("ko")));
    QCoreApplication::processEvents();
    const QString korean = window.menuBar()->actions().first()->text();
    QVERIFY2(korean != english, qPrintable(korean));
    QVERIFY(korean.contains(QStringLiteral("파일")));
    QVERIFY(setLanguage(QStringLiteral("en")));
    QCoreApplication::processEvents();
    QCOMPARE(window.menuBar()->actions().first()->text(), english);
    QVERIFY(!setLanguage(QStringLiteral("xx")));
}

void TestMainWindow::reportsLibraryVersions() {
    QCOMPARE(openCvVersion(), QStringLiteral(CV_VERSION));
    QVERIFY(libTorchVersion().startsWith(QStringLiteral("1.")));
}

// Without DISPLAY, WAYLAND_DISPLAY or QT_QPA_PLATFORM (SSH, CI), QApplication would abort: the
// studio still prints its help and usage errors, and says why it cannot open a window.
void TestMainWindow::explainsMissingDisplay() {
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
        environment.remove(QString::fromLatin1(name));
    const auto run = [&environment](const QStringList& arguments) {
        QProcess studio;
        studio.setProcessEnvironment(environment);
        studio.start(QStringLiteral(CROWDKD_STUDIO), arguments + QStringList{"--lang", "en"});
        if (!studio.waitForFinished(60000))
            studio.kill();
        return std::make_pair(
            studio.exitStatus() == QProcess::NormalExit ? studio.exitCode() : -1,
            QString::fromUtf8(studio.readAllStandardOutput() + studio.readAllStandardError()));
    };
    const auto [helpCode, help] = run({QStringLiteral("--help")});
    QCOMPARE(helpCode, 0);
    QVERIFY2(help.contains(QLatin1String("--workspace")), qPrintable(help));
    const auto [usageCode, usage] = run({QStringLiteral("--workspace"), QStringLiteral("bogus")});
    QCOMPARE(usageCode, 2);
    QVERIFY2(usage.contains(QLatin1String("unknown workspace 'bogus'")), qPrintable(usage));
    const auto [windowCode, window] = run({});
    QCOMPARE(windowCode, 1);
    QVERIFY2(window.contains(noDisplayMessage()), qPrintable(window));
#else
    QSKIP("a display is always there on this system");
#endif
}

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
