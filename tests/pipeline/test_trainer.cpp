// The training engine on real ShanghaiTech part A images: the loss falls, kd runs with a cached and
// an on-the-fly teacher, an interrupted and resumed run ends where an uninterrupted one does,
// cancellation and pause (checked by the engine's events), a NaN loss stops the run keeping the
// last good checkpoint, the run folder's files, and one run folder is used by one run at a time.
#include "base/error.h"
#include "base/file_io.h"
#include "data/density_cache.h"
#include "data/ground_truth.h"
#include "data/image_io.h"
#include "data/mat_npy.h"
#include "nn/checkpoint.h"
#include "nn/losses.h"
#include "pipeline/experiment.h"
#include "pipeline/model_loader.h"
#include "pipeline/run_directory.h"
#include "pipeline/run_summary.h"
#include "pipeline/trainer.h"
#include "pipeline/training_checkpoint.h"
#include "pipeline/training_data.h"
#include "pipeline/validation.h"
#include "python_oracle.h"
#include "test_support.h"

#include <QCoreApplication>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <thread>

#ifndef _WIN32
#include <sys/stat.h>
#endif

using namespace crowdkd;
using namespace crowdkd::pipeline;
namespace fs = std::filesystem;

namespace {

/// A run folder's JSON file as written (the format documented in docs/formats.md).
nlohmann::json readJsonFile(const fs::path& file) {
    const auto bytes = readFileBytes(file);
    return nlohmann::json::parse(bytes.begin(), bytes.end());
}

const QString kPartA = QStringLiteral("data/ShanghaiTech/part_A/train_data");

/// Records every event, and the order of iterations, pauses and resumes ("i3", "paused 3",
/// "resumed 3"); optionally cancels or pauses at a given iteration. A pause is lifted from another
/// thread only once the engine is parked in TrainingControl::waitWhilePaused.
class Recorder : public TrainingListener {
public:
    std::vector<IterationProgress> iterations;
    std::vector<ValidationReport> validations;
    std::vector<CheckpointSaved> checkpoints;
    std::vector<std::string> messages;
    std::vector<std::string> sequence;
    TrainingControl* control = nullptr;
    std::int64_t cancelAt = -1;
    std::int64_t pauseAt = -1;
    std::thread resumer;
    std::atomic<bool> sawParked{false};

    ~Recorder() override {
        if (resumer.joinable())
            resumer.join();
    }
    void onIteration(const IterationProgress& progress) override {
        iterations.push_back(progress);
        sequence.push_back("i" + std::to_string(progress.iteration));
        if (progress.iteration == cancelAt)
            control->requestCancel();
        if (progress.iteration == pauseAt) {
            control->setPaused(true);
            resumer = std::thread([this] {
                // Not a timing assumption: the limit only keeps a broken pause from hanging the
                // test (it then fails on sawParked).
                sawParked = control->waitUntilParked(std::chrono::minutes(2));
                control->setPaused(false);
            });
        }
    }
    void onPaused(const TrainingPaused& event) override {
        sequence.push_back("paused " + std::to_string(event.iteration));
    }
    void onResumed(const TrainingResumed& event) override {
        sequence.push_back("resumed " + std::to_string(event.iteration));
    }
    void onValidation(const ValidationReport& report) override { validations.push_back(report); }
    void onCheckpoint(const CheckpointSaved& saved) override { checkpoints.push_back(saved); }
    void onMessage(const TrainingMessage& message) override { messages.push_back(message.text); }
};

/// The names of the files in `dir` whose name contains `part`.
std::vector<std::string> filesContaining(const fs::path& dir, const std::string& part) {
    std::vector<std::string> found;
    for (const auto& entry : fs::directory_iterator(dir)) {
        const std::string name = pathToUtf8(entry.path().filename());
        if (name.find(part) != std::string::npos)
            found.push_back(name);
    }
    return found;
}

/// A small, fast configuration: 8 images (1 held out), 96² crops, batches of 2, validation only
/// after the last epoch.
TrainingConfig smallConfig() {
    TrainingConfig config;
    config.mode = TrainingMode::Student;
    config.data = test::sharedPath(kPartA);
    config.maxImages = 8;
    config.crop = 96;
    config.batchSize = 2;
    config.epochs = 3;
    config.validateEvery = 100;
    config.lr = 1e-4;
    config.logEvery = 1;
    config.seed = 11;
    config.threads = 2;
    config.workers = 2;
    return config;
}

fs::path runPath(const QTemporaryDir& dir, const char* name) {
    return fs::path(dir.path().toStdU16String()) / name;
}

std::vector<torch::Tensor> checkpointWeights(const fs::path& file) {
    return loadCheckpointModel(file).parameters();
}

} // namespace

class TestTrainer : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void studentLossFallsAndRunFolderIsComplete();
    void distillationWithCachedAndOnTheFlyTeacher();
    void teacherCacheIsCheckedBeforeUse();
    void distillationFromUnlabeledImages();
    void patchesFollowSvishwasLayout();
    void bfloat16RunsWhereTheCpuHasIt();
    void backboneWeightsStartTheEncoder();
    void densityScaleIsFoldedOutOfCheckpoints();
    void resumeEqualsUninterruptedRun();
    void stopDuringValidationValidatesOnResume();
    void newRunKeepsOutOfOtherFolders();
    void plantedLinksAreNotWrittenThrough();
    void pauseThenFinish();
    void nanLossStopsAndKeepsLastGoodCheckpoint();
    void refusesBadConfigurations();
    void runFolderIsLockedWhileTraining();
    void runReadersRefuseOddFiles();
    void resumeLeavesNoTemporaryFiles();
    void experimentCountsAgainWhenTestDataChange();

private:
    QTemporaryDir m_dir;
    fs::path m_studentRun;
};

void TestTrainer::initTestCase() {
    CROWDKD_REQUIRE_SHARED(kPartA);
    CROWDKD_REQUIRE_SHARED("data/ShanghaiTech/part_A/test_data");
    CROWDKD_REQUIRE_SHARED("fixtures/pretrained/mcnn_shtechA_svishwa.pth");
    QVERIFY(m_dir.isValid());
    // Density and teacher maps into a cache of the test's own: the user's is neither written nor
    // pruned by these trainings.
    qputenv("CROWDKD_CACHE_DIR", m_dir.filePath(QStringLiteral("cache")).toLocal8Bit());
}

void TestTrainer::studentLossFallsAndRunFolderIsComplete() {
    TrainingConfig config = smallConfig();
    config.epochs = 6;
    config.lr = 3e-4;
    config.validateEvery = 3;
    m_studentRun = runPath(m_dir, "student");
    Recorder recorder;
    const TrainingResult result = Trainer(config, m_studentRun).run(&recorder);
    QVERIFY2(result.status == TrainingStatus::Finished, result.message.c_str());
    QCOMPARE(result.epochsDone, 6);
    QCOMPARE(result.iterations, std::int64_t{6 * 3}); // 7 training images → 3 batches of 2
    QCOMPARE(recorder.validations.size(), std::size_t{2});

    // The loss on the same crops of the training images, before and after training: the model the
    // run started from is rebuilt from the seed.
    TrainingDataOptions options;
    options.crop = config.crop;
    options.flip = false;
    options.seed = 123;
    TrainingData data(selectRunSamples(config).train, options, std::make_shared<DensityCache>());
    QCOMPARE(data.size(), std::size_t{7});
    const TrainingBatch batch = data.batch(0, 0, 7);
    torch::manual_seed(config.seed);
    nn::DensityModel initial(nn::ModelKind::Mcnn);
    nn::DensityModel trained = loadCheckpointModel(m_studentRun / "last.pt");
    torch::NoGradGuard noGrad;
    const double before =
        nn::studentLoss(initial.forward(batch.input).density, batch.target).parts().total;
    const double after =
        nn::studentLoss(trained.forward(batch.input).density, batch.target).parts().total;
    qInfo("loss on 7 fixed crops: %.4f before, %.4f after training", before, after);
    QVERIFY2(after < 0.95 * before, "the loss did not fall");
    QVERIFY(result.bestMae >= 0);

    RunDirectory run(m_studentRun);
    for (const fs::path& file : {run.configPath(), run.logPath(), run.summaryPath(),
                                 run.bestCheckpointPath(), run.lastCheckpointPath()})
        QVERIFY2(fs::exists(file), pathToUtf8(file).c_str());
    const auto summary = readJsonFile(run.summaryPath());
    QCOMPARE(summary.at("status").get<std::string>(), std::string("finished"));
    QCOMPARE(summary.at("best_mae").get<double>(), result.bestMae);
    QVERIFY(summary.at("weights_mb").get<double>() > 0.4 &&
            summary.at("weights_mb").get<double>() < 0.6);
    const auto log = readFileBytes(run.logPath());
    std::istringstream lines(std::string(log.begin(), log.end()));
    std::string line;
    int trainRecords = 0, validationRecords = 0;
    while (std::getline(lines, line)) {
        const auto record = nlohmann::json::parse(line);
        QVERIFY(record.contains("epoch") && record.contains("iteration") && record.contains("lr"));
        (record.at("type") == "train" ? trainRecords : validationRecords)++;
    }
    QCOMPARE(trainRecords, 18);
    QCOMPARE(validationRecords, 2);

    // The readers the studio and the experiment use see the same run.
    const auto overview = readRunOverview(m_studentRun);
    QVERIFY(overview && overview->summary);
    QVERIFY(overview->summary->result.status == TrainingStatus::Finished);
    QCOMPARE(overview->summary->result.bestMae, result.bestMae);
    QCOMPARE(overview->summary->result.bestEpoch, result.bestEpoch);
    QCOMPARE(overview->config.maxImages, 8);
    QVERIFY(overview->resumable);
    QCOMPARE(overview->bestCheckpoint, run.bestCheckpointPath());
    const RunLog runLog = readRunLog(m_studentRun);
    QCOMPARE(static_cast<int>(runLog.train.size()), trainRecords);
    QCOMPARE(static_cast<int>(runLog.validation.size()), validationRecords);
    QCOMPARE(runLog.validation.back().iteration, result.iterations);
    QVERIFY(runLog.iterationsPerEpoch() > 0);

    // The checkpoint describes its model: no --model is needed to use it.
    const auto info = checkpointInfo(nn::Checkpoint::open(run.bestCheckpointPath()));
    QVERIFY(info.kind == nn::ModelKind::Mcnn);
    QCOMPARE(info.inputChannels, 1);
    QCOMPARE(info.config.maxImages, 8);
    QCOMPARE(info.position.bestEpoch, result.bestEpoch);
    QVERIFY(loadDensityModel(run.lastCheckpointPath()).kind() == nn::ModelKind::Mcnn);

    // A second run into the same folder is refused rather than overwriting it.
    const TrainingResult again = Trainer(config, m_studentRun).run();
    QVERIFY(again.status == TrainingStatus::Failed);
}

void TestTrainer::distillationWithCachedAndOnTheFlyTeacher() {
    if (m_studentRun.empty())
        QSKIP("needs the student run");
    for (bool cached : {true, false}) {
        TrainingConfig config = smallConfig();
        config.mode = TrainingMode::Kd;
        config.teacher = RunDirectory(m_studentRun).bestCheckpointPath();
        config.alpha = 0.3;
        config.teacherCache = cached;
        config.epochs = 1;
        Recorder recorder;
        const TrainingResult result =
            Trainer(config, runPath(m_dir, cached ? "kd-cached" : "kd-fly")).run(&recorder);
        QVERIFY2(result.status == TrainingStatus::Finished, result.message.c_str());
        QVERIFY(!recorder.iterations.empty());
        for (const auto& step : recorder.iterations) {
            QVERIFY(step.lossTeacher > 0);
            QVERIFY(std::abs(step.loss - (0.7 * step.lossGroundTruth + 0.3 * step.lossTeacher)) <=
                    1e-4 * step.loss);
        }
    }
}

// The teacher's cached maps are keyed by the teacher's and the image's content, and an entry is
// used only if it has the shape the teacher gives that canvas: one planted with the right shape
// is read back as it is (so entries are found), one with another shape is recomputed.
void TestTrainer::teacherCacheIsCheckedBeforeUse() {
    const fs::path teacherPath =
        test::sharedPath(QStringLiteral("fixtures/pretrained/mcnn_shtechA_svishwa.pth"));
    const fs::path images = test::sharedPath(QStringLiteral("data/ShanghaiTech/part_A/test_data"));
    std::vector<Sample> samples;
    for (const char* name : {"IMG_1", "IMG_2"}) {
        Sample sample;
        sample.name = name;
        sample.imagePath = images / "images" / (std::string(name) + ".jpg");
        sample.groundTruthPath = images / "ground-truth" / ("GT_" + std::string(name) + ".mat");
        samples.push_back(sample);
    }
    nn::DensityModel teacher = loadDensityModel(teacherPath);
    TrainingDataOptions options;
    options.student = InputSpec::of(nn::DensityModel(nn::ModelKind::Mcnn, 1));
    options.teacher = InputSpec::of(teacher);
    const fs::path cache = runPath(m_dir, "teacher-cache");
    const auto densities = std::make_shared<DensityCache>(runPath(m_dir, "density-cache"));
    const auto mapsOf = [&] {
        TrainingData data(samples, options, densities);
        if (!data.cacheTeacherMaps(teacher, teacherPath, cache, {}, {}))
            return std::vector<cv::Mat>();
        return std::vector<cv::Mat>{data.teacherMap(0).clone(), data.teacherMap(1).clone()};
    };
    const std::vector<cv::Mat> computed = mapsOf();
    QCOMPARE(computed.size(), std::size_t(2));
    std::vector<fs::path> entries;
    for (const auto& entry : fs::recursive_directory_iterator(cache))
        if (entry.path().extension() == ".npy")
            entries.push_back(entry.path());
    QCOMPARE(entries.size(), std::size_t(2));
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const cv::Mat stored = readNpyMat(entries[i]);
        writeNpy(entries[i], cv::Mat(stored.rows + 8 * static_cast<int>(i), stored.cols, CV_32F,
                                     cv::Scalar(0.5)));
    }
    const std::vector<cv::Mat> again = mapsOf();
    QCOMPARE(again.size(), std::size_t(2));
    int planted = 0;
    int recomputed = 0;
    for (std::size_t i = 0; i < 2; ++i) {
        if (again[i].size() == computed[i].size() &&
            cv::norm(again[i], cv::Mat(again[i].size(), CV_32F, cv::Scalar(0.5)), cv::NORM_INF) ==
                0)
            ++planted;
        else if (cv::norm(again[i], computed[i], cv::NORM_INF) == 0)
            ++recomputed;
    }
    QCOMPARE(planted, 1);
    QCOMPARE(recomputed, 1);
}

// Issue #17.3: images without ground truth train the student on the teacher alone. Their
// folder's ground truth is never read (a damaged .mat beside them would fail the run), images that
// are also training or validation images are left out, and every batch mixes them in as asked.
void TestTrainer::distillationFromUnlabeledImages() {
    if (m_studentRun.empty())
        QSKIP("needs the student run");
    TrainingConfig config = smallConfig();
    config.mode = TrainingMode::Kd;
    config.teacher = RunDirectory(m_studentRun).bestCheckpointPath();
    config.alpha = 0.3;
    config.batchSize = 4;
    config.epochs = 2;
    config.validateEvery = 1;

    const fs::path unlabeled = runPath(m_dir, "unlabeled-frames");
    fs::create_directories(unlabeled);
    const fs::path testImages =
        test::sharedPath(QStringLiteral("data/ShanghaiTech/part_A/test_data")) / "images";
    const std::vector<std::string> frames{"IMG_1.jpg", "IMG_2.jpg", "IMG_5.jpg"};
    for (const std::string& name : frames)
        fs::copy_file(testImages / name, unlabeled / name);
    std::ofstream(unlabeled / "GT_IMG_1.mat") << "not a MAT file";
    // A training image reached through a link is still a training image.
    RunSamples labeledOnly = selectRunSamples(config);
    fs::create_symlink(labeledOnly.train.front().imagePath, unlabeled / "linked.jpg");
    config.unlabeled = {unlabeled};
    config.unlabeledShare = 0.5;

    const RunSamples samples = selectRunSamples(config);
    QCOMPARE(samples.unlabeled.size(), frames.size());
    for (const Sample& sample : samples.unlabeled)
        QVERIFY(sample.groundTruthPath.empty());
    QCOMPARE(samples.notes.size(), std::size_t{1});

    // Batches: 2 labeled crops, then 2 unlabeled ones with zero targets; an epoch is one pass
    // over the 7 labeled images (3 batches).
    TrainingDataOptions options;
    options.crop = 96;
    options.seed = config.seed;
    options.unlabeledPerBatch = config.unlabeledPerBatch();
    options.teacher = InputSpec{};
    options.teacherOnTheFly = true;
    std::vector<Sample> all = samples.train;
    all.insert(all.end(), samples.unlabeled.begin(), samples.unlabeled.end());
    const TrainingData data(all, options, std::make_shared<DensityCache>());
    QCOMPARE(data.labeledCount(), samples.train.size());
    QCOMPARE(data.unlabeledCount(), frames.size());
    QCOMPARE(data.batchesPerEpoch(4), static_cast<int>(samples.train.size() / 2));
    for (int epoch = 0; epoch < 2; ++epoch)
        for (int b = 0; b < data.batchesPerEpoch(4); ++b) {
            const TrainingBatch batch = data.batch(epoch, b, 4);
            QVERIFY(torch::equal(batch.labeled, torch::tensor({1.0f, 1.0f, 0.0f, 0.0f})));
            QCOMPARE(batch.target[2].abs().sum().item<float>(), 0.0f);
            QCOMPARE(batch.target[3].abs().sum().item<float>(), 0.0f);
            QVERIFY(batch.target[0].sum().item<float>() + batch.target[1].sum().item<float>() > 0);
            QVERIFY(batch.teacherInput[2].abs().sum().item<float>() > 0);
        }

    Recorder recorder;
    const fs::path run = runPath(m_dir, "kd-unlabeled");
    const TrainingResult result = Trainer(config, run).run(&recorder);
    QVERIFY2(result.status == TrainingStatus::Finished, result.message.c_str());
    QVERIFY(!recorder.iterations.empty());
    for (const auto& step : recorder.iterations)
        QVERIFY(step.lossTeacher > 0 && std::isfinite(step.loss));
    QCOMPARE(recorder.validations.size(), std::size_t{2});
    const bool told = std::any_of(
        recorder.messages.begin(), recorder.messages.end(), [](const std::string& text) {
            return text.find("left out of the unlabeled") != std::string::npos;
        });
    QVERIFY(told);
    // The run records its unlabeled folders and how many images they gave.
    const auto savedConfig = configFromJson(readJsonFile(run / "config.json"));
    QCOMPARE(savedConfig.unlabeled.size(), std::size_t{1});
    QVERIFY(savedConfig.unlabeled.front() == unlabeled);
    QCOMPARE(readJsonFile(run / "summary.json").at("unlabeled_images").get<int>(), 3);

    // Only kd can learn from images without ground truth, and a batch needs room for both kinds.
    TrainingConfig student = config;
    student.mode = TrainingMode::Student;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, student.resolved().validate());
    TrainingConfig crowded = config;
    crowded.batchSize = 2;
    crowded.unlabeledShare = 0.9;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, crowded.resolved().validate());
}

// Issue #17.5: torchvision's vgg16_bn state dict (made here by Debian's python3-torchvision, random
// weights, the exact key layout of the ImageNet file) starts M-SFANet's encoder, tensor by tensor.
void TestTrainer::patchesFollowSvishwasLayout() {
    // svishwa's nine quarter-size patches, here three: each image's patches are a quarter of its
    // width and height, lie where the seed put them for the whole run, and each is one item of
    // every epoch.
    const TrainingConfig config = smallConfig();
    const std::vector<Sample> samples = selectRunSamples(config).train;
    TrainingDataOptions options;
    options.patchesPerImage = 3;
    options.flip = false;
    options.seed = 5;
    const TrainingData data(samples, options, std::make_shared<DensityCache>());
    QCOMPARE(data.cropSide(), 0);
    QCOMPARE(data.batchesPerEpoch(1), static_cast<int>(samples.size() * 3));
    const std::vector<std::size_t> first = data.epochOrder(0);
    QCOMPARE(first.size(), samples.size() * 3);
    for (std::size_t i = 0; i < samples.size(); ++i)
        QCOMPARE(std::count(first.begin(), first.end(), i), std::ptrdiff_t{3});
    QVERIFY(first != data.epochOrder(1));

    options.seed = 6;
    const TrainingData otherSeed(samples, options, std::make_shared<DensityCache>());
    bool movedBySeed = false;
    for (std::size_t i = 0; i < samples.size(); ++i) {
        const cv::Mat image = readImage(samples[i].imagePath, ImageMode::Grayscale);
        const int width = image.cols / 4 * 4, height = image.rows / 4 * 4; // the canvas
        std::set<std::pair<int, int>> places;
        for (int patch = 0; patch < 3; ++patch) {
            const cv::Rect region = data.patchRegion(i, patch);
            QCOMPARE(region.width, width / 4 / 4 * 4);
            QCOMPARE(region.height, height / 4 / 4 * 4);
            QVERIFY(region.x >= 0 && region.y >= 0 && region.x + region.width <= width &&
                    region.y + region.height <= height);
            places.insert({region.x, region.y});
            movedBySeed = movedBySeed || otherSeed.patchRegion(i, patch) != region;
            // The same patch in two epochs: the same pixels and the same density, at the
            // patch's own size.
            const TrainingItem early = data.item(i, 0, patch);
            const TrainingItem late = data.item(i, 7, patch);
            QCOMPARE(early.input.size(1), std::int64_t{region.height});
            QCOMPARE(early.input.size(2), std::int64_t{region.width});
            QCOMPARE(early.target.size(1), std::int64_t{region.height / 4});
            QVERIFY(torch::equal(early.input, late.input));
            QVERIFY(torch::equal(early.target, late.target));
        }
        QVERIFY(places.size() > 1); // three patches, not one place thrice
    }
    QVERIFY(movedBySeed);

    // A run trains on them in batches of 1, whatever --batch says, and records them.
    TrainingConfig run = smallConfig();
    run.patches = 2;
    run.epochs = 1;
    const fs::path folder = runPath(m_dir, "patches");
    const TrainingResult result = Trainer(run, folder).run();
    QVERIFY2(result.status == TrainingStatus::Finished, result.message.c_str());
    QCOMPARE(result.iterations, static_cast<std::int64_t>(samples.size() * 2));
    QCOMPARE(configFromJson(readJsonFile(folder / "config.json")).patches, 2);
}

// --precision bf16: a run trains in it where the CPU has bfloat16 instructions and records it;
// elsewhere the run fails at once saying why. M-SFANet never takes it.
void TestTrainer::bfloat16RunsWhereTheCpuHasIt() {
    TrainingConfig run = smallConfig();
    run.precision = nn::Precision::BFloat16;
    run.epochs = 1;
    const fs::path folder = runPath(m_dir, "bf16");
    const TrainingResult result = Trainer(run, folder).run();
    if (nn::haveBFloat16Training()) {
        QVERIFY2(result.status == TrainingStatus::Finished, result.message.c_str());
        QVERIFY(result.iterations > 0);
        QVERIFY(std::isfinite(result.finalLoss));
        QVERIFY(configFromJson(readJsonFile(folder / "config.json")).precision ==
                nn::Precision::BFloat16);
    } else {
        QVERIFY(result.status == TrainingStatus::Failed);
        QVERIFY2(result.message.find("bfloat16 instructions") != std::string::npos,
                 result.message.c_str());
    }
    TrainingConfig teacher = run;
    teacher.mode = TrainingMode::Teacher;
    teacher.batchSize = 2;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, teacher.resolved().validate());
    QVERIFY(configFromJson(configToJson(run)).precision == nn::Precision::BFloat16);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             configFromJson(nlohmann::json{{"precision", "fp16"}}));
}

void TestTrainer::backboneWeightsStartTheEncoder() {
    if (!test::pythonHasModule(QStringLiteral("torchvision")))
        QSKIP("torchvision (python3-torchvision) is not installed: cannot make a vgg16_bn file");
    const fs::path file = runPath(m_dir, "vgg16_bn.pth");
    // The file, and for each encoder convolution (in order) its torchvision indices and the sums
    // of its tensors, as the oracle to compare with.
    const QString script = QStringLiteral(R"(
import json, sys, torch, torchvision
torch.manual_seed(7)
model = torchvision.models.vgg16_bn(weights=None)
torch.save(model.state_dict(), sys.argv[1])
layers = []
for index, module in enumerate(model.features):
    if isinstance(module, torch.nn.Conv2d):
        conv, bn = model.features[index], model.features[index + 1]
        layers.append({'conv': index, 'sums': [float(t.double().sum()) for t in (
            conv.weight, conv.bias, bn.weight, bn.bias, bn.running_mean, bn.running_var)]})
print(json.dumps(layers))
)");
    const test::PythonRun made =
        test::runPython(script, {QString::fromStdU16String(file.u16string())});
    QVERIFY2(made.ok, qPrintable(made.error));
    const auto layers = nlohmann::json::parse(made.output.toStdString());
    QCOMPARE(layers.size(), std::size_t{13});

    nn::DensityModel model(nn::ModelKind::MsfaNet);
    loadBackboneWeights(model, file);
    const nn::StateDict ours = model.stateDict();
    const char* names[] = {"1_1", "1_2", "2_1", "2_2", "3_1", "3_2", "3_3",
                           "4_1", "4_2", "4_3", "5_1", "5_2", "5_3"};
    const char* parts[] = {"conv.weight", "conv.bias",       "bn.weight",
                           "bn.bias",     "bn.running_mean", "bn.running_var"};
    for (std::size_t i = 0; i < 13; ++i)
        for (std::size_t p = 0; p < 6; ++p) {
            const std::string key = std::string("vgg.conv") + names[i] + "." + parts[p];
            const double expected = layers[i].at("sums")[p].get<double>();
            const double actual = ours.at(key).to(torch::kFloat64).sum().item<double>();
            QVERIFY2(std::abs(actual - expected) <= 1e-6 * std::max(1.0, std::abs(expected)),
                     key.c_str());
        }
    // Files of another layout are refused, naming the file; so are other models.
    QVERIFY_THROWS_EXCEPTION(
        FileError, loadBackboneWeights(model, RunDirectory(m_studentRun).bestCheckpointPath()));
    nn::DensityModel mcnn(nn::ModelKind::Mcnn);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, loadBackboneWeights(mcnn, file));

    // A teacher run starts from it: after one step with a negligible rate the encoder's weights
    // are still the file's, and the run says where it started from.
    TrainingConfig config = smallConfig();
    config.mode = TrainingMode::Teacher;
    config.backboneWeights = file;
    config.maxImages = 3;
    config.crop = 64;
    config.batchSize = 2;
    config.epochs = 1;
    config.lr = 1e-12;
    Recorder recorder;
    const TrainingResult result =
        Trainer(config, runPath(m_dir, "teacher-imagenet")).run(&recorder);
    QVERIFY2(result.status == TrainingStatus::Finished, result.message.c_str());
    QVERIFY(std::any_of(recorder.messages.begin(), recorder.messages.end(),
                        [](const std::string& text) {
                            return text.find("Starting the encoder from") != std::string::npos;
                        }));
    const nn::StateDict trained = loadCheckpointModel(result.lastCheckpoint).stateDict();
    for (const char* name : names)
        for (const char* part : {"conv.weight", "bn.weight"}) {
            const std::string key = std::string("vgg.conv") + name + "." + part;
            QVERIFY2(torch::allclose(trained.at(key), ours.at(key), 1e-5, 1e-6), key.c_str());
        }
    // Only teacher mode starts an encoder.
    TrainingConfig student = smallConfig();
    student.backboneWeights = file;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, student.resolved().validate());
}

// Issue #17.2: training against densities ×100 (C^3-Framework) still validates and saves a model
// of true densities: best.pt, counted afresh on the validation images, gives the MAE the run
// recorded (an unfolded ×100 model would count a hundred times the crowd).
void TestTrainer::densityScaleIsFoldedOutOfCheckpoints() {
    TrainingConfig config = smallConfig();
    config.densityScale = 100;
    config.epochs = 2;
    config.validateEvery = 1;
    const fs::path run = runPath(m_dir, "density-x100");
    const TrainingResult result = Trainer(config, run).run();
    QVERIFY2(result.status == TrainingStatus::Finished, result.message.c_str());
    const RunSamples samples = selectRunSamples(config);
    nn::DensityModel best = loadCheckpointModel(result.bestCheckpoint);
    Validator validator(samples.validation, torch::kCPU);
    const ValidationMetrics metrics = validator.evaluate(best);
    QVERIFY2(std::abs(metrics.mae - result.bestMae) <= 1e-3 * std::max(1.0, result.bestMae),
             qPrintable(QStringLiteral("%1 vs %2").arg(metrics.mae).arg(result.bestMae)));
    QCOMPARE(configFromJson(readJsonFile(run / "config.json")).densityScale, 100.0);
    // Resuming puts the factor back: the run goes on from its true-density last.pt.
    const TrainingResult more = Trainer::resumeFrom(run, 3).run();
    QVERIFY2(more.status == TrainingStatus::Finished, more.message.c_str());
    QVERIFY(std::isfinite(more.finalLoss));
}

void TestTrainer::resumeEqualsUninterruptedRun() {
    const TrainingConfig config = smallConfig();
    const TrainingResult whole = Trainer(config, runPath(m_dir, "whole")).run();
    QVERIFY2(whole.status == TrainingStatus::Finished, whole.message.c_str());

    TrainingControl control;
    Recorder recorder;
    recorder.control = &control;
    recorder.cancelAt = 4; // in the middle of the second epoch
    const fs::path interrupted = runPath(m_dir, "interrupted");
    const TrainingResult first = Trainer(config, interrupted).run(&recorder, &control);
    QVERIFY(first.status == TrainingStatus::Cancelled);
    QCOMPARE(first.iterations, std::int64_t{4});
    const auto info = checkpointInfo(nn::Checkpoint::open(interrupted / "last.pt"));
    QCOMPARE(info.position.epoch, 1);
    QCOMPARE(info.position.batchInEpoch, 1);

    // Resumed on "another machine": its own threads and workers, the run's everything else.
    Trainer::ResumeOptions machine;
    machine.threads = 1;
    machine.workers = 1;
    const TrainingResult second = Trainer::resumeFrom(interrupted, machine).run();
    QVERIFY2(second.status == TrainingStatus::Finished, second.message.c_str());
    QCOMPARE(second.iterations, whole.iterations);
    const TrainingConfig resumedConfig = configFromJson(readJsonFile(interrupted / "config.json"));
    QCOMPARE(resumedConfig.threads, 1);
    QCOMPARE(resumedConfig.workers, 1);
    QCOMPARE(resumedConfig.epochs, config.epochs);
    const auto a = checkpointWeights(whole.lastCheckpoint);
    const auto b = checkpointWeights(second.lastCheckpoint);
    QCOMPARE(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i)
        QVERIFY(torch::allclose(a[i], b[i], 1e-4, 1e-6));
    QVERIFY(std::abs(second.bestMae - whole.bestMae) <= 1e-3 * std::max(1.0, whole.bestMae));
    // The interrupted epoch's mean loss covers its steps before the interruption too.
    const auto epochMean = [](const fs::path& run, int epoch) {
        double mean = -1;
        for (const TrainRecord& record : readRunLog(run).train)
            if (record.epoch == epoch)
                mean = record.epochMeanLoss;
        return mean;
    };
    const double wholeMean = epochMean(runPath(m_dir, "whole"), 2);
    QVERIFY(wholeMean > 0);
    QVERIFY2(
        std::abs(epochMean(interrupted, 2) - wholeMean) <= 1e-4 * wholeMean,
        qPrintable(QStringLiteral("%1 against %2").arg(epochMean(interrupted, 2)).arg(wholeMean)));
}

// A stop that lands in a validation (asked for on an epoch's last step, as a time limit may fall)
// keeps that epoch's end in last.pt, and the resumed run validates the epoch before it trains on:
// no validation is skipped, none is logged twice.
void TestTrainer::stopDuringValidationValidatesOnResume() {
    TrainingConfig config = smallConfig(); // 7 training images in batches of 2: 3 steps an epoch
    config.epochs = 2;
    config.validateEvery = 1;
    TrainingControl control;
    Recorder recorder;
    recorder.control = &control;
    recorder.cancelAt = 3;
    const fs::path dir = runPath(m_dir, "stopped-validating");
    const TrainingResult first = Trainer(config, dir).run(&recorder, &control);
    QVERIFY(first.status == TrainingStatus::Cancelled);
    QVERIFY(recorder.validations.empty());
    const auto info = checkpointInfo(nn::Checkpoint::open(dir / "last.pt"));
    QCOMPARE(info.position.epoch, 0);
    QCOMPARE(info.position.batchInEpoch, 3);

    Recorder resumed;
    const TrainingResult second = Trainer::resumeFrom(dir).run(&resumed);
    QVERIFY2(second.status == TrainingStatus::Finished, second.message.c_str());
    QCOMPARE(second.iterations, std::int64_t{6});
    QCOMPARE(resumed.validations.size(), std::size_t{2});
    QCOMPARE(resumed.validations.front().epoch, 0);
    QCOMPARE(resumed.iterations.front().iteration, std::int64_t{4});
    std::vector<int> logged;
    for (const ValidationRecord& record : readRunLog(dir).validation)
        logged.push_back(record.epoch);
    QCOMPARE(logged, (std::vector<int>{1, 2}));
}

// A new run writes only into a new or empty folder, or over what a run of ours left that stopped
// before its first checkpoint (its log starts afresh); another program's files are left alone.
void TestTrainer::newRunKeepsOutOfOtherFolders() {
    const TrainingConfig config = smallConfig();
    const fs::path project = runPath(m_dir, "someone-elses");
    fs::create_directories(project);
    writeFileAtomically(project / "config.json", std::string("{\"theirs\": true}"));
    const TrainingResult refused = Trainer(config, project).run();
    QVERIFY(refused.status == TrainingStatus::Failed);
    QVERIFY2(refused.message.find("new or empty folder") != std::string::npos,
             refused.message.c_str());
    const auto kept = readFileBytes(project / "config.json");
    QCOMPARE(std::string(kept.begin(), kept.end()), std::string("{\"theirs\": true}"));
    QVERIFY(!fs::exists(project / "log.jsonl"));
    writeFileAtomically(project / "notes.txt", std::string("mine"));
    fs::remove(project / "config.json");
    QVERIFY(Trainer(config, project).run().status == TrainingStatus::Failed);
    QVERIFY(!fs::exists(project / "config.json"));

    // A run of ours that died before its first checkpoint: the new one starts its log afresh.
    TrainingConfig oneEpoch = config;
    oneEpoch.epochs = 1;
    const fs::path dead = runPath(m_dir, "died-early");
    QVERIFY(Trainer(oneEpoch, dead).run().status == TrainingStatus::Finished);
    for (const char* file : {"last.pt", "previous.pt", "summary.json"})
        fs::remove(dead / file);
    const TrainingResult again = Trainer(oneEpoch, dead).run();
    QVERIFY2(again.status == TrainingStatus::Finished, again.message.c_str());
    const RunLog log = readRunLog(dead);
    QCOMPARE(log.train.size(), std::size_t{3});
    QCOMPARE(log.train.front().iteration, std::int64_t{1});
    QCOMPARE(log.validation.size(), std::size_t{1});
}

// A run folder shared by someone else may hold symbolic links in place of its files: resuming it
// never writes through them (a log.jsonl linked to ~/.bashrc was truncated to JSON lines and
// appended to). The run fails naming the file, or for previous.pt only goes without its fallback;
// the link and the file it names stay as they were.
void TestTrainer::plantedLinksAreNotWrittenThrough() {
    TrainingConfig config = smallConfig();
    config.epochs = 1;
    const fs::path base = runPath(m_dir, "linked-base");
    QVERIFY(Trainer(config, base).run().status == TrainingStatus::Finished);
    const std::string victimText = "export PATH=$HOME/bin:$PATH\n";
    for (const char* file :
         {"log.jsonl", "config.json", "summary.json", "last.pt", "previous.pt"}) {
        const fs::path run = runPath(m_dir, "linked-run");
        const fs::path victim = runPath(m_dir, "victim.txt");
        fs::remove_all(run);
        fs::copy(base, run, fs::copy_options::recursive);
        fs::remove(run / ".lock");
        writeFileAtomically(victim, victimText);
        if (std::string(file) == "last.pt") // the link must still lead to a checkpoint to resume
            fs::copy_file(run / file, victim, fs::copy_options::overwrite_existing);
        const auto victimBefore = readFileBytes(victim);
        fs::remove(run / file);
        fs::create_symlink(victim, run / file);
        TrainingResult result;
        try {
            result = Trainer::resumeFrom(run, 2).run();
        } catch (const std::exception& error) {
            result.status = TrainingStatus::Failed;
            result.message = error.what();
        }
        QVERIFY2(readFileBytes(victim) == victimBefore, file);
        QVERIFY2(fs::is_symlink(run / file), file);
        if (std::string(file) == "previous.pt" || std::string(file) == "summary.json") {
            QVERIFY2(result.status == TrainingStatus::Finished, result.message.c_str());
        } else {
            QVERIFY2(result.status == TrainingStatus::Failed, file);
            QVERIFY2(result.message.find(file) != std::string::npos &&
                         result.message.find("symbolic link") != std::string::npos,
                     result.message.c_str());
        }
    }
}

// Pausing parks the engine between two iterations: it says so (paused), no iteration runs until it
// says it goes on (resumed), and then training continues to the end.
void TestTrainer::pauseThenFinish() {
    TrainingConfig config = smallConfig();
    config.epochs = 1;
    TrainingControl control;
    Recorder recorder;
    recorder.control = &control;
    recorder.pauseAt = 1;
    const TrainingResult result =
        Trainer(config, runPath(m_dir, "paused")).run(&recorder, &control);
    QVERIFY2(result.status == TrainingStatus::Finished, result.message.c_str());
    QVERIFY(!control.isPaused());
    QVERIFY(recorder.sawParked); // the engine really waited in the pause
    const std::vector<std::string> expected = {"i1", "paused 1", "resumed 1", "i2", "i3"};
    QCOMPARE(recorder.sequence, expected);
}

void TestTrainer::nanLossStopsAndKeepsLastGoodCheckpoint() {
    // SGD whose schedule climbs from 1e-9 in epoch 1 to ~5e9 in epoch 2: the loss overflows there.
    TrainingConfig config = smallConfig();
    config.optimizer = OptimizerKind::Sgd;
    config.lr = 1e-9;
    config.schedule.kind = nn::SchedulerKind::CosineWarmRestarts;
    config.schedule.t0 = 2;
    config.schedule.etaMin = 1e10;
    config.epochs = 3;
    const fs::path dir = runPath(m_dir, "nan");
    const TrainingResult result = Trainer(config, dir).run();
    QVERIFY(result.status == TrainingStatus::Failed);
    QVERIFY2(result.message.find("NaN") != std::string::npos ||
                 result.message.find("infinite") != std::string::npos,
             result.message.c_str());
    const auto info = checkpointInfo(nn::Checkpoint::open(dir / "last.pt"));
    QCOMPARE(info.position.epoch, 1);
    for (const auto& weight : checkpointWeights(dir / "last.pt"))
        QVERIFY(torch::isfinite(weight).all().item<bool>());
    const auto overview = readRunOverview(dir);
    QVERIFY(overview && overview->summary);
    QVERIFY(overview->summary->result.status == TrainingStatus::Failed);
}

void TestTrainer::refusesBadConfigurations() {
    TrainingConfig config = smallConfig();
    config.mode = TrainingMode::Kd; // without a teacher
    QVERIFY(Trainer(config, runPath(m_dir, "bad1")).run().status == TrainingStatus::Failed);
    config = smallConfig();
    config.data = runPath(m_dir, "missing-data");
    const TrainingResult missing = Trainer(config, runPath(m_dir, "bad2")).run();
    QVERIFY(missing.status == TrainingStatus::Failed);
    QVERIFY(missing.message.find("missing-data") != std::string::npos);
    QVERIFY_THROWS_EXCEPTION(FileError, Trainer::resumeFrom(runPath(m_dir, "nothing-here")));

    // A config.json edited by hand (or planted) cannot start thousands of threads or allocate a
    // crop no memory holds: the limits the CLI applies hold for every configuration.
    const auto refused = [](void (*edit)(TrainingConfig&)) {
        TrainingConfig c = smallConfig();
        edit(c);
        try {
            c.resolved().validate();
        } catch (const std::invalid_argument&) {
            return true;
        }
        return false;
    };
    QVERIFY(!refused([](TrainingConfig&) {}));
    QVERIFY(refused([](TrainingConfig& c) { c.workers = 100000; }));
    QVERIFY(refused([](TrainingConfig& c) { c.threads = 100000; }));
    QVERIFY(refused([](TrainingConfig& c) { c.crop = 100000; }));
    QVERIFY(refused([](TrainingConfig& c) { c.crop = 8; }));
    QVERIFY(refused([](TrainingConfig& c) { c.patches = 65; }));
    QVERIFY(refused([](TrainingConfig& c) {
        c.patches = 9;
        c.scaleJitter = 0.2;
    }));
    QVERIFY(refused([](TrainingConfig& c) {
        c.patches = 9;
        c.mode = TrainingMode::Teacher;
    }));
    QVERIFY(refused([](TrainingConfig& c) { c.batchSize = 100000; }));
    QVERIFY(refused([](TrainingConfig& c) { c.epochs = 1000000; }));
    QVERIFY(refused([](TrainingConfig& c) { c.maxImages = -1; }));
    QVERIFY(refused([](TrainingConfig& c) { c.schedule.tMult = 1000; }));
    QVERIFY(refused([](TrainingConfig& c) { c.schedule.warmupEpochs = -1; }));
    QVERIFY(refused([](TrainingConfig& c) { c.density.sigma = 1e9; }));
    QVERIFY(refused([](TrainingConfig& c) { c.unlabeled = {"frames"}; })); // not kd
}

// Issue #14.2: the run lists of the studio read run folders the user points at. A FIFO planted as
// summary.json or log.jsonl must not block the reader, and a damaged file is an error naming it.
void TestTrainer::runReadersRefuseOddFiles() {
    const fs::path dir = runPath(m_dir, "odd-files");
    RunDirectory run(dir);
    run.writeJson(run.configPath(), configToJson(smallConfig()));
    QVERIFY(readRunOverview(dir).has_value());
    QVERIFY(!readRunOverview(dir)->summary.has_value());
    QVERIFY(readRunLog(dir).train.empty());
    QVERIFY(!readRunOverview(runPath(m_dir, "no-run-here")).has_value());

    const auto expectError = [](const std::function<void()>& read, const fs::path& file,
                                const std::string& reason) {
        try {
            read();
        } catch (const FileError& error) {
            QCOMPARE(error.path(), file);
            QVERIFY2(error.reason().find(reason) != std::string::npos, error.what());
            return;
        }
        QFAIL(("no error for " + pathToUtf8(file)).c_str());
    };
#ifndef _WIN32
    QCOMPARE(::mkfifo(run.summaryPath().c_str(), 0600), 0);
    expectError([&] { readRunOverview(dir); }, run.summaryPath(), "not a regular file");
    fs::remove(run.summaryPath());
    QCOMPARE(::mkfifo(run.logPath().c_str(), 0600), 0);
    expectError([&] { readRunLog(dir); }, run.logPath(), "not a regular file");
    fs::remove(run.logPath());
#endif
    writeFileAtomically(run.summaryPath(), std::string(R"({"status": "exploded"})"));
    expectError([&] { readRunOverview(dir); }, run.summaryPath(), "unknown status");
    writeFileAtomically(run.summaryPath(), std::string(2u << 20, ' '));
    expectError([&] { readRunOverview(dir); }, run.summaryPath(), "too large");
    writeFileAtomically(run.configPath(), std::string(R"({"workers": "many"})"));
    expectError([&] { readRunOverview(dir); }, run.configPath(), "not a CrowdKD run");

    // Lines cut short by a crash are skipped; the records around them are kept.
    writeFileAtomically(run.logPath(),
                        std::string(R"({"type": "train", "epoch": 1, "batch": 1, "iteration": 1})"
                                    "\n{\"type\": \"tra\n"
                                    R"({"type": "validation", "epoch": 1, "mae": 7.5})"
                                    "\n"));
    const RunLog log = readRunLog(dir);
    QCOMPARE(static_cast<int>(log.train.size()), 1);
    QCOMPARE(static_cast<int>(log.validation.size()), 1);
    QCOMPARE(log.validation.front().mae, 7.5);

    // JSON that would cost many times its size parsed: nested deeper than any file of ours, lines
    // longer than any record, integers no run reaches. Lines are skipped, files refused.
    writeFileAtomically(run.configPath(), configToJson(smallConfig()).dump());
    writeFileAtomically(run.summaryPath(), std::string(100000, '['));
    expectError([&] { readRunOverview(dir); }, run.summaryPath(), "nested deeper");
    fs::remove(run.summaryPath());
    std::string longLine = R"({"type": "train", "epoch": 2, "batch": 1, "iteration": 2, "x": [)";
    while (longLine.size() < (100u << 10))
        longLine += "1,";
    longLine += "1]}";
    writeFileAtomically(run.logPath(),
                        std::string(R"({"type": "train", "epoch": 1, "batch": 1, "iteration": 1})"
                                    "\n") +
                            longLine + "\n" +
                            R"({"type": "train", "epoch": 3, "batch": 1, "iteration": 1e300})" +
                            "\n");
    const RunLog skipped = readRunLog(dir);
    QCOMPARE(static_cast<int>(skipped.train.size()), 1);
    QCOMPARE(skipped.train.front().epoch, 1);

    // A checkpoint whose position no run reaches (a resume would train 2^31 epochs, or index
    // outside the data), or whose metadata is nested too deep, is refused.
    QVERIFY(!m_studentRun.empty());
    const nn::Checkpoint source =
        nn::Checkpoint::open(RunDirectory(m_studentRun).lastCheckpointPath());
    nlohmann::json metadata = nlohmann::json::parse(source.metadataJson());
    nn::DensityModel model = loadCheckpointModel(RunDirectory(m_studentRun).lastCheckpointPath());
    const fs::path odd = dir / "odd.pt";
    for (const nlohmann::json& epoch : {nlohmann::json(-2147483647), nlohmann::json(1e300)}) {
        metadata["position"]["epoch"] = epoch;
        nn::Checkpoint::save(odd, *model.module(), nullptr, metadata.dump());
        expectError([&] { checkpointInfo(nn::Checkpoint::open(odd)); }, odd, "invalid checkpoint");
    }
    nn::Checkpoint::save(odd, *model.module(), nullptr, std::string(1000, '[') + "]");
    expectError([&] { checkpointInfo(nn::Checkpoint::open(odd)); }, odd, "nested deeper");
}

// Issue #14.5: two trainings into one run folder interleaved log.jsonl and mixed checkpoints. While
// one holds the folder, another run into it (new or resumed) fails naming the folder and the
// holder's process id, and writes nothing there.
void TestTrainer::runFolderIsLockedWhileTraining() {
    const fs::path dir = runPath(m_dir, "locked");
    fs::create_directories(dir);
    TrainingResult refused;
    {
        const RunLock holder(dir); // another training of this folder, in this process
        refused = Trainer(smallConfig(), dir).run();
        QVERIFY(refused.status == TrainingStatus::Failed);
        QVERIFY_THROWS_EXCEPTION(FileError, RunLock{dir});
    }
    const std::string expected = pathToUtf8(dir) + ": the run folder is in use by process " +
                                 std::to_string(QCoreApplication::applicationPid());
    QCOMPARE(refused.message, expected);
    QVERIFY(!fs::exists(dir / "config.json"));
    QVERIFY(!fs::exists(dir / "summary.json"));
    QVERIFY(!fs::exists(dir / "log.jsonl"));

    // Released (as when its process ends), the folder is free again.
    TrainingConfig config = smallConfig();
    config.epochs = 1;
    const TrainingResult trained = Trainer(config, dir).run();
    QVERIFY2(trained.status == TrainingStatus::Finished, trained.message.c_str());

    // A resume of a held folder is refused the same way.
    const RunLock holder(dir);
    const TrainingResult resumed = Trainer::resumeFrom(dir, 2).run();
    QVERIFY(resumed.status == TrainingStatus::Failed);
    QCOMPARE(resumed.message, expected);
    QCOMPARE(readRunOverview(dir)->summary->result.epochsDone, 1);

    // A planted .lock that is not a regular file is refused, never followed.
    const fs::path other = runPath(m_dir, "planted");
    fs::create_directories(other / ".lock");
    QVERIFY_THROWS_EXCEPTION(FileError, RunLock{other});
}

// previous.pt is a hard link to last.pt when a save failed after linking it (or in a folder copied
// that way): replacing one link by another of the same file is a no-op rename, which left the
// temporary `previous.pt.tmp-*` behind at every save.
void TestTrainer::resumeLeavesNoTemporaryFiles() {
    TrainingConfig config = smallConfig();
    config.epochs = 1;
    const fs::path dir = runPath(m_dir, "linked");
    QVERIFY(Trainer(config, dir).run().status == TrainingStatus::Finished);
    fs::remove(dir / "previous.pt");
    fs::create_hard_link(dir / "last.pt", dir / "previous.pt");
    const TrainingResult resumed = Trainer::resumeFrom(dir, 2).run();
    QVERIFY2(resumed.status == TrainingStatus::Finished, resumed.message.c_str());
    QCOMPARE(resumed.epochsDone, 2);
    QCOMPARE(filesContaining(dir, ".tmp-"), std::vector<std::string>{});
    QVERIFY(fs::exists(dir / "previous.pt"));
}

// The experiment caches each model's test figures. Run again unchanged, it counts nothing; once a
// test image's ground truth is corrected, every model is counted again and the table changes.
void TestTrainer::experimentCountsAgainWhenTestDataChange() {
    const fs::path partA = test::sharedPath(QStringLiteral("data/ShanghaiTech/part_A"));
    const fs::path root = runPath(m_dir, "experiment-data");
    for (const auto& [split, names] :
         {std::pair<std::string, std::vector<std::string>>{
              "train_data", {"IMG_1", "IMG_2", "IMG_3", "IMG_4", "IMG_5"}},
          {"test_data", {"IMG_3", "IMG_11"}}}) {
        fs::create_directories(root / split / "images");
        fs::create_directories(root / split / "ground-truth");
        for (const std::string& name : names) {
            fs::copy_file(partA / split / "images" / (name + ".jpg"),
                          root / split / "images" / (name + ".jpg"));
            fs::copy_file(partA / split / "ground-truth" / ("GT_" + name + ".mat"),
                          root / split / "ground-truth" / ("GT_" + name + ".mat"));
        }
    }
    ExperimentConfig config;
    config.training = smallConfig();
    config.training.data = root;
    config.training.maxImages = 0;
    config.training.crop = 64;
    config.training.epochs = 1;
    config.training.threads = 1;
    config.training.workers = 1;
    config.teacher =
        test::sharedPath(QStringLiteral("fixtures/pretrained/mcnn_shtechA_svishwa.pth"));
    config.alphas = {0.5};
    config.out = runPath(m_dir, "experiment");

    /// The models whose test split was counted.
    struct Counted : ExperimentListener {
        std::set<std::string> names;
        void onEvaluation(const std::string& name, int, int) override { names.insert(name); }
    };
    const std::set<std::string> all{"teacher", "student", distilledRunName(0.5)};
    Counted first;
    const ExperimentResult before = runExperiment(config, &first);
    QVERIFY(first.names == all);
    Counted unchanged;
    const ExperimentResult again = runExperiment(config, &unchanged);
    QVERIFY(unchanged.names.empty());
    QCOMPARE(again.teacher.mae, before.teacher.mae);

    // Half of IMG_11's heads are taken away, as a corrected annotation would.
    const fs::path truth = root / "test_data" / "ground-truth" / "GT_IMG_11.mat";
    std::vector<HeadPoint> heads = readGroundTruth(truth).points;
    QVERIFY(heads.size() > 100);
    heads.resize(heads.size() / 2);
    writeGroundTruth(truth, heads);
    Counted corrected;
    const ExperimentResult after = runExperiment(config, &corrected);
    QVERIFY(corrected.names == all);
    QVERIFY(after.teacher.mae != before.teacher.mae);
    QVERIFY(after.student.mae != before.student.mae);

    // A run folder of the experiment's that is a symbolic link (to another run) is not trained in.
    const fs::path elsewhere = runPath(m_dir, "elsewhere");
    fs::create_directories(elsewhere);
    config.out = runPath(m_dir, "experiment-linked");
    fs::create_directories(config.out);
    fs::create_directory_symlink(elsewhere, config.out / "student");
    try {
        runExperiment(config);
        QFAIL("an experiment trained through a linked run folder");
    } catch (const FileError& error) {
        QVERIFY2(std::string(error.what()).find("symbolic link") != std::string::npos,
                 error.what());
    }
    QVERIFY(fs::is_empty(elsewhere));

    // Nor is a run folder that another experiment left, with other settings.
    config.out = runPath(m_dir, "experiment");
    config.training.seed += 1;
    try {
        runExperiment(config);
        QFAIL("an experiment took over a run with another seed");
    } catch (const FileError& error) {
        QVERIFY2(std::string(error.what()).find("seed") != std::string::npos, error.what());
    }

    // Interrupted, then continued on "another machine": its run resumes with this one's threads.
    config.training.seed -= 1;
    config.out = runPath(m_dir, "experiment-interrupted");
    struct CancelAtFirstStep : ExperimentListener {
        TrainingControl* control = nullptr;
        void onIteration(const IterationProgress&) override { control->requestCancel(); }
    };
    TrainingControl control;
    CancelAtFirstStep cancel;
    cancel.control = &control;
    QVERIFY(runExperiment(config, &cancel, &control).cancelled);
    QVERIFY(fs::exists(config.out / "student" / "last.pt")); // so the run is resumed
    QCOMPARE(readConfigFile(config.out / "student" / "config.json").threads, 1);
    config.training.threads = 2;
    QVERIFY(!runExperiment(config).cancelled);
    const TrainingConfig resumed = readConfigFile(config.out / "student" / "config.json");
    QCOMPARE(resumed.threads, 2);
    QCOMPARE(resumed.workers, 1);
}

QTEST_GUILESS_MAIN(TestTrainer)
#include "test_trainer.moc"
