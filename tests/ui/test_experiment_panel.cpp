// The α sweep of the Train workspace: a tiny experiment (2 α, 6 training images, 1 epoch, small
// crops, 3 test images, svishwa's MCNN as teacher) launched from the GUI trains the plain student
// and both KD students on a worker thread, then shows Table 1 and Table 2 with the right rows and
// the α-vs-MAE plot with its points; reopening the folder shows them again; the tables agree with
// the files the core wrote.
#include "shell/language.h"
#include "studio_test_support.h"
#include "test_support.h"
#include "train/experiment_panel.h"
#include "train/train_workspace.h"
#include "train/training_session.h"

#include <QDir>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <qcustomplot.h>

using namespace crowdkd;
using namespace crowdkd::ui;

class TestExperimentPanel : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { test::isolateUserFolders(); }
    void tinySweepShowsBothTables();
};

void TestExperimentPanel::tinySweepShowsBothTables() {
    CROWDKD_REQUIRE_SHARED("data/ShanghaiTech/part_A/train_data");
    CROWDKD_REQUIRE_SHARED("fixtures/pretrained/mcnn_shtechA_svishwa.pth");
    QTemporaryDir runs;
    TrainWorkspace workspace(nullptr);
    workspace.setRunsRoot(runs.filePath(QStringLiteral("runs")));
    const pipeline::TrainingConfig config = test::tinyKdConfig(1, 6, 64, 4, 2);
    workspace.setConfig(config);
    workspace.resize(1400, 900);
    workspace.show();

    ExperimentPanel* panel = workspace.experimentPanel();
    QVERIFY(panel);
    auto* alphas = panel->findChild<QLineEdit*>(QStringLiteral("experimentAlphas"));
    auto* maxTest = panel->findChild<QSpinBox*>(QStringLiteral("experimentMaxTest"));
    auto* out = panel->findChild<QLineEdit*>(QStringLiteral("experimentOut"));
    auto* run = panel->findChild<QPushButton*>(QStringLiteral("experimentRun"));
    QVERIFY(alphas && maxTest && out && run);
    alphas->setText(QStringLiteral("0.1, 0.5"));
    maxTest->setValue(3);
    const QString folder = runs.filePath(QStringLiteral("sweep"));
    out->setText(folder);

    QSignalSpy runStarted(panel->session(), &ExperimentSession::runStarted);
    QSignalSpy finished(panel, &ExperimentPanel::experimentFinished);
    QSignalSpy evaluating(panel->session(), &ExperimentSession::evaluating);
    auto* start = workspace.findChild<QPushButton*>(QStringLiteral("trainStart"));
    QVERIFY(start);
    QTest::mouseClick(run, Qt::LeftButton);
    QVERIFY(panel->isRunning());
    QVERIFY(!run->isEnabled());
    // One engine trains at a time: the Train tab's run waits for the sweep.
    QVERIFY(!workspace.startTraining(true));
    QVERIFY(!workspace.session()->isRunning());
    QTRY_VERIFY(!start->isEnabled());
    QVERIFY(finished.wait(300000));
    QTRY_VERIFY(start->isEnabled());
    QVERIFY2(finished.front().front().toBool(), "the experiment did not finish");
    QCOMPARE(runStarted.size(), 3); // student, kd-alpha-0.1, kd-alpha-0.5
    QCOMPARE(runStarted[1][0].toString(), QStringLiteral("kd-alpha-0.1"));
    // Test counting reports its last image too: the progress ends at total / total.
    QVERIFY(!evaluating.isEmpty());
    QCOMPARE(evaluating.back()[0].toString(), QStringLiteral("kd-alpha-0.5"));
    QCOMPARE(evaluating.back()[1].toInt(), evaluating.back()[2].toInt());

    // Table 1: teacher, student, best KD student; Table 2: the student (α 0) and both α.
    QCOMPARE(panel->table1()->rowCount(), 3);
    QCOMPARE(panel->table2()->rowCount(), 3);
    QVERIFY(panel->table1()->item(0, 0)->text().contains(QStringLiteral("Teacher")));
    QCOMPARE(panel->table2()->item(2, 0)->text(), QLocale().toString(0.5, 'f', 2));
    ExperimentTables tables;
    QString error;
    QVERIFY2(readExperimentTables(folder, &tables, &error), qPrintable(error));
    // The teacher's MAE on 4 test images is that of svishwa's MCNN: tens of people, not zero.
    QVERIFY(tables.table1[0].mae > 1);
    QCOMPARE(panel->table1()->item(0, 2)->text(), QLocale().toString(tables.table1[0].mae, 'f', 2));
    // The plot: one point per α, and the plain student's MAE as a line.
    QCustomPlot* plot = panel->plot();
    QCOMPARE(plot->graph(0)->data()->size(), 2);
    QCOMPARE(plot->graph(0)->data()->at(0)->key, 0.1);
    QCOMPARE(plot->graph(0)->data()->at(1)->value, tables.table2[2].mae);
    QCOMPARE(plot->graph(1)->data()->size(), 2);
    QCOMPARE(plot->graph(1)->data()->at(0)->value, tables.table2[0].mae);

    // The α-sweep tab is shown with its results.
    auto* tabs = workspace.findChild<QTabWidget*>();
    QVERIFY(tabs);
    tabs->setCurrentWidget(panel);
    test::saveScreenshot(&workspace, QStringLiteral("alpha_sweep"));

    // Reopening the folder in a fresh panel shows the same tables and plot.
    ExperimentPanel reopened([] { return pipeline::TrainingConfig(); });
    QVERIFY(reopened.openExperiment(folder));
    QCOMPARE(reopened.findChild<QLineEdit*>(QStringLiteral("experimentAlphas"))->text(),
             QStringLiteral("0.1, 0.5")); // the folder's α values, whatever the field said
    QVERIFY(QDir(reopened.outputFolder()) == QDir(folder)); // Run Experiment continues it there
    QCOMPARE(reopened.table1()->rowCount(), 3);
    QCOMPARE(reopened.table2()->rowCount(), 3);
    QCOMPARE(reopened.plot()->graph(0)->data()->size(), 2);
    // A folder without tables is refused.
    QVERIFY(!reopened.openExperiment(runs.filePath(QStringLiteral("runs"))));

    // The model names of table1.csv (English) follow the language.
    QVERIFY(setLanguage(QStringLiteral("ko")));
    QCoreApplication::processEvents();
    const QString teacherKo = panel->table1()->item(0, 0)->text();
    QCOMPARE(teacherKo, ExperimentPanel::tr("Teacher (%1)").arg(QStringLiteral("MCNN")));
    QVERIFY2(teacherKo != QStringLiteral("Teacher (MCNN)"), qPrintable(teacherKo));
    QVERIFY(panel->table1()->item(2, 0)->text().contains(QLocale().toString(0.1, 'f', 2)));
    QVERIFY(setLanguage(QStringLiteral("en")));
    QCoreApplication::processEvents();
    QCOMPARE(panel->table1()->item(0, 0)->text(), QStringLiteral("Teacher (MCNN)"));

    // And the sweep waits for the Train tab's run.
    QSignalSpy trained(workspace.session(), &TrainingSession::finished);
    QVERIFY(workspace.startTraining(true));
    QVERIFY(!run->isEnabled());
    QVERIFY(!panel->startExperiment());
    QVERIFY(!panel->isRunning());
    QVERIFY(trained.wait(300000));
    QTRY_VERIFY(run->isEnabled());

    // For the documentation: a full part A experiment folder, when one is given.
    const QString documented = qEnvironmentVariable("CROWDKD_SCREENSHOT_EXPERIMENT");
    if (!documented.isEmpty() && panel->openExperiment(documented)) {
        panel->setOutputFolder(documented);
        panel->setMaxTestImages(0); // all: what the documented experiment counted
        test::saveScreenshot(&workspace, QStringLiteral("alpha_sweep_part_a"));
    }
}

QTEST_MAIN(TestExperimentPanel)
#include "test_experiment_panel.moc"
