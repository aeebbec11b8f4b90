// bench_inference: how fast and how heavy each way of running the models is on this machine.
// For each backend and model it prints the weights file size, the load time, the median forward
// time at 1024×768 and 640×480 (after a warm-up), the peak memory added (VmHWM, each backend in a
// child process of its own so the figures do not mix) and the ratio to PyTorch eager, plus the
// count at 1024×768 relative to LibTorch eager. Timings depend on what else runs: the load average
// is printed before and after; repeat on a quiet machine.
//
// The children reuse freed tensor memory as the app does (nn::installTensorMemoryCache);
// --no-memory-cache measures without it.
//
//   bench_inference [--runs N] [--teacher-runs N] [--threads N] [--weights mcnn.pth] [--no-teacher]
//                   [--no-memory-cache]
#include "base/error.h"
#include "export/inference_backend.h"
#include "export/libtorch_archive.h"
#include "export/model_export.h"
#include "export/onnx_model.h"
#include "export/source_model.h"
#include "nn/tensor_memory_cache.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace crowdkd;
using namespace crowdkd::exporting;

namespace {

/// PyTorch 1.13 eager on this 2-core machine at 1024×768 (the figures the issue records).
constexpr double kPyTorchMcnnSeconds = 0.58;
constexpr double kPyTorchMsfaNetSeconds = 7.8;
/// A real 1024×768 test image, for realistic activations (random input otherwise).
constexpr const char* kImage = "data/ShanghaiTech/part_A/test_data/images/IMG_1.jpg";
constexpr const char* kPretrained = "fixtures/pretrained/mcnn_shtechA_svishwa.pth";

using Clock = std::chrono::steady_clock;

double seconds(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

/// VmHWM (peak resident set) of this process in MB.
double peakMegabytes() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0)
            return std::stod(line.substr(6)) / 1024.0;
    return 0.0;
}

std::string loadAverage() {
    std::ifstream file("/proc/loadavg");
    std::string one, five, fifteen;
    file >> one >> five >> fifteen;
    return one + " " + five + " " + fifteen;
}

torch::Tensor benchInput(int channels, int width, int height, nn::ModelKind kind) {
    const std::filesystem::path path = std::filesystem::path(CROWDKD_SHARED_DIR) / kImage;
    cv::Mat image =
        cv::imread(path.string(), channels == 1 ? cv::IMREAD_GRAYSCALE : cv::IMREAD_COLOR);
    if (image.empty())
        return torch::rand({1, channels, height, width}) * 255;
    cv::resize(image, image, cv::Size(width, height), 0, 0, cv::INTER_LINEAR);
    image.convertTo(image, CV_32F, kind == nn::ModelKind::Mcnn ? 1.0 : 1.0 / 255.0);
    torch::Tensor tensor =
        torch::from_blob(image.data, {height, width, channels}, torch::kFloat).permute({2, 0, 1});
    return tensor.unsqueeze(0).contiguous().clone();
}

/// One measurement, run in a child process: `--child <file> <backend> <runs>`.
int runChild(const std::string& file, const std::string& backendName, int runs) {
    const double baseline = peakMegabytes();
    const auto loadStart = Clock::now();
    std::unique_ptr<InferenceBackend> backend;
    if (backendName == "opencv") {
        backend = openOnnxBackend(file, Backend::OpenCv);
    } else {
        const LibTorchMode mode = backendName == "eager"           ? LibTorchMode::Eager
                                  : backendName == "channels-last" ? LibTorchMode::ChannelsLast
                                                                   : LibTorchMode::Mkldnn;
        SourceModel source = loadSourceModel(file);
        backend = makeLibTorchBackend(std::move(source.model), mode, source.metadata);
    }
    const double loadSeconds = seconds(loadStart);
    const ExportMetadata& metadata = backend->metadata();
    double count = 0.0;
    std::vector<double> medians;
    for (const auto& [width, height] : {std::pair{1024, 768}, std::pair{640, 480}}) {
        const torch::Tensor input =
            benchInput(metadata.inputChannels, width, height, metadata.kind);
        const torch::Tensor warm = backend->density(input);
        if (width == 1024)
            count = warm.sum().item<double>();
        std::vector<double> times;
        for (int i = 0; i < runs; ++i) {
            const auto start = Clock::now();
            backend->density(input);
            times.push_back(seconds(start));
        }
        std::sort(times.begin(), times.end());
        medians.push_back(times[times.size() / 2]);
    }
    std::printf("RESULT %.6f %.6f %.6f %.3f %.6f\n", loadSeconds, medians[0], medians[1],
                peakMegabytes() - baseline, count);
    return 0;
}

struct Row {
    std::string model, backend, file;
    double loadSeconds = 0, forward1024 = 0, forward640 = 0, peakMb = 0, count = 0;
    bool ok = false;
};

Row measure(const std::string& self, const std::string& model, const std::string& file,
            const std::string& backend, int runs, int threads, bool memoryCache) {
    Row row{model, backend, file};
    const std::string command = "'" + self + "' --threads " + std::to_string(threads) +
                                (memoryCache ? "" : " --no-memory-cache") + " --child '" + file +
                                "' " + backend + " " + std::to_string(runs);
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe)
        return row;
    char line[512];
    while (std::fgets(line, sizeof line, pipe)) {
        if (std::sscanf(line, "RESULT %lf %lf %lf %lf %lf", &row.loadSeconds, &row.forward1024,
                        &row.forward640, &row.peakMb, &row.count) == 5)
            row.ok = true;
    }
    pclose(pipe);
    return row;
}

} // namespace

int main(int argc, char** argv) {
    int runs = 7, teacherRuns = 3, threads = 0;
    bool teacher = true;
    bool memoryCache = true;
    std::string weights = std::string(CROWDKD_SHARED_DIR) + "/" + kPretrained;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--threads" && i + 1 < argc)
            threads = std::atoi(argv[++i]);
        else if (arg == "--runs" && i + 1 < argc)
            runs = std::atoi(argv[++i]);
        else if (arg == "--teacher-runs" && i + 1 < argc)
            teacherRuns = std::atoi(argv[++i]);
        else if (arg == "--weights" && i + 1 < argc)
            weights = argv[++i];
        else if (arg == "--no-teacher")
            teacher = false;
        else if (arg == "--no-memory-cache")
            memoryCache = false;
        else if (arg == "--child" && i + 3 < argc) {
            setInferenceThreads(threads);
            if (memoryCache)
                nn::installTensorMemoryCache();
            try {
                return runChild(argv[i + 1], argv[i + 2], std::atoi(argv[i + 3]));
            } catch (const std::exception& error) {
                std::fprintf(stderr, "bench_inference: %s\n", error.what());
                return 1;
            }
        }
    }
    setInferenceThreads(threads);
    std::printf("bench_inference: %d thread(s), %d runs (teacher %d), tensor memory cache %s, "
                "load average before: %s\n",
                torch::get_num_threads(), runs, teacherRuns, memoryCache ? "on" : "off",
                loadAverage().c_str());

    // The files every backend loads, exported once into a temporary folder.
    const std::filesystem::path folder =
        std::filesystem::temp_directory_path() / ("crowdkd_bench_" + std::to_string(getpid()));
    std::filesystem::create_directories(folder);
    nn::DensityModel mcnn(nn::ModelKind::Mcnn);
    ExportMetadata mcnnMetadata = ExportMetadata::forModel(mcnn);
    if (std::filesystem::exists(weights)) {
        SourceModel source = loadSourceModel(weights);
        mcnn = source.model;
        mcnnMetadata = source.metadata;
        std::printf("MCNN weights: %s\n", weights.c_str());
    } else {
        std::printf("MCNN weights: random (no %s)\n", weights.c_str());
    }
    const auto exportTo = [&](const nn::DensityModel& model, const ExportMetadata& metadata,
                              const std::string& name, ExportFormat format, bool fp16) {
        const std::filesystem::path path = folder / name;
        exportModel(model, metadata, path, ExportOptions{format, fp16});
        return path.string();
    };
    const std::string mcnnPt =
        exportTo(mcnn, mcnnMetadata, "mcnn.pt", ExportFormat::LibTorch, false);
    const std::string mcnnOnnx =
        exportTo(mcnn, mcnnMetadata, "mcnn.onnx", ExportFormat::Onnx, false);
    const std::string mcnnOnnx16 =
        exportTo(mcnn, mcnnMetadata, "mcnn_fp16.onnx", ExportFormat::Onnx, true);

    std::vector<Row> rows;
    const int childThreads = torch::get_num_threads();
    for (const char* backend : {"eager", "channels-last", "mkldnn"})
        rows.push_back(measure(argv[0], "mcnn", mcnnPt, backend, runs, childThreads, memoryCache));
    rows.push_back(measure(argv[0], "mcnn", mcnnOnnx, "opencv", runs, childThreads, memoryCache));
    rows.push_back(
        measure(argv[0], "mcnn fp16", mcnnOnnx16, "opencv", runs, childThreads, memoryCache));
    if (teacher) {
        nn::DensityModel msfanet(nn::ModelKind::MsfaNet);
        const std::string msfanetPt = exportTo(msfanet, ExportMetadata::forModel(msfanet),
                                               "msfanet.pt", ExportFormat::LibTorch, false);
        for (const char* backend : {"eager", "channels-last"})
            rows.push_back(measure(argv[0], "msfanet", msfanetPt, backend, teacherRuns,
                                   childThreads, memoryCache));
    }

    std::printf("\n%-10s %-24s %9s %8s %12s %11s %9s %9s %12s\n", "model", "backend", "weights",
                "load", "1024x768", "640x480", "peak+", "vs torch", "count diff");
    std::printf("%-10s %-24s %9s %8s %12s %11s %9s %9s %12s\n", "", "", "(MB)", "(s)", "(ms)",
                "(ms)", "(MB)", "eager", "(relative)");
    double mcnnReference = 0.0;
    for (const Row& row : rows) {
        if (!row.ok) {
            std::printf("%-10s %-24s failed\n", row.model.c_str(), row.backend.c_str());
            continue;
        }
        if (row.model == "mcnn" && row.backend == "eager")
            mcnnReference = row.count;
        const bool isTeacher = row.model == "msfanet";
        const double pytorch = isTeacher ? kPyTorchMsfaNetSeconds : kPyTorchMcnnSeconds;
        const double difference = !isTeacher && mcnnReference != 0.0
                                      ? std::abs(row.count - mcnnReference) / mcnnReference
                                      : 0.0;
        const std::string label =
            row.backend == "opencv" ? "opencv-dnn" : "libtorch " + row.backend;
        std::printf("%-10s %-24s %9.3f %8.3f %12.1f %11.1f %9.1f %8.2fx %12.2e\n",
                    row.model.c_str(), label.c_str(), std::filesystem::file_size(row.file) / 1e6,
                    row.loadSeconds, row.forward1024 * 1e3, row.forward640 * 1e3, row.peakMb,
                    pytorch / row.forward1024, difference);
    }
    std::printf("\n(vs torch eager: PyTorch 1.13 eager at 1024x768 on this machine took %.2f s for "
                "MCNN, %.1f s for M-SFANet; > 1 is faster)\nload average after: %s\n",
                kPyTorchMcnnSeconds, kPyTorchMsfaNetSeconds, loadAverage().c_str());
    std::filesystem::remove_all(folder);
    return 0;
}
