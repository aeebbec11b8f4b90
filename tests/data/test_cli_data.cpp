#include "data/ground_truth.h"
#include "data/mat_npy.h"
#include "data_test_util.h"
#include "program_runner.h"
#include "test_support.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

namespace fs = std::filesystem;
using namespace crowdkd;
using namespace crowdkd::test;

namespace {

QString native(const fs::path& path) {
    return QString::fromStdU16String(path.u16string());
}

QJsonObject splitNamed(const QJsonObject& info, const QString& name) {
    for (const QJsonValue& split : info[QStringLiteral("splits")].toArray()) {
        if (split[QStringLiteral("name")].toString() == name)
            return split.toObject();
    }
    return {};
}

} // namespace

/// `crowdkd info` and `crowdkd density` as a user runs them.
class TestCliData : public QObject {
    Q_OBJECT

private slots:
    void usageErrorsExitWithTwo_data();
    void usageErrorsExitWithTwo();
    void infoReportsCountsAndProblems();
    void infoOnShanghaiTechPartA();
    void infoOnMissingFolderFails();
    void infoReportsEachLayout();
    void densityWritesNpy();
    void densityMatchesSciPyFixture();
    void densityOnBadFileNamesIt();
};

void TestCliData::usageErrorsExitWithTwo_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("no command") << QStringList{};
    QTest::newRow("unknown command") << QStringList{"frobnicate"};
    QTest::newRow("info without dataset") << QStringList{"info"};
    QTest::newRow("info with unknown option") << QStringList{"info", "x", "--colour"};
    QTest::newRow("density without --out") << QStringList{"density", "a.jpg", "b.mat"};
    QTest::newRow("density with unknown method")
        << QStringList{"density", "a.jpg", "b.mat", "--method", "magic", "--out", "m.npy"};
    QTest::newRow("density with unknown border")
        << QStringList{"density", "a.jpg", "b.mat", "--border", "wrap", "--out", "m.npy"};
    QTest::newRow("density with negative sigma")
        << QStringList{"density", "a.jpg", "b.mat", "--sigma", "-1", "--out", "m.npy"};
}

void TestCliData::usageErrorsExitWithTwo() {
    QFETCH(QStringList, arguments);
    const ProgramRun run = runCrowdkd(arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY(!run.standardError.isEmpty());
}

void TestCliData::infoReportsCountsAndProblems() {
    QTemporaryDir dir;
    const fs::path root = pathOf(dir) / utf8Path("군중");
    const fs::path split = root / "part_A" / "train_data";
    for (int i = 1; i <= 3; ++i) {
        writeTestJpeg(split / "images" / ("IMG_" + std::to_string(i) + ".jpg"));
        fs::create_directories(split / "ground-truth");
        std::vector<HeadPoint> heads(std::size_t(i * 2), HeadPoint{3.0, 4.0});
        writeGroundTruth(split / "ground-truth" / ("GT_IMG_" + std::to_string(i) + ".mat"), heads);
    }
    writeTestJpeg(split / "images" / "IMG_4.jpg");                        // no ground truth
    writeBytes(split / "ground-truth" / "GT_IMG_3.mat", {'b', 'a', 'd'}); // unreadable
    writeBytes(split / "images" / "Thumbs.db", {0});

    const ProgramRun run = runCrowdkd({"info", native(root), "--json"});
    QCOMPARE(run.exitCode, 0);
    QJsonParseError error;
    const QJsonObject info = QJsonDocument::fromJson(run.standardOutput.toUtf8(), &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QJsonObject train = splitNamed(info, QStringLiteral("part_A/train_data"));
    QCOMPARE(train[QStringLiteral("images")].toInt(), 4);
    QCOMPARE(train[QStringLiteral("annotated")].toInt(), 2);
    const QJsonObject heads = train[QStringLiteral("heads")].toObject();
    QCOMPARE(heads[QStringLiteral("total")].toInt(), 2 + 4);
    QCOMPARE(heads[QStringLiteral("min")].toInt(), 2);
    QCOMPARE(heads[QStringLiteral("max")].toInt(), 4);
    QCOMPARE(heads[QStringLiteral("mean")].toDouble(), 3.0);
    const QJsonArray problems = train[QStringLiteral("problems")].toArray();
    QCOMPARE(problems.size(), 2);
    QStringList described;
    for (const QJsonValue& problem : problems)
        described << problem[QStringLiteral("path")].toString() + ": " +
                         problem[QStringLiteral("message")].toString();
    const QString joined = described.join('\n');
    QVERIFY2(joined.contains(QStringLiteral("IMG_4.jpg: image without ground truth")),
             qPrintable(joined));
    QVERIFY2(joined.contains(QStringLiteral("GT_IMG_3.mat: ")), qPrintable(joined));

    // --check-images reads the image headers: heads outside the 32×24 images are reported.
    writeGroundTruth(split / "ground-truth" / "GT_IMG_2.mat", {{3, 4}, {40, 4}, {3, -2}, {5, 5}});
    const ProgramRun checked = runCrowdkd({"info", native(root), "--json", "--check-images"});
    QCOMPARE(checked.exitCode, 0);
    const QJsonObject checkedTrain =
        splitNamed(QJsonDocument::fromJson(checked.standardOutput.toUtf8()).object(),
                   QStringLiteral("part_A/train_data"));
    QCOMPARE(checkedTrain[QStringLiteral("heads")][QStringLiteral("outside_image")].toInt(), 2);
    QVERIFY(checked.standardOutput.contains(
        QStringLiteral("2 heads outside the image (left out of density maps)")));

    const ProgramRun text = runCrowdkd({"info", native(root)});
    QCOMPARE(text.exitCode, 0);
    QVERIFY(text.standardOutput.contains("part_A/train_data"));
    QVERIFY(text.standardOutput.contains("problems: 2"));
}

void TestCliData::infoOnShanghaiTechPartA() {
    CROWDKD_REQUIRE_SHARED("data/ShanghaiTech/part_A");
    const ProgramRun run =
        runCrowdkd({"info", native(sharedPath("data/ShanghaiTech/part_A")), "--json"});
    QCOMPARE(run.exitCode, 0);
    const QJsonObject info = QJsonDocument::fromJson(run.standardOutput.toUtf8()).object();
    const QJsonObject train = splitNamed(info, QStringLiteral("train_data"));
    const QJsonObject test = splitNamed(info, QStringLiteral("test_data"));
    QCOMPARE(train[QStringLiteral("images")].toInt(), 300);
    QCOMPARE(test[QStringLiteral("images")].toInt(), 182);
    // The head totals are what SciPy counts in the same files.
    const long trainHeads = scipyHeadTotal(sharedPath("data/ShanghaiTech/part_A/train_data"));
    const long testHeads = scipyHeadTotal(sharedPath("data/ShanghaiTech/part_A/test_data"));
    QVERIFY2(trainHeads > 0 && testHeads > 0, "SciPy (python3-scipy) could not count the heads");
    QCOMPARE(long(train[QStringLiteral("heads")][QStringLiteral("total")].toInt()), trainHeads);
    QCOMPARE(long(test[QStringLiteral("heads")][QStringLiteral("total")].toInt()), testHeads);
    QCOMPARE(train[QStringLiteral("problems")].toArray().size(), 0);
}

void TestCliData::infoOnMissingFolderFails() {
    QTemporaryDir dir;
    const fs::path missing = pathOf(dir) / "nothing here";
    const ProgramRun run = runCrowdkd({"info", native(missing)});
    QCOMPARE(run.exitCode, 1);
    QCOMPARE(run.standardError.trimmed(),
             QStringLiteral("crowdkd: error: %1: does not exist").arg(native(missing)));
}

// One folder holding a tree of each layout: `crowdkd info` finds them all, says each split's
// layout, counts their heads in their own formats and names a bad file with its line; `crowdkd
// density` reads a CSV of points for its image.
void TestCliData::infoReportsEachLayout() {
    QTemporaryDir dir;
    const fs::path root = pathOf(dir);
    writeTestJpeg(root / "UCF-QNRF" / "Train" / "img_0001.jpg");
    writeGroundTruth(root / "UCF-QNRF" / "Train" / "img_0001_ann.mat", {{1, 1}, {2, 2}});
    writeTestJpeg(root / "jhu" / "val" / "images" / "0001.jpg");
    writeTestJpeg(root / "jhu" / "val" / "images" / "0002.jpg");
    writeText(root / "jhu" / "val" / "gt" / "0001.txt", "1 2 4 4 1 0\n3 4 4 4 1 0\n5 6 4 4 2 0\n");
    writeText(root / "jhu" / "val" / "gt" / "0002.txt", "1 2 4 4 1 0\n3 x 4 4 1 0\n");
    writeTestJpeg(root / "NWPU" / "images" / "0001.jpg");
    writeTestJpeg(root / "NWPU" / "images" / "0002.jpg");
    writeText(root / "NWPU" / "jsons" / "0001.json",
              R"({"human_num": 4, "points": [[1, 1], [2, 2], [3, 3]], "boxes": []})");
    writeText(root / "NWPU" / "train.txt", "0001 0 0\n");
    writeText(root / "NWPU" / "test.txt", "0002 0 0\n");
    writeTestJpeg(root / "frames" / "a.jpg");
    writeText(root / "frames" / "points.csv", "image,x,y\na.jpg,1,1\na.jpg,40,2\n");

    const ProgramRun run = runCrowdkd({"info", native(root), "--json", "--check-images"});
    QCOMPARE(run.exitCode, 0);
    const QJsonObject info = QJsonDocument::fromJson(run.standardOutput.toUtf8()).object();
    const auto layoutOf = [&](const char* split) {
        return splitNamed(info, QString::fromUtf8(split))[QStringLiteral("layout")].toString();
    };
    QCOMPARE(layoutOf("UCF-QNRF/Train"), QStringLiteral("UCF-QNRF"));
    QCOMPARE(layoutOf("jhu/val"), QStringLiteral("JHU-Crowd++"));
    QCOMPARE(layoutOf("NWPU/train"), QStringLiteral("NWPU-Crowd"));
    QCOMPARE(layoutOf("NWPU/test"), QStringLiteral("NWPU-Crowd"));
    QCOMPARE(layoutOf("frames"), QStringLiteral("images + CSV"));
    const auto headsOf = [&](const char* split) {
        return splitNamed(info, QString::fromUtf8(split))[QStringLiteral("heads")]
            .toObject()[QStringLiteral("total")]
            .toInt();
    };
    QCOMPARE(headsOf("UCF-QNRF/Train"), 2);
    QCOMPARE(headsOf("jhu/val"), 3);
    QCOMPARE(headsOf("NWPU/train"), 3);
    QCOMPARE(headsOf("frames"), 2);
    const QJsonObject frames = splitNamed(info, QStringLiteral("frames"));
    QCOMPARE(frames[QStringLiteral("heads")][QStringLiteral("outside_image")].toInt(), 1);
    const QJsonObject test = splitNamed(info, QStringLiteral("NWPU/test"));
    QCOMPARE(test[QStringLiteral("unannotated")].toInt(), 1);
    QCOMPARE(test[QStringLiteral("path")].toString(), native(root / "NWPU" / "test.txt"));
    // The bad JHU line and NWPU's declared count are problems naming their file.
    QString problems;
    for (const char* split : {"jhu/val", "NWPU/train"}) {
        for (const QJsonValue& problem :
             splitNamed(info, QString::fromUtf8(split))[QStringLiteral("problems")].toArray())
            problems += problem[QStringLiteral("path")].toString() + ": " +
                        problem[QStringLiteral("message")].toString() + "\n";
    }
    QVERIFY2(problems.contains(native(root / "jhu" / "val" / "gt" / "0002.txt") +
                               ": line 2: field 2 'x' is not a finite number"),
             qPrintable(problems));
    QVERIFY2(problems.contains(native(root / "NWPU" / "jsons" / "0001.json") +
                               ": declares 4.000000 heads but holds 3"),
             qPrintable(problems));

    const ProgramRun text = runCrowdkd({"info", native(root / "jhu")});
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(text.standardOutput.contains(QStringLiteral("layout:   JHU-Crowd++")),
             qPrintable(text.standardOutput));

    const fs::path out = root / "map.npy";
    const ProgramRun density =
        runCrowdkd({"density", native(root / "frames" / "a.jpg"),
                    native(root / "frames" / "points.csv"), "--out", native(out), "--json"});
    QCOMPARE(density.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(density.standardOutput.toUtf8())
                 .object()[QStringLiteral("heads")]
                 .toInt(),
             2);
}

void TestCliData::densityWritesNpy() {
    QTemporaryDir dir;
    const fs::path image = pathOf(dir) / utf8Path("사진 1.jpg");
    const fs::path truth = pathOf(dir) / utf8Path("GT_사진 1.mat");
    const fs::path out = pathOf(dir) / "map.npy";
    writeTestJpeg(image, 80, 60);
    writeGroundTruth(truth, {{10, 10}, {40.5, 30.2}, {70, 50}, {200, 10}});
    const ProgramRun run = runCrowdkd({"density", native(image), native(truth), "--method", "fixed",
                                       "--sigma", "3", "--out", native(out), "--json"});
    QCOMPARE(run.exitCode, 0);
    const QJsonObject result = QJsonDocument::fromJson(run.standardOutput.toUtf8()).object();
    QCOMPARE(result[QStringLiteral("heads")].toInt(), 4);
    QCOMPARE(result[QStringLiteral("outside_image")].toInt(), 1);
    QCOMPARE(result[QStringLiteral("width")].toInt(), 80);
    QVERIFY(result[QStringLiteral("seconds")].toDouble() >= 0.0);
    const cv::Mat map = readNpyMat(out);
    QCOMPARE(map.size(), cv::Size(80, 60));
    QVERIFY(std::abs(cv::sum(map)[0] - 3.0) < 1e-5); // preserve: the three heads inside
    QVERIFY(std::abs(result[QStringLiteral("sum")].toDouble() - cv::sum(map)[0]) < 1e-9);

    const ProgramRun text =
        runCrowdkd({"density", native(image), native(truth), "--out", native(out)});
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(text.standardOutput.startsWith("heads 4 (1 outside the image), sum 3.0000"),
             qPrintable(text.standardOutput));
}

void TestCliData::densityMatchesSciPyFixture() {
    CROWDKD_REQUIRE_SHARED("fixtures/density/IMG_3_fixed4.npy");
    CROWDKD_REQUIRE_SHARED("data/ShanghaiTech/part_A/train_data/images/IMG_3.jpg");
    QTemporaryDir dir;
    const fs::path out = pathOf(dir) / "IMG_3.npy";
    const ProgramRun run = runCrowdkd(
        {"density", native(sharedPath("data/ShanghaiTech/part_A/train_data/images/IMG_3.jpg")),
         native(sharedPath("data/ShanghaiTech/part_A/train_data/ground-truth/GT_IMG_3.mat")),
         "--method", "fixed", "--sigma", "4", "--border", "scipy", "--out", native(out)});
    QCOMPARE(run.exitCode, 0);
    const cv::Mat expected = readNpyMat(sharedPath("fixtures/density/IMG_3_fixed4.npy"));
    QVERIFY(cv::norm(readNpyMat(out), expected, cv::NORM_INF) <= 1e-6);
}

void TestCliData::densityOnBadFileNamesIt() {
    QTemporaryDir dir;
    const fs::path image = pathOf(dir) / "IMG_1.jpg";
    const fs::path truth = pathOf(dir) / "GT_IMG_1.mat";
    const fs::path out = pathOf(dir) / "map.npy";
    writeTestJpeg(image);
    writeBytes(truth, std::vector<std::uint8_t>(64, 'x'));
    const ProgramRun run =
        runCrowdkd({"density", native(image), native(truth), "--out", native(out)});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(
        run.standardError.startsWith(QStringLiteral("crowdkd: error: %1: ").arg(native(truth))),
        qPrintable(run.standardError));
    QVERIFY(!fs::exists(out));
    const ProgramRun noImage = runCrowdkd(
        {"density", native(pathOf(dir) / "none.jpg"), native(truth), "--out", native(out)});
    QCOMPARE(noImage.exitCode, 1);
    QVERIFY(noImage.standardError.contains(QStringLiteral("none.jpg: does not exist")));
}

QTEST_GUILESS_MAIN(TestCliData)
#include "test_cli_data.moc"
