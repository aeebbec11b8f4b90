#pragma once

#include "common/workspace.h"
#include "compare/comparison_engine.h"
#include "compare/comparison_table_model.h"

#include <QCache>
#include <QHash>
#include <QPair>
#include <QSet>
#include <QVector>

#include <array>
#include <optional>

class QCheckBox;
class QComboBox;
class QGroupBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QTableWidget;
class QToolButton;

namespace crowdkd::ui {

class ComparisonView;
class DatasetSession;

/// The Compare workspace: for an image of a split of the open dataset, the input, its ground-truth
/// density and the density maps of a teacher, a plain student and a KD student side by side on
/// one colour scale with a colour bar, each with its count and error, with synchronized zoom and
/// pan; stepping through the split (buttons, PageUp/PageDown, the table); a sortable table of the
/// per-image counts and errors of the three models over the whole split with MAE/RMSE below,
/// computed off the GUI thread with progress and cancel; models chosen from past runs, the
/// default student, recent files or any file; the comparison exported as a PNG.
class CompareWorkspace : public Workspace {
    Q_OBJECT

public:
    static constexpr const char* kId = "compare";

    explicit CompareWorkspace(DatasetSession* session, QWidget* parent = nullptr);
    ~CompareWorkspace() override;

    QString id() const override { return QLatin1String(kId); }
    QString title() const override;
    QString description() const override;
    QIcon icon() const override;
    QKeySequence shortcut() const override;

    /// Puts a model file in a slot (empty clears it); remembered in the recent models.
    void setModel(CompareSlot slot, const QString& path);
    QString model(CompareSlot slot) const;
    /// Puts a training run's best.pt (else last.pt) in the slot its config.json's mode names:
    /// teacher → Teacher, student → Student, kd → KdStudent. False when `runDir` holds no run or
    /// no checkpoint.
    bool addRun(const QString& runDir);
    /// The folder of training runs offered in the model pickers (the Train workspace's).
    void setRunsRoot(const QString& root);

    /// The split compared (an index of the DatasetSession's splits), -1 when no dataset is open.
    int split() const { return m_split; }
    void setSplit(int split);
    /// The image shown: a row of tableModel(), -1 when none.
    int currentRow() const { return m_currentRow; }
    void setCurrentRow(int row);
    QString currentImagePath() const;
    /// Steps to the next / previous image in the table's (sorted) order.
    void nextImage();
    void previousImage();

    /// Counts of the image shown (nullopt while computing or when the slot is empty or failed).
    std::optional<double> truthCount() const;
    std::optional<double> count(CompareSlot slot) const;

    /// Counts every image of the split with the three models in the background.
    void evaluateSplit();
    void cancelEvaluation();
    bool isBusy() const;
    /// Blocks (processing events) until no job is left; for tests.
    void waitUntilIdle();

    ComparisonTableModel* tableModel() const { return m_table; }
    /// The table as shown (sorted).
    QSortFilterProxyModel* sortedModel() const { return m_sorted; }
    QTableView* tableView() const { return m_tableView; }
    ComparisonView* view() const { return m_view; }

    /// Writes the comparison on screen as a PNG; false (with `error` set) on failure.
    bool exportImage(const QString& path, QString* error = nullptr) const;

signals:
    void busyChanged(bool busy);
    /// Asks to open the bundled sample dataset (the workspace has none to compare on).
    void openSampleRequested();
    /// A slot's model should be exported (the lead wires it to the Export dialog).
    void exportRequested(const QString& modelPath);

protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    struct SlotPicker {
        QLabel* label = nullptr;
        QComboBox* combo = nullptr;
        QToolButton* browse = nullptr;
        QLabel* status = nullptr;
        QString path;
        /// What the status says, kept to render it again in another language: the model's kind
        /// ("MCNN") once it loaded, or why it cannot be used.
        QString kind;
        QString error;
    };

    void buildUi();
    void retranslateUi();
    void fillPickers();
    void renderPickerStatus(SlotPicker& picker);
    void fillPicker(CompareSlot slot);
    void browseModel(CompareSlot slot);
    void rememberRecent(const QString& path);
    void onDatasetOpened();
    void onDatasetClosed();
    void fillSplits();
    void requestCurrent();
    void onResult(const ComparisonResult& result);
    void updatePanels();
    void updateFooter();
    void updateNavigation();
    void updateProgress();
    void exportComparison();
    void syncFooterWidths();
    void fitColumns();
    int viewRowOfCurrent() const;
    QString slotName(CompareSlot slot) const;
    QString noDatasetText() const;
    /// Cache key of a model's map of an image.
    static QString mapKey(const QString& model, const QString& image);

    DatasetSession* m_session;
    ComparisonEngine* m_engine;
    ComparisonTableModel* m_table;
    QSortFilterProxyModel* m_sorted;
    std::array<SlotPicker, kCompareSlots> m_slots;
    /// Teachers of the KD runs added (run folder name, teacher file), offered in the pickers.
    QVector<QPair<QString, QString>> m_runTeachers;
    QString m_runsRoot;

    QGroupBox* m_dataBox = nullptr;
    QLabel* m_splitLabel = nullptr;
    QComboBox* m_splitCombo = nullptr;
    QPushButton* m_openSampleButton = nullptr;
    QGroupBox* m_modelsBox = nullptr;
    QGroupBox* m_displayBox = nullptr;
    QCheckBox* m_sharedScale = nullptr;
    QPushButton* m_fitButton = nullptr;
    QPushButton* m_exportImageButton = nullptr;
    QPushButton* m_exportModelButton = nullptr;
    QPushButton* m_evaluateButton = nullptr;
    QPushButton* m_cancelButton = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QToolButton* m_previousButton = nullptr;
    QToolButton* m_nextButton = nullptr;
    QLabel* m_position = nullptr;
    ComparisonView* m_view = nullptr;
    QTableView* m_tableView = nullptr;
    QTableWidget* m_footer = nullptr;

    int m_split = -1;
    int m_currentRow = -1;
    QImage m_currentImage;
    QString m_currentImageFor;
    QSize m_lastImageSize;
    /// Counts known per model and image (kept for every evaluated image).
    QHash<QString, QHash<QString, ModelAnswer>> m_answers;
    QHash<QString, double> m_truthCounts;
    QHash<QString, QString> m_truthErrors;
    /// Density maps of recent images (ground truth under the key of an empty model).
    QCache<QString, cv::Mat> m_maps;
    /// Requests for the image on screen still out.
    QSet<QString> m_pendingCurrent;
    QMetaObject::Connection m_editConnection;
    int m_evaluationTotal = 0;
    int m_evaluationDone = 0;
    bool m_evaluating = false;
};

} // namespace crowdkd::ui
