// `crowdkd eval` and `crowdkd count` as a user runs them: output, files, exit codes.
#include "base/npy.h"
#include "pipeline_test_util.h"
#include "test_support.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace crowdkd;

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run runCrowdkd(const QStringList& arguments) {
    QProcess process;
    process.start(QStringLiteral(CROWDKD_CLI_PATH), arguments);
    if (!process.waitForFinished(600000))
        qFatal("crowdkd did not finish");
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            process.readAllStandardOutput(), process.readAllStandardError()};
}

QString shared(const char* relative) {
    return QDir(test::sharedDir()).filePath(QString::fromUtf8(relative));
}

} // namespace

class TestModelCommands : public QObject {
    Q_OBJECT

private slots:
    void exportVerifiesOnAnImage() {
        CROWDKD_REQUIRE_SHARED("fixtures/pretrained/mcnn_shtechA_svishwa.pth");
        CROWDKD_REQUIRE_SHARED("data/ShanghaiTech/part_A/test_data/images/IMG_2.jpg");
        QTemporaryDir dir;
        const QString image = shared("data/ShanghaiTech/part_A/test_data/images/IMG_2.jpg");
        const Run run = runCrowdkd(
            {QStringLiteral("export"), QStringLiteral("--weights"),
             shared("fixtures/pretrained/mcnn_shtechA_svishwa.pth"), QStringLiteral("--out"),
             dir.filePath(QStringLiteral("mcnn.onnx")), QStringLiteral("--verify"), image});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        // "verified on IMAGE: source model A, exported (opencv-dnn) B people; …": A equals B.
        const QRegularExpression line(QStringLiteral(
            "verified on .*: source model ([0-9.]+), exported \\(opencv-dnn\\) ([0-9.]+) people"));
        const QRegularExpressionMatch match = line.match(QString::fromUtf8(run.err));
        QVERIFY2(match.hasMatch(), run.err.constData());
        const double source = match.captured(1).toDouble();
        QVERIFY(source > 100);
        QVERIFY(qAbs(match.captured(2).toDouble() - source) < 1e-3 * source);
        // A missing image is a usage error.
        const Run missing =
            runCrowdkd({QStringLiteral("export"), QStringLiteral("--weights"),
                        shared("fixtures/pretrained/mcnn_shtechA_svishwa.pth"),
                        QStringLiteral("--out"), dir.filePath(QStringLiteral("other.onnx")),
                        QStringLiteral("--verify"), dir.filePath(QStringLiteral("none.jpg"))});
        QCOMPARE(missing.exitCode, 2);
    }

    void countWritesDensities() {
        CROWDKD_REQUIRE_SHARED("fixtures/pytorch/mcnn_state_dict.pth");
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("밀도 maps"));
        const Run run =
            runCrowdkd({QStringLiteral("count"), QStringLiteral("--model"), QStringLiteral("mcnn"),
                        QStringLiteral("--weights"), shared("fixtures/pytorch/mcnn_state_dict.pth"),
                        QStringLiteral("--density-out"), out, QStringLiteral("--json"),
                        shared("fixtures/pytorch/input.png")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(json.value(QStringLiteral("model")).toString(), QStringLiteral("mcnn"));
        const QJsonObject image = json.value(QStringLiteral("images")).toArray().at(0).toObject();
        const double count = image.value(QStringLiteral("count")).toDouble();
        QVERIFY2(std::abs(count - 6186.60107421875) <= 1e-4 * 6186.6, run.out.constData());

        const NpyArray density = readNpy(std::filesystem::path(
            QDir(out).filePath(QStringLiteral("input.npy")).toStdU16String()));
        QCOMPARE(density.shape, (std::vector<std::size_t>{24, 32}));
        double sum = 0.0;
        for (const float value : density.values)
            sum += value;
        QVERIFY(std::abs(sum - count) <= 1e-3 * count);
    }

    void evalPrintsErrors() {
        CROWDKD_REQUIRE_SHARED("fixtures/pretrained/mcnn_shtechA_svishwa.pth");
        QTemporaryDir dir;
        if (!test::makeSmallSplit(dir))
            QSKIP("part_A test data not found");
        QTemporaryDir outDir;
        const QString csv = outDir.filePath(QStringLiteral("per image.csv"));
        const Run run = runCrowdkd({QStringLiteral("eval"), QStringLiteral("--weights"),
                                    shared("fixtures/pretrained/mcnn_shtechA_svishwa.pth"),
                                    QStringLiteral("--data"), dir.path(), QStringLiteral("--json"),
                                    QStringLiteral("--per-image"), csv, QStringLiteral("--threads"),
                                    QStringLiteral("2")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(json.value(QStringLiteral("images")).toInt(),
                 static_cast<int>(std::size(test::kSmallSplitImages)));
        const double mae = json.value(QStringLiteral("mae")).toDouble();
        const double rmse = json.value(QStringLiteral("rmse")).toDouble();
        QVERIFY(mae > 0.0 && rmse >= mae);

        // The CSV holds one row per image whose errors give the same MAE.
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QStringList lines =
            QString::fromUtf8(file.readAll()).trimmed().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 1 + static_cast<int>(std::size(test::kSmallSplitImages)));
        QVERIFY(lines.front().startsWith(
            QStringLiteral("name,image,width,height,ground_truth,predicted,error")));
        double absolute = 0.0;
        for (int i = 1; i < lines.size(); ++i)
            absolute += std::abs(lines[i].split(QLatin1Char(',')).at(6).toDouble());
        QVERIFY(std::abs(absolute / (lines.size() - 1) - mae) < 1e-4);
    }

    void failures() {
        QTemporaryDir dir;
        const QString missing = dir.filePath(QStringLiteral("missing.pth"));
        Run run = runCrowdkd({QStringLiteral("count"), QStringLiteral("--weights"), missing,
                              QStringLiteral("image.jpg")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("crowdkd: error: ") && run.err.contains("missing.pth"),
                 run.err.constData());

        run = runCrowdkd({QStringLiteral("count"), QStringLiteral("--model"),
                          QStringLiteral("csrnet"), QStringLiteral("--weights"), missing,
                          QStringLiteral("image.jpg")});
        QCOMPARE(run.exitCode, 2);
        run = runCrowdkd({QStringLiteral("eval"), QStringLiteral("--weights"), missing});
        QCOMPARE(run.exitCode, 2); // --data is required
    }
};

QTEST_GUILESS_MAIN(TestModelCommands)
#include "test_model_commands.moc"
