#include "data/ground_truth.h"
#include "data_test_util.h"
#include "test_support.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <matio.h>

#include <cmath>
#include <fstream>
#ifndef _WIN32
#include <sys/stat.h>
#endif
#include <functional>
#include <limits>
#include <random>

namespace fs = std::filesystem;
using namespace crowdkd;
using namespace crowdkd::test;

namespace {

// The interpreter with NumPy and SciPy (the `python3` on PATH may lack them).
const QString kPython = QStringLiteral("/usr/bin/python3");

// Writes a .mat file whose content `build` creates with matio (for malformed-variable cases).
void writeMat(const fs::path& path, const std::function<matvar_t*()>& build) {
    mat_t* mat = Mat_CreateVer(path.string().c_str(), nullptr, MAT_FT_MAT5);
    QVERIFY(mat != nullptr);
    matvar_t* var = build();
    QVERIFY(var != nullptr);
    QCOMPARE(Mat_VarWrite(mat, var, MAT_COMPRESSION_ZLIB), 0);
    Mat_VarFree(var);
    Mat_Close(mat);
}

// image_info = {struct('location', <location>)}: the ShanghaiTech nesting around any variable.
matvar_t* imageInfoAround(matvar_t* location) {
    std::size_t one[2] = {1, 1};
    const char* fields[] = {"location"};
    matvar_t* record = Mat_VarCreateStruct(nullptr, 2, one, fields, 1);
    Mat_VarSetStructFieldByName(record, "location", 0, location);
    matvar_t* cells[1] = {record};
    return Mat_VarCreate("image_info", MAT_C_CELL, MAT_T_CELL, 2, one, cells, 0);
}

matvar_t* doubleArray(const char* name, std::size_t rows, std::size_t columns,
                      std::vector<double> values) {
    std::size_t dims[2] = {rows, columns};
    return Mat_VarCreate(name, MAT_C_DOUBLE, MAT_T_DOUBLE, 2, dims, values.data(), 0);
}

bool pythonHasScipy() {
    if (!QFile::exists(kPython))
        return false;
    QProcess process;
    process.start(kPython, {QStringLiteral("-c"), QStringLiteral("import scipy.io, numpy")});
    return process.waitForFinished(60000) && process.exitCode() == 0;
}

// Runs a Python snippet with arguments; returns stdout, failing the test on errors.
QByteArray runPython(const QString& code, const QStringList& arguments) {
    QProcess process;
    process.start(kPython, QStringList{QStringLiteral("-c"), code} + arguments);
    if (!process.waitForFinished(120000) || process.exitCode() != 0) {
        qWarning() << process.readAllStandardError();
        return {};
    }
    return process.readAllStandardOutput();
}

std::vector<HeadPoint> samplePoints() {
    return {{29.622512, 472.920222}, {0.25, 0.75}, {1023.999, 767.5}, {512.125, 384.0625}};
}

} // namespace

/// Ground-truth .mat reading and writing: ShanghaiTech and UCF-QNRF layouts, interoperability
/// with SciPy, atomic writes and every malformed file refused by name.
class TestGroundTruth : public QObject {
    Q_OBJECT

private slots:
    void readsShanghaiTech();
    void roundTripKeepsValues_data();
    void roundTripKeepsValues();
    void scipyReadsOurFiles();
    void weReadScipyFiles();
    void parseFromBytesMatchesFile();
    void failedWriteKeepsOriginal();
    void saveThroughLinkKeepsModeRefusesFifo();
    void badFiles_data();
    void badFiles();
    void pixelConvention();
    void mutatedFilesFailCleanly();
};

void TestGroundTruth::readsShanghaiTech() {
    CROWDKD_REQUIRE_SHARED("data/ShanghaiTech/part_A/train_data/ground-truth/GT_IMG_1.mat");
    CROWDKD_REQUIRE_SHARED("fixtures/density/IMG_1_points.csv");
    const GroundTruth truth = readGroundTruth(
        sharedPath("data/ShanghaiTech/part_A/train_data/ground-truth/GT_IMG_1.mat"));
    std::ifstream csv(sharedPath("fixtures/density/IMG_1_points.csv"));
    std::string line;
    std::getline(csv, line); // header
    std::vector<HeadPoint> expected;
    while (std::getline(csv, line)) {
        const auto comma = line.find(',');
        expected.push_back({std::stod(line.substr(0, comma)), std::stod(line.substr(comma + 1))});
    }
    QCOMPARE(truth.points.size(), expected.size());
    QCOMPARE(truth.declaredCount, double(expected.size()));
    for (std::size_t i = 0; i < expected.size(); ++i) {
        QVERIFY(std::abs(truth.points[i].x - expected[i].x) < 1e-5);
        QVERIFY(std::abs(truth.points[i].y - expected[i].y) < 1e-5);
    }
}

void TestGroundTruth::roundTripKeepsValues_data() {
    QTest::addColumn<int>("heads");
    QTest::newRow("no heads") << 0;
    QTest::newRow("one head") << 1;
    QTest::newRow("four heads") << 4;
}

void TestGroundTruth::roundTripKeepsValues() {
    QFETCH(int, heads);
    std::vector<HeadPoint> points = samplePoints();
    points.resize(std::size_t(heads));
    QTemporaryDir dir;
    const fs::path path = pathOf(dir) / utf8Path("정답 폴더") / utf8Path("GT_IMG 1.mat");
    fs::create_directories(path.parent_path());
    writeGroundTruth(path, points);
    const GroundTruth truth = readGroundTruth(path);
    QCOMPARE(truth.points.size(), points.size());
    QCOMPARE(truth.declaredCount, double(heads));
    for (std::size_t i = 0; i < points.size(); ++i) {
        QCOMPARE(truth.points[i].x, points[i].x); // bit-exact: doubles stored as doubles
        QCOMPARE(truth.points[i].y, points[i].y);
    }
    // Overwriting replaces the file and leaves no temporary files behind.
    writeGroundTruth(path, samplePoints());
    QCOMPARE(readGroundTruth(path).points.size(), samplePoints().size());
    QCOMPARE(std::distance(fs::directory_iterator(path.parent_path()), fs::directory_iterator()),
             std::ptrdiff_t(1));
}

void TestGroundTruth::scipyReadsOurFiles() {
    if (!pythonHasScipy())
        QSKIP("/usr/bin/python3 with scipy is not available");
    QTemporaryDir dir;
    const fs::path path = pathOf(dir) / "GT_IMG_7.mat";
    writeGroundTruth(path, samplePoints());
    const QByteArray output = runPython(
        QStringLiteral("import sys, scipy.io\n"
                       "info = scipy.io.loadmat(sys.argv[1])['image_info'][0,0][0,0]\n"
                       "loc = info['location']\n"
                       "print(loc.dtype, loc.shape[0], loc.shape[1], info['number'].dtype, "
                       "float(info['number'][0,0]))\n"
                       "for x, y in loc: print(repr(float(x)), repr(float(y)))\n"),
        {QString::fromStdU16String(path.u16string())});
    const QList<QByteArray> lines = output.trimmed().split('\n');
    QCOMPARE(lines.size(), 1 + int(samplePoints().size()));
    QCOMPARE(lines[0], QByteArray("float64 4 2 float64 4.0"));
    for (std::size_t i = 0; i < samplePoints().size(); ++i) {
        const QList<QByteArray> values = lines[int(i) + 1].split(' ');
        QCOMPARE(values[0].toDouble(), samplePoints()[i].x);
        QCOMPARE(values[1].toDouble(), samplePoints()[i].y);
    }
}

void TestGroundTruth::weReadScipyFiles() {
    if (!pythonHasScipy())
        QSKIP("/usr/bin/python3 with scipy is not available");
    QTemporaryDir dir;
    const fs::path shanghai = pathOf(dir) / "GT_IMG_9.mat";
    const fs::path qnrf = pathOf(dir) / "img_0001_ann.mat";
    // As ShanghaiTech ships it: number stored as uint16, location as float64; and UCF-QNRF's
    // annPoints.
    runPython(
        QStringLiteral("import sys, numpy as np, scipy.io\n"
                       "loc = np.array([[10.5, 20.25], [30.0, 40.75], [5.125, 6.0]])\n"
                       "rec = np.zeros((1,1), dtype=[('location','O'),('number','O')])\n"
                       "rec[0,0]['location'] = loc\n"
                       "rec[0,0]['number'] = np.array([[3]], dtype=np.uint16)\n"
                       "cell = np.empty((1,1), dtype=object); cell[0,0] = rec\n"
                       "scipy.io.savemat(sys.argv[1], {'image_info': cell}, do_compression=True)\n"
                       "scipy.io.savemat(sys.argv[2], {'annPoints': loc.astype(np.float32)})\n"),
        {QString::fromStdU16String(shanghai.u16string()),
         QString::fromStdU16String(qnrf.u16string())});
    QVERIFY(fs::exists(shanghai));
    const GroundTruth truth = readGroundTruth(shanghai);
    QCOMPARE(truth.declaredCount, 3.0);
    QCOMPARE(truth.points.size(), std::size_t(3));
    QCOMPARE(truth.points[1].x, 30.0);
    QCOMPARE(truth.points[1].y, 40.75);
    QCOMPARE(truth.points[2].x, 5.125);
    const GroundTruth annotated = readGroundTruth(qnrf);
    QCOMPARE(annotated.points.size(), std::size_t(3));
    QCOMPARE(annotated.declaredCount, 3.0);
    QCOMPARE(annotated.points[0].y, 20.25);
}

void TestGroundTruth::parseFromBytesMatchesFile() {
    QTemporaryDir dir;
    const fs::path path = pathOf(dir) / "GT_IMG_2.mat";
    writeGroundTruth(path, samplePoints());
    const std::vector<std::uint8_t> bytes = readFileBytes(path);
    const GroundTruth parsed = parseGroundTruth(bytes.data(), bytes.size(), "in-memory.mat");
    QCOMPARE(parsed.points.size(), samplePoints().size());
    QCOMPARE(parsed.points[3].x, samplePoints()[3].x);
}

void TestGroundTruth::failedWriteKeepsOriginal() {
    QTemporaryDir dir;
    const fs::path path = pathOf(dir) / "GT_IMG_3.mat";
    writeGroundTruth(path, samplePoints());
    const std::vector<std::uint8_t> before = readFileBytes(path);
    std::vector<HeadPoint> bad = samplePoints();
    bad[2].x = std::numeric_limits<double>::quiet_NaN();
    const std::string message = fileErrorOf([&] { writeGroundTruth(path, bad); });
    QVERIFY2(message.find("GT_IMG_3.mat: head 3") != std::string::npos, message.c_str());
    QVERIFY(readFileBytes(path) == before);
    const fs::path missingFolder = pathOf(dir) / "no such folder" / "GT_IMG_4.mat";
    const std::string folderMessage =
        fileErrorOf([&] { writeGroundTruth(missingFolder, samplePoints()); });
    QVERIFY2(folderMessage.rfind(pathToUtf8(missingFolder) + ": ", 0) == 0, folderMessage.c_str());
    QCOMPARE(std::distance(fs::directory_iterator(pathOf(dir)), fs::directory_iterator()),
             std::ptrdiff_t(1));
}

void TestGroundTruth::saveThroughLinkKeepsModeRefusesFifo() {
#ifdef _WIN32
    QSKIP("symbolic links, modes and FIFOs are POSIX here");
#else
    // Annotations kept in another folder, on another file system where there is one (/dev/shm),
    // and linked into the dataset: a save (the studio's too) replaces the linked file and keeps
    // the link, the file's permissions and no temporary file.
    QTemporaryDir dir;
    QTemporaryDir otherFileSystem(QStringLiteral("/dev/shm/crowdkd-test-XXXXXX"));
    const fs::path store =
        (otherFileSystem.isValid() ? pathOf(otherFileSystem) : pathOf(dir)) / "annotations";
    const fs::path truth = pathOf(dir) / "ground-truth";
    fs::create_directories(store);
    fs::create_directories(truth);
    const fs::path target = store / "GT_IMG_1.mat";
    writeGroundTruth(target, {{1.0, 2.0}});
    QCOMPARE(::chmod(target.c_str(), 0640), 0);
    const fs::path link = truth / "GT_IMG_1.mat";
    fs::create_symlink(target, link);
    writeGroundTruth(link, samplePoints());
    QVERIFY(fs::is_symlink(link));
    QCOMPARE(readGroundTruth(target).points.size(), samplePoints().size());
    struct stat status {};
    QCOMPARE(::stat(target.c_str(), &status), 0);
    QCOMPARE(status.st_mode & 07777, mode_t{0640});
    QCOMPARE(std::distance(fs::directory_iterator(store), fs::directory_iterator()),
             std::ptrdiff_t(1));
    QCOMPARE(std::distance(fs::directory_iterator(truth), fs::directory_iterator()),
             std::ptrdiff_t(1));
    // A FIFO in place of a ground-truth file is neither read (which would block) nor replaced.
    const fs::path fifo = truth / "GT_IMG_2.mat";
    QCOMPARE(::mkfifo(fifo.c_str(), 0644), 0);
    const std::string read = fileErrorOf([&] { readGroundTruth(fifo); });
    QVERIFY2(read == pathToUtf8(fifo) + ": is not a regular file (a FIFO (named pipe))",
             read.c_str());
    const std::string written = fileErrorOf([&] { writeGroundTruth(fifo, samplePoints()); });
    QVERIFY2(written.find("not a regular file") != std::string::npos, written.c_str());
    QVERIFY(fs::is_fifo(fifo));
    QCOMPARE(std::distance(fs::directory_iterator(truth), fs::directory_iterator()),
             std::ptrdiff_t(2));
#endif
}

void TestGroundTruth::badFiles_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("reason");
    QTest::newRow("zero bytes") << "empty"
                                << "empty file";
    QTest::newRow("text") << "text"
                          << "not a MATLAB v5 .mat file";
    QTest::newRow("truncated") << "truncated"
                               << "truncated file";
    QTest::newRow("header only") << "header"
                                 << "truncated";
    QTest::newRow("v7.3 header") << "v73"
                                 << "v7.3";
    QTest::newRow("bare hdf5") << "hdf5"
                               << "v7.3";
    QTest::newRow("wrong variables") << "foo"
                                     << "the file holds foo";
    QTest::newRow("location is text") << "char"
                                      << "class char";
    QTest::newRow("location is N x 3") << "shape"
                                       << "expected N x 2";
    QTest::newRow("no location field") << "nolocation"
                                       << "no 'location' field";
    QTest::newRow("image_info is a number") << "infodouble"
                                            << "expected a struct";
    QTest::newRow("cell claiming 10^9 elements") << "hugecell"
                                                 << "far too short";
    QTest::newRow("NaN coordinate") << "nan"
                                    << "head 2 of 3 has a non-finite coordinate";
    QTest::newRow("infinite coordinate") << "inf"
                                         << "non-finite";
}

void TestGroundTruth::badFiles() {
    QFETCH(QString, kind);
    QFETCH(QString, reason);
    QTemporaryDir dir;
    const fs::path path = pathOf(dir) / "GT_IMG_5.mat";
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    if (kind == "empty") {
        writeBytes(path, {});
    } else if (kind == "text") {
        writeBytes(path, std::vector<std::uint8_t>(200, 'x'));
    } else if (kind == "truncated" || kind == "header") {
        writeGroundTruth(path, samplePoints());
        std::vector<std::uint8_t> bytes = readFileBytes(path);
        bytes.resize(kind == "header" ? 128 + 4 : bytes.size() - 10);
        writeBytes(path, bytes);
    } else if (kind == "v73") {
        std::vector<std::uint8_t> bytes(512, ' ');
        const std::string text = "MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: HDF5 schema";
        std::copy(text.begin(), text.end(), bytes.begin());
        bytes[124] = 0x00;
        bytes[125] = 0x02;
        bytes[126] = 'I';
        bytes[127] = 'M';
        const char hdf5[] = "\x89HDF\r\n\x1a\n";
        bytes.insert(bytes.end(), hdf5, hdf5 + 8);
        writeBytes(path, bytes);
    } else if (kind == "hdf5") {
        const char hdf5[] = "\x89HDF\r\n\x1a\n";
        std::vector<std::uint8_t> bytes(hdf5, hdf5 + 8);
        bytes.resize(300, 0);
        writeBytes(path, bytes);
    } else if (kind == "foo") {
        writeMat(path, [] { return doubleArray("foo", 2, 2, {1, 2, 3, 4}); });
    } else if (kind == "char") {
        writeMat(path, [] {
            std::size_t dims[2] = {1, 5};
            char text[] = "hello";
            return imageInfoAround(
                Mat_VarCreate("location", MAT_C_CHAR, MAT_T_UINT8, 2, dims, text, 0));
        });
    } else if (kind == "shape") {
        writeMat(path, [] {
            return imageInfoAround(doubleArray("location", 2, 3, {1, 2, 3, 4, 5, 6}));
        });
    } else if (kind == "nolocation") {
        writeMat(path, [] {
            std::size_t one[2] = {1, 1};
            const char* fields[] = {"number"};
            matvar_t* record = Mat_VarCreateStruct(nullptr, 2, one, fields, 1);
            Mat_VarSetStructFieldByName(record, "number", 0, doubleArray("number", 1, 1, {3}));
            matvar_t* cells[1] = {record};
            return Mat_VarCreate("image_info", MAT_C_CELL, MAT_T_CELL, 2, one, cells, 0);
        });
    } else if (kind == "hugecell") {
        // An uncompressed MAT v5 file whose image_info cell claims 1×1000000000 elements.
        std::vector<std::uint8_t> bytes(128, ' ');
        bytes[124] = 0x00;
        bytes[125] = 0x01;
        bytes[126] = 'I';
        bytes[127] = 'M';
        auto put32 = [&](std::uint32_t value) {
            for (int b = 0; b < 4; ++b)
                bytes.push_back(static_cast<std::uint8_t>(value >> (8 * b)));
        };
        put32(14); // miMATRIX
        put32(16 + 16 + 24);
        put32(6); // array flags: miUINT32, 8 bytes, class cell
        put32(8);
        put32(1);
        put32(0);
        put32(5); // dimensions: miINT32, 1 × 1e9
        put32(8);
        put32(1);
        put32(1000000000);
        put32(1); // name: miINT8, "image_info", padded to 16 bytes
        put32(10);
        const char name[16] = "image_info";
        bytes.insert(bytes.end(), name, name + 16);
        writeBytes(path, bytes);
    } else if (kind == "infodouble") {
        writeMat(path, [] { return doubleArray("image_info", 1, 1, {7}); });
    } else if (kind == "nan" || kind == "inf") {
        const double bad = kind == "nan" ? nan : inf;
        writeMat(path, [&] {
            return imageInfoAround(doubleArray("location", 3, 2, {1, bad, 3, 4, 5, 6}));
        });
    }
    const std::string message = fileErrorOf([&] { readGroundTruth(path); });
    QVERIFY2(message.rfind(pathToUtf8(path) + ": ", 0) == 0, message.c_str());
    QVERIFY2(message.find(reason.toStdString()) != std::string::npos, message.c_str());
    const std::vector<std::uint8_t> bytes = readFileBytes(path);
    const std::string parsed =
        fileErrorOf([&] { parseGroundTruth(bytes.data(), bytes.size(), "memory.mat"); });
    QVERIFY2(parsed.rfind("memory.mat: ", 0) == 0, parsed.c_str());
}

void TestGroundTruth::pixelConvention() {
    // int() truncation, as the common pipeline: x = 29.6 → column 29, x = -0.5 → column 0.
    QCOMPARE(headPixel({29.622512, 472.920222}), cv::Point(29, 472));
    QCOMPARE(headPixel({-0.5, 3.9}), cv::Point(0, 3));
    const cv::Size size(100, 50);
    QVERIFY(isInsideImage({-0.5, 0.0}, size));
    QVERIFY(isInsideImage({99.99, 49.99}, size));
    QVERIFY(!isInsideImage({100.0, 10.0}, size));
    QVERIFY(!isInsideImage({-1.0, 10.0}, size));
    QVERIFY(!isInsideImage({10.0, 50.0}, size));
    QVERIFY(!isInsideImage({1e300, 10.0}, size));
    QVERIFY(!isInsideImage({std::numeric_limits<double>::quiet_NaN(), 1.0}, size));
    QCOMPARE(countOutsideImage({{1, 1}, {-3, 4}, {100, 2}, {5, 49.5}}, size), std::size_t(2));
}

void TestGroundTruth::mutatedFilesFailCleanly() {
    // Random byte changes and truncations of an uncompressed ShanghaiTech-structured file (so that
    // the changes hit the structure, not only a zlib stream): every outcome is a result or a
    // FileError, never a crash, a hang or another exception.
    QTemporaryDir dir;
    const fs::path path = pathOf(dir) / "GT_IMG_6.mat";
    writeMat(path, [] {
        return imageInfoAround(doubleArray("location", 4, 2, {1, 2, 3, 4, 5, 6, 7, 8}));
    });
    // Rewrite uncompressed: matio's structure without compression.
    {
        mat_t* mat = Mat_CreateVer(path.string().c_str(), nullptr, MAT_FT_MAT5);
        matvar_t* var = imageInfoAround(doubleArray("location", 4, 2, {1, 2, 3, 4, 5, 6, 7, 8}));
        QCOMPARE(Mat_VarWrite(mat, var, MAT_COMPRESSION_NONE), 0);
        Mat_VarFree(var);
        Mat_Close(mat);
    }
    const std::vector<std::uint8_t> original = readFileBytes(path);
    QCOMPARE(parseGroundTruth(original.data(), original.size(), "plain.mat").points.size(),
             std::size_t(4));
    std::mt19937 random(11);
    int refused = 0;
    for (int round = 0; round < 400; ++round) {
        std::vector<std::uint8_t> bytes = original;
        const int changes = 1 + int(random() % 6);
        for (int c = 0; c < changes; ++c)
            bytes[128 + random() % (bytes.size() - 128)] = std::uint8_t(random());
        if (random() % 5 == 0)
            bytes.resize(random() % bytes.size());
        try {
            parseGroundTruth(bytes.data(), bytes.size(), "mutated.mat");
        } catch (const FileError& error) {
            ++refused;
            QVERIFY(std::string(error.what()).rfind("mutated.mat: ", 0) == 0);
        }
    }
    QVERIFY(refused > 0);
}

QTEST_GUILESS_MAIN(TestGroundTruth)
#include "test_ground_truth.moc"
