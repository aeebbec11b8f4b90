#include "data/dataset.h"
#include "data/ground_truth.h"
#include "data_test_util.h"
#include "test_support.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

#ifndef _WIN32
#include "effective_user.h"

#include <unistd.h>
#endif

namespace fs = std::filesystem;
using namespace crowdkd;
using namespace crowdkd::test;

namespace {

// Writes image `name` (e.g. "IMG_1") into `imageDir` and, unless `truthDir` is empty, its
// ShanghaiTech ground truth into `truthDir`.
void addSample(const fs::path& imageDir, const fs::path& truthDir, const std::string& name,
               const std::string& truthName = {}) {
    writeTestJpeg(imageDir / pathFromUtf8(name + ".jpg"));
    if (!truthDir.empty()) {
        fs::create_directories(truthDir);
        writeGroundTruth(truthDir /
                             pathFromUtf8(truthName.empty() ? "GT_" + name + ".mat" : truthName),
                         {{1.0, 2.0}});
    }
}

std::vector<std::string> sampleNames(const Split& split) {
    std::vector<std::string> names;
    for (const Sample& sample : split.samples)
        names.push_back(sample.name);
    return names;
}

bool hasProblem(const std::vector<Problem>& problems, const std::string& file,
                const std::string& text) {
    return std::any_of(problems.begin(), problems.end(), [&](const Problem& problem) {
        return pathToUtf8(problem.path.filename()) == file &&
               problem.message.find(text) != std::string::npos;
    });
}

bool endsWith(const std::string& text, const std::string& end) {
    return text.size() >= end.size() &&
           text.compare(text.size() - end.size(), end.size(), end) == 0;
}

std::vector<std::string> splitNames(const Dataset& dataset) {
    std::vector<std::string> names;
    for (const Split& split : dataset.splits)
        names.push_back(split.name);
    return names;
}

// The heads as "x,y" texts, for comparisons that print well.
std::vector<std::string> headTexts(const GroundTruth& truth) {
    std::vector<std::string> texts;
    for (const HeadPoint& head : truth.points) {
        QString text = QStringLiteral("%1,%2").arg(head.x).arg(head.y);
        texts.push_back(text.toStdString());
    }
    return texts;
}

} // namespace

/// Dataset discovery: the real ShanghaiTech part A and every layout variant, with problems reported
/// instead of crashes or hangs.
class TestDataset : public QObject {
    Q_OBJECT

private slots:
    void shanghaiTechPartA();
    void splitNamesBelowOuterRoot();
    void bareSplitBothSpellings_data();
    void bareSplitBothSpellings();
    void imagesWithTruthBeside();
    void groundTruthOfOneImage();
    void missingAndOrphanTruthAreProblems();
    void koreanAndSpaceNames();
    void nestedCollection();
    void emptyFolder();
    void symlinkLoops();
    void unreadableFolder();
    void missingRootThrows();
    void naturalOrder();
    void ucfQnrfLayout();
    void jhuCrowdLayout();
    void nwpuCrowdLayout();
    void pointsCsvLayout();
    void pointsCsvVariants();
};

void TestDataset::shanghaiTechPartA() {
    CROWDKD_REQUIRE_SHARED("data/ShanghaiTech/part_A");
    const Dataset dataset = openDataset(sharedPath("data/ShanghaiTech/part_A"));
    QCOMPARE(dataset.splits.size(), std::size_t(2));
    const Split* train = dataset.findSplit("train_data");
    const Split* test = dataset.findSplit("test_data");
    QVERIFY(train && test);
    QCOMPARE(train->samples.size(), std::size_t(300));
    QCOMPARE(test->samples.size(), std::size_t(182));
    // Thumbs.db is ignored silently; every image has its ground truth.
    QVERIFY(train->problems.empty());
    QVERIFY(test->problems.empty());
    QVERIFY(dataset.problems.empty());
    QCOMPARE(train->samples[0].name, std::string("IMG_1"));
    QCOMPARE(train->samples[1].name, std::string("IMG_2"));
    QCOMPARE(train->samples[9].name, std::string("IMG_10"));
    QCOMPARE(pathToUtf8(train->samples[9].groundTruthPath.filename()),
             std::string("GT_IMG_10.mat"));
    // Head counts: every file's points agree with its declared number.
    std::size_t heads = 0;
    for (const Sample& sample : test->samples) {
        const GroundTruth truth = readGroundTruth(sample.groundTruthPath);
        QCOMPARE(double(truth.points.size()), truth.declaredCount);
        heads += truth.points.size();
    }
    const long scipy = test::scipyHeadTotal(sharedPath("data/ShanghaiTech/part_A/test_data"));
    QVERIFY2(scipy > 0, "SciPy (python3-scipy) could not count the heads");
    QCOMPARE(long(heads), scipy);
}

void TestDataset::splitNamesBelowOuterRoot() {
    CROWDKD_REQUIRE_SHARED("data/ShanghaiTech/part_A");
    const Dataset dataset = openDataset(sharedPath("data"));
    QCOMPARE(dataset.splits.size(), std::size_t(2));
    QCOMPARE(dataset.splits[0].name, std::string("ShanghaiTech/part_A/test_data"));
    QVERIFY(dataset.findSplit("part_A/train_data") == &dataset.splits[1]);
    QVERIFY(dataset.findSplit("ShanghaiTech/part_A/train_data") == &dataset.splits[1]);
    QVERIFY(dataset.findSplit("rain_data") == nullptr);
    const Split split = openSplit(sharedPath("data/ShanghaiTech/part_A/test_data"));
    QCOMPARE(split.name, std::string("test_data"));
    QCOMPARE(split.samples.size(), std::size_t(182));
}

void TestDataset::bareSplitBothSpellings_data() {
    QTest::addColumn<QString>("truthFolder");
    QTest::newRow("ground-truth") << "ground-truth";
    QTest::newRow("ground_truth") << "ground_truth";
}

void TestDataset::bareSplitBothSpellings() {
    QFETCH(QString, truthFolder);
    QTemporaryDir dir;
    const fs::path root = pathOf(dir) / "my_split";
    for (const char* name : {"IMG_1", "IMG_2", "IMG_3"})
        addSample(root / "images", root / truthFolder.toStdString(), name);
    writeBytes(root / "images" / "Thumbs.db", {0, 1, 2, 3});
    for (const Dataset& dataset : {openDataset(root), openDataset(root.string() + "/")}) {
        QCOMPARE(dataset.splits.size(), std::size_t(1));
        QCOMPARE(dataset.splits[0].name, std::string("my_split"));
        QCOMPARE(sampleNames(dataset.splits[0]),
                 (std::vector<std::string>{"IMG_1", "IMG_2", "IMG_3"}));
        QVERIFY(dataset.splits[0].problems.empty());
    }
    const Split split = openSplit(root);
    QCOMPARE(split.samples.size(), std::size_t(3));
    // Picking the images folder itself opens its split.
    const Split fromImages = openSplit(root / "images");
    QCOMPARE(fromImages.name, std::string("my_split"));
    QCOMPARE(fromImages.samples.size(), std::size_t(3));
    const Dataset datasetFromImages = openDataset(root / "images");
    QCOMPARE(datasetFromImages.splits.size(), std::size_t(1));
    QCOMPARE(datasetFromImages.splits[0].samples.size(), std::size_t(3));
    QCOMPARE(split.samples[2].groundTruthPath, root / truthFolder.toStdString() / "GT_IMG_3.mat");
}

void TestDataset::imagesWithTruthBeside() {
    QTemporaryDir dir;
    const fs::path root = pathOf(dir);
    addSample(root, root, "IMG_1");
    addSample(root, root, "IMG_2");
    addSample(root, root, "img_0003", "img_0003_ann.mat"); // UCF-QNRF naming
    const Dataset dataset = openDataset(root);
    QCOMPARE(dataset.splits.size(), std::size_t(1));
    QCOMPARE(sampleNames(dataset.splits[0]),
             (std::vector<std::string>{"IMG_1", "IMG_2", "img_0003"}));
    QVERIFY(dataset.splits[0].problems.empty());
}

// The rules the studio's Count workspace and File → Open Image use through
// groundTruthPathForImage() are openSplit()'s: both folder spellings, any case, stray files
// ignored.
void TestDataset::groundTruthOfOneImage() {
    QTemporaryDir dir;
    const fs::path root = pathOf(dir);
    addSample(root / "a" / "images", root / "a" / "ground_truth", "IMG_1");
    addSample(root / "b" / "images", root / "b" / "ground-truth", "IMG_2");
    addSample(root / "c" / "Images", root / "c" / "Ground_Truth", "IMG_3", "gt_img_3.mat");
    addSample(root / "d", root / "d", "img_4", "img_4_ann.mat"); // beside, UCF-QNRF naming
    for (const fs::path& folder : {root / "a" / "images", root / "a" / "ground_truth",
                                   root / "b" / "images", root / "b" / "ground-truth"})
        writeBytes(folder / "Thumbs.db", {0, 1, 2, 3}); // stray files, ignored
    addSample(root / "b" / "images", {}, "IMG_9");      // not annotated yet

    QCOMPARE(groundTruthPathForImage(root / "a" / "images" / "IMG_1.jpg"),
             root / "a" / "ground_truth" / "GT_IMG_1.mat");
    QCOMPARE(groundTruthPathForImage(root / "b" / "images" / "IMG_2.jpg"),
             root / "b" / "ground-truth" / "GT_IMG_2.mat");
    QCOMPARE(groundTruthPathForImage(root / "c" / "Images" / "IMG_3.jpg"),
             root / "c" / "Ground_Truth" / "gt_img_3.mat");
    QCOMPARE(groundTruthPathForImage(root / "d" / "img_4.jpg"), root / "d" / "img_4_ann.mat");
    // Not annotated: where the new file goes, in the split's ground-truth folder.
    QCOMPARE(groundTruthPathForImage(root / "b" / "images" / "IMG_9.jpg"),
             root / "b" / "ground-truth" / "GT_IMG_9.mat");
    QCOMPARE(groundTruthPathForImage(root / "nowhere" / "images" / "IMG_5.jpg"),
             root / "nowhere" / "images" / "GT_IMG_5.mat");

    QCOMPARE(findGroundTruthFolder(root / "a"), root / "a" / "ground_truth");
    QCOMPARE(findGroundTruthFolder(root / "c"), root / "c" / "Ground_Truth");
    QVERIFY(findGroundTruthFolder(root / "d").empty());
    const std::vector<std::string>& names = groundTruthFolderNames();
    QVERIFY(std::find(names.begin(), names.end(), "ground-truth") != names.end());
    QVERIFY(std::find(names.begin(), names.end(), "ground_truth") != names.end());

    // The Dataset workspace pairs the same files, and Thumbs.db is no problem.
    for (const char* split : {"a", "c"}) {
        const Split opened = openSplit(root / split);
        QCOMPARE(opened.samples.size(), std::size_t(1));
        QVERIFY(opened.problems.empty());
        QCOMPARE(opened.samples[0].groundTruthPath,
                 groundTruthPathForImage(opened.samples[0].imagePath));
    }
    const Split b = openSplit(root / "b");
    QCOMPARE(sampleNames(b), std::vector<std::string>{"IMG_2"});
    QCOMPARE(b.unannotated.size(), std::size_t(1));
    QCOMPARE(b.unannotated[0].groundTruthPath, groundTruthPathForImage(b.unannotated[0].imagePath));
}

void TestDataset::missingAndOrphanTruthAreProblems() {
    QTemporaryDir dir;
    const fs::path root = pathOf(dir) / "train_data";
    addSample(root / "images", root / "ground-truth", "IMG_1");
    addSample(root / "images", {}, "IMG_2"); // image without ground truth
    writeGroundTruth(root / "ground-truth" / "GT_IMG_9.mat", {{3, 4}}); // ground truth alone
    writeBytes(root / "images" / "notes.txt", {'h', 'i'});
    const Split split = openSplit(root);
    QCOMPARE(sampleNames(split), std::vector<std::string>{"IMG_1"});
    QCOMPARE(split.unannotated.size(), std::size_t(1));
    QCOMPARE(split.unannotated[0].name, std::string("IMG_2"));
    QCOMPARE(split.unannotated[0].groundTruthPath, root / "ground-truth" / "GT_IMG_2.mat");
    QCOMPARE(split.problems.size(), std::size_t(2));
    QVERIFY(hasProblem(split.problems, "IMG_2.jpg", "image without ground truth"));
    QVERIFY(hasProblem(split.problems, "GT_IMG_9.mat", "ground truth without an image"));
}

void TestDataset::koreanAndSpaceNames() {
    QTemporaryDir dir;
    const fs::path root = pathOf(dir) / utf8Path("군중 데이터") / "train data";
    addSample(root / "images", root / "ground-truth", "광장 1");
    addSample(root / "images", root / "ground-truth", "IMG 2");
    const Dataset dataset = openDataset(pathOf(dir) / utf8Path("군중 데이터"));
    QCOMPARE(dataset.splits.size(), std::size_t(1));
    QCOMPARE(dataset.splits[0].name, std::string("train data"));
    QCOMPARE(sampleNames(dataset.splits[0]), (std::vector<std::string>{"IMG 2", "광장 1"}));
    QVERIFY(dataset.splits[0].problems.empty());
    QCOMPARE(readGroundTruth(dataset.splits[0].samples[1].groundTruthPath).points.size(),
             std::size_t(1));
}

void TestDataset::nestedCollection() {
    QTemporaryDir dir;
    const fs::path root = pathOf(dir) / "ShanghaiTech";
    for (const char* part : {"part_A_final", "part_B_final"}) {
        for (const char* split : {"train_data", "test_data"}) {
            const fs::path at = root / part / split;
            addSample(at / "images", at / "ground_truth", "IMG_1");
        }
    }
    fs::create_directories(root / ".hidden" / "images");
    writeTestJpeg(root / ".hidden" / "images" / "IMG_1.jpg");
    const Dataset dataset = openDataset(root);
    QCOMPARE(dataset.splits.size(), std::size_t(4));
    QCOMPARE(dataset.splits[0].name, std::string("part_A_final/test_data"));
    QCOMPARE(dataset.splits[3].name, std::string("part_B_final/train_data"));
    QVERIFY(dataset.findSplit("test_data") == nullptr); // ambiguous
    QVERIFY(dataset.findSplit("part_B_final/test_data") == &dataset.splits[2]);
    QVERIFY(dataset.problems.empty());
}

void TestDataset::emptyFolder() {
    QTemporaryDir dir;
    const Dataset dataset = openDataset(pathOf(dir));
    QVERIFY(dataset.splits.empty());
    QCOMPARE(dataset.problems.size(), std::size_t(1));
    QVERIFY(dataset.problems[0].message.find("no images found") != std::string::npos);
    const Split split = openSplit(pathOf(dir));
    QVERIFY(split.samples.empty());
    QCOMPARE(split.problems.size(), std::size_t(1));
}

void TestDataset::symlinkLoops() {
    QTemporaryDir dir;
    const fs::path root = pathOf(dir);
    const fs::path inner = root / "a" / "b";
    fs::create_directories(inner);
    std::error_code ec;
    fs::create_directory_symlink(root / "a", inner / "back_to_a", ec);
    if (ec)
        QSKIP("symbolic links cannot be created here");
    fs::create_directory_symlink(root / "self", root / "self"); // a link to itself
    addSample(root / "a" / "split" / "images", root / "a" / "split" / "ground-truth", "IMG_1");
    const Dataset dataset = openDataset(root);
    QCOMPARE(dataset.splits.size(), std::size_t(1));
    QCOMPARE(dataset.splits[0].name, std::string("a/split"));
    QVERIFY(hasProblem(dataset.problems, "back_to_a", "already scanned"));
    QVERIFY(hasProblem(dataset.problems, "self", "cannot be read"));
}

void TestDataset::unreadableFolder() {
#ifdef _WIN32
    QSKIP("folder permissions are not POSIX here");
#else
    QTemporaryDir dir;
    const fs::path root = pathOf(dir);
    const fs::perms readable = fs::perms::owner_all | fs::perms::group_read |
                               fs::perms::group_exec | fs::perms::others_read |
                               fs::perms::others_exec;
    fs::permissions(root, readable); // QTemporaryDir makes it 0700
    // A collection with one readable split and a locked folder; a split whose images/ is locked.
    const fs::path collection = root / "collection";
    addSample(collection / "ok" / "images", collection / "ok" / "ground-truth", "IMG_1");
    fs::create_directories(collection / "locked" / "images");
    fs::permissions(collection / "locked", fs::perms::none);
    const fs::path split = root / "split";
    addSample(split / "images", split / "ground-truth", "IMG_2");
    fs::permissions(split / "images", fs::perms::none);
    const std::string denied = "cannot read the folder: " + std::string(std::strerror(EACCES));
    {
        // Root reads any folder: as root, the reading runs as 'nobody'.
        const bool root = ::geteuid() == 0;
        test::EffectiveUser asNobody(root ? test::nobodyUid() : static_cast<uid_t>(-1));
        if (root && !asNobody.changed())
            QSKIP("running as root without a user 'nobody': permissions do not stop reading");

        // A locked folder deep in a collection is a problem, with the system's reason.
        const Dataset dataset = openDataset(collection);
        QCOMPARE(dataset.splits.size(), std::size_t(1));
        QVERIFY(hasProblem(dataset.problems, "locked", denied));
        // A split whose images/ cannot be read is an error saying so, not a split whose ground
        // truth has no image (what it used to report, with exit 0).
        const std::string message = fileErrorOf([&] { openSplit(split); });
        QVERIFY2(message == pathToUtf8(split / "images") + ": " + denied, message.c_str());
        QCOMPARE(fileErrorOf([&] { openDataset(split); }), message);
        // So is a folder given itself that cannot be read.
        QCOMPARE(fileErrorOf([&] { openDataset(collection / "locked"); }),
                 pathToUtf8(collection / "locked") + ": " + denied);
    }
    fs::permissions(collection / "locked", fs::perms::owner_all);
    fs::permissions(split / "images", fs::perms::owner_all);
#endif
}

void TestDataset::missingRootThrows() {
    QTemporaryDir dir;
    const fs::path missing = pathOf(dir) / "nowhere";
    const std::string message = fileErrorOf([&] { openDataset(missing); });
    QVERIFY2(message == pathToUtf8(missing) + ": does not exist", message.c_str());
    writeBytes(pathOf(dir) / "file.txt", {'x'});
    QVERIFY(fileErrorOf([&] { openSplit(pathOf(dir) / "file.txt"); }).find("is not a folder") !=
            std::string::npos);
}

void TestDataset::naturalOrder() {
    QVERIFY(naturalLess("IMG_2", "IMG_10"));
    QVERIFY(!naturalLess("IMG_10", "IMG_2"));
    QVERIFY(naturalLess("IMG_9", "IMG_09a"));
    QVERIFY(naturalLess("img_1", "IMG_2"));
    QVERIFY(naturalLess("IMG_1", "IMG_1_b"));
    QVERIFY(naturalLess("a99999999999999999999", "a100000000000000000000"));
    QVERIFY(!naturalLess("IMG_1", "IMG_1"));
}

// UCF-QNRF: Train/ and Test/ with img_n.jpg beside img_n_ann.mat (annPoints); a new annotation
// is written in its naming and structure.
void TestDataset::ucfQnrfLayout() {
    QTemporaryDir dir;
    const fs::path root = pathOf(dir) / "UCF-QNRF_ECCV18";
    for (const char* split : {"Train", "Test"}) {
        for (int i = 1; i <= 2; ++i) {
            const std::string name = "img_000" + std::to_string(i);
            writeTestJpeg(root / split / (name + ".jpg"));
            writeGroundTruth(root / split / (name + "_ann.mat"), {{1.0 * i, 2.0}, {3.0, 4.0}});
        }
    }
    writeTestJpeg(root / "Train" / "img_0003.jpg"); // not annotated yet
    const Dataset dataset = openDataset(root);
    QCOMPARE(splitNames(dataset), (std::vector<std::string>{"Test", "Train"}));
    const Split& train = dataset.splits[1];
    QVERIFY(dataset.splits[0].layout == DatasetLayout::UcfQnrf);
    QVERIFY(train.layout == DatasetLayout::UcfQnrf);
    QCOMPARE(toString(train.layout), std::string("UCF-QNRF"));
    QCOMPARE(sampleNames(train), (std::vector<std::string>{"img_0001", "img_0002"}));
    QCOMPARE(headTexts(readGroundTruth(train.samples[1])),
             (std::vector<std::string>{"2,2", "3,4"}));
    QCOMPARE(train.unannotated.size(), std::size_t(1));
    QCOMPARE(train.unannotated[0].groundTruthPath, root / "Train" / "img_0003_ann.mat");
    QCOMPARE(groundTruthPathForImage(root / "Train" / "img_0003.jpg"),
             root / "Train" / "img_0003_ann.mat");

    writeGroundTruth(train.unannotated[0], {{5.5, 6.25}});
    const Split again = openSplit(root / "Train");
    QVERIFY(again.layout == DatasetLayout::UcfQnrf);
    QCOMPARE(again.samples.size(), std::size_t(3));
    QVERIFY(again.problems.empty());
    QCOMPARE(headTexts(readGroundTruth(again.samples[2])), std::vector<std::string>{"5.5,6.25"});
    // The default training split is found under UCF-QNRF's name too (the trainer's fallback),
    // and a ShanghaiTech split stays one.
    QVERIFY(dataset.findSplit("Train") == &dataset.splits[1]);
}

// JHU-Crowd++: train/val/test with images/ and gt/<name>.txt (x y w h o b a line); an edit keeps
// each kept head's fields byte for byte.
void TestDataset::jhuCrowdLayout() {
    QTemporaryDir dir;
    const fs::path root = pathOf(dir) / "jhu_crowd_v2.0";
    for (const char* split : {"train", "val", "test"})
        writeText(root / split / "image_labels.txt", "0001,3,street,0,0\n"); // ignored
    writeTestJpeg(root / "train" / "images" / "0001.jpg");
    writeTestJpeg(root / "train" / "images" / "0002.jpg");
    writeTestJpeg(root / "train" / "images" / "0003.jpg"); // not annotated yet
    writeText(root / "train" / "gt" / "0001.txt", "10 12 8 9 1 0\n20 22 10 11 2 1\n5 6 4 4 3 0\n");
    writeText(root / "train" / "gt" / "0002.txt", ""); // an image without heads
    writeTestJpeg(root / "val" / "images" / "0004.jpg");
    writeText(root / "val" / "gt" / "0004.txt", "1 1 2 2 1 0\r\n7.5 7 3 3 1 0\r\n");
    writeTestJpeg(root / "test" / "images" / "0005.jpg");
    writeText(root / "test" / "gt" / "0005.txt", "3 3 5 5 1 0\n");

    const Dataset dataset = openDataset(root);
    QCOMPARE(splitNames(dataset), (std::vector<std::string>{"test", "train", "val"}));
    for (const Split& split : dataset.splits)
        QVERIFY(split.layout == DatasetLayout::JhuCrowd);
    QCOMPARE(toString(DatasetLayout::JhuCrowd), std::string("JHU-Crowd++"));
    const Split& train = dataset.splits[1];
    QCOMPARE(sampleNames(train), (std::vector<std::string>{"0001", "0002"}));
    QCOMPARE(train.unannotated.size(), std::size_t(1));
    QCOMPARE(train.unannotated[0].groundTruthPath, root / "train" / "gt" / "0003.txt");
    QCOMPARE(train.problems.size(), std::size_t(1));
    QVERIFY(hasProblem(train.problems, "0003.jpg", "image without ground truth"));
    QVERIFY(dataset.problems.empty());
    QCOMPARE(headTexts(readGroundTruth(train.samples[0])),
             (std::vector<std::string>{"10,12", "20,22", "5,6"}));
    QVERIFY(readGroundTruth(train.samples[1]).points.empty());
    QCOMPARE(groundTruthPathForImage(root / "train" / "images" / "0001.jpg"),
             root / "train" / "gt" / "0001.txt");
    QCOMPARE(groundTruthPathForImage(root / "train" / "images" / "0003.jpg"),
             root / "train" / "gt" / "0003.txt");

    // Kept, moved, deleted and added heads: the kept line is untouched, the moved head keeps its
    // w h o b, the new one gets the median box and o = 1, b = 0.
    writeGroundTruth(train.samples[0], {{10, 12}, {21.5, 22}, {30, 40}});
    QCOMPARE(readText(train.samples[0].groundTruthPath),
             std::string("10 12 8 9 1 0\n21.5 22 10 11 2 1\n30 40 8 9 1 0\n"));
    // The file's own line endings; deleting the first head leaves the second as it was.
    const Split& val = dataset.splits[2];
    writeGroundTruth(val.samples[0], {{7.5, 7}});
    QCOMPARE(readText(val.samples[0].groundTruthPath), std::string("7.5 7 3 3 1 0\r\n"));
    // A new file: six fields a line, an unknown box.
    writeGroundTruth(train.unannotated[0], {{3, 4}});
    QCOMPARE(readText(train.unannotated[0].groundTruthPath), std::string("3 4 0 0 1 0\n"));
    writeGroundTruth(train.samples[0], {});
    QCOMPARE(readText(train.samples[0].groundTruthPath), std::string());
    const Split again = openSplit(root / "train");
    QCOMPARE(again.samples.size(), std::size_t(3));
    QVERIFY(again.problems.empty());
}

// NWPU-Crowd: images/ and jsons/ at the root, divided into splits by train.txt, val.txt and
// test.txt (ids, possibly with more columns); the test images have no json. A save keeps boxes
// and every other key byte for byte.
void TestDataset::nwpuCrowdLayout() {
    QTemporaryDir dir;
    const fs::path root = pathOf(dir) / "NWPU-Crowd";
    for (int i = 1; i <= 7; ++i)
        writeTestJpeg(root / "images" / ("000" + std::to_string(i) + ".jpg"));
    const std::string first =
        R"({"img_id": "0001.jpg", "human_num": 2, "points": [[10.5, 12.25], [20, 22]], )"
        R"("boxes": [[8, 10, 13, 15], [17, 19, 23, 25]], "extra": {"weather": "rain"}})";
    writeText(root / "jsons" / "0001.json", first);
    writeText(root / "jsons" / "0002.json",
              R"({"img_id": "0002.jpg", "human_num": 0, "points": [], "boxes": []})");
    writeText(root / "jsons" / "0003.json", "{\n  \"img_id\": \"0003.jpg\",\n  \"points\": [\n"
                                            "    [1, 2]\n  ],\n  \"boxes\": []\n}\n");
    writeText(root / "jsons" / "0004.json", R"({"human_num": 1, "points": [[4, 4]]})");
    writeText(root / "train.txt", "0001 1 1\n0002 0 2\n0003 1 3\n9999 1 1\n");
    writeText(root / "val.txt", "0004\n");
    writeText(root / "test.txt", "0005 0 0\n0006 0 0\n");
    fs::create_directories(root / "mats"); // NWPU-Crowd's copies in .mat: not read

    const Dataset dataset = openDataset(root);
    QCOMPARE(splitNames(dataset), (std::vector<std::string>{"test", "train", "val"}));
    for (const Split& split : dataset.splits)
        QVERIFY(split.layout == DatasetLayout::NwpuCrowd);
    const Split& test = dataset.splits[0];
    const Split& train = dataset.splits[1];
    const Split& val = dataset.splits[2];
    QCOMPARE(train.path, root / "train.txt");
    QCOMPARE(sampleNames(train), (std::vector<std::string>{"0001", "0002", "0003"}));
    QCOMPARE(sampleNames(val), std::vector<std::string>{"0004"});
    QVERIFY(test.samples.empty());
    QCOMPARE(test.unannotated.size(), std::size_t(2));
    QCOMPARE(test.unannotated[1].groundTruthPath, root / "jsons" / "0006.json");
    QCOMPARE(test.problems.size(), std::size_t(2)); // the two images without ground truth
    QVERIFY(train.problems.empty());
    // The id no image has, and the image in no list.
    QCOMPARE(dataset.problems.size(), std::size_t(2));
    QVERIFY(hasProblem(dataset.problems, "train.txt", "line 4: '9999' is not an image"));
    QVERIFY(hasProblem(dataset.problems, "NWPU-Crowd", "0007.jpg is in none of train.txt"));

    const GroundTruth truth = readGroundTruth(train.samples[0]);
    QCOMPARE(headTexts(truth), (std::vector<std::string>{"10.5,12.25", "20,22"}));
    QCOMPARE(truth.declaredCount, 2.0);
    QCOMPARE(readGroundTruth(train.samples[2]).declaredCount, 1.0); // no human_num: the points

    writeGroundTruth(train.samples[0], {{10.5, 12.25}, {30, 31}, {40, 41}});
    QCOMPARE(readText(train.samples[0].groundTruthPath),
             std::string(R"({"img_id": "0001.jpg", "human_num": 3, )"
                         R"("points": [[10.5, 12.25], [30, 31], [40, 41]], )"
                         R"("boxes": [[8, 10, 13, 15], [17, 19, 23, 25]], )"
                         R"("extra": {"weather": "rain"}})"));
    writeGroundTruth(train.samples[2], {{1, 2}, {3, 4}});
    QCOMPARE(readText(train.samples[2].groundTruthPath),
             std::string("{\n  \"img_id\": \"0003.jpg\",\n  \"points\": [[1, 2], [3, 4]],\n"
                         "  \"boxes\": [], \"human_num\": 2\n}\n"));
    writeGroundTruth(test.unannotated[0], {{5, 6}});
    QCOMPARE(readText(root / "jsons" / "0005.json"),
             std::string(R"({"img_id": "0005.jpg", "human_num": 1, "points": [[5, 6]], )"
                         R"("boxes": []})"));
    QCOMPARE(groundTruthPathForImage(root / "images" / "0006.jpg"), root / "jsons" / "0006.json");

    // A split is opened by its list; the folder of several is not one split.
    const Split opened = openSplit(root / "test.txt");
    QCOMPARE(opened.name, std::string("test"));
    QVERIFY(opened.layout == DatasetLayout::NwpuCrowd);
    QCOMPARE(sampleNames(opened), std::vector<std::string>{"0005"});
    QCOMPARE(opened.unannotated.size(), std::size_t(1));
    QVERIFY(fileErrorOf([&] { openSplit(root); }).find("several NWPU-Crowd splits") !=
            std::string::npos);
    QVERIFY(fileErrorOf([&] {
                openSplit(root / "jsons" / "0001.json");
            }).find("is not a folder, nor an NWPU-Crowd split list") != std::string::npos);
    // Below an outer root, the splits are named by their folder and list.
    const Dataset outer = openDataset(pathOf(dir));
    QCOMPARE(splitNames(outer),
             (std::vector<std::string>{"NWPU-Crowd/test", "NWPU-Crowd/train", "NWPU-Crowd/val"}));
    QVERIFY(outer.findSplit("train") == &outer.splits[1]);
}

// A folder of images with a CSV of points (header image,x,y and any other columns): rows name
// images, a row with empty x and y marks an image without heads, a save replaces only the
// image's rows.
void TestDataset::pointsCsvLayout() {
    QTemporaryDir dir;
    const fs::path root = pathOf(dir) / "street";
    for (const char* name : {"a", "b", "c", "d"})
        writeTestJpeg(root / (std::string(name) + ".jpg"));
    writeText(root / "notes.csv", "when,who\nmonday,me\n"); // not a CSV of points
    writeText(root / "points.csv", "image,x,y,tag\n"
                                   "a.jpg,1,2,red\n"
                                   "b.jpg,3,4,\"blue, dark\"\n"
                                   "a.jpg,5,6,green\n"
                                   "z.jpg,7,8,\n"
                                   "d.jpg,,,\n");
    const Dataset dataset = openDataset(root);
    QCOMPARE(dataset.splits.size(), std::size_t(1));
    const Split& split = dataset.splits[0];
    QVERIFY(split.layout == DatasetLayout::PointsCsv);
    QCOMPARE(toString(split.layout), std::string("images + CSV"));
    QCOMPARE(sampleNames(split), (std::vector<std::string>{"a", "b", "d"}));
    QCOMPARE(split.samples[0].groundTruthPath, root / "points.csv");
    QCOMPARE(split.unannotated.size(), std::size_t(1));
    QCOMPARE(split.unannotated[0].groundTruthPath, root / "points.csv");
    QCOMPARE(split.problems.size(), std::size_t(2));
    QVERIFY(hasProblem(split.problems, "c.jpg", "image without ground truth"));
    QVERIFY(hasProblem(split.problems, "points.csv", "line 5: rows for 'z.jpg'"));
    QCOMPARE(headTexts(readGroundTruth(split.samples[0])),
             (std::vector<std::string>{"1,2", "5,6"}));
    QVERIFY(readGroundTruth(split.samples[2]).points.empty());
    QVERIFY(readGroundTruth(split.unannotated[0]).points.empty());
    QVERIFY(groundTruthExists(root / "points.csv", root / "a.jpg"));
    QVERIFY(!groundTruthExists(root / "points.csv", root / "c.jpg"));
    QCOMPARE(groundTruthPathForImage(root / "c.jpg"), root / "points.csv");
    QVERIFY(fileErrorOf([&] {
                readGroundTruth(root / "points.csv");
            }).find("holds the heads of several images") != std::string::npos);

    // a: kept, moved (keeps its tag), new (empty tag); its rows go where its first row was.
    writeGroundTruth(split.samples[0], {{1, 2}, {5.5, 6}, {90, 9}});
    QCOMPARE(readText(root / "points.csv"), std::string("image,x,y,tag\n"
                                                        "a.jpg,1,2,red\n"
                                                        "a.jpg,5.5,6,green\n"
                                                        "a.jpg,90,9,\n"
                                                        "b.jpg,3,4,\"blue, dark\"\n"
                                                        "z.jpg,7,8,\n"
                                                        "d.jpg,,,\n"));
    QCOMPARE(headTexts(readGroundTruth(split.samples[0])),
             (std::vector<std::string>{"1,2", "5.5,6", "90,9"}));
    // c annotated as an image without heads: a row at the end.
    writeGroundTruth(split.unannotated[0], {});
    QVERIFY(endsWith(readText(root / "points.csv"), "d.jpg,,,\nc.jpg,,,\n"));
    const Split again = openSplit(root);
    QCOMPARE(sampleNames(again), (std::vector<std::string>{"a", "b", "c", "d"}));
    QCOMPARE(again.problems.size(), std::size_t(1)); // z.jpg's row
}

// The CSV without header, with CRLF line endings and quoted names, above an images/ folder;
// several CSV files of points need one named points.csv; a CSV that is no CSV of points leaves
// the folder as it was.
void TestDataset::pointsCsvVariants() {
    QTemporaryDir dir;
    const fs::path headerless = pathOf(dir) / "headerless";
    writeTestJpeg(headerless / "images" / "x 1.jpg");
    writeTestJpeg(headerless / "images" / "x2.png");
    writeText(headerless / "heads.csv",
              "\"images/x 1.jpg\",1,2\r\nx2,3,4\r\n\"images/x 1.jpg\",5,6\r\n");
    for (const fs::path& opened : {headerless, headerless / "images"}) {
        const Split split = openSplit(opened);
        QCOMPARE(split.name, std::string("headerless"));
        QVERIFY(split.layout == DatasetLayout::PointsCsv);
        QCOMPARE(sampleNames(split), (std::vector<std::string>{"x 1", "x2"}));
        QVERIFY(split.problems.empty());
    }
    const Split split = openSplit(headerless);
    QCOMPARE(headTexts(readGroundTruth(split.samples[0])),
             (std::vector<std::string>{"1,2", "5,6"}));
    QCOMPARE(headTexts(readGroundTruth(split.samples[1])), std::vector<std::string>{"3,4"});
    writeGroundTruth(split.samples[0], {{5, 6}, {7, 8}});
    QCOMPARE(readText(headerless / "heads.csv"),
             std::string("\"images/x 1.jpg\",5,6\r\n\"images/x 1.jpg\",7,8\r\nx2,3,4\r\n"));

    const fs::path several = pathOf(dir) / "several";
    writeTestJpeg(several / "a.jpg");
    writeText(several / "one.csv", "image,x,y\na.jpg,1,1\n");
    writeText(several / "two.csv", "image,x,y\na.jpg,2,2\n");
    const Split ambiguous = openSplit(several);
    QVERIFY(ambiguous.layout == DatasetLayout::ShanghaiTech);
    QVERIFY(hasProblem(ambiguous.problems, "several", "name the one to use points.csv"));
    writeText(several / "points.csv", "image,x,y\na.jpg,3,3\n");
    const Split chosen = openSplit(several);
    QVERIFY(chosen.layout == DatasetLayout::PointsCsv);
    QCOMPARE(headTexts(readGroundTruth(chosen.samples[0])), std::vector<std::string>{"3,3"});

    // A folder with .mat files stays ShanghaiTech whatever CSV lies there.
    const fs::path mats = pathOf(dir) / "mats";
    addSample(mats, mats, "IMG_1");
    writeText(mats / "points.csv", "image,x,y\nIMG_1.jpg,1,1\n");
    QVERIFY(openSplit(mats).layout == DatasetLayout::ShanghaiTech);
    QCOMPARE(openSplit(mats).samples[0].groundTruthPath, mats / "GT_IMG_1.mat");
}

QTEST_GUILESS_MAIN(TestDataset)
#include "test_dataset.moc"
