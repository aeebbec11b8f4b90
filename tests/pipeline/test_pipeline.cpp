// Preprocessing, model loading, prediction and the evaluation loop.
#include "base/error.h"
#include "base/file_io.h"
#include "base/npy.h"
#include "data/dataset.h"
#include "data/ground_truth.h"
#include "data/image_io.h"
#include "nn/msfanet.h"
#include "nn/pth_writer.h"
#include "pipeline/evaluator.h"
#include "pipeline/model_loader.h"
#include "pipeline/predictor.h"
#include "pipeline/preprocess.h"
#include "pipeline_test_util.h"
#include "test_support.h"

#include <QTemporaryDir>
#include <QTest>

#include <opencv2/imgproc.hpp>

using namespace crowdkd;
using namespace crowdkd::pipeline;

namespace {

std::filesystem::path toPath(const QString& path) {
    return std::filesystem::path(path.toStdU16String());
}

const QString kSvishwa = QStringLiteral("fixtures/pretrained/mcnn_shtechA_svishwa.pth");
const QString kFixtureImage = QStringLiteral("fixtures/pytorch/input.png");

} // namespace

class TestPipeline : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { setInferenceThreads(); }

    void inputSizes() {
        using nn::ModelKind;
        QCOMPARE(modelInputSize({1023, 767}, ModelKind::Mcnn), cv::Size(1020, 764));
        QCOMPARE(modelInputSize({1024, 768}, ModelKind::Mcnn), cv::Size(1024, 768));
        // Nearest multiple of 16, halves to even as Python's round() (41.5 → 42, 42.5 → 42).
        QCOMPARE(modelInputSize({1000, 664}, ModelKind::MsfaNet), cv::Size(992, 672)); // 62.5 → 62
        QCOMPARE(modelInputSize({1024, 680}, ModelKind::MsfaNet), cv::Size(1024, 672));
        QCOMPARE(modelInputSize({500, 334}, ModelKind::MsfaNet), cv::Size(496, 336));
        QCOMPARE(modelInputSize({5, 3}, ModelKind::MsfaNet), cv::Size(16, 16));
    }

    void preprocessing() {
        // MCNN: gray values 0–255 untouched when the size fits, floored to multiples of 4 else.
        cv::Mat gray(10, 13, CV_8UC1);
        cv::randu(gray, 0, 256);
        torch::Tensor input = preprocessImage(gray, nn::ModelKind::Mcnn, 1);
        QCOMPARE(input.sizes().vec(), (std::vector<std::int64_t>{1, 1, 8, 12}));
        cv::Mat exact = gray(cv::Rect(0, 0, 12, 8)).clone();
        torch::Tensor same = preprocessImage(exact, nn::ModelKind::Mcnn, 1);
        QCOMPARE(same[0][0][3][5].item<float>(), static_cast<float>(exact.at<std::uint8_t>(3, 5)));

        // M-SFANet: BGR in, RGB / 255 normalised with ImageNet statistics out.
        cv::Mat bgr(32, 48, CV_8UC3, cv::Scalar(10, 128, 250));
        input = preprocessImage(bgr, nn::ModelKind::MsfaNet, 3);
        QCOMPARE(input.sizes().vec(), (std::vector<std::int64_t>{1, 3, 32, 48}));
        const auto normalised = [](float value, int channel) {
            return (value / 255.f - float(nn::kImageNetMean[channel])) /
                   float(nn::kImageNetStd[channel]);
        };
        QVERIFY(std::abs(input[0][0][7][9].item<float>() - normalised(250, 0)) < 1e-5);
        QVERIFY(std::abs(input[0][2][7][9].item<float>() - normalised(10, 2)) < 1e-5);

        // A gray image for a colour model is replicated to three channels.
        input = preprocessImage(gray, nn::ModelKind::Mcnn, 3);
        QCOMPARE(input.size(1), std::int64_t{3});
        QVERIFY(torch::equal(input[0][0], input[0][2]));
    }

    void loadsAndPredictsLikePyTorch() {
        CROWDKD_REQUIRE_SHARED("fixtures/pytorch/mcnn_dme_state_dict.pth");
        CROWDKD_REQUIRE_SHARED(kFixtureImage);
        // Kind and channels come from the keys (under svishwa's DME. prefix here).
        nn::DensityModel model = loadDensityModel(
            test::sharedPath(QStringLiteral("fixtures/pytorch/mcnn_dme_state_dict.pth")));
        QVERIFY(model.kind() == nn::ModelKind::Mcnn);
        QCOMPARE(model.inputChannels(), 1);
        QVERIFY(!model.isTraining());
        const Prediction prediction = predictFile(model, test::sharedPath(kFixtureImage));
        QCOMPARE(prediction.density.sizes().vec(), (std::vector<std::int64_t>{24, 32}));
        QCOMPARE(prediction.inputSize, cv::Size(128, 96));
        const double expected = 6186.60107421875; // manifest.json: PyTorch's count
        QVERIFY2(std::abs(prediction.count - expected) <= 1e-4 * expected,
                 qPrintable(QString::number(prediction.count)));
        const NpyArray reference =
            readNpy(test::sharedPath(QStringLiteral("fixtures/pytorch/mcnn_density.npy")));
        float maxReference = 0.0f;
        float maxError = 0.0f;
        for (std::size_t i = 0; i < reference.values.size(); ++i) {
            maxReference = std::max(maxReference, std::abs(reference.values[i]));
            maxError = std::max(
                maxError, std::abs(reference.values[i] - prediction.density.data_ptr<float>()[i]));
        }
        QVERIFY(maxError <= 1e-4f * maxReference);
    }

    void msfanetFromCheckpoint() {
        CROWDKD_REQUIRE_SHARED("fixtures/pytorch/msfanet_checkpoint.pth");
        nn::DensityModel model = loadDensityModel(
            test::sharedPath(QStringLiteral("fixtures/pytorch/msfanet_checkpoint.pth")),
            nn::ModelKind::MsfaNet);
        QVERIFY(model.kind() == nn::ModelKind::MsfaNet);
        const Prediction prediction = predictFile(model, test::sharedPath(kFixtureImage));
        QCOMPARE(prediction.density.sizes().vec(), (std::vector<std::int64_t>{48, 64}));
        QCOMPARE(prediction.attention.sizes().vec(), (std::vector<std::int64_t>{48, 64}));
        const double expected = -6662.9794921875; // manifest.json
        QVERIFY2(std::abs(prediction.count - expected) <= 1e-4 * std::abs(expected),
                 qPrintable(QString::number(prediction.count)));
    }

    void loaderErrors() {
        CROWDKD_REQUIRE_SHARED(kSvishwa);
        const auto svishwa = test::sharedPath(kSvishwa);
        try {
            loadDensityModel(svishwa, nn::ModelKind::MsfaNet);
            QFAIL("MCNN weights must not load as M-SFANet");
        } catch (const FileError& error) {
            QCOMPARE(error.path(), svishwa);
            QVERIFY2(
                QString::fromStdString(error.reason()).contains(QStringLiteral("MCNN weights")),
                error.what());
        }

        QTemporaryDir dir;
        // Weights of neither model: the user must say which, and then the keys are listed.
        nn::StateDict foreign;
        foreign.insert("features.0.weight", torch::zeros({4, 3, 3, 3}));
        const auto foreignPath = toPath(dir.filePath(QStringLiteral("foreign.pth")));
        nn::writePthStateDict(foreignPath, foreign);
        QVERIFY_THROWS_EXCEPTION(FileError, loadDensityModel(foreignPath));
        try {
            loadDensityModel(foreignPath, nn::ModelKind::Mcnn);
            QFAIL("foreign weights must be refused");
        } catch (const FileError& error) {
            const QString reason = QString::fromStdString(error.reason());
            QVERIFY2(reason.contains(QStringLiteral("missing keys (26)")), error.what());
            QVERIFY2(reason.contains(QStringLiteral("unexpected keys (1): features.0.weight")),
                     error.what());
        }
        const auto text = toPath(dir.filePath(QStringLiteral("notes.pth")));
        writeFileAtomically(text, std::string("not weights"));
        QVERIFY_THROWS_EXCEPTION(FileError, loadDensityModel(text));

        // An RGB MCNN saved by us loads back with 3 input channels.
        nn::DensityModel rgb(nn::ModelKind::Mcnn, 3);
        const auto rgbPath = toPath(dir.filePath(QStringLiteral("rgb.pth")));
        nn::writePthStateDict(rgbPath, rgb.stateDict());
        QCOMPARE(loadDensityModel(rgbPath).inputChannels(), 3);
    }

    void evaluationLoop() {
        CROWDKD_REQUIRE_SHARED(kSvishwa);
        QTemporaryDir dir;
        if (!test::makeSmallSplit(dir))
            QSKIP("part_A test data not found");
        const Split split = openSplit(toPath(dir.path()));
        QCOMPARE(split.samples.size(), std::size(test::kSmallSplitImages));
        nn::DensityModel model = loadDensityModel(test::sharedPath(kSvishwa));
        model.train(); // the evaluation switches to eval mode and back

        std::size_t calls = 0;
        EvaluationOptions options;
        options.prefetch = 1;
        options.progress = [&calls](std::size_t done, std::size_t total, const ImageEvaluation&) {
            ++calls;
            QVERIFY(done <= total);
        };
        const EvaluationResult result = evaluateSplit(model, split, options);
        QVERIFY(model.isTraining());
        QCOMPARE(calls, split.samples.size());
        QCOMPARE(result.images.size(), split.samples.size());
        QVERIFY(!result.cancelled);

        // Each image agrees with a separate prediction and the ground-truth file.
        model.eval();
        double absolute = 0.0;
        double squared = 0.0;
        for (std::size_t i = 0; i < result.images.size(); ++i) {
            const ImageEvaluation& image = result.images[i];
            QCOMPARE(image.name, split.samples[i].name);
            const double groundTruth = static_cast<double>(
                readGroundTruth(split.samples[i].groundTruthPath).points.size());
            QCOMPARE(image.groundTruthCount, groundTruth);
            const double count = predictFile(model, split.samples[i].imagePath).count;
            QVERIFY(std::abs(image.predictedCount - count) < 1e-6 * std::max(1.0, count));
            QCOMPARE(image.inputWidth, image.width / 4 * 4);
            absolute += std::abs(count - groundTruth);
            squared += (count - groundTruth) * (count - groundTruth);
        }
        const double n = static_cast<double>(result.images.size());
        QVERIFY(std::abs(result.mae - absolute / n) < 1e-6);
        QVERIFY(std::abs(result.rmse - std::sqrt(squared / n)) < 1e-6);
    }

    void cancellationAndErrors() {
        CROWDKD_REQUIRE_SHARED(kSvishwa);
        QTemporaryDir dir;
        if (!test::makeSmallSplit(dir))
            QSKIP("part_A test data not found");
        Split split = openSplit(toPath(dir.path()));
        nn::DensityModel model = loadDensityModel(test::sharedPath(kSvishwa));

        std::atomic<bool> cancel{false};
        EvaluationOptions options;
        options.cancel = &cancel;
        options.progress = [&cancel](std::size_t, std::size_t, const ImageEvaluation&) {
            cancel = true;
        };
        const EvaluationResult cancelled = evaluateSplit(model, split, options);
        QVERIFY(cancelled.cancelled);
        QCOMPARE(cancelled.images.size(), std::size_t{1});

        // A broken image stops the evaluation with an error naming it.
        const std::filesystem::path broken = split.samples[1].imagePath;
        std::filesystem::remove(broken);
        writeFileAtomically(broken, std::string("not a JPEG"));
        try {
            evaluateSplit(model, split);
            QFAIL("a broken image must stop the evaluation");
        } catch (const FileError& error) {
            QCOMPARE(error.path(), broken);
        }
    }
};

QTEST_GUILESS_MAIN(TestPipeline)
#include "test_pipeline.moc"
