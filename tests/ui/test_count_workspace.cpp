// The Count workspace: dropped part A images are counted off the GUI thread with the same numbers
// as core's loader and predictor (the code `crowdkd count` runs), the density overlay is drawn,
// counts export as CSV and JSON, and dataset folders are recognised.
// LibTorch before Qt: Qt's `slots` keyword macro breaks Torch's headers.
// clang-format off
#include "pipeline/model_loader.h"
#include "pipeline/predictor.h"
#include "pipeline/training_checkpoint.h"
#include "count_workspace.h"
#include "test_support.h"
// clang-format on

#include <QApplication>
#include <QDir>
#include <QDropEvent>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMimeData>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace crowdkd;
using namespace crowdkd::ui;

namespace {

QString shared(const char* relative) {
    return QDir(test::sharedDir()).filePath(QString::fromUtf8(relative));
}

/// The model the test counts with: the shipped default student, else the svishwa MCNN.
QString countingModel() {
    const QString model = CountWorkspace::defaultModelPath();
    return model.isEmpty() ? shared("fixtures/pretrained/mcnn_shtechA_svishwa.pth") : model;
}

/// The counts core gives for `images` (loadDensityModel + predictFile, as `crowdkd count` does).
QMap<QString, double> coreCounts(const QString& model, const QStringList& images) {
    nn::DensityModel density = pipeline::loadDensityModel(model.toStdU16String());
    QMap<QString, double> counts;
    for (const QString& image : images)
        counts.insert(image, pipeline::predictFile(density, image.toStdU16String()).count);
    return counts;
}

/// Gives the test the workspace's drop handler (what a file manager's drop ends in).
class DropTarget : public CountWorkspace {
public:
    using CountWorkspace::dropEvent;
};

} // namespace

class TestCountWorkspace : public QObject {
    Q_OBJECT

private slots:
    void droppedImagesCountAsCore();
    void recognisesDatasetFolders();
};

void TestCountWorkspace::droppedImagesCountAsCore() {
    CROWDKD_REQUIRE_SHARED("data/ShanghaiTech/part_A/test_data/images");
    CROWDKD_REQUIRE_SHARED("fixtures/pretrained/mcnn_shtechA_svishwa.pth");
    const QString model = countingModel();
    const QStringList images = {
        shared("data/ShanghaiTech/part_A/test_data/images/IMG_1.jpg"),
        shared("data/ShanghaiTech/part_A/test_data/images/IMG_2.jpg"),
        shared("data/ShanghaiTech/part_A/test_data/images/IMG_3.jpg"),
    };

    DropTarget workspace;
    workspace.resize(1200, 800);
    workspace.show();
    if (workspace.modelPath() != model)
        workspace.setModel(model);
    QCOMPARE(workspace.modelPath(), model);

    // Drop the images as a file manager would.
    QMimeData mime;
    QList<QUrl> urls;
    for (const QString& image : images)
        urls << QUrl::fromLocalFile(image);
    mime.setUrls(urls);
    QDropEvent drop(QPointF(100, 100), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    workspace.dropEvent(&drop);
    // Counting runs in the background.
    workspace.waitUntilIdle();

    const QVector<CountResult> results = workspace.results();
    QCOMPARE(results.size(), images.size());
    const QMap<QString, double> expected = coreCounts(model, images);
    for (int i = 0; i < results.size(); ++i) {
        QVERIFY2(results[i].error.isEmpty(), qPrintable(results[i].error));
        QCOMPARE(results[i].imagePath, images[i]);
        QVERIFY(expected.contains(images[i]));
        QVERIFY2(
            qAbs(results[i].count - expected[images[i]]) < 1e-3,
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
    QTRY_VERIFY(previewShown());

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

QTEST_MAIN(TestCountWorkspace)
#include "test_count_workspace.moc"
