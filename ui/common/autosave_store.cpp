#include "common/autosave_store.h"

#include "common/studio_support.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QSaveFile>
#include <QStandardPaths>
#include <QUuid>

#include <algorithm>
#include <cmath>

namespace crowdkd::ui {

namespace {

/// Format tag in every autosave file, checked when reading.
constexpr char kFormat[] = "crowdkd-autosave-1";
// Largest autosave entry read back: a million heads take about 20 MB.
constexpr qint64 kMaxEntryBytes = 64 << 20;

} // namespace

AutosaveStore::AutosaveStore(const QString& folder)
    : m_folder(folder)
    , m_owner(QUuid::createUuid().toString(QUuid::WithoutBraces)) {
    if (QDir().mkpath(m_folder)) {
        m_lock = std::make_unique<QLockFile>(lockFileFor(m_owner));
        m_lock->setStaleLockTime(0); // stale only when its process is gone, however long it ran
        m_lock->tryLock(0);
    }
}

AutosaveStore::~AutosaveStore() = default;

QString AutosaveStore::lockFileFor(const QString& owner) const {
    return QDir(m_folder).filePath(QStringLiteral("studio-") + owner + QStringLiteral(".lock"));
}

bool AutosaveStore::isLiveElsewhere(const Entry& entry) const {
    if (owns(entry) || entry.owner.isEmpty() ||
        QUuid::fromString(entry.owner).isNull()) // no owner, or not one a store makes
        return false;
    const QString lockFile = lockFileFor(entry.owner);
    if (!QFileInfo::exists(lockFile))
        return false;
    QLockFile other(lockFile);
    other.setStaleLockTime(0);
    if (other.tryLock(0)) { // its studio is gone (QLockFile checks the process named in it)
        other.unlock();
        return false;
    }
    return other.error() == QLockFile::LockFailedError;
}

QString AutosaveStore::defaultFolder() {
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("autosave"));
}

QString AutosaveStore::fileFor(const QString& imagePath) const {
    const QByteArray key =
        QCryptographicHash::hash(QDir::cleanPath(imagePath).toUtf8(), QCryptographicHash::Sha1)
            .toHex()
            .left(20);
    return QDir(m_folder).filePath(QString::fromLatin1(key) + QStringLiteral(".json"));
}

bool AutosaveStore::store(const QString& imagePath, const QString& groundTruthPath,
                          const QVector<QPointF>& points, const QString& groundTruthStamp) {
    if (!QDir().mkpath(m_folder))
        return false;
    QJsonArray coordinates;
    for (const QPointF& p : points) {
        coordinates.append(p.x());
        coordinates.append(p.y());
    }
    const QJsonObject object{
        {QStringLiteral("format"), QLatin1String(kFormat)},
        {QStringLiteral("image"), imagePath},
        {QStringLiteral("groundTruth"), groundTruthPath},
        {QStringLiteral("savedAt"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
        {QStringLiteral("points"), coordinates},
        {QStringLiteral("owner"), m_owner},
        {QStringLiteral("groundTruthStamp"), groundTruthStamp},
    };
    QSaveFile file(fileFor(imagePath));
    if (!openSaveFile(file, QIODevice::WriteOnly))
        return false;
    file.write(QJsonDocument(object).toJson(QJsonDocument::Compact));
    return file.commit();
}

void AutosaveStore::remove(const QString& imagePath) {
    Entry entry;
    if (readEntry(fileFor(imagePath), &entry) && isLiveElsewhere(entry))
        return; // another running studio's edits of the same image
    QFile::remove(fileFor(imagePath));
}

bool AutosaveStore::readEntry(const QString& path, Entry* entry) {
    QByteArray contents;
    if (!readUserFile(path, kMaxEntryBytes, &contents))
        return false;
    const QJsonObject object = QJsonDocument::fromJson(contents).object();
    if (object.value(QStringLiteral("format")).toString() != QLatin1String(kFormat))
        return false;
    const QJsonArray coordinates = object.value(QStringLiteral("points")).toArray();
    entry->imagePath = object.value(QStringLiteral("image")).toString();
    entry->groundTruthPath = object.value(QStringLiteral("groundTruth")).toString();
    entry->savedAt = QDateTime::fromString(object.value(QStringLiteral("savedAt")).toString(),
                                           Qt::ISODateWithMs);
    entry->file = path;
    entry->owner = object.value(QStringLiteral("owner")).toString();
    entry->groundTruthStamp = object.value(QStringLiteral("groundTruthStamp")).toString();
    entry->points.clear();
    entry->points.reserve(coordinates.size() / 2);
    for (qsizetype i = 0; i + 1 < coordinates.size(); i += 2) {
        const double x = coordinates[i].toDouble(qQNaN());
        const double y = coordinates[i + 1].toDouble(qQNaN());
        if (!std::isfinite(x) || !std::isfinite(y))
            return false; // not an entry of ours: its heads would be saved as NaN
        entry->points.append(QPointF(x, y));
    }
    return !entry->imagePath.isEmpty();
}

bool AutosaveStore::find(const QString& imagePath, Entry* entry) const {
    return readEntry(fileFor(imagePath), entry);
}

QVector<AutosaveStore::Entry> AutosaveStore::entries() const {
    QVector<Entry> found;
    const QDir folder(m_folder);
    for (const QString& name : folder.entryList({QStringLiteral("*.json")}, QDir::Files)) {
        Entry entry;
        if (readEntry(folder.filePath(name), &entry))
            found.append(entry);
    }
    std::sort(found.begin(), found.end(),
              [](const Entry& a, const Entry& b) { return a.savedAt > b.savedAt; });
    return found;
}

QVector<AutosaveStore::Entry> AutosaveStore::recoverable() const {
    QVector<Entry> found = entries();
    found.removeIf([this](const Entry& entry) { return owns(entry) || isLiveElsewhere(entry); });
    return found;
}

} // namespace crowdkd::ui
