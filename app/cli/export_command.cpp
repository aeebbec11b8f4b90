// `crowdkd export`: ships a model as ONNX, a LibTorch archive or a PyTorch state dict, with a JSON
// side-car describing it.
#include "base/error.h"
#include "cli_support.h"
#include "commands.h"
#include "export/export_verification.h"
#include "export/model_export.h"
#include "export/source_model.h"
#include "model_options.h"

#include <iostream>
#include <memory>

namespace crowdkd::cli {

namespace {

struct ExportOptionsCli {
    std::string weights;
    std::string model;
    std::string format = "onnx";
    std::string out;
    bool fp16 = false;
    std::string verify; ///< image the export is checked on (empty: none)
};

void runExport(const ExportOptionsCli& options) {
    const auto start = std::chrono::steady_clock::now();
    const std::filesystem::path weights = pathFromUtf8(options.weights);
    const std::filesystem::path out = pathFromUtf8(options.out);
    std::optional<nn::ModelKind> kind;
    if (!options.model.empty())
        kind = nn::modelKindFromString(options.model);
    const exporting::ExportFormat format = exporting::exportFormatFromString(options.format);

    exporting::SourceModel source = exporting::loadSourceModel(weights, kind);
    const exporting::ExportMetadata written = exporting::exportModel(
        source.model, source.metadata, out, exporting::ExportOptions{format, options.fp16});
    std::cerr << "crowdkd: exported " << nn::toString(written.kind) << " (" << written.inputChannels
              << " input channel(s), " << written.parameterCount << " parameters) as "
              << written.format << " " << written.precision << " to " << options.out << " ("
              << std::filesystem::file_size(out) << " bytes) and "
              << pathToUtf8(exporting::sideCarPath(out)) << " in " << secondsSince(start) << " s\n";
    if (options.verify.empty())
        return;
    const exporting::ExportCheck check =
        exporting::verifyExport(source.model, out, pathFromUtf8(options.verify));
    std::cerr << "crowdkd: verified on " << options.verify << ": source model " << check.sourceCount
              << ", exported (" << check.exportedEngine << ") " << check.exportedCount
              << " people; largest density difference " << check.maxDensityDifference << "\n";
}

} // namespace

void addExportCommand(CLI::App& app) {
    auto options = std::make_shared<ExportOptionsCli>();
    CLI::App* command = app.add_subcommand(
        "export",
        "Export a model as ONNX, a LibTorch archive or a PyTorch state dict (+ <out>.json)");
    command
        ->add_option("--weights", options->weights,
                     "Source model: training checkpoint (best.pt, last.pt), PyTorch .pth, exported "
                     ".onnx or LibTorch archive")
        ->required()
        ->check(CLI::ExistingFile);
    command->add_option("--model", options->model,
                        "mcnn or msfanet, for a PyTorch file whose keys do not tell");
    command->add_option("--format", options->format, "onnx, libtorch or pytorch")
        ->check(nameIn(exporting::exportFormatFromString))
        ->capture_default_str();
    command->add_option("--out", options->out, "Output file; metadata goes to <out>.json")
        ->required();
    command->add_flag("--fp16", options->fp16,
                      "Store the weights in half precision (half the size)");
    command
        ->add_option("--verify", options->verify,
                     "Count IMAGE with the source and the exported model and print both")
        ->check(CLI::ExistingFile);
    command->callback([options] { runExport(*options); });
}

} // namespace crowdkd::cli
