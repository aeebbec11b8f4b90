#pragma once

#include "pipeline/experiment.h"

#include <QObject>
#include <QString>
#include <QVector>

#include <memory>
#include <thread>

namespace crowdkd::ui {

/// One line of the experiment's tables, as the studio shows them.
struct ExperimentTableRow {
    QString label;
    double alpha = -1; ///< Table 2 only (0 for the plain student)
    double weightsMegabytes = 0;
    double mae = 0;
    double rmse = 0;
};

/// The paper's two tables of an experiment folder.
struct ExperimentTables {
    QVector<ExperimentTableRow> table1; ///< model, weights MB, MAE, RMSE
    QVector<ExperimentTableRow> table2; ///< α, MAE, RMSE (α = 0: the plain student)
};

/// Reads table1.csv and table2.csv of an experiment folder (what runExperiment writes); false with
/// `error` naming the file when they are missing or malformed.
bool readExperimentTables(const QString& dir, ExperimentTables* tables, QString* error = nullptr);

/// The core experiment (pipeline::runExperiment, what `crowdkd experiment` runs) on a worker
/// thread: its progress arrives as queued signals; stopping cancels at the next iteration and
/// leaves the finished runs and a resumable last.pt, so starting the same experiment again
/// continues it.
class ExperimentSession : public QObject {
    Q_OBJECT

public:
    explicit ExperimentSession(QObject* parent = nullptr);
    /// Stops a running experiment and waits for its thread.
    ~ExperimentSession() override;

    /// Starts (or continues) `config`; false with `error` when it is invalid or one is running.
    bool start(const pipeline::ExperimentConfig& config, QString* error = nullptr);
    bool isRunning() const { return m_running; }
    void stop();
    /// Blocks until the worker thread has ended.
    void wait();

signals:
    /// Run `index` of `count` (the plain student first, then one per α) starts; `skipped` when it
    /// finished earlier.
    void runStarted(const QString& name, int index, int count, bool skipped);
    /// Training progress of the current run.
    void epochProgress(int epoch, int epochs, int batch, int batches);
    /// Counting the test split with `name`.
    void evaluating(const QString& name, int done, int total);
    /// The experiment ended; `error` is empty on success.
    void finished(bool cancelled, const QString& error);

private:
    class Listener;

    std::unique_ptr<pipeline::TrainingControl> m_control;
    std::unique_ptr<Listener> m_listener;
    std::thread m_thread;
    bool m_running = false;
};

} // namespace crowdkd::ui
