#pragma once

#include "export_model/model_exporter.h"

#include <QDialog>
#include <QFutureWatcher>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QToolButton;

namespace crowdkd::ui {

/// Export Model…: every option of `crowdkd export` (source model, architecture for a bare .pth,
/// ONNX / LibTorch / PyTorch, half precision, output file with the format's suffix). The export
/// runs off the GUI thread with progress, then is verified: the exported file and the source model
/// count a test image and their counts are compared. The result shows the file's size next to the
/// teacher's (a chosen teacher file, else the paper's M-SFANet, 91.7 MB of weights).
class ExportDialog : public QDialog {
    Q_OBJECT

public:
    /// `modelPath` preselects the model to export (may be empty).
    explicit ExportDialog(const QString& modelPath = QString(), QWidget* parent = nullptr);
    ~ExportDialog() override;

    void setModelPath(const QString& path);
    QString modelPath() const;
    /// "onnx", "libtorch" or "pytorch"; the output's suffix follows.
    void setFormat(const QString& format);
    QString format() const;
    void setOutputPath(const QString& path);
    QString outputPath() const;
    /// The teacher whose file size the export is compared with (empty: the paper's figure).
    void setTeacherPath(const QString& path);
    /// The image the export is verified on (the open dataset's first test image, else a sample).
    void setTestImage(const QString& path);
    QString testImage() const;

    /// The first test image of a dataset folder (test_data/images, else any split), else the
    /// bundled sample's; empty when none is found.
    static QString defaultTestImage(const QString& datasetRoot = QString());
    /// Shows a non-modal dialog on `modelPath` that verifies on `datasetRoot`'s first test image
    /// (the sample's without a dataset) and deletes itself when closed.
    static ExportDialog* showFor(const QString& modelPath, const QString& datasetRoot,
                                 QWidget* parent);

    /// Starts exporting the form's choices; false (with the reason shown) when they are invalid.
    bool startExport();
    bool isRunning() const { return m_watcher.isRunning(); }
    /// What the last export gave.
    ExportOutcome outcome() const { return m_outcome; }

signals:
    /// The export (and its verification) ended; `ok` when both succeeded.
    void exportFinished(bool ok);

protected:
    void changeEvent(QEvent* event) override;
    void closeEvent(QCloseEvent* event) override;
    /// Esc: ignored while the export runs, as closing is (QDialog's Esc bypasses closeEvent).
    void reject() override;

private:
    void retranslateUi();
    void updateSuffix();
    void onFinished();
    void showOutcome();
    void chooseModel();
    void chooseOutput();
    void chooseTeacher();
    void chooseImage();
    void setBusy(bool busy);

    QLabel* m_intro;
    QLabel* m_modelLabel;
    QLineEdit* m_model;
    QToolButton* m_modelBrowse;
    QLabel* m_kindLabel;
    QComboBox* m_kind;
    QLabel* m_formatLabel;
    QComboBox* m_format;
    QCheckBox* m_fp16;
    QLabel* m_outputLabel;
    QLineEdit* m_output;
    QString m_replaceConfirmed; ///< an output chosen in the file dialog, which asks to replace
    QToolButton* m_outputBrowse;
    QLabel* m_teacherLabel;
    QLineEdit* m_teacher;
    QToolButton* m_teacherBrowse;
    QLabel* m_imageLabel;
    QLineEdit* m_image;
    QToolButton* m_imageBrowse;
    QProgressBar* m_progress;
    QLabel* m_status;
    QLabel* m_result;
    QPushButton* m_exportButton;
    QPushButton* m_closeButton;

    /// Remembers a written file: its folder for the next export, and the file as a recent export.
    static void rememberExport(const QString& file);

    QFutureWatcher<ExportOutcome> m_watcher;
    ExportOutcome m_outcome;
    ExportRequest m_request;
    bool m_hasOutcome = false;
    int m_step = -1;
};

} // namespace crowdkd::ui
