// Bounded memory and time (issue #14, points 3 and 4), in-process: MCNN runs images beyond the
// memory budget in tiles whose density equals the whole image's (real part A images, published
// weights, every engine), the tile margin is MCNN's receptive field, M-SFANet refuses what cannot
// fit before decoding, training refuses crops and whole images that cannot work before it starts,
// and a cancel request stops a training whose density maps are being computed.
#include "base/cancellation.h"
#include "base/error.h"
#include "base/memory_budget.h"
#include "claimed_size_jpeg.h"
#include "data/dataset.h"
#include "data/ground_truth.h"
#include "data/image_io.h"
#include "export/inference_backend.h"
#include "export/source_model.h"
#include "nn/mcnn.h"
#include "pipeline/evaluator.h"
#include "pipeline/model_loader.h"
#include "pipeline/predictor.h"
#include "pipeline/preprocess.h"
#include "pipeline/run_directory.h"
#include "pipeline/trainer.h"
#include "pipeline_test_util.h"
#include "test_support.h"

#include <QTemporaryDir>
#include <QTest>

#include <opencv2/imgcodecs.hpp>

#include <cstring>
#include <random>

using namespace crowdkd;
using namespace crowdkd::pipeline;
namespace fs = std::filesystem;

namespace {

const QString kSvishwa = QStringLiteral("fixtures/pretrained/mcnn_shtechA_svishwa.pth");
const QString kPartATest = QStringLiteral("data/ShanghaiTech/part_A/test_data");

fs::path toPath(const QString& path) {
    return fs::path(path.toStdU16String());
}

/// Sets an environment variable for the scope of a test, restoring it afterwards.
class ScopedEnvironment {
public:
    ScopedEnvironment(const char* name, const QByteArray& value)
        : m_name(name)
        , m_saved(qgetenv(name))
        , m_wasSet(qEnvironmentVariableIsSet(name)) {
        qputenv(name, value);
    }
    ~ScopedEnvironment() {
        if (m_wasSet)
            qputenv(m_name, m_saved);
        else
            qunsetenv(m_name);
    }

private:
    const char* m_name;
    QByteArray m_saved;
    bool m_wasSet;
};

void writeBytes(const fs::path& path, const std::vector<std::uint8_t>& bytes) {
    fs::create_directories(path.parent_path());
    std::FILE* file = std::fopen(path.c_str(), "wb");
    QVERIFY(file);
    QCOMPARE(std::fwrite(bytes.data(), 1, bytes.size(), file), bytes.size());
    std::fclose(file);
}

/// The largest |a − b| over the largest |a|.
double relativeDifference(const torch::Tensor& a, const torch::Tensor& b) {
    return (a - b).abs().max().item<double>() / std::max(1e-30, a.abs().max().item<double>());
}

/// A training split of synthetic noisy images of the given sizes, each with a few heads.
std::vector<Sample> makeSplit(const fs::path& split, const std::vector<cv::Size>& sizes,
                              int heads = 8) {
    std::vector<Sample> samples;
    cv::RNG rng(5);
    for (std::size_t i = 0; i < sizes.size(); ++i) {
        const std::string name = "IMG_" + std::to_string(i + 1);
        Sample sample{name, split / "images" / (name + ".jpg"),
                      split / "ground-truth" / ("GT_" + name + ".mat")};
        cv::Mat image(sizes[i], CV_8UC3);
        rng.fill(image, cv::RNG::UNIFORM, 0, 255);
        fs::create_directories(sample.imagePath.parent_path());
        fs::create_directories(sample.groundTruthPath.parent_path());
        cv::imwrite(sample.imagePath.string(), image);
        std::vector<HeadPoint> points;
        for (int h = 0; h < heads; ++h)
            points.push_back(
                {rng.uniform(0.0, sizes[i].width - 1.0), rng.uniform(0.0, sizes[i].height - 1.0)});
        writeGroundTruth(sample.groundTruthPath, points);
        samples.push_back(sample);
    }
    return samples;
}

/// Records whether training started.
class StartRecorder : public TrainingListener {
public:
    bool started = false;
    TrainingControl* cancelOnStart = nullptr;
    void onStarted(const TrainingStarted&) override {
        started = true;
        if (cancelOnStart)
            cancelOnStart->requestCancel();
    }
};

TrainingConfig quickConfig(const fs::path& split) {
    TrainingConfig config;
    config.mode = TrainingMode::Student;
    config.data = split;
    config.epochs = 1;
    config.crop = 64;
    config.batchSize = 1;
    config.validationSplit = pathToUtf8(split); // every image trains and validates
    config.threads = 2;
    config.workers = 1;
    return config;
}

} // namespace

class TestBounds : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void marginIsTheReceptiveField();
    void tilesEqualTheWholeImage_data();
    void tilesEqualTheWholeImage();
    void evaluationInTilesCountsAlike();
    void mcnnPlansStayWithinTheBudget();
    void msfanetRefusesWhatCannotFit();
    void allocationFailuresNameTheImage_data();
    void allocationFailuresNameTheImage();
    void trainingRefusesWhatCannotWork();
    void cancelStopsTrainingDuringDensityMaps();

private:
    QTemporaryDir m_dir;
};

void TestBounds::initTestCase() {
    QVERIFY(m_dir.isValid());
    setInferenceThreads(2);
}

// The margin comes from the model's layers (34 px for svishwa's MCNN, rounded up to 36 on its
// stride-4 grid), and it is what the model really sees: changing one input pixel changes no output
// cell farther away than that.
void TestBounds::marginIsTheReceptiveField() {
    QCOMPARE(nn::receptiveFieldMargin(nn::McnnImpl(1)), std::int64_t{34});
    QCOMPARE(mcnnTileMargin(), 36);
    // Seeded before the weights are drawn: with some random weights every ReLU of a column is
    // dead on this input, and the output does not move at all (seen once in a full-suite run).
    torch::manual_seed(3);
    nn::DensityModel model(nn::ModelKind::Mcnn);
    model.eval();
    torch::NoGradGuard noGrad;
    const torch::Tensor input = torch::rand({1, 1, 192, 192}) * 255;
    torch::Tensor changed = input.clone();
    changed[0][0][96][96] += 2000;
    const torch::Tensor before = model.forward(input).density[0][0];
    const torch::Tensor difference = (model.forward(changed).density[0][0] - before).abs();
    // Cell i covers input pixels [4i − 34, 4i + 3 + 34]: pixel 96 reaches cells 15…32.
    const double tolerance = 1e-5 * before.abs().max().item<double>();
    int nearest = 48, farthest = -1;
    for (int i = 0; i < 48; ++i) {
        for (int j = 0; j < 48; ++j) {
            if (difference[i][j].item<double>() <= tolerance)
                continue;
            QVERIFY2(i >= 15 && i <= 32 && j >= 15 && j <= 32,
                     qPrintable(QStringLiteral("cell %1,%2 changed").arg(i).arg(j)));
            nearest = std::min(nearest, std::min(i, j));
            farthest = std::max(farthest, std::max(i, j));
        }
    }
    QVERIFY(farthest >= 0); // the change did reach the output
    qInfo("one changed pixel changed cells %d…%d (the field allows 15…32)", nearest, farthest);
}

void TestBounds::tilesEqualTheWholeImage_data() {
    QTest::addColumn<QString>("engine");
    QTest::addColumn<QString>("image");
    QTest::addColumn<int>("width"); // 0: the whole image; else its top-left crop of this size
    QTest::addColumn<int>("height");
    QTest::newRow("LibTorch eager, IMG_5 1024x768") << "eager"
                                                    << "IMG_5" << 0 << 0;
    QTest::newRow("LibTorch oneDNN, IMG_5 1024x768") << "mkldnn"
                                                     << "IMG_5" << 0 << 0;
    QTest::newRow("OpenCV DNN, IMG_5 1024x768") << "opencv"
                                                << "IMG_5" << 0 << 0;
    // Sides not multiples of 4: the image is resized to 1020x764, tile by tile.
    QTest::newRow("LibTorch eager, odd 1023x765") << "eager"
                                                  << "IMG_5" << 1023 << 765;
    QTest::newRow("LibTorch oneDNN, IMG_7 1024x683") << "mkldnn"
                                                     << "IMG_7" << 0 << 0;
}

// The stitched density of tiles equals the whole image's (1e-4 of its largest value; the counts
// alike): each tile gets real neighbour pixels as context over MCNN's receptive field and starts on
// its pooling grid; only the image's own borders are zero-padded, as for the whole image.
void TestBounds::tilesEqualTheWholeImage() {
    QFETCH(QString, engine);
    QFETCH(QString, image);
    QFETCH(int, width);
    QFETCH(int, height);
    CROWDKD_REQUIRE_SHARED(kSvishwa);
    CROWDKD_REQUIRE_SHARED(kPartATest + "/images/" + image + ".jpg");
    nn::DensityModel model = loadDensityModel(test::sharedPath(kSvishwa));
    std::unique_ptr<exporting::InferenceBackend> backend;
    DensityFunction function = densityFunctionOf(model);
    if (engine == "mkldnn")
        backend = exporting::makeLibTorchBackend(model, exporting::LibTorchMode::Mkldnn);
    else if (engine == "opencv")
        backend = exporting::makeOpenCvBackend(model);
    if (backend)
        function = exporting::densityFunction(*backend);

    cv::Mat decoded =
        readImage(test::sharedPath(kPartATest + "/images/" + image + ".jpg"), ImageMode::Grayscale);
    if (width > 0)
        decoded = decoded(cv::Rect(0, 0, width, height)).clone();
    QVERIFY(!planInference(function, decoded.size(), 1).tiled());
    const Prediction whole = predictImage(function, decoded);

    function.tileSide = 256;
    const InferencePlan plan = planInference(function, decoded.size(), 1);
    QVERIFY(plan.tiled());
    QCOMPARE(plan.margin, 36);
    const Prediction tiled = predictImage(function, decoded);
    QCOMPARE(tiled.inputSize, whole.inputSize);
    QCOMPARE(tiled.density.sizes(), whole.density.sizes());
    const double mapDifference = relativeDifference(whole.density, tiled.density);
    QVERIFY2(mapDifference <= 1e-4, qPrintable(QString::number(mapDifference)));
    QVERIFY2(std::abs(tiled.count - whole.count) <= 1e-4 * whole.count,
             qPrintable(QStringLiteral("%1 vs %2").arg(tiled.count).arg(whole.count)));

    if (engine == "eager") { // a preprocessed input (predictTensor) is cut into the same tiles
        const torch::Tensor input = preprocessImage(decoded, nn::ModelKind::Mcnn, 1);
        QVERIFY(relativeDifference(whole.density, predictTensor(function, input).density) <= 1e-4);
    }
    qInfo("%s: tiles of %d px (+%d px of context), count %.3f whole, %.3f tiled, map difference "
          "%.2g of its peak",
          qPrintable(engine), plan.tileSide, plan.margin, whole.count, tiled.count, mapDifference);
}

// The evaluator decodes on one thread and runs tiles on another: same counts.
void TestBounds::evaluationInTilesCountsAlike() {
    CROWDKD_REQUIRE_SHARED(kSvishwa);
    QTemporaryDir split;
    QVERIFY(test::makeSmallSplit(split));
    nn::DensityModel model = loadDensityModel(test::sharedPath(kSvishwa));
    const auto backend = exporting::makeLibTorchBackend(model, exporting::LibTorchMode::Mkldnn);
    DensityFunction function = exporting::densityFunction(*backend);
    const Split opened = openSplit(toPath(split.path()));
    const EvaluationResult whole = evaluateSplit(function, opened);
    function.tileSide = 160;
    const EvaluationResult tiled = evaluateSplit(function, opened);
    QCOMPARE(tiled.images.size(), whole.images.size());
    for (std::size_t i = 0; i < whole.images.size(); ++i)
        QVERIFY(std::abs(tiled.images[i].predictedCount - whole.images[i].predictedCount) <=
                1e-4 * whole.images[i].predictedCount);
}

// Whatever the image size up to the decoder's 150-megapixel limit, MCNN's plan stays within the
// budget: whole while the forward fits, in tiles beyond; a smaller budget gives smaller tiles.
void TestBounds::mcnnPlansStayWithinTheBudget() {
    const DensityFunction mcnn{nn::ModelKind::Mcnn, 1, {}};
    const cv::Size sizes[] = {
        {1024, 768}, {4000, 3000}, {6000, 6000}, {12000, 12000}, {12247, 12247}};
    for (const std::int64_t budgetMiB : {std::int64_t{0}, std::int64_t{1024}}) {
        std::optional<ScopedEnvironment> budget;
        if (budgetMiB > 0)
            budget.emplace(kMemoryBudgetVariable, QByteArray::number(budgetMiB));
        QCOMPARE(memoryBudget(), budgetMiB > 0 ? budgetMiB << 20 : kDefaultMemoryBudget);
        for (const cv::Size size : sizes) {
            const InferencePlan plan = planInference(mcnn, size, 1);
            QVERIFY2(plan.estimatedBytes <= memoryBudget(),
                     qPrintable(QStringLiteral("%1x%2: %3 bytes")
                                    .arg(size.width)
                                    .arg(size.height)
                                    .arg(plan.estimatedBytes)));
            if (plan.tiled())
                QVERIFY(plan.tileSide >= 128 && plan.tileSide % 4 == 0);
            qInfo("budget %lld MiB, %dx%d: %s, %lld MiB planned",
                  static_cast<long long>(memoryBudget() >> 20), size.width, size.height,
                  plan.tiled() ? qPrintable(QStringLiteral("tiles of %1 px").arg(plan.tileSide))
                               : "whole",
                  static_cast<long long>(plan.estimatedBytes >> 20));
        }
        QVERIFY(!planInference(mcnn, {1024, 768}, 1).tiled());
        QVERIFY(planInference(mcnn, {6000, 6000}, 1).tiled());
    }
}

// M-SFANet pools globally: it runs every part A image whole (1 megapixel at most) and refuses, from
// the header alone, an image whose forward would exceed the budget, naming the file and the largest
// size it can run.
void TestBounds::msfanetRefusesWhatCannotFit() {
    bool ran = false;
    const DensityFunction msfanet{
        nn::ModelKind::MsfaNet, 3, [&ran](const torch::Tensor& input) {
            ran = true;
            return torch::zeros({1, 1, input.size(2) / 2, input.size(3) / 2});
        }};
    QVERIFY(!planInference(msfanet, {1024, 1024}, 3).tiled());
    try {
        planInference(msfanet, {12000, 12000}, 3);
        QFAIL("M-SFANet planned a 12000x12000 forward");
    } catch (const std::invalid_argument& error) {
        qInfo("%s", error.what());
    }

    const fs::path huge = toPath(m_dir.filePath(QStringLiteral("huge/claims_12000.jpg")));
    writeBytes(huge, test::jpegClaiming(12000, 12000));
    QCOMPARE(readImageSize(huge), cv::Size(12000, 12000));
    try {
        predictFile(msfanet, huge);
        QFAIL("an M-SFANet count of a 12000x12000 image was not refused");
    } catch (const FileError& error) {
        const QString message = QString::fromStdString(error.what());
        QCOMPARE(error.path(), huge);
        QVERIFY2(message.contains("too large for M-SFANet: 12000x12000") &&
                     message.contains("memory budget of 2.0 GiB") &&
                     message.contains("megapixels") && message.contains("MCNN"),
                 qPrintable(message));
    }
    QVERIFY(!ran);
}

void TestBounds::allocationFailuresNameTheImage_data() {
    QTest::addColumn<int>("kind");
    QTest::newRow("std::bad_alloc") << 0;
    QTest::newRow("LibTorch's allocator") << 1;
    QTest::newRow("OpenCV's allocator") << 2;
}

// However an engine reports memory that ran out, counting an image says which image, and what to
// do, instead of "std::bad_alloc".
void TestBounds::allocationFailuresNameTheImage() {
    QFETCH(int, kind);
    const DensityFunction failing{nn::ModelKind::Mcnn, 1, [kind](const torch::Tensor&) {
                                      if (kind == 1)
                                          TORCH_CHECK(false, "DefaultCPUAllocator: can't allocate "
                                                             "memory: you tried to allocate 1 "
                                                             "bytes");
                                      if (kind == 2)
                                          CV_Error(cv::Error::StsNoMem, "Insufficient memory");
                                      throw std::bad_alloc();
                                      return torch::Tensor();
                                  }};
    const fs::path image = toPath(m_dir.filePath(QStringLiteral("oom/IMG_1.jpg")));
    fs::create_directories(image.parent_path());
    QVERIFY(cv::imwrite(image.string(), cv::Mat(64, 64, CV_8UC1, cv::Scalar(9))));
    try {
        predictFile(failing, image);
        QFAIL("no error");
    } catch (const FileError& error) {
        QCOMPARE(error.path(), image);
        QVERIFY2(error.reason().rfind("not enough memory to count this image; close other programs",
                                      0) == 0,
                 error.what());
    }
}

// Crops no image holds, steps beyond the memory budget, whole images too large to train on and
// validation images M-SFANet cannot see whole are refused before training starts, naming the
// image (or the settings) and what to use instead.
void TestBounds::trainingRefusesWhatCannotWork() {
    const fs::path root = toPath(m_dir.filePath(QStringLiteral("refusals")));
    makeSplit(root / "small", {{300, 200}, {320, 240}, {260, 260}, {310, 210}});
    makeSplit(root / "large", {{1200, 1100}, {400, 300}, {420, 300}, {400, 320}});
    struct Case {
        const char* name;
        std::string split;
        int crop;
        int batch;
        TrainingMode mode;
        QByteArray budgetMiB; // empty: the default budget
        QStringList expected; // parts of the message
    };
    const Case cases[] = {
        {"crop larger than every image",
         "small",
         4000, // within the option's limit (4096), beyond every image
         4,
         TrainingMode::Student,
         {},
         {"IMG_3.jpg: no training image holds a 4000x4000 crop", "260x260",
          "use --crop 260 or less"}},
        {"batch beyond the budget",
         "small",
         256,
         64,
         TrainingMode::Student,
         {},
         {"a training step on 64 crops of 256x256 needs about", "memory budget of 2.0 GiB",
          "with --batch 64, or a smaller --batch"}},
        {"default crops on a smaller budget",
         "small",
         256,
         4,
         TrainingMode::Student,
         "1024",
         {"a training step on 4 crops of 256x256", "memory budget of 1.0 GiB",
          "CROWDKD_MEMORY_BUDGET_MB"}},
        {"whole images too large",
         "large",
         0,
         1,
         TrainingMode::Student,
         {},
         {"IMG_1.jpg: too large to train on whole (--crop 0): 1200x1100", "--crop 256"}},
        {"teacher validation beyond the budget",
         "large",
         128,
         2,
         TrainingMode::Teacher,
         "1200",
         {"too large for M-SFANet", "megapixels"}},
    };
    for (const Case& c : cases) {
        std::optional<ScopedEnvironment> budget;
        if (!c.budgetMiB.isEmpty())
            budget.emplace(kMemoryBudgetVariable, c.budgetMiB);
        TrainingConfig config = quickConfig(root / c.split);
        config.crop = c.crop;
        config.batchSize = c.batch;
        config.mode = c.mode;
        StartRecorder recorder;
        const fs::path run = root / ("run_" + std::to_string(&c - cases));
        const TrainingResult result = Trainer(config, run).run(&recorder);
        const QString message = QString::fromStdString(result.message);
        QVERIFY2(result.status == TrainingStatus::Failed, c.name);
        QVERIFY2(!recorder.started, c.name);
        QVERIFY(!fs::exists(run / "last.pt"));
        for (const QString& part : c.expected)
            QVERIFY2(message.contains(part), qPrintable(QString(c.name) + ": " + message));
    }
}

// A single cancel request stops a training whose first density map takes minutes to compute
// (fixed σ = 200 over 40 000 heads on a 2400x2400 image): the data threads stop inside the
// computation, the run ends Cancelled with a resumable last.pt, and no map is cached.
void TestBounds::cancelStopsTrainingDuringDensityMaps() {
    const fs::path root = toPath(m_dir.filePath(QStringLiteral("cancel")));
    const fs::path cache = root / "cache";
    ScopedEnvironment cacheDir("CROWDKD_CACHE_DIR", QByteArray::fromStdString(cache.string()));
    const std::vector<Sample> samples =
        makeSplit(root / "split", {{2400, 2400}, {2400, 2400}}, 40'000);
    TrainingConfig config = quickConfig(root / "split");
    config.crop = 256;
    config.density = {KernelMethod::Fixed, 200.0, BorderMode::Preserve};
    TrainingControl control;
    StartRecorder recorder;
    recorder.cancelOnStart = &control; // the epoch's data threads start the density maps
    const TrainingResult result = Trainer(config, root / "run").run(&recorder, &control);
    QVERIFY2(result.status == TrainingStatus::Cancelled, result.message.c_str());
    QVERIFY(recorder.started);
    QVERIFY(fs::exists(root / "run" / "last.pt"));
    std::size_t cached = 0;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(cache / "density", ec), end; !ec && it != end;
         it.increment(ec))
        cached += it->path().extension() == ".npy";
    QCOMPARE(cached, std::size_t(0));
}

QTEST_GUILESS_MAIN(TestBounds)
#include "test_bounds.moc"
