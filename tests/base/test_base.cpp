#include "base/error.h"
#include "base/file_io.h"
#include "base/npy.h"
#include "test_support.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <filesystem>

namespace fs = std::filesystem;
using namespace crowdkd;

/// The standard-library base: .npy I/O and atomic file writes.
class TestBase : public QObject {
    Q_OBJECT

private slots:
    void npyRoundTrip();
    void npyReadsSciPyFixture();
    void npyRejectsBadInput_data();
    void npyRejectsBadInput();
    void atomicWriteReplacesWholeFile();
    void atomicWriteFailureKeepsOriginal();
    void koreanPaths();
};

void TestBase::npyRoundTrip() {
    QTemporaryDir dir;
    const fs::path file = fs::path(dir.path().toStdU16String()) / "map.npy";
    std::vector<float> values(6 * 7);
    for (std::size_t i = 0; i < values.size(); ++i)
        values[i] = std::sin(static_cast<float>(i)) * 1e-3f;
    writeNpy(file, values.data(), {6, 7});
    const NpyArray back = readNpy(file);
    QCOMPARE(back.shape, (std::vector<std::size_t>{6, 7}));
    QCOMPARE(back.values, values);
    // The data must start on a 64-byte boundary, as NumPy writes it.
    const auto bytes = readFileBytes(file);
    QCOMPARE((bytes.size() - values.size() * 4) % 64, std::size_t{0});
}

void TestBase::npyReadsSciPyFixture() {
    CROWDKD_REQUIRE_SHARED("fixtures/pytorch/mcnn_density.npy");
    const NpyArray map = readNpy(test::sharedPath("fixtures/pytorch/mcnn_density.npy"));
    QCOMPARE(map.shape, (std::vector<std::size_t>{24, 32}));
    double sum = 0;
    for (float v : map.values)
        sum += v;
    // manifest.json records the count PyTorch computed from this very map.
    QVERIFY(std::abs(sum - 6186.60107421875) < 0.01);
}

void TestBase::npyRejectsBadInput_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");
    QTest::newRow("empty") << QByteArray() << "bad magic";
    QTest::newRow("text") << QByteArray("hello world, not numpy") << "bad magic";
    const QByteArray header = "{'descr': '<f4', 'fortran_order': False, 'shape': (4, 4), }\n";
    QByteArray truncated("\x93NUMPY\x01\x00", 8);
    truncated.append(char(header.size()));
    truncated.append(char(0));
    truncated.append(header);
    truncated.append(QByteArray(10, '\0'));
    QTest::newRow("truncated data") << truncated << "truncated .npy data";
    QByteArray object = truncated;
    object.replace("<f4", "|O8");
    QTest::newRow("object dtype") << object << "unsupported .npy dtype";
    QByteArray shortHeader("\x93NUMPY\x01\x00\xff\x00{'d", 13);
    QTest::newRow("truncated header") << shortHeader << "truncated .npy header";
}

void TestBase::npyRejectsBadInput() {
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    try {
        parseNpy(reinterpret_cast<const std::uint8_t*>(bytes.constData()),
                 static_cast<std::size_t>(bytes.size()), "bad.npy");
        QFAIL("bad input was accepted");
    } catch (const FileError& error) {
        QVERIFY2(QString::fromStdString(error.what()).startsWith("bad.npy: "), error.what());
        QVERIFY2(QString::fromStdString(error.what()).contains(expected), error.what());
    }
}

void TestBase::atomicWriteReplacesWholeFile() {
    QTemporaryDir dir;
    const fs::path file = fs::path(dir.path().toStdU16String()) / "a.txt";
    writeFileAtomically(file, std::string("old content that is long"));
    writeFileAtomically(file, std::string("new"));
    const auto bytes = readFileBytes(file);
    QCOMPARE(std::string(bytes.begin(), bytes.end()), std::string("new"));
    // No temporary files are left behind.
    QCOMPARE(std::distance(fs::directory_iterator(file.parent_path()), fs::directory_iterator()),
             1);
}

void TestBase::atomicWriteFailureKeepsOriginal() {
    QTemporaryDir dir;
    const fs::path folder = fs::path(dir.path().toStdU16String());
    const fs::path file = folder / "keep.txt";
    writeFileAtomically(file, std::string("precious"));
    // A folder at the target's name cannot be replaced by a file: the write must fail cleanly.
    const fs::path blocked = folder / "blocked";
    fs::create_directory(blocked);
    fs::create_directory(blocked / "child");
    QVERIFY_THROWS_EXCEPTION(FileError, writeFileAtomically(blocked, std::string("x")));
    QVERIFY(fs::is_directory(blocked / "child"));
    const fs::path missing = folder / "no-such-folder" / "x.txt";
    try {
        writeFileAtomically(missing, std::string("x"));
        QFAIL("write into a missing folder succeeded");
    } catch (const FileError& error) {
        QVERIFY(QString::fromStdString(error.what()).contains("no-such-folder"));
    }
    const auto bytes = readFileBytes(file);
    QCOMPARE(std::string(bytes.begin(), bytes.end()), std::string("precious"));
    QCOMPARE(std::distance(fs::directory_iterator(folder), fs::directory_iterator()), 2);
}

void TestBase::koreanPaths() {
    QTemporaryDir dir;
    const fs::path folder = fs::path(dir.path().toStdU16String()) / pathFromUtf8("군중 데이터");
    fs::create_directory(folder);
    const fs::path file = folder / pathFromUtf8("밀집도 맵.npy");
    const float values[] = {1, 2, 3};
    writeNpy(file, values, {3});
    QCOMPARE(readNpy(file).values, (std::vector<float>{1, 2, 3}));
    QVERIFY(pathToUtf8(file).find("밀집도 맵.npy") != std::string::npos);
}

QTEST_GUILESS_MAIN(TestBase)
#include "test_base.moc"
