// Exports of the student (ONNX, LibTorch archive, PyTorch .pth) give the source model's density
// on real ShanghaiTech images, in every engine that reads them.
#include "base/error.h"
#include "export/inference_backend.h"
#include "export/libtorch_archive.h"
#include "export/model_export.h"
#include "export/onnx_model.h"
#include "export/source_model.h"
#include "nn/checkpoint.h"
#include "nn/mcnn.h"
#include "nn/pth_reader.h"
#include "nn/pth_writer.h"
#include "nn/tensor_memory_cache.h"
#include "pipeline/model_loader.h"
#include "pipeline/run_directory.h"
#include "pipeline/run_summary.h"
#include "pipeline/trainer.h"
#include "test_support.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>

using namespace crowdkd;
using namespace crowdkd::exporting;

namespace {

/// The published svishwa weights (ShanghaiTech part A) and a few real test images.
const QString kPretrained = QStringLiteral("fixtures/pretrained/mcnn_shtechA_svishwa.pth");
const QString kTestImages = QStringLiteral("data/ShanghaiTech/part_A/test_data/images");
const char* const kImages[] = {"IMG_1.jpg", "IMG_2.jpg", "IMG_5.jpg"};

/// Exported densities agree with the source within this fraction of the largest density value.
constexpr double kRelativeTolerance = 1e-4;

/// The reference convention: gray 0–255 floats (or RGB for 3 channels), sides floored to
/// multiples of 4, 1×C×H×W (a copy: the OpenCV buffer dies here).
torch::Tensor loadInput(const std::string& name, int channels) {
    const std::filesystem::path path = test::sharedPath(kTestImages) / name;
    cv::Mat image =
        cv::imread(pathToUtf8(path), channels == 1 ? cv::IMREAD_GRAYSCALE : cv::IMREAD_COLOR);
    if (channels == 3)
        cv::cvtColor(image, image, cv::COLOR_BGR2RGB);
    // svishwa converts to float first, then resizes.
    cv::Mat values;
    image.convertTo(values, CV_32F);
    cv::resize(values, values, cv::Size(values.cols / 4 * 4, values.rows / 4 * 4), 0, 0,
               cv::INTER_LINEAR);
    torch::Tensor hwc =
        torch::from_blob(values.data, {values.rows, values.cols, channels}, torch::kFloat);
    return hwc.permute({2, 0, 1}).unsqueeze(0).contiguous().clone();
}

nn::DensityModel pretrainedMcnn() {
    nn::DensityModel model(nn::ModelKind::Mcnn);
    model.loadStateDict(nn::readPthStateDict(test::sharedPath(kPretrained)));
    model.eval();
    return model;
}

/// max |a − b| / max |reference|.
double relativeDifference(const torch::Tensor& output, const torch::Tensor& reference) {
    return (output - reference).abs().max().item<double>() /
           std::max(1e-12, reference.abs().max().item<double>());
}

ExportMetadata metadataFor(const nn::DensityModel& model) {
    ExportMetadata metadata = ExportMetadata::forModel(model);
    metadata.source = "mcnn_shtechA_svishwa.pth";
    metadata.mae = 110.01;
    return metadata;
}

} // namespace

class TestExport : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        setInferenceThreads();
        nn::installTensorMemoryCache(); // as the app runs every backend
    }

    void onnxPassesCheckerAndKeepsMetadataAndWeights() {
        nn::DensityModel model(nn::ModelKind::Mcnn, 3);
        ExportMetadata metadata = ExportMetadata::forModel(model);
        metadata.trainingAlpha = 0.1;
        metadata.mae = 71.5;
        const std::string bytes = encodeOnnx(model, metadata);
        checkOnnx(bytes, "memory.onnx");
        const OnnxContents contents = decodeOnnx(bytes, "memory.onnx");
        QVERIFY(contents.metadata.kind == nn::ModelKind::Mcnn);
        QCOMPARE(contents.metadata.inputChannels, 3);
        QCOMPARE(contents.metadata.outputStride, 4);
        QCOMPARE(contents.metadata.opset, kOnnxOpset);
        QCOMPARE(contents.metadata.format, std::string("onnx"));
        QCOMPARE(contents.metadata.input.color, std::string("rgb"));
        QCOMPARE(*contents.metadata.trainingAlpha, 0.1);
        QCOMPARE(*contents.metadata.mae, 71.5);
        const nn::StateDict source = model.stateDict();
        QCOMPARE(contents.weights.size(), source.size());
        for (const auto& [name, tensor] : source)
            QVERIFY2(torch::equal(contents.weights.at(name), tensor), name.c_str());

        // fp16: half the bytes, weights within half precision.
        const std::string half = encodeOnnx(model, metadata, OnnxOptions{true});
        checkOnnx(half, "half.onnx");
        QVERIFY(half.size() < bytes.size() * 0.55);
        const OnnxContents halfContents = decodeOnnx(half, "half.onnx");
        QCOMPARE(halfContents.metadata.precision, std::string("float16"));
        for (const auto& [name, tensor] : source)
            QVERIFY(torch::allclose(halfContents.weights.at(name), tensor, 1e-3, 1e-6));

        // Damaged bytes are reported with the file's name.
        QVERIFY_THROWS_EXCEPTION(FileError,
                                 decodeOnnx(bytes.substr(0, bytes.size() / 2), "cut.onnx"));
        // The teacher does not go to ONNX, and says so.
        QVERIFY_THROWS_EXCEPTION(
            std::invalid_argument,
            encodeOnnx(nn::DensityModel(nn::ModelKind::MsfaNet), ExportMetadata()));
    }

    void onnxInOpenCvMatchesLibTorchOnRealImages() {
        CROWDKD_REQUIRE_SHARED(kPretrained);
        CROWDKD_REQUIRE_SHARED(kTestImages);
        const nn::DensityModel model = pretrainedMcnn();
        QTemporaryDir folder;
        const std::filesystem::path out = pathFromUtf8(folder.path().toStdString()) / "mcnn.onnx";
        exportModel(model, metadataFor(model), out, ExportOptions{ExportFormat::Onnx, false});
        const auto sideCar = readSideCar(out);
        QVERIFY(sideCar.has_value());
        QCOMPARE(sideCar->format, std::string("onnx"));
        QCOMPARE(*sideCar->mae, 110.01);

        auto reference = makeLibTorchBackend(model, LibTorchMode::Eager);
        auto openCv = openOnnxBackend(out, Backend::OpenCv);
        // What `crowdkd count --backend opencv` does with the .pth itself: ONNX in memory.
        auto openCvFromPth =
            openInferenceBackend(test::sharedPath(kPretrained), std::nullopt, Backend::OpenCv);
        QCOMPARE(openCvFromPth->name(), std::string("opencv-dnn"));
        auto libTorchFromOnnx = openOnnxBackend(out, Backend::LibTorch);
        for (const char* name : kImages) {
            const torch::Tensor input = loadInput(name, 1);
            const torch::Tensor expected = reference->density(input);
            const torch::Tensor fromOpenCv = openCv->density(input);
            QCOMPARE(fromOpenCv.sizes().vec(), expected.sizes().vec());
            const double difference = relativeDifference(fromOpenCv, expected);
            qInfo("%s: count %.3f (LibTorch) %.3f (OpenCV DNN), max diff %.2e of max density", name,
                  expected.sum().item<double>(), fromOpenCv.sum().item<double>(), difference);
            QVERIFY(difference <= kRelativeTolerance);
            QVERIFY(relativeDifference(libTorchFromOnnx->density(input), expected) <=
                    kRelativeTolerance);
            QVERIFY(relativeDifference(openCvFromPth->density(input), expected) <=
                    kRelativeTolerance);
        }
    }

    void fasterLibTorchModesGiveTheSameDensity() {
        CROWDKD_REQUIRE_SHARED(kPretrained);
        CROWDKD_REQUIRE_SHARED(kTestImages);
        const nn::DensityModel model = pretrainedMcnn();
        const torch::Tensor input = loadInput(kImages[0], 1);
        const torch::Tensor expected =
            makeLibTorchBackend(model, LibTorchMode::Eager)->density(input);
        for (const LibTorchMode mode : {LibTorchMode::ChannelsLast, LibTorchMode::Mkldnn}) {
            const torch::Tensor density = makeLibTorchBackend(model, mode)->density(input);
            QCOMPARE(density.sizes().vec(), expected.sizes().vec());
            QVERIFY2(relativeDifference(density, expected) <= kRelativeTolerance,
                     toString(mode).c_str());
        }
        // The RGB variant and a batch of two at another size take the same paths.
        torch::manual_seed(11);
        const nn::DensityModel rgb(nn::ModelKind::Mcnn, 3);
        const torch::Tensor rgbInput = torch::rand({2, 3, 196, 260}) * 255;
        const torch::Tensor rgbExpected =
            makeLibTorchBackend(rgb, LibTorchMode::Eager)->density(rgbInput);
        QCOMPARE(rgbExpected.sizes().vec(), (std::vector<std::int64_t>{2, 1, 49, 65}));
        QVERIFY(rgbExpected.max().item<float>() > 0); // a density to compare, not all zeros
        for (const LibTorchMode mode : {LibTorchMode::ChannelsLast, LibTorchMode::Mkldnn}) {
            const torch::Tensor density = makeLibTorchBackend(rgb, mode)->density(rgbInput);
            QCOMPARE(density.sizes().vec(), rgbExpected.sizes().vec());
            QVERIFY2(relativeDifference(density, rgbExpected) <= kRelativeTolerance,
                     toString(mode).c_str());
        }
    }

    void fp16OnnxCountsCloseOnRealImages() {
        CROWDKD_REQUIRE_SHARED(kPretrained);
        CROWDKD_REQUIRE_SHARED(kTestImages);
        const nn::DensityModel model = pretrainedMcnn();
        QTemporaryDir folder;
        const std::filesystem::path full = pathFromUtf8(folder.path().toStdString()) / "full.onnx";
        const std::filesystem::path half = pathFromUtf8(folder.path().toStdString()) / "half.onnx";
        exportModel(model, metadataFor(model), full, ExportOptions{ExportFormat::Onnx, false});
        exportModel(model, metadataFor(model), half, ExportOptions{ExportFormat::Onnx, true});
        QVERIFY(std::filesystem::file_size(half) < std::filesystem::file_size(full) * 0.55);
        auto fullBackend = openOnnxBackend(full);
        auto halfBackend = openOnnxBackend(half);
        for (const char* name : kImages) {
            const torch::Tensor input = loadInput(name, 1);
            const double fullCount = fullBackend->density(input).sum().item<double>();
            const double halfCount = halfBackend->density(input).sum().item<double>();
            qInfo("%s: count %.3f (float32) %.3f (float16 weights), difference %.2e relative", name,
                  fullCount, halfCount, std::abs(halfCount - fullCount) / fullCount);
            // Rounding the weights to 11 significant bits moves a count by well under 1 %.
            QVERIFY(std::abs(halfCount - fullCount) <= 0.01 * fullCount);
        }
    }

    void libTorchArchiveRoundTrips() {
        nn::DensityModel model(nn::ModelKind::Mcnn, 3);
        QTemporaryDir folder;
        const std::filesystem::path out = pathFromUtf8(folder.path().toStdString()) / "학생.pt";
        ExportMetadata metadata = ExportMetadata::forModel(model);
        metadata.trainingAlpha = 0.3;
        exportModel(model, metadata, out, ExportOptions{ExportFormat::LibTorch, false});
        QVERIFY(isLibTorchArchive(out));
        LibTorchArchiveContents contents = readLibTorchArchive(out);
        QCOMPARE(contents.metadata.inputChannels, 3);
        QCOMPARE(*contents.metadata.trainingAlpha, 0.3);
        const torch::Tensor input = torch::rand({1, 3, 64, 48}) * 255;
        torch::NoGradGuard noGrad;
        model.eval();
        const torch::Tensor expected = model.forward(input).density;
        QVERIFY(torch::equal(contents.model.forward(input).density, expected));

        // A plain LibTorch program restores it with torch::load into a module with the same names.
        nn::Mcnn plain(3);
        torch::load(plain, pathToUtf8(out));
        plain->eval();
        QVERIFY(torch::equal(plain->forward(input), expected));

        // fp16 archive: half the size, read back into float32.
        const std::filesystem::path half = pathFromUtf8(folder.path().toStdString()) / "half.pt";
        exportModel(model, metadata, half, ExportOptions{ExportFormat::LibTorch, true});
        QVERIFY(std::filesystem::file_size(half) < std::filesystem::file_size(out) * 0.6);
        LibTorchArchiveContents halfContents = readLibTorchArchive(half);
        const torch::Tensor fromHalf = halfContents.model.forward(input).density;
        QVERIFY(relativeDifference(fromHalf, expected) < 1e-2);

        QVERIFY(!isLibTorchArchive(testDataPathOrSelf()));
    }

    // A model whose weights hold NaN or infinity (a diverged training, a damaged file) counts NaN
    // people: every way of loading one refuses it, naming the file and the first bad tensor.
    void nonFiniteWeightsAreRefusedAtLoad() {
        CROWDKD_REQUIRE_SHARED(kPretrained);
        QTemporaryDir folder;
        const std::filesystem::path root = pathFromUtf8(folder.path().toStdString());
        const std::string key = "branch2.2.conv.weight";
        for (const double bad : {std::nan(""), HUGE_VAL}) {
            nn::DensityModel model = pretrainedMcnn();
            {
                torch::NoGradGuard noGrad;
                torch::Tensor weight = model.stateDict().at(key); // shares the module's storage
                weight.view(-1)[5] = bad;
            }
            const std::string tag = std::isnan(bad) ? "nan" : "inf";
            const auto expectRefused = [&](const std::filesystem::path& path, auto load) {
                try {
                    load();
                    QFAIL(qPrintable(QString::fromStdString(pathToUtf8(path) + " was loaded")));
                } catch (const FileError& error) {
                    const std::string message = error.what();
                    QVERIFY2(message.rfind(pathToUtf8(path) + ": ", 0) == 0, message.c_str());
                    QVERIFY2(message.find("NaN or infinite") != std::string::npos, message.c_str());
                }
            };
            // A PyTorch state dict, in the CLI's and the exporter's readers.
            const std::filesystem::path pth = root / (tag + ".pth");
            nn::writePthStateDict(pth, model.stateDict());
            expectRefused(pth, [&] { pipeline::loadDensityModel(pth); });
            expectRefused(pth, [&] { loadSourceModel(pth); });
            expectRefused(pth, [&] {
                openInferenceBackend(pth, std::nullopt, Backend::LibTorch, LibTorchMode::Mkldnn);
            });
            // An ONNX graph (OpenCV DNN reads it without LibTorch) and a LibTorch archive.
            const ExportMetadata metadata = ExportMetadata::forModel(model);
            const std::filesystem::path onnx = root / (tag + ".onnx");
            exportModel(model, metadata, onnx, ExportOptions{ExportFormat::Onnx, false});
            expectRefused(onnx, [&] {
                openInferenceBackend(onnx, std::nullopt, Backend::OpenCv, LibTorchMode::Mkldnn);
            });
            expectRefused(onnx, [&] { loadSourceModel(onnx); });
            const std::filesystem::path archive = root / (tag + "-archive.pt");
            exportModel(model, metadata, archive, ExportOptions{ExportFormat::LibTorch, false});
            expectRefused(archive, [&] { loadSourceModel(archive); });
            // A CrowdKD checkpoint (what a diverged training leaves as last.pt).
            const std::filesystem::path checkpoint = root / (tag + "-last.pt");
            nn::Checkpoint::save(checkpoint, *model.module(), nullptr, "{}");
            nn::DensityModel fresh(nn::ModelKind::Mcnn);
            expectRefused(checkpoint,
                          [&] { nn::Checkpoint::open(checkpoint).loadModel(*fresh.module()); });
        }
    }

    // `crowdkd export --weights RUN/best.pt`: a CrowdKD training checkpoint exports with its kind
    // from the checkpoint, the run's α and its best validation MAE in the metadata.
    void trainingCheckpointExportsWithRunMetadata() {
        CROWDKD_REQUIRE_SHARED(kPretrained);
        CROWDKD_REQUIRE_SHARED(QStringLiteral("data/ShanghaiTech/part_A/train_data"));
        QTemporaryDir folder;
        qputenv("CROWDKD_CACHE_DIR", folder.filePath(QStringLiteral("cache")).toLocal8Bit());
        const std::filesystem::path root = pathFromUtf8(folder.path().toStdString());
        // A distillation run of one epoch of two batches of tiny crops, svishwa's MCNN teaching.
        pipeline::TrainingConfig config;
        config.mode = pipeline::TrainingMode::Kd;
        config.data = test::sharedPath(QStringLiteral("data/ShanghaiTech/part_A"));
        config.teacher = test::sharedPath(kPretrained);
        config.teacherCache = false;
        config.alpha = 0.3;
        config.maxImages = 6;
        config.validationFraction = 0.34;
        config.crop = 64;
        config.batchSize = 2;
        config.epochs = 1;
        config.threads = 2;
        config.workers = 1;
        const std::filesystem::path runDir = root / "run α";
        const pipeline::TrainingResult result = pipeline::Trainer(config, runDir).run();
        QVERIFY2(result.status == pipeline::TrainingStatus::Finished, result.message.c_str());
        QVERIFY(result.iterations >= 1 && result.iterations <= 2);
        QVERIFY(result.bestMae >= 0.0);
        const pipeline::RunDirectory run(runDir);
        const std::filesystem::path best = run.bestCheckpointPath();

        // The run's figures reach the metadata, whichever way the file is exported.
        SourceModel source = loadSourceModel(best);
        QVERIFY(source.metadata.kind == nn::ModelKind::Mcnn);
        QVERIFY(source.metadata.trainingAlpha.has_value());
        QCOMPARE(*source.metadata.trainingAlpha, 0.3);
        QCOMPARE(pipeline::readRunOverview(run.path())->summary->result.bestMae, result.bestMae);
        QVERIFY(source.metadata.mae.has_value());
        QCOMPARE(*source.metadata.mae, result.bestMae);

        const std::filesystem::path onnx = root / "student.onnx";
        exportModel(source.model, source.metadata, onnx, ExportOptions{ExportFormat::Onnx, false});
        const OnnxContents contents = readOnnx(onnx);
        const std::optional<ExportMetadata> sideCar = readSideCar(onnx);
        QVERIFY(sideCar.has_value());
        for (const ExportMetadata* metadata : {&contents.metadata, &*sideCar}) {
            QVERIFY(metadata->kind == nn::ModelKind::Mcnn);
            QVERIFY(metadata->source == "best.pt");
            QVERIFY(metadata->trainingAlpha && *metadata->trainingAlpha == 0.3);
            QVERIFY(metadata->mae && std::abs(*metadata->mae - result.bestMae) < 1e-9);
        }
        const std::filesystem::path archive = root / "student.pt";
        exportModel(source.model, source.metadata, archive,
                    ExportOptions{ExportFormat::LibTorch, false});
        const LibTorchArchiveContents archived = readLibTorchArchive(archive);
        QVERIFY(archived.metadata.trainingAlpha && *archived.metadata.trainingAlpha == 0.3);
        QVERIFY(archived.metadata.mae && std::abs(*archived.metadata.mae - result.bestMae) < 1e-9);

        // The exported graph computes what the checkpoint's model computes.
        const torch::Tensor input = torch::rand({1, 1, 96, 128}) * 255;
        torch::NoGradGuard noGrad;
        const torch::Tensor expected = source.model.forward(input).density;
        const torch::Tensor fromOnnx = openOnnxBackend(onnx, Backend::OpenCv)->density(input);
        QVERIFY(relativeDifference(fromOnnx, expected) < kRelativeTolerance);

        // Without summary.json, the checkpoint's own record of the best MAE.
        std::filesystem::remove(run.summaryPath());
        QVERIFY(loadSourceModel(best).metadata.mae.has_value());
        QCOMPARE(*loadSourceModel(best).metadata.mae, result.bestMae);
        // A kind the checkpoint contradicts is refused, naming the file.
        try {
            loadSourceModel(best, nn::ModelKind::MsfaNet);
            QFAIL("an MCNN checkpoint loaded as M-SFANet");
        } catch (const FileError& error) {
            QVERIFY(std::string(error.what()).find("best.pt") != std::string::npos);
        }
    }

    void pytorchStateDictLoadsStrictlyInPython() {
        CROWDKD_REQUIRE_SHARED(kPretrained);
        if (!QFileInfo::exists(QStringLiteral(CROWDKD_PYTHON)))
            QSKIP("no /usr/bin/python3");
        nn::DensityModel model = pretrainedMcnn();
        QTemporaryDir folder;
        const std::filesystem::path out = pathFromUtf8(folder.path().toStdString()) / "mcnn.pth";
        const std::filesystem::path half = pathFromUtf8(folder.path().toStdString()) / "half.pth";
        exportModel(model, metadataFor(model), out, ExportOptions{ExportFormat::PyTorch, false});
        exportModel(model, metadataFor(model), half, ExportOptions{ExportFormat::PyTorch, true});
        QVERIFY(readSideCar(out).has_value());
        QVERIFY(std::filesystem::file_size(half) < std::filesystem::file_size(out) * 0.6);
        // Our own reader gets the same weights back.
        const nn::StateDict back = nn::readPthStateDict(out);
        for (const auto& [name, tensor] : model.stateDict())
            QVERIFY2(torch::equal(back.at(name), tensor), name.c_str());

        // svishwa's MCNN class, loaded strictly; it prints the density sum for a fixed input.
        const torch::Tensor input =
            torch::arange(64 * 48, torch::kFloat).reshape({1, 1, 64, 48}) % 251;
        torch::NoGradGuard noGrad;
        const double expected = model.forward(input).density.sum().item<double>();
        const QString script = QStringLiteral(R"(
import sys
try:
    import torch, torch.nn as nn
except ImportError:
    print('SKIP'); sys.exit(0)
class Conv2d(nn.Module):
    def __init__(self, i, o, k, relu=True):
        super().__init__()
        self.conv = nn.Conv2d(i, o, k, padding=(k - 1) // 2)
        self.relu = nn.ReLU(inplace=True) if relu else None
    def forward(self, x):
        x = self.conv(x)
        return self.relu(x) if self.relu is not None else x
class MCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.branch1 = nn.Sequential(Conv2d(1, 16, 9), nn.MaxPool2d(2), Conv2d(16, 32, 7), nn.MaxPool2d(2), Conv2d(32, 16, 7), Conv2d(16, 8, 7))
        self.branch2 = nn.Sequential(Conv2d(1, 20, 7), nn.MaxPool2d(2), Conv2d(20, 40, 5), nn.MaxPool2d(2), Conv2d(40, 20, 5), Conv2d(20, 10, 5))
        self.branch3 = nn.Sequential(Conv2d(1, 24, 5), nn.MaxPool2d(2), Conv2d(24, 48, 3), nn.MaxPool2d(2), Conv2d(48, 24, 3), Conv2d(24, 12, 3))
        self.fuse = nn.Sequential(Conv2d(30, 1, 1))
    def forward(self, x):
        return self.fuse(torch.cat((self.branch1(x), self.branch2(x), self.branch3(x)), 1))
x = (torch.arange(64 * 48, dtype=torch.float32).reshape(1, 1, 64, 48) % 251)
for path in sys.argv[1:]:
    weights = torch.load(path)
    half = all(t.dtype == torch.float16 for t in weights.values())
    model = MCNN()
    model.load_state_dict(weights, strict=True)
    with torch.no_grad():
        print(half, float(model.eval()(x).sum()))
)");
        QProcess python;
        python.start(QStringLiteral(CROWDKD_PYTHON),
                     QStringList{QStringLiteral("-c"), script,
                                 QString::fromStdString(pathToUtf8(out)),
                                 QString::fromStdString(pathToUtf8(half))});
        QVERIFY(python.waitForFinished(120000));
        const QString output = QString::fromUtf8(python.readAllStandardOutput()).trimmed();
        QVERIFY2(python.exitCode() == 0,
                 qPrintable(QString::fromUtf8(python.readAllStandardError())));
        if (output == QStringLiteral("SKIP"))
            QSKIP("PyTorch is not installed for /usr/bin/python3");
        const QStringList lines = output.split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines[0].section(QLatin1Char(' '), 0, 0), QStringLiteral("False"));
        QCOMPARE(lines[1].section(QLatin1Char(' '), 0, 0), QStringLiteral("True"));
        const double fromPython = lines[0].section(QLatin1Char(' '), 1).toDouble();
        const double fromHalf = lines[1].section(QLatin1Char(' '), 1).toDouble();
        QVERIFY(std::abs(fromPython - expected) <= 1e-4 * std::abs(expected));
        QVERIFY(std::abs(fromHalf - expected) <= 1e-2 * std::abs(expected));
    }

    void cliExportAndEmbeddedExampleCount() {
        CROWDKD_REQUIRE_SHARED(kPretrained);
        CROWDKD_REQUIRE_SHARED(kTestImages);
        const QString cli = QStringLiteral(CROWDKD_BINARY_DIR "/app/cli/crowdkd");
        const QString example = qEnvironmentVariable("CROWDKD_COUNT_ONNX_EXAMPLE");
        if (!QFileInfo::exists(cli) || example.isEmpty() || !QFileInfo::exists(example))
            QSKIP("needs the crowdkd CLI and the count_onnx example (run through ctest)");
        QTemporaryDir folder;
        const QString model = folder.filePath(QStringLiteral("student.onnx"));
        QProcess exporter;
        exporter.start(cli, QStringList{QStringLiteral("export"), QStringLiteral("--weights"),
                                        test::sharedDir() + QLatin1Char('/') + kPretrained,
                                        QStringLiteral("--format"), QStringLiteral("onnx"),
                                        QStringLiteral("--out"), model});
        QVERIFY(exporter.waitForFinished(120000));
        QVERIFY2(exporter.exitCode() == 0, exporter.readAllStandardError().constData());
        QVERIFY(QFileInfo::exists(model + QStringLiteral(".json")));

        // A device's folder of images (one with a Korean name).
        QDir(folder.path()).mkdir(QStringLiteral("images"));
        std::map<QString, double> expected;
        auto reference = makeLibTorchBackend(pretrainedMcnn(), LibTorchMode::Eager);
        for (const char* name : kImages) {
            const QString copy = folder.filePath(
                QStringLiteral("images/") +
                (name == kImages[0] ? QStringLiteral("광장.jpg") : QString::fromLatin1(name)));
            QVERIFY(QFile::copy(
                QDir(test::sharedDir())
                    .filePath(kTestImages + QLatin1Char('/') + QString::fromLatin1(name)),
                copy));
            expected[QFileInfo(copy).fileName()] =
                reference->density(loadInput(name, 1)).sum().item<double>();
        }
        QProcess device;
        device.start(example, QStringList{model, folder.filePath(QStringLiteral("images"))});
        QVERIFY(device.waitForFinished(120000));
        QVERIFY2(device.exitCode() == 0, device.readAllStandardError().constData());
        const QList<QByteArray> lines = device.readAllStandardOutput().trimmed().split('\n');
        QCOMPARE(lines.size(), qsizetype(std::size(kImages)));
        for (const QByteArray& line : lines) {
            const QJsonObject object = QJsonDocument::fromJson(line).object();
            const QString image = object.value(QStringLiteral("image")).toString();
            QVERIFY2(expected.count(image), line.constData());
            const double count = object.value(QStringLiteral("count")).toDouble();
            qInfo("%s", line.constData());
            QVERIFY(std::abs(count - expected[image]) <= kRelativeTolerance * expected[image]);
        }
    }

private:
    static std::filesystem::path testDataPathOrSelf() { return std::filesystem::path(__FILE__); }
};

QTEST_GUILESS_MAIN(TestExport)
#include "test_export.moc"
