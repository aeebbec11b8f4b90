#pragma once

#include "data/dataset.h"

#include <QAbstractListModel>
#include <QFutureWatcher>
#include <QHash>
#include <QImage>
#include <QPixmap>
#include <QThreadPool>
#include <QVector>

#include <atomic>
#include <cstdint>

namespace crowdkd::ui {

class AutosaveStore;

/// Head-count statistics of one split, over the images whose counts are known.
struct SplitStatistics {
    int images = 0;
    int counted = 0;
    int unannotated = 0;
    /// Images whose ground-truth file cannot be read (left out of the figures below).
    int unreadable = 0;
    qint64 totalHeads = 0;
    int minHeads = 0;
    int maxHeads = 0;
    double meanHeads = 0.0;
    QVector<int> counts;
};

/// The images of one split as a list model: the rows appear at once, head counts and thumbnails
/// fill in from worker threads (counts first, they are cheap), thumbnails cached on disk. Images
/// without ground truth yet are listed too (they are what needs annotating).
class DatasetModel : public QAbstractListModel {
    Q_OBJECT

public:
    enum Role {
        NameRole = Qt::UserRole + 1,
        CountRole,           ///< int head count, -1 while loading or unreadable
        ThumbnailRole,       ///< QPixmap, null while loading
        HasProblemsRole,     ///< bool
        ProblemRole,         ///< QString, what is wrong with the pair
        EditedRole,          ///< bool: edited in the studio (backup, autosave or saved now)
        ImagePathRole,       ///< QString
        GroundTruthPathRole, ///< QString
        AnnotatedRole,       ///< bool: the image has a ground-truth file (not a new image)
        UnreadableRole,      ///< bool: the ground-truth file cannot be read
        ImageUnreadableRole  ///< bool: the image cannot be read
    };

    /// Longest side of a thumbnail in pixels.
    static constexpr int kThumbnailSize = 160;
    /// Most bytes the thumbnail cache keeps (some 20,000 thumbnails).
    static constexpr std::uint64_t kThumbnailCacheBytes = std::uint64_t{256} << 20;
    /// Where decoded thumbnails are kept between sessions (the studio's cache location).
    static QString thumbnailFolder();

    explicit DatasetModel(const Split& split, QObject* parent = nullptr);
    ~DatasetModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    const Split& split() const { return m_split; }
    QString name() const;
    QString imagePath(int row) const;
    QString groundTruthPath(int row) const;
    /// The sample of a row: rows list the split's annotated samples, then its unannotated images.
    const Sample& sample(int row) const;
    int count(int row) const { return m_items[row].count; }
    /// The row of an image, or -1.
    int rowOfImage(const QString& imagePath) const;

    /// The problems the loader found in this split plus those found while reading the counts.
    QVector<QPair<QString, QString>> problems() const;

    SplitStatistics statistics() const;
    bool isLoading() const;
    int loadedCounts() const { return m_loadedCounts; }
    int loadedThumbnails() const { return m_loadedThumbnails; }

    /// Records a new head count for an image saved or autosaved in the studio.
    void setEdited(const QString& imagePath, int count);

    /// Starts reading counts and then thumbnails in the background; called once.
    void startLoading();
    /// Asks for thumbnails too (the split is shown); they load after the counts.
    void requestThumbnails();
    /// Cancels the background work and waits for it (before the model goes away).
    void cancelLoading();

signals:
    void countsLoaded();
    void statisticsChanged();
    /// Progress of the background loading over counts and thumbnails (2 × rows steps).
    void loadingProgress(int done, int total);
    void loadingFinished();

private:
    struct Item {
        QString name;
        QString imagePath;
        QString groundTruthPath;
        int count = -1;
        bool annotated = true;
        bool edited = false;
        bool unreadable = false;
        bool imageUnreadable = false;
        /// What the loader reported about this image or its ground truth.
        QString loaderProblem;
        /// What reading the files found: (file, reason).
        QVector<QPair<QString, QString>> problems;
        QPixmap thumbnail;
    };
    struct CountResult {
        int count = -1;
        bool edited = false;
        bool unreadable = false;
        bool imageUnreadable = false;
        QVector<QPair<QString, QString>> problems;
    };

    static CountResult readCount(const Sample& sample, const AutosaveStore& autosaves);
    static QImage readThumbnail(const QString& imagePath);
    /// The item's problems, one a line.
    static QString problemText(const Item& item);
    void onCountReady(int row);
    void onThumbnailReady(int row, const QImage& thumbnail);
    void startThumbnails();
    void emitProgress();

    Split m_split;
    QVector<Item> m_items;
    QHash<QString, int> m_rowOfImage;
    QVector<QPair<QString, QString>> m_loaderProblems;
    QFutureWatcher<CountResult> m_countWatcher;
    // Thumbnails load one task per image, so each appears as soon as it is decoded.
    QThreadPool m_thumbnailPool;
    std::atomic<bool> m_cancelled{false};
    int m_loadedCounts = 0;
    int m_loadedThumbnails = 0;
    bool m_started = false;
    bool m_thumbnailsWanted = false;
    bool m_thumbnailsStarted = false;
};

} // namespace crowdkd::ui
