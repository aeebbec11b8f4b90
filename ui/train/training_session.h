#pragma once

#include "pipeline/trainer.h"
#include "pipeline/training_config.h"
#include "pipeline/training_events.h"
#include "train/loss_curve.h"

#include <QObject>
#include <QString>
#include <QVector>

class QProcess;

#include <algorithm>
#include <functional>
#include <memory>
#include <optional>
#include <thread>

namespace crowdkd::ui {

/// What a run folder holds, for the list of past runs (read by pipeline::readRunOverview).
struct RunInfo {
    QString directory;
    /// Why the folder's config.json or summary.json could not be read; empty when they could.
    QString problem;
    pipeline::TrainingConfig config; ///< config.json
    /// How the run ended (summary.json); nullopt while it runs, or when it was killed.
    std::optional<pipeline::TrainingStatus> status;
    double bestMae = -1;
    double bestRmse = -1;
    int bestEpoch = -1; ///< 1-based
    double weightsMegabytes = 0;
    double wallSeconds = 0;
    int epochsDone = 0;
    bool resumable = false; ///< has a last.pt
    QString bestCheckpoint;

    bool isKd() const { return config.mode == pipeline::TrainingMode::Kd; }
    bool isFinished() const { return status == pipeline::TrainingStatus::Finished; }
};

/// Reads config.json and summary.json of a run folder; false when `dir` holds no run. A run whose
/// files cannot be read is returned with `problem` set.
bool readRunInfo(const QString& dir, RunInfo* info);
/// Reads a run folder's log.jsonl into curves (empty when it has none or it cannot be read);
/// with `upToIteration` ≥ 0, without the records past it (those a resume from there drops).
RunCurves readRunCurves(const QString& dir, std::int64_t upToIteration = -1);
/// A run's mode for lists and pickers ("KD α=0.1", "teacher", "student"), translated.
QString runModeText(const RunInfo& info);
/// A run's state for lists ("finished", "cancelled", "failed", "not finished"), translated.
QString runStatusText(const RunInfo& info);

/// One training run of the core engine (pipeline::Trainer, the code `crowdkd train` runs) on a
/// worker thread. The engine's events arrive as queued signals on the GUI thread; pause, resume and
/// stop go through pipeline::TrainingControl. Stopping leaves a resumable last.pt in the run
/// folder. With several processes (setProcesses), the engine here is rank 0 of a data-parallel
/// training (docs/distributed.md) and `crowdkd train` processes are the other ranks; the curves
/// are rank 0's, which are the whole training's. Pausing is then not available.
class TrainingSession : public QObject {
    Q_OBJECT

public:
    explicit TrainingSession(QObject* parent = nullptr);
    /// Stops a running training and waits for its thread.
    ~TrainingSession() override;

    /// Starts a new run of `config` into `runDirectory`; false (with `error`) when the
    /// configuration is invalid or a run is already going.
    bool start(const pipeline::TrainingConfig& config, const QString& runDirectory,
               QString* error = nullptr);
    /// Continues the run in `runDirectory` from its last.pt, with its own settings but for what
    /// `changes` sets afresh (its length, this machine's threads, workers and device), for every
    /// process of the run.
    bool resume(const QString& runDirectory, const pipeline::Trainer::ResumeOptions& changes = {},
                QString* error = nullptr);

    /// Local processes the next start() or resume() trains with (1: this one alone).
    void setProcesses(int processes) { m_processes = std::max(1, processes); }
    int processes() const { return m_processes; }
    /// Whether the running training can pause (it trains in this process alone).
    bool canPause() const { return m_running && m_workers.isEmpty(); }

    bool isRunning() const { return m_running; }
    bool isPaused() const;
    void setPaused(bool paused);
    /// Asks the engine to stop at the next iteration (it writes last.pt first).
    void stop();
    /// Blocks until the worker thread has ended (after stop(), or at the end of a run).
    void wait();
    QString runDirectory() const { return m_runDirectory; }

    /// An engine message in the studio's language (its English text when it has no kind).
    static QString describe(const pipeline::TrainingMessage& message);

signals:
    /// Before started(), for a resumed run: its curves up to where the engine goes on.
    void resumedCurves(const crowdkd::ui::RunCurves& curves);
    void started(const crowdkd::pipeline::TrainingStarted& event);
    void iteration(const crowdkd::pipeline::IterationProgress& event);
    void validated(const crowdkd::pipeline::ValidationReport& event);
    void checkpointSaved(const crowdkd::pipeline::CheckpointSaved& event);
    /// A line the other ranks' processes wrote, marked with their rank.
    void message(const QString& text, int done, int total);
    /// A message of this process's engine (word it with describe(), in the language of the day).
    void engineMessage(const crowdkd::pipeline::TrainingMessage& message);
    void pausedChanged(bool paused);
    /// The engine has stopped after `iteration` steps for a requested pause and waits; the
    /// iteration events it sent before have all been delivered.
    void enginePaused(qint64 iteration);
    /// The engine goes on after a pause.
    void engineResumed(qint64 iteration);
    /// The run has ended (finished, cancelled or failed); the worker thread is done.
    void finished(const crowdkd::pipeline::TrainingResult& result);

private:
    class Listener;
    /// Runs `trainer` on the session's thread; `resumed`: it continues the run in m_runDirectory.
    void launch(std::unique_ptr<pipeline::Trainer> trainer, bool resumed);
    /// The same with the trainer that `make` makes on the session's thread (reading a checkpoint
    /// takes a while); a trainer that cannot be made ends the run as failed.
    void launch(const std::function<std::unique_ptr<pipeline::Trainer>()>& make, bool resumed);
    /// Starts the other ranks (`crowdkd` with `arguments`) and returns what makes a trainer their
    /// rank 0; throws std::runtime_error when they cannot start.
    pipeline::DistributedSettings startOtherRanks(const QStringList& arguments);
    /// Lets the other ranks end (after rank 0 has stopped), or ends them `now`.
    void stopOtherRanks(bool now);

    std::unique_ptr<pipeline::TrainingControl> m_control;
    std::unique_ptr<Listener> m_listener;
    std::thread m_thread;
    bool m_running = false;
    QString m_runDirectory;
    int m_processes = 1;
    std::unique_ptr<pipeline::Rendezvous> m_rendezvous;
    QList<QProcess*> m_workers;
    QString m_configFile; ///< the configuration the other ranks read (removed at the end)
};

} // namespace crowdkd::ui

Q_DECLARE_METATYPE(crowdkd::pipeline::TrainingStarted)
Q_DECLARE_METATYPE(crowdkd::pipeline::IterationProgress)
Q_DECLARE_METATYPE(crowdkd::pipeline::ValidationReport)
Q_DECLARE_METATYPE(crowdkd::pipeline::CheckpointSaved)
Q_DECLARE_METATYPE(crowdkd::pipeline::TrainingResult)
