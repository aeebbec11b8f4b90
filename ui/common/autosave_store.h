#pragma once

#include <QDateTime>
#include <QPointF>
#include <QString>
#include <QVector>

namespace crowdkd::ui {

/// Unsaved annotation edits kept in the user's app-data folder (one JSON file per image, written
/// through QSaveFile), so a crash or power cut never loses more than one autosave interval.
/// The next start offers to recover what is left here.
class AutosaveStore {
public:
    /// What was autosaved for one image.
    struct Entry {
        QString imagePath;
        QString groundTruthPath;
        QVector<QPointF> points;
        QDateTime savedAt;
        QString file;
    };

    /// Keeps autosaves in `folder` (created when needed); by default
    /// QStandardPaths::AppDataLocation/autosave.
    explicit AutosaveStore(const QString& folder = defaultFolder());

    static QString defaultFolder();
    QString folder() const { return m_folder; }

    /// Stores the edits of one image; returns false (and leaves any older autosave) on failure.
    bool store(const QString& imagePath, const QString& groundTruthPath,
               const QVector<QPointF>& points);

    /// Forgets the autosave of an image (after it was saved or its edits discarded).
    void remove(const QString& imagePath);

    /// The autosave of one image, if any.
    bool find(const QString& imagePath, Entry* entry) const;

    /// Every autosave found, newest first; unreadable files are skipped.
    QVector<Entry> entries() const;

private:
    QString fileFor(const QString& imagePath) const;
    static bool readEntry(const QString& file, Entry* entry);

    QString m_folder;
};

} // namespace crowdkd::ui
