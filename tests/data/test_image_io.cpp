#include "data/image_io.h"
#include "data_test_util.h"
#include "test_support.h"

#include <QTemporaryDir>
#include <QTest>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cstring>
#include <random>

namespace fs = std::filesystem;
using namespace crowdkd;
using namespace crowdkd::test;

namespace {

// A JPEG with an EXIF APP1 segment carrying `orientation`, inserted right after SOI.
std::vector<std::uint8_t> jpegWithOrientation(const cv::Mat& image, int orientation) {
    const std::vector<std::uint8_t> jpeg = encode(image, ".jpg");
    const std::vector<std::uint8_t> tiff = {'I',
                                            'I',
                                            42,
                                            0,
                                            8,
                                            0,
                                            0,
                                            0,
                                            1,
                                            0,
                                            0x12,
                                            0x01,
                                            3,
                                            0,
                                            1,
                                            0,
                                            0,
                                            0,
                                            static_cast<std::uint8_t>(orientation),
                                            0,
                                            0,
                                            0,
                                            0,
                                            0,
                                            0,
                                            0};
    const std::size_t length = 2 + 6 + tiff.size();
    std::vector<std::uint8_t> bytes(jpeg.begin(), jpeg.begin() + 2);
    bytes.insert(bytes.end(), {0xFF, 0xE1, static_cast<std::uint8_t>(length >> 8),
                               static_cast<std::uint8_t>(length & 0xFF)});
    const char exif[] = "Exif\0";
    bytes.insert(bytes.end(), exif, exif + 6);
    bytes.insert(bytes.end(), tiff.begin(), tiff.end());
    bytes.insert(bytes.end(), jpeg.begin() + 2, jpeg.end());
    return bytes;
}

// Offset of a JPEG's baseline start-of-frame marker.
std::size_t sofOffset(const std::vector<std::uint8_t>& jpeg) {
    for (std::size_t i = 2; i + 1 < jpeg.size(); ++i) {
        if (jpeg[i] == 0xFF && jpeg[i + 1] == 0xC0)
            return i;
    }
    return 0;
}

bool identical(const cv::Mat& a, const cv::Mat& b) {
    return a.size() == b.size() && a.type() == b.type() &&
           (a.empty() || cv::norm(a, b, cv::NORM_INF) == 0.0);
}

} // namespace

/// Image decoding from bytes: cv::imread semantics, bit-exact, with explicit EXIF handling and
/// every kind of bad file refused by name.
class TestImageIo : public QObject {
    Q_OBJECT

private slots:
    void matchesImreadOnShanghaiTech_data();
    void matchesImreadOnShanghaiTech();
    void formatsAndDepths_data();
    void formatsAndDepths();
    void exifOrientationIsApplied();
    void koreanAndSpacePaths();
    void badInputs_data();
    void badInputs();
    void imageFileNames();
    void mutatedImagesFailCleanly();
};

void TestImageIo::matchesImreadOnShanghaiTech_data() {
    QTest::addColumn<QString>("relative");
    // IMG_1 is a colour JPEG, IMG_13 a grayscale one.
    QTest::newRow("colour") << QStringLiteral(
        "data/ShanghaiTech/part_A/train_data/images/IMG_1.jpg");
    QTest::newRow("grayscale") << QStringLiteral(
        "data/ShanghaiTech/part_A/train_data/images/IMG_13.jpg");
}

void TestImageIo::matchesImreadOnShanghaiTech() {
    QFETCH(QString, relative);
    CROWDKD_REQUIRE_SHARED(relative);
    const fs::path path = sharedPath(relative);
    const cv::Mat color = readImage(path, ImageMode::Color);
    const cv::Mat gray = readImage(path, ImageMode::Grayscale);
    QCOMPARE(color.type(), CV_8UC3);
    QCOMPARE(gray.type(), CV_8UC1);
    QVERIFY(identical(color, cv::imread(path.string(), cv::IMREAD_COLOR)));
    QVERIFY(identical(gray, cv::imread(path.string(), cv::IMREAD_GRAYSCALE)));
    QCOMPARE(readImageSize(path), color.size());
}

void TestImageIo::formatsAndDepths_data() {
    QTest::addColumn<QString>("extension");
    QTest::addColumn<int>("type");
    QTest::newRow("gray png") << ".png" << CV_8UC1;
    QTest::newRow("rgb png") << ".png" << CV_8UC3;
    QTest::newRow("rgba png") << ".png" << CV_8UC4;
    QTest::newRow("16-bit gray png") << ".png" << CV_16UC1;
    QTest::newRow("16-bit rgb png") << ".png" << CV_16UC3;
    QTest::newRow("gray jpeg") << ".jpg" << CV_8UC1;
    QTest::newRow("bmp") << ".bmp" << CV_8UC3;
    QTest::newRow("webp") << ".webp" << CV_8UC3;
    QTest::newRow("tiff") << ".tiff" << CV_8UC3;
}

void TestImageIo::formatsAndDepths() {
    QFETCH(QString, extension);
    QFETCH(int, type);
    cv::Mat image = testPattern(40, 30);
    if (CV_MAT_CN(type) == 1)
        cv::cvtColor(image, image, cv::COLOR_BGR2GRAY);
    if (CV_MAT_CN(type) == 4)
        cv::cvtColor(image, image, cv::COLOR_BGR2BGRA);
    if (CV_MAT_DEPTH(type) == CV_16U)
        image.convertTo(image, type, 257.0);
    QCOMPARE(image.type(), type);

    QTemporaryDir dir;
    const fs::path path = pathOf(dir) / ("image" + extension.toStdString());
    writeBytes(path, encode(image, extension.toStdString()));
    for (const auto& [mode, flag, expected] :
         {std::tuple{ImageMode::Color, cv::IMREAD_COLOR, CV_8UC3},
          std::tuple{ImageMode::Grayscale, cv::IMREAD_GRAYSCALE, CV_8UC1}}) {
        const cv::Mat decoded = readImage(path, mode);
        QCOMPARE(decoded.type(), expected);
        QCOMPARE(decoded.size(), cv::Size(40, 30));
        QVERIFY(identical(decoded, cv::imread(path.string(), flag)));
    }
    QCOMPARE(readImageSize(path), cv::Size(40, 30));
}

void TestImageIo::exifOrientationIsApplied() {
    // OpenCV 4.6 applies EXIF orientation in imdecode exactly as in imread (both only ignore it
    // with IMREAD_IGNORE_ORIENTATION or IMREAD_UNCHANGED). We keep that: a phone picture
    // taken upright is upright, and the grayscale MCNN input stays identical to imread's.
    QTemporaryDir dir;
    const cv::Mat image = testPattern(48, 32);
    for (int orientation : {1, 3, 6, 8}) {
        const fs::path path = pathOf(dir) / ("exif" + std::to_string(orientation) + ".jpg");
        writeBytes(path, jpegWithOrientation(image, orientation));
        const bool turned = orientation >= 5;
        const cv::Size expected = turned ? cv::Size(32, 48) : cv::Size(48, 32);
        const cv::Mat color = readImage(path, ImageMode::Color);
        const cv::Mat gray = readImage(path, ImageMode::Grayscale);
        QCOMPARE(color.size(), expected);
        QCOMPARE(gray.size(), expected);
        QCOMPARE(readImageSize(path), expected);
        QVERIFY(identical(color, cv::imread(path.string(), cv::IMREAD_COLOR)));
        QVERIFY(identical(gray, cv::imread(path.string(), cv::IMREAD_GRAYSCALE)));
        // The stored pixels are not turned: only the orientation tag differs.
        QCOMPARE(cv::imread(path.string(), cv::IMREAD_UNCHANGED).size(), cv::Size(48, 32));
    }
}

void TestImageIo::koreanAndSpacePaths() {
    QTemporaryDir dir;
    const fs::path path = pathOf(dir) / utf8Path("군중 사진") / utf8Path("광장 이미지 1.jpg");
    writeTestJpeg(path, 64, 48);
    QCOMPARE(readImage(path).size(), cv::Size(64, 48));
    QCOMPARE(readImage(path, ImageMode::Grayscale).type(), CV_8UC1);
    QCOMPARE(readImageSize(path), cv::Size(64, 48));
}

void TestImageIo::badInputs_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("reason");

    const std::vector<std::uint8_t> jpeg = encode(testPattern(64, 64), ".jpg");
    const std::vector<std::uint8_t> png = encode(testPattern(64, 64), ".png");
    auto bytesOf = [](const std::vector<std::uint8_t>& data, std::size_t count) {
        return QByteArray(reinterpret_cast<const char*>(data.data()),
                          static_cast<int>(std::min(count, data.size())));
    };
    QTest::newRow("zero bytes") << QByteArray() << "empty file";
    QTest::newRow("text named .jpg") << QByteArray("this is not an image\n") << "cannot decode";
    QTest::newRow("truncated jpeg") << bytesOf(jpeg, jpeg.size() * 6 / 10) << "truncated JPEG";
    QTest::newRow("jpeg header only") << bytesOf(jpeg, 40) << "JPEG";
    QTest::newRow("truncated png") << bytesOf(png, png.size() / 2) << "truncated PNG";
    QTest::newRow("png without its IEND chunk") << bytesOf(png, png.size() - 12) << "truncated PNG";
    QTest::newRow("png signature only") << bytesOf(png, 10) << "PNG";

    std::vector<std::uint8_t> huge = jpeg;
    const std::size_t sof = sofOffset(huge);
    huge[sof + 5] = 20000 >> 8; // height
    huge[sof + 6] = 20000 & 0xFF;
    huge[sof + 7] = 20000 >> 8; // width
    huge[sof + 8] = 20000 & 0xFF;
    QTest::newRow("20000x20000 jpeg header") << bytesOf(huge, huge.size()) << "too large";
    std::vector<std::uint8_t> hugePng = png;
    for (int i : {16, 20}) { // IHDR width and height, big-endian
        hugePng[std::size_t(i)] = 0;
        hugePng[std::size_t(i) + 1] = 0;
        hugePng[std::size_t(i) + 2] = 20000 >> 8;
        hugePng[std::size_t(i) + 3] = 20000 & 0xFF;
    }
    QTest::newRow("20000x20000 png header") << bytesOf(hugePng, hugePng.size()) << "too large";

    // A TIFF whose directory claims 20000×20000 (ImageWidth and ImageLength as LONG values).
    std::vector<std::uint8_t> hugeTiff = {'I', 'I', 42, 0, 8, 0, 0, 0, 2, 0};
    for (std::uint8_t tag : {0, 1}) { // tags 256 and 257
        const std::uint8_t entry[12] = {tag, 1, 4, 0, 1, 0, 0, 0, 0x20, 0x4E, 0, 0};
        hugeTiff.insert(hugeTiff.end(), entry, entry + 12);
    }
    hugeTiff.resize(hugeTiff.size() + 4, 0);
    QTest::newRow("20000x20000 tiff header") << bytesOf(hugeTiff, hugeTiff.size()) << "too large";

    const std::vector<std::uint8_t> tiny = encode(testPattern(1, 1), ".png");
    QTest::newRow("1x1 image") << bytesOf(tiny, tiny.size()) << "too small";
}

void TestImageIo::badInputs() {
    QFETCH(QByteArray, bytes);
    QFETCH(QString, reason);
    QTemporaryDir dir;
    const fs::path path = pathOf(dir) / utf8Path("나쁜 IMG_1.jpg");
    writeBytes(path, std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
    const std::string name = pathToUtf8(path);
    for (ImageMode mode : {ImageMode::Color, ImageMode::Grayscale}) {
        const std::string message = fileErrorOf([&] { readImage(path, mode); });
        QVERIFY2(message.rfind(name + ": ", 0) == 0, message.c_str());
        QVERIFY2(message.find(reason.toStdString()) != std::string::npos, message.c_str());
    }
    const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.constData());
    const std::string fromMemory = fileErrorOf(
        [&] { decodeImage(data, std::size_t(bytes.size()), ImageMode::Color, "memory.jpg"); });
    QVERIFY2(fromMemory.rfind("memory.jpg: ", 0) == 0, fromMemory.c_str());
    // The size query (all `crowdkd density` reads) refuses the same files for the same reason, a
    // truncated JPEG or PNG included, so that `density` and `count` agree on them.
    const std::string sizeMessage = fileErrorOf([&] { readImageSize(path); });
    QCOMPARE(sizeMessage, fileErrorOf([&] { readImage(path); }));
}

void TestImageIo::imageFileNames() {
    QVERIFY(isImageFileName("IMG_1.jpg"));
    QVERIFY(isImageFileName("a/b/IMG_1.JPEG"));
    QVERIFY(isImageFileName("x.png"));
    QVERIFY(!isImageFileName("Thumbs.db"));
    QVERIFY(!isImageFileName("GT_IMG_1.mat"));
    QVERIFY(!isImageFileName("jpg"));
}

void TestImageIo::mutatedImagesFailCleanly() {
    // Random byte changes and truncations of small JPEG and PNG files: a decoded image or a
    // FileError, never a crash or another exception.
    std::mt19937 random(5);
    for (const char* extension : {".jpg", ".png"}) {
        const std::vector<std::uint8_t> original = encode(testPattern(48, 40), extension);
        for (int round = 0; round < 150; ++round) {
            std::vector<std::uint8_t> bytes = original;
            const int changes = 1 + int(random() % 4);
            for (int c = 0; c < changes; ++c)
                bytes[random() % bytes.size()] = std::uint8_t(random());
            if (random() % 4 == 0)
                bytes.resize(random() % bytes.size());
            try {
                const cv::Mat image =
                    decodeImage(bytes.data(), bytes.size(), ImageMode::Grayscale, "mutated");
                QCOMPARE(image.type(), CV_8UC1);
            } catch (const FileError& error) {
                QVERIFY(std::string(error.what()).rfind("mutated: ", 0) == 0);
            }
        }
    }
}

QTEST_GUILESS_MAIN(TestImageIo)
#include "test_image_io.moc"
