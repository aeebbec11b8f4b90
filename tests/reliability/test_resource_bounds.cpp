// Bounded memory and time through the built `crowdkd` (issue #14, points 3 and 4): a 36-megapixel
// image is counted with MCNN within the 2 GiB memory budget (peak resident memory of the child
// process, from wait4), M-SFANet refuses a 12000x12000 image from its header before decoding it,
// training refuses crops larger than the images before it starts, and a training set whose
// annotations pile 2 000 000 heads on a few spots trains like any other.
#include "base/memory_budget.h"
#include "claimed_size_jpeg.h"
#include "data/ground_truth.h"
#include "nn/density_model.h"
#include "nn/pth_writer.h"
#include "program_runner.h"
#include "test_support.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <filesystem>
#include <random>

#ifdef Q_OS_UNIX
#include <csignal>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

namespace fs = std::filesystem;
using namespace crowdkd;

namespace {

const QString kSvishwa = QStringLiteral("fixtures/pretrained/mcnn_shtechA_svishwa.pth");
const QString kPartAImage = QStringLiteral("data/ShanghaiTech/part_A/test_data/images/IMG_5.jpg");

/// Address space the children may map: far above what a bounded run needs (its resident peak
/// stays under 2 GiB; LibTorch's threads reserve some virtual memory besides), far below what an
/// unbounded one would take (a whole 36-megapixel MCNN forward needs over 12 GB): such a run
/// fails its allocation instead of swamping the shared test machine.
constexpr rlim_t kChildAddressSpace = rlim_t{8} << 30;

fs::path toPath(const QString& text) {
    return fs::path(text.toStdU16String());
}

/// What one run of `crowdkd` did, with its peak resident memory.
struct MeasuredRun {
    int exitCode = -1;
    bool timedOut = false;
    std::int64_t peakBytes = 0; ///< ru_maxrss of the child alone (wait4)
    QString standardOutput;
    QString standardError;
};

#ifdef Q_OS_UNIX
/// Runs `crowdkd` with `arguments` in a child of its own (fork, exec, wait4) so that its peak
/// resident memory is its own, limited to `addressSpace` bytes of address space and killed after
/// `timeoutSeconds` (a hang guard, not a measurement).
MeasuredRun runMeasured(const QStringList& arguments, const QTemporaryDir& dir,
                        int timeoutSeconds = 600, rlim_t addressSpace = kChildAddressSpace) {
    MeasuredRun run;
    const QByteArray program = test::crowdkdProgram().toLocal8Bit();
    std::vector<QByteArray> storage{program};
    for (const QString& argument : arguments)
        storage.push_back(argument.toUtf8());
    std::vector<char*> argv;
    for (QByteArray& item : storage)
        argv.push_back(item.data());
    argv.push_back(nullptr);
    const QByteArray outPath = dir.filePath(QStringLiteral("stdout.txt")).toLocal8Bit();
    const QByteArray errPath = dir.filePath(QStringLiteral("stderr.txt")).toLocal8Bit();
    const pid_t child = fork();
    if (child == 0) {
        const int out = ::open(outPath.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int err = ::open(errPath.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        ::dup2(out, STDOUT_FILENO);
        ::dup2(err, STDERR_FILENO);
        const rlimit limit{addressSpace, addressSpace};
        ::setrlimit(RLIMIT_AS, &limit);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    if (child < 0)
        return run;
    int status = 0;
    rusage usage{};
    QElapsedTimer guard;
    guard.start();
    for (;;) {
        const pid_t done = ::wait4(child, &status, WNOHANG, &usage);
        if (done == child)
            break;
        if (guard.elapsed() > timeoutSeconds * 1000LL) {
            ::kill(child, SIGKILL);
            ::wait4(child, &status, 0, &usage);
            run.timedOut = true;
            break;
        }
        QThread::msleep(50);
    }
    run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.peakBytes = static_cast<std::int64_t>(usage.ru_maxrss) * 1024;
    QFile out(QString::fromLocal8Bit(outPath));
    QFile err(QString::fromLocal8Bit(errPath));
    if (out.open(QIODevice::ReadOnly))
        run.standardOutput = QString::fromUtf8(out.readAll());
    if (err.open(QIODevice::ReadOnly))
        run.standardError = QString::fromUtf8(err.readAll());
    return run;
}
#endif

QString describe(const MeasuredRun& run) {
    return QStringLiteral("exit %1%2, peak %3 MB, stderr: %4")
        .arg(run.exitCode)
        .arg(run.timedOut ? QStringLiteral(" (timed out)") : QString())
        .arg(run.peakBytes >> 20)
        .arg(run.standardError.left(600));
}

bool writeFile(const QString& path, const std::vector<std::uint8_t>& bytes) {
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) &&
           file.write(reinterpret_cast<const char*>(bytes.data()),
                      static_cast<qint64>(bytes.size())) == static_cast<qint64>(bytes.size());
}

/// A training split in `split`: `count` noisy images of `size`, each annotated with `heads`.
bool makeSplit(const QString& split, int count, cv::Size size,
               const std::vector<HeadPoint>& heads) {
    if (!QDir().mkpath(split + QStringLiteral("/images")) ||
        !QDir().mkpath(split + QStringLiteral("/ground-truth")))
        return false;
    cv::RNG rng(9);
    for (int i = 1; i <= count; ++i) {
        cv::Mat image(size, CV_8UC3);
        rng.fill(image, cv::RNG::UNIFORM, 0, 255);
        const QString name = QStringLiteral("IMG_%1").arg(i);
        if (!cv::imwrite((split + "/images/" + name + ".jpg").toStdString(), image))
            return false;
        writeGroundTruth(toPath(split + "/ground-truth/GT_" + name + ".mat"), heads);
    }
    return true;
}

QStringList trainArguments(const QString& split, const QString& run, const QString& crop) {
    return {QStringLiteral("train"),
            QStringLiteral("--data"),
            split,
            QStringLiteral("--out"),
            run,
            QStringLiteral("--epochs"),
            QStringLiteral("1"),
            QStringLiteral("--crop"),
            crop,
            QStringLiteral("--batch"),
            QStringLiteral("1"),
            QStringLiteral("--threads"),
            QStringLiteral("2"),
            QStringLiteral("--workers"),
            QStringLiteral("1"),
            QStringLiteral("--val-split"),
            split};
}

} // namespace

class TestResourceBounds : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void countsALargeImageWithinTheBudget();
    void runningOutOfMemoryNamesTheImage();
    void msfanetRefusesAHugeImageBeforeDecoding();
    void trainRefusesCropsLargerThanTheImages();
    void trainsOnPiledUpHeads();

private:
    QTemporaryDir m_dir;
    QString m_largeImage; ///< the 6000x6000 image countsALargeImageWithinTheBudget writes
};

void TestResourceBounds::initTestCase() {
#ifndef Q_OS_UNIX
    QSKIP("peak memory is measured with fork, exec and wait4");
#endif
    QVERIFY(m_dir.isValid());
}

// A 6000x6000 photograph-like image (part A's IMG_5 tiled): a whole MCNN forward would need about
// 12 GB; in tiles the `count` process stays under the 2 GiB budget, and counts.
void TestResourceBounds::countsALargeImageWithinTheBudget() {
#ifdef Q_OS_UNIX
    CROWDKD_REQUIRE_SHARED(kSvishwa);
    CROWDKD_REQUIRE_SHARED(kPartAImage);
    const cv::Mat photo = cv::imread(test::sharedPath(kPartAImage).string(), cv::IMREAD_GRAYSCALE);
    cv::Mat large;
    cv::repeat(photo, 6000 / photo.rows + 1, 6000 / photo.cols + 1, large);
    const QString image = m_dir.filePath(QStringLiteral("large_6000.jpg"));
    QVERIFY(cv::imwrite(image.toStdString(), large(cv::Rect(0, 0, 6000, 6000))));
    m_largeImage = image;
    QTemporaryDir output;
    const MeasuredRun run =
        runMeasured({QStringLiteral("count"), QStringLiteral("--json"), QStringLiteral("--weights"),
                     QDir(test::sharedDir()).filePath(kSvishwa), QStringLiteral("--threads"),
                     QStringLiteral("2"), image},
                    output);
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QVERIFY2(run.peakBytes < kDefaultMemoryBudget, qPrintable(describe(run)));
    const auto json = nlohmann::json::parse(run.standardOutput.toStdString());
    const double count = json["images"][0]["count"].get<double>();
    // The photo holds ~850 people per 1024x768; 36 megapixels hold ~40 of it.
    QVERIFY2(count > 20'000 && count < 60'000, qPrintable(QString::number(count)));
    qInfo("count %.0f, peak resident memory %lld MB", count,
          static_cast<long long>(run.peakBytes >> 20));
#endif
}

// Memory that runs out anyway (here a 900 MiB address-space limit, below the 2 GiB the plan may
// use) ends `count` with exit 1 and a message naming the image and what to do, not
// "std::bad_alloc".
void TestResourceBounds::runningOutOfMemoryNamesTheImage() {
#ifdef Q_OS_UNIX
    if (m_largeImage.isEmpty())
        QSKIP("needs the image of countsALargeImageWithinTheBudget");
    constexpr rlim_t kLimit = rlim_t{900} << 20;
    QTemporaryDir output;
    const MeasuredRun startup = runMeasured({QStringLiteral("--version")}, output, 60, kLimit);
    if (startup.exitCode != 0)
        QSKIP(qPrintable("crowdkd does not even start within 900 MiB of address space here: " +
                         describe(startup)));
    const MeasuredRun run =
        runMeasured({QStringLiteral("count"), QStringLiteral("--weights"),
                     QDir(test::sharedDir()).filePath(kSvishwa), QStringLiteral("--threads"),
                     QStringLiteral("2"), m_largeImage},
                    output, 600, kLimit);
    QVERIFY2(run.exitCode == 1, qPrintable(describe(run)));
    QVERIFY2(run.standardError.contains(QStringLiteral("crowdkd: error: ") + m_largeImage +
                                        QStringLiteral(": not enough memory")) &&
                 run.standardError.contains(QStringLiteral("close other programs")),
             qPrintable(describe(run)));
    qInfo("%s", qPrintable(run.standardError.trimmed().split('\n').last()));
#endif
}

// M-SFANet cannot be tiled: an image whose forward would exceed the budget is refused with exit 1,
// the file named with the largest size it can run, from the header alone (the process never holds
// the 432 MB of decoded pixels).
void TestResourceBounds::msfanetRefusesAHugeImageBeforeDecoding() {
#ifdef Q_OS_UNIX
    const QString weights = m_dir.filePath(QStringLiteral("msfanet.pth"));
    nn::writePthStateDict(toPath(weights), nn::DensityModel(nn::ModelKind::MsfaNet).stateDict());
    const QString image = m_dir.filePath(QStringLiteral("claims_12000.jpg"));
    QVERIFY(writeFile(image, test::jpegClaiming(12000, 12000)));
    QTemporaryDir output;
    const MeasuredRun run =
        runMeasured({QStringLiteral("count"), QStringLiteral("--weights"), weights, image}, output);
    QVERIFY2(run.exitCode == 1, qPrintable(describe(run)));
    QVERIFY2(run.standardError.startsWith(QStringLiteral("crowdkd: error: ") + image +
                                          QStringLiteral(": too large for M-SFANet: 12000x12000")),
             qPrintable(describe(run)));
    QVERIFY2(run.standardError.contains(QStringLiteral("megapixels")), qPrintable(describe(run)));
    QVERIFY2(run.peakBytes < (std::int64_t{1} << 30), qPrintable(describe(run)));
    qInfo("refused with peak resident memory %lld MB: %s",
          static_cast<long long>(run.peakBytes >> 20), qPrintable(run.standardError.trimmed()));
#endif
}

// `train --crop 4000` (5000, killed at 24 GB before, is now over the option's cap of 4096) is
// refused before training, naming the image that could hold the largest crop and the crop to use.
void TestResourceBounds::trainRefusesCropsLargerThanTheImages() {
#ifdef Q_OS_UNIX
    const QString split = m_dir.filePath(QStringLiteral("crop/train_data"));
    QVERIFY(makeSplit(split, 2, {96, 80}, {{10, 10}, {40, 30}, {70, 60}}));
    QTemporaryDir output;
    const MeasuredRun run = runMeasured(
        trainArguments(split, m_dir.filePath(QStringLiteral("crop/run")), QStringLiteral("4000")),
        output, 300);
    QVERIFY2(run.exitCode == 1, qPrintable(describe(run)));
    QVERIFY2(
        run.standardError.contains(QStringLiteral("no training image holds a 4000x4000 crop")) &&
            run.standardError.contains(QStringLiteral("use --crop 80 or less")),
        qPrintable(describe(run)));
    QVERIFY2(!run.standardError.contains(QStringLiteral("iterations per epoch")),
             qPrintable(describe(run))); // refused before training started
#endif
}

// Annotations piling 2 000 000 heads on 5 spots (sub-pixel jitter) made the density maps
// quadratic: `train` never got past them. Now a short run finishes.
void TestResourceBounds::trainsOnPiledUpHeads() {
#ifdef Q_OS_UNIX
    std::mt19937 random(4);
    std::uniform_real_distribution<double> jitter(-0.4, 0.4);
    std::vector<HeadPoint> heads;
    heads.reserve(2'000'000);
    for (int i = 0; i < 2'000'000; ++i)
        heads.push_back(
            {12.5 + 16.0 * (i % 5) + jitter(random), 20.5 + 8.0 * (i % 5) + jitter(random)});
    const QString split = m_dir.filePath(QStringLiteral("piled/train_data"));
    QVERIFY(makeSplit(split, 2, {96, 80}, heads));
    QTemporaryDir output;
    qputenv("CROWDKD_CACHE_DIR", m_dir.filePath(QStringLiteral("piled/cache")).toLocal8Bit());
    const MeasuredRun run = runMeasured(
        trainArguments(split, m_dir.filePath(QStringLiteral("piled/run")), QStringLiteral("32")),
        output, 240);
    qunsetenv("CROWDKD_CACHE_DIR");
    QVERIFY2(run.exitCode == 0 && !run.timedOut, qPrintable(describe(run)));
#endif
}

QTEST_GUILESS_MAIN(TestResourceBounds)
#include "test_resource_bounds.moc"
