#include "dataset/dataset_model.h"

#include "base/file_io.h"
#include "common/autosave_store.h"
#include "common/studio_support.h"
#include "data/ground_truth.h"
#include "data/image_io.h"
#include "data/sample_check.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>
#include <QtConcurrent>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <exception>
#include <memory>

namespace crowdkd::ui {

namespace {

/// Largest thumbnail file read back from the cache.
constexpr qint64 kMaxThumbnailFileBytes = 1 << 20;

/// Where decoded thumbnails are kept between sessions.
QString thumbnailCacheFile(const QString& imagePath) {
    const QFileInfo info(imagePath);
    const QString key = QStringLiteral("%1|%2|%3|%4")
                            .arg(info.absoluteFilePath())
                            .arg(info.size())
                            .arg(info.lastModified().toMSecsSinceEpoch())
                            .arg(DatasetModel::kThumbnailSize);
    return QDir(DatasetModel::thumbnailFolder())
        .filePath(QString::fromLatin1(
                      QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha1).toHex()) +
                  QStringLiteral(".jpg"));
}

} // namespace

QString DatasetModel::thumbnailFolder() {
    return QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation))
        .filePath(QStringLiteral("thumbnails"));
}

DatasetModel::DatasetModel(const Split& split, QObject* parent)
    : QAbstractListModel(parent)
    , m_split(split) {
    m_items.reserve(static_cast<qsizetype>(split.samples.size() + split.unannotated.size()));
    for (const auto* samples : {&split.samples, &split.unannotated}) {
        for (const Sample& sample : *samples) {
            Item item;
            item.name = QString::fromStdString(sample.name);
            item.imagePath = toQString(sample.imagePath);
            item.groundTruthPath = toQString(sample.groundTruthPath);
            item.annotated = samples == &split.samples;
            m_rowOfImage.insert(item.imagePath, static_cast<int>(m_items.size()));
            m_items.append(item);
        }
    }
    // A problem the loader reports about one of our files marks that row (the last one said of
    // it; a folder of new frames has one per image, so they are looked up, not searched).
    QHash<QString, QString> problemOf;
    for (const auto& problem : split.problems) {
        m_loaderProblems.append({toQString(problem.path), QString::fromStdString(problem.message)});
        problemOf.insert(m_loaderProblems.back().first, m_loaderProblems.back().second);
    }
    for (Item& item : m_items) {
        for (const QString& path : {item.imagePath, item.groundTruthPath}) {
            const auto found = problemOf.constFind(path);
            if (found != problemOf.constEnd())
                item.loaderProblem = *found;
        }
    }
    connect(&m_countWatcher, &QFutureWatcher<CountResult>::resultReadyAt, this,
            &DatasetModel::onCountReady);
    connect(&m_countWatcher, &QFutureWatcher<CountResult>::finished, this, [this] {
        emit countsLoaded();
        emit statisticsChanged();
        startThumbnails();
    });
}

DatasetModel::~DatasetModel() {
    cancelLoading();
}

int DatasetModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_items.size());
}

QVariant DatasetModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= m_items.size())
        return {};
    const Item& item = m_items[index.row()];
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return item.name;
    case CountRole:
        return item.count;
    case ThumbnailRole:
        return item.thumbnail;
    case HasProblemsRole:
        return !item.loaderProblem.isEmpty() || !item.problems.isEmpty();
    case ProblemRole:
        return problemText(item);
    case EditedRole:
        return item.edited;
    case ImagePathRole:
        return item.imagePath;
    case GroundTruthPathRole:
        return item.groundTruthPath;
    case AnnotatedRole:
        return item.annotated;
    case UnreadableRole:
        return item.unreadable;
    case ImageUnreadableRole:
        return item.imageUnreadable;
    case Qt::ToolTipRole: {
        QString tip = QStringLiteral("<b>%1</b><br>%2<br>%3")
                          .arg(item.name.toHtmlEscaped(), item.imagePath.toHtmlEscaped(),
                               item.groundTruthPath.toHtmlEscaped());
        if (item.count >= 0)
            tip += QStringLiteral("<br>") + tr("%n head(s)", nullptr, item.count);
        const QString problem = problemText(item);
        if (!problem.isEmpty())
            tip +=
                QStringLiteral("<br><font color='#c92a2a'>%1</font>")
                    .arg(problem.toHtmlEscaped().replace(QLatin1Char('\n'), QLatin1String("<br>")));
        return tip;
    }
    default:
        return {};
    }
}

QString DatasetModel::name() const {
    return QString::fromStdString(m_split.name);
}

QString DatasetModel::imagePath(int row) const {
    return m_items[row].imagePath;
}

QString DatasetModel::groundTruthPath(int row) const {
    return m_items[row].groundTruthPath;
}

const Sample& DatasetModel::sample(int row) const {
    const auto annotated = static_cast<int>(m_split.samples.size());
    return row < annotated ? m_split.samples.at(static_cast<std::size_t>(row))
                           : m_split.unannotated.at(static_cast<std::size_t>(row - annotated));
}

int DatasetModel::rowOfImage(const QString& imagePath) const {
    return m_rowOfImage.value(imagePath, -1);
}

QVector<QPair<QString, QString>> DatasetModel::problems() const {
    QVector<QPair<QString, QString>> all = m_loaderProblems;
    for (const Item& item : m_items)
        all += item.problems;
    return all;
}

SplitStatistics DatasetModel::statistics() const {
    SplitStatistics stats;
    stats.images = static_cast<int>(m_items.size());
    for (const Item& item : m_items) {
        if (!item.annotated)
            ++stats.unannotated;
        else if (item.unreadable)
            ++stats.unreadable;
        if (item.count < 0 || !item.annotated)
            continue;
        if (stats.counted == 0) {
            stats.minHeads = stats.maxHeads = item.count;
        }
        stats.minHeads = std::min(stats.minHeads, item.count);
        stats.maxHeads = std::max(stats.maxHeads, item.count);
        stats.totalHeads += item.count;
        stats.counts.append(item.count);
        ++stats.counted;
    }
    if (stats.counted > 0)
        stats.meanHeads = static_cast<double>(stats.totalHeads) / stats.counted;
    return stats;
}

bool DatasetModel::isLoading() const {
    return m_countWatcher.isRunning() || (m_thumbnailsStarted && m_loadedThumbnails < rowCount());
}

void DatasetModel::setEdited(const QString& imagePath, int count) {
    const int row = rowOfImage(imagePath);
    if (row < 0)
        return;
    m_items[row].count = count;
    m_items[row].edited = true;
    m_items[row].annotated = true;
    // The studio's own save replaced an unreadable file.
    m_items[row].unreadable = false;
    const QString groundTruth = m_items[row].groundTruthPath;
    m_items[row].problems.removeIf([&](const auto& p) { return p.first == groundTruth; });
    const QModelIndex changed = index(row);
    emit dataChanged(changed, changed,
                     {CountRole, EditedRole, HasProblemsRole, ProblemRole, UnreadableRole});
    emit statisticsChanged();
}

DatasetModel::CountResult DatasetModel::readCount(const Sample& sample,
                                                  const AutosaveStore& autosaves) {
    const QString imagePath = toQString(sample.imagePath);
    const QString groundTruthPath = toQString(sample.groundTruthPath);
    CountResult result;
    result.edited = QFileInfo::exists(groundTruthBackupPath(groundTruthPath));
    const bool annotated = groundTruthExists(sample.groundTruthPath, sample.imagePath);
    AutosaveStore::Entry autosave;
    const bool autosaved = autosaves.find(imagePath, &autosave);
    // The same checks as `crowdkd info --check-images`: the ground truth, then the image header
    // and its completeness (a truncated JPEG is refused here as the trainer would refuse it).
    const SampleCheck check = checkSample(sample, /*checkImage=*/true);
    if (!check.imageError.empty()) {
        result.imageUnreadable = true;
        result.problems.append({imagePath, QCoreApplication::translate("crowdkd::ui::DatasetModel",
                                                                       "unreadable image: %1")
                                               .arg(QString::fromStdString(check.imageError))});
    }
    if (autosaved) {
        result.edited = true;
        result.count = static_cast<int>(autosave.points.size());
        return result;
    }
    if (!annotated)
        return result; // a new image: nothing annotated yet
    if (!check.groundTruthReadable) {
        result.unreadable = true;
        result.problems.append(
            {groundTruthPath,
             QCoreApplication::translate("crowdkd::ui::DatasetModel", "unreadable ground truth: %1")
                 .arg(QString::fromStdString(check.groundTruthError))});
        return result;
    }
    result.count = static_cast<int>(check.heads);
    if (check.countMismatch())
        result.problems.append(
            {groundTruthPath, QCoreApplication::translate("crowdkd::ui::DatasetModel",
                                                          "declares %1 heads but lists %2")
                                  .arg(check.declaredCount)
                                  .arg(result.count)});
    if (check.outside > 0) {
        const int outside = static_cast<int>(check.outside);
        result.problems.append({groundTruthPath, tr("%n head(s) outside the image (left out of "
                                                    "density maps)",
                                                    nullptr, outside)});
    }
    return result;
}

QImage DatasetModel::readThumbnail(const QString& imagePath) {
    const QString cacheFile = thumbnailCacheFile(imagePath);
    // Read as a user file (a FIFO or a huge file in the cache's place is refused, never waited
    // on); a thumbnail takes some kilobytes.
    QByteArray cachedBytes;
    if (readUserFile(cacheFile, kMaxThumbnailFileBytes, &cachedBytes)) {
        const QImage cached = QImage::fromData(cachedBytes, "JPG");
        if (!cached.isNull() && std::max(cached.width(), cached.height()) <= kThumbnailSize)
            return cached;
    }
    try {
        // OpenCV's decoder, as core uses it, but letting JPEG decode at 1/2, 1/4 or 1/8 size
        // directly: a thumbnail then costs a fraction of a full decode.
        const cv::Size size = readImageSize(toPath(imagePath));
        int flags = cv::IMREAD_COLOR;
        for (const auto& [factor, reduced] :
             {std::pair{8, cv::IMREAD_REDUCED_COLOR_8}, std::pair{4, cv::IMREAD_REDUCED_COLOR_4},
              std::pair{2, cv::IMREAD_REDUCED_COLOR_2}}) {
            if (std::max(size.width, size.height) / factor >= kThumbnailSize) {
                flags = reduced;
                break;
            }
        }
        const std::vector<std::uint8_t> bytes = readFileBytes(toPath(imagePath));
        const cv::Mat image = cv::imdecode(bytes, flags);
        if (image.empty())
            return {};
        const double scale =
            std::min(1.0, static_cast<double>(kThumbnailSize) / std::max(image.cols, image.rows));
        cv::Mat small;
        cv::resize(image, small, cv::Size(), scale, scale, cv::INTER_AREA);
        QImage thumbnail = imageFromMat(small);
        // Written atomically: another studio window may be reading the cache at the same time.
        QDir().mkpath(QFileInfo(cacheFile).absolutePath());
        QSaveFile file(cacheFile);
        if (openSaveFile(file, QIODevice::WriteOnly) && thumbnail.save(&file, "JPG", 88))
            file.commit();
        return thumbnail;
    } catch (const std::exception&) {
        return {};
    }
}

void DatasetModel::startLoading() {
    if (m_started)
        return;
    m_started = true;
    QVector<Sample> samples;
    for (const auto* list : {&m_split.samples, &m_split.unannotated})
        samples += QVector<Sample>(list->begin(), list->end());
    // On the model's own pool: a long scan (it reads every image) leaves the application's pool
    // to the density overlay, proposals, the Count preview and the next folder.
    auto autosaves = std::make_shared<const AutosaveStore>(); // one for the scan: it holds a lock
    m_countWatcher.setFuture(
        QtConcurrent::mapped(&m_thumbnailPool, samples, [autosaves](const Sample& sample) {
            return readCount(sample, *autosaves);
        }));
}

void DatasetModel::requestThumbnails() {
    m_thumbnailsWanted = true;
    if (m_started && m_countWatcher.isFinished())
        startThumbnails();
}

void DatasetModel::startThumbnails() {
    if (m_countWatcher.isCanceled() || !m_thumbnailsWanted || m_thumbnailsStarted)
        return;
    m_thumbnailsStarted = true;
    for (int row = 0; row < m_items.size(); ++row) {
        m_thumbnailPool.start([this, row, path = m_items[row].imagePath] {
            if (m_cancelled.load())
                return;
            const QImage thumbnail = readThumbnail(path);
            // Delivered on the GUI thread; dropped if the model is gone (it waits for the pool).
            QMetaObject::invokeMethod(
                this, [this, row, thumbnail] { onThumbnailReady(row, thumbnail); },
                Qt::QueuedConnection);
        });
    }
}

void DatasetModel::cancelLoading() {
    m_countWatcher.cancel();
    m_cancelled = true;
    m_thumbnailPool.clear();
    m_countWatcher.waitForFinished();
    m_thumbnailPool.waitForDone();
}

void DatasetModel::onCountReady(int row) {
    const CountResult result = m_countWatcher.resultAt(row);
    Item& item = m_items[row];
    if (result.count >= 0 && !item.annotated)
        item.annotated = true; // an autosave of a new image
    if (!item.edited || item.count < 0) {
        item.count = result.count;
        item.edited = item.edited || result.edited;
    }
    item.unreadable = result.unreadable;
    item.imageUnreadable = result.imageUnreadable;
    item.problems = result.problems;
    ++m_loadedCounts;
    const QModelIndex changed = index(row);
    emit dataChanged(
        changed, changed,
        {CountRole, EditedRole, HasProblemsRole, ProblemRole, UnreadableRole, ImageUnreadableRole});
    emitProgress();
}

void DatasetModel::onThumbnailReady(int row, const QImage& thumbnail) {
    m_items[row].thumbnail = QPixmap::fromImage(thumbnail);
    ++m_loadedThumbnails;
    const QModelIndex changed = index(row);
    emit dataChanged(changed, changed, {ThumbnailRole, Qt::DecorationRole});
    emitProgress();
    if (m_loadedThumbnails == rowCount())
        emit loadingFinished();
}

QString DatasetModel::problemText(const Item& item) {
    QStringList lines;
    if (!item.loaderProblem.isEmpty())
        lines.append(item.loaderProblem);
    for (const auto& problem : item.problems)
        lines.append(problem.second);
    return lines.join(QLatin1Char('\n'));
}

void DatasetModel::emitProgress() {
    emit loadingProgress(m_loadedCounts + m_loadedThumbnails, 2 * static_cast<int>(m_items.size()));
}

} // namespace crowdkd::ui
