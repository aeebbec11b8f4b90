#pragma once

#include <QHash>
#include <QImage>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QThreadPool>
#include <QVector>

#include <opencv2/core.hpp>

#include <memory>

namespace crowdkd::ui {

/// Input pixels per density cell side in comparisons: every map (ground truth, MCNN at 1/4,
/// M-SFANet at 1/2) is sum-pooled to it, so counts are kept and cells compare one to one.
constexpr int kComparisonStride = 4;

/// One model's answer for one image in a comparison.
struct ModelAnswer {
    QString modelPath;
    QString kind; ///< "MCNN" or "M-SFANet"
    double count = 0;
    cv::Mat density;    ///< CV_32F at kComparisonStride; empty when only the count was asked for
    QString error;      ///< why the model could not be loaded or run (empty on success)
    QString modelStamp; ///< fileStamp() of the model file the answer came from
};

/// What a comparison job asks for one image.
struct ComparisonRequest {
    QString imagePath;
    QString truthPath;
    bool truth = false;    ///< the ground-truth head count
    bool truthMap = false; ///< and its density map (from the density cache)
    bool image = false;    ///< the decoded image, for display
    QStringList models;    ///< models to run on the image
    bool maps = false;     ///< keep the models' density maps (else counts only)
    int tag = 0;           ///< copied into the result, for the caller
};

/// What came back for one image (only the parts asked for are set).
struct ComparisonResult {
    QString imagePath;
    QString truthPath;
    bool hasTruth = false;
    double truthCount = 0;
    cv::Mat truthDensity; ///< CV_32F at kComparisonStride
    QString truthError;
    QString truthStamp; ///< fileStamp() of the ground truth read
    QImage image;
    QVector<ModelAnswer> answers;
    int tag = 0;
};

/// Runs comparison jobs on one worker thread, in order, urgent ones (the image on screen) first:
/// decodes images, reads ground truth and its density map through core's density cache, and runs
/// the models with DensityCounter (the code `crowdkd count` runs), keeping loaded models for
/// the next jobs. Results come back on the GUI thread through resultReady().
class ComparisonEngine : public QObject {
    Q_OBJECT

public:
    explicit ComparisonEngine(QObject* parent = nullptr);
    ~ComparisonEngine() override;

    /// Queues a job; urgent jobs go before every queued non-urgent one.
    void request(const ComparisonRequest& request, bool urgent);
    /// Drops queued non-urgent jobs (the one running finishes).
    void cancelBackground();
    /// Drops queued urgent jobs (the image on screen changed).
    void cancelUrgent();
    /// Forgets a loaded model (after its file changed); it is loaded again when next needed.
    void unloadModel(const QString& modelPath);
    bool isBusy() const { return m_busy; }

signals:
    void resultReady(const crowdkd::ui::ComparisonResult& result);
    void busyChanged(bool busy);

private:
    struct Shared;
    void startWorker();
    void onWorkerDone();

    std::shared_ptr<Shared> m_shared;
    QThreadPool m_pool;
    bool m_busy = false;
};

} // namespace crowdkd::ui

Q_DECLARE_METATYPE(crowdkd::ui::ComparisonResult)
