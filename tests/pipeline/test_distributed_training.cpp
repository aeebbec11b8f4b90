// Data-parallel training (#19) end to end: `crowdkd train --nproc 2` trains the same weights as one
// process with the same global batch; a killed rank stops the other with an error naming it, and
// the run resumes from last.pt with another number of processes.
#include "nn/checkpoint.h"
#include "nn/density_model.h"
#include "pipeline/distributed.h"
#include "pipeline/run_summary.h"
#include "pipeline/trainer.h"
#include "program_runner.h"
#include "test_support.h"

#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <memory>
#include <vector>

using namespace crowdkd;
using namespace crowdkd::pipeline;
namespace fs = std::filesystem;

namespace {

const QString kPartA = QStringLiteral("data/ShanghaiTech/part_A");
const QString kTeacher = QStringLiteral("fixtures/pretrained/mcnn_shtechA_svishwa.pth");

/// A short distillation with a cached teacher: a few dozen steps of a global batch of 4, so that
/// the shared teacher maps, the sharded validation and the averaged gradients all take part. SGD
/// with momentum (svishwa's MCNN recipe): Adam divides each gradient element by its own running
/// size, so elements whose gradient is at rounding level take steps that rounding decides, and
/// two summation orders part by about 3e-4 after these 24 steps (docs/distributed.md).
TrainingConfig shortDistillation(int epochs) {
    TrainingConfig config;
    config.mode = TrainingMode::Kd;
    config.data = test::sharedPath(kPartA);
    config.teacher = test::sharedPath(kTeacher);
    config.alpha = 0.5;
    config.maxImages = 20;
    config.validationFraction = 0.3; // 6 validation images, 14 training: 3 batches an epoch
    config.crop = 96;
    config.batchSize = 4;
    config.epochs = epochs;
    config.validateEvery = 4;
    config.optimizer = OptimizerKind::Sgd;
    config.lr = 1e-6;
    config.momentum = 0.9;
    config.logEvery = 1;
    config.seed = 5;
    config.threads = 1;
    config.workers = 1;
    return config;
}

void writeConfig(const QString& path, const TrainingConfig& config) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray::fromStdString(configToJson(config).dump(2)));
}

/// The trained MCNN of a run folder's last.pt.
nn::DensityModel lastWeights(const fs::path& run) {
    nn::DensityModel model(nn::ModelKind::Mcnn);
    nn::Checkpoint::open(run / "last.pt").loadModel(*model.module());
    return model;
}

int freePort() {
    QTcpServer server;
    return server.listen(QHostAddress::LocalHost, 0) ? server.serverPort() : 0;
}

/// The environment of one of two ranks started by hand, rank 0 serving the rendezvous on `port`.
QProcessEnvironment rankEnvironment(int rank, int port) {
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("RANK"), QString::number(rank));
    environment.insert(QStringLiteral("LOCAL_RANK"), QString::number(rank));
    environment.insert(QStringLiteral("WORLD_SIZE"), QStringLiteral("2"));
    environment.insert(QStringLiteral("MASTER_ADDR"), QStringLiteral("127.0.0.1"));
    environment.insert(QStringLiteral("MASTER_PORT"), QString::number(port));
    return environment;
}

fs::path toPath(const QString& path) {
    return fs::path(path.toStdU16String());
}

} // namespace

class TestDistributedTraining : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        if (!fs::exists(test::sharedPath(kPartA)) || !fs::exists(test::sharedPath(kTeacher)))
            QSKIP("needs ../shared (part A and the published MCNN); not found");
        if (!distributedTrainingAvailable())
            QSKIP("this build has no distributed training (libgloo-dev)");
        QVERIFY(m_temp.isValid());
        // The teacher's cached maps go to a cache of the test's own.
        qputenv("CROWDKD_CACHE_DIR", m_temp.filePath(QStringLiteral("cache")).toUtf8());
    }

    void twoProcessesTrainWhatOneDoes() {
        const TrainingConfig config = shortDistillation(8);
        const fs::path alone = toPath(m_temp.filePath(QStringLiteral("alone")));
        const TrainingResult single = Trainer(config, alone).run();
        QVERIFY2(single.status == TrainingStatus::Finished, single.message.c_str());

        const QString configFile = m_temp.filePath(QStringLiteral("config.json"));
        writeConfig(configFile, config);
        const QString pair = m_temp.filePath(QStringLiteral("pair"));
        const test::ProgramRun run = test::runProgram(
            test::crowdkdProgram(),
            {QStringLiteral("train"), QStringLiteral("--config"), configFile,
             QStringLiteral("--out"), pair, QStringLiteral("--nproc"), QStringLiteral("2")},
            600'000);
        QVERIFY2(run.exitCode == 0 && !run.crashed, qPrintable(run.standardError));
        QVERIFY2(run.standardError.contains(QStringLiteral("[rank 1]")),
                 qPrintable(run.standardError));

        const RunSummary summary = *readRunOverview(toPath(pair))->summary;
        QCOMPARE(summary.worldSize, 2);
        QCOMPARE(summary.result.iterations, single.iterations);
        QVERIFY(single.iterations >= 24);
        QCOMPARE(summary.result.bestEpoch, single.bestEpoch);
        torch::manual_seed(config.seed); // the trainer's initial weights
        nn::DensityModel initial(nn::ModelKind::Mcnn);
        const auto start = initial.module()->named_parameters();
        nn::DensityModel one = lastWeights(alone);
        nn::DensityModel two = lastWeights(toPath(pair));
        const auto a = one.module()->named_parameters();
        const auto b = two.module()->named_parameters();
        QCOMPARE(a.size(), b.size());
        double worst = 0, leastMoved = 1e30;
        for (const auto& item : a) {
            const torch::Tensor& x = item.value();
            const torch::Tensor& y = b[item.key()];
            const double scale = x.abs().max().item<double>() + 1e-12;
            worst = std::max(worst, (x - y).abs().max().item<double>() / scale);
            leastMoved =
                std::min(leastMoved, (x - start[item.key()]).abs().max().item<double>() / scale);
        }

        qInfo("after %lld steps: largest relative weight difference %.3g; every tensor moved by at "
              "least %.3g",
              static_cast<long long>(single.iterations), worst, leastMoved);
        QVERIFY2(worst <= 1e-5, qPrintable(QString::number(worst)));
        QVERIFY(leastMoved >= 10 * worst); // the weights did train
        qInfo("best validation MAE %.6f RMSE %.6f (one process) and %.6f %.6f (two)",
              single.bestMae, single.bestRmse, summary.result.bestMae, summary.result.bestRmse);
        // Sharded validation adds up to the single process's figures.
        QVERIFY(qAbs(summary.result.bestMae - single.bestMae) <= 1e-6 * single.bestMae);
        QVERIFY(qAbs(summary.result.bestRmse - single.bestRmse) <= 1e-6 * single.bestRmse);
    }

    // Ranks started by hand with different settings (here another learning rate) would train
    // apart in silence: every rank refuses before the first step and names what differs.
    void ranksThatDisagreeAreNamed() {
        TrainingConfig config = shortDistillation(1);
        const QString same = m_temp.filePath(QStringLiteral("agree.json"));
        writeConfig(same, config);
        config.lr = 1e-5;
        const QString other = m_temp.filePath(QStringLiteral("disagree.json"));
        writeConfig(other, config);
        const int port = freePort();
        QVERIFY(port > 0);
        std::vector<std::unique_ptr<QProcess>> ranks;
        for (int rank = 0; rank < 2; ++rank) {
            auto process = std::make_unique<QProcess>();
            process->setProcessEnvironment(rankEnvironment(rank, port));
            process->start(test::crowdkdProgram(),
                           {QStringLiteral("train"), QStringLiteral("--config"),
                            rank == 0 ? same : other, QStringLiteral("--out"),
                            m_temp.filePath(QStringLiteral("disagree-%1").arg(rank)),
                            QStringLiteral("--dist-timeout"), QStringLiteral("60")});
            ranks.push_back(std::move(process));
        }
        for (const auto& process : ranks) {
            QVERIFY(process->waitForFinished(300'000));
            QCOMPARE(process->exitCode(), 1);
            const QByteArray error = process->readAllStandardError();
            QVERIFY2(error.contains("do not run the same training") &&
                         error.contains("rank 1: settings"),
                     error.constData());
        }
        // Nothing was trained: rank 0 wrote no checkpoint.
        QVERIFY(!QFile::exists(m_temp.filePath(QStringLiteral("disagree-0/last.pt"))));
    }

    void aKilledRankStopsTheOtherAndTheRunResumes() {
        const QString configFile = m_temp.filePath(QStringLiteral("long.json"));
        writeConfig(configFile, shortDistillation(200));
        const QString runPath = m_temp.filePath(QStringLiteral("killed"));
        const int port = freePort();
        QVERIFY(port > 0);
        QProcess ranks[2];
        for (int rank = 0; rank < 2; ++rank) {
            ranks[rank].setProcessEnvironment(rankEnvironment(rank, port));
            ranks[rank].start(test::crowdkdProgram(),
                              {QStringLiteral("train"), QStringLiteral("--config"), configFile,
                               QStringLiteral("--out"), runPath, QStringLiteral("--dist-timeout"),
                               QStringLiteral("60"), QStringLiteral("--json")});
            QVERIFY(ranks[rank].waitForStarted(10'000));
        }
        // Rank 0 reports each checkpoint as a JSON event; kill rank 1 once there is one to resume
        // from.
        QByteArray rank0Output;
        const bool saved = QTest::qWaitFor(
            [&] {
                rank0Output += ranks[0].readAllStandardOutput();
                return rank0Output.contains("last.pt") || ranks[0].state() != QProcess::Running;
            },
            300'000);
        QVERIFY2(saved && ranks[0].state() == QProcess::Running, rank0Output.constData());
        ranks[1].kill();
        QVERIFY(ranks[1].waitForFinished(10'000));
        // Rank 0 fails, naming rank 1, well within its timeout.
        QVERIFY(ranks[0].waitForFinished(120'000));
        rank0Output += ranks[0].readAllStandardOutput() + ranks[0].readAllStandardError();
        QCOMPARE(ranks[0].exitCode(), 1);
        QVERIFY2(rank0Output.contains("rank 1 of 2 has stopped answering"),
                 rank0Output.constData());
        const auto overview = readRunOverview(toPath(runPath));
        QVERIFY(overview && overview->summary);
        QVERIFY(overview->summary->result.status == TrainingStatus::Failed);

        // One process continues the run of two from its last.pt, to a nearer end.
        const int done = overview->summary->result.epochsDone;
        const test::ProgramRun resumed =
            test::runProgram(test::crowdkdProgram(),
                             {QStringLiteral("train"), QStringLiteral("--resume"), runPath,
                              QStringLiteral("--epochs"), QString::number(done + 2)},
                             600'000);
        QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.standardError));
        const auto finished = readRunOverview(toPath(runPath));
        QVERIFY(finished->summary->result.status == TrainingStatus::Finished);
        QCOMPARE(finished->summary->result.epochsDone, done + 2);
        QCOMPARE(finished->summary->worldSize, 1);
    }

private:
    QTemporaryDir m_temp;
};

QTEST_GUILESS_MAIN(TestDistributedTraining)
#include "test_distributed_training.moc"
