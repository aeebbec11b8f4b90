#pragma once

#include "data/dataset.h"

#include <QFutureWatcher>
#include <QObject>
#include <QPair>
#include <QString>
#include <QThreadPool>
#include <QVector>

#include <atomic>
#include <memory>
#include <vector>

namespace crowdkd {
class DensityCache;
}

namespace crowdkd::ui {

class DatasetModel;

/// The dataset open in the studio, shared by every workspace: its splits (one DatasetModel each,
/// loading counts and thumbnails in the background), the current split and the density cache.
/// Opening scans the folders on a worker thread, so the window never waits for the disk.
class DatasetSession : public QObject {
    Q_OBJECT

public:
    explicit DatasetSession(QObject* parent = nullptr);
    ~DatasetSession() override;

    /// Starts opening a dataset folder (the one holding the splits, or one split); emits
    /// opened() or openFailed(). With `followImage` (an image open in the studio, whose folder is
    /// opened to list its neighbours) the split holding it becomes the current one, and the
    /// document showing it is kept while the old dataset closes.
    void open(const QString& root, const QString& followImage = QString());
    /// The image the pending open follows (see open()); empty when none.
    QString followedImage() const { return m_followImage; }
    /// The split holding `imagePath`, or -1.
    int splitOfImage(const QString& imagePath) const;
    void close();

    bool isOpen() const { return !m_models.empty(); }
    QString root() const { return m_root; }

    int splitCount() const { return static_cast<int>(m_models.size()); }
    DatasetModel* model(int split) const;
    int currentSplit() const { return m_currentSplit; }
    DatasetModel* currentModel() const { return model(m_currentSplit); }
    void setCurrentSplit(int split);

    /// Problems the loader found outside any split (unreadable folders, link loops).
    QVector<QPair<QString, QString>> datasetProblems() const { return m_datasetProblems; }

    /// Density maps of the dataset's samples (core's cache); null when no dataset is open.
    DensityCache* densityCache() const { return m_densityCache.get(); }

    /// Waits until the density maps of saved images are recomputed.
    void waitForDensityUpdates() { m_densityPool.waitForDone(); }

    /// Tells the models that an image's annotation changed, and when it was `saved` to its file,
    /// the density cache too (its map is recomputed in the background).
    void noteEdited(const QString& imagePath, int count, bool saved = true);

signals:
    void opened(const QString& root);
    void openFailed(const QString& root, const QString& message);
    void closed();
    void currentSplitChanged(int split);
    /// Background loading of the current split: done of total steps.
    void loadingProgress(int done, int total);

private:
    void onOpenFinished();

    QString m_root;
    QString m_pendingRoot;
    QString m_followImage;
    QVector<QPair<QString, QString>> m_datasetProblems;
    /// What opening on the worker thread gives: the dataset, or the error's text.
    struct OpenResult {
        std::shared_ptr<Dataset> dataset;
        QString error;
    };
    QFutureWatcher<OpenResult> m_openWatcher;
    std::vector<std::unique_ptr<DatasetModel>> m_models;
    std::unique_ptr<DensityCache> m_densityCache;
    QThreadPool m_densityPool; // background recomputation of edited images' maps
    /// Set while the dataset closes: cuts a background recomputation short.
    std::shared_ptr<std::atomic<bool>> m_closing = std::make_shared<std::atomic<bool>>(false);
    int m_currentSplit = -1;
};

} // namespace crowdkd::ui
