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
    QTRY_COMPARE(workspace.imageView()->model()->rowCount(), 300);
    // The statistics panel shows the core total, formatted for the locale.
    const qint64 total = coreTotal(session.currentModel()->split());
    QTRY_VERIFY(workspace.statisticsView()->summaryText().contains(QLocale().toString(total)));
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

QTEST_MAIN(TestDatasetBrowser)
#include "test_dataset_browser.moc"
