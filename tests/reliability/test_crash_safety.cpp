// Crash safety: files are saved atomically, so a process killed at any moment (SIGKILL: no
// handler, no destructor runs) leaves every file either its old or its new complete version; and
// an interrupted `crowdkd train` resumes from its run folder; a run folder is used by one
// `crowdkd train` at a time, and a killed one's folder is taken over.
#include "atomic_versions.h"
#include "base/error.h"
#include "base/npy.h"
#include "data/ground_truth.h"
#include "program_runner.h"
#include "test_support.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>

#include <filesystem>

#ifdef Q_OS_UNIX
#include <csignal>
#include <sys/resource.h>
#endif

namespace fs = std::filesystem;
using namespace crowdkd;

namespace {

// How many times the writer is killed (each kill is followed by a full check of the folder).
constexpr int kWriterKills = 50;
// Longest random delay before a kill, in milliseconds (a few save generations).
constexpr int kMaxKillDelayMs = 40;

// The version (0 or 1) `points` equals, or -1 when it is neither.
int headsVersion(const std::vector<HeadPoint>& points) {
    for (int version = 0; version < 2; ++version) {
        const std::vector<HeadPoint> expected = test::atomicHeads(version);
        if (points.size() == expected.size() &&
            std::equal(
                points.begin(), points.end(), expected.begin(),
                [](const HeadPoint& a, const HeadPoint& b) { return a.x == b.x && a.y == b.y; }))
            return version;
    }
    return -1;
}

int arrayVersion(const NpyArray& array) {
    for (int version = 0; version < 2; ++version) {
        const NpyArray expected = test::atomicArray(version);
        if (array.shape == expected.shape && array.values == expected.values)
            return version;
    }
    return -1;
}

fs::path toPath(const QString& text) {
    return fs::path(text.toStdU16String());
}

/// A tiny synthetic training split in `split`: 4 noisy 64×64 images with a few heads each.
bool makeTinySplit(const QString& split) {
    if (!QDir().mkpath(split + QStringLiteral("/images")) ||
        !QDir().mkpath(split + QStringLiteral("/ground-truth")))
        return false;
    cv::RNG rng(7);
    for (int i = 1; i <= 4; ++i) {
        cv::Mat image(64, 64, CV_8UC3);
        rng.fill(image, cv::RNG::UNIFORM, 0, 255);
        const QString name = QStringLiteral("IMG_%1").arg(i);
        if (!cv::imwrite(
                (split + QStringLiteral("/images/") + name + QStringLiteral(".jpg")).toStdString(),
                image))
            return false;
        std::vector<HeadPoint> heads;
        for (int h = 0; h < 3 + i; ++h)
            heads.push_back({rng.uniform(0.0, 63.0), rng.uniform(0.0, 63.0)});
        writeGroundTruth(
            toPath(split + QStringLiteral("/ground-truth/GT_") + name + QStringLiteral(".mat")),
            heads);
    }
    return true;
}

/// `crowdkd train` arguments for a short student run on makeTinySplit's data (seconds per epoch).
QStringList tinyTraining(const QString& split, const QString& run, int epochs) {
    return {QStringLiteral("train"),
            QStringLiteral("--mode"),
            QStringLiteral("student"),
            QStringLiteral("--data"),
            split,
            QStringLiteral("--out"),
            run,
            QStringLiteral("--epochs"),
            QString::number(epochs),
            QStringLiteral("--crop"),
            QStringLiteral("32"),
            QStringLiteral("--batch"),
            QStringLiteral("2"),
            QStringLiteral("--threads"),
            QStringLiteral("1"),
            QStringLiteral("--workers"),
            QStringLiteral("1")};
}

/// A finished two-epoch student run of makeTinySplit's data in `temp`: its folder, or empty after
/// a warning saying why it failed.
QString trainTwoEpochs(const QTemporaryDir& temp) {
    const QString split = temp.filePath(QStringLiteral("data/train_data"));
    const QString run = temp.filePath(QStringLiteral("run"));
    if (!temp.isValid() || !makeTinySplit(split)) {
        qWarning("cannot make the training data in %s", qPrintable(temp.path()));
        return {};
    }
    const test::ProgramRun first = test::runCrowdkd(tinyTraining(split, run, 2), 300'000);
    if (first.exitCode != 0 || first.crashed) {
        qWarning("the first training failed: %s", qPrintable(first.standardError));
        return {};
    }
    return run;
}

/// Waits while `training` runs until `last` exists with another modification time than `before`
/// (its first checkpoint, or a newer one); false when none came within two minutes.
bool waitForCheckpoint(QProcess& training, const QString& last, const QDateTime& before = {}) {
    QElapsedTimer waited;
    waited.start();
    while (training.state() == QProcess::Running &&
           (!QFileInfo::exists(last) || QFileInfo(last).lastModified() == before)) {
        if (waited.elapsed() >= 120'000)
            return false;
        training.waitForFinished(50);
    }
    return true;
}

/// A file's bytes (empty when it cannot be read).
QByteArray fileBytes(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestCrashSafety : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        // The trainings' caches go to a folder of the test's own (the user's is not pruned).
        QVERIFY(m_cache.isValid());
        qputenv("CROWDKD_CACHE_DIR", m_cache.path().toLocal8Bit());
    }
    void killedWriterLeavesCompleteFiles();
    void killedTrainingResumes();
    void fullDiskKeepsCheckpoints();
    void damagedLastCheckpointFallsBack();
    void runFolderIsUsedByOneTrainingAtATime();
    void timeLimitStopsResumably();

private:
    QTemporaryDir m_cache;
};

void TestCrashSafety::killedWriterLeavesCompleteFiles() {
    QTemporaryDir temp;
    QVERIFY(temp.isValid());
    // A Korean folder name with a space: the non-ASCII path handling is part of what is tested.
    const QString folderText = temp.filePath(QStringLiteral("저장 폴더"));
    QVERIFY(QDir().mkpath(folderText));
    const fs::path folder = toPath(folderText);
    // Version 0 exists before the first kill, as a user's earlier save would.
    for (const std::string& name : test::kAtomicGroundTruthNames)
        writeGroundTruth(folder / pathFromUtf8(name), test::atomicHeads(0));
    writeNpy(folder / test::kAtomicNpyName, test::atomicArray(0));

    QRandomGenerator random(20261128);
    int versionSeen[2] = {0, 0};
    long generations = 0;
    int leftoverTemps = 0;
    for (int kill = 0; kill < kWriterKills; ++kill) {
        QProcess writer;
        writer.start(QStringLiteral(CROWDKD_ATOMIC_WRITER), {folderText});
        QVERIFY2(writer.waitForStarted(10'000), qPrintable(writer.errorString()));
        // Kill at a random moment after the first completed generation: mid-write most of the time.
        QVERIFY2(writer.waitForReadyRead(30'000), "the writer printed nothing");
        QThread::msleep(random.bounded(kMaxKillDelayMs));
        writer.kill(); // SIGKILL
        QVERIFY(writer.waitForFinished(10'000));
        QCOMPARE(writer.exitStatus(), QProcess::CrashExit);
        generations += writer.readAllStandardOutput().count('\n');

        for (const std::string& name : test::kAtomicGroundTruthNames) {
            const fs::path path = folder / pathFromUtf8(name);
            try {
                const int version = headsVersion(readGroundTruth(path).points);
                QVERIFY2(version >= 0, qPrintable(QStringLiteral("kill %1: %2 is neither version")
                                                      .arg(kill)
                                                      .arg(QString::fromStdString(name))));
                ++versionSeen[version];
            } catch (const FileError& error) {
                QFAIL(qPrintable(QStringLiteral("kill %1: %2").arg(kill).arg(error.what())));
            }
        }
        try {
            QVERIFY2(
                arrayVersion(readNpy(folder / test::kAtomicNpyName)) >= 0,
                qPrintable(QStringLiteral("kill %1: density.npy is neither version").arg(kill)));
        } catch (const FileError& error) {
            QFAIL(qPrintable(QStringLiteral("kill %1: %2").arg(kill).arg(error.what())));
        }
        // A kill between creating and renaming a temporary file leaves it behind: it must never
        // look like a ground-truth file or a density map to a reader that lists the folder.
        for (const auto& entry : fs::directory_iterator(folder)) {
            const std::string name = pathToUtf8(entry.path().filename());
            if (name == test::kAtomicNpyName ||
                std::find(test::kAtomicGroundTruthNames.begin(),
                          test::kAtomicGroundTruthNames.end(),
                          name) != test::kAtomicGroundTruthNames.end())
                continue;
            const bool looksReal =
                (name.rfind("GT_", 0) == 0 && entry.path().extension() == ".mat") ||
                entry.path().extension() == ".npy";
            QVERIFY2(!looksReal, qPrintable(QStringLiteral("kill %1 left %2, which a reader would "
                                                           "take for a real file")
                                                .arg(kill)
                                                .arg(QString::fromStdString(name))));
            ++leftoverTemps;
            fs::remove(entry.path());
        }
    }
    qInfo("%d kills, %ld completed save generations, %d leftover temporary files removed, files "
          "found as version 0/1: %d/%d",
          kWriterKills, generations, leftoverTemps, versionSeen[0], versionSeen[1]);
    // The kills must have hit saves in progress, not only the pause after the first one: either
    // some writer completed more saves before its kill, or a kill left a temporary file behind.
    // (On a loaded machine each writer may finish only its first save, but then the kills land
    // inside the slow second one.)
    QVERIFY2(generations > kWriterKills || leftoverTemps > 0,
             "no kill landed during a save: the test checked nothing");
}

void TestCrashSafety::killedTrainingResumes() {
    QVERIFY2(test::hasSubcommand(QStringLiteral("train")), "this crowdkd has no `train`");
    QTemporaryDir temp;
    QVERIFY(temp.isValid());
    const QString split = temp.filePath(QStringLiteral("data/train_data"));
    QVERIFY(makeTinySplit(split));
    const QString run = temp.filePath(QStringLiteral("run"));
    const QStringList start = tinyTraining(split, run, 6);
    const QString last = run + QStringLiteral("/last.pt");
    constexpr int kTrainingKills = 3;
    QRandomGenerator random(11);
    int kills = 0;
    for (int kill = 0; kill < kTrainingKills; ++kill) {
        QProcess training;
        training.start(test::crowdkdProgram(),
                       kill == 0
                           ? start
                           : QStringList{QStringLiteral("train"), QStringLiteral("--resume"), run});
        QVERIFY(training.waitForStarted(10'000));
        // Wait for a checkpoint (the first one, or a newer one after resuming), then kill at a
        // random moment: mid-epoch, possibly mid-save.
        QVERIFY2(waitForCheckpoint(training, last, QFileInfo(last).lastModified()),
                 "no checkpoint within two minutes");
        if (training.state() != QProcess::Running) { // finished (or failed) before the kill
            QVERIFY2(training.exitStatus() == QProcess::NormalExit && training.exitCode() == 0,
                     qPrintable(QString::fromUtf8(training.readAllStandardError())));
            break;
        }
        QThread::msleep(random.bounded(300));
        training.kill();
        training.waitForFinished(10'000);
        ++kills;
    }
    // The interrupted run continues to its end from whatever checkpoint survived.
    const test::ProgramRun resumed =
        test::runProgram(test::crowdkdProgram(),
                         {QStringLiteral("train"), QStringLiteral("--resume"), run}, 300'000);
    QVERIFY2(!resumed.crashed && !resumed.timedOut, qPrintable(resumed.standardError));
    QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.standardError));
    QVERIFY(QFileInfo::exists(last));
    QVERIFY2(kills >= 1, "the training ended before any kill: the test checked nothing");
    qInfo("`crowdkd train` killed %d times mid-run, then resumed to the end", kills);
}

// Issue #4: a disk that fills up while a checkpoint is saved loses no earlier checkpoint. The
// resumed `crowdkd train` runs with RLIMIT_FSIZE far below a checkpoint's size and SIGXFSZ ignored,
// so its large writes fail with EFBIG as on a full disk (no root, no mount needed).
void TestCrashSafety::fullDiskKeepsCheckpoints() {
#ifdef Q_OS_UNIX
    QVERIFY2(test::hasSubcommand(QStringLiteral("train")), "this crowdkd has no `train`");
    QTemporaryDir temp;
    const QString run = trainTwoEpochs(temp);
    QVERIFY(!run.isEmpty());
    const QString best = run + QStringLiteral("/best.pt");
    const QString last = run + QStringLiteral("/last.pt");
    const QByteArray bestBefore = fileBytes(best);
    const QByteArray lastBefore = fileBytes(last);
    constexpr qint64 kFileSizeLimit = 64 * 1024; // a checkpoint of MCNN with Adam is ~1.6 MB
    QVERIFY(bestBefore.size() > kFileSizeLimit && lastBefore.size() > kFileSizeLimit);

    QProcess training;
    training.setChildProcessModifier([] {
        // In the child between fork and exec: only async-signal-safe calls.
        ::signal(SIGXFSZ, SIG_IGN);
        const rlimit limit{kFileSizeLimit, kFileSizeLimit};
        ::setrlimit(RLIMIT_FSIZE, &limit);
    });
    training.start(test::crowdkdProgram(), {QStringLiteral("train"), QStringLiteral("--resume"),
                                            run, QStringLiteral("--epochs"), QStringLiteral("4")});
    QVERIFY(training.waitForStarted(10'000));
    QVERIFY(training.waitForFinished(300'000));
    const QString errors = QString::fromUtf8(training.readAllStandardError());
    QCOMPARE(training.exitStatus(), QProcess::NormalExit); // a clear error, not a crash
    QVERIFY2(training.exitCode() == 1, qPrintable(errors));
    QVERIFY2(errors.contains(QStringLiteral("crowdkd: error: ")) &&
                 (errors.contains(QStringLiteral("last.pt")) ||
                  errors.contains(QStringLiteral("best.pt"))) &&
                 errors.contains(QStringLiteral("too large"), Qt::CaseInsensitive),
             qPrintable(errors));

    // The checkpoints from before are untouched, no temporary file is left, and the run resumes
    // from them once there is space again.
    QCOMPARE(fileBytes(best), bestBefore);
    QCOMPARE(fileBytes(last), lastBefore);
    const QStringList leftovers =
        QDir(run).entryList({QStringLiteral("*.tmp-*")}, QDir::Files | QDir::Hidden);
    QVERIFY2(leftovers.isEmpty(), qPrintable(leftovers.join(QLatin1Char(' '))));
    const test::ProgramRun resumed =
        test::runCrowdkd({QStringLiteral("train"), QStringLiteral("--resume"), run,
                          QStringLiteral("--epochs"), QStringLiteral("3")},
                         300'000);
    QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.standardError));
    QVERIFY(fileBytes(last) != lastBefore);
    const test::ProgramRun exported =
        test::runCrowdkd({QStringLiteral("export"), QStringLiteral("--weights"), best,
                          QStringLiteral("--out"), temp.filePath(QStringLiteral("best.onnx"))});
    QVERIFY2(exported.exitCode == 0, qPrintable(exported.standardError));
#else
    QSKIP("RLIMIT_FSIZE is POSIX");
#endif
}

// Issue #9: a damaged last.pt (torn by a crash of the disk, not of CrowdKD: our writes are atomic)
// does not end the run: resuming falls back to the checkpoint it replaced, with a warning.
void TestCrashSafety::damagedLastCheckpointFallsBack() {
    QVERIFY2(test::hasSubcommand(QStringLiteral("train")), "this crowdkd has no `train`");
    QTemporaryDir temp;
    const QString run = trainTwoEpochs(temp);
    QVERIFY(!run.isEmpty());
    const QString last = run + QStringLiteral("/last.pt");
    const QString previous = run + QStringLiteral("/previous.pt");
    QVERIFY2(QFileInfo::exists(previous), "the last.pt of epoch 1 was not kept");
    QVERIFY(fileBytes(previous) != fileBytes(last));

    // Cut last.pt in half.
    QFile file(last);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.resize(file.size() / 2));
    file.close();
    const test::ProgramRun resumed =
        test::runCrowdkd({QStringLiteral("train"), QStringLiteral("--resume"), run,
                          QStringLiteral("--epochs"), QStringLiteral("3")},
                         300'000);
    QVERIFY2(resumed.exitCode == 0 && !resumed.crashed, qPrintable(resumed.standardError));
    QVERIFY2(resumed.standardError.contains(QStringLiteral("warning: ")) &&
                 resumed.standardError.contains(QStringLiteral("last.pt")) &&
                 resumed.standardError.contains(QStringLiteral("resuming from previous.pt")),
             qPrintable(resumed.standardError));
    // The run went on from epoch 1 to the end and wrote a whole last.pt again.
    const test::ProgramRun exported =
        test::runCrowdkd({QStringLiteral("export"), QStringLiteral("--weights"), last,
                          QStringLiteral("--out"), temp.filePath(QStringLiteral("last.onnx"))});
    QVERIFY2(exported.exitCode == 0, qPrintable(exported.standardError));

    // With every checkpoint damaged, resuming fails with a clear error naming last.pt.
    for (const QString& name :
         {QStringLiteral("last.pt"), QStringLiteral("previous.pt"), QStringLiteral("best.pt")}) {
        QFile damaged(run + QLatin1Char('/') + name);
        QVERIFY(damaged.open(QIODevice::WriteOnly | QIODevice::Truncate));
        damaged.write("damaged");
    }
    const test::ProgramRun failed =
        test::runCrowdkd({QStringLiteral("train"), QStringLiteral("--resume"), run}, 300'000);
    QCOMPARE(failed.exitCode, 1);
    QVERIFY2(!failed.crashed && failed.standardError.contains(QStringLiteral("last.pt")),
             qPrintable(failed.standardError));
}

// Issue #14.5: two `crowdkd train --out SAME` (or two --resume of one run) both ran, interleaving
// log.jsonl and mixing config.json and checkpoints. While one trains, a second one into the folder
// and a --resume of it exit 1 naming the folder and the holder's pid, and change nothing there;
// once the holder is killed (SIGKILL: its lock file stays), a --resume takes the folder over.
void TestCrashSafety::runFolderIsUsedByOneTrainingAtATime() {
    QVERIFY2(test::hasSubcommand(QStringLiteral("train")), "this crowdkd has no `train`");
    QTemporaryDir temp;
    QVERIFY(temp.isValid());
    const QString split = temp.filePath(QStringLiteral("data/train_data"));
    QVERIFY(makeTinySplit(split));
    const QString run = temp.filePath(QStringLiteral("run"));
    const QString last = run + QStringLiteral("/last.pt");

    QProcess first;
    first.start(test::crowdkdProgram(), tinyTraining(split, run, 100000)); // runs until killed
    QVERIFY(first.waitForStarted(10'000));
    // Its first checkpoint: it holds the folder.
    QVERIFY2(waitForCheckpoint(first, last), "no checkpoint within two minutes");
    QVERIFY2(first.state() == QProcess::Running,
             qPrintable(QString::fromUtf8(first.readAllStandardError())));
    const QString holder = QString::number(first.processId());
    QCOMPARE(fileBytes(run + QStringLiteral("/.lock")).trimmed(), holder.toUtf8());
    const QByteArray config = fileBytes(run + QStringLiteral("/config.json"));

    const QString inUse = run + QStringLiteral(": the run folder is in use by process ") + holder;
    const QStringList resume = {QStringLiteral("train"), QStringLiteral("--resume"), run,
                                QStringLiteral("--epochs"), QStringLiteral("3")};
    for (const QStringList& arguments : {tinyTraining(split, run, 2), resume}) {
        const test::ProgramRun second = test::runCrowdkd(arguments, 300'000);
        QVERIFY2(!second.crashed && !second.timedOut, qPrintable(second.standardError));
        QCOMPARE(second.exitCode, 1);
        QVERIFY2(second.standardError.contains(inUse), qPrintable(second.standardError));
        QCOMPARE(fileBytes(run + QStringLiteral("/config.json")), config);
        QVERIFY(!QFileInfo::exists(run + QStringLiteral("/summary.json")));
    }
    QVERIFY(first.state() == QProcess::Running);

    first.kill(); // SIGKILL: no cleanup; the lock file keeps the dead process's pid
    QVERIFY(first.waitForFinished(10'000));
    QCOMPARE(fileBytes(run + QStringLiteral("/.lock")).trimmed(), holder.toUtf8());
    // The epochs the killed run logged; a resume to one more takes the folder over and finishes.
    int epochs = 0;
    for (const QByteArray& line : fileBytes(run + QStringLiteral("/log.jsonl")).split('\n'))
        epochs = std::max(epochs, QJsonDocument::fromJson(line).object()["epoch"].toInt());
    QVERIFY(epochs >= 1);
    const test::ProgramRun takeover =
        test::runCrowdkd({QStringLiteral("train"), QStringLiteral("--resume"), run,
                          QStringLiteral("--epochs"), QString::number(epochs + 1)},
                         300'000);
    QVERIFY2(!takeover.crashed && !takeover.timedOut, qPrintable(takeover.standardError));
    QVERIFY2(takeover.exitCode == 0, qPrintable(takeover.standardError));
    const QJsonObject summary =
        QJsonDocument::fromJson(fileBytes(run + QStringLiteral("/summary.json"))).object();
    QCOMPARE(summary["status"].toString(), QStringLiteral("finished"));
    QCOMPARE(summary["epochs_done"].toInt(), epochs + 1);
    // One writer at a time: the log's training steps only go forward.
    int previous = 0;
    for (const QByteArray& line : fileBytes(run + QStringLiteral("/log.jsonl")).split('\n')) {
        const QJsonObject record = QJsonDocument::fromJson(line).object();
        if (record["type"].toString() != QLatin1String("train"))
            continue;
        QVERIFY(record["iteration"].toInt() > previous);
        previous = record["iteration"].toInt();
    }
}

// Issue #17: `train --time-limit H` stops a run that could not end in H hours, with exit 0 and a
// resumable checkpoint, and `--resume --time-limit H` carries it on from there.
void TestCrashSafety::timeLimitStopsResumably() {
    QVERIFY2(test::hasSubcommand(QStringLiteral("train")), "this crowdkd has no `train`");
    QTemporaryDir temp;
    QVERIFY(temp.isValid());
    const QString split = temp.filePath(QStringLiteral("data/train_data"));
    QVERIFY(makeTinySplit(split));
    const QString run = temp.filePath(QStringLiteral("run"));
    // More epochs than any machine trains in the limit (a few seconds): only the limit ends it.
    constexpr int kEpochs = 100'000;
    const QStringList limit = {QStringLiteral("--time-limit"), QStringLiteral("0.002"),
                               QStringLiteral("--json")};
    auto finishedEvent = [](const test::ProgramRun& run) {
        const QStringList lines = run.standardOutput.trimmed().split(QLatin1Char('\n'));
        return QJsonDocument::fromJson(lines.constLast().toUtf8()).object();
    };

    const test::ProgramRun first =
        test::runCrowdkd(tinyTraining(split, run, kEpochs) + limit, 300'000);
    QVERIFY2(!first.crashed && !first.timedOut, qPrintable(first.standardError));
    QVERIFY2(first.exitCode == 0, qPrintable(first.standardError));
    const QJsonObject stopped = finishedEvent(first);
    QCOMPARE(stopped.value(QStringLiteral("status")).toString(), QStringLiteral("cancelled"));
    QVERIFY(stopped.value(QStringLiteral("time_limit_reached")).toBool());
    QVERIFY(stopped.value(QStringLiteral("epochs_done")).toInt() < kEpochs);
    QVERIFY2(first.standardError.contains(QStringLiteral("--resume")),
             qPrintable(first.standardError));
    QVERIFY(QFileInfo(run + QStringLiteral("/last.pt")).isFile());

    const test::ProgramRun second = test::runCrowdkd(
        QStringList{QStringLiteral("train"), QStringLiteral("--resume"), run} + limit, 300'000);
    QVERIFY2(!second.crashed && !second.timedOut, qPrintable(second.standardError));
    QVERIFY2(second.exitCode == 0, qPrintable(second.standardError));
    const QJsonObject resumed = finishedEvent(second);
    QVERIFY(resumed.value(QStringLiteral("time_limit_reached")).toBool());
    // The resumed run counts on from the first one's iterations.
    QVERIFY2(resumed.value(QStringLiteral("iterations")).toInt() >
                 stopped.value(QStringLiteral("iterations")).toInt(),
             qPrintable(second.standardOutput.right(400)));
}

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "test_crash_safety.moc"
