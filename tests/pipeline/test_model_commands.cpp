// `crowdkd eval` and `crowdkd count` as a user runs them: output, files, exit codes, with every
// kind of model file (PyTorch .pth, exported .onnx and LibTorch archive) on every engine; and a
// `crowdkd train --resume` on a CPU other than the run's.
#include "base/npy.h"
#include "data/ground_truth.h"
#include "pipeline_test_util.h"
#include "program_runner.h"
#include "test_support.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace crowdkd;

namespace {

QString shared(const char* relative) {
    return QDir(test::sharedDir()).filePath(QString::fromUtf8(relative));
}

/// The counts `crowdkd count --json` printed, in the order of the images.
QVector<double> printedCounts(const test::ProgramRun& run) {
    QVector<double> counts;
    const QJsonObject json = QJsonDocument::fromJson(run.standardOutput.toUtf8()).object();
    for (const QJsonValue image : json.value(QStringLiteral("images")).toArray())
        counts.push_back(image.toObject().value(QStringLiteral("count")).toDouble());
    return counts;
}

/// Whether `value` is within 1e-4 relative of `reference`.
bool closeTo(double value, double reference) {
    return std::abs(value - reference) <= 1e-4 * std::max(1.0, std::abs(reference));
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
        const test::ProgramRun run = test::runCrowdkd(
            {QStringLiteral("export"), QStringLiteral("--weights"),
             shared("fixtures/pretrained/mcnn_shtechA_svishwa.pth"), QStringLiteral("--out"),
             dir.filePath(QStringLiteral("mcnn.onnx")), QStringLiteral("--verify"), image});
        QVERIFY2(run.exitCode == 0, qPrintable(run.standardError));
        // "verified on IMAGE: source model A, exported (opencv-dnn) B people; …": A equals B.
        const QRegularExpression line(QStringLiteral(
            "verified on .*: source model ([0-9.]+), exported \\(opencv-dnn\\) ([0-9.]+) people"));
        const QRegularExpressionMatch match = line.match(run.standardError);
        QVERIFY2(match.hasMatch(), qPrintable(run.standardError));
        const double source = match.captured(1).toDouble();
        QVERIFY(source > 100);
        QVERIFY(qAbs(match.captured(2).toDouble() - source) < 1e-3 * source);
        // A missing image is a usage error.
        const test::ProgramRun missing = test::runCrowdkd(
            {QStringLiteral("export"), QStringLiteral("--weights"),
             shared("fixtures/pretrained/mcnn_shtechA_svishwa.pth"), QStringLiteral("--out"),
             dir.filePath(QStringLiteral("other.onnx")), QStringLiteral("--verify"),
             dir.filePath(QStringLiteral("none.jpg"))});
        QCOMPARE(missing.exitCode, 2);
    }

    void countWritesDensities() {
        CROWDKD_REQUIRE_SHARED("fixtures/pytorch/mcnn_state_dict.pth");
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("밀도 maps"));
        const test::ProgramRun run = test::runCrowdkd(
            {QStringLiteral("count"), QStringLiteral("--model"), QStringLiteral("mcnn"),
             QStringLiteral("--weights"), shared("fixtures/pytorch/mcnn_state_dict.pth"),
             QStringLiteral("--density-out"), out, QStringLiteral("--json"),
             shared("fixtures/pytorch/input.png")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.standardError));
        const QJsonObject json = QJsonDocument::fromJson(run.standardOutput.toUtf8()).object();
        QCOMPARE(json.value(QStringLiteral("model")).toString(), QStringLiteral("mcnn"));
        const QJsonObject image = json.value(QStringLiteral("images")).toArray().at(0).toObject();
        const double count = image.value(QStringLiteral("count")).toDouble();
        QVERIFY2(std::abs(count - 6186.60107421875) <= 1e-4 * 6186.6,
                 qPrintable(run.standardOutput));

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
        const test::ProgramRun run = test::runCrowdkd(
            {QStringLiteral("eval"), QStringLiteral("--weights"),
             shared("fixtures/pretrained/mcnn_shtechA_svishwa.pth"), QStringLiteral("--data"),
             dir.path(), QStringLiteral("--json"), QStringLiteral("--per-image"), csv,
             QStringLiteral("--threads"), QStringLiteral("2")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.standardError));
        const QJsonObject json = QJsonDocument::fromJson(run.standardOutput.toUtf8()).object();
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

    // `crowdkd propose` writes ShanghaiTech files that CrowdKD and SciPy read, as many points as
    // the density holds, never over an existing file unless asked; `eval --points` scores them.
    void proposeWritesGroundTruthThatEvalScores() {
        CROWDKD_REQUIRE_SHARED("fixtures/pretrained/mcnn_shtechA_svishwa.pth");
        QTemporaryDir data;
        if (!test::makeSmallSplit(data))
            QSKIP("part_A test data not found");
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("제안 points"));
        const QString weights = shared("fixtures/pretrained/mcnn_shtechA_svishwa.pth");
        const QStringList propose = {QStringLiteral("propose"),
                                     QStringLiteral("--weights"),
                                     weights,
                                     QStringLiteral("--out"),
                                     out,
                                     QStringLiteral("--data"),
                                     data.path(),
                                     QStringLiteral("--threads"),
                                     QStringLiteral("2")};
        const test::ProgramRun run =
            test::runCrowdkd(propose + QStringList{QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.standardError));
        const QJsonArray images = QJsonDocument::fromJson(run.standardOutput.toUtf8())
                                      .object()
                                      .value(QStringLiteral("images"))
                                      .toArray();
        QCOMPARE(images.size(), static_cast<int>(std::size(test::kSmallSplitImages)));
        for (const QJsonValue value : images) {
            const QJsonObject image = value.toObject();
            const QString mat = image.value(QStringLiteral("ground_truth")).toString();
            const QJsonArray points = image.value(QStringLiteral("points")).toArray();
            // The number of points is the density's rounded integral.
            QCOMPARE(points.size(), static_cast<int>(std::llround(
                                        image.value(QStringLiteral("count")).toDouble())));
            const GroundTruth truth = readGroundTruth(mat.toStdU16String());
            QCOMPARE(static_cast<int>(truth.points.size()), points.size());
            QCOMPARE(truth.declaredCount, static_cast<double>(points.size()));
            QCOMPARE(truth.points.front().x, points.at(0).toArray().at(0).toDouble());
        }
        // A second run refuses to replace the files, and changes none.
        const QString first =
            images.at(0).toObject().value(QStringLiteral("ground_truth")).toString();
        const QDateTime written = QFileInfo(first).lastModified();
        const test::ProgramRun again = test::runCrowdkd(propose);
        QCOMPARE(again.exitCode, 1);
        QVERIFY2(again.standardError.contains(QStringLiteral("--overwrite")),
                 qPrintable(again.standardError));
        QCOMPARE(QFileInfo(first).lastModified(), written);
        QCOMPARE(test::runCrowdkd(propose + QStringList{QStringLiteral("--overwrite")}).exitCode,
                 0);

        // eval --points: precision, recall and F1 per radius, consistent with their counts.
        const test::ProgramRun eval = test::runCrowdkd(
            {QStringLiteral("eval"), QStringLiteral("--weights"), weights, QStringLiteral("--data"),
             data.path(), QStringLiteral("--points"), QStringLiteral("--json"),
             QStringLiteral("--threads"), QStringLiteral("2")});
        QVERIFY2(eval.exitCode == 0, qPrintable(eval.standardError));
        const QJsonObject points = QJsonDocument::fromJson(eval.standardOutput.toUtf8())
                                       .object()
                                       .value(QStringLiteral("points"))
                                       .toObject();
        const QJsonArray radii = points.value(QStringLiteral("radii")).toArray();
        QCOMPARE(radii.size(), 2);
        double previousF1 = 0.0;
        for (const QJsonValue value : radii) {
            const QJsonObject score = value.toObject();
            const double matched = score.value(QStringLiteral("matched")).toDouble();
            const double proposed = score.value(QStringLiteral("proposed")).toDouble();
            const double annotated = score.value(QStringLiteral("annotated")).toDouble();
            QVERIFY(matched > 0.2 * annotated && matched <= std::min(proposed, annotated));
            QCOMPARE(score.value(QStringLiteral("f1")).toDouble(),
                     2.0 * matched / (proposed + annotated));
            QVERIFY(score.value(QStringLiteral("f1")).toDouble() > previousF1); // wider is easier
            previousF1 = score.value(QStringLiteral("f1")).toDouble();
        }
        int proposedTotal = 0;
        for (const QJsonValue value : images)
            proposedTotal += value.toObject().value(QStringLiteral("proposed")).toInt();
        QCOMPARE(radii.at(0).toObject().value(QStringLiteral("proposed")).toInt(), proposedTotal);
    }

    // svishwa's MCNN exported by `crowdkd export` (ONNX and LibTorch archive) counts and evaluates
    // like the .pth it came from, on LibTorch (each layout) and on OpenCV DNN (issue #5).
    void exportedModelsCountAndEvaluateAlike() {
        CROWDKD_REQUIRE_SHARED("fixtures/pretrained/mcnn_shtechA_svishwa.pth");
        QTemporaryDir data;
        if (!test::makeSmallSplit(data))
            QSKIP("part_A test data not found");
        QTemporaryDir dir;
        const QString pth = shared("fixtures/pretrained/mcnn_shtechA_svishwa.pth");
        const QString onnx = dir.filePath(QStringLiteral("svishwa 모델.onnx"));
        const QString archive = dir.filePath(QStringLiteral("svishwa 모델.pt"));
        for (const auto& [format, out] : {std::pair{QStringLiteral("onnx"), onnx},
                                          std::pair{QStringLiteral("libtorch"), archive}}) {
            const test::ProgramRun run = test::runCrowdkd(
                {QStringLiteral("export"), QStringLiteral("--weights"), pth,
                 QStringLiteral("--format"), format, QStringLiteral("--out"), out});
            QVERIFY2(run.exitCode == 0, qPrintable(run.standardError));
        }
        QStringList images;
        for (const char* name : test::kSmallSplitImages)
            images << data.filePath(QStringLiteral("images/%1.jpg").arg(QLatin1String(name)));
        const QStringList threads = {QStringLiteral("--threads"), QStringLiteral("2")};

        // The reference: the .pth in plain LibTorch, as training evaluates it.
        const test::ProgramRun reference = test::runCrowdkd(
            QStringList{QStringLiteral("count"), QStringLiteral("--weights"), pth,
                        QStringLiteral("--backend"), QStringLiteral("libtorch-eager"),
                        QStringLiteral("--json")} +
            threads + images);
        QVERIFY2(reference.exitCode == 0, qPrintable(reference.standardError));
        const QVector<double> expected = printedCounts(reference);
        QCOMPARE(expected.size(), images.size());
        QVERIFY(expected.front() > 10.0);

        // Each file with each engine (no --model: the files say what they hold).
        struct Variant {
            QString weights;
            QString backend; // empty: the default for the file
            QString engine;  // what the JSON "backend" must name
        };
        const Variant variants[] = {
            {pth, {}, QStringLiteral("libtorch (mkldnn)")},
            {pth, QStringLiteral("opencv"), QStringLiteral("opencv-dnn")},
            {pth, QStringLiteral("libtorch-channels-last"),
             QStringLiteral("libtorch (channels-last)")},
            {onnx, {}, QStringLiteral("opencv-dnn")},
            {onnx, QStringLiteral("libtorch"), QStringLiteral("libtorch (mkldnn)")},
            {onnx, QStringLiteral("libtorch-eager"), QStringLiteral("libtorch (eager)")},
            {archive, {}, QStringLiteral("libtorch (mkldnn)")},
            {archive, QStringLiteral("OpenCV"), QStringLiteral("opencv-dnn")},
        };
        for (const Variant& variant : variants) {
            QStringList arguments = {QStringLiteral("count"), QStringLiteral("--weights"),
                                     variant.weights, QStringLiteral("--json")};
            if (!variant.backend.isEmpty())
                arguments << QStringLiteral("--backend") << variant.backend;
            const test::ProgramRun run = test::runCrowdkd(arguments + threads + images);
            const QString what = QFileInfo(variant.weights).fileName() + QLatin1Char(' ') +
                                 variant.backend + QLatin1String(": ") + run.standardError;
            QVERIFY2(run.exitCode == 0, qPrintable(what));
            const QJsonObject json = QJsonDocument::fromJson(run.standardOutput.toUtf8()).object();
            QCOMPARE(json.value(QStringLiteral("backend")).toString(), variant.engine);
            QCOMPARE(json.value(QStringLiteral("model")).toString(), QStringLiteral("mcnn"));
            const QVector<double> counts = printedCounts(run);
            QCOMPARE(counts.size(), expected.size());
            for (int i = 0; i < counts.size(); ++i)
                QVERIFY2(closeTo(counts[i], expected[i]),
                         qPrintable(QStringLiteral("%1: %2 instead of %3")
                                        .arg(what)
                                        .arg(counts[i], 0, 'f', 6)
                                        .arg(expected[i], 0, 'f', 6)));
        }

        // `eval` on the same images: the same MAE and RMSE from the .pth and the .onnx.
        QVector<QJsonObject> results;
        for (const QStringList& model :
             {QStringList{pth}, QStringList{onnx},
              QStringList{onnx, QStringLiteral("--backend"), QStringLiteral("libtorch")}}) {
            const test::ProgramRun run = test::runCrowdkd(
                QStringList{QStringLiteral("eval"), QStringLiteral("--data"), data.path(),
                            QStringLiteral("--json"), QStringLiteral("--weights")} +
                model + threads);
            QVERIFY2(run.exitCode == 0, qPrintable(run.standardError));
            results.push_back(QJsonDocument::fromJson(run.standardOutput.toUtf8()).object());
        }
        QCOMPARE(results[1].value(QStringLiteral("backend")).toString(),
                 QStringLiteral("opencv-dnn"));
        for (const QJsonObject& result : results) {
            QCOMPARE(result.value(QStringLiteral("images")).toInt(), images.size());
            for (const QString& key : {QStringLiteral("mae"), QStringLiteral("rmse")})
                QVERIFY2(closeTo(result.value(key).toDouble(), results[0].value(key).toDouble()),
                         qPrintable(key));
        }
    }

    // A run begun in bf16 and resumed on a CPU without bfloat16 instructions goes on in fp32 with
    // a warning, unless bf16 is asked for again, which is refused with the reason. oneDNN is told
    // it has no more than AVX-512 (DNNL_MAX_CPU_ISA), as on such a CPU.
    void trainResumesBFloat16RunsOnCpusWithoutIt() {
        CROWDKD_REQUIRE_SHARED("data/ShanghaiTech/part_A/train_data/images/IMG_1.jpg");
        QTemporaryDir dir;
        qputenv("CROWDKD_CACHE_DIR", dir.filePath(QStringLiteral("cache")).toUtf8());
        const auto restore = qScopeGuard([] {
            qunsetenv("CROWDKD_CACHE_DIR");
            qunsetenv("DNNL_MAX_CPU_ISA");
        });
        const QString run = dir.filePath(QStringLiteral("run"));
        test::ProgramRun begun = test::runCrowdkd(
            {QStringLiteral("train"), QStringLiteral("--mode"), QStringLiteral("student"),
             QStringLiteral("--data"), shared("data/ShanghaiTech/part_A/train_data"),
             QStringLiteral("--max-images"), QStringLiteral("6"), QStringLiteral("--crop"),
             QStringLiteral("64"), QStringLiteral("--batch"), QStringLiteral("2"),
             QStringLiteral("--epochs"), QStringLiteral("1"), QStringLiteral("--threads"),
             QStringLiteral("1"), QStringLiteral("--precision"), QStringLiteral("bf16"),
             QStringLiteral("--out"), run},
            300'000);
        if (begun.exitCode != 0 &&
            begun.standardError.contains(QStringLiteral("needs a CPU with bfloat16 instructions")))
            QSKIP("this CPU has no bfloat16 instructions: no bf16 run can begin here");
        QVERIFY2(begun.exitCode == 0, qPrintable(begun.standardError));
        const auto precision = [&run] {
            QFile config(QDir(run).filePath(QStringLiteral("config.json")));
            if (!config.open(QIODevice::ReadOnly))
                return QString();
            return QJsonDocument::fromJson(config.readAll())
                .object()
                .value(QStringLiteral("precision"))
                .toString();
        };
        QCOMPARE(precision(), QStringLiteral("bf16"));

        qputenv("DNNL_MAX_CPU_ISA", "AVX512_CORE");
        const test::ProgramRun again = test::runCrowdkd(
            {QStringLiteral("train"), QStringLiteral("--resume"), run, QStringLiteral("--epochs"),
             QStringLiteral("2"), QStringLiteral("--precision"), QStringLiteral("bf16")},
            300'000);
        QCOMPARE(again.exitCode, 1);
        QVERIFY2(again.standardError.contains(QStringLiteral("bfloat16 instructions")),
                 qPrintable(again.standardError));

        const test::ProgramRun resumed =
            test::runCrowdkd({QStringLiteral("train"), QStringLiteral("--resume"), run,
                              QStringLiteral("--epochs"), QStringLiteral("2")},
                             300'000);
        QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.standardError));
        QVERIFY2((resumed.standardOutput + resumed.standardError)
                     .contains(QStringLiteral("it goes on in fp32")),
                 qPrintable(resumed.standardOutput + resumed.standardError));
        QCOMPARE(precision(), QStringLiteral("fp32"));
    }

    void failures() {
        QTemporaryDir dir;
        const QString missing = dir.filePath(QStringLiteral("missing.pth"));
        test::ProgramRun run =
            test::runCrowdkd({QStringLiteral("count"), QStringLiteral("--weights"), missing,
                              QStringLiteral("image.jpg")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.standardError.contains("crowdkd: error: ") &&
                     run.standardError.contains("missing.pth"),
                 qPrintable(run.standardError));

        run = test::runCrowdkd({QStringLiteral("count"), QStringLiteral("--model"),
                                QStringLiteral("csrnet"), QStringLiteral("--weights"), missing,
                                QStringLiteral("image.jpg")});
        QCOMPARE(run.exitCode, 2);
        run = test::runCrowdkd({QStringLiteral("eval"), QStringLiteral("--weights"), missing});
        QCOMPARE(run.exitCode, 2); // --data is required
        run = test::runCrowdkd({QStringLiteral("count"), QStringLiteral("--weights"), missing,
                                QStringLiteral("--backend"), QStringLiteral("tensorrt"),
                                QStringLiteral("image.jpg")});
        QCOMPARE(run.exitCode, 2);

        // A file named .onnx that is not one: exit 1 naming it, on either engine.
        const QString fake = dir.filePath(QStringLiteral("가짜 model.onnx"));
        QFile file(fake);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("this is not an ONNX model\n");
        file.close();
        for (const QString& backend : {QStringLiteral("opencv"), QStringLiteral("libtorch")}) {
            run = test::runCrowdkd({QStringLiteral("count"), QStringLiteral("--weights"), fake,
                                    QStringLiteral("--backend"), backend,
                                    QStringLiteral("image.jpg")});
            QCOMPARE(run.exitCode, 1);
            QVERIFY2(run.standardError.startsWith(QStringLiteral("crowdkd: error: ")) &&
                         run.standardError.contains(QStringLiteral("가짜 model.onnx")),
                     qPrintable(run.standardError));
        }
        run = test::runCrowdkd({QStringLiteral("eval"), QStringLiteral("--weights"), fake,
                                QStringLiteral("--data"), dir.path()});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.standardError.contains(QStringLiteral("가짜 model.onnx")),
                 qPrintable(run.standardError));
    }
};

QTEST_GUILESS_MAIN(TestModelCommands)
#include "test_model_commands.moc"
