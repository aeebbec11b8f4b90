#include "train/training_session.h"

#include "common/studio_support.h"
#include "pipeline/run_directory.h"
#include "pipeline/run_summary.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QMetaObject>
#include <QPointer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryFile>
#include <QTimer>

#include <exception>
#include <mutex>
#include <string>

namespace crowdkd::ui {

namespace {

/// Throws the engine's FileError ("… is in use by process N") when another run holds the folder:
/// refused up front, before the run starts; the engine then holds the lock itself while it runs.
void checkNotInUse(const QString& runDirectory) {
    const pipeline::RunLock probe(toPath(runDirectory));
}

void registerMetaTypes() {
    static std::once_flag once;
    std::call_once(once, [] {
        qRegisterMetaType<pipeline::TrainingStarted>();
        qRegisterMetaType<pipeline::IterationProgress>();
        qRegisterMetaType<pipeline::ValidationReport>();
        qRegisterMetaType<pipeline::CheckpointSaved>();
        qRegisterMetaType<pipeline::TrainingResult>();
    });
}

} // namespace

bool readRunInfo(const QString& dir, RunInfo* info) {
    std::optional<pipeline::RunOverview> overview;
    try {
        overview = pipeline::readRunOverview(toPath(dir));
    } catch (const std::exception& error) { // a run (it has a config.json) that cannot be read
        *info = RunInfo{};
        info->directory = dir;
        info->problem = QString::fromUtf8(error.what());
        return true;
    }
    if (!overview)
        return false;
    *info = RunInfo{};
    info->directory = dir;
    info->config = overview->config;
    info->resumable = overview->resumable;
    if (!overview->bestCheckpoint.empty())
        info->bestCheckpoint = toQString(overview->bestCheckpoint);
    if (overview->summary) {
        const pipeline::TrainingResult& result = overview->summary->result;
        info->status = result.status;
        info->bestMae = result.bestMae;
        info->bestRmse = result.bestRmse;
        info->bestEpoch = result.bestEpoch;
        info->weightsMegabytes = result.weightsMegabytes;
        info->wallSeconds = result.wallSeconds;
        info->epochsDone = result.epochsDone;
    }
    return true;
}

QString runModeText(const RunInfo& info) {
    // The texts belong to the Train workspace, where runs were listed first.
    switch (info.config.mode) {
    case pipeline::TrainingMode::Kd:
        return QCoreApplication::translate("crowdkd::ui::TrainWorkspace", "KD α=%1")
            .arg(QLocale().toString(info.config.alpha, 'g', 3));
    case pipeline::TrainingMode::Teacher:
        return QCoreApplication::translate("crowdkd::ui::TrainWorkspace", "teacher");
    case pipeline::TrainingMode::Student:
        break;
    }
    return QCoreApplication::translate("crowdkd::ui::TrainWorkspace", "student");
}

QString runStatusText(const RunInfo& info) {
    if (!info.problem.isEmpty())
        return QCoreApplication::translate("crowdkd::ui::TrainWorkspace", "cannot be read");
    if (!info.status)
        return QCoreApplication::translate("crowdkd::ui::TrainWorkspace", "not finished");
    switch (*info.status) {
    case pipeline::TrainingStatus::Finished:
        return QCoreApplication::translate("crowdkd::ui::TrainWorkspace", "finished");
    case pipeline::TrainingStatus::Cancelled:
        return QCoreApplication::translate("crowdkd::ui::TrainWorkspace", "cancelled");
    case pipeline::TrainingStatus::Failed:
        break;
    }
    return QCoreApplication::translate("crowdkd::ui::TrainWorkspace", "failed");
}

RunCurves readRunCurves(const QString& dir, std::int64_t upToIteration) {
    RunCurves curves;
    pipeline::RunLog log;
    try {
        log = pipeline::readRunLog(toPath(dir));
    } catch (const std::exception&) {
        return curves; // the run list names the problem
    }
    const auto kept = [upToIteration](std::int64_t iteration) {
        return upToIteration < 0 || iteration <= upToIteration;
    };
    for (const pipeline::TrainRecord& record : log.train) {
        if (!kept(record.iteration))
            continue;
        curves.trainIteration.append(static_cast<double>(record.iteration));
        curves.trainEpoch.append(record.epoch);
        curves.trainBatch.append(record.batch);
        curves.loss.append(record.loss);
        curves.lossGroundTruth.append(record.lossGroundTruth);
        curves.lossTeacher.append(record.lossTeacher);
        curves.epochMeanLoss.append(record.epochMeanLoss);
        curves.lr.append(record.lr);
    }
    // log.jsonl records no times: the curves have no wall-time axis (trainSeconds stays empty).
    for (const pipeline::ValidationRecord& record : log.validation)
        if (kept(record.iteration))
            curves.appendValidation(record.epoch, record.iteration, record.mae, record.rmse);
    curves.iterationsPerEpoch = log.iterationsPerEpoch();
    return curves;
}

/// Forwards the engine's events (on the worker thread) to the session's signals (GUI thread).
QString TrainingSession::describe(const pipeline::TrainingMessage& message) {
    const auto arg = [&message](std::size_t i) {
        return i < message.args.size() ? QString::fromStdString(message.args[i]) : QString();
    };
    const auto path = [&arg](std::size_t i) { return QDir::toNativeSeparators(arg(i)); };
    using pipeline::MessageKind;
    switch (message.kind) {
    case MessageKind::CachePruned:
        return tr("Removed %1 MiB of least recently used cache entries from %2 (budget %3 GiB)")
            .arg(arg(0), path(1), arg(2));
    case MessageKind::ReadingDataset:
        return tr("Reading the dataset");
    case MessageKind::BackboneWeights:
        return tr("Starting the encoder from %1").arg(path(0));
    case MessageKind::LoadingTeacher:
        return tr("Loading the teacher %1").arg(path(0));
    case MessageKind::CachingTeacherMaps:
        return tr("Caching the teacher's density maps");
    case MessageKind::JoiningRanks:
        return tr("Joining the other %n training process(es) as rank %1 (%2, rendezvous %3)",
                  nullptr, arg(0).toInt())
            .arg(arg(1), arg(2), arg(3));
    case MessageKind::PrecisionFellBack:
        return tr("The run trained in bf16, which cannot run here (it needs AVX-512 BF16 or AMX, "
                  "and oneDNN); it goes on in fp32");
    case MessageKind::Other:
        break;
    }
    return QString::fromStdString(message.text);
}

class TrainingSession::Listener : public pipeline::TrainingListener {
public:
    /// `resumedRun`: the folder of a resumed run, whose curves so far go before `started`.
    Listener(TrainingSession* session, QString resumedRun)
        : m_session(session)
        , m_resumedRun(std::move(resumedRun)) {}

    void onStarted(const pipeline::TrainingStarted& event) override {
        if (!m_resumedRun.isEmpty()) {
            // Read here, on the engine's thread (a long run's log takes a while), up to where the
            // engine resumes: the log may hold steps past the checkpoint that it trains again.
            RunCurves curves = readRunCurves(m_resumedRun, event.iteration);
            post([curves = std::move(curves)](TrainingSession* s) {
                emit s->resumedCurves(curves);
            });
        }
        post([event](TrainingSession* s) { emit s->started(event); });
    }
    void onIteration(const pipeline::IterationProgress& event) override {
        post([event](TrainingSession* s) { emit s->iteration(event); });
    }
    void onValidation(const pipeline::ValidationReport& event) override {
        post([event](TrainingSession* s) { emit s->validated(event); });
    }
    void onCheckpoint(const pipeline::CheckpointSaved& event) override {
        post([event](TrainingSession* s) { emit s->checkpointSaved(event); });
    }
    void onMessage(const pipeline::TrainingMessage& event) override {
        post([event](TrainingSession* s) { emit s->engineMessage(event); });
    }

    void onPaused(const pipeline::TrainingPaused& event) override {
        const qint64 at = event.iteration;
        post([at](TrainingSession* s) { emit s->enginePaused(at); });
    }
    void onResumed(const pipeline::TrainingResumed& event) override {
        const qint64 at = event.iteration;
        post([at](TrainingSession* s) { emit s->engineResumed(at); });
    }

    template <typename F>
    void post(F f) {
        postToObject(m_session, f);
    }

private:
    TrainingSession* m_session;
    const QString m_resumedRun;
};

TrainingSession::TrainingSession(QObject* parent)
    : QObject(parent) {
    registerMetaTypes();
}

TrainingSession::~TrainingSession() {
    stop();
    wait();
    // Those of a finished run too, whose grace period stopOtherRanks() started.
    for (QProcess* worker : findChildren<QProcess*>(Qt::FindDirectChildrenOnly)) {
        worker->kill();
        worker->waitForFinished(3000);
    }
    if (!m_configFile.isEmpty())
        QFile::remove(m_configFile);
}

pipeline::DistributedSettings TrainingSession::startOtherRanks(const QStringList& arguments) {
    const QString program = commandLineProgram();
    if (program.isEmpty())
        throw std::runtime_error(tr("Training with several processes needs the crowdkd command "
                                    "line, which was not found beside the studio.")
                                     .toStdString());
    m_rendezvous = std::make_unique<pipeline::Rendezvous>();
    QProcessEnvironment shared = QProcessEnvironment::systemEnvironment();
    for (const auto& [name, value] : m_rendezvous->environment(m_processes))
        shared.insert(QString::fromStdString(name), QString::fromStdString(value));
    for (int rank = 1; rank < m_processes; ++rank) {
        auto* worker = new QProcess(this);
        QProcessEnvironment environment = shared;
        environment.insert(QStringLiteral("RANK"), QString::number(rank));
        environment.insert(QStringLiteral("LOCAL_RANK"), QString::number(rank));
        worker->setProcessEnvironment(environment);
        worker->setProcessChannelMode(QProcess::SeparateChannels);
        worker->setStandardOutputFile(QProcess::nullDevice());
        // The other ranks' messages (prefixed with their rank) go to the training log.
        connect(worker, &QProcess::readyReadStandardError, this, [this, worker] {
            while (worker->canReadLine()) {
                const QString line = QString::fromUtf8(worker->readLine()).trimmed();
                if (!line.isEmpty())
                    emit message(line, 0, 0);
            }
        });
        worker->setReadChannel(QProcess::StandardError);
        m_workers.append(worker);
        worker->start(program, arguments);
        if (!worker->waitForStarted(10'000))
            throw std::runtime_error(
                tr("Cannot start %1: %2")
                    .arg(QDir::toNativeSeparators(program), worker->errorString())
                    .toStdString());
    }
    pipeline::DistributedSettings settings;
    settings.rank = 0;
    settings.worldSize = m_processes;
    settings.localWorldSize = m_processes;
    settings.masterAddress = m_rendezvous->address();
    settings.masterPort = m_rendezvous->port();
    settings.launcherServesRendezvous = true;
    settings.rendezvousId = m_rendezvous->id();
    return settings;
}

void TrainingSession::stopOtherRanks(bool now) {
    // They stop at the same step as rank 0 and exit on their own; those that do not (rank 0
    // failed before they noticed) are ended after a while.
    constexpr int kGraceMs = 30'000;
    for (QProcess* worker : std::as_const(m_workers)) {
        if (worker->state() == QProcess::NotRunning) {
            worker->deleteLater();
            continue;
        }
        connect(worker, &QProcess::finished, worker, &QObject::deleteLater);
        if (now)
            worker->kill();
        else
            QTimer::singleShot(kGraceMs, worker, [worker] { worker->kill(); });
    }
    m_workers.clear();
    if (!m_configFile.isEmpty())
        QFile::remove(m_configFile);
    m_configFile.clear();
}

bool TrainingSession::start(const pipeline::TrainingConfig& config, const QString& runDirectory,
                            QString* error) {
    if (m_running) {
        if (error)
            *error = tr("A training run is already going.");
        return false;
    }
    try {
        config.resolved().validate();
        if (pipeline::RunDirectory::isRunDirectory(toPath(runDirectory))) {
            if (error)
                *error = tr("The folder %1 already holds a run.").arg(runDirectory);
            return false;
        }
        auto trainer = std::make_unique<pipeline::Trainer>(config, toPath(runDirectory));
        if (QFileInfo(runDirectory).isDir())
            checkNotInUse(runDirectory);
        if (m_processes > 1) {
            if (config.resolved().batchSize % m_processes != 0) {
                if (error)
                    *error = tr("A batch of %1 crops does not divide among %2 processes.")
                                 .arg(config.resolved().batchSize)
                                 .arg(m_processes);
                return false;
            }
            // The other ranks read the configuration from a file of their own.
            QTemporaryFile file(
                QDir::temp().filePath(QStringLiteral("crowdkd-config-XXXXXX.json")));
            file.setAutoRemove(false);
            if (!file.open())
                throw std::runtime_error(file.errorString().toStdString());
            const QByteArray json =
                QByteArray::fromStdString(pipeline::configToJson(config).dump(2));
            if (file.write(json) != json.size() || !file.flush()) {
                const QString reason = file.errorString();
                file.remove();
                throw std::runtime_error(
                    QStringLiteral("%1: %2").arg(file.fileName(), reason).toStdString());
            }
            file.close();
            m_configFile = file.fileName();
            trainer->distributeOver(
                startOtherRanks({QStringLiteral("train"), QStringLiteral("--config"), m_configFile,
                                 QStringLiteral("--out"), runDirectory}));
        }
        m_runDirectory = runDirectory;
        launch(std::move(trainer), false);
        return true;
    } catch (const std::exception& e) {
        stopOtherRanks(true);
        if (error)
            *error = QString::fromStdString(e.what());
        return false;
    }
}

bool TrainingSession::resume(const QString& runDirectory,
                             const pipeline::Trainer::ResumeOptions& changes, QString* error) {
    if (m_running) {
        if (error)
            *error = tr("A training run is already going.");
        return false;
    }
    try {
        checkNotInUse(runDirectory);
        // The other ranks read the checkpoint themselves, from the same folder.
        std::optional<pipeline::DistributedSettings> distributed;
        if (m_processes > 1) {
            QStringList arguments{QStringLiteral("train"), QStringLiteral("--resume"),
                                  runDirectory};
            if (changes.epochs)
                arguments << QStringLiteral("--epochs") << QString::number(*changes.epochs);
            if (changes.threads)
                arguments << QStringLiteral("--threads") << QString::number(*changes.threads);
            if (changes.workers)
                arguments << QStringLiteral("--workers") << QString::number(*changes.workers);
            if (changes.device)
                arguments << QStringLiteral("--device") << QString::fromStdString(*changes.device);
            if (changes.precision)
                arguments << QStringLiteral("--precision")
                          << QString::fromStdString(nn::toString(*changes.precision));
            distributed = startOtherRanks(arguments);
        }
        // The checkpoint (hundreds of megabytes for M-SFANet with its optimiser state) is read on
        // the session's thread; a damaged one ends the run there, as a failure, and with it the
        // other ranks.
        m_runDirectory = runDirectory;
        launch(
            [dir = toPath(runDirectory), changes, distributed] {
                auto trainer = std::make_unique<pipeline::Trainer>(
                    pipeline::Trainer::resumeFrom(dir, changes));
                if (distributed)
                    trainer->distributeOver(*distributed);
                return trainer;
            },
            true);
        return true;
    } catch (const std::exception& e) {
        stopOtherRanks(true);
        if (error)
            *error = QString::fromStdString(e.what());
        return false;
    }
}

void TrainingSession::launch(std::unique_ptr<pipeline::Trainer> trainer, bool resumed) {
    auto made = std::make_shared<std::unique_ptr<pipeline::Trainer>>(std::move(trainer));
    launch([made] { return std::move(*made); }, resumed);
}

void TrainingSession::launch(const std::function<std::unique_ptr<pipeline::Trainer>()>& make,
                             bool resumed) {
    wait();
    m_control = std::make_unique<pipeline::TrainingControl>();
    m_listener = std::make_unique<Listener>(this, resumed ? m_runDirectory : QString());
    m_running = true;
    pipeline::TrainingControl* control = m_control.get();
    Listener* listener = m_listener.get();
    m_thread = std::thread([control, listener, make] {
        pipeline::TrainingResult result;
        try {
            const std::unique_ptr<pipeline::Trainer> trainer = make();
            result = trainer->run(listener, control);
        } catch (const std::exception& e) { // the trainer could not be made (a bad checkpoint)
            result.status = pipeline::TrainingStatus::Failed;
            result.message = e.what();
        }
        listener->post([result](TrainingSession* s) {
            s->wait();
            s->stopOtherRanks(result.status == pipeline::TrainingStatus::Failed);
            s->m_running = false;
            emit s->finished(result);
        });
    });
}

bool TrainingSession::isPaused() const {
    return m_running && m_control && m_control->isPaused();
}

void TrainingSession::setPaused(bool paused) {
    if (!m_running || !m_control || m_control->isPaused() == paused)
        return;
    m_control->setPaused(paused);
    emit pausedChanged(paused);
}

void TrainingSession::stop() {
    if (m_running && m_control)
        m_control->requestCancel();
}

void TrainingSession::wait() {
    if (m_thread.joinable())
        m_thread.join();
}

} // namespace crowdkd::ui
