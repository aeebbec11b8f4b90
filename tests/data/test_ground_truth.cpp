#include "data/ground_truth.h"
#include "data/mat_structure.h"
#include "data_test_util.h"
#include "test_support.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <matio.h>

#include <algorithm>
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
    return test::pythonHasModule(QStringLiteral("scipy.io, numpy"));
}

// Runs a Python snippet with arguments (the shared oracle); its standard output, empty on errors.
QByteArray scipyOutput(const QString& code, const QStringList& arguments) {
    const test::PythonRun run = test::runPython(code, arguments);
    if (!run.ok)
        qWarning() << run.error;
    return run.ok ? run.output : QByteArray();
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
    void ucfQnrfKeepsOtherVariables();
    void shanghaiTechKeepsOtherVariables();
    void textFormatsRoundTrip_data();
    void textFormatsRoundTrip();
    void badTextFiles_data();
    void badTextFiles();
    void oversizedTextFileIsRefused();
    void mutatedTextFilesFailCleanly();
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
    const QByteArray output = scipyOutput(
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
    scipyOutput(
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
    QTest::newRow("sparse location claiming 4e9 values") << "hugelocation"
                                                         << "class sparse";
    QTest::newRow("empty top-level array") << "emptyvariable"
                                           << "is empty (no name)";
    QTest::newRow("top-level element not an array") << "strayelement"
                                                    << "is of type 1, not a variable";
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
    } else if (kind == "hugelocation") {
        // An uncompressed file whose location, a 4 x 2 sparse array, has its row count rewritten
        // to 2^31 - 1 (matio still reads it: a sparse array's data do not follow its shape). Its
        // class is refused before anything is allocated for the 34 GB the shape claims.
        {
            mat_t* mat = Mat_CreateVer(path.string().c_str(), nullptr, MAT_FT_MAT5);
            std::size_t dims[2] = {4, 2};
            mat_uint32_t rowIndices[] = {0, 1};
            mat_uint32_t columnStarts[] = {0, 1, 2};
            double values[] = {1, 2};
            mat_sparse_t sparse{};
            sparse.nzmax = 2;
            sparse.ir = rowIndices;
            sparse.nir = 2;
            sparse.jc = columnStarts;
            sparse.njc = 3;
            sparse.ndata = 2;
            sparse.data = values;
            matvar_t* var = imageInfoAround(Mat_VarCreate("location", MAT_C_SPARSE, MAT_T_DOUBLE, 2,
                                                          dims, &sparse, MAT_F_DONT_COPY_DATA));
            QCOMPARE(Mat_VarWrite(mat, var, MAT_COMPRESSION_NONE), 0);
            Mat_VarFree(var);
            Mat_Close(mat);
        }
        std::vector<std::uint8_t> bytes = readFileBytes(path);
        // The dimensions sub-element: miINT32, 8 bytes, 4, 2 (little-endian).
        const std::vector<std::uint8_t> dims = {5, 0, 0, 0, 8, 0, 0, 0, 4, 0, 0, 0, 2, 0, 0, 0};
        const auto at = std::search(bytes.begin(), bytes.end(), dims.begin(), dims.end());
        QVERIFY(at != bytes.end());
        const std::uint32_t rows = 2147483647;
        for (int b = 0; b < 4; ++b)
            at[8 + b] = static_cast<std::uint8_t>(rows >> (8 * b));
        writeBytes(path, bytes);
    } else if (kind == "emptyvariable" || kind == "strayelement") {
        // A valid uncompressed file with an element in front of its variable that MAT v5 does not
        // allow there: an empty miMATRIX (matio then allocated gigabytes) or an miINT8 element.
        {
            mat_t* mat = Mat_CreateVer(path.string().c_str(), nullptr, MAT_FT_MAT5);
            matvar_t* var =
                imageInfoAround(doubleArray("location", 4, 2, {1, 2, 3, 4, 5, 6, 7, 8}));
            QCOMPARE(Mat_VarWrite(mat, var, MAT_COMPRESSION_NONE), 0);
            Mat_VarFree(var);
            Mat_Close(mat);
        }
        std::vector<std::uint8_t> bytes = readFileBytes(path);
        const std::vector<std::uint8_t> element =
            kind == "emptyvariable" ? std::vector<std::uint8_t>{14, 0, 0, 0, 0, 0, 0, 0}
                                    : std::vector<std::uint8_t>{1, 0, 0, 0, 8, 0, 0, 0, //
                                                                1, 2, 3, 4, 5, 6, 7, 8};
        bytes.insert(bytes.begin() + 128, element.begin(), element.end());
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

// A UCF-QNRF file is rewritten as one: annPoints replaced, its other variables kept, no
// ShanghaiTech image_info added.
void TestGroundTruth::ucfQnrfKeepsOtherVariables() {
    QTemporaryDir dir;
    const fs::path path = pathOf(dir) / "img_0001.mat"; // not the _ann name: the content decides
    {
        mat_t* mat = Mat_CreateVer(path.string().c_str(), nullptr, MAT_FT_MAT5);
        QVERIFY(mat != nullptr);
        for (matvar_t* var : {doubleArray("source", 1, 3, {7, 8, 9}),
                              doubleArray("annPoints", 2, 2, {1, 3, 2, 4})}) {
            QCOMPARE(Mat_VarWrite(mat, var, MAT_COMPRESSION_NONE), 0);
            Mat_VarFree(var);
        }
        Mat_Close(mat);
    }
    QCOMPARE(readGroundTruth(path).points.size(), std::size_t(2));
    writeGroundTruth(path, samplePoints());
    const GroundTruth truth = readGroundTruth(path);
    QCOMPARE(truth.points.size(), samplePoints().size());
    QCOMPARE(truth.points[3].y, samplePoints()[3].y);
    mat_t* mat = Mat_Open(path.string().c_str(), MAT_ACC_RDONLY);
    QVERIFY(mat != nullptr);
    matvar_t* source = Mat_VarRead(mat, "source");
    matvar_t* annPoints = Mat_VarRead(mat, "annPoints");
    matvar_t* imageInfo = Mat_VarRead(mat, "image_info");
    const bool sourceKept = source && source->class_type == MAT_C_DOUBLE && source->rank == 2 &&
                            source->dims[1] == 3 && static_cast<double*>(source->data)[2] == 9.0;
    const bool annPointsShaped =
        annPoints && annPoints->dims[0] == samplePoints().size() && annPoints->dims[1] == 2;
    Mat_VarFree(source);
    Mat_VarFree(annPoints);
    Mat_VarFree(imageInfo);
    Mat_Close(mat);
    QVERIFY(sourceKept);
    QVERIFY(annPointsShaped);
    QVERIFY(imageInfo == nullptr);
    // A new file named <name>_ann.mat is UCF-QNRF's too.
    const fs::path fresh = pathOf(dir) / "img_0002_ann.mat";
    writeGroundTruth(fresh, {{1, 2}});
    mat = Mat_Open(fresh.string().c_str(), MAT_ACC_RDONLY);
    matvar_t* info = Mat_VarReadInfo(mat, "annPoints");
    QVERIFY(info != nullptr);
    Mat_VarFree(info);
    Mat_Close(mat);
}

// A ShanghaiTech file that holds more than image_info (a user's notes, a mask, a sparse map,
// uncompressed and compressed) keeps all of it byte for byte when its heads are saved; SciPy reads
// the result.
void TestGroundTruth::shanghaiTechKeepsOtherVariables() {
    if (!pythonHasScipy())
        QSKIP("/usr/bin/python3 with scipy is not available");
    QTemporaryDir dir;
    const fs::path path = pathOf(dir) / "GT_IMG_11.mat";
    const fs::path extras = pathOf(dir) / "extras.mat";
    const QString make = QStringLiteral(
        "import sys, numpy as np, scipy.io, scipy.sparse\n"
        "rec = np.zeros((1,1), dtype=[('location','O'),('number','O')])\n"
        "rec[0,0]['location'] = np.array([[1.0, 2.0], [3.0, 4.0]])\n"
        "rec[0,0]['number'] = np.array([[2]], dtype=np.uint16)\n"
        "cell = np.empty((1,1), dtype=object); cell[0,0] = rec\n"
        "extras = {'notes': 'checked by 김', 'mask': np.eye(3, dtype=np.uint8),\n"
        "          'sparse': scipy.sparse.csc_matrix(np.array([[0, 2.5], [1.0, 0]]))}\n"
        "scipy.io.savemat(sys.argv[1], {'notes': extras['notes'], 'image_info': cell,\n"
        "                  'mask': extras['mask'], 'sparse': extras['sparse']},\n"
        "                 do_compression=False)\n"
        "scipy.io.savemat(sys.argv[2], extras, do_compression=False)\n");
    scipyOutput(make, {QString::fromStdU16String(path.u16string()),
                       QString::fromStdU16String(extras.u16string())});
    QVERIFY(fs::exists(path));
    QCOMPARE(readGroundTruth(path).points.size(), std::size_t(2));
    // The other variables' bytes, as SciPy wrote them.
    const auto spansOf = [](const fs::path& file) {
        const std::vector<std::uint8_t> bytes = readFileBytes(file);
        std::vector<std::pair<std::string, std::vector<std::uint8_t>>> variables;
        for (const MatVariableSpan& span :
             readMatLayout(bytes.data(), bytes.size(), file).variables)
            variables.emplace_back(
                span.names.front(),
                std::vector<std::uint8_t>(bytes.begin() + span.begin, bytes.begin() + span.end));
        return variables;
    };
    const auto before = spansOf(path);
    QCOMPARE(before.size(), std::size_t(4));

    writeGroundTruth(path, samplePoints());
    const GroundTruth truth = readGroundTruth(path);
    QCOMPARE(truth.points.size(), samplePoints().size());
    QCOMPARE(truth.declaredCount, double(samplePoints().size()));
    QCOMPARE(truth.points[2].x, samplePoints()[2].x);
    const auto after = spansOf(path);
    QCOMPARE(after.size(), before.size());
    for (std::size_t i = 0; i < after.size(); ++i) {
        QCOMPARE(after[i].first, before[i].first); // in the same order
        if (after[i].first != "image_info")
            QVERIFY2(after[i].second == before[i].second, after[i].first.c_str());
    }
    const QByteArray check = scipyOutput(
        QStringLiteral("import sys, numpy as np, scipy.io\n"
                       "a, b = scipy.io.loadmat(sys.argv[1]), scipy.io.loadmat(sys.argv[2])\n"
                       "for k in ('notes', 'mask'): assert np.array_equal(a[k], b[k]), k\n"
                       "assert (a['sparse'] != b['sparse']).nnz == 0\n"
                       "info = a['image_info'][0,0][0,0]\n"
                       "print(info['location'].shape[0], float(info['number'][0,0]))\n"),
        {QString::fromStdU16String(path.u16string()),
         QString::fromStdU16String(extras.u16string())});
    QCOMPARE(check.trimmed(), QByteArray::number(int(samplePoints().size())) + " " +
                                  QByteArray::number(int(samplePoints().size())) + ".0");
}

void TestGroundTruth::textFormatsRoundTrip_data() {
    QTest::addColumn<QString>("name");
    QTest::newRow("JHU-Crowd++") << "0001.txt";
    QTest::newRow("NWPU-Crowd") << "0001.json";
    QTest::newRow("CSV of points") << "points.csv";
}

// Every double comes back exactly as written, in each text format.
void TestGroundTruth::textFormatsRoundTrip() {
    QFETCH(QString, name);
    QTemporaryDir dir;
    const fs::path path = pathOf(dir) / name.toStdString();
    const fs::path image = pathOf(dir) / "0001.jpg";
    std::vector<HeadPoint> heads = samplePoints();
    heads.push_back({0.1 + 0.2, 1e-300});
    heads.push_back({-0.0, 123456789.123456789});
    heads.push_back({1e20, 5e-324});
    writeGroundTruth(path, heads, image);
    const GroundTruth truth = readGroundTruth(path, image);
    QCOMPARE(truth.points.size(), heads.size());
    for (std::size_t i = 0; i < heads.size(); ++i) {
        QCOMPARE(truth.points[i].x, heads[i].x);
        QCOMPARE(truth.points[i].y, heads[i].y);
    }
    QCOMPARE(truth.declaredCount, double(heads.size()));
    // Bytes parse as the file does.
    const std::vector<std::uint8_t> bytes = readFileBytes(path);
    QCOMPARE(parseGroundTruth(bytes.data(), bytes.size(), path, image).points.size(), heads.size());
    // NaN is refused, the file untouched.
    std::vector<HeadPoint> bad = heads;
    bad[1].y = std::numeric_limits<double>::quiet_NaN();
    const std::string message = fileErrorOf([&] { writeGroundTruth(path, bad, image); });
    QVERIFY2(message.find("head 2 has a non-finite coordinate") != std::string::npos,
             message.c_str());
    QVERIFY(readFileBytes(path) == bytes);
}

void TestGroundTruth::badTextFiles_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("reason");
    QTest::newRow("txt: a word") << "gt.txt" << QByteArray("10 12 8 9 1 0\n20 abc 1 1 1 0\n")
                                 << "line 2: field 2 'abc' is not a finite number";
    QTest::newRow("txt: NaN") << "gt.txt" << QByteArray("10 nan 1 1 1 0\n")
                              << "line 1: field 2 'nan' is not a finite number";
    QTest::newRow("txt: infinity")
        << "gt.txt" << QByteArray("\n\n1e999 2\n") << "line 3: field 1 '1e999'";
    QTest::newRow("txt: one field") << "gt.txt" << QByteArray("10\n") << "line 1: only one field";
    QTest::newRow("txt: binary") << "gt.txt" << QByteArray("\x01\x02\xff\x00 7", 6)
                                 << "line 1: field 1";
    QTest::newRow("json: truncated") << "a.json" << QByteArray("{\"points\": [[1, 2], [3")
                                     << "line 1: the file ends inside the JSON (truncated?)";
    QTest::newRow("json: NaN") << "a.json" << QByteArray("{\n\"points\": [[1, NaN]]}")
                               << "line 2: NaN and Infinity are not numbers in JSON";
    QTest::newRow("json: out of range") << "a.json" << QByteArray("{\"points\": [[1, 1e999]]}")
                                        << "has a number out of range: '1e999'";
    QTest::newRow("json: not an object") << "a.json" << QByteArray("[1, 2]") << "not a JSON object";
    QTest::newRow("json: three numbers") << "a.json" << QByteArray("{\"points\": [[1, 2, 3]]}")
                                         << "'points' item 1 has more than x and y";
    QTest::newRow("json: strings") << "a.json" << QByteArray("{\"points\": [[\"1\", 2]]}")
                                   << "'points' item 1 is not [x, y] of numbers";
    QTest::newRow("json: twice") << "a.json" << QByteArray("{\"points\": [], \"points\": []}")
                                 << "the key 'points' appears twice";
    QTest::newRow("json: deep") << "a.json"
                                << "{\"a\": " + QByteArray(100, '[') + QByteArray(100, ']') + "}"
                                << "nested deeper than 64 levels";
    QTest::newRow("json: empty") << "a.json" << QByteArray() << "the file is empty";
    QTest::newRow("json: human_num text")
        << "a.json" << QByteArray("{\"human_num\": \"3\"}") << "'human_num' is not a number";
    QTest::newRow("json: trailing comma")
        << "a.json" << QByteArray("{\"points\": [[1, 2],]}") << "expected a JSON value";
    QTest::newRow("json: text after")
        << "a.json" << QByteArray("{} {}") << "text after the JSON object";
    QTest::newRow("json: control in string")
        << "a.json" << QByteArray("{\"a\": \"x\ny\"}") << "a control character inside a string";
    QTest::newRow("csv: short row") << "p.csv" << QByteArray("image,x,y\na.jpg,1\n")
                                    << "line 2: 2 field(s); expected at least 3";
    QTest::newRow("csv: a word") << "p.csv" << QByteArray("image,x,y\na.jpg,one,2\n")
                                 << "line 2: x 'one' is not a finite number";
    QTest::newRow("csv: open quote") << "p.csv" << QByteArray("image,x,y\n\"a.jpg,1,2\n")
                                     << "line 2: a quoted field is not closed";
    QTest::newRow("csv: infinity") << "p.csv" << QByteArray("image,x,y\na.jpg,inf,2\n")
                                   << "line 2: x 'inf' is not a finite number";
    QTest::newRow("csv: x without y")
        << "p.csv" << QByteArray("image,x,y\na.jpg,1,\n") << "line 2: y '' is not a finite number";
    QTest::newRow("csv: no image column")
        << "p.csv" << QByteArray("label,x,y\n") << "line 1: the header names x and y but no image";
    QTest::newRow("csv: not points") << "p.csv" << QByteArray("when,who\nmonday,me\n")
                                     << "line 1: expected a header with image, x and y";
    QTest::newRow("csv: empty") << "p.csv" << QByteArray("\n\n") << "is empty";
    QByteArray manyFields = "1";
    for (int i = 0; i < 70; ++i)
        manyFields += " 1";
    QTest::newRow("txt: 71 fields") << "gt.txt" << manyFields + "\n"
                                    << "line 1: more than 64 fields";
    QTest::newRow("csv: 2000 columns") << "p.csv"
                                       << "image,x,y" + QByteArray(2000, ',') + "\n"
                                       << "line 1: more than 1024 fields";
    QByteArray manyKeys = "{";
    for (int i = 0; i < 5000; ++i)
        manyKeys += (i ? ", \"k" : "\"k") + QByteArray::number(i) + "\": 0";
    QTest::newRow("json: 5000 keys") << "a.json" << manyKeys + "}"
                                     << "more than 4096 keys in the object";
    QTest::newRow("csv: no image name")
        << "p.csv" << QByteArray("a.jpg,1,2\n ,3,4\n") << "line 2: no image name";
}

// Truncated, garbage and non-finite text files: a FileError naming the file and the line, when
// read from disk and from memory; a save over them writes nothing.
void TestGroundTruth::badTextFiles() {
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(QString, reason);
    QTemporaryDir dir;
    const fs::path path = pathOf(dir) / name.toStdString();
    const fs::path image = pathOf(dir) / "a.jpg";
    writeBytes(path, std::vector<std::uint8_t>(content.begin(), content.end()));
    const std::string message = fileErrorOf([&] { readGroundTruth(path, image); });
    QVERIFY2(message.rfind(pathToUtf8(path) + ": ", 0) == 0, message.c_str());
    QVERIFY2(message.find(reason.toStdString()) != std::string::npos, message.c_str());
    const std::string parsed = fileErrorOf([&] {
        parseGroundTruth(reinterpret_cast<const std::uint8_t*>(content.data()),
                         std::size_t(content.size()), "memory" + path.extension().string(), image);
    });
    QVERIFY2(parsed.rfind("memory", 0) == 0 &&
                 parsed.find(reason.toStdString()) != std::string::npos,
             parsed.c_str());
    const std::string written = fileErrorOf([&] { writeGroundTruth(path, {{1, 2}}, image); });
    QVERIFY2(written.rfind(pathToUtf8(path) + ": ", 0) == 0, written.c_str());
    const std::vector<std::uint8_t> after = readFileBytes(path);
    QVERIFY(QByteArray(reinterpret_cast<const char*>(after.data()), int(after.size())) == content);
}

// A text file larger than the limit is refused before a byte of it is read.
void TestGroundTruth::oversizedTextFileIsRefused() {
    QTemporaryDir dir;
    for (const char* name : {"huge.txt", "huge.json", "huge.csv"}) {
        const fs::path path = pathOf(dir) / name;
        writeBytes(path, {'1', ' ', '2', '\n'});
        fs::resize_file(path, (std::uintmax_t{256} << 20) + 1); // sparse: no disk used
        const std::string message =
            fileErrorOf([&] { readGroundTruth(path, pathOf(dir) / "a.jpg"); });
        QVERIFY2(message.rfind(pathToUtf8(path) + ": too large", 0) == 0, message.c_str());
    }
}

// Random byte changes and truncations of valid text files: a result with finite heads or a
// FileError, never a crash, a hang or another exception.
void TestGroundTruth::mutatedTextFilesFailCleanly() {
    const std::vector<std::pair<std::string, std::string>> originals = {
        {"m.txt", "10 12 8 9 1 0\n20.5 22 10 11 2 1\n5 6 4 4 3 0\n"},
        {"m.json", R"({"img_id": "a.jpg", "human_num": 2, "points": [[1.5, 2], [3, 4e1]], )"
                   R"("boxes": [[1, 2, 3, 4], [5, 6, 7, 8]], "x": {"y": [null, true, "\u00e9"]}})"},
        {"m.csv", "image,x,y,tag\na.jpg,1,2,red\n\"a.jpg\",3.5,4,\"x, \"\"y\"\"\"\nb.jpg,,,\n"}};
    std::mt19937 random(7);
    for (const auto& [name, original] : originals) {
        int refused = 0;
        for (int round = 0; round < 500; ++round) {
            std::string bytes = original;
            const int changes = 1 + int(random() % 4);
            for (int c = 0; c < changes; ++c) {
                const char pool[] = "0123456789.-+eE,[]{}\":\n\r \\nNaIf";
                bytes[random() % bytes.size()] =
                    random() % 2 ? pool[random() % (sizeof pool - 1)] : char(random());
            }
            if (random() % 5 == 0)
                bytes.resize(random() % bytes.size());
            try {
                const GroundTruth truth =
                    parseGroundTruth(reinterpret_cast<const std::uint8_t*>(bytes.data()),
                                     bytes.size(), name, "a.jpg");
                for (const HeadPoint& head : truth.points)
                    QVERIFY(std::isfinite(head.x) && std::isfinite(head.y));
            } catch (const FileError& error) {
                ++refused;
                QVERIFY(std::string(error.what()).rfind(name + ": ", 0) == 0);
            }
        }
        QVERIFY2(refused > 0, name.c_str());
    }
}

QTEST_GUILESS_MAIN(TestGroundTruth)
#include "test_ground_truth.moc"
