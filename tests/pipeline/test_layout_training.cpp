// Training and evaluation on the other dataset layouts (issue #18.3): small synthetic NWPU-Crowd,
// JHU-Crowd++ and images + CSV trees are trained on for one epoch by the trainer (validating on
// the layout's own split), and the trained model is evaluated on them; the ground truth reaches
// both through each format's reader.
#include "base/error.h"
#include "base/file_io.h"
#include "data/dataset.h"
#include "data/ground_truth.h"
#include "pipeline/evaluator.h"
#include "pipeline/model_loader.h"
#include "pipeline/trainer.h"

#include <QTemporaryDir>
#include <QTest>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <random>
#include <string>

using namespace crowdkd;
using namespace crowdkd::pipeline;
namespace fs = std::filesystem;

namespace {

// The size of the synthetic images (larger than the training crop).
constexpr int kWidth = 96;
// See kWidth.
constexpr int kHeight = 72;

fs::path pathOf(const QTemporaryDir& dir) {
    return fs::path(dir.path().toStdU16String());
}

void writeText(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    writeFileAtomically(path, text);
}

// A grey image with a bright dot at each head, and the heads: 3 to 12 of them, by `seed`.
std::vector<HeadPoint> writeCrowdImage(const fs::path& path, unsigned seed) {
    std::mt19937 random(seed);
    std::vector<HeadPoint> heads(3 + random() % 10);
    cv::Mat image(kHeight, kWidth, CV_8UC3, cv::Scalar(40, 50, 60));
    for (HeadPoint& head : heads) {
        head = {2.0 + double(random() % (kWidth - 4)), 2.0 + double(random() % (kHeight - 4))};
        cv::circle(image, cv::Point(int(head.x), int(head.y)), 2, cv::Scalar(220, 220, 220), -1);
    }
    std::vector<std::uint8_t> bytes;
    cv::imencode(".jpg", image, bytes);
    fs::create_directories(path.parent_path());
    writeFileAtomically(path, bytes);
    return heads;
}

std::string number(double value) {
    return std::to_string(static_cast<int>(value));
}

// NWPU-Crowd: 6 train, 2 val and 2 test images (the test ones without json).
void makeNwpu(const fs::path& root) {
    std::string train, val, test;
    for (int i = 1; i <= 10; ++i) {
        const std::string id = (i < 10 ? "000" : "00") + std::to_string(i);
        const auto heads = writeCrowdImage(root / "images" / (id + ".jpg"), unsigned(i));
        (i <= 6 ? train : i <= 8 ? val : test) += id + " 1 2\n";
        if (i > 8)
            continue;
        std::string points, boxes;
        for (const HeadPoint& head : heads) {
            points += (points.empty() ? "[" : ", [") + number(head.x) + ", " + number(head.y) + "]";
            boxes += (boxes.empty() ? "[" : ", [") + number(head.x - 2) + ", " +
                     number(head.y - 2) + ", " + number(head.x + 2) + ", " + number(head.y + 2) +
                     "]";
        }
        writeText(root / "jsons" / (id + ".json"),
                  "{\"img_id\": \"" + id +
                      ".jpg\", \"human_num\": " + std::to_string(heads.size()) + ", \"points\": [" +
                      points + "], \"boxes\": [" + boxes + "]}");
    }
    writeText(root / "train.txt", train);
    writeText(root / "val.txt", val);
    writeText(root / "test.txt", test);
}

// JHU-Crowd++: train/ (6 images) and val/ (2), images/ + gt/<id>.txt.
void makeJhu(const fs::path& root) {
    for (int i = 1; i <= 8; ++i) {
        const fs::path split = root / (i <= 6 ? "train" : "val");
        const std::string id = "000" + std::to_string(i);
        const auto heads = writeCrowdImage(split / "images" / (id + ".jpg"), unsigned(i));
        std::string lines;
        for (const HeadPoint& head : heads)
            lines += number(head.x) + " " + number(head.y) + " 4 4 1 0\n";
        writeText(split / "gt" / (id + ".txt"), lines);
    }
}

// A folder of 8 images with points.csv (a tag column too).
void makeCsv(const fs::path& root) {
    std::string csv = "image,x,y,tag\n";
    for (int i = 1; i <= 8; ++i) {
        const std::string name = "frame_" + std::to_string(i) + ".jpg";
        for (const HeadPoint& head : writeCrowdImage(root / name, unsigned(i)))
            csv += name + "," + number(head.x) + "," + number(head.y) + ",person\n";
    }
    writeText(root / "points.csv", csv);
}

} // namespace

/// One epoch of training and an evaluation on each of the other layouts.
class TestLayoutTraining : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void trainsAndEvaluates_data();
    void trainsAndEvaluates();

private:
    QTemporaryDir m_dir;
};

void TestLayoutTraining::initTestCase() {
    QVERIFY(m_dir.isValid());
    // Density maps are cached in the test's folder, not in the user's cache.
    qputenv("CROWDKD_CACHE_DIR", m_dir.filePath(QStringLiteral("cache")).toLocal8Bit());
}

void TestLayoutTraining::trainsAndEvaluates_data() {
    QTest::addColumn<QString>("layout");
    QTest::newRow("NWPU-Crowd") << "NWPU-Crowd";
    QTest::newRow("JHU-Crowd++") << "JHU-Crowd++";
    QTest::newRow("images + CSV") << "images + CSV";
}

void TestLayoutTraining::trainsAndEvaluates() {
    QFETCH(QString, layout);
    const fs::path root = pathOf(m_dir) / layout.toStdString() / "data";
    if (layout == "NWPU-Crowd")
        makeNwpu(root);
    else if (layout == "JHU-Crowd++")
        makeJhu(root);
    else
        makeCsv(root);

    const Dataset dataset = openDataset(root);
    QVERIFY(!dataset.splits.empty());
    for (const Split& split : dataset.splits)
        QCOMPARE(QString::fromStdString(toString(split.layout)), layout);

    TrainingConfig config;
    config.mode = TrainingMode::Student;
    config.data = root; // the default split: train (NWPU-Crowd, JHU-Crowd++) or the only one
    config.validationSplit = layout == "images + CSV" ? std::string() : std::string("val");
    config.crop = 64;
    config.batchSize = 2;
    config.epochs = 1;
    config.validateEvery = 1;
    config.lr = 1e-4;
    config.logEvery = 1;
    config.seed = 5;
    config.threads = 2;
    config.workers = 1;
    const fs::path run = pathOf(m_dir) / layout.toStdString() / "run";
    const TrainingResult result = Trainer(config, run).run();
    QVERIFY2(result.status == TrainingStatus::Finished, result.message.c_str());
    QCOMPARE(result.epochsDone, 1);
    QVERIFY(result.iterations > 0);
    QVERIFY(result.bestMae >= 0); // validated on the layout's images and ground truth
    QVERIFY(fs::exists(result.lastCheckpoint));

    // Evaluated on its validation split: every image, with the heads its format holds.
    const Split* val = dataset.findSplit("val");
    const Split& evaluated = val ? *val : dataset.splits.front();
    nn::DensityModel model = loadDensityModel(result.lastCheckpoint);
    EvaluationOptions options;
    options.threads = 2;
    const EvaluationResult evaluation = evaluateSplit(model, evaluated, options);
    QCOMPARE(evaluation.images.size(), evaluated.samples.size());
    double absoluteErrors = 0;
    for (std::size_t i = 0; i < evaluated.samples.size(); ++i) {
        QCOMPARE(evaluation.images[i].groundTruthCount,
                 double(readGroundTruth(evaluated.samples[i]).points.size()));
        QVERIFY(std::isfinite(evaluation.images[i].predictedCount));
        absoluteErrors += std::abs(evaluation.images[i].error());
    }
    // The MAE is the mean of the per-image errors against the format's own heads.
    QVERIFY(qAbs(evaluation.mae - absoluteErrors / double(evaluated.samples.size())) <=
            1e-9 * (1 + evaluation.mae));
}

QTEST_GUILESS_MAIN(TestLayoutTraining)
#include "test_layout_training.moc"
