// The Count workspace: part A images dropped on it (real drag-enter and drop events) are counted
// off the GUI thread with the numbers the `crowdkd count` binary prints, the density overlay is
// drawn (transparent where the density is zero), counts export as CSV and JSON, and dataset
// folders are recognised. Images dropped while a count runs join it: each is counted once, by one
// job.
#include "base/error.h"
#include "common/studio_support.h"
#include "count/count_workspace.h"
#include "count/density_counter.h"
#include "data/image_io.h"
#include "studio_test_support.h"
#include "test_support.h"

#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QDropEvent>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMimeData>
#include <QProcess>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <condition_variable>
#include <filesystem>
#include <mutex>

#ifndef _WIN32
#include "non_files.h"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

using namespace crowdkd;
using namespace crowdkd::ui;

namespace {

QString shared(const char* relative) {
    return QDir(test::sharedDir()).filePath(QString::fromUtf8(relative));
}

/// The model the test counts with: the shipped default student, else the svishwa MCNN.
QString countingModel() {
    const QString model = defaultStudentPath();
    return model.isEmpty() ? shared("fixtures/pretrained/mcnn_shtechA_svishwa.pth") : model;
}

/// The counts the `crowdkd count --json` binary prints for `images`.
QMap<QString, double> cliCounts(const QString& model, const QStringList& images) {
    QProcess cli;
    cli.setProcessChannelMode(QProcess::SeparateChannels);
    cli.start(QStringLiteral(CROWDKD_CLI),
              QStringList{QStringLiteral("count"), QStringLiteral("--weights"), model,
                          QStringLiteral("--json")} +
                  images);
    if (!cli.waitForFinished(180000) || cli.exitCode() != 0) {
        qWarning("crowdkd count failed: %s", cli.readAllStandardError().constData());
        return {};
    }
    QMap<QString, double> counts;
    const QJsonArray entries =
        QJsonDocument::fromJson(cli.readAllStandardOutput()).object()["images"].toArray();
    for (const QJsonValue& entry : entries)
        counts.insert(entry["image"].toString(), entry["count"].toDouble());
    return counts;
}

/// Drags `files` onto `widget` and drops them, as a file manager does; false when refused.
bool dropFiles(QWidget& widget, const QStringList& files) {
    QMimeData mime;
    QList<QUrl> urls;
    for (const QString& file : files)
        urls << QUrl::fromLocalFile(file);
    mime.setUrls(urls);
    const QPoint at(widget.width() / 2, widget.height() / 2);
    QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&widget, &enter);
    QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&widget, &drop);
    return enter.isAccepted() && drop.isAccepted();
}

/// Holds the counting thread before its first image until released (also when a check fails, so
/// the workspace can stop its job), and records every image the thread was about to count.
class CountGate {
public:
    void beforeCount(const QString& image) {
        std::unique_lock lock(m_mutex);
        m_seen.append(image);
        m_wake.wait(lock, [this] { return m_released; });
    }
    QStringList seen() {
        const std::lock_guard lock(m_mutex);
        return m_seen;
    }
    void release() {
        {
            const std::lock_guard lock(m_mutex);
            m_released = true;
        }
        m_wake.notify_all();
    }
    ~CountGate() { release(); }

private:
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_released = false;
    QStringList m_seen;
};

} // namespace

class TestCountWorkspace : public QObject {
    Q_OBJECT

private slots:
    void droppedImagesCountAsCli();
    void recognisesDatasetFolders();
    void dropDuringCountJoinsRunningJob();
    void exportKeepsTheFileAndRefusesNonFiles();
    void failedImagesSayWhy();
    void defaultStudentShowsItsFigures();
    void rewrittenModelIsLoadedAgain();
};

// A run's best.pth rewritten under the same name (training found a better one) is counted with its
// new weights, not with those a worker kept loaded.
void TestCountWorkspace::rewrittenModelIsLoadedAgain() {
    CROWDKD_REQUIRE_SHARED("data/ShanghaiTech/part_A/test_data/images/IMG_1.jpg");
    CROWDKD_REQUIRE_SHARED("fixtures/pretrained/mcnn_shtechA_svishwa.pth");
    QTemporaryDir dir;
    const QString model = dir.filePath(QStringLiteral("best.pth"));
    const QString image = shared("data/ShanghaiTech/part_A/test_data/images/IMG_1.jpg");
    QVERIFY(QFile::copy(shared("fixtures/pretrained/mcnn_shtechA_svishwa.pth"), model));
    std::shared_ptr<DensityCounter> counter;
    const CountResult before = DensityCounter::countWith(counter, model, image);
    QVERIFY2(before.error.isEmpty(), qPrintable(before.error));
    ImageDensity density;
    QVERIFY(density.compute(counter, model, image).isEmpty());
    QVERIFY(density.isFor(image, model));

    // Other weights under the same name, a second later.
    QVERIFY(test::rewriteWithOtherWeights(model));
    QVERIFY(!density.isFor(image, model));
    QVERIFY(!counter->holds(model));
    const CountResult after = DensityCounter::countWith(counter, model, image);
    QVERIFY(counter->holds(model));
    QString error;
    const CountResult fresh = DensityCounter::load(model, &error)->count(image);
    QCOMPARE(after.count, fresh.count);
    QVERIFY2(qAbs(after.count - before.count) > 1.0,
             qPrintable(QStringLiteral("%1 vs %2").arg(after.count).arg(before.count)));
}

// Issue #17.4: picking the shipped student shows what its side-car measured: the part A test MAE
// and RMSE and, when recorded, the training steps and hours, the best validation MAE and the plain
// student's test MAE for the same steps.
void TestCountWorkspace::defaultStudentShowsItsFigures() {
    const QJsonObject meta = defaultStudentInfo();
    if (!QFileInfo::exists(defaultStudentPath()) || meta.isEmpty())
        QSKIP("no default student in resources/models");
    CountWorkspace workspace;
    workspace.setModel(defaultStudentPath());
    QCOMPARE(workspace.modelPath(), defaultStudentPath());
    QString shown;
    for (const QLabel* label : workspace.findChildren<QLabel*>())
        shown += label->text() + QLatin1Char('\n');
    const QLocale locale;
    QStringList expected = {
        locale.toString(meta.value(QLatin1String("test_mae")).toDouble(), 'f', 2),
        locale.toString(meta.value(QLatin1String("test_rmse")).toDouble(), 'f', 2)};
    if (meta.contains(QLatin1String("iterations")))
        expected << locale.toString(meta.value(QLatin1String("iterations")).toInt())
                 << locale.toString(meta.value(QLatin1String("training_hours")).toDouble(), 'f', 1);
    if (meta.contains(QLatin1String("validation_mae")))
        expected << locale.toString(meta.value(QLatin1String("validation_mae")).toDouble(), 'f', 2);
    const QJsonObject plain = meta.value(QLatin1String("plain_student_same_steps")).toObject();
    if (plain.contains(QLatin1String("test_mae")))
        expected << locale.toString(plain.value(QLatin1String("test_mae")).toDouble(), 'f', 2);
    for (const QString& figure : expected)
        QVERIFY2(shown.contains(figure), qPrintable(figure + QStringLiteral(" not in ") + shown));
}

void TestCountWorkspace::droppedImagesCountAsCli() {
    CROWDKD_REQUIRE_SHARED("data/ShanghaiTech/part_A/test_data/images");
    CROWDKD_REQUIRE_SHARED("fixtures/pretrained/mcnn_shtechA_svishwa.pth");
    const QString model = countingModel();
    const QStringList images = {
        shared("data/ShanghaiTech/part_A/test_data/images/IMG_1.jpg"),
        shared("data/ShanghaiTech/part_A/test_data/images/IMG_2.jpg"),
        shared("data/ShanghaiTech/part_A/test_data/images/IMG_3.jpg"),
    };

    CountWorkspace workspace;
    workspace.resize(1200, 800);
    workspace.show();
    if (workspace.modelPath() != model)
        workspace.setModel(model);
    QCOMPARE(workspace.modelPath(), model);

    // Drag the images onto the workspace and drop them, as a file manager does.
    QVERIFY(dropFiles(workspace, images));
    // Counting runs in the background.
    workspace.waitUntilIdle();

    const QVector<CountResult> results = workspace.results();
    QCOMPARE(results.size(), images.size());
    const QMap<QString, double> expected = cliCounts(model, images);
    QCOMPARE(expected.size(), images.size());
    for (int i = 0; i < results.size(); ++i) {
        QVERIFY2(results[i].error.isEmpty(), qPrintable(results[i].error));
        QCOMPARE(results[i].imagePath, images[i]);
        QVERIFY(expected.contains(images[i]));
        QVERIFY2(
            qAbs(results[i].count - expected[images[i]]) < 1e-3 + 1e-5 * expected[images[i]],
            qPrintable(QStringLiteral("%1 vs %2").arg(results[i].count).arg(expected[images[i]])));
        QVERIFY(results[i].count > 10);                               // crowded scenes
        QCOMPARE(results[i].density.cols, results[i].imageWidth / 4); // MCNN: 1/4 resolution
    }

    // The selected image is shown with its heat overlay.
    auto previewShown = [&] {
        for (QLabel* label : workspace.findChildren<QLabel*>()) {
            if (!label->pixmap().isNull())
                return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(previewShown(), 60000);
    test::saveScreenshot(&workspace, QStringLiteral("count"));

    // Export.
    QTemporaryDir out;
    QVERIFY(workspace.exportCsv(out.filePath("counts.csv")));
    QVERIFY(workspace.exportJson(out.filePath("counts.json")));
    QFile csv(out.filePath("counts.csv"));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = csv.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), images.size() + 1);
    QCOMPARE(lines.front(), QByteArray("image,count"));
    QVERIFY(lines[1].startsWith('"' + images[0].toUtf8() + '"'));
    QFile json(out.filePath("counts.json"));
    QVERIFY(json.open(QIODevice::ReadOnly));
    const QJsonArray entries = QJsonDocument::fromJson(json.readAll()).object()["images"].toArray();
    QCOMPARE(entries.size(), images.size());
    QCOMPARE(entries[2]["count"].toDouble(), results[2].count);

    // Dropping the same image again does not count it twice; clearing empties the list.
    workspace.addPaths({images[0]}, false);
    workspace.waitUntilIdle();
    QCOMPARE(workspace.results().size(), images.size());
    workspace.clearImages();
    QVERIFY(workspace.results().isEmpty());
    QCOMPARE(workspace.summaryText(), CountWorkspace::tr("No images counted yet"));
}

void TestCountWorkspace::recognisesDatasetFolders() {
    QVERIFY(CountWorkspace::isDatasetFolder(QStringLiteral(CROWDKD_SAMPLES_DIR)));
    QVERIFY(CountWorkspace::isDatasetFolder(QStringLiteral(CROWDKD_SAMPLES_DIR "/train_data")));
    QVERIFY(
        !CountWorkspace::isDatasetFolder(QStringLiteral(CROWDKD_SAMPLES_DIR "/train_data/images")));
    // A plain folder of images is counted (not offered as a dataset).
    CountWorkspace workspace;
    const QString model = countingModel();
    if (!QFileInfo::exists(model))
        QSKIP("no model to count with");
    if (workspace.modelPath() != model)
        workspace.setModel(model);
    QSignalSpy datasetRequested(&workspace, &CountWorkspace::openDatasetRequested);
    workspace.addPaths({QStringLiteral(CROWDKD_SAMPLES_DIR "/test_data/images")});
    workspace.waitUntilIdle();
    QCOMPARE(datasetRequested.size(), 0);
    QCOMPARE(workspace.results().size(), 3);
}

// Issue #14.5: images dropped while a count runs used to start a second job over the same images
// (and a third when the first ended), so rows were counted twice.
void TestCountWorkspace::dropDuringCountJoinsRunningJob() {
    CROWDKD_REQUIRE_SHARED("data/ShanghaiTech/part_A/test_data/images");
    CROWDKD_REQUIRE_SHARED("fixtures/pretrained/mcnn_shtechA_svishwa.pth");
    const QString model = countingModel();
    QStringList images;
    for (int i = 4; i <= 7; ++i)
        images << shared(qPrintable(
            QStringLiteral("data/ShanghaiTech/part_A/test_data/images/IMG_%1.jpg").arg(i)));

    CountWorkspace workspace;
    workspace.resize(1200, 800);
    workspace.show();
    if (workspace.modelPath() != model)
        workspace.setModel(model);
    workspace.waitUntilIdle();
    CountGate gate; // destroyed before the workspace: a failing check never leaves it blocked
    workspace.setBeforeCountHook([&gate](const QString& image) { gate.beforeCount(image); });
    QSignalSpy jobs(&workspace, &CountWorkspace::jobStarted);
    QSignalSpy busy(&workspace, &CountWorkspace::busyChanged);

    QVERIFY(dropFiles(workspace, {images[0]}));
    // The counting thread (once the model is loaded) holds the first image: the count is running.
    QTRY_COMPARE_WITH_TIMEOUT(gate.seen(), QStringList{images[0]}, 180000);
    QVERIFY(workspace.isBusy());
    QVERIFY(dropFiles(workspace, {images[1], images[2]}));
    QVERIFY(dropFiles(workspace, {images[3], images[1]})); // one new, one already listed
    gate.release();
    QTRY_VERIFY_WITH_TIMEOUT(!busy.isEmpty() && !busy.back().front().toBool(), 180000);
    workspace.waitUntilIdle();

    QCOMPARE(jobs.size(), 1);
    QCOMPARE(busy.size(), 2);      // busy once, idle once
    QCOMPARE(gate.seen(), images); // the counting thread took each image once, in order
    const QVector<CountResult> results = workspace.results();
    QCOMPARE(results.size(), images.size());
    for (int i = 0; i < results.size(); ++i) {
        QCOMPARE(results[i].imagePath, images[i]);
        QVERIFY2(results[i].error.isEmpty(), qPrintable(results[i].error));
        QVERIFY(results[i].count > 10);
    }

    // Dropped once idle, an image starts a new job.
    workspace.addPaths({shared("data/ShanghaiTech/part_A/test_data/images/IMG_8.jpg")}, false);
    workspace.waitUntilIdle();
    QCOMPARE(jobs.size(), 2);
    QCOMPARE(workspace.results().size(), images.size() + 1);
}

// The exported counts go where the user pointed, by the rule of every save (issue #14): an existing
// file keeps its permissions and owner, a symbolic link is written through, and a FIFO or a folder
// is refused rather than replaced by a regular file.
void TestCountWorkspace::exportKeepsTheFileAndRefusesNonFiles() {
#ifdef _WIN32
    QSKIP("FIFOs, modes and owners are POSIX here");
#else
    namespace fs = std::filesystem;
    QTemporaryDir dir;
    const fs::path root = toPath(dir.path());
    const auto status = [](const fs::path& path) {
        struct stat result {};
        ::lstat(path.c_str(), &result);
        return result;
    };
    CountWorkspace workspace;

    // A private file (600), given to 'nobody' when running as root.
    const fs::path csv = root / "counts.csv";
    QFile(toQString(csv)).open(QIODevice::WriteOnly);
    QCOMPARE(::chmod(csv.c_str(), 0600), 0);
    const passwd* nobody = ::getpwnam("nobody");
    const bool giveAway = ::geteuid() == 0 && nobody;
    if (giveAway)
        QCOMPARE(::chown(csv.c_str(), nobody->pw_uid, nobody->pw_gid), 0);
    const struct stat before = status(csv);
    QVERIFY(workspace.exportCsv(toQString(csv)));
    QFile written(toQString(csv));
    QVERIFY(written.open(QIODevice::ReadOnly));
    QCOMPARE(written.readAll(), QByteArray("image,count\n"));
    QCOMPARE(status(csv).st_mode & 07777, mode_t{0600});
    QCOMPARE(status(csv).st_uid, before.st_uid);
    QCOMPARE(status(csv).st_gid, before.st_gid);

    // A symbolic link: its target is replaced, the link kept.
    fs::create_directories(root / "store");
    fs::create_symlink("store/counts.json", root / "counts.json");
    QVERIFY(workspace.exportJson(toQString(root / "counts.json")));
    QVERIFY(S_ISLNK(status(root / "counts.json").st_mode));
    QVERIFY(S_ISREG(status(root / "store" / "counts.json").st_mode));

    // A FIFO, a folder, a link to the FIFO, a character device (as root) are not replaced.
    const std::vector<test::NonFile> nonFiles = test::makeNonFiles(root, ".csv");
    QVERIFY(!nonFiles.empty());
    for (const test::NonFile& file : nonFiles) {
        QString reason;
        QVERIFY(!workspace.exportCsv(toQString(file.path), &reason));
        QVERIFY2(!reason.isEmpty(), file.path.c_str()); // the user is told why
    }
    QVERIFY(test::nonFilesUntouched(nonFiles));
    QCOMPARE(std::distance(fs::directory_iterator(root), fs::directory_iterator()),
             std::ptrdiff_t(3 + nonFiles.size())); // no temporary file left
    if (!giveAway)
        QSKIP("not root: keeping the owner was not tested (the mode, link, FIFO and folder were)");
#endif
}

// Issue #16.4: an image that cannot be counted says why in its row and in the preview, and the
// footer counts it as failed instead of hiding it.
void TestCountWorkspace::failedImagesSayWhy() {
    CROWDKD_REQUIRE_SHARED("data/ShanghaiTech/part_A/test_data/images");
    CROWDKD_REQUIRE_SHARED("fixtures/pretrained/mcnn_shtechA_svishwa.pth");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString good = dir.filePath(QStringLiteral("IMG_1.jpg"));
    const QString truncated = dir.filePath(QStringLiteral("IMG_2.jpg"));
    const QString garbage = dir.filePath(QStringLiteral("IMG_3.jpg"));
    QVERIFY(QFile::copy(shared("data/ShanghaiTech/part_A/test_data/images/IMG_1.jpg"), good));
    QVERIFY(QFile::copy(shared("data/ShanghaiTech/part_A/test_data/images/IMG_2.jpg"), truncated));
    QFile::setPermissions(truncated, QFile::ReadOwner | QFile::WriteOwner);
    QVERIFY(QFile::resize(truncated, QFileInfo(truncated).size() / 2));
    QFile bytes(garbage);
    QVERIFY(bytes.open(QIODevice::WriteOnly) && bytes.write("not an image at all") > 0);
    bytes.close();
    const QStringList images = {good, truncated, garbage};

    CountWorkspace workspace;
    workspace.resize(1280, 720);
    workspace.show();
    const QString model = countingModel();
    if (workspace.modelPath() != model)
        workspace.setModel(model);
    workspace.addPaths(images, false);
    workspace.waitUntilIdle();
    const QVector<CountResult> results = workspace.results();
    QCOMPARE(results.size(), images.size());
    QVERIFY2(results[0].error.isEmpty(), qPrintable(results[0].error));

    // Core's reader gives the reasons the rows and the preview must show.
    const auto reasonOf = [](const QString& path) {
        try {
            readImage(toPath(path));
        } catch (const FileError& error) {
            return QString::fromStdString(error.reason());
        }
        return QString();
    };
    auto* table = workspace.findChild<QTableWidget*>();
    QVERIFY(table);
    for (int row : {1, 2}) {
        QVERIFY(!results[row].error.isEmpty());
        const QString reason = reasonOf(images[row]);
        QVERIFY(!reason.isEmpty());
        const QString rowText = table->item(row, 0)->text() + table->item(row, 1)->text();
        QVERIFY2(rowText.contains(reason), qPrintable(rowText));
        QVERIFY2(rowText.contains(QFileInfo(images[row]).fileName()), qPrintable(rowText));
        table->selectRow(row);
        QTRY_VERIFY_WITH_TIMEOUT(workspace.previewMessage().contains(reason), 60000);
        QVERIFY(workspace.previewMessage().contains(QFileInfo(images[row]).fileName()));
    }
    // Back on the good image the preview shows it, not the last failure.
    table->selectRow(0);
    QTRY_VERIFY_WITH_TIMEOUT(workspace.previewMessage().isEmpty(), 60000);

    const QString summary = workspace.summaryText();
    QVERIFY2(summary.contains(CountWorkspace::tr("%n image(s) counted", nullptr, 1)),
             qPrintable(summary));
    QVERIFY2(
        summary.contains(CountWorkspace::tr("%n failed", "images that could not be counted", 2)),
        qPrintable(summary));
    QVERIFY2(summary.contains(QLocale().toString(results[0].count, 'f', 1)), qPrintable(summary));
}

QTEST_MAIN(TestCountWorkspace)
#include "test_count_workspace.moc"
