// LibTorch archives read as data (nn::readArchiveModule): CrowdKD's checkpoints come back exactly
// as LibTorch's own loader reads them, and an archive that carries TorchScript code is refused
// without running it (the trojans of tests/support/make_trojan_archive.py write a marker file when
// run).
#include "base/error.h"
#include "nn/checkpoint.h"
#include "nn/mcnn.h"
#include "nn/torch_archive.h"
#include "test_support.h"
#include "trojan_archive.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <torch/serialize/input-archive.h>

using namespace crowdkd;
using namespace crowdkd::nn;

namespace {

std::filesystem::path fsPath(const QString& path) {
    return std::filesystem::path(path.toStdU16String());
}

/// An MCNN that has taken two Adam steps, so that every optimizer moment is non-zero.
struct TrainedModel {
    Mcnn model{1};
    std::unique_ptr<torch::optim::Adam> optimizer;

    TrainedModel() {
        torch::manual_seed(7);
        model = Mcnn(1);
        optimizer = std::make_unique<torch::optim::Adam>(model->parameters(),
                                                         torch::optim::AdamOptions(1e-3));
        for (int step = 0; step < 2; ++step) {
            optimizer->zero_grad();
            model->forward(torch::rand({1, 1, 32, 32})).square().sum().backward();
            optimizer->step();
        }
    }
};

void compareParameters(torch::nn::Module& a, torch::nn::Module& b) {
    const auto left = a.named_parameters();
    const auto right = b.named_parameters();
    QCOMPARE(left.size(), right.size());
    for (const auto& item : left)
        QVERIFY2(torch::equal(item.value(), right[item.key()]), item.key().c_str());
}

} // namespace

class TestTorchArchive : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void checkpointReadsAsLibTorchReadsIt();
    void optimizerStateIsRestored();
    void trojanCheckpointIsRefusedWithoutRunningIt();
    void loopingTrojanIsRefused();
    void trojanIsRealYetNeverRuns();
    void damagedArchivesAreFileErrors();

private:
    QString path(const QString& name) const { return m_temp.filePath(name); }
    QTemporaryDir m_temp;
    QString m_clean;
};

void TestTorchArchive::initTestCase() {
    QVERIFY(m_temp.isValid());
    TrainedModel trained;
    m_clean = path(QStringLiteral("clean.pt"));
    Checkpoint::save(fsPath(m_clean), *trained.model, trained.optimizer.get(), "{\"x\": 1}");
}

void TestTorchArchive::checkpointReadsAsLibTorchReadsIt() {
    // The oracle is LibTorch's own reader, safe on this file because we wrote it.
    torch::serialize::InputArchive libtorch;
    libtorch.load_from(m_clean.toStdString());
    torch::serialize::InputArchive libtorchModel;
    libtorch.read("model", libtorchModel);
    Mcnn expected(1);
    expected->load(libtorchModel);

    const Checkpoint checkpoint = Checkpoint::open(fsPath(m_clean));
    QCOMPARE(QString::fromStdString(checkpoint.metadataJson()), QStringLiteral("{\"x\": 1}"));
    QVERIFY(checkpoint.hasOptimizerState());
    Mcnn actual(1);
    checkpoint.loadModel(*actual);
    compareParameters(*actual, *expected);

    // The generator state: the same random numbers follow.
    checkpoint.restoreGeneratorState();
    const torch::Tensor fromOurs = torch::rand({8});
    torch::Tensor state;
    libtorch.read("cpu_generator_state", state);
    at::Generator generator = at::detail::getDefaultCPUGenerator();
    generator.set_state(state);
    QVERIFY(torch::equal(fromOurs, torch::rand({8})));
}

void TestTorchArchive::optimizerStateIsRestored() {
    TrainedModel reference; // the same seed: the same weights and moments as the saved ones
    Mcnn model(1);
    const Checkpoint checkpoint = Checkpoint::open(fsPath(m_clean));
    checkpoint.loadModel(*model);
    torch::optim::Adam restored(model->parameters(), torch::optim::AdamOptions(1e-3));
    checkpoint.loadOptimizer(restored);

    const auto params = model->parameters();
    const auto referenceParams = reference.model->parameters();
    QCOMPARE(params.size(), referenceParams.size());
    for (std::size_t i = 0; i < params.size(); ++i) {
        const auto key = c10::guts::to_string(params[i].unsafeGetTensorImpl());
        const auto referenceKey = c10::guts::to_string(referenceParams[i].unsafeGetTensorImpl());
        QVERIFY(restored.state().count(key));
        const auto& ours = static_cast<torch::optim::AdamParamState&>(*restored.state()[key]);
        const auto& theirs =
            static_cast<torch::optim::AdamParamState&>(*reference.optimizer->state()[referenceKey]);
        QCOMPARE(ours.step(), theirs.step());
        QVERIFY(torch::equal(ours.exp_avg(), theirs.exp_avg()));
        QVERIFY(torch::equal(ours.exp_avg_sq(), theirs.exp_avg_sq()));
    }
    // A third step from the restored state equals a third step of the original.
    const torch::Tensor input = torch::rand({1, 1, 32, 32});
    restored.zero_grad();
    model->forward(input).square().sum().backward();
    restored.step();
    reference.optimizer->zero_grad();
    reference.model->forward(input).square().sum().backward();
    reference.optimizer->step();
    compareParameters(*model, *reference.model);
}

void TestTorchArchive::trojanCheckpointIsRefusedWithoutRunningIt() {
    if (!test::canMakeTrojans())
        QSKIP("PyTorch (python3-torch) is not installed: cannot make the trojan archive");
    const QString trojan = path(QStringLiteral("trojan.pt"));
    const QString marker = path(QStringLiteral("marker-checkpoint"));
    const QString error = test::makeTrojanArchive(m_clean, trojan, marker);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(isTorchArchiveFile(fsPath(trojan)));

    bool refused = false;
    try {
        Checkpoint::open(fsPath(trojan));
    } catch (const ExecutableCodeError& refusal) {
        refused = true;
        const QString message = QString::fromUtf8(refusal.what());
        QVERIFY2(message.contains(QStringLiteral("contains executable code and was not loaded")),
                 refusal.what());
        QVERIFY2(message.startsWith(trojan), refusal.what());
    }
    QVERIFY(refused);
    QVERIFY(!Checkpoint::isCheckpoint(fsPath(trojan)));
    QVERIFY2(!QFile::exists(marker), "the trojan's code ran");
}

void TestTorchArchive::loopingTrojanIsRefused() {
    if (!test::canMakeTrojans())
        QSKIP("PyTorch (python3-torch) is not installed: cannot make the trojan archive");
    const QString trojan = path(QStringLiteral("loop.pt"));
    const QString marker = path(QStringLiteral("marker-loop"));
    const QString error = test::makeTrojanArchive(m_clean, trojan, marker, /*loop=*/true);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    // Were the code run, this would never return (the test's time limit would fail it).
    QVERIFY_THROWS_EXCEPTION(ExecutableCodeError, readArchiveModule(fsPath(trojan)));
    QVERIFY(!QFile::exists(marker));
}

void TestTorchArchive::trojanIsRealYetNeverRuns() {
    // The trojan is real: PyTorch's own loader runs its code. CrowdKD has no loader that would.
    if (!test::canMakeTrojans())
        QSKIP("PyTorch (python3-torch) is not installed: cannot make the trojan archive");
    const QString trojan = path(QStringLiteral("real.pt"));
    const QString marker = path(QStringLiteral("marker-real"));
    const QString error = test::makeTrojanArchive(m_clean, trojan, marker);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY_THROWS_EXCEPTION(ExecutableCodeError, readArchiveModule(fsPath(trojan)));
    QVERIFY(!QFile::exists(marker));
    QVERIFY(test::trojanRunsInPyTorch(trojan, marker));
}

void TestTorchArchive::damagedArchivesAreFileErrors() {
    QFile clean(m_clean);
    QVERIFY(clean.open(QIODevice::ReadOnly));
    const QByteArray bytes = clean.readAll();
    for (const qsizetype keep :
         {qsizetype(0), qsizetype(100), bytes.size() / 2, bytes.size() - 1}) {
        const QByteArray cut = bytes.left(keep);
        QVERIFY_THROWS_EXCEPTION(
            FileError, readArchiveModule(reinterpret_cast<const std::uint8_t*>(cut.data()),
                                         static_cast<std::size_t>(cut.size()), "cut.pt"));
    }
    // A model whose names differ: the missing key is named.
    const Checkpoint checkpoint = Checkpoint::open(fsPath(m_clean));
    torch::nn::Sequential other(torch::nn::Conv2d(1, 2, 3));
    try {
        checkpoint.loadModel(*other);
        QFAIL("weights of another model were accepted");
    } catch (const FileError& error) {
        QVERIFY2(QString::fromUtf8(error.what()).contains(QStringLiteral("'0'")), error.what());
    }
}

QTEST_GUILESS_MAIN(TestTorchArchive)
#include "test_torch_archive.moc"
