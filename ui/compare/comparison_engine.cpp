#include "compare/comparison_engine.h"

#include "common/file_stamp.h"
#include "common/studio_support.h"
#include "count/density_counter.h"
#include "data/density_cache.h"
#include "data/density_map.h"
#include "data/ground_truth.h"

#include <QFileInfo>
#include <QMutex>
#include <QMutexLocker>
#include <QSet>

#include <cmath>
#include <deque>
#include <exception>
#include <map>

namespace crowdkd::ui {

struct ComparisonEngine::Shared {
    QMutex mutex;
    std::deque<ComparisonRequest> urgent;     // guarded by mutex
    std::deque<ComparisonRequest> background; // guarded by mutex
    QSet<QString> unload;                     // guarded by mutex
    bool running = false;                     // guarded by mutex: a worker is draining the queues
    bool stop = false;                        // guarded by mutex
    // Worker thread only:
    std::map<QString, std::shared_ptr<DensityCounter>> counters;
    std::map<QString, QString> loadErrors;
    DensityCache cache;
};

namespace {

/// `density` (at `stride` input pixels per cell) sum-pooled to kComparisonStride.
cv::Mat toComparisonStride(const cv::Mat& density, int stride) {
    if (density.empty() || stride <= 0 || stride >= kComparisonStride ||
        kComparisonStride % stride != 0)
        return density;
    return sumPool(density, kComparisonStride / stride);
}

ModelAnswer runModel(std::map<QString, std::shared_ptr<DensityCounter>>& counters,
                     std::map<QString, QString>& loadErrors, const QString& model,
                     const QString& image, bool keepMap) {
    ModelAnswer answer;
    answer.modelPath = model;
    auto found = counters.find(model);
    if (found != counters.end() && !found->second->holds(model)) { // rewritten since it loaded
        counters.erase(found);
        loadErrors.erase(model);
        found = counters.end();
    }
    if (found == counters.end()) {
        const auto failed = loadErrors.find(model);
        if (failed != loadErrors.end()) {
            answer.error = failed->second;
            return answer;
        }
        QString error;
        std::shared_ptr<DensityCounter> counter = DensityCounter::load(model, &error);
        if (!counter) {
            loadErrors[model] = error;
            answer.error = error;
            return answer;
        }
        found = counters.emplace(model, std::move(counter)).first;
    }
    DensityCounter& counter = *found->second;
    answer.kind = counter.kindName();
    answer.modelStamp = counter.modelStamp();
    const CountResult result = counter.count(image);
    if (!result.error.isEmpty()) {
        answer.error = result.error;
        return answer;
    }
    answer.count = result.count;
    if (keepMap && !result.density.empty()) {
        const int stride = static_cast<int>(
            std::lround(static_cast<double>(result.imageWidth) / result.density.cols));
        answer.density = toComparisonStride(result.density, stride);
    }
    return answer;
}

} // namespace

ComparisonEngine::ComparisonEngine(QObject* parent)
    : QObject(parent)
    , m_shared(std::make_shared<Shared>()) {
    qRegisterMetaType<ComparisonResult>();
    m_pool.setMaxThreadCount(1);
}

ComparisonEngine::~ComparisonEngine() {
    {
        QMutexLocker lock(&m_shared->mutex);
        m_shared->stop = true;
        m_shared->urgent.clear();
        m_shared->background.clear();
    }
    m_pool.waitForDone();
}

void ComparisonEngine::request(const ComparisonRequest& request, bool urgent) {
    bool start = false;
    {
        QMutexLocker lock(&m_shared->mutex);
        (urgent ? m_shared->urgent : m_shared->background).push_back(request);
        if (!m_shared->running) {
            m_shared->running = true;
            start = true;
        }
    }
    if (start)
        startWorker();
}

void ComparisonEngine::cancelBackground() {
    QMutexLocker lock(&m_shared->mutex);
    m_shared->background.clear();
}

void ComparisonEngine::cancelUrgent() {
    QMutexLocker lock(&m_shared->mutex);
    m_shared->urgent.clear();
}

void ComparisonEngine::unloadModel(const QString& modelPath) {
    QMutexLocker lock(&m_shared->mutex);
    m_shared->unload.insert(modelPath);
}

void ComparisonEngine::startWorker() {
    if (!m_busy) {
        m_busy = true;
        emit busyChanged(true);
    }
    const std::shared_ptr<Shared> shared = m_shared;
    // The worker reports through resultReady() and onWorkerDone(), so it needs no QFuture.
    m_pool.start([this, shared] {
        for (;;) {
            ComparisonRequest request;
            {
                QMutexLocker lock(&shared->mutex);
                for (const QString& model : std::as_const(shared->unload)) {
                    shared->counters.erase(model);
                    shared->loadErrors.erase(model);
                }
                shared->unload.clear();
                std::deque<ComparisonRequest>& queue =
                    shared->urgent.empty() ? shared->background : shared->urgent;
                if (shared->stop || queue.empty()) {
                    shared->running = false;
                    break;
                }
                request = std::move(queue.front());
                queue.pop_front();
            }
            ComparisonResult result;
            result.imagePath = request.imagePath;
            result.truthPath = request.truthPath;
            result.tag = request.tag;
            if (request.image) {
                try {
                    result.image = readQImage(request.imagePath);
                } catch (const std::exception&) {
                    // The panel shows the models' error for an unreadable image.
                }
            }
            if (request.truth) {
                result.truthStamp = fileStamp(request.truthPath); // before it is read
                try {
                    const Sample sample{
                        QFileInfo(request.imagePath).completeBaseName().toStdString(),
                        toPath(request.imagePath), toPath(request.truthPath)};
                    result.truthCount = static_cast<double>(readGroundTruth(sample).points.size());
                    if (request.truthMap)
                        result.truthDensity = sumPool(
                            shared->cache.density(sample, DensityParams{}), kComparisonStride);
                    result.hasTruth = true;
                } catch (const std::exception& e) {
                    result.truthError = QString::fromUtf8(e.what());
                }
            }
            for (const QString& model : request.models) {
                {
                    QMutexLocker lock(&shared->mutex);
                    if (shared->stop) // closing: not the next model's load and run
                        break;
                }
                result.answers.append(runModel(shared->counters, shared->loadErrors, model,
                                               request.imagePath, request.maps));
            }
            QMetaObject::invokeMethod(this, [this, result] { emit resultReady(result); });
        }
        QMetaObject::invokeMethod(this, &ComparisonEngine::onWorkerDone);
    });
}

void ComparisonEngine::onWorkerDone() {
    bool running = false;
    {
        QMutexLocker lock(&m_shared->mutex);
        running = m_shared->running;
    }
    if (!running && m_busy) {
        m_busy = false;
        emit busyChanged(false);
    }
}

} // namespace crowdkd::ui
