// The core readers on every file of the bad-input corpus (tests/data/bad) and every input that once
// crashed a fuzzer (fuzz/regressions): each must return a result or throw crowdkd::FileError naming
// the file, never crash. Labelled `core`, so it also runs under AddressSanitizer + UBSan in CI.
#include "base/error.h"
#include "base/file_io.h"
#include "base/npy.h"
#include "data/ground_truth.h"
#include "data/image_io.h"
#include "test_support.h"

#include <QtTest>

#include <filesystem>

namespace fs = std::filesystem;
using namespace crowdkd;

class TestReadersOnBadFiles : public QObject {
    Q_OBJECT

private slots:
    void everyReaderOnEveryFile_data();
    void everyReaderOnEveryFile();
};

void TestReadersOnBadFiles::everyReaderOnEveryFile_data() {
    QTest::addColumn<QString>("file");
    const fs::path sourceDir = fs::path(CROWDKD_TEST_DATA_DIR).parent_path().parent_path();
    int added = 0;
    for (const fs::path& folder : {sourceDir / "tests/data/bad", sourceDir / "fuzz/regressions"}) {
        if (!fs::exists(folder))
            continue;
        for (const auto& entry : fs::recursive_directory_iterator(folder)) {
            if (!entry.is_regular_file() || entry.path().extension() == ".py")
                continue;
            const std::string name = pathToUtf8(fs::relative(entry.path(), sourceDir));
            QTest::newRow(name.c_str()) << QString::fromStdString(pathToUtf8(entry.path()));
            ++added;
        }
    }
    QVERIFY2(added > 30, "the bad-input corpus is missing");
}

void TestReadersOnBadFiles::everyReaderOnEveryFile() {
    QFETCH(QString, file);
    const fs::path path = pathFromUtf8(file.toStdString());
    const std::vector<std::uint8_t> bytes = readFileBytes(path);
    int refused = 0;
    // Each reader either succeeds or names the file in its error.
    auto attempt = [&](auto&& read) {
        try {
            read();
        } catch (const FileError& error) {
            QCOMPARE(error.path(), path);
            QVERIFY(!error.reason().empty());
            ++refused;
        }
    };
    attempt([&] {
        const NpyArray array = parseNpy(bytes.data(), bytes.size(), path);
        QCOMPARE(array.values.size(), array.elementCount());
    });
    attempt([&] {
        for (const HeadPoint& point : readGroundTruth(path).points)
            QVERIFY(std::isfinite(point.x) && std::isfinite(point.y));
    });
    attempt([&] {
        const cv::Mat image = decodeImage(bytes.data(), bytes.size(), ImageMode::Grayscale, path);
        QVERIFY(!image.empty());
    });
    attempt([&] { readImageSize(path); });
    // No file of the corpus is all four at once.
    QVERIFY(refused >= 2);
}

QTEST_GUILESS_MAIN(TestReadersOnBadFiles)
#include "test_readers_on_bad_files.moc"
