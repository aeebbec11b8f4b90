// bench_eval [SHARED_DIR] [--images N] [--threads T]: images per second of `crowdkd eval` with
// svishwa's MCNN on ShanghaiTech part A's test images (decoding overlapped with inference),
// next to PyTorch eager on this machine. Prints figures; never fails on time.
#include "base/error.h"
#include "data/dataset.h"
#include "pipeline/evaluator.h"
#include "pipeline/model_loader.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>

namespace {

/// PyTorch 1.13 eager, same preprocessing, 2 cores: about 69 s for the 182 test images.
constexpr double kPyTorchSeconds = 69.0;
/// …and 0.58 s for one 1024×768 image.
constexpr double kPyTorchSecondsPerLargeImage = 0.58;

} // namespace

int main(int argc, char** argv) {
    std::filesystem::path shared = "../shared";
    if (const char* fromEnvironment = std::getenv("CROWDKD_SHARED_DIR"))
        shared = fromEnvironment;
    std::size_t limit = 0;
    int threads = 0;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--images") && i + 1 < argc)
            limit = std::stoul(argv[++i]);
        else if (!std::strcmp(argv[i], "--threads") && i + 1 < argc)
            threads = std::stoi(argv[++i]);
        else
            shared = crowdkd::pathFromUtf8(argv[i]);
    }
    const auto weights = shared / "fixtures/pretrained/mcnn_shtechA_svishwa.pth";
    const auto data = shared / "data/ShanghaiTech/part_A/test_data";
    if (!std::filesystem::exists(weights) || !std::filesystem::exists(data)) {
        std::fprintf(stderr, "bench_eval: shared data not found under %s (pass SHARED_DIR)\n",
                     crowdkd::pathToUtf8(shared).c_str());
        return 1;
    }
    try {
        crowdkd::nn::DensityModel model =
            crowdkd::pipeline::loadDensityModel(weights, crowdkd::nn::ModelKind::Mcnn);
        crowdkd::Split split = crowdkd::openSplit(data);
        if (limit > 0 && limit < split.samples.size())
            split.samples.resize(limit);
        crowdkd::pipeline::EvaluationOptions options;
        options.threads = threads;
        const auto result = crowdkd::pipeline::evaluateSplit(model, split, options);

        double modelSeconds = 0.0;
        double largeSeconds = 0.0;
        int largeImages = 0;
        for (const auto& image : result.images) {
            modelSeconds += image.seconds;
            if (image.inputWidth == 1024 && image.inputHeight == 768) {
                largeSeconds += image.seconds;
                ++largeImages;
            }
        }
        const double images = static_cast<double>(result.images.size());
        std::printf("MCNN evaluation, %zu part_A test images, %d LibTorch threads, %u cores\n",
                    result.images.size(), torch::get_num_threads(),
                    std::thread::hardware_concurrency());
        std::printf("  CrowdKD:  %.1f s total, %.2f images/s (model alone %.1f s)\n",
                    result.seconds, images / result.seconds, modelSeconds);
        if (largeImages)
            std::printf("            %.3f s per 1024x768 image (%d such images)\n",
                        largeSeconds / largeImages, largeImages);
        if (result.images.size() == 182)
            std::printf("  PyTorch:  %.1f s total, %.2f images/s, %.2f s per 1024x768 image\n",
                        kPyTorchSeconds, 182.0 / kPyTorchSeconds, kPyTorchSecondsPerLargeImage);
        std::printf("  MAE %.2f  RMSE %.2f\n", result.mae, result.rmse);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "bench_eval: %s\n", error.what());
        return 1;
    }
    return 0;
}
