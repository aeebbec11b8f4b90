#include "count/density_counter.h"

#include "base/error.h"
#include "common/file_stamp.h"
#include "export/source_model.h"
#include "pipeline/predictor.h"

#include <exception>

namespace crowdkd::ui {

struct DensityCounter::Impl {
    nn::DensityModel model;
    /// The model on LibTorch's fastest CPU path (oneDNN for MCNN), as `crowdkd count` runs it.
    std::unique_ptr<exporting::InferenceBackend> backend;
    pipeline::DensityFunction density;
};

DensityCounter::DensityCounter(std::unique_ptr<Impl> impl, QString path, QString stamp)
    : m_impl(std::move(impl))
    , m_path(std::move(path))
    , m_stamp(std::move(stamp)) {}

bool DensityCounter::holds(const QString& modelPath) const {
    return m_path == modelPath && m_stamp == fileStamp(modelPath);
}

bool ImageDensity::isFor(const QString& image, const QString& model) const {
    return !density.empty() && imagePath == image && modelPath == model &&
           modelStamp == fileStamp(model);
}

DensityCounter::~DensityCounter() = default;

std::shared_ptr<DensityCounter> DensityCounter::load(const QString& modelPath, QString* error) {
    try {
        // Taken first: a file rewritten while it loads is loaded again next time.
        QString stamp = fileStamp(modelPath);
        pipeline::setInferenceThreads(0);
        const std::filesystem::path path = pathFromUtf8(modelPath.toStdString());
        // Core's one loader for every model file; exported models (ONNX, LibTorch archives) are
        // rebuilt as our modules, so they run exactly as the files they came from.
        exporting::SourceModel source = exporting::loadSourceModel(path);
        auto impl = std::make_unique<Impl>(Impl{source.model, nullptr, {}});
        impl->backend = exporting::makeLibTorchBackend(
            std::move(source.model), exporting::LibTorchMode::Mkldnn, std::move(source.metadata));
        impl->density = exporting::densityFunction(*impl->backend);
        return std::shared_ptr<DensityCounter>(
            new DensityCounter(std::move(impl), modelPath, std::move(stamp)));
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromUtf8(e.what());
        return nullptr;
    }
}

QString DensityCounter::kindName() const {
    return m_impl->model.kind() == nn::ModelKind::Mcnn ? QStringLiteral("MCNN")
                                                       : QStringLiteral("M-SFANet");
}

double DensityCounter::weightsMegabytes() const {
    std::int64_t count = 0;
    for (const torch::Tensor& p : m_impl->model.module()->parameters())
        count += p.numel();
    return static_cast<double>(count) * 4.0 / (1024.0 * 1024.0);
}

CountResult DensityCounter::count(const QString& imagePath) {
    CountResult result;
    result.imagePath = imagePath;
    try {
        const pipeline::Prediction prediction =
            pipeline::predictFile(m_impl->density, pathFromUtf8(imagePath.toStdString()));
        result.count = prediction.count;
        result.density = pipeline::densityAsMat(prediction.density);
        result.imageWidth = prediction.inputSize.width;
        result.imageHeight = prediction.inputSize.height;
    } catch (const std::exception& e) {
        result.error = QString::fromUtf8(e.what());
    }
    return result;
}

CountResult DensityCounter::countWith(std::shared_ptr<DensityCounter>& counter,
                                      const QString& modelPath, const QString& imagePath) {
    if (!counter || !counter->holds(modelPath)) {
        QString error;
        counter = load(modelPath, &error);
        if (!counter) {
            CountResult failed;
            failed.imagePath = imagePath;
            failed.error = error;
            return failed;
        }
    }
    return counter->count(imagePath);
}

QString ImageDensity::compute(std::shared_ptr<DensityCounter>& counter, const QString& model,
                              const QString& image) {
    if (isFor(image, model))
        return {};
    const CountResult counted = DensityCounter::countWith(counter, model, image);
    if (!counted.error.isEmpty())
        return counted.error;
    imagePath = image;
    modelPath = model;
    modelStamp = counter->modelStamp();
    density = counted.density;
    inputSize = cv::Size(counted.imageWidth, counted.imageHeight);
    return {};
}

} // namespace crowdkd::ui
