// Bad inputs: every `crowdkd` command on broken, odd and edge-case files (tests/data/bad, made by
// make_bad_inputs.py) and folders (made here). Each case states its expected outcome: exit 1 with
// a message naming the file and the reason, or — when the input is legitimately valid — exit 0 and
// a sensible result. No case may crash or hang. Set CROWDKD_RELIABILITY_TABLE=file.md to get the
// outcome table of docs/reliability.md.
#include "base/error.h"
#include "base/npy.h"
#include "effective_user.h"
#include "non_files.h"
#include "program_runner.h"
#include "test_support.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <functional>
#include <grp.h>
#include <numeric>
#include <sys/stat.h>
#include <tuple>
#include <unistd.h>

using namespace crowdkd;

namespace {

// Time limit of one case: far above what any case needs (a hang is a failure, not a wait).
constexpr int kCaseTimeoutMs = 120'000;

QString badDir() {
    return QDir::cleanPath(QStringLiteral(CROWDKD_TEST_DATA_DIR "/bad"));
}

} // namespace

class TestBadInputs : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void commandOnInput_data();
    void commandOnInput();
    void outputsThatAreNotOurs();
    void numericOptionLimits_data();
    void numericOptionLimits();
    void unreadableFolder();

private:
    QString expand(const QString& argument) const;
    bool commandExists(const QString& command);

    QTemporaryDir m_temp;
    QHash<QString, bool> m_commands;
    QFile m_table;
};

void TestBadInputs::initTestCase() {
    QVERIFY(m_temp.isValid());
    QVERIFY2(QFileInfo::exists(badDir() + QStringLiteral("/valid.jpg")),
             "tests/data/bad is missing: run tests/data/bad/make_bad_inputs.py");
    const QDir temp(m_temp.path());
    auto copy = [&](const QString& from, const QString& to) {
        QVERIFY(QDir().mkpath(QFileInfo(temp.filePath(to)).path()));
        QVERIFY(QFile::copy(badDir() + QLatin1Char('/') + from, temp.filePath(to)));
    };
    // An empty dataset folder.
    QVERIFY(temp.mkpath(QStringLiteral("empty")));
    // Symbolic-link loops only (a -> b -> a, and a folder link to its own parent).
    QVERIFY(temp.mkpath(QStringLiteral("loops/train_data/images")));
    QVERIFY(temp.mkpath(QStringLiteral("loops/train_data/ground-truth")));
    namespace fs = std::filesystem;
    const fs::path loops =
        fs::path(temp.filePath(QStringLiteral("loops/train_data")).toStdString());
    fs::create_symlink("b", loops / "images/a");
    fs::create_symlink("a", loops / "images/b");
    fs::create_directory_symlink("..", loops / "images/up");
    fs::create_directory_symlink("../..", loops / "ground-truth/root");
    // The same loops beside one valid annotated image.
    fs::copy(fs::path(temp.filePath(QStringLiteral("loops")).toStdString()),
             fs::path(temp.filePath(QStringLiteral("loops_valid")).toStdString()),
             fs::copy_options::recursive | fs::copy_options::copy_symlinks);
    copy(QStringLiteral("valid.jpg"), QStringLiteral("loops_valid/train_data/images/IMG_1.jpg"));
    copy(QStringLiteral("one_head.mat"),
         QStringLiteral("loops_valid/train_data/ground-truth/GT_IMG_1.mat"));
    // A split whose files are all broken in a different way.
    copy(QStringLiteral("valid.jpg"), QStringLiteral("broken/train_data/images/IMG_1.jpg"));
    copy(QStringLiteral("truncated.mat"),
         QStringLiteral("broken/train_data/ground-truth/GT_IMG_1.mat"));
    copy(QStringLiteral("truncated.jpg"), QStringLiteral("broken/train_data/images/IMG_2.jpg"));
    copy(QStringLiteral("one_head.mat"),
         QStringLiteral("broken/train_data/ground-truth/GT_IMG_2.mat"));
    copy(QStringLiteral("text.jpg"), QStringLiteral("broken/train_data/images/IMG_3.jpg"));
    copy(QStringLiteral("nan_location.mat"),
         QStringLiteral("broken/train_data/ground-truth/GT_IMG_3.mat"));
    // Korean file and folder names with spaces.
    copy(QStringLiteral("valid.jpg"),
         QStringLiteral("군중 데이터/train_data/images/광장 사진 1.jpg"));
    copy(QStringLiteral("one_head.mat"),
         QStringLiteral("군중 데이터/train_data/ground-truth/GT_광장 사진 1.mat"));
    copy(QStringLiteral("text.jpg"), QStringLiteral("깨진 사진 2.jpg"));
    // Odd files in place of inputs: FIFOs (reading one blocks forever), a symbolic-link loop and a
    // link to a missing file.
    for (const char* fifo : {"fifo.jpg", "fifo.mat", "fifo.pth"})
        QCOMPARE(::mkfifo(temp.filePath(QString::fromLatin1(fifo)).toLocal8Bit().constData(), 0644),
                 0);
    const fs::path tempPath = fs::path(m_temp.path().toStdString());
    fs::create_symlink("loop.jpg", tempPath / "loop.jpg");
    fs::create_symlink("missing.jpg", tempPath / "dangling.jpg");

    const QByteArray tablePath = qgetenv("CROWDKD_RELIABILITY_TABLE");
    if (!tablePath.isEmpty()) {
        m_table.setFileName(QString::fromLocal8Bit(tablePath));
        QVERIFY(m_table.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text));
        m_table.write("| case | command | expected | exit | message (stderr, first line) |\n"
                      "| --- | --- | --- | --- | --- |\n");
    }
}

void TestBadInputs::cleanupTestCase() {
    if (m_table.isOpen())
        m_table.close();
}

// @bad/ is tests/data/bad, @tmp/ the folders made above, @weights the MCNN fixture state dict.
QString TestBadInputs::expand(const QString& argument) const {
    QString text = argument;
    text.replace(QStringLiteral("@bad/"), badDir() + QLatin1Char('/'));
    text.replace(QStringLiteral("@tmp/"), m_temp.path() + QLatin1Char('/'));
    text.replace(
        QStringLiteral("@weights"),
        QDir(test::sharedDir()).filePath(QStringLiteral("fixtures/pytorch/mcnn_state_dict.pth")));
    return text;
}

bool TestBadInputs::commandExists(const QString& command) {
    if (!m_commands.contains(command))
        m_commands.insert(command, test::hasSubcommand(command));
    return m_commands.value(command);
}

void TestBadInputs::commandOnInput_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    // Each must appear in the output (stderr for failures: the file's name and the reason).
    QTest::addColumn<QStringList>("messages");
    // For `density` successes: the expected sum of the map written to @tmp/out.npy (heads inside
    // the image: the default border mode preserves each head's mass), else -1.
    QTest::addColumn<double>("densitySum");

    auto fails = [](const char* name, QStringList arguments, QStringList messages) {
        QTest::newRow(name) << arguments << 1 << messages << -1.0;
    };
    const QString density = QStringLiteral("density");
    const QString out = QStringLiteral("--out");
    const QString outNpy = QStringLiteral("@tmp/out.npy");
    auto densityOf = [&](const QString& image, const QString& groundTruth) {
        return QStringList{density, QStringLiteral("@bad/") + image,
                           QStringLiteral("@bad/") + groundTruth, out, outNpy};
    };
    const QString valid = QStringLiteral("valid.jpg");
    const QString oneHead = QStringLiteral("one_head.mat");

    // density: images (the map needs the image's size; the header is read).
    fails("density/zero-byte jpg", densityOf("zero.jpg", oneHead), {"zero.jpg", "empty file"});
    fails("density/zero-byte png", densityOf("zero.png", oneHead), {"zero.png", "empty file"});
    fails("density/text named .jpg", densityOf("text.jpg", oneHead), {"text.jpg", "not an image"});
    fails("density/20000x20000 jpg header", densityOf("huge_header.jpg", oneHead),
          {"huge_header.jpg", "too large", "20000x20000"});
    fails("density/20000x20000 png header", densityOf("huge_header.png", oneHead),
          {"huge_header.png", "too large", "20000x20000"});
    fails("density/1x1 png", densityOf("one_pixel.png", oneHead), {"one_pixel.png", "too small"});
    fails("density/1x1 jpg", densityOf("one_pixel.jpg", oneHead), {"one_pixel.jpg", "too small"});
    // A truncated image whose header is intact: `density` reads no pixels, but refuses it by the
    // same rule as `count` (which decodes them), so the two agree (issue #14).
    fails("density/truncated jpg (header intact)", densityOf("truncated.jpg", oneHead),
          {"truncated.jpg", "truncated JPEG"});
    fails("density/truncated png (header intact)", densityOf("truncated.png", oneHead),
          {"truncated.png", "truncated PNG"});
    // Odd files: a FIFO is never opened (reading one blocks forever); a link loop or a link to a
    // missing file is named as such, not as a missing file.
    fails("density/FIFO as image", {density, "@tmp/fifo.jpg", "@bad/one_head.mat", out, outNpy},
          {"fifo.jpg", "not a regular file (a FIFO"});
    fails("density/FIFO as ground truth", {density, "@bad/valid.jpg", "@tmp/fifo.mat", out, outNpy},
          {"fifo.mat", "not a regular file (a FIFO"});
    fails("density/symlink loop as image",
          {density, "@tmp/loop.jpg", "@bad/one_head.mat", out, outNpy},
          {"loop.jpg", "Too many levels of symbolic links"});
    fails("density/broken symlink as image",
          {density, "@tmp/dangling.jpg", "@bad/one_head.mat", out, outNpy},
          {"dangling.jpg", "broken symbolic link"});
    // density: ground truth.
    fails("density/truncated mat", densityOf(valid, "truncated.mat"),
          {"truncated.mat", "truncated"});
    fails("density/v7.3 (HDF5) mat", densityOf(valid, "v73.mat"), {"v73.mat", "v7.3"});
    fails("density/text named .mat", densityOf(valid, "text.mat"), {"text.mat", "not a MATLAB"});
    fails("density/image_info of class char", densityOf(valid, "wrong_class.mat"),
          {"wrong_class.mat", "class char"});
    fails("density/location 3x3", densityOf(valid, "wrong_shape.mat"), {"wrong_shape.mat", "3x3"});
    fails("density/no image_info", densityOf(valid, "no_image_info.mat"),
          {"no_image_info.mat", "image_info"});
    fails("density/NaN location", densityOf(valid, "nan_location.mat"),
          {"nan_location.mat", "non-finite"});
    fails("density/Inf location", densityOf(valid, "inf_location.mat"),
          {"inf_location.mat", "non-finite"});
    // density: valid inputs.
    QTest::newRow("density/0 heads")
        << densityOf(valid, "zero_heads.mat") << 0 << QStringList{"heads 0"} << 0.0;
    QTest::newRow("density/1 head")
        << densityOf(valid, oneHead) << 0 << QStringList{"heads 1"} << 1.0;
    QTest::newRow("density/duplicate heads")
        << densityOf(valid, "duplicate_heads.mat") << 0 << QStringList{"heads 7"} << 7.0;
    QTest::newRow("density/negative coordinates")
        << densityOf(valid, "negative_location.mat") << 0 << QStringList{"2 outside"} << 1.0;
    QTest::newRow("density/out-of-image coordinates")
        << densityOf(valid, "outside_location.mat") << 0 << QStringList{"3 outside"} << 1.0;
    QTest::newRow("density/png image")
        << densityOf("valid.png", "many_heads.mat") << 0 << QStringList{"heads 40"} << -1.0;
    QTest::newRow("density/Korean names with spaces")
        << QStringList{density,
                       QStringLiteral("@tmp/군중 데이터/train_data/images/광장 사진 1.jpg"),
                       QStringLiteral(
                           "@tmp/군중 데이터/train_data/ground-truth/GT_광장 사진 1.mat"),
                       out, QStringLiteral("@tmp/밀도 지도 1.npy")}
        << 0 << QStringList{"밀도 지도 1.npy"} << -1.0;
    fails("density/Korean name, broken image",
          {density, "@tmp/깨진 사진 2.jpg", "@bad/one_head.mat", out, outNpy}, {"깨진 사진 2.jpg"});
    fails("density/missing file", densityOf("no_such_file.jpg", oneHead),
          {"no_such_file.jpg", "does not exist"});

    // info: a report of a dataset; problems inside it are listed (exit 0), a dataset that cannot
    // be read at all fails.
    const QString info = QStringLiteral("info");
    fails("info/missing folder", {info, "@tmp/no such dataset"},
          {"no such dataset", "does not exist"});
    QTest::newRow("info/empty folder")
        << QStringList{info, "@tmp/empty"} << 0 << QStringList{"empty", "no images found"} << -1.0;
    QTest::newRow("info/symlink loops only")
        << QStringList{info, "@tmp/loops"} << 0
        << QStringList{"images/a", "Too many levels of symbolic links"} << -1.0;
    QTest::newRow("info/symlink loops beside a valid image")
        << QStringList{info, "@tmp/loops_valid", "--check-images"} << 0
        << QStringList{"1 with readable ground truth", "symbolic links"} << -1.0;
    QTest::newRow("info/broken files")
        << QStringList{info, "@tmp/broken", "--check-images"} << 0
        << QStringList{"GT_IMG_1.mat", "truncated", "GT_IMG_3.mat", "non-finite"} << -1.0;
    QTest::newRow("info/Korean names with spaces")
        << QStringList{info, "@tmp/군중 데이터", "--check-images"} << 0
        << QStringList{"군중 데이터", "1 with readable ground truth"} << -1.0;
    fails("info/a file, not a folder", {info, "@bad/valid.jpg"}, {"valid.jpg"});

    // count: decodes the pixels, so every broken image fails.
    const QString count = QStringLiteral("count");
    const QString weights = QStringLiteral("--weights");
    auto countOf = [&](const QString& weightsFile, const QString& image) {
        return QStringList{count, weights, weightsFile, image};
    };
    fails("count/zero-byte jpg", countOf("@weights", "@bad/zero.jpg"), {"zero.jpg", "empty file"});
    // Two images whose outputs share a name: refused before anything is written, naming both.
    const QString firstOne = QStringLiteral("@tmp/loops_valid/train_data/images/IMG_1.jpg");
    const QString secondOne = QStringLiteral("@tmp/broken/train_data/images/IMG_1.jpg");
    fails("count/two maps named IMG_1.npy",
          countOf("@weights", firstOne) +
              QStringList{secondOne, QStringLiteral("--density-out"), QStringLiteral("@tmp/maps")},
          {"broken/train_data/images/IMG_1.jpg: would be written to", "IMG_1.npy",
           "loops_valid/train_data/images/IMG_1.jpg"});
    fails("propose/two files named GT_IMG_1.mat",
          {QStringLiteral("propose"), weights, QStringLiteral("@weights"), QStringLiteral("--out"),
           QStringLiteral("@tmp/proposed"), firstOne, secondOne},
          {"would be written to", "GT_IMG_1.mat"});
    fails("count/truncated jpg", countOf("@weights", "@bad/truncated.jpg"),
          {"truncated.jpg", "truncated"});
    fails("count/truncated png", countOf("@weights", "@bad/truncated.png"),
          {"truncated.png", "truncated PNG"});
    fails("count/text named .jpg", countOf("@weights", "@bad/text.jpg"), {"text.jpg"});
    fails("count/20000x20000 header", countOf("@weights", "@bad/huge_header.jpg"),
          {"huge_header.jpg", "too large"});
    fails("count/1x1 image", countOf("@weights", "@bad/one_pixel.png"),
          {"one_pixel.png", "too small"});
    fails("count/truncated pth", countOf("@bad/truncated.pth", "@bad/valid.jpg"),
          {"truncated.pth"});
    fails("count/pth not a zip", countOf("@bad/not_zip.pth", "@bad/valid.jpg"), {"not_zip.pth"});
    fails("count/pth with wrong keys", countOf("@bad/wrong_keys.pth", "@bad/valid.jpg"),
          {"wrong_keys.pth"});
    fails("count/pth with wrong shapes", countOf("@bad/wrong_shapes.pth", "@bad/valid.jpg"),
          {"wrong_shapes.pth"});
    // Refused before a model is sized by it (11.5 GB of weights).
    fails("count/pth declaring a million input channels",
          countOf("@bad/wide_input.pth", "@bad/valid.jpg"),
          {"wide_input.pth", "declares 1000000 input channels"});
    // A megabyte-long declaration line overflowed the stack of the regex matcher (SIGSEGV).
    fails("count/archive with a 1 MB code line",
          countOf("@bad/long_code_line.pt", "@bad/valid.jpg"),
          {"long_code_line.pt", "TorchScript code"});
    // Each refused before it costs more memory than the file's size (see make_bad_inputs.py).
    fails("count/pth whose ZIP entries share their bytes",
          countOf("@bad/aliased_storages.pth", "@bad/valid.jpg"),
          {"aliased_storages.pth", "tensor data entries share bytes"});
    fails("count/legacy pth whose storages outgrow it",
          countOf("@bad/legacy_storages_past_end.pth", "@bad/valid.jpg"),
          {"legacy_storages_past_end.pth", "storages together are larger than the file"});
    fails("count/pth of twenty 64 MB broadcast views",
          countOf("@bad/broadcast_views.pth", "@bad/valid.jpg"),
          {"broadcast_views.pth", "tensor views would copy out more than 1024 MiB"});
    fails("count/archive with a tuple of 2^25 values",
          countOf("@bad/tuple_bomb.pt", "@bad/valid.jpg"),
          {"tuple_bomb.pt", "attributes hold too many values"});
    fails("count/ONNX that is not one", countOf("@bad/not_onnx.onnx", "@bad/valid.jpg"),
          {"not_onnx.onnx"});
    fails("count/NaN weights", countOf("@bad/nan_weights.pth", "@bad/valid.jpg"),
          {"nan_weights.pth", "NaN or infinite", "branch1.4.conv.weight"});
    fails("count/FIFO as weights", countOf("@tmp/fifo.pth", "@bad/valid.jpg"),
          {"fifo.pth", "not a regular file (a FIFO"});
    fails("count/FIFO as image", countOf("@weights", "@tmp/fifo.jpg"),
          {"fifo.jpg", "not a regular file (a FIFO"});
    QTest::newRow("count/valid 64x48 image")
        << countOf("@weights", "@bad/valid.jpg") << 0 << QStringList{"valid.jpg"} << -1.0;
    QTest::newRow("count/Korean names with spaces")
        << countOf("@weights", "@tmp/군중 데이터/train_data/images/광장 사진 1.jpg") << 0
        << QStringList{"광장 사진 1.jpg"} << -1.0;

    // eval: a split, with weights.
    const QString eval = QStringLiteral("eval");
    fails("eval/empty folder", {eval, "--data", "@tmp/empty", weights, "@weights"}, {"empty"});
    fails("eval/pth not a zip",
          {eval, "--data", "@tmp/loops_valid/train_data", weights, "@bad/not_zip.pth"},
          {"not_zip.pth"});
    fails("eval/broken split", {eval, "--data", "@tmp/broken/train_data", weights, "@weights"},
          {"broken"});
    fails("eval/NaN weights",
          {eval, "--data", "@tmp/loops_valid/train_data", weights, "@bad/nan_weights.pth"},
          {"nan_weights.pth", "NaN or infinite"});

    // export: weights in, a model file out.
    const QString exportCommand = QStringLiteral("export");
    auto exportOf = [&](const QString& weightsFile) {
        return QStringList{exportCommand,
                           weights,
                           weightsFile,
                           QStringLiteral("--format"),
                           QStringLiteral("onnx"),
                           out,
                           QStringLiteral("@tmp/model.onnx")};
    };
    fails("export/truncated pth", exportOf("@bad/truncated.pth"), {"truncated.pth"});
    fails("export/pth not a zip", exportOf("@bad/not_zip.pth"), {"not_zip.pth"});
    fails("export/pth with wrong keys", exportOf("@bad/wrong_keys.pth"), {"wrong_keys.pth"});
    fails("export/pth with wrong shapes", exportOf("@bad/wrong_shapes.pth"), {"wrong_shapes.pth"});
    fails("export/ONNX that is not one, as weights", exportOf("@bad/not_onnx.onnx"),
          {"not_onnx.onnx"});
    fails("export/NaN weights", exportOf("@bad/nan_weights.pth"),
          {"nan_weights.pth", "NaN or infinite"});
    fails("export/FIFO as weights", exportOf("@tmp/fifo.pth"), {"fifo.pth", "not a regular file"});
}

void TestBadInputs::commandOnInput() {
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QStringList, messages);
    QFETCH(double, densitySum);

    const QString command = arguments.first();
    QVERIFY2(commandExists(command), qPrintable(QStringLiteral("no `crowdkd %1`").arg(command)));
    QStringList expanded;
    for (const QString& argument : arguments) {
        if (argument.contains(QStringLiteral("@weights")) &&
            !QFileInfo::exists(expand(QStringLiteral("@weights"))))
            QSKIP("the MCNN fixture weights in ../shared are missing (set CROWDKD_SHARED_DIR)");
        expanded << expand(argument);
    }
    QFile::remove(expand(QStringLiteral("@tmp/out.npy")));

    const test::ProgramRun run = test::runProgram(test::crowdkdProgram(), expanded, kCaseTimeoutMs);
    const QString output = run.standardError + run.standardOutput;
    if (m_table.isOpen()) {
        // Failures: our error line (libraries may print before it); successes: the result.
        QString firstLine = run.standardOutput.section(QLatin1Char('\n'), 0, 0);
        const qsizetype error = run.standardError.indexOf(QStringLiteral("crowdkd: error: "));
        if (error >= 0)
            firstLine = run.standardError.mid(error + 16).section(QLatin1Char('\n'), 0, 0);
        firstLine.replace(badDir() + QLatin1Char('/'), QString());
        firstLine.replace(m_temp.path() + QLatin1Char('/'), QString());
        QStringList shown = arguments;
        m_table.write(
            QStringLiteral("| %1 | `crowdkd %2` | %3 | %4 | %5 |\n")
                .arg(QString::fromUtf8(QTest::currentDataTag()), shown.join(QLatin1Char(' ')),
                     QString::number(exitCode),
                     run.timedOut  ? QStringLiteral("HANG")
                     : run.crashed ? QStringLiteral("CRASH")
                                   : QString::number(run.exitCode),
                     firstLine.toHtmlEscaped().replace(QLatin1Char('|'), QStringLiteral("\\|")))
                .toUtf8());
        m_table.flush();
    }
    QVERIFY2(!run.timedOut,
             qPrintable(QStringLiteral("hung (killed after %1 s)").arg(kCaseTimeoutMs / 1000)));
    QVERIFY2(!run.crashed, qPrintable(QStringLiteral("crashed:\n") + run.standardError));
    QVERIFY2(run.exitCode == exitCode,
             qPrintable(QStringLiteral("exit code %1, expected %2; output:\n%3")
                            .arg(run.exitCode)
                            .arg(exitCode)
                            .arg(output)));
    if (exitCode == 1)
        QVERIFY2(run.standardError.contains(QStringLiteral("crowdkd: error: ")),
                 qPrintable(run.standardError));
    for (const QString& message : messages)
        QVERIFY2(output.contains(message),
                 qPrintable(QStringLiteral("'%1' not in the output:\n%2").arg(message, output)));
    if (densitySum >= 0) {
        const NpyArray map =
            readNpy(pathFromUtf8(expand(QStringLiteral("@tmp/out.npy")).toStdString()));
        QCOMPARE(map.shape, (std::vector<std::size_t>{48, 64}));
        const double sum = std::accumulate(map.values.begin(), map.values.end(), 0.0);
        QVERIFY2(
            std::abs(sum - densitySum) < 1e-3,
            qPrintable(QStringLiteral("density sum %1, expected %2").arg(sum).arg(densitySum)));
    }
}

// Outputs that are not ours to replace (issue #14: `--out /dev/null` as root replaced the device
// node with a regular file) are refused and stay what they were; a symbolic link is written
// through, and the file it leads to keeps its mode and owner.
void TestBadInputs::outputsThatAreNotOurs() {
    QVERIFY2(commandExists(QStringLiteral("density")), "no `crowdkd density`");
    namespace fs = std::filesystem;
    const fs::path outs = fs::path(m_temp.filePath(QStringLiteral("outputs")).toStdString());
    fs::create_directories(outs);
    const auto densityTo = [](const fs::path& out) {
        return test::runProgram(test::crowdkdProgram(),
                                {QStringLiteral("density"), badDir() + QStringLiteral("/valid.jpg"),
                                 badDir() + QStringLiteral("/one_head.mat"),
                                 QStringLiteral("--out"), QString::fromStdString(out.string())},
                                kCaseTimeoutMs);
    };
    const std::vector<test::NonFile> nonFiles = test::makeNonFiles(outs, ".npy");
    QVERIFY(!nonFiles.empty());
    for (const test::NonFile& file : nonFiles) {
        const test::ProgramRun run = densityTo(file.path);
        QVERIFY2(!run.timedOut && !run.crashed, qPrintable(run.standardError));
        QVERIFY2(run.exitCode == 1, qPrintable(run.standardError));
        const QString expected =
            QStringLiteral("crowdkd: error: %1: is %2, not a regular file")
                .arg(QString::fromStdString(file.path.string()), QString::fromStdString(file.kind));
        QVERIFY2(run.standardError.contains(expected), qPrintable(run.standardError));
    }
    QVERIFY(test::nonFilesUntouched(nonFiles));
    const bool haveDevice = nonFiles.size() == 4;

    // A link to a file of mode 600 owned by 'nobody' (given away when running as root).
    const fs::path target = outs / "store" / "density.npy";
    fs::create_directories(target.parent_path());
    std::ofstream(target) << "old";
    QCOMPARE(::chmod(target.c_str(), 0600), 0);
    const uid_t nobody = test::nobodyUid();
    const bool giveAway = ::geteuid() == 0 && nobody != static_cast<uid_t>(-1);
    if (giveAway)
        QCOMPARE(::chown(target.c_str(), nobody, static_cast<gid_t>(-1)), 0);
    struct stat before {};
    QCOMPARE(::stat(target.c_str(), &before), 0);
    const fs::path link = outs / "link.npy";
    fs::create_symlink("store/density.npy", link);
    const test::ProgramRun run = densityTo(link);
    QVERIFY2(run.exitCode == 0, qPrintable(run.standardError));
    QCOMPARE(test::fileTypeOf(link), mode_t{S_IFLNK});
    const NpyArray map = readNpy(target);
    QCOMPARE(map.shape, (std::vector<std::size_t>{48, 64}));
    QVERIFY(std::abs(std::accumulate(map.values.begin(), map.values.end(), 0.0) - 1.0) < 1e-3);
    struct stat after {};
    QCOMPARE(::stat(target.c_str(), &after), 0);
    QCOMPARE(after.st_mode & 07777, mode_t{0600});
    QCOMPARE(after.st_uid, before.st_uid);
    QCOMPARE(after.st_gid, before.st_gid);
    QCOMPARE(std::distance(fs::directory_iterator(target.parent_path()), fs::directory_iterator()),
             std::ptrdiff_t(1)); // no temporary file left
    if (!haveDevice || !giveAway)
        QSKIP("not root: the character-device and owner cases were not run (the FIFO, folder, "
              "link and mode cases were)");
}

// Every numeric option has limits, checked while parsing: a usage error (exit 2) naming the
// option and its allowed values, never an abort, hours of work or a run on nothing (issue #14:
// `--workers 100000` aborted, `--threads 100000` ran for minutes, `--batch 0` became 4, `--crop 3`
// trained on nothing, `--epochs 0` printed DBL_MAX as a range).
void TestBadInputs::numericOptionLimits_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("expected"); // the first line of the usage error
    const QStringList train = {"train", "--data", "@tmp/no such data", "--out", "@tmp/run"};
    auto trainWith = [&](const char* option, const char* value, const char* allowed) {
        QTest::newRow(qPrintable(QStringLiteral("train %1 %2").arg(option, value)))
            << (train + QStringList{option, value})
            << QStringLiteral("%1: must be %2, not %3").arg(option, allowed, value);
    };
    trainWith("--workers", "100000", "an integer from 1 to 64");
    trainWith("--threads", "100000", "an integer from 0 to 256");
    trainWith("--batch", "0", "an integer from 1 to 256");
    trainWith("--crop", "3", "0 or an integer from 32 to 4096");
    trainWith("--epochs", "0", "an integer from 1 to 100000");
    trainWith("--alpha", "nan", "a number from 0 to 1");
    trainWith("--lr", "0", "a number above 0 and at most 1");
    trainWith("--t0", "0", "an integer from 1 to 100000");
    trainWith("--tmult", "0", "an integer from 1 to 100");
    trainWith("--eta-min", "nan", "a number from 0 to 1");
    trainWith("--val-every", "0", "an integer from 1 to 100000");
    trainWith("--max-images", "-1", "an integer from 0 to 10000000");
    trainWith("--seed", "-1", "an integer from 0 to 4294967295");
    trainWith("--scale-jitter", "nan", "a number from 0 to 0.9");
    trainWith("--gamma-jitter", "100", "a number from 0 to 4");
    trainWith("--log-every", "0", "an integer from 1 to 1000000");
    trainWith("--unlabeled-share", "1", "a number above 0 and below 1");
    const QStringList experiment = {"experiment", "--data", "@tmp/no such data", "--teacher",
                                    "@weights",   "--out",  "@tmp/experiment"};
    QTest::newRow("experiment --max-test-images -1")
        << (experiment + QStringList{"--max-test-images", "-1"})
        << QStringLiteral("--max-test-images: must be an integer from 0 to 10000000, not -1");
    QTest::newRow("experiment --alphas 0.1,nan")
        << (experiment + QStringList{"--alphas", "0.1,nan"})
        << QStringLiteral("--alphas: \"nan\" is not a number in [0, 1]");
    QTest::newRow("count --threads 100000")
        << QStringList{"count", "--weights", "@weights", "--threads", "100000", "@bad/valid.jpg"}
        << QStringLiteral("--threads: must be an integer from 0 to 256, not 100000");
    QTest::newRow("eval --threads 100000")
        << QStringList{"eval",       "--weights", "@weights", "--data",
                       "@tmp/empty", "--threads", "100000"}
        << QStringLiteral("--threads: must be an integer from 0 to 256, not 100000");
    for (const char* sigma : {"nan", "1e9"})
        QTest::newRow(qPrintable(QStringLiteral("density --sigma %1").arg(sigma)))
            << QStringList{"density", "@bad/valid.jpg", "@bad/one_head.mat",
                           "--out",   "@tmp/out.npy",   "--method",
                           "fixed",   "--sigma",        sigma}
            << QStringLiteral("--sigma: must be a number from 0 to 1000, not %1").arg(sigma);
}

void TestBadInputs::numericOptionLimits() {
    QFETCH(QStringList, arguments);
    QFETCH(QString, expected);
    QVERIFY2(commandExists(arguments.first()),
             qPrintable(QStringLiteral("no `crowdkd %1`").arg(arguments.first())));
    QStringList expanded;
    for (const QString& argument : arguments)
        expanded << expand(argument);
    const test::ProgramRun run = test::runProgram(test::crowdkdProgram(), expanded, kCaseTimeoutMs);
    QVERIFY2(!run.timedOut && !run.crashed, qPrintable(run.standardError));
    QVERIFY2(run.exitCode == 2, qPrintable(QStringLiteral("exit code %1:\n%2")
                                               .arg(run.exitCode)
                                               .arg(run.standardError + run.standardOutput)));
    QCOMPARE(run.standardError.section(QLatin1Char('\n'), 0, 0), expected);
}

// A folder crowdkd may not read is reported as such (issue #14: an unreadable images/ folder was
// reported as "ground truth without an image" with exit 0). Root reads every folder whatever its
// mode, so as root crowdkd runs as 'nobody' here.
void TestBadInputs::unreadableFolder() {
    QVERIFY2(commandExists(QStringLiteral("info")) && commandExists(QStringLiteral("eval")),
             "no `crowdkd info` or `crowdkd eval`");
    const bool root = ::geteuid() == 0;
    const uid_t nobody = test::nobodyUid();
    if (root && nobody == static_cast<uid_t>(-1))
        QSKIP("running as root without a user 'nobody': a folder cannot be made unreadable");
    const passwd* account = root ? ::getpwuid(nobody) : nullptr;
    const gid_t group = account ? account->pw_gid : static_cast<gid_t>(-1);
    const std::function<void()> asNobody = [nobody, group] {
        // In the child between fork and exec: only async-signal-safe calls.
        if (::setgroups(0, nullptr) != 0 || ::setgid(group) != 0 || ::setuid(nobody) != 0)
            ::_exit(127);
    };
    QTemporaryDir dir;
    QVERIFY(QFile::setPermissions(dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                  QFileDevice::ExeOwner | QFileDevice::ReadOther |
                                                  QFileDevice::ExeOther | QFileDevice::ReadGroup |
                                                  QFileDevice::ExeGroup));
    const QDir temp(dir.path());
    // A split whose images/ is locked, and a collection with a locked folder beside a split.
    QVERIFY(temp.mkpath(QStringLiteral("locked/train_data/images")));
    QVERIFY(temp.mkpath(QStringLiteral("locked/train_data/ground-truth")));
    QVERIFY(
        QFile::copy(badDir() + QStringLiteral("/one_head.mat"),
                    temp.filePath(QStringLiteral("locked/train_data/ground-truth/GT_IMG_1.mat"))));
    QVERIFY(temp.mkpath(QStringLiteral("collection/ok/images")));
    QVERIFY(temp.mkpath(QStringLiteral("collection/secret")));
    QVERIFY(QFile::copy(badDir() + QStringLiteral("/valid.jpg"),
                        temp.filePath(QStringLiteral("collection/ok/images/IMG_1.jpg"))));
    const QString images = temp.filePath(QStringLiteral("locked/train_data/images"));
    const QString secret = temp.filePath(QStringLiteral("collection/secret"));
    QVERIFY(QFile::setPermissions(images, QFileDevice::Permissions()));
    QVERIFY(QFile::setPermissions(secret, QFileDevice::Permissions()));
    auto crowdkd = [&](const QStringList& arguments) {
        return test::runProgram(test::crowdkdProgram(), arguments, kCaseTimeoutMs, QString(),
                                root ? asNobody : std::function<void()>());
    };
    const QString denied = QStringLiteral("crowdkd: error: %1: cannot read the folder: %2")
                               .arg(images, QString::fromLocal8Bit(std::strerror(EACCES)));
    const test::ProgramRun info = crowdkd({QStringLiteral("info"), temp.filePath("locked")});
    const test::ProgramRun eval =
        crowdkd({QStringLiteral("eval"), QStringLiteral("--data"),
                 temp.filePath(QStringLiteral("locked/train_data")), QStringLiteral("--weights"),
                 expand(QStringLiteral("@weights"))});
    const test::ProgramRun collection =
        crowdkd({QStringLiteral("info"), temp.filePath(QStringLiteral("collection"))});
    QFile::setPermissions(images,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    QFile::setPermissions(secret,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    for (const test::ProgramRun* run : {&info, &eval, &collection})
        QVERIFY2(!run->crashed && !run->timedOut, qPrintable(run->standardError));
    QVERIFY2(info.exitCode == 1 && info.standardError.contains(denied),
             qPrintable(info.standardError + info.standardOutput));
    QVERIFY(!(info.standardOutput + info.standardError).contains(QStringLiteral("without")));
    if (QFileInfo::exists(expand(QStringLiteral("@weights")))) {
        QVERIFY2(eval.exitCode == 1 && eval.standardError.contains(denied),
                 qPrintable(eval.standardError));
    }
    // A locked folder deeper in a collection is a problem of the report, with the reason.
    QVERIFY2(collection.exitCode == 0, qPrintable(collection.standardError));
    QVERIFY2(collection.standardOutput.contains(
                 QStringLiteral("%1: cannot read the folder: %2")
                     .arg(secret, QString::fromLocal8Bit(std::strerror(EACCES)))),
             qPrintable(collection.standardOutput));
}

QTEST_GUILESS_MAIN(TestBadInputs)
#include "test_bad_inputs.moc"
