#include "export_model/model_exporter.h"

#include "base/error.h"
#include "export/export_verification.h"
#include "export/model_export.h"
#include "export/source_model.h"

#include <exception>
#include <filesystem>

namespace crowdkd::ui {

QString exportSuffix(const QString& format) {
    if (format == QLatin1String("onnx"))
        return QStringLiteral(".onnx");
    if (format == QLatin1String("libtorch"))
        return QStringLiteral(".pt");
    return QStringLiteral(".pth");
}

ExportOutcome exportAndVerify(const ExportRequest& request,
                              const std::function<void(int step)>& progress) {
    ExportOutcome outcome;
    auto step = [&](int index) {
        if (progress)
            progress(index);
    };
    try {
        exporting::setInferenceThreads(0);
        step(0);
        const std::filesystem::path weights = pathFromUtf8(request.modelPath.toStdString());
        const std::filesystem::path out = pathFromUtf8(request.outPath.toStdString());
        std::optional<nn::ModelKind> kind;
        if (!request.kind.isEmpty())
            kind = nn::modelKindFromString(request.kind.toStdString());
        exporting::SourceModel source = exporting::loadSourceModel(weights, kind);

        step(1);
        const exporting::ExportMetadata written = exporting::exportModel(
            source.model, source.metadata, out,
            exporting::ExportOptions{
                exporting::exportFormatFromString(request.format.toStdString()), request.fp16});
        outcome.kindName = written.kind == nn::ModelKind::Mcnn ? QStringLiteral("MCNN")
                                                               : QStringLiteral("M-SFANet");
        outcome.parameterCount = written.parameterCount;
        outcome.precision = QString::fromStdString(written.precision);
        outcome.fileBytes = static_cast<qint64>(std::filesystem::file_size(out));
        outcome.sideCarPath = QString::fromStdString(pathToUtf8(exporting::sideCarPath(out)));

        if (!request.testImage.isEmpty()) {
            step(2);
            const exporting::ExportCheck check = exporting::verifyExport(
                source.model, out, pathFromUtf8(request.testImage.toStdString()));
            outcome.verified = true;
            outcome.sourceCount = check.sourceCount;
            outcome.exportedCount = check.exportedCount;
            outcome.maxDensityDifference = check.maxDensityDifference;
            outcome.engine = QString::fromStdString(check.exportedEngine);
        }
    } catch (const std::exception& e) {
        outcome.error = QString::fromUtf8(e.what());
    }
    return outcome;
}

} // namespace crowdkd::ui
