// The main window: workspaces, command-line names, opening datasets
// and images, recent datasets, runtime language switching and the About box's versions.
#include "annotate/annotate_workspace.h"
#include "annotate/annotation_document.h"
#include "common/studio_support.h"
#include "compare/compare_workspace.h"
#include "dataset/dataset_session.h"
#include "dataset/dataset_workspace.h"
#include "shell/command_line.h"
#include "shell/language.h"
#include "shell/main_window.h"
#include "shell/versions.h"
#include "shell/workspace_registry.h"
#include "studio_test_support.h"

#include <QAction>
#include <QLabel>
#include <QMenuBar>
#include <QProcess>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTest>

#include <opencv2/core/version.hpp>

#include <algorithm>

using namespace crowdkd::ui;

class TestMainWindow : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void workspaceNames();
    void parsesCommandLine();
    void everyWorkspaceShows();
    void opensSampleDatasetAndImage();
    void switchesLanguageAtRuntime();
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
    AnnotationDocument* document = window.workspace<AnnotateWorkspace>()->document();
    QVERIFY(!document->isEmpty());
    const auto count = window.statusBar()->findChild<QLabel*>(QStringLiteral("statusCount"));
    QVERIFY(count->text().contains(QString::number(document->count())));

    // D goes to the next image, A back.
    const QString first = document->imagePath();
    QTest::keyClick(window.workspace<AnnotateWorkspace>(), Qt::Key_D);
    QVERIFY(document->imagePath() != first);
    QTest::keyClick(window.workspace<AnnotateWorkspace>(), Qt::Key_PageUp);
    QCOMPARE(document->imagePath(), first);
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
