// Training throughput: crops per second of plain student training, kd with the teacher cache and kd
// with the teacher on the fly, on the same crops (same seed); and one MCNN training step on a
// 256×256 crop. Prints figures; never fails on time.
//
// Usage: bench_training [PART_A_TRAIN_DIR] [TEACHER] [IMAGES] [THREADS]
//   defaults: ../shared/data/ShanghaiTech/part_A/train_data, the svishwa MCNN weights, 24, all
//   cores. Freed tensor memory is reused as in the app (nn::installTensorMemoryCache), unless the
//   environment sets CROWDKD_NO_MEMORY_CACHE=1.
#include "nn/density_model.h"
#include "nn/losses.h"
#include "nn/tensor_memory_cache.h"
#include "pipeline/trainer.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

namespace fs = std::filesystem;
using namespace crowdkd;
using namespace crowdkd::pipeline;

namespace {

/// Keeps the throughput of the last training step before validation.
class Throughput : public TrainingListener {
public:
    double samplesPerSecond = 0;
    double seconds = 0;
    void onIteration(const IterationProgress& progress) override {
        samplesPerSecond = progress.samplesPerSecond;
        seconds = progress.elapsedSeconds;
    }
};

double trainOnce(TrainingConfig config, const fs::path& dir, const char* label) {
    fs::remove_all(dir);
    Throughput throughput;
    const TrainingResult result = Trainer(config, dir).run(&throughput);
    if (result.status != TrainingStatus::Finished) {
        std::printf("%-26s failed: %s\n", label, result.message.c_str());
        return 0;
    }
    std::printf("%-26s %7.2f crops/s  (%.1f s per epoch of training)\n", label,
                throughput.samplesPerSecond, throughput.seconds / config.epochs);
    return throughput.samplesPerSecond;
}

/// How an MCNN training step runs.
enum class StepPath {
    Default,      ///< LibTorch, default (NCHW) layout
    ChannelsLast, ///< LibTorch, channels-last
    OneDnn        ///< the columns as oneDNN primitives, channels-last elsewhere (the trainer's)
};

/// The median time of one MCNN training step with Adam on `batch` crops of 256×256: the plain
/// student loss, or with `kd` the distillation loss against a cached teacher map (what a kd step
/// adds when the teacher's maps are cached).
double medianStepMilliseconds(int threads, int batch, StepPath path, bool kd) {
    torch::set_num_threads(threads);
    torch::manual_seed(1);
    nn::DensityModel model(nn::ModelKind::Mcnn);
    if (path != StepPath::Default)
        model.useChannelsLast();
    if (path == StepPath::OneDnn && !model.useOneDnnTraining())
        return 0;
    model.train();
    torch::optim::Adam optimizer(model.parameters(), torch::optim::AdamOptions(1e-4));
    const torch::Tensor input = torch::rand({batch, 1, 256, 256}) * 255;
    const torch::Tensor target = torch::rand({batch, 1, 64, 64}) * 1e-2;
    const torch::Tensor teacher = torch::rand({batch, 1, 64, 64}) * 1e-2;
    std::vector<double> times;
    for (int i = 0; i < 25; ++i) {
        const auto start = std::chrono::steady_clock::now();
        optimizer.zero_grad();
        const torch::Tensor density = model.forward(input).density;
        const nn::LossValue loss = kd ? nn::distillationLoss(density, target, teacher, 0.5)
                                      : nn::studentLoss(density, target);
        loss.total.backward();
        optimizer.step();
        times.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
    }
    times.erase(times.begin(), times.begin() + 5); // warm-up
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

/// The median time of one M-SFANet (teacher) training step on 2 crops of 3×256×256 with Adam and
/// the teacher loss.
double medianTeacherStepMilliseconds(int threads, bool channelsLast) {
    torch::set_num_threads(threads);
    torch::manual_seed(1);
    nn::DensityModel model(nn::ModelKind::MsfaNet);
    if (channelsLast)
        model.useChannelsLast();
    model.train();
    torch::optim::Adam optimizer(model.parameters(), torch::optim::AdamOptions(1e-4));
    const torch::Tensor input = torch::randn({2, 3, 256, 256});
    const torch::Tensor target = torch::rand({2, 1, 128, 128}) * 1e-2;
    std::vector<double> times;
    for (int i = 0; i < 6; ++i) {
        const auto start = std::chrono::steady_clock::now();
        optimizer.zero_grad();
        const nn::ModelOutput output = model.forward(input);
        nn::teacherLoss(output.density, output.attention, target).total.backward();
        optimizer.step();
        times.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
    }
    times.erase(times.begin()); // warm-up
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

/// PyTorch's figure for the same step, measured now by bench/reference/pytorch_reference.py
/// (Debian's python3-torch); empty when it cannot run.
std::string pytorchReference(int threads) {
    const std::string command =
        std::string("/usr/bin/python3 ") + CROWDKD_SOURCE_DIR +
        "/bench/reference/pytorch_reference.py --training-only --teacher --threads " +
        std::to_string(threads) + " 2>/dev/null";
    std::string output;
    if (FILE* pipe = popen(command.c_str(), "r")) {
        char buffer[256];
        while (std::fgets(buffer, sizeof buffer, pipe))
            output += buffer;
        if (pclose(pipe) != 0)
            output.clear();
    }
    return output;
}

} // namespace

int main(int argc, char** argv) {
    const fs::path shared = fs::path(CROWDKD_SHARED_DIR);
    const fs::path data =
        argc > 1 ? fs::path(argv[1]) : shared / "data/ShanghaiTech/part_A/train_data";
    const fs::path teacher =
        argc > 2 ? fs::path(argv[2]) : shared / "fixtures/pretrained/mcnn_shtechA_svishwa.pth";
    const int images = argc > 3 ? std::stoi(argv[3]) : 24;
    const int threads = argc > 4
                            ? std::stoi(argv[4])
                            : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const fs::path work = fs::temp_directory_path() / "crowdkd-bench-training";
    const char* noCache = std::getenv("CROWDKD_NO_MEMORY_CACHE");
    const bool memoryCache = !noCache || std::string(noCache) != "1";
    if (memoryCache)
        nn::installTensorMemoryCache();
    std::printf("tensor memory cache %s\n", memoryCache ? "on" : "off");

    std::printf("MCNN training step on 256×256 crops, Adam, %d threads (median ms per step):\n",
                threads);
    for (const int batch : {1, 4}) {
        const double eager = medianStepMilliseconds(threads, batch, StepPath::Default, false);
        const double channelsLast =
            medianStepMilliseconds(threads, batch, StepPath::ChannelsLast, false);
        const double oneDnn = medianStepMilliseconds(threads, batch, StepPath::OneDnn, false);
        const double kd = medianStepMilliseconds(threads, batch, StepPath::OneDnn, true);
        std::printf("  batch %d: LibTorch default layout %.1f, channels-last %.1f; oneDNN columns "
                    "(the trainer's) %.1f, %.1f per crop; kd with cached teacher %.1f (%.2f× the "
                    "plain step)\n",
                    batch, eager, channelsLast, oneDnn, oneDnn / batch, kd,
                    oneDnn > 0 ? kd / oneDnn : 0.0);
    }
    for (const bool channelsLast : {false, true}) {
        const double teacher = medianTeacherStepMilliseconds(threads, channelsLast);
        std::printf(
            "M-SFANet training step, 2×3×256×256, Adam, %s: median %.0f ms (%.2f crops/s)\n",
            channelsLast ? "channels-last (the trainer's)" : "default layout", teacher,
            2000.0 / teacher);
    }
    const std::string reference = pytorchReference(threads);
    std::printf("PyTorch eager, same machine, now:\n%s",
                reference.empty() ? "  (not measured: no /usr/bin/python3 with torch)\n"
                                  : reference.c_str());

    if (!fs::exists(data)) {
        std::printf("bench_training: %s not found; nothing measured\n", data.string().c_str());
        return 0;
    }

    TrainingConfig config;
    config.data = data;
    config.maxImages = images;
    config.crop = 256;
    config.batchSize = 4;
    config.epochs = 2;
    config.validateEvery = 1000; // validation only after the last epoch, outside the timing
    config.logEvery = 1;
    config.threads = threads;
    config.seed = 5;
    config.mode = TrainingMode::Student;
    std::printf("%d images (10%% held out), crops 256², batches of 4, 2 epochs, %d threads\n",
                images, threads);
    // A warm-up run fills the density cache, so that no run below pays for density maps.
    config.epochs = 1;
    trainOnce(config, work / "warmup", "warm-up (density cache)");
    config.epochs = 2;
    const double student = trainOnce(config, work / "student", "student");
    config.mode = TrainingMode::Kd;
    config.teacher = teacher;
    const double cached = trainOnce(config, work / "kd-cache", "kd, teacher cache");
    config.teacherCache = false;
    const double onTheFly = trainOnce(config, work / "kd-fly", "kd, teacher on the fly");
    if (student > 0 && cached > 0 && onTheFly > 0)
        std::printf("time per epoch relative to student: kd cached %.2f×, kd on the fly %.2f×\n",
                    student / cached, student / onTheFly);
    fs::remove_all(work);
    return 0;
}
