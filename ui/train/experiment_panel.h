#pragma once

#include "train/experiment_session.h"

#include <QWidget>

#include <functional>

class QCPGraph;
class QCustomPlot;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QToolButton;

namespace crowdkd::ui {

/// The α sweep of the Train workspace: the paper's experiment (`crowdkd experiment`, core's
/// runExperiment) with the form's training options, a list of α, the test split and an output
/// folder, run on a worker thread with progress and a resumable stop; its results are the paper's
/// Table 1 (teacher, student and best KD student: weights MB, MAE, RMSE) and Table 2 (α against
/// MAE and RMSE), and a plot of MAE against α with the plain student's MAE as a reference line.
/// Reopening an experiment folder shows its tables and plot.
class ExperimentPanel : public QWidget {
    Q_OBJECT

public:
    /// `trainingConfig` gives the Train form's options (data, teacher, epochs, crop, …).
    explicit ExperimentPanel(std::function<pipeline::TrainingConfig()> trainingConfig,
                             QWidget* parent = nullptr);

    /// Starts (or continues) the experiment; false with the reason shown when the fields are
    /// invalid.
    bool startExperiment();
    void stopExperiment();
    bool isRunning() const { return m_session->isRunning(); }
    ExperimentSession* session() const { return m_session; }

    /// Whether the Train tab's own run is going. One engine trains at a time in the studio (they
    /// would share LibTorch's random generator, which checkpoints save, and its thread count), so
    /// the sweep cannot start meanwhile.
    void setTrainingRunning(bool running);

    /// Shows the tables and plot of an experiment folder; false with the reason shown when it has
    /// none.
    bool openExperiment(const QString& dir);

    void setOutputFolder(const QString& dir);
    QString outputFolder() const;
    void setMaxTestImages(int count);

    QTableWidget* table1() const { return m_table1; }
    QTableWidget* table2() const { return m_table2; }
    QCustomPlot* plot() const { return m_plot; }

signals:
    /// The experiment ended (its tables are shown when it finished).
    void experimentFinished(bool ok);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void showTables(const ExperimentTables& tables);
    static QString modelLabel(const QString& label);
    void updateButtons();
    bool parseAlphas(std::vector<double>* alphas) const;
    /// Shows a generated status line, kept to render it again when the language changes.
    void setStatus(std::function<QString()> text);

    std::function<pipeline::TrainingConfig()> m_trainingConfig;
    ExperimentSession* m_session;
    bool m_trainingRunning = false;
    ExperimentTables m_tables;
    std::function<QString()> m_statusText;
    QString m_runName;
    int m_runIndex = 0;
    int m_runCount = 0;

    QLabel* m_intro;
    QLabel* m_alphasLabel;
    QLineEdit* m_alphas;
    QLabel* m_splitLabel;
    QLineEdit* m_split;
    QLabel* m_maxTestLabel;
    QSpinBox* m_maxTest;
    QLabel* m_outLabel;
    QLineEdit* m_out;
    QToolButton* m_outBrowse;
    QPushButton* m_runButton;
    QPushButton* m_stopButton;
    QPushButton* m_openButton;
    QLabel* m_status;
    QProgressBar* m_progress;
    QLabel* m_table1Label;
    QTableWidget* m_table1;
    QLabel* m_table2Label;
    QTableWidget* m_table2;
    QCustomPlot* m_plot;
    QCPGraph* m_maeGraph;
    QCPGraph* m_studentGraph; ///< the plain student's MAE across the α range
};

} // namespace crowdkd::ui
