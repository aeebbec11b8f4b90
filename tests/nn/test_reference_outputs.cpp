// Our models reproduce PyTorch's outputs on the fixture image with the reference weights.
#include "base/npy.h"
#include "nn/density_model.h"
#include "nn/msfanet.h"
#include "nn/pth_reader.h"
#include "test_support.h"

#include <QTest>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

using namespace crowdkd;
using namespace crowdkd::nn;

namespace {

torch::Tensor npyTensor(const std::filesystem::path& path) {
    NpyArray array = readNpy(path);
    std::vector<std::int64_t> shape(array.shape.begin(), array.shape.end());
    return torch::from_blob(array.values.data(), shape, torch::kFloat).clone();
}

/// The manifest's MCNN preprocessing: grayscale as float 0–255, 1×1×H×W.
torch::Tensor grayInput(const std::filesystem::path& image) {
    cv::Mat gray = cv::imread(image.string(), cv::IMREAD_GRAYSCALE);
    cv::Mat values;
    gray.convertTo(values, CV_32F);
    return torch::from_blob(values.data, {1, 1, values.rows, values.cols}, torch::kFloat).clone();
}

/// The manifest's M-SFANet preprocessing: RGB / 255, ImageNet mean and std, 1×3×H×W.
torch::Tensor normalizedRgbInput(const std::filesystem::path& image) {
    cv::Mat bgr = cv::imread(image.string(), cv::IMREAD_COLOR);
    cv::Mat rgb;
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    cv::Mat values;
    rgb.convertTo(values, CV_32F, 1.0 / 255.0);
    torch::Tensor input =
        torch::from_blob(values.data, {1, values.rows, values.cols, 3}, torch::kFloat)
            .permute({0, 3, 1, 2})
            .contiguous();
    const auto statistics = [](const double(&values)[3]) {
        return torch::tensor({float(values[0]), float(values[1]), float(values[2])})
            .view({1, 3, 1, 1});
    };
    const torch::Tensor mean = statistics(nn::kImageNetMean);
    const torch::Tensor std = statistics(nn::kImageNetStd);
    return (input - mean) / std;
}

/// max |ours − torch| ≤ 1e-4 × max |torch|.
void expectClose(const torch::Tensor& ours, const torch::Tensor& reference, const char* what) {
    QCOMPARE(ours.squeeze().sizes().vec(), reference.sizes().vec());
    const double scale = reference.abs().max().item<double>();
    const double error = (ours.squeeze() - reference).abs().max().item<double>();
    QVERIFY2(scale > 0, what);
    QVERIFY2(error <= 1e-4 * scale,
             qPrintable(QStringLiteral("%1: max error %2, max |reference| %3")
                            .arg(QString::fromUtf8(what))
                            .arg(error)
                            .arg(scale)));
}

void expectCount(const torch::Tensor& density, double expected) {
    const double count = density.sum().item<double>();
    QVERIFY2(std::abs(count - expected) <= 1e-4 * std::abs(expected),
             qPrintable(QStringLiteral("count %1, PyTorch %2").arg(count).arg(expected)));
}

} // namespace

class TestReferenceOutputs : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        torch::set_num_threads(static_cast<int>(std::thread::hardware_concurrency()));
    }

    void mcnn_data() {
        QTest::addColumn<QString>("weights");
        QTest::newRow("plain") << QStringLiteral("fixtures/pytorch/mcnn_state_dict.pth");
        QTest::newRow("DME. prefix") << QStringLiteral("fixtures/pytorch/mcnn_dme_state_dict.pth");
    }

    void mcnn() {
        QFETCH(QString, weights);
        CROWDKD_REQUIRE_SHARED(weights);
        CROWDKD_REQUIRE_SHARED("fixtures/pytorch/input.png");
        DensityModel model(ModelKind::Mcnn);
        model.loadStateDict(readPthStateDict(test::sharedPath(weights)));
        model.eval();
        torch::NoGradGuard noGrad;
        const ModelOutput output = model.forward(
            grayInput(test::sharedPath(QStringLiteral("fixtures/pytorch/input.png"))));
        expectClose(
            output.density,
            npyTensor(test::sharedPath(QStringLiteral("fixtures/pytorch/mcnn_density.npy"))),
            "MCNN density");
        expectCount(output.density, 6186.60107421875); // manifest.json
    }

    void msfanet() {
        CROWDKD_REQUIRE_SHARED("fixtures/pytorch/msfanet_checkpoint.pth");
        CROWDKD_REQUIRE_SHARED("fixtures/pytorch/input.png");
        DensityModel model(ModelKind::MsfaNet);
        model.loadStateDict(readPthStateDict(
            test::sharedPath(QStringLiteral("fixtures/pytorch/msfanet_checkpoint.pth")), "model"));
        model.eval();
        torch::NoGradGuard noGrad;
        const ModelOutput output = model.forward(
            normalizedRgbInput(test::sharedPath(QStringLiteral("fixtures/pytorch/input.png"))));
        expectClose(
            output.density,
            npyTensor(test::sharedPath(QStringLiteral("fixtures/pytorch/msfanet_density.npy"))),
            "M-SFANet density");
        expectClose(
            output.attention,
            npyTensor(test::sharedPath(QStringLiteral("fixtures/pytorch/msfanet_attention.npy"))),
            "M-SFANet attention");
        expectCount(output.density, -6662.9794921875); // manifest.json
    }
};

QTEST_GUILESS_MAIN(TestReferenceOutputs)
#include "test_reference_outputs.moc"
