#pragma once

#include <QString>

#include <functional>

namespace crowdkd::ui {

/// What the Export dialog asks for: the options of `crowdkd export`, plus the image the export is
/// verified on.
struct ExportRequest {
    QString modelPath;
    QString kind;   ///< "" (from the file), "mcnn" or "msfanet": `--model`
    QString format; ///< "onnx", "libtorch" or "pytorch": `--format`
    bool fp16 = false;
    QString outPath;
    QString testImage; ///< verified on this image; none when empty
};

/// What exporting and verifying gave.
struct ExportOutcome {
    QString error; ///< empty on success; names the file that failed
    QString kindName;
    qint64 parameterCount = 0;
    QString precision;
    qint64 fileBytes = 0;
    QString sideCarPath;
    bool verified = false;
    double sourceCount = 0;
    double exportedCount = 0;
    double maxDensityDifference = 0;
    QString engine; ///< what ran the exported file
};

/// Exports with core's exportModel (what `crowdkd export` runs) and verifies the file with core's
/// verifyExport. Slow: call it off the GUI thread. `progress` gets the step (0 loading, 1
/// exporting, 2 verifying) before each one. Never throws.
ExportOutcome exportAndVerify(const ExportRequest& request,
                              const std::function<void(int step)>& progress = {});

/// File suffix of an export format, with the dot: ".onnx", ".pt", ".pth".
QString exportSuffix(const QString& format);

} // namespace crowdkd::ui
