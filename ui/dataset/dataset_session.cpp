#include "dataset/dataset_session.h"

#include "common/studio_support.h"
#include "data/density_cache.h"
#include "dataset/dataset_model.h"

#include <QtConcurrent>

#include <exception>
#include <utility>

namespace crowdkd::ui {

DatasetSession::DatasetSession(QObject* parent)
    : QObject(parent) {
    connect(&m_openWatcher, &QFutureWatcher<OpenResult>::finished, this,
            &DatasetSession::onOpenFinished);
    m_densityPool.setMaxThreadCount(1);
}

DatasetSession::~DatasetSession() {
    m_openWatcher.waitForFinished();
    close();
}

void DatasetSession::open(const QString& root, const QString& followImage) {
    m_pendingRoot = root;
    m_followImage = followImage;
    m_openWatcher.setFuture(QtConcurrent::run([path = toPath(root)]() {
        OpenResult result;
        try {
            result.dataset = std::make_shared<Dataset>(openDataset(path));
        } catch (const std::exception& error) {
            result.error = QString::fromStdString(error.what());
        }
        return result;
    }));
}

void DatasetSession::onOpenFinished() {
    const OpenResult result = m_openWatcher.result();
    const QString follow = std::exchange(m_followImage, QString());
    if (!result.error.isEmpty()) {
        emit openFailed(m_pendingRoot, result.error);
        return;
    }
    const std::shared_ptr<Dataset> dataset = result.dataset;
    if (!dataset || dataset->splits.empty()) {
        emit openFailed(m_pendingRoot, tr("no ShanghaiTech split (images/ and ground-truth/) "
                                          "was found in this folder"));
        return;
    }
    m_followImage = follow; // while the old dataset closes (the document of it stays)
    close();
    m_followImage.clear();
    m_root = m_pendingRoot;
    for (const Problem& problem : dataset->problems)
        m_datasetProblems.append(
            {toQString(problem.path), QString::fromStdString(problem.message)});
    for (const Split& split : dataset->splits) {
        auto model = std::make_unique<DatasetModel>(split);
        DatasetModel* raw = model.get();
        connect(raw, &DatasetModel::loadingProgress, this, [this, raw](int done, int total) {
            if (raw == currentModel())
                emit loadingProgress(done, total);
        });
        m_models.push_back(std::move(model));
    }
    m_densityCache = std::make_unique<DensityCache>();
    // Every split loads its counts now (cheap), so statistics of all splits are ready soon.
    for (auto& model : m_models)
        model->startLoading();
    // Start on the training split, where annotating usually happens.
    m_currentSplit = 0;
    for (int i = 0; i < splitCount(); ++i) {
        if (m_models[i]->name().contains(QLatin1String("train"), Qt::CaseInsensitive)) {
            m_currentSplit = i;
            break;
        }
    }
    if (const int followed = splitOfImage(follow); followed >= 0)
        m_currentSplit = followed;
    currentModel()->requestThumbnails();
    emit opened(m_root);
    emit currentSplitChanged(m_currentSplit);
}

void DatasetSession::close() {
    if (m_models.empty())
        return;
    for (auto& model : m_models)
        model->cancelLoading();
    // A map being recomputed stops at its next check instead of holding up the close.
    m_closing->store(true);
    m_densityPool.waitForDone();
    m_closing = std::make_shared<std::atomic<bool>>(false);
    m_models.clear();
    m_densityCache.reset();
    m_currentSplit = -1;
    m_root.clear();
    m_datasetProblems.clear();
    emit closed();
}

DatasetModel* DatasetSession::model(int split) const {
    return split >= 0 && split < splitCount() ? m_models[split].get() : nullptr;
}

int DatasetSession::splitOfImage(const QString& imagePath) const {
    if (imagePath.isEmpty())
        return -1;
    for (int i = 0; i < splitCount(); ++i) {
        if (m_models[i]->rowOfImage(imagePath) >= 0)
            return i;
    }
    return -1;
}

void DatasetSession::setCurrentSplit(int split) {
    if (split == m_currentSplit || !model(split))
        return;
    m_currentSplit = split;
    model(split)->requestThumbnails();
    emit currentSplitChanged(split);
}

void DatasetSession::noteEdited(const QString& imagePath, int count, bool saved) {
    for (auto& model : m_models) {
        const int row = model->rowOfImage(imagePath);
        if (row < 0)
            continue;
        model->setEdited(imagePath, count);
        if (saved && m_densityCache) {
            const Sample sample = model->sample(row);
            m_densityCache->invalidate(sample);
            // Recompute in the background so training and the overlay find it ready.
            DensityCache* cache = m_densityCache.get();
            m_densityPool.start([cache, sample, closing = m_closing] {
                try {
                    cache->density(sample, DensityParams{}, [closing] { return closing->load(); });
                } catch (const std::exception&) {
                    // The next reader reports the error with its file name.
                }
            });
        }
    }
}

} // namespace crowdkd::ui
