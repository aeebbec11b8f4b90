// The dataset browser on the real ShanghaiTech part A: counts and statistics against core's own
// reader, filters and sorting, problems, and the bundled sample dataset.
#include "common/studio_support.h"
#include "data/dataset.h"
#include "data/ground_truth.h"
#include "dataset/dataset_filter_model.h"
#include "dataset/dataset_model.h"
#include "dataset/dataset_session.h"
#include "dataset/dataset_workspace.h"
#include "dataset/split_statistics_view.h"
#include "shell/main_window.h"
#include "studio_test_support.h"
#include "test_support.h"

#include <QListView>
#include <QListWidget>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace crowdkd;
using namespace crowdkd::ui;

namespace {

/// Opens `root` in `session` and waits until every split's counts are loaded.
bool openAndWaitForCounts(DatasetSession& session, const QString& root) {
    QSignalSpy opened(&session, &DatasetSession::opened);
    session.open(root);
    if (!opened.wait(60000))
        return false;
    for (int i = 0; i < session.splitCount(); ++i) {
        DatasetModel* model = session.model(i);
        if (model->loadedCounts() < model->rowCount()) {
            QSignalSpy counted(model, &DatasetModel::countsLoaded);
            if (!counted.wait(120000))
                return false;
        }
    }
    return true;
}

/// Heads of a split as core's reader counts them.
qint64 coreTotal(const Split& split) {
    qint64 total = 0;
    for (const Sample& sample : split.samples)
        total += static_cast<qint64>(readGroundTruth(sample.groundTruthPath).points.size());
    return total;
}

} // namespace

class TestDatasetBrowser : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void countsMatchCoreOnPartA();
    void filtersAndSorts();
    void browserShowsStatisticsAndProblems();
    void sampleDatasetOpens();
    void corruptFilesAreProblems();
};

void TestDatasetBrowser::initTestCase() {
    crowdkd::test::isolateUserFolders();
}

void TestDatasetBrowser::countsMatchCoreOnPartA() {
    CROWDKD_REQUIRE_SHARED("data/ShanghaiTech/part_A");
    const auto root = crowdkd::test::sharedPath("data/ShanghaiTech/part_A");
    DatasetSession session;
    QVERIFY(openAndWaitForCounts(session, toQString(root)));
    const Dataset dataset = openDataset(root);
    QCOMPARE(session.splitCount(), static_cast<int>(dataset.splits.size()));
    QCOMPARE(session.splitCount(), 2);
    for (int i = 0; i < session.splitCount(); ++i) {
        const Split& split = dataset.splits[i];
        const SplitStatistics stats = session.model(i)->statistics();
        QCOMPARE(stats.images, static_cast<int>(split.samples.size()));
        QCOMPARE(stats.counted, stats.images);
        QCOMPARE(stats.totalHeads, coreTotal(split));
        // Per image too, in the model's rows.
        DatasetModel* model = session.model(i);
        for (int row = 0; row < model->rowCount(); row += 37) {
            const int count = model->index(row).data(DatasetModel::CountRole).toInt();
            QCOMPARE(count,
                     static_cast<int>(
                         readGroundTruth(toPath(model->groundTruthPath(row))).points.size()));
        }
    }
    // The figures ShanghaiTech part A is known by (splits in natural order: test, train).
    QCOMPARE(session.model(0)->name(), QStringLiteral("test_data"));
    QCOMPARE(session.currentModel()->name(), QStringLiteral("train_data"));
    const SplitStatistics train = session.model(1)->statistics();
    const SplitStatistics test = session.model(0)->statistics();
    QCOMPARE(train.images, 300);
    QCOMPARE(test.images, 182);
    QCOMPARE(train.totalHeads + test.totalHeads,
             coreTotal(dataset.splits[0]) + coreTotal(dataset.splits[1]));
    QVERIFY(train.minHeads >= 1 && train.maxHeads >= train.minHeads);
    QCOMPARE(train.meanHeads, static_cast<double>(train.totalHeads) / train.images);
}

void TestDatasetBrowser::filtersAndSorts() {
    CROWDKD_REQUIRE_SHARED("data/ShanghaiTech/part_A/test_data");
    DatasetSession session;
    QVERIFY(openAndWaitForCounts(
        session, toQString(crowdkd::test::sharedPath("data/ShanghaiTech/part_A/test_data"))));
    DatasetModel* model = session.currentModel();
    QVERIFY(model);
    DatasetFilterModel filter;
    filter.setSourceModel(model);
    QCOMPARE(filter.rowCount(), model->rowCount());

    // Names sort naturally: IMG_2 before IMG_10.
    QCOMPARE(filter.index(0, 0).data(DatasetModel::NameRole).toString(), QStringLiteral("IMG_1"));
    QCOMPARE(filter.index(1, 0).data(DatasetModel::NameRole).toString(), QStringLiteral("IMG_2"));

    // Count range: exactly the images whose count is within it.
    int expected = 0;
    for (int row = 0; row < model->rowCount(); ++row) {
        const int count = model->count(row);
        expected += count >= 100 && count <= 300;
    }
    filter.setCountRange(100, 300);
    QCOMPARE(filter.rowCount(), expected);
    for (int row = 0; row < filter.rowCount(); ++row) {
        const int count = filter.index(row, 0).data(DatasetModel::CountRole).toInt();
        QVERIFY(count >= 100 && count <= 300);
    }
    filter.setCountRange(0, -1);

    // Most heads first.
    filter.setSortKey(DatasetFilterModel::SortKey::Count, Qt::DescendingOrder);
    const SplitStatistics stats = model->statistics();
    QCOMPARE(filter.index(0, 0).data(DatasetModel::CountRole).toInt(), stats.maxHeads);
    QCOMPARE(filter.index(filter.rowCount() - 1, 0).data(DatasetModel::CountRole).toInt(),
             stats.minHeads);

    // Nothing is edited yet; after an edit exactly that image is.
    filter.setOnlyEdited(true);
    QCOMPARE(filter.rowCount(), 0);
    const int before = model->count(5);
    session.noteEdited(model->imagePath(5), 12);
    QCOMPARE(filter.rowCount(), 1);
    QCOMPARE(filter.index(0, 0).data(DatasetModel::CountRole).toInt(), 12);
    QCOMPARE(model->statistics().totalHeads, stats.totalHeads - before + 12);
}

void TestDatasetBrowser::browserShowsStatisticsAndProblems() {
    CROWDKD_REQUIRE_SHARED("data/ShanghaiTech/part_A/train_data");
    DatasetSession session;
    DatasetWorkspace workspace(&session);
    workspace.resize(1300, 850);
    workspace.show();
    QVERIFY(QTest::qWaitForWindowExposed(&workspace));
    QVERIFY(openAndWaitForCounts(
        session, toQString(crowdkd::test::sharedPath("data/ShanghaiTech/part_A/train_data"))));
    QTRY_COMPARE_WITH_TIMEOUT(workspace.imageView()->model()->rowCount(), 300, 60000);
    // The statistics panel shows the core total, formatted for the locale.
    const qint64 total = coreTotal(session.currentModel()->split());
    QTRY_VERIFY_WITH_TIMEOUT(
        workspace.statisticsView()->summaryText().contains(QLocale().toString(total)), 60000);
    QCOMPARE(workspace.statisticsView()->statistics().totalHeads, total);
    // The loader's problems are listed, each linked to its file (Thumbs.db ships with part A).
    QListWidget* problems = workspace.problemList();
    bool thumbs = false;
    for (int i = 0; i < problems->count(); ++i) {
        const QString path = problems->item(i)->data(Qt::UserRole).toString();
        thumbs = thumbs || QFileInfo(path).fileName() == QLatin1String("Thumbs.db");
    }
    const auto& loaderProblems = session.currentModel()->split().problems;
    const bool loaderReportsThumbs =
        std::any_of(loaderProblems.begin(), loaderProblems.end(),
                    [](const Problem& p) { return p.path.filename() == "Thumbs.db"; });
    QCOMPARE(thumbs, loaderReportsThumbs);
    QCOMPARE(problems->count(), std::max(1, static_cast<int>(loaderProblems.size())));

    // Thumbnails arrive from the worker threads.
    QTRY_VERIFY_WITH_TIMEOUT(!workspace.imageView()
                                  ->model()
                                  ->index(0, 0)
                                  .data(DatasetModel::ThumbnailRole)
                                  .value<QPixmap>()
                                  .isNull(),
                             60000);
}

void TestDatasetBrowser::sampleDatasetOpens() {
    const QString sample = sampleDatasetPath();
    QVERIFY2(!sample.isEmpty(), "the bundled sample dataset is not found");
    DatasetSession session;
    QVERIFY(openAndWaitForCounts(session, sample));
    QCOMPARE(session.splitCount(), 2);
    for (int i = 0; i < session.splitCount(); ++i) {
        const SplitStatistics stats = session.model(i)->statistics();
        QVERIFY(stats.images >= 2);
        QCOMPARE(stats.totalHeads, coreTotal(session.model(i)->split()));
    }
}

void TestDatasetBrowser::corruptFilesAreProblems() {
    CROWDKD_REQUIRE_SHARED("data/ShanghaiTech/part_A/train_data");
    const QDir source(toQString(crowdkd::test::sharedPath("data/ShanghaiTech/part_A/train_data")));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QDir split(dir.filePath(QStringLiteral("train_data")));
    QVERIFY(split.mkpath(QStringLiteral("images")) && split.mkpath(QStringLiteral("ground-truth")));
    const QStringList names = {QStringLiteral("IMG_1"), QStringLiteral("IMG_2"),
                               QStringLiteral("IMG_3"), QStringLiteral("IMG_4"),
                               QStringLiteral("IMG_5")};
    for (const QString& name : names) {
        for (const QString& file : {QStringLiteral("images/%1.jpg").arg(name),
                                    QStringLiteral("ground-truth/GT_%1.mat").arg(name)}) {
            QVERIFY(QFile::copy(source.filePath(file), split.filePath(file)));
            QFile::setPermissions(split.filePath(file), QFile::ReadOwner | QFile::WriteOwner);
        }
    }
    // IMG_2.jpg loses its second half; GT_IMG_4.mat keeps its header and loses its data.
    const QString badImage = split.filePath(QStringLiteral("images/IMG_2.jpg"));
    const QString badTruth = split.filePath(QStringLiteral("ground-truth/GT_IMG_4.mat"));
    QVERIFY(QFile::resize(badImage, QFileInfo(badImage).size() / 2));
    QVERIFY(QFile::resize(badTruth, 200));

    DatasetSession session;
    DatasetWorkspace workspace(&session);
    workspace.resize(1280, 720);
    workspace.show();
    QVERIFY(QTest::qWaitForWindowExposed(&workspace));
    QVERIFY(openAndWaitForCounts(session, split.absolutePath()));
    DatasetModel* model = session.currentModel();
    QVERIFY(model);
    QCOMPARE(model->rowCount(), names.size());

    // Both are listed under Problems with their file names and a reason.
    QListWidget* problems = workspace.problemList();
    QTRY_VERIFY_WITH_TIMEOUT(problems->count() >= 2, 60000);
    QString imageLine;
    QString truthLine;
    for (int i = 0; i < problems->count(); ++i) {
        const QString path = problems->item(i)->data(Qt::UserRole).toString();
        if (path == badImage)
            imageLine = problems->item(i)->text();
        if (path == badTruth)
            truthLine = problems->item(i)->text();
    }
    QVERIFY2(imageLine.startsWith(QStringLiteral("IMG_2.jpg: ")), qPrintable(imageLine));
    QVERIFY2(truthLine.startsWith(QStringLiteral("GT_IMG_4.mat: ")), qPrintable(truthLine));
    QVERIFY(imageLine.size() > QStringLiteral("IMG_2.jpg: ").size() + 10);
    QVERIFY(truthLine.size() > QStringLiteral("GT_IMG_4.mat: ").size() + 10);

    // Each row is marked; the unreadable ground truth is not "still loading".
    const int imageRow = model->rowOfImage(badImage);
    const int truthRow = model->rowOfImage(split.filePath(QStringLiteral("images/IMG_4.jpg")));
    QVERIFY(model->index(imageRow).data(DatasetModel::HasProblemsRole).toBool());
    QVERIFY(model->index(imageRow).data(DatasetModel::ImageUnreadableRole).toBool());
    QVERIFY(model->index(truthRow).data(DatasetModel::HasProblemsRole).toBool());
    QVERIFY(model->index(truthRow).data(DatasetModel::UnreadableRole).toBool());

    // Statistics are complete over every readable ground truth (the truncated image's included,
    // as `crowdkd info` counts it).
    qint64 expected = 0;
    for (const QString& name : names) {
        if (name != QLatin1String("IMG_4"))
            expected += static_cast<qint64>(
                readGroundTruth(
                    toPath(split.filePath(QStringLiteral("ground-truth/GT_%1.mat").arg(name))))
                    .points.size());
    }
    const SplitStatistics stats = model->statistics();
    QCOMPARE(stats.counted, names.size() - 1);
    QCOMPARE(stats.unreadable, 1);
    QCOMPARE(stats.totalHeads, expected);
    QTRY_COMPARE_WITH_TIMEOUT(workspace.statisticsView()->statistics().totalHeads, expected, 60000);
    QVERIFY(!workspace.statisticsView()->summaryText().contains(
        SplitStatisticsView::tr("Counted so far")));
}

QTEST_MAIN(TestDatasetBrowser)
#include "test_dataset_browser.moc"
