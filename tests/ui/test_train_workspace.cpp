// The Train workspace driving the real training engine: a tiny KD run produces live events, chart
// points and a run folder; pause (checked by the engine's paused and resumed events), resume, stop
// and resuming a stopped run from its folder; a run folder in use by another run is refused.
#include "base/file_io.h"
#include "common/studio_support.h"
#include "nn/lr_schedule.h"
#include "pipeline/run_directory.h"
#include "pipeline/run_summary.h"
#include "studio_test_support.h"
#include "test_support.h"
#include "train/train_workspace.h"
#include "train/training_charts.h"
#include "train/training_session.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMap>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#ifndef _WIN32
#include <sys/stat.h>
#endif

using namespace crowdkd;
using namespace crowdkd::ui;

namespace {

/// Upper bound for a tiny run to end (it takes seconds; the machine may be loaded).
constexpr int kRunTimeoutMs = 300000;

int lineCount(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    return file.readAll().count('\n');
}

} // namespace

class TestTrainWorkspace : public QObject {
    Q_OBJECT

private slots:
    void formRoundTripsConfiguration();
    void presetsEndAtASmallRate();
    void tinyKdRunFeedsChartsAndRunFolder();
    void pauseResumeStopAndResumeLater();
    void closingStopsWithoutBlocking();
    void twoProcessesTrainAsOneRun();
    void damagedRunsAreListedWithTheirReason();
};

void TestTrainWorkspace::formRoundTripsConfiguration() {
    TrainWorkspace workspace(nullptr);
    // A new form starts where the engine does on the fields its preset leaves alone.
    QCOMPARE(workspace.config().seed, pipeline::TrainingConfig{}.seed);
    QCOMPARE(workspace.config().threads, pipeline::TrainingConfig{}.threads);
    pipeline::TrainingConfig config = test::tinyKdConfig(7);
    config.schedule.kind = nn::SchedulerKind::CosineWarmRestarts;
    config.schedule.t0 = 5;
    config.schedule.tMult = 2;
    config.schedule.etaMin = 1e-6;
    config.optimizer = pipeline::OptimizerKind::Sgd;
    workspace.setConfig(config);
    const pipeline::TrainingConfig back = workspace.config();
    QVERIFY(back.mode == pipeline::TrainingMode::Kd);
    QCOMPARE(back.epochs, 7);
    QCOMPARE(back.crop, 96);
    QCOMPARE(back.batchSize, 2);
    QCOMPARE(back.maxImages, 4);
    QVERIFY(back.schedule.kind == nn::SchedulerKind::CosineWarmRestarts);
    QCOMPARE(back.schedule.t0, 5);
    QCOMPARE(back.schedule.tMult, 2);
    QCOMPARE(back.schedule.etaMin, 1e-6);
    QVERIFY(back.optimizer == pipeline::OptimizerKind::Sgd);
    QCOMPARE(back.logEvery, 1); // not on the form: kept from the given configuration
    // Values set from outside are no preset's.
    auto* preset = workspace.findChild<QComboBox*>(QStringLiteral("trainPreset"));
    QVERIFY(preset);
    QCOMPARE(preset->currentIndex(), 0);
    QVERIFY(back.data == config.data);

    // Unlabeled folders (kd), their share and the warm-up round-trip; one cycle is offered.
    pipeline::TrainingConfig withFrames = config;
    withFrames.unlabeled = {"/frames/platform 3", "/frames/platform 4"};
    withFrames.unlabeledShare = 0.25;
    withFrames.schedule.kind = nn::SchedulerKind::OneCycle;
    withFrames.schedule.warmupEpochs = 1.5;
    workspace.setConfig(withFrames);
    auto* unlabeled = workspace.findChild<QLineEdit*>(QStringLiteral("trainUnlabeled"));
    QVERIFY(unlabeled && unlabeled->isEnabled());
    const pipeline::TrainingConfig framesBack = workspace.config();
    QCOMPARE(framesBack.unlabeled.size(), std::size_t{2});
    QVERIFY(framesBack.unlabeled[1] == withFrames.unlabeled[1]);
    QCOMPARE(framesBack.unlabeledShare, 0.25);
    QVERIFY(framesBack.schedule.kind == nn::SchedulerKind::OneCycle);
    QCOMPARE(framesBack.schedule.warmupEpochs, 1.5);
    // Backbone weights belong to teacher mode: the field is enabled there only, and other modes
    // never carry them (nor unlabeled folders, which only kd can use).
    pipeline::TrainingConfig teacher = config;
    teacher.mode = pipeline::TrainingMode::Teacher;
    teacher.backboneWeights = "/weights/vgg16_bn.pth";
    teacher.unlabeled = {"/frames"};
    workspace.setConfig(teacher);
    auto* backbone = workspace.findChild<QLineEdit*>(QStringLiteral("trainBackbone"));
    QVERIFY(backbone && backbone->isEnabled());
    QVERIFY(!unlabeled->isEnabled());
    const pipeline::TrainingConfig teacherBack = workspace.config();
    QVERIFY(teacherBack.backboneWeights == teacher.backboneWeights);
    QVERIFY(teacherBack.unlabeled.empty());
    teacher.mode = pipeline::TrainingMode::Student;
    workspace.setConfig(teacher);
    QVERIFY(!backbone->isEnabled());
    QVERIFY(workspace.config().backboneWeights.empty());
    workspace.setConfig(config);

    // bf16 round-trips where the CPU has it; elsewhere, and for the teacher, the form says fp32.
    auto* precision = workspace.findChild<QComboBox*>(QStringLiteral("trainPrecision"));
    QVERIFY(precision);
    pipeline::TrainingConfig bf16 = config;
    bf16.precision = nn::Precision::BFloat16;
    workspace.setConfig(bf16);
    QCOMPARE(precision->isEnabled(), nn::haveBFloat16Training());
    QVERIFY(workspace.config().precision ==
            (nn::haveBFloat16Training() ? nn::Precision::BFloat16 : nn::Precision::Float32));
    bf16.mode = pipeline::TrainingMode::Teacher;
    workspace.setConfig(bf16);
    QVERIFY(!precision->isEnabled());
    QVERIFY(workspace.config().precision == nn::Precision::Float32);
    workspace.setConfig(config);

    // An invalid form does not start: KD without a teacher file.
    QTemporaryDir runs;
    workspace.setRunsRoot(runs.path());
    config.teacher = "/nonexistent/teacher.pth";
    workspace.setConfig(config);
    QVERIFY(!workspace.startTraining(true));
    QVERIFY(!workspace.session()->isRunning());
}

// Issue #17.2: the recipe study found runs stopped mid-cycle anywhere in swings of validation MAE,
// so the Paper and Quick presets end where their cosine ends: the last step's rate is small.
void TestTrainWorkspace::presetsEndAtASmallRate() {
    TrainWorkspace workspace(nullptr);
    auto* preset = workspace.findChild<QComboBox*>(QStringLiteral("trainPreset"));
    QVERIFY(preset);
    for (const QString& name :
         {TrainWorkspace::tr("Paper: KD α=0.1"), TrainWorkspace::tr("Paper: plain student"),
          TrainWorkspace::tr("Quick check (a few images)")}) {
        const int index = preset->findText(name);
        QVERIFY2(index > 0, qPrintable(name));
        preset->setCurrentIndex(index);
        emit preset->activated(index); // as a click on the item
        const pipeline::TrainingConfig config = workspace.config();
        QCOMPARE(preset->currentIndex(), index);
        QVERIFY(config.schedule.kind == nn::SchedulerKind::CosineWarmRestarts);
        nn::ScheduleParams params = config.schedule;
        params.baseLr = config.lr;
        params.totalEpochs = config.epochs;
        const nn::LrSchedule schedule(params);
        constexpr int kIterations = 10;
        const double last = schedule.lrFor(config.epochs - 1, kIterations - 1, kIterations);
        QVERIFY2(
            last < 0.02 * config.lr,
            qPrintable(QStringLiteral("%1 ends at %2 of %3").arg(name).arg(last).arg(config.lr)));
    }
}

void TestTrainWorkspace::tinyKdRunFeedsChartsAndRunFolder() {
    CROWDKD_REQUIRE_SHARED("data/ShanghaiTech/part_A");
    CROWDKD_REQUIRE_SHARED("fixtures/pretrained/mcnn_shtechA_svishwa.pth");
    QTemporaryDir runs;
    TrainWorkspace workspace(nullptr);
    workspace.resize(1200, 800);
    workspace.show();
    workspace.setRunsRoot(runs.path());
    pipeline::TrainingConfig config = test::tinyKdConfig(2);
    config.logEvery = 10; // the CLI's default: the studio still logs and charts every step
    workspace.setConfig(config);

    TrainingSession* session = workspace.session();
    QSignalSpy started(session, &TrainingSession::started);
    QSignalSpy iterations(session, &TrainingSession::iteration);
    QSignalSpy validations(session, &TrainingSession::validated);
    QSignalSpy finished(session, &TrainingSession::finished);
    QVERIFY(workspace.startTraining(true));
    QVERIFY(session->isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kRunTimeoutMs);
    QVERIFY(!session->isRunning());

    const auto result = finished.front().front().value<pipeline::TrainingResult>();
    QVERIFY(result.status == pipeline::TrainingStatus::Finished);
    QCOMPARE(result.epochsDone, 2);
    QCOMPARE(started.size(), 1);
    QVERIFY(iterations.size() >= 2);
    QCOMPARE(validations.size(), 2);
    const auto last = iterations.back().front().value<pipeline::IterationProgress>();
    QCOMPARE(last.iteration, last.totalIterations);
    QCOMPARE(qint64(iterations.size()), last.totalIterations); // every step reached the charts
    QVERIFY(last.lossTeacher > 0);                             // KD: the teacher part is reported

    // The charts received every event.
    TrainingCharts* charts = workspace.charts();
    QCOMPARE(charts->lossPointCount(), int(iterations.size()));
    QCOMPARE(charts->learningRatePointCount(), int(iterations.size()));
    QCOMPARE(charts->validationPointCount(), 2);

    // The run folder holds what the CLI writes, and the run is listed.
    const QString dir = session->runDirectory();
    for (const char* file : {"config.json", "log.jsonl", "summary.json", "best.pt", "last.pt"})
        QVERIFY2(QFileInfo::exists(QDir(dir).filePath(QLatin1String(file))), file);
    QVERIFY(workspace.pastRuns().contains(QFileInfo(dir).absoluteFilePath()));
    RunInfo info;
    QVERIFY(readRunInfo(dir, &info));
    QVERIFY(info.problem.isEmpty());
    QVERIFY(info.isFinished());
    QVERIFY(info.isKd());
    QCOMPARE(info.bestMae, result.bestMae);

    // Reopening the run draws the curves of its log, every step of it.
    const RunCurves curves = readRunCurves(dir);
    QCOMPARE(qint64(curves.size()), last.totalIterations);
    QCOMPARE(curves.loss.size() + curves.mae.size(), qsizetype(lineCount(dir + "/log.jsonl")));
    QSignalSpy shown(&workspace, &TrainWorkspace::runCurvesShown);
    workspace.openRun(dir);
    QVERIFY(shown.wait(kRunTimeoutMs));
    QCOMPARE(charts->lossPointCount(), int(curves.loss.size()));
    QCOMPARE(charts->validationPointCount(), 2);

    // Charts save as PNG and PDF.
    QTemporaryDir out;
    QVERIFY(charts->saveImage(out.filePath("charts.png")));
    QVERIFY(charts->saveImage(out.filePath("charts.pdf")));
    QVERIFY(!QImage(out.filePath("charts.png")).isNull());
    QVERIFY(QFileInfo(out.filePath("charts.pdf")).size() > 1000);
}

void TestTrainWorkspace::pauseResumeStopAndResumeLater() {
    CROWDKD_REQUIRE_SHARED("data/ShanghaiTech/part_A");
    CROWDKD_REQUIRE_SHARED("fixtures/pretrained/mcnn_shtechA_svishwa.pth");
    QTemporaryDir runs;
    TrainWorkspace workspace(nullptr);
    workspace.setRunsRoot(runs.path());
    workspace.setConfig(test::tinyKdConfig(200));
    TrainingSession* session = workspace.session();
    QSignalSpy iterations(session, &TrainingSession::iteration);
    QSignalSpy finished(session, &TrainingSession::finished);
    QSignalSpy paused(session, &TrainingSession::pausedChanged);
    QVERIFY(workspace.startTraining(true));
    QTRY_VERIFY_WITH_TIMEOUT(iterations.size() >= 1, kRunTimeoutMs);

    // Pausing stops the engine between two iterations, and it says so; while it waits no
    // iteration arrives; told to go on, it says so and training continues. Checked by events:
    // every iteration the engine sent before it parked is delivered before enginePaused.
    QSignalSpy enginePaused(session, &TrainingSession::enginePaused);
    QSignalSpy engineResumed(session, &TrainingSession::engineResumed);
    int iterationsWhileParked = 0;
    connect(session, &TrainingSession::iteration, &workspace, [&] {
        if (enginePaused.size() > engineResumed.size())
            ++iterationsWhileParked;
    });
    workspace.setPaused(true);
    QVERIFY(session->isPaused());
    QCOMPARE(paused.size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(enginePaused.size(), 1, kRunTimeoutMs);
    const qint64 pausedAt = enginePaused.front().front().toLongLong();
    const qsizetype atPause = iterations.size();
    // The status line says the run is paused, although no progress event comes.
    auto* status = workspace.findChild<QLabel*>(QStringLiteral("trainStatus"));
    QVERIFY(status);
    QVERIFY2(status->text().startsWith(TrainWorkspace::tr("Paused — %1").arg(QString())),
             qPrintable(status->text()));
    QCOMPARE(iterations.back().front().value<pipeline::IterationProgress>().iteration, pausedAt);
    QCoreApplication::processEvents(); // nothing more comes from the parked engine
    QCOMPARE(iterations.size(), atPause);
    QVERIFY(engineResumed.isEmpty());
    workspace.setPaused(false);
    QVERIFY(!session->isPaused());
    QTRY_COMPARE_WITH_TIMEOUT(engineResumed.size(), 1, kRunTimeoutMs);
    QCOMPARE(engineResumed.front().front().toLongLong(), pausedAt);
    QTRY_VERIFY_WITH_TIMEOUT(iterations.size() > atPause, kRunTimeoutMs);
    QCOMPARE(iterations[atPause].front().value<pipeline::IterationProgress>().iteration,
             pausedAt + 1);
    QCOMPARE(iterationsWhileParked, 0);
    QVERIFY(!status->text().startsWith(TrainWorkspace::tr("Paused — %1").arg(QString())));

    workspace.stopTraining();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kRunTimeoutMs);
    const auto result = finished.front().front().value<pipeline::TrainingResult>();
    QVERIFY(result.status == pipeline::TrainingStatus::Cancelled);
    const QString dir = session->runDirectory();
    QVERIFY(QFileInfo::exists(QDir(dir).filePath("last.pt")));
    RunInfo info;
    QVERIFY(readRunInfo(dir, &info));
    QVERIFY(info.resumable);
    QVERIFY(info.status == pipeline::TrainingStatus::Cancelled);

    // Resumed later from its folder, it continues past where it stopped, with the threads the
    // form asks for on this machine (the run was started on one).
    const auto stoppedAt = iterations.back().front().value<pipeline::IterationProgress>().iteration;
    auto* threads = workspace.findChild<QSpinBox*>(QStringLiteral("threads"));
    QVERIFY(threads);
    threads->setValue(2);
    QVERIFY(workspace.resumeRun(dir, true));
    QTRY_VERIFY_WITH_TIMEOUT(
        iterations.back().front().value<pipeline::IterationProgress>().iteration > stoppedAt,
        kRunTimeoutMs);
    QCOMPARE(pipeline::readConfigFile(toPath(dir) / "config.json").threads, 2);
    workspace.stopTraining();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, kRunTimeoutMs);
    QVERIFY(finished.back().front().value<pipeline::TrainingResult>().status ==
            pipeline::TrainingStatus::Cancelled);

    // A run killed after its checkpoint leaves steps in log.jsonl that the resume trains again:
    // once the engine starts, the charts hold none of them.
    pipeline::TrainRecord orphan;
    orphan.epoch = 99;
    orphan.batch = 1;
    orphan.iteration = finished.back().front().value<pipeline::TrainingResult>().iterations + 500;
    orphan.loss = 1;
    {
        QFile log(QDir(dir).filePath(QStringLiteral("log.jsonl")));
        QVERIFY(log.open(QIODevice::Append));
        log.write(QByteArray::fromStdString(orphan.toJson().dump() + "\n"));
    }
    QSignalSpy started(session, &TrainingSession::started);
    QVERIFY(workspace.resumeRun(dir, true));
    QTRY_COMPARE_WITH_TIMEOUT(started.size(), 1, kRunTimeoutMs);
    // The curves so far, read on the engine's thread, came before the start.
    QVERIFY(workspace.charts()->curves().trainIteration.contains(static_cast<double>(stoppedAt)));
    QVERIFY(!workspace.charts()->curves().trainIteration.contains(
        static_cast<double>(orphan.iteration)));
    workspace.stopTraining();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 3, kRunTimeoutMs);

    // Issue #14.5: a run folder another run holds (a `crowdkd train`, another studio) is refused
    // with the engine's message, naming the folder and the holder's process id.
    const pipeline::RunLock holder(toPath(dir));
    QVERIFY(!workspace.resumeRun(dir, true));
    const QString inUse = QStringLiteral("the run folder is in use by process %1")
                              .arg(QCoreApplication::applicationPid());
    auto* log = workspace.findChild<QPlainTextEdit*>(QStringLiteral("trainLog"));
    QVERIFY(log);
    QVERIFY2(log->toPlainText().contains(inUse), qPrintable(log->toPlainText()));
    QVERIFY(!session->isRunning());
}

// Closing during a training asks; stopping then waits for the engine's last checkpoint in an event
// loop of its own, not in a join on the GUI thread: the session's finished signal, queued from its
// thread, is handled before canClose() returns (a join would leave it queued).
void TestTrainWorkspace::closingStopsWithoutBlocking() {
    CROWDKD_REQUIRE_SHARED("data/ShanghaiTech/part_A");
    CROWDKD_REQUIRE_SHARED("fixtures/pretrained/mcnn_shtechA_svishwa.pth");
    QTemporaryDir runs;
    TrainWorkspace workspace(nullptr);
    workspace.setRunsRoot(runs.path());
    workspace.setConfig(test::tinyKdConfig(200));
    TrainingSession* session = workspace.session();
    QSignalSpy iterations(session, &TrainingSession::iteration);
    bool finishedHandled = false;
    connect(session, &TrainingSession::finished, &workspace, [&] { finishedHandled = true; });
    QVERIFY(workspace.startTraining(true));
    QTRY_VERIFY_WITH_TIMEOUT(iterations.size() >= 1, kRunTimeoutMs);
    {
        test::MessageBoxDriver keepTraining(QStringLiteral("askToStopBox"), QMessageBox::No);
        QVERIFY(!workspace.canClose());
        QVERIFY(keepTraining.wasAsked());
        QVERIFY(session->isRunning());
    }
    test::MessageBoxDriver stop(QStringLiteral("askToStopBox"), QMessageBox::Yes);
    QVERIFY(workspace.canClose());
    QVERIFY(stop.wasAsked());
    QVERIFY(finishedHandled);
    QVERIFY(!session->isRunning());
    QVERIFY(QFileInfo::exists(QDir(session->runDirectory()).filePath("last.pt")));
}

// "Processes: 2" trains with a `crowdkd train` process beside the studio's own engine: one run
// folder, one set of curves, written by rank 0 alone.
void TestTrainWorkspace::twoProcessesTrainAsOneRun() {
    CROWDKD_REQUIRE_SHARED("data/ShanghaiTech/part_A");
    CROWDKD_REQUIRE_SHARED("fixtures/pretrained/mcnn_shtechA_svishwa.pth");
    if (!pipeline::distributedTrainingAvailable())
        QSKIP("this build has no distributed training (libgloo-dev)");
    qputenv("CROWDKD_CLI", CROWDKD_CLI_PROGRAM);
    QTemporaryDir runs;
    TrainWorkspace workspace(nullptr);
    workspace.resize(1200, 800);
    workspace.show();
    workspace.setRunsRoot(runs.path());
    workspace.setConfig(test::tinyKdConfig(2, 6));
    auto* processes = workspace.findChild<QSpinBox*>(QStringLiteral("processes"));
    QVERIFY(processes && processes->isEnabled());
    processes->setValue(2);

    TrainingSession* session = workspace.session();
    QSignalSpy iterations(session, &TrainingSession::iteration);
    QSignalSpy messages(session, &TrainingSession::message);
    QSignalSpy finished(session, &TrainingSession::finished);
    QVERIFY(workspace.startTraining(true));
    QVERIFY(session->isRunning());
    QVERIFY(!session->canPause());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kRunTimeoutMs);
    const auto result = finished.front().front().value<pipeline::TrainingResult>();
    QVERIFY2(result.status == pipeline::TrainingStatus::Finished, result.message.c_str());
    QCOMPARE(result.epochsDone, 2);
    const auto last = iterations.back().front().value<pipeline::IterationProgress>();
    QCOMPARE(qint64(iterations.size()), last.totalIterations);
    QCOMPARE(workspace.charts()->lossPointCount(), int(iterations.size()));
    // The other rank's messages reach the log, marked with its rank.
    bool heardRank1 = false;
    for (const QList<QVariant>& arguments : std::as_const(messages))
        heardRank1 =
            heardRank1 || arguments.front().toString().startsWith(QLatin1String("[rank 1]"));
    QVERIFY(heardRank1);
    const auto overview = pipeline::readRunOverview(toPath(session->runDirectory()));
    QVERIFY(overview && overview->summary);
    QCOMPARE(overview->summary->worldSize, 2);

    // Resumed with two processes: rank 0 reads its checkpoint on the session's thread, the other
    // rank its own, and the run goes on as one.
    const QString run = session->runDirectory();
    QString error;
    pipeline::Trainer::ResumeOptions longer;
    longer.epochs = 3;
    QVERIFY2(session->resume(run, longer, &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, kRunTimeoutMs);
    const auto resumed = finished.back().front().value<pipeline::TrainingResult>();
    QVERIFY2(resumed.status == pipeline::TrainingStatus::Finished, resumed.message.c_str());
    QCOMPARE(resumed.epochsDone, 3);
    const auto after = pipeline::readRunOverview(toPath(run));
    QVERIFY(after && after->summary);
    QCOMPARE(after->summary->worldSize, 2);
}

// Issue #14: the run list reads folders the user points the studio at. A run whose summary.json
// is a FIFO (which would block a reader for ever) or whose config.json is damaged is listed with a
// warning and the reason, and opening it explains instead of hanging or hiding it.
void TestTrainWorkspace::damagedRunsAreListedWithTheirReason() {
    QTemporaryDir runs;
    const std::filesystem::path root = toPath(runs.path());
    pipeline::RunDirectory good(root / "good");
    good.writeJson(good.configPath(), pipeline::configToJson(test::tinyKdConfig(3)));
    pipeline::RunDirectory damaged(root / "damaged");
    writeFileAtomically(damaged.configPath(), std::string("{\"mode\": "));
#ifndef _WIN32
    pipeline::RunDirectory fifo(root / "fifo");
    fifo.writeJson(fifo.configPath(), pipeline::configToJson(test::tinyKdConfig(3)));
    QCOMPARE(::mkfifo(fifo.summaryPath().c_str(), 0600), 0);
#endif

    TrainWorkspace workspace(nullptr);
    workspace.setRunsRoot(runs.path());
    const auto* list = workspace.findChild<QListWidget*>();
    QVERIFY(list);
    QMap<QString, QListWidgetItem*> items;
    for (int i = 0; i < list->count(); ++i)
        items[QFileInfo(list->item(i)->data(Qt::UserRole).toString()).fileName()] = list->item(i);
    QVERIFY(items.contains("good"));
    QVERIFY(!items["good"]->text().contains(QStringLiteral("cannot be read")));
    QVERIFY(items.contains("damaged"));
    QVERIFY(items["damaged"]->text().contains(QStringLiteral("cannot be read")));
    QVERIFY2(items["damaged"]->toolTip().contains(QStringLiteral("config.json")),
             qPrintable(items["damaged"]->toolTip()));
#ifndef _WIN32
    QVERIFY(items.contains("fifo"));
    QVERIFY2(items["fifo"]->toolTip().contains(QStringLiteral("not a regular file")),
             qPrintable(items["fifo"]->toolTip()));
    RunInfo info;
    QVERIFY(readRunInfo(toQString(root / "fifo"), &info));
    QVERIFY(!info.problem.isEmpty());
    QVERIFY(readRunCurves(toQString(root / "fifo")).loss.isEmpty());
#endif
    const auto* log = workspace.findChild<QPlainTextEdit*>();
    QVERIFY(log);
    workspace.openRun(toQString(root / "damaged"));
    QVERIFY(log->toPlainText().contains(QStringLiteral("Cannot read the run")));

    // A run whose checkpoint is damaged resumes on the session's thread (a checkpoint can be
    // hundreds of megabytes) and fails there, naming the file, with no fallback to take.
    writeFileAtomically(good.lastCheckpointPath(), std::string("not a checkpoint"));
    QSignalSpy finished(workspace.session(), &TrainingSession::finished);
    QVERIFY(workspace.resumeRun(toQString(root / "good"), true));
    QVERIFY(finished.wait(kRunTimeoutMs));
    const auto result = finished.front().front().value<pipeline::TrainingResult>();
    QVERIFY(result.status == pipeline::TrainingStatus::Failed);
    QVERIFY2(QString::fromStdString(result.message).contains(QStringLiteral("last.pt")),
             result.message.c_str());
    QVERIFY(!workspace.session()->isRunning());
    QVERIFY2(log->toPlainText().contains(QStringLiteral("Training failed")),
             qPrintable(log->toPlainText()));
}

QTEST_MAIN(TestTrainWorkspace)
#include "test_train_workspace.moc"
