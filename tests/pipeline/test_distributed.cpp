// Data-parallel training's process group (#19): the torchrun environment is read and checked, and
// two worker processes over loopback (Gloo) broadcast and average as the trainer needs (the
// gradients while backward runs too); a rank
// whose partner never comes fails with a clear error within the timeout instead of hanging.
#include "pipeline/distributed.h"

#include <QMap>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTcpServer>
#include <QTest>

#include <map>
#include <stdexcept>
#include <string>

using namespace crowdkd::pipeline;

namespace {

/// A lookup over a fixed set of variables.
std::function<const char*(const char*)> variables(std::map<std::string, std::string> values) {
    auto shared = std::make_shared<std::map<std::string, std::string>>(std::move(values));
    return [shared](const char* name) -> const char* {
        const auto found = shared->find(name);
        return found == shared->end() ? nullptr : found->second.c_str();
    };
}

/// A loopback port nobody listens on now.
int freePort() {
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort();
}

QProcess* startRank(int rank, int world, int port, int timeoutMs, QObject* parent) {
    auto* process = new QProcess(parent);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("RANK"), QString::number(rank));
    environment.insert(QStringLiteral("LOCAL_RANK"), QString::number(rank));
    environment.insert(QStringLiteral("WORLD_SIZE"), QString::number(world));
    environment.insert(QStringLiteral("MASTER_ADDR"), QStringLiteral("127.0.0.1"));
    environment.insert(QStringLiteral("MASTER_PORT"), QString::number(port));
    environment.insert(QStringLiteral("CROWDKD_TEST_TIMEOUT_MS"), QString::number(timeoutMs));
    process->setProcessEnvironment(environment);
    process->start(QStringLiteral(CROWDKD_DISTRIBUTED_WORKER), {});
    return process;
}

/// Starts the worker as rank 1 of two at `rendezvous` (which this process serves, as the studio
/// does), with `variables` added to its environment.
QProcess* startPartner(const Rendezvous& rendezvous, const QMap<QString, QString>& variables,
                       QObject* parent) {
    auto* worker = new QProcess(parent);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const auto& [name, value] : rendezvous.environment(2))
        environment.insert(QString::fromStdString(name), QString::fromStdString(value));
    environment.insert(QStringLiteral("RANK"), QStringLiteral("1"));
    environment.insert(QStringLiteral("LOCAL_RANK"), QStringLiteral("1"));
    for (auto variable = variables.cbegin(); variable != variables.cend(); ++variable)
        environment.insert(variable.key(), variable.value());
    worker->setProcessEnvironment(environment);
    worker->start(QStringLiteral(CROWDKD_DISTRIBUTED_WORKER), {});
    return worker;
}

/// The settings this process joins `rendezvous` with as rank 0 of two.
DistributedSettings rankZeroAt(const Rendezvous& rendezvous, std::chrono::milliseconds timeout) {
    DistributedSettings settings;
    settings.rank = 0;
    settings.worldSize = 2;
    settings.localWorldSize = 2;
    settings.masterAddress = rendezvous.address();
    settings.masterPort = rendezvous.port();
    settings.launcherServesRendezvous = true;
    settings.rendezvousId = rendezvous.id();
    settings.timeout = timeout;
    return settings;
}

} // namespace

class TestDistributed : public QObject {
    Q_OBJECT

private slots:
    void readsTheEnvironment() {
        QVERIFY(!DistributedSettings::fromEnvironment(variables({})));
        QVERIFY(!DistributedSettings::fromEnvironment(variables({{"WORLD_SIZE", "1"}})));
        const auto settings =
            DistributedSettings::fromEnvironment(variables({{"WORLD_SIZE", "4"},
                                                            {"RANK", "3"},
                                                            {"LOCAL_RANK", "1"},
                                                            {"MASTER_ADDR", "node7"},
                                                            {"MASTER_PORT", "29600"}}));
        QVERIFY(settings);
        QCOMPARE(settings->worldSize, 4);
        QCOMPARE(settings->rank, 3);
        QCOMPARE(settings->localRank, 1);
        QCOMPARE(settings->masterAddress, std::string("node7"));
        QCOMPARE(settings->masterPort, 29600);
        QVERIFY(settings->distributed());
        QVERIFY(settings->rendezvousId.empty());
        // A launcher's token and torchrun's restart count name the keys.
        const auto restarted =
            DistributedSettings::fromEnvironment(variables({{"WORLD_SIZE", "2"},
                                                            {"RANK", "1"},
                                                            {"CROWDKD_RENDEZVOUS_ID", "0f1e"},
                                                            {"TORCHELASTIC_RESTART_COUNT", "2"}}));
        QVERIFY(restarted);
        QCOMPARE(restarted->rendezvousId, std::string("0f1e/attempt-2"));
        // Each bad value names its variable.
        const std::map<std::string, std::string> bad[] = {
            {{"WORLD_SIZE", "2"}},
            {{"WORLD_SIZE", "2"}, {"RANK", "2"}},
            {{"WORLD_SIZE", "two"}, {"RANK", "0"}},
            {{"WORLD_SIZE", "2"}, {"RANK", "0"}, {"MASTER_PORT", "70000"}},
            {{"WORLD_SIZE", "2"}, {"RANK", "-1"}},
            {{"WORLD_SIZE", "2"}, {"RANK", "0"}, {"TORCHELASTIC_RESTART_COUNT", "x"}},
        };
        const char* named[] = {"RANK",        "RANK", "WORLD_SIZE",
                               "MASTER_PORT", "RANK", "TORCHELASTIC_RESTART_COUNT"};
        for (std::size_t i = 0; i < std::size(bad); ++i) {
            try {
                DistributedSettings::fromEnvironment(variables(bad[i]));
                QFAIL("accepted a bad environment");
            } catch (const std::invalid_argument& e) {
                QVERIFY2(std::string(e.what()).find(named[i]) != std::string::npos, e.what());
            }
        }
    }

    void twoRanksBroadcastAndAverage() {
        if (!distributedTrainingAvailable())
            QSKIP("this build has no Gloo (libgloo-dev)");
        const int port = freePort();
        QVERIFY(port > 0);
        QProcess* first = startRank(0, 2, port, 60000, this);
        QProcess* second = startRank(1, 2, port, 60000, this);
        for (QProcess* process : {first, second}) {
            QVERIFY(process->waitForFinished(120000));
            QVERIFY2(process->exitCode() == 0, process->readAllStandardError().constData());
        }
        QVERIFY(first->readAllStandardOutput().startsWith("ok 0 of 2"));
        QVERIFY(second->readAllStandardOutput().startsWith("ok 1 of 2"));
    }

    // The studio is rank 0 of each multi-process run it starts, in one process, with a new
    // rendezvous each time; the second run's fresh worker must find the keys the studio uses
    // (they were numbered per process and it waited out the timeout). Each rendezvous has its own
    // unguessable token.
    void eachRendezvousStartsItsOwnKeys() {
        if (!distributedTrainingAvailable())
            QSKIP("this build has no Gloo (libgloo-dev)");
        std::string previousId;
        for (int run = 0; run < 2; ++run) {
            const Rendezvous rendezvous;
            QCOMPARE(rendezvous.id().size(), std::size_t(32));
            QVERIFY(rendezvous.id() != previousId);
            previousId = rendezvous.id();
            QProcess* worker =
                startPartner(rendezvous,
                             {{QStringLiteral("CROWDKD_TEST_TIMEOUT_MS"), QStringLiteral("20000")},
                              {QStringLiteral("CROWDKD_TEST_BROADCAST_ONLY"), QStringLiteral("1")}},
                             this);
            const DistributedSettings settings = rankZeroAt(rendezvous, std::chrono::seconds(20));
            {
                const auto group = ProcessGroup::join(settings);
                torch::Tensor weights = torch::full({3, 4}, 1.0f);
                torch::Tensor bias = torch::full({5}, 10.0f);
                group->broadcast({weights, bias});
            }
            QVERIFY(worker->waitForFinished(60000));
            QVERIFY2(worker->exitCode() == 0, worker->readAllStandardError().constData());
            QVERIFY(worker->readAllStandardOutput().startsWith("ok 1 of 2"));
        }
    }

    // Work each rank does alone before the next collective (its share of the teacher's maps) may
    // outlast the timeout: rank 0 waits for a rank 1 that works two timeouts long as long as it
    // reports progress, and fails, naming it, once it reports none for a timeout.
    void longWorkIsAwaitedWhileItProgresses() {
        if (!distributedTrainingAvailable())
            QSKIP("this build has no Gloo (libgloo-dev)");
        constexpr int kTimeoutMs = 8000; // far above the 100 ms between progress reports
        for (const bool silent : {false, true}) {
            const Rendezvous rendezvous;
            QMap<QString, QString> variables{
                {QStringLiteral("CROWDKD_TEST_TIMEOUT_MS"), QString::number(kTimeoutMs)},
                {QStringLiteral("CROWDKD_TEST_WORK_MS"),
                 QString::number(silent ? 10 * kTimeoutMs : 2 * kTimeoutMs)}};
            if (silent)
                variables.insert(QStringLiteral("CROWDKD_TEST_WORK_SILENT"), QStringLiteral("1"));
            QProcess* worker = startPartner(rendezvous, variables, this);
            const DistributedSettings settings =
                rankZeroAt(rendezvous, std::chrono::milliseconds(kTimeoutMs));
            const auto group = ProcessGroup::join(settings);
            std::string error;
            try {
                group->awaitWork("test work");
            } catch (const std::runtime_error& e) {
                error = e.what();
            }
            if (!silent) {
                QVERIFY2(error.empty(), error.c_str());
                QVERIFY(worker->waitForFinished(60000));
                QVERIFY2(worker->exitCode() == 0, worker->readAllStandardError().constData());
                QVERIFY(worker->readAllStandardOutput().startsWith("ok 1 of 2"));
            } else {
                QVERIFY2(error.find("rank 1 of 2 reported no progress") != std::string::npos,
                         error.c_str());
                QVERIFY(error.find("test work") != std::string::npos);
                worker->kill();
                worker->waitForFinished(60000);
            }
        }
    }

    // Rank 0 waits for a rank 1 that never starts: it fails, saying why, once the timeout passes.
    void aMissingRankFailsInsteadOfHanging() {
        if (!distributedTrainingAvailable())
            QSKIP("this build has no Gloo (libgloo-dev)");
        QProcess* alone = startRank(0, 2, freePort(), 3000, this);
        QVERIFY(alone->waitForFinished(120000));
        QCOMPARE(alone->exitCode(), 1);
        const QByteArray error = alone->readAllStandardError();
        QVERIFY2(error.contains("could not join"), error.constData());
    }
};

QTEST_GUILESS_MAIN(TestDistributed)
#include "test_distributed.moc"
