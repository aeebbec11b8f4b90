// Crash safety: files are saved atomically, so a process killed at any moment (SIGKILL: no
// handler, no destructor runs) leaves every file either its old or its new complete version; and
// an interrupted `crowdkd train` resumes from its run folder.
#include "atomic_versions.h"
#include "base/error.h"
#include "base/npy.h"
#include "program_runner.h"
#include "data/ground_truth.h"
#include "test_support.h"

#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>

#include <filesystem>

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

} // namespace

class TestCrashSafety : public QObject {
    Q_OBJECT

private slots:
    void killedWriterLeavesCompleteFiles();
    void killedTrainingResumes();
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
    QVERIFY2(generations > kWriterKills, "the writer was killed before it saved anything");
}

void TestCrashSafety::killedTrainingResumes() {
    if (!test::hasSubcommand(QStringLiteral("train")))
        QSKIP("`crowdkd train` is not in this build yet: the checkpoint kill test needs it");
    QTemporaryDir temp;
    QVERIFY(temp.isValid());
    // A tiny synthetic split: 4 noisy 64×64 images with a few heads each.
    const QString split = temp.filePath(QStringLiteral("data/train_data"));
    QVERIFY(QDir().mkpath(split + QStringLiteral("/images")));
    QVERIFY(QDir().mkpath(split + QStringLiteral("/ground-truth")));
    cv::RNG rng(7);
    for (int i = 1; i <= 4; ++i) {
        cv::Mat image(64, 64, CV_8UC3);
        rng.fill(image, cv::RNG::UNIFORM, 0, 255);
        const QString name = QStringLiteral("IMG_%1").arg(i);
        QVERIFY(cv::imwrite(
            (split + QStringLiteral("/images/") + name + QStringLiteral(".jpg")).toStdString(),
            image));
        std::vector<HeadPoint> heads;
        for (int h = 0; h < 3 + i; ++h)
            heads.push_back({rng.uniform(0.0, 63.0), rng.uniform(0.0, 63.0)});
        writeGroundTruth(
            toPath(split + QStringLiteral("/ground-truth/GT_") + name + QStringLiteral(".mat")),
            heads);
    }
    const QString run = temp.filePath(QStringLiteral("run"));
    const QStringList start = {QStringLiteral("train"),
                               QStringLiteral("--mode"),
                               QStringLiteral("student"),
                               QStringLiteral("--data"),
                               split,
                               QStringLiteral("--out"),
                               run,
                               QStringLiteral("--epochs"),
                               QStringLiteral("6"),
                               QStringLiteral("--crop"),
                               QStringLiteral("32"),
                               QStringLiteral("--batch"),
                               QStringLiteral("2"),
                               QStringLiteral("--threads"),
                               QStringLiteral("1"),
                               QStringLiteral("--workers"),
                               QStringLiteral("1")};
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
        const QDateTime before = QFileInfo(last).lastModified();
        QElapsedTimer waited;
        waited.start();
        while (training.state() == QProcess::Running &&
               (!QFileInfo::exists(last) || QFileInfo(last).lastModified() == before)) {
            QVERIFY2(waited.elapsed() < 120'000, "no checkpoint within two minutes");
            training.waitForFinished(50);
        }
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
    qInfo("`crowdkd train` killed %d times mid-run, then resumed to the end", kills);
}

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "test_crash_safety.moc"
