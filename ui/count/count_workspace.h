#pragma once

#include "common/workspace.h"
#include "count/density_counter.h"

#include <QFutureWatcher>
#include <QImage>
#include <QVector>

#include <functional>
#include <memory>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QScrollArea;
class QSlider;
class QTableWidget;
class QThreadPool;

namespace crowdkd::ui {

/// The Count workspace: images and folders dropped on it (or opened) are counted with the chosen
/// student model off the GUI thread, with progress; the selected image shows its density as a heat
/// overlay of adjustable opacity; the counts can be exported as CSV or JSON. A default student
/// ships in resources/models, so counting works on first start. A dropped dataset folder is offered
/// to the Dataset workspace instead.
class CountWorkspace : public Workspace {
    Q_OBJECT

public:
    static constexpr const char* kId = "count";

    explicit CountWorkspace(QWidget* parent = nullptr);
    ~CountWorkspace() override;

    QString id() const override { return QLatin1String(kId); }
    QString title() const override;
    QString description() const override;
    QIcon icon() const override;
    QKeySequence shortcut() const override;
    void activate() override;

    /// Chooses the model to count with (added to the picker when new); recounts the images.
    void setModel(const QString& path);
    QString modelPath() const;

    /// Adds images, and the images of folders (not recursively), to the list and counts them. A
    /// folder laid out as a dataset is offered to the Dataset workspace when `askAboutDatasets`.
    void addPaths(const QStringList& paths, bool askAboutDatasets = true);
    void clearImages();

    /// Counted images so far, in list order (errors have CountResult::error set).
    QVector<CountResult> results() const { return m_results; }
    bool isBusy() const { return m_busy; }
    /// Blocks (processing events) until counting is done; for tests.
    void waitUntilIdle();
    /// Called on the counting thread before each image is counted; for tests (e.g. to hold a
    /// count until images were dropped). Set it while no count runs.
    void setBeforeCountHook(std::function<void(const QString& image)> hook);

    /// The line under the list: images counted, failed, people in total.
    QString summaryText() const;
    /// What the preview says instead of an image (the drop hint, or why an image failed).
    QString previewMessage() const;

    /// Write the counts; false with the reason in `error` when the file cannot be written.
    bool exportCsv(const QString& path, QString* error = nullptr) const;
    bool exportJson(const QString& path, QString* error = nullptr) const;

    /// True when `dir` looks like a dataset (split folders, or images/ beside ground truth).
    static bool isDatasetFolder(const QString& dir);

signals:
    void openDatasetRequested(const QString& root);
    void busyChanged(bool busy);
    /// A counting job has started on the worker thread (images dropped while it runs join it).
    void jobStarted();

protected:
    void changeEvent(QEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void retranslateUi();
    void updateTotal();
    void fillModelPicker();
    struct Job;
    void startCounting();
    void onCounted(int generation, const CountResult& result);
    void onCountingDone(const std::shared_ptr<Job>& job, const QString& error);
    void cancelJob();
    void showSelected();
    void updatePreview();
    void openImages();
    void openFolder();
    void chooseModelFile();
    void exportResults();
    void setBusy(bool busy);

    QComboBox* m_model;
    QLabel* m_modelInfo;
    QPushButton* m_openImagesButton;
    QPushButton* m_openFolderButton;
    QPushButton* m_clearButton;
    QPushButton* m_exportButton;
    QTableWidget* m_table;
    QLabel* m_total;
    QProgressBar* m_progress;
    QLabel* m_hint;
    QScrollArea* m_scroll;
    QLabel* m_view;
    QLabel* m_opacityLabel;
    QSlider* m_opacity;

    QStringList m_images;
    QVector<CountResult> m_results;
    /// How many of m_images were handed to a job (counted, or queued on the running one).
    qsizetype m_handedOut = 0;
    std::shared_ptr<DensityCounter> m_counter;
    /// The running job, which new images join; null when idle.
    std::shared_ptr<Job> m_job;
    std::function<void(const QString&)> m_beforeCount;
    int m_generation = 0;
    bool m_busy = false;
    QImage m_selectedImage;
    /// The preview's photo scaled to the view and its coloured density, for one row's image and
    /// map at one size: the opacity slider only blends them again (scaling a large photo is slow).
    struct PreviewLayers {
        int row = -1;
        qint64 image = 0;              ///< m_selectedImage's cacheKey()
        const void* density = nullptr; ///< the row's map's data
        QSize size;
        QImage photo;
        QImage overlay;
    } m_previewLayers;
    QFutureWatcher<QImage>* m_imageWatcher;
    QThreadPool* m_pool; ///< one thread: counting jobs run one after the other
    QString m_loadedModel;
    /// Model files chosen here that no list offers (newest first).
    QStringList m_chosenModels;
};

} // namespace crowdkd::ui
