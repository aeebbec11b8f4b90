#include "data/dataset.h"
#include "data/ground_truth.h"
#include "data_test_util.h"
#include "test_support.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cerrno>
#include <cstring>

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
    QCOMPARE(heads, std::size_t(78862));
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

QTEST_GUILESS_MAIN(TestDataset)
#include "test_dataset.moc"
