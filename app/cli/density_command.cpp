// `crowdkd density IMAGE GT --method adaptive|fixed [--sigma S] [--border preserve|scipy]
// --out MAP.npy [--json]`: the density map of one annotated image, as a float32 .npy.
#include "base/error.h"
#include "base/memory_budget.h"
#include "cli_support.h"
#include "commands.h"
#include "data/density_map.h"
#include "data/ground_truth.h"
#include "data/image_io.h"
#include "data/mat_npy.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <new>

namespace crowdkd::cli {

namespace {

struct DensityOptions {
    std::string image;
    std::string groundTruth;
    std::string method = "adaptive";
    double sigma = 15.0;
    std::string border = "preserve";
    std::string out;
    bool json = false;
};

void runDensity(const DensityOptions& options) {
    const std::filesystem::path imagePath = pathFromUtf8(options.image);
    const std::filesystem::path truthPath = pathFromUtf8(options.groundTruth);
    const std::filesystem::path outPath = pathFromUtf8(options.out);
    const auto start = std::chrono::steady_clock::now();
    const cv::Size size = readImageSize(imagePath);
    const GroundTruth truth = readGroundTruth(truthPath, imagePath);
    DensityParams params;
    params.method = parseKernelMethod(options.method);
    params.sigma = options.sigma;
    params.border = parseBorderMode(options.border);
    const auto computeStart = std::chrono::steady_clock::now();
    cv::Mat density;
    try {
        density = makeDensityMap(truth.points, size, params);
    } catch (const std::bad_alloc&) {
        throw outOfMemoryError(truthPath,
                               "for a density map of " + std::to_string(size.width) + "x" +
                                   std::to_string(size.height) + " pixels",
                               "close other programs, or use a smaller image");
    }
    const double computeSeconds = secondsSince(computeStart);
    writeNpy(outPath, density);
    const double seconds = secondsSince(start);
    const std::size_t outside = countOutsideImage(truth.points, size);
    const double sum = cv::sum(density)[0];

    if (options.json) {
        nlohmann::json result = {{"image", pathToUtf8(imagePath)},
                                 {"ground_truth", pathToUtf8(truthPath)},
                                 {"out", pathToUtf8(outPath)},
                                 {"width", size.width},
                                 {"height", size.height},
                                 {"method", options.method},
                                 {"border", options.border},
                                 {"parameters", describe(params)},
                                 {"heads", truth.points.size()},
                                 {"outside_image", outside},
                                 {"sum", sum},
                                 {"compute_seconds", computeSeconds},
                                 {"seconds", seconds}};
        if (params.method == KernelMethod::Fixed)
            result["sigma"] = options.sigma;
        std::cout << result.dump(2) << "\n";
        return;
    }
    char line[256];
    std::snprintf(line, sizeof line, "heads %zu (%zu outside the image), sum %.4f, %.4f s",
                  truth.points.size(), outside, sum, seconds);
    std::cout << line << "\n"
              << describe(params) << " " << size.width << "x" << size.height << " -> "
              << pathToUtf8(outPath) << "\n";
}

} // namespace

void addDensityCommand(CLI::App& app) {
    auto options = std::make_shared<DensityOptions>();
    CLI::App* command =
        app.add_subcommand("density", "Compute the density map of one annotated image (.npy)");
    command->add_option("IMAGE", options->image, "Image file")->required();
    command
        ->add_option(
            "GT", options->groundTruth,
            "Ground-truth file: .mat, JHU-Crowd++ .txt, NWPU-Crowd .json or a CSV of points")
        ->required();
    command->add_option("--method", options->method, "Kernel width: adaptive or fixed")
        ->check(nameIn(parseKernelMethod))
        ->capture_default_str();
    command->add_option("--sigma", options->sigma, "Gaussian sigma in pixels for --method fixed")
        ->check(numberIn(0.0, kMaxFixedSigma))
        ->capture_default_str();
    command
        ->add_option("--border", options->border,
                     "preserve: each head sums to 1; scipy: mass lost at borders like SciPy")
        ->check(nameIn(parseBorderMode))
        ->capture_default_str();
    command->add_option("--out", options->out, "Output .npy (float32, height x width)")->required();
    command->add_flag("--json", options->json, "Print JSON instead of text");
    command->callback([options, command] {
        if (options->method == "adaptive" && command->count("--sigma") > 0)
            std::cerr << "crowdkd: note: --sigma is ignored with --method adaptive\n";
        runDensity(*options);
    });
}

} // namespace crowdkd::cli
