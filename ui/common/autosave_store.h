#pragma once

#include <QDateTime>
#include <QPointF>
#include <QString>
#include <QVector>

#include <memory>

class QLockFile;

namespace crowdkd::ui {

/// Unsaved annotation edits kept in the user's app-data folder (one JSON file per image, written
/// through QSaveFile), so a crash or power cut never loses more than one autosave interval.
/// The next start offers to recover what is left here. Each store (one per studio) holds a lock
/// file while it lives and marks its entries with its id, so that another studio running at the
/// same time neither offers them as left by a crash nor removes them.
class AutosaveStore {
public:
    /// What was autosaved for one image.
    struct Entry {
        QString imagePath;
        QString groundTruthPath;
        QVector<QPointF> points;
        QDateTime savedAt;
        QString file;
        QString owner;            ///< the id of the store that wrote it
        QString groundTruthStamp; ///< fileStamp() of the ground truth the edits started from
    };

    /// Keeps autosaves in `folder` (created when needed); by default
    /// QStandardPaths::AppDataLocation/autosave.
    explicit AutosaveStore(const QString& folder = defaultFolder());
    ~AutosaveStore();
    AutosaveStore(const AutosaveStore&) = delete;
    AutosaveStore& operator=(const AutosaveStore&) = delete;

    static QString defaultFolder();
    QString folder() const { return m_folder; }

    /// Stores the edits of one image, which started from the ground truth whose fileStamp() is
    /// `groundTruthStamp`; returns false (and leaves any older autosave) on failure.
    bool store(const QString& imagePath, const QString& groundTruthPath,
               const QVector<QPointF>& points, const QString& groundTruthStamp = {});

    /// Forgets the autosave of an image (after it was saved or its edits discarded), unless
    /// another studio that is still running wrote it.
    void remove(const QString& imagePath);

    /// Whether this store wrote `entry`.
    bool owns(const Entry& entry) const { return entry.owner == m_owner; }
    /// Whether `entry` belongs to another studio that is still running (its lock is held).
    bool isLiveElsewhere(const Entry& entry) const;

    /// The autosave of one image, if any.
    bool find(const QString& imagePath, Entry* entry) const;

    /// Every autosave found, newest first; unreadable files are skipped.
    QVector<Entry> entries() const;
    /// The entries left by studios that are no longer running (a crash), newest first.
    QVector<Entry> recoverable() const;

private:
    QString fileFor(const QString& imagePath) const;
    QString lockFileFor(const QString& owner) const;
    static bool readEntry(const QString& file, Entry* entry);

    QString m_folder;
    QString m_owner;
    std::unique_ptr<QLockFile> m_lock;
};

} // namespace crowdkd::ui
