#pragma once

#include <QString>

#include <opencv2/core.hpp>

#include <memory>

namespace crowdkd::ui {

/// One image counted by a DensityCounter.
struct CountResult {
    QString imagePath;
    double count = 0; ///< the sum of the density map: the estimated number of people
    cv::Mat density;  ///< CV_32F density at the model's output resolution (empty on error)
    int imageWidth = 0;
    int imageHeight = 0;
    QString error; ///< why the image could not be counted (empty on success)
};

class DensityCounter;

/// A model's density of one image, kept so that a panel runs the model once per image and model
/// (the Annotate workspace's proposals and review): filled on a worker, kept on the GUI thread.
struct ImageDensity {
    QString imagePath;
    QString modelPath;
    QString modelStamp; ///< the model file's fileStamp() when it was loaded
    cv::Mat density;    ///< CV_32F at the model's output resolution; empty until computed
    cv::Size inputSize; ///< the model input the density was computed on

    /// Whether this is `image`'s density under `model` as the file is now (a model file
    /// rewritten since, a run's best.pt, counts again).
    bool isFor(const QString& image, const QString& model) const;
    /// Makes this `image`'s density under `model` unless it already is, counting with `counter`
    /// (loaded, or replaced when it holds another model). Returns why it failed, empty on
    /// success. Slow: call it off the GUI thread.
    QString compute(std::shared_ptr<DensityCounter>& counter, const QString& model,
                    const QString& image);
};

/// A density model loaded for counting (core's loadSourceModel, LibTorch's fastest CPU path and
/// predictFile: the code `crowdkd count` runs). Loading and counting are slow: call them off the
/// GUI thread. One counter is used by one thread at a time.
class DensityCounter {
public:
    ~DensityCounter();

    /// Loads any model file CrowdKD reads (PyTorch .pth state dicts or checkpoints, CrowdKD
    /// checkpoints, exported ONNX files and LibTorch archives); nullptr with `error` set when it
    /// cannot.
    static std::shared_ptr<DensityCounter> load(const QString& modelPath, QString* error);

    /// "MCNN" or "M-SFANet".
    QString kindName() const;
    QString modelPath() const { return m_path; }
    /// The model file's size and modification time when it was loaded.
    QString modelStamp() const { return m_stamp; }
    /// Whether this counter holds `modelPath` as the file is now.
    bool holds(const QString& modelPath) const;
    /// Size of the float32 parameters in MB (2^20 bytes).
    double weightsMegabytes() const;

    /// Counts one image; never throws (errors come back in CountResult::error).
    CountResult count(const QString& imagePath);

    /// Counts `imagePath` with the model in `modelPath`, reusing `counter` when it holds that
    /// model and loading it into `counter` otherwise (for workers that keep a model between
    /// images); never throws.
    static CountResult countWith(std::shared_ptr<DensityCounter>& counter, const QString& modelPath,
                                 const QString& imagePath);

private:
    struct Impl;
    DensityCounter(std::unique_ptr<Impl> impl, QString path, QString stamp);

    std::unique_ptr<Impl> m_impl;
    QString m_path;
    QString m_stamp;
};

} // namespace crowdkd::ui
