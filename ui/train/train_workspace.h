#pragma once

#include "common/workspace.h"
#include "train/training_session.h"

#include <QTime>

#include <deque>
#include <functional>
#include <optional>

class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QToolButton;

namespace crowdkd::ui {

class DatasetSession;
class ExperimentPanel;
class TrainingCharts;

/// The Train workspace: a form for the options of `crowdkd train` (mode teacher / student / KD, α,
/// teacher, unlabeled images, backbone weights, epochs, learning rate, batch, crop, optimizer,
/// schedule and warm-up, validation, seed, device, threads) with presets; start, pause, resume and
/// stop of a run on a worker thread (the core engine, as in the CLI); live charts, progress with
/// speed and ETA, a log and a results card; and the list of past runs, which can be reopened,
/// overlaid for comparison or resumed.
class TrainWorkspace : public Workspace {
    Q_OBJECT

public:
    static constexpr const char* kId = "train";

    explicit TrainWorkspace(DatasetSession* session, QWidget* parent = nullptr);
    ~TrainWorkspace() override;

    QString id() const override { return QLatin1String(kId); }
    QString title() const override;
    QString description() const override;
    QIcon icon() const override;
    QKeySequence shortcut() const override;
    /// maybeStopTraining().
    bool canClose() override;

    /// The configuration the form describes.
    pipeline::TrainingConfig config() const;
    /// Fills the form from a configuration; the preset shows "Custom".
    void setConfig(const pipeline::TrainingConfig& config);

    /// The folder new runs are created in (and past runs listed from); the one chosen in the
    /// workspace is remembered (settings::kRunsFolder).
    QString runsRoot() const { return m_runsRoot; }
    void setRunsRoot(const QString& root);

    /// Starts a run of the form's configuration into a new folder below runsRoot(); false (with a
    /// message in the log and a dialog unless `quiet`) when the form is invalid.
    bool startTraining(bool quiet = false);
    /// Continues the run in `dir` from its last.pt.
    bool resumeRun(const QString& dir, bool quiet = false);
    void setPaused(bool paused);
    void stopTraining();
    /// Reopens a past run: its configuration into the form, its curves into the charts.
    void openRun(const QString& dir);

    /// Asks whether to stop a running training (on closing the window); false to keep it running.
    /// Stopping writes a resumable checkpoint first.
    bool maybeStopTraining();

    TrainingSession* session() const { return m_session; }
    TrainingCharts* charts() const { return m_charts; }
    /// The α-sweep tab (the paper's experiment with the form's options).
    ExperimentPanel* experimentPanel() const { return m_experiment; }
    /// The run folders listed as past runs.
    QStringList pastRuns() const;

signals:
    /// A student checkpoint should be counted with in the Count workspace.
    void countWithModelRequested(const QString& checkpoint);
    /// A past run's best model should be compared in the Compare workspace.
    void compareRunRequested(const QString& runDir);
    /// A past run opened with openRun() is drawn (its log is read off the GUI thread).
    void runCurvesShown(const QString& runDir);

protected:
    void changeEvent(QEvent* event) override;

private:
    void buildForm();
    void retranslateUi();
    void applyPreset(int index);
    void updateModeFields();
    void updateButtons();
    void refreshRuns();
    /// A generated text, rendered again in the current language when it changes.
    using TextRenderer = std::function<QString()>;
    /// A line of the log: when it was written and its text.
    struct LogLine {
        QTime time;
        TextRenderer text;
    };
    void appendLog(TextRenderer text);
    /// A text that stays as given (the engine's own messages, a file name).
    void appendLog(const QString& text);
    void renderLog();
    void setStatus(TextRenderer text);
    /// The progress bar's "Epoch e/n" text of `epoch` (1-based) of `epochs`; none when epochs is 0.
    void setProgressEpoch(int epoch, int epochs);
    /// The status line: the current status text, marked while the run is paused.
    void showStatus();
    void showResults(const pipeline::TrainingResult& result);
    void renderResults();
    void showResumedCurves(const RunCurves& curves);
    /// Reads a run's curves off the GUI thread, then hands them to `show` on it; with `latest`,
    /// only if no later such request came first (a run opened after another).
    void readCurvesThen(const QString& dir, bool latest,
                        std::function<void(const RunCurves&)> show);
    /// Asks before stopping running work (the answer defaults to No).
    bool askToStop(const QString& title, const QString& question);
    void onStarted(const pipeline::TrainingStarted& event);
    void onIteration(const pipeline::IterationProgress& event);
    void onValidation(const pipeline::ValidationReport& event);
    void onFinished(const pipeline::TrainingResult& result);
    void chooseFolder(QLineEdit* edit, const QString& title);
    void chooseTeacher();
    void addUnlabeledFolder();
    void chooseBackbone();
    void saveCharts();
    QString selectedRun() const;

    DatasetSession* m_datasetSession;
    TrainingSession* m_session;
    TrainingCharts* m_charts;
    QString m_runsRoot;
    /// The last configuration given to setConfig(): fields the form does not show keep its values.
    pipeline::TrainingConfig m_baseConfig;
    bool m_kdRun = false;
    int m_curvesRequest = 0; ///< the latest readCurvesThen(…, latest = true)
    bool m_resuming = false; ///< a resumed run whose curves are redrawn once the engine starts
    double m_bestMae = -1;
    /// The log's lines, kept so that they are rendered again when the language changes.
    std::deque<LogLine> m_logLines;
    TextRenderer m_statusText;
    int m_progressEpoch = 0;
    int m_progressEpochs = 0;
    /// The result on the results card, if one is shown.
    std::optional<pipeline::TrainingResult> m_shownResult;

    QGroupBox* m_settingsBox = nullptr;
    QLabel* m_presetLabel = nullptr;
    QComboBox* m_preset = nullptr;
    QLabel* m_dataLabel = nullptr;
    QLineEdit* m_data = nullptr;
    QToolButton* m_dataBrowse = nullptr;
    QLabel* m_modeLabel = nullptr;
    QComboBox* m_mode = nullptr;
    QLabel* m_alphaLabel = nullptr;
    QDoubleSpinBox* m_alpha = nullptr;
    QLabel* m_teacherLabel = nullptr;
    QLineEdit* m_teacher = nullptr;
    QToolButton* m_teacherBrowse = nullptr;
    QLabel* m_unlabeledLabel = nullptr;
    QLineEdit* m_unlabeled = nullptr; ///< folders, separated by QDir::listSeparator()
    QToolButton* m_unlabeledBrowse = nullptr;
    QLabel* m_unlabeledShareLabel = nullptr;
    QDoubleSpinBox* m_unlabeledShare = nullptr;
    QLabel* m_backboneLabel = nullptr;
    QLineEdit* m_backbone = nullptr;
    QToolButton* m_backboneBrowse = nullptr;
    QLabel* m_epochsLabel = nullptr;
    QSpinBox* m_epochs = nullptr;
    QLabel* m_lrLabel = nullptr;
    QLineEdit* m_lr = nullptr;
    QLabel* m_batchLabel = nullptr;
    QSpinBox* m_batch = nullptr;
    QLabel* m_cropLabel = nullptr;
    QSpinBox* m_crop = nullptr;
    QLabel* m_maxImagesLabel = nullptr;
    QSpinBox* m_maxImages = nullptr;
    QLabel* m_optimizerLabel = nullptr;
    QComboBox* m_optimizer = nullptr;
    QLabel* m_schedulerLabel = nullptr;
    QComboBox* m_scheduler = nullptr;
    QLabel* m_t0Label = nullptr;
    QSpinBox* m_t0 = nullptr;
    QLabel* m_tMultLabel = nullptr;
    QSpinBox* m_tMult = nullptr;
    QLabel* m_etaMinLabel = nullptr;
    QLineEdit* m_etaMin = nullptr;
    QLabel* m_warmupLabel = nullptr;
    QDoubleSpinBox* m_warmup = nullptr;
    QLabel* m_validateLabel = nullptr;
    QSpinBox* m_validateEvery = nullptr;
    QLabel* m_seedLabel = nullptr;
    QSpinBox* m_seed = nullptr;
    QLabel* m_deviceLabel = nullptr;
    QComboBox* m_device = nullptr;
    QLabel* m_threadsLabel = nullptr;
    QSpinBox* m_threads = nullptr;
    QLabel* m_precisionLabel = nullptr;
    QComboBox* m_precision = nullptr;
    QLabel* m_processesLabel = nullptr;
    QSpinBox* m_processes = nullptr; ///< local data-parallel processes (docs/distributed.md)

    QPushButton* m_startButton = nullptr;
    QPushButton* m_pauseButton = nullptr;
    QPushButton* m_stopButton = nullptr;

    QGroupBox* m_runsBox = nullptr;
    QListWidget* m_runs = nullptr;
    QPushButton* m_openRunButton = nullptr;
    QPushButton* m_overlayRunButton = nullptr;
    QPushButton* m_resumeRunButton = nullptr;
    QPushButton* m_countRunButton = nullptr;
    QPushButton* m_compareRunButton = nullptr;
    QPushButton* m_exportRunButton = nullptr;
    QTabWidget* m_tabs = nullptr;
    ExperimentPanel* m_experiment = nullptr;
    QPushButton* m_runsFolderButton = nullptr;

    QLabel* m_statusLabel = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_resultsCard = nullptr;
    QPushButton* m_saveChartsButton = nullptr;
    QPlainTextEdit* m_log = nullptr;
};

} // namespace crowdkd::ui
