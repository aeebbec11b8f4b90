// bench_memory: the peak memory of each model per input pixel, the figures behind
// nn::inferenceBytesPerPixel and nn::trainingBytesPerPixel (docs/reliability.md). Each measurement
// runs in a child process of its own: it builds the model, warms it up on a small input, then
// runs one forward (inference, each LibTorch mode) or one training step (forward, backward, Adam)
// at the given size; the parent prints the peak resident memory (VmHWM) the step added, and the
// slope between two sizes, which is the per-pixel cost without the fixed part. Children reuse freed
// tensor memory as the programs do (nn::installTensorMemoryCache); --no-memory-cache measures
// without it. Prints figures; never fails.
//
//   bench_memory [--threads N] [--no-memory-cache] [--no-teacher]
#include "export/inference_backend.h"
#include "nn/density_model.h"
#include "nn/losses.h"
#include "nn/tensor_memory_cache.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

using namespace crowdkd;

namespace {

/// VmHWM (peak resident set) of this process in bytes.
double peakBytes() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0)
            return std::stod(line.substr(6)) * 1024.0;
    return 0.0;
}

/// `--child <kind> <mode> <side> <batch>`: mode is eager, channels-last, mkldnn, train,
/// train-onednn or train-onednn-varied.
int runChild(const std::string& kindName, const std::string& mode, int side, int batch) {
    const nn::ModelKind kind = nn::modelKindFromString(kindName);
    nn::DensityModel model(kind);
    const int channels = model.inputChannels();
    const int warmSide = kind == nn::ModelKind::Mcnn ? 64 : 64;
    if (mode.rfind("train", 0) == 0) {
        // "train": LibTorch's own path; "train-onednn": the trainer's on a CPU (channels-last,
        // the columns as oneDNN primitives); "-varied" steps at four sizes just below `side`, as
        // whole images or patches of different sizes do, and reports the peak of them all.
        const bool oneDnn = mode.find("onednn") != std::string::npos;
        const bool varied = mode.find("varied") != std::string::npos;
        if (oneDnn) {
            model.useChannelsLast();
            model.useOneDnnTraining(nn::Precision::Float32);
        }
        model.train();
        torch::optim::Adam optimizer(model.parameters(), torch::optim::AdamOptions(1e-4));
        const auto step = [&](int s) {
            const torch::Tensor input = torch::rand({batch, channels, s, s});
            const int out = s / model.outputStride();
            optimizer.zero_grad();
            const nn::ModelOutput output = model.forward(input);
            const torch::Tensor target = torch::zeros({batch, 1, out, out});
            const nn::LossValue loss =
                kind == nn::ModelKind::Mcnn
                    ? nn::studentLoss(output.density, target)
                    : nn::teacherLoss(output.density, output.attention, target);
            loss.total.backward();
            optimizer.step();
        };
        step(warmSide);
        const double baseline = peakBytes();
        if (varied)
            for (int smaller : {24, 16, 8})
                step(side - smaller);
        step(side);
        std::printf("RESULT %.0f %.0f\n", peakBytes() - baseline, baseline);
        return 0;
    }
    const exporting::LibTorchMode libTorchMode = exporting::libTorchModeFromString(mode);
    const auto backend = exporting::makeLibTorchBackend(model, libTorchMode);
    backend->density(torch::rand({1, channels, warmSide, warmSide}));
    const torch::Tensor input = torch::rand({1, channels, side, side}) * 255;
    const double baseline = peakBytes();
    backend->density(input);
    std::printf("RESULT %.0f %.0f\n", peakBytes() - baseline, baseline);
    return 0;
}

struct Measure {
    double added = -1;    ///< bytes the step added to the peak
    double baseline = -1; ///< the process's peak before it (libraries, model, warm-up)
};

Measure measure(const std::string& self, const std::string& options, const std::string& kind,
                const std::string& mode, int side, int batch) {
    const std::string command = "'" + self + "' " + options + " --child " + kind + " " + mode +
                                " " + std::to_string(side) + " " + std::to_string(batch);
    Measure result;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe)
        return result;
    char line[256];
    while (std::fgets(line, sizeof line, pipe))
        std::sscanf(line, "RESULT %lf %lf", &result.added, &result.baseline);
    pclose(pipe);
    return result;
}

} // namespace

int main(int argc, char** argv) {
    int threads = 0;
    bool memoryCache = true;
    bool teacher = true;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--threads" && i + 1 < argc) {
            threads = std::atoi(argv[++i]);
        } else if (arg == "--no-memory-cache") {
            memoryCache = false;
        } else if (arg == "--no-teacher") {
            teacher = false;
        } else if (arg == "--child" && i + 4 < argc) {
            exporting::setInferenceThreads(threads);
            if (memoryCache)
                nn::installTensorMemoryCache();
            try {
                return runChild(argv[i + 1], argv[i + 2], std::atoi(argv[i + 3]),
                                std::atoi(argv[i + 4]));
            } catch (const std::exception& error) {
                std::fprintf(stderr, "bench_memory: %s\n", error.what());
                return 1;
            }
        }
    }
    const std::string options =
        "--threads " + std::to_string(threads) + (memoryCache ? "" : " --no-memory-cache");
    std::printf("bench_memory: tensor memory cache %s; peak memory added by one step, and per "
                "input pixel between the two sizes\n\n",
                memoryCache ? "on" : "off");
    std::printf("%-8s %-20s %5s %10s %10s %12s %12s %14s\n", "model", "step", "batch", "side 1",
                "side 2", "added 1 (MB)", "added 2 (MB)", "bytes / pixel");
    struct Case {
        const char* kind;
        const char* mode;
        int batch;
        int small;
        int large;
    };
    std::vector<Case> cases = {
        {"mcnn", "eager", 1, 1024, 2048},       {"mcnn", "channels-last", 1, 1024, 2048},
        {"mcnn", "mkldnn", 1, 1024, 2048},      {"mcnn", "train", 4, 256, 512},
        {"mcnn", "train", 1, 512, 1024},        {"mcnn", "train-onednn", 4, 256, 512},
        {"mcnn", "train-onednn", 1, 512, 1024}, {"mcnn", "train-onednn-varied", 1, 512, 1024},
    };
    if (teacher) {
        cases.push_back({"msfanet", "eager", 1, 512, 1024});
        cases.push_back({"msfanet", "channels-last", 1, 512, 1024});
        cases.push_back({"msfanet", "train", 2, 128, 256});
    }
    for (const Case& c : cases) {
        const Measure small = measure(argv[0], options, c.kind, c.mode, c.small, c.batch);
        const Measure large = measure(argv[0], options, c.kind, c.mode, c.large, c.batch);
        const double pixels =
            static_cast<double>(c.batch) *
            (static_cast<double>(c.large) * c.large - static_cast<double>(c.small) * c.small);
        std::printf("%-8s %-20s %5d %10d %10d %12.1f %12.1f %14.0f   (process before: %.0f MB)\n",
                    c.kind, c.mode, c.batch, c.small, c.large, small.added / 1e6, large.added / 1e6,
                    (large.added - small.added) / pixels, large.baseline / 1e6);
    }
    return 0;
}
