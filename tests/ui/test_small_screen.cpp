// The studio fits a 1280x720 screen: shown at that size with a dataset open (the bundled samples,
// and the real part A, whose split names and counts are wider), in every workspace and both
// languages, the main window keeps that size (its minimum fits), no workspace asks for more
// room than the window gives it, and no panel needs a horizontal scroll bar.
#include "dataset/dataset_model.h"
#include "dataset/dataset_session.h"
#include "shell/language.h"
#include "shell/main_window.h"
#include "studio_test_support.h"

#include <QAbstractScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTest>

using namespace crowdkd;
using namespace crowdkd::ui;

namespace {

/// The small screen the studio must fit.
constexpr QSize kScreen(1280, 720);
/// What a desktop takes from the screen's height besides the window's contents: its title bar
/// and a panel (the offscreen platform draws neither, so the test leaves room for them).
constexpr int kDesktopHeight = 40;

} // namespace

class TestSmallScreen : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void everyWorkspaceFits_data();
    void everyWorkspaceFits();
};

void TestSmallScreen::initTestCase() {
    test::isolateUserFolders();
}

void TestSmallScreen::cleanup() {
    setLanguage(QStringLiteral("en"));
}

void TestSmallScreen::everyWorkspaceFits_data() {
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("dataset"); ///< below ../shared, or empty for the bundled samples
    for (const QString& language : {QStringLiteral("en"), QStringLiteral("ko")}) {
        QTest::addRow("%s, samples", qPrintable(language)) << language << QString();
        QTest::addRow("%s, part A", qPrintable(language))
            << language << QStringLiteral("data/ShanghaiTech/part_A");
    }
}

void TestSmallScreen::everyWorkspaceFits() {
    QFETCH(QString, language);
    QFETCH(QString, dataset);
    if (!dataset.isEmpty())
        CROWDKD_REQUIRE_SHARED(dataset);
    QVERIFY(setLanguage(language));
    // Shown first, as a user opens a dataset in a window already on the screen: a window grows
    // when its content's minimum does (a progress bar while loading), and never shrinks back.
    MainWindow window;
    window.resize(kScreen);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy opened(window.session(), &DatasetSession::opened);
    window.openDataset(dataset.isEmpty() ? QStringLiteral(CROWDKD_SAMPLES_DIR)
                                         : QDir(test::sharedDir()).filePath(dataset));
    QVERIFY(opened.wait(60000));
    // Every count in: the statistics and the splits' labels take their final widths.
    if (DatasetModel* model = window.session()->currentModel(); model && model->isLoading()) {
        QSignalSpy loaded(model, &DatasetModel::loadingFinished);
        QVERIFY(loaded.wait(120000));
    }
    QCoreApplication::processEvents();
    QCOMPARE(window.size(), kScreen); // loading did not widen it

    const auto* stack = window.findChild<QStackedWidget*>();
    QVERIFY(stack);
    for (Workspace* workspace : window.workspaces()) {
        QVERIFY(window.setWorkspace(workspace->id()));
        window.resize(kScreen);
        QCoreApplication::processEvents();
        const QString name = workspace->id();
        const QSize minimum = window.minimumSizeHint().expandedTo(window.minimumSize());
        QVERIFY2(minimum.width() <= kScreen.width() &&
                     minimum.height() <= kScreen.height() - kDesktopHeight,
                 qPrintable(QStringLiteral("%1: the window needs at least %2x%3")
                                .arg(name)
                                .arg(minimum.width())
                                .arg(minimum.height())));
        QCOMPARE(window.size(), kScreen);
        const QSize needed = workspace->minimumSizeHint();
        QVERIFY2(needed.width() <= stack->width() && needed.height() <= stack->height(),
                 qPrintable(QStringLiteral("%1 needs %2x%3, has %4x%5")
                                .arg(name)
                                .arg(needed.width())
                                .arg(needed.height())
                                .arg(stack->width())
                                .arg(stack->height())));
        // Panels fit their width: nothing is reached only by scrolling sideways.
        for (QAbstractScrollArea* area : workspace->findChildren<QAbstractScrollArea*>()) {
            if (!area->isVisibleTo(&window) || area->inherits("QAbstractItemView") ||
                area->inherits("QGraphicsView") || area->inherits("QPlainTextEdit"))
                continue;
            QVERIFY2(!area->horizontalScrollBar()->isVisible(),
                     qPrintable(QStringLiteral("%1: %2 \"%3\" scrolls sideways")
                                    .arg(name, QString::fromLatin1(area->metaObject()->className()),
                                         area->objectName())));
        }
    }
}

QTEST_MAIN(TestSmallScreen)
#include "test_small_screen.moc"
