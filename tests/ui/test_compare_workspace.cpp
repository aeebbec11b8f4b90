// The Compare workspace on part A test images with three real models: the counts it shows are
// those of `crowdkd count` (the CLI binary run on the same files), the ground truth is the .mat's
// head count, the split table's MAE/RMSE are the means of its rows, sorting and stepping work, a
// run folder goes to the slot its mode names, the comparison exports as a PNG, and an exported
// ONNX model counts as the file it came from.
#include "common/file_stamp.h"
#include "common/settings_keys.h"
#include "common/studio_support.h"
#include "compare/compare_workspace.h"
#include "compare/comparison_engine.h"
#include "compare/comparison_view.h"
#include "count/count_workspace.h"
#include "data/ground_truth.h"
#include "dataset/dataset_session.h"
#include "studio_test_support.h"
#include "test_support.h"

#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImageReader>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <opencv2/core.hpp>

#include <cmath>

using namespace crowdkd;
using namespace crowdkd::ui;

namespace {

/// Part A test images the test compares on (small ones, so the test stays quick).
const QStringList kImages = {QStringLiteral("IMG_34"), QStringLiteral("IMG_95"),
                             QStringLiteral("IMG_135")};

QString shared(const QString& relative) {
    return QDir(test::sharedDir()).filePath(relative);
}

/// Counts of `images` from the real CLI (`crowdkd count --json`), by image path.
QMap<QString, double> cliCounts(const QString& model, const QStringList& images) {
    QProcess process;
    process.start(QStringLiteral(CROWDKD_CLI),
                  QStringList{QStringLiteral("count"), QStringLiteral("--weights"), model,
                              QStringLiteral("--json")} +
                      images);
    if (!process.waitForFinished(120000) || process.exitCode() != 0) {
        qWarning() << process.readAllStandardError();
        return {};
    }
    const QJsonObject root = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
    QMap<QString, double> counts;
    for (const QJsonValue& entry : root.value(QStringLiteral("images")).toArray()) {
        const QJsonObject object = entry.toObject();
        counts.insert(object.value(QStringLiteral("image")).toString(),
                      object.value(QStringLiteral("count")).toDouble());
    }
    return counts;
}

/// A training run folder of `mode` whose best.pt is a copy of `weights`.
QString makeRun(const QString& root, const QString& name, const QString& mode,
                const QString& weights, const QString& teacher = QString()) {
    const QString dir = QDir(root).filePath(name);
    QDir().mkpath(dir);
    QFile config(QDir(dir).filePath(QStringLiteral("config.json")));
    if (!config.open(QIODevice::WriteOnly))
        return {};
    QJsonObject json{{QStringLiteral("mode"), mode},
                     {QStringLiteral("alpha"), 0.1},
                     {QStringLiteral("epochs"), 1}};
    if (!teacher.isEmpty())
        json.insert(QStringLiteral("teacher"), teacher);
    config.write(QJsonDocument(json).toJson());
    config.close();
    QFile::copy(weights, QDir(dir).filePath(QStringLiteral("best.pt")));
    return dir;
}

bool near(double a, double b) {
    return std::abs(a - b) <= 1e-3 * std::max(1.0, std::abs(b));
}

} // namespace

class TestCompareWorkspace : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void comparesThreeModelsAsTheCli();
    void offersRunTeachersAndExports();
    void rewrittenModelIsRunAgain();

private:
    QTemporaryDir m_dir;
};

void TestCompareWorkspace::initTestCase() {
    test::isolateUserFolders();
    QVERIFY(m_dir.isValid());
}

// The engine keeps models loaded between images; a model file rewritten under its name (a run's
// best.pth) is loaded again, and each answer says which version of the file it came from.
void TestCompareWorkspace::rewrittenModelIsRunAgain() {
    CROWDKD_REQUIRE_SHARED("data/ShanghaiTech/part_A/test_data/images/IMG_1.jpg");
    CROWDKD_REQUIRE_SHARED("fixtures/pretrained/mcnn_shtechA_svishwa.pth");
    const QString model = m_dir.filePath(QStringLiteral("rewritten-best.pth"));
    QVERIFY(
        QFile::copy(QDir(test::sharedDir())
                        .filePath(QStringLiteral("fixtures/pretrained/mcnn_shtechA_svishwa.pth")),
                    model));
    ComparisonEngine engine;
    ComparisonRequest request;
    request.imagePath =
        QDir(test::sharedDir())
            .filePath(QStringLiteral("data/ShanghaiTech/part_A/test_data/images/IMG_1.jpg"));
    request.models = {model};
    const auto answerOf = [&] {
        QSignalSpy ready(&engine, &ComparisonEngine::resultReady);
        engine.request(request, true);
        if (!ready.wait(120000))
            return ModelAnswer();
        return ready.front().front().value<ComparisonResult>().answers.value(0);
    };
    const ModelAnswer before = answerOf();
    QVERIFY2(before.error.isEmpty(), qPrintable(before.error));
    QCOMPARE(before.modelStamp, fileStamp(model));

    QVERIFY(test::rewriteWithOtherWeights(model));
    const ModelAnswer after = answerOf();
    QVERIFY2(after.error.isEmpty(), qPrintable(after.error));
    QCOMPARE(after.modelStamp, fileStamp(model));
    QVERIFY2(std::abs(after.count - before.count) > 1.0,
             qPrintable(QStringLiteral("%1 vs %2").arg(after.count).arg(before.count)));
}

void TestCompareWorkspace::comparesThreeModelsAsTheCli() {
    CROWDKD_REQUIRE_SHARED("data/ShanghaiTech/part_A/test_data/images");
    CROWDKD_REQUIRE_SHARED("fixtures/pretrained/mcnn_shtechA_svishwa.pth");
    const QString teacher = shared(QStringLiteral("fixtures/pretrained/mcnn_shtechA_svishwa.pth"));
    const QString student = resourcePath(QStringLiteral("models/default_student.pth"));
    QVERIFY2(!student.isEmpty(), "resources/models/default_student.pth is missing");

    // A small dataset of part A test pairs, and two run folders (a KD run and a plain student's).
    const QString data = m_dir.filePath(QStringLiteral("part_A"));
    QDir().mkpath(data + QStringLiteral("/test_data/images"));
    QDir().mkpath(data + QStringLiteral("/test_data/ground-truth"));
    QStringList images;
    for (const QString& name : kImages) {
        const QString image = data + QStringLiteral("/test_data/images/%1.jpg").arg(name);
        QVERIFY(QFile::copy(
            shared(QStringLiteral("data/ShanghaiTech/part_A/test_data/images/%1.jpg").arg(name)),
            image));
        QVERIFY(QFile::copy(
            shared(QStringLiteral("data/ShanghaiTech/part_A/test_data/ground-truth/GT_%1.mat")
                       .arg(name)),
            data + QStringLiteral("/test_data/ground-truth/GT_%1.mat").arg(name)));
        images << image;
    }
    const QString runs = m_dir.filePath(QStringLiteral("runs"));
    const QString kdRun = makeRun(runs, QStringLiteral("kd-run"), QStringLiteral("kd"), teacher);
    const QString studentRun =
        makeRun(runs, QStringLiteral("student-run"), QStringLiteral("student"), student);
    const QString kd = QDir(kdRun).filePath(QStringLiteral("best.pt"));

    // What the CLI counts, per model file.
    const QMap<QString, double> teacherCounts = cliCounts(teacher, images);
    const QMap<QString, double> studentCounts = cliCounts(student, images);
    const QMap<QString, double> kdCounts = cliCounts(kd, images);
    QCOMPARE(teacherCounts.size(), images.size());
    QCOMPARE(studentCounts.size(), images.size());
    QCOMPARE(kdCounts.size(), images.size());

    DatasetSession session;
    CompareWorkspace workspace(&session);
    workspace.resize(1400, 900);
    workspace.show();
    QVERIFY(QTest::qWaitForWindowExposed(&workspace));
    QCOMPARE(workspace.split(), -1); // no dataset yet: a hint, no crash
    QVERIFY(workspace.view()->panels().isEmpty());

    QSignalSpy opened(&session, &DatasetSession::opened);
    session.open(data);
    QVERIFY(opened.wait(60000));
    QVERIFY(workspace.split() >= 0);
    QCOMPARE(workspace.tableModel()->rowCount(), images.size());

    // Models: files into the slots, run folders into the slot their mode names.
    workspace.setRunsRoot(runs);
    workspace.setModel(CompareSlot::Teacher, teacher);
    QVERIFY(workspace.addRun(kdRun));
    QCOMPARE(workspace.model(CompareSlot::KdStudent), kd);
    QVERIFY(workspace.addRun(studentRun));
    QCOMPARE(workspace.model(CompareSlot::Student),
             QDir(studentRun).filePath(QStringLiteral("best.pt")));
    QVERIFY(!workspace.addRun(m_dir.filePath(QStringLiteral("no-run-here"))));
    workspace.setModel(CompareSlot::Student, student);
    workspace.waitUntilIdle();

    // The image shown: three maps whose counts equal `crowdkd count`, the .mat's head count.
    auto checkCurrent = [&] {
        const QString image = workspace.currentImagePath();
        QVERIFY(images.contains(image));
        const std::optional<double> truth = workspace.truthCount();
        QVERIFY(truth.has_value());
        // The head count the .mat declares (ShanghaiTech's `number`).
        QCOMPARE(*truth, readGroundTruth(toPath(groundTruthPathForImage(image))).declaredCount);
        const std::optional<double> t = workspace.count(CompareSlot::Teacher);
        const std::optional<double> s = workspace.count(CompareSlot::Student);
        const std::optional<double> k = workspace.count(CompareSlot::KdStudent);
        QVERIFY(t && s && k);
        QVERIFY2(near(*t, teacherCounts.value(image)), qPrintable(QString::number(*t)));
        QVERIFY2(near(*s, studentCounts.value(image)), qPrintable(QString::number(*s)));
        QVERIFY2(near(*k, kdCounts.value(image)), qPrintable(QString::number(*k)));
        // Five panels; each map keeps its count after pooling to the shared stride.
        const auto panels = workspace.view()->panels();
        QCOMPARE(panels.size(), 5);
        QVERIFY(!panels[0].image.isNull());
        QVERIFY(!panels[1].density.empty());
        QVERIFY(std::abs(cv::sum(panels[1].density)[0] - *truth) <= 1.0 + 0.01 * *truth);
        const double counts[3] = {*t, *s, *k};
        for (int i = 0; i < 3; ++i) {
            QVERIFY(!panels[2 + i].density.empty());
            QVERIFY(std::abs(cv::sum(panels[2 + i].density)[0] - counts[i]) <=
                    1e-3 * std::max(1.0, counts[i]));
        }
        QVERIFY(workspace.view()->sharedMaximum() > 0);
    };
    QCOMPARE(workspace.currentRow(), 0);
    checkCurrent();

    // Stepping: the Next button and PageDown change the image; PageUp comes back.
    const QString first = workspace.currentImagePath();
    workspace.nextImage();
    QCOMPARE(workspace.currentRow(), 1);
    QVERIFY(workspace.currentImagePath() != first);
    workspace.waitUntilIdle();
    checkCurrent();
    workspace.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&workspace));
    QTest::keyClick(workspace.tableView(), Qt::Key_PageDown);
    QCOMPARE(workspace.currentRow(), 2);
    QTest::keyClick(workspace.tableView(), Qt::Key_PageUp);
    QCOMPARE(workspace.currentRow(), 1);

    // The whole split: every row counted as the CLI does; MAE/RMSE are the means of the rows.
    workspace.evaluateSplit();
    workspace.waitUntilIdle();
    ComparisonTableModel* table = workspace.tableModel();
    const QMap<QString, double>* cli[3] = {&teacherCounts, &studentCounts, &kdCounts};
    for (int slot = 0; slot < kCompareSlots; ++slot) {
        double absolute = 0;
        double squared = 0;
        for (int row = 0; row < table->rowCount(); ++row) {
            const std::optional<double> truth = table->truth(row);
            const std::optional<double> count = table->count(row, static_cast<CompareSlot>(slot));
            QVERIFY(truth && count);
            QVERIFY(near(*count, cli[slot]->value(table->imagePath(row))));
            const double error = *count - *truth;
            absolute += std::abs(error);
            squared += error * error;
            // The table's error columns agree with its counts.
            const int column = ComparisonTableModel::countColumn(static_cast<CompareSlot>(slot));
            QVERIFY(near(table->index(row, column + 1).data(Qt::UserRole).toDouble(), error));
            QVERIFY(
                near(table->index(row, column + 2).data(Qt::UserRole).toDouble(), std::abs(error)));
        }
        const auto metrics = table->metrics(static_cast<CompareSlot>(slot));
        QCOMPARE(metrics.images, table->rowCount());
        QVERIFY(near(metrics.mae, absolute / table->rowCount()));
        QVERIFY(near(metrics.rmse, std::sqrt(squared / table->rowCount())));
    }

    // Sorting by the student's |error|, largest first, then stepping follows the sorted order.
    const int studentAbsolute = ComparisonTableModel::countColumn(CompareSlot::Student) + 2;
    workspace.tableView()->sortByColumn(studentAbsolute, Qt::DescendingOrder);
    QSortFilterProxyModel* sorted = workspace.sortedModel();
    for (int row = 1; row < sorted->rowCount(); ++row)
        QVERIFY(sorted->index(row - 1, studentAbsolute).data(Qt::UserRole).toDouble() >=
                sorted->index(row, studentAbsolute).data(Qt::UserRole).toDouble());
    const int worst = sorted->mapToSource(sorted->index(0, 0)).row();
    workspace.tableView()->setCurrentIndex(sorted->index(0, 0)); // a click on the row
    QCOMPARE(workspace.currentRow(), worst);
    workspace.nextImage();
    QCOMPARE(workspace.currentRow(), sorted->mapToSource(sorted->index(1, 0)).row());
    workspace.waitUntilIdle();
    checkCurrent();

    // Export: a PNG of the expected size; an unwritable place is an error, not a crash.
    const QString png = m_dir.filePath(QStringLiteral("comparison.png"));
    QString error;
    QVERIFY2(workspace.exportImage(png, &error), qPrintable(error));
    QImageReader reader(png);
    QCOMPARE(QString::fromLatin1(reader.format()), QStringLiteral("png"));
    QCOMPARE(reader.size(), workspace.view()->exportSize());
    QVERIFY(reader.size().width() >= 1000);
    QVERIFY(!workspace.exportImage(m_dir.filePath(QStringLiteral("missing/dir/c.png")), &error));
    QVERIFY(!error.isEmpty());

    // An empty slot shows a hint; an unreadable model file says why in its panel.
    workspace.setModel(CompareSlot::Teacher, QString());
    QVERIFY(!workspace.count(CompareSlot::Teacher));
    QVERIFY(!workspace.view()->panels()[2].hint.isEmpty());
    const QString bad = m_dir.filePath(QStringLiteral("bad.pth"));
    QFile badFile(bad);
    QVERIFY(badFile.open(QIODevice::WriteOnly));
    badFile.write("not a model");
    badFile.close();
    workspace.setModel(CompareSlot::Student, bad);
    workspace.waitUntilIdle();
    QVERIFY(!workspace.count(CompareSlot::Student));
    QVERIFY(!workspace.view()->panels()[3].hint.isEmpty());
    QVERIFY(workspace.count(CompareSlot::KdStudent).has_value());

    // An exported ONNX file of the teacher (`crowdkd export`) counts as its .pth does.
    const QString onnx = m_dir.filePath(QStringLiteral("teacher.onnx"));
    QProcess exporter;
    exporter.start(QStringLiteral(CROWDKD_CLI),
                   {QStringLiteral("export"), QStringLiteral("--weights"), teacher,
                    QStringLiteral("--format"), QStringLiteral("onnx"), QStringLiteral("--out"),
                    onnx});
    QVERIFY(exporter.waitForFinished(120000));
    QVERIFY2(exporter.exitCode() == 0, exporter.readAllStandardError().constData());
    workspace.setModel(CompareSlot::Teacher, onnx);
    workspace.waitUntilIdle();
    const std::optional<double> fromOnnx = workspace.count(CompareSlot::Teacher);
    QVERIFY(fromOnnx.has_value());
    QVERIFY2(near(*fromOnnx, teacherCounts.value(workspace.currentImagePath())),
             qPrintable(QString::number(*fromOnnx)));
}

// Issue #16.5: the teacher a KD run learnt from (its config.json names it) is offered, and put in
// the empty teacher slot; Count's picker offers the runs, their teachers and recent exports too.
void TestCompareWorkspace::offersRunTeachersAndExports() {
    CROWDKD_REQUIRE_SHARED("fixtures/pretrained/mcnn_shtechA_svishwa.pth");
    const QString teacher =
        QFileInfo(shared(QStringLiteral("fixtures/pretrained/mcnn_shtechA_svishwa.pth")))
            .absoluteFilePath();
    const QString student = resourcePath(QStringLiteral("models/default_student.pth"));
    QVERIFY(!student.isEmpty());
    const QString runs = m_dir.filePath(QStringLiteral("offered-runs"));
    const QString kdRun =
        makeRun(runs, QStringLiteral("kd-offered"), QStringLiteral("kd"), student, teacher);
    const QString best =
        QFileInfo(QDir(kdRun).filePath(QStringLiteral("best.pt"))).absoluteFilePath();
    const QString exported = m_dir.filePath(QStringLiteral("exported_student.pth"));
    QVERIFY(QFile::copy(student, exported));
    for (const auto* key : {&settings::kRecentModels.key, &settings::kCompareTeacher.key,
                            &settings::kCompareStudent.key, &settings::kCompareKdStudent.key})
        QSettings().remove(QLatin1String(*key));
    settings::kRecentExports.write({exported});
    settings::kRunsFolder.write(runs);

    // No runs folder given to Compare: the run is added from elsewhere.
    DatasetSession session;
    CompareWorkspace compare(&session);
    QVERIFY(compare.addRun(kdRun));
    QCOMPARE(compare.model(CompareSlot::KdStudent),
             QDir(kdRun).filePath(QStringLiteral("best.pt")));
    QCOMPARE(compare.model(CompareSlot::Teacher), teacher);
    compare.setRunsRoot(runs);
    int pickers = 0;
    for (QComboBox* combo : compare.findChildren<QComboBox*>()) {
        if (combo->findData(best) < 0)
            continue; // not a model picker
        ++pickers;
        QVERIFY(combo->findData(teacher) >= 0);
        QVERIFY(combo->findData(exported) >= 0);
    }
    QCOMPARE(pickers, 3);

    CountWorkspace count;
    auto* picker = count.findChild<QComboBox*>();
    QVERIFY(picker);
    QVERIFY(picker->findData(best) >= 0);
    QVERIFY(picker->findData(teacher) >= 0);
    QVERIFY(picker->findData(exported) >= 0);
    // The last entry is "Other model file…".
    QVERIFY(picker->itemData(picker->count() - 1).toString().isEmpty());
}

QTEST_MAIN(TestCompareWorkspace)
#include "test_compare_workspace.moc"
