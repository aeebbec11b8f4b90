// The main window: workspaces, command-line names, opening datasets
// and images, recent datasets, runtime language switching and the About box's versions.
#include "annotate/annotate_workspace.h"
#include "annotate/annotation_document.h"
#include "common/studio_support.h"
#include "dataset/dataset_session.h"
#include "dataset/dataset_workspace.h"
#include "shell/command_line.h"
#include "shell/language.h"
#include "shell/main_window.h"
#include "shell/versions.h"
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
    MainWindow::Workspace workspace = MainWindow::Workspace::Dataset;
    QVERIFY(MainWindow::workspaceFromName(QStringLiteral("annotate"), &workspace));
    QCOMPARE(workspace, MainWindow::Workspace::Annotate);
    QVERIFY(MainWindow::workspaceFromName(QStringLiteral("COUNT"), &workspace));
    QCOMPARE(workspace, MainWindow::Workspace::Count);
    QVERIFY(!MainWindow::workspaceFromName(QStringLiteral("paint"), &workspace));
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
        QCOMPARE(options.workspace, MainWindow::Workspace::Annotate);
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
    for (int i = 0; i < 5; ++i) {
        const auto workspace = static_cast<MainWindow::Workspace>(i);
        window.setWorkspace(workspace);
        QCOMPARE(window.workspace(), workspace);
        QVERIFY(window.centralWidget()->isVisible());
    }
    QVERIFY(window.compareWorkspace() != nullptr);
    // Alt+2 switches to Annotate from the keyboard.
    window.setWorkspace(MainWindow::Workspace::Dataset);
    QTest::keyClick(&window, Qt::Key_2, Qt::AltModifier);
    QCOMPARE(window.workspace(), MainWindow::Workspace::Annotate);
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
    emit window.datasetWorkspace()->imageActivated(0);
    QCOMPARE(window.workspace(), MainWindow::Workspace::Annotate);
    AnnotationDocument* document = window.annotateWorkspace()->document();
    QVERIFY(!document->isEmpty());
    const auto count = window.statusBar()->findChild<QLabel*>(QStringLiteral("statusCount"));
    QVERIFY(count->text().contains(QString::number(document->count())));

    // D goes to the next image, A back.
    const QString first = document->imagePath();
    QTest::keyClick(window.annotateWorkspace(), Qt::Key_D);
    QVERIFY(document->imagePath() != first);
    QTest::keyClick(window.annotateWorkspace(), Qt::Key_PageUp);
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
