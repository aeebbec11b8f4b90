// bench_density [SHARED_DIR] [RUNS]: for part A train IMG_1 (1546 heads, 1024×768) and IMG_3, the
// median seconds of our density maps on one thread next to SciPy's recorded figure, and the
// scipy-mode maximum absolute difference against SciPy's map. Prints figures; never fails on time.
#include "base/error.h"
#include "base/file_io.h"
#include "data/density_map.h"
#include "data/ground_truth.h"
#include "data/image_io.h"
#include "data/mat_npy.h"

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace crowdkd;

namespace {

double medianSeconds(int runs, const std::vector<HeadPoint>& points, cv::Size size,
                     const DensityParams& params) {
    std::vector<double> seconds;
    for (int run = 0; run < runs; ++run) {
        const auto start = std::chrono::steady_clock::now();
        const cv::Mat map = makeDensityMap(points, size, params);
        seconds.push_back(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        if (map.empty())
            std::abort();
    }
    std::nth_element(seconds.begin(), seconds.begin() + runs / 2, seconds.end());
    return seconds[std::size_t(runs / 2)];
}

void benchImage(const fs::path& shared, const std::string& image, int runs) {
    const fs::path split = shared / "data/ShanghaiTech/part_A/train_data";
    const fs::path fixtures = shared / "fixtures/density";
    const GroundTruth truth = readGroundTruth(split / "ground-truth" / ("GT_" + image + ".mat"));
    const cv::Size size = readImageSize(split / "images" / (image + ".jpg"));
    const std::vector<std::uint8_t> jsonBytes = readFileBytes(fixtures / (image + ".json"));
    const nlohmann::json recorded = nlohmann::json::parse(jsonBytes.begin(), jsonBytes.end());

    std::printf("%s: %zu heads, %dx%d, median of %d runs on one thread\n", image.c_str(),
                truth.points.size(), size.width, size.height, runs);
    std::printf("  %-22s %12s %12s %10s %14s\n", "map", "ours [ms]", "SciPy [ms]", "speed-up",
                "max |diff|");
    struct Case {
        const char* label;
        const char* fixture; // map and json key stem
        DensityParams params;
    };
    const Case cases[] = {
        {"adaptive (scipy)", "adaptive", {KernelMethod::Adaptive, 0.0, BorderMode::SciPy}},
        {"adaptive (preserve)", "adaptive", {KernelMethod::Adaptive, 0.0, BorderMode::Preserve}},
        {"fixed 15 (scipy)", "fixed15", {KernelMethod::Fixed, 15.0, BorderMode::SciPy}},
        {"fixed 4 (scipy)", "fixed4", {KernelMethod::Fixed, 4.0, BorderMode::SciPy}},
    };
    for (const Case& c : cases) {
        const std::string key = std::string(c.fixture) + "_seconds";
        if (!recorded.contains(key))
            continue;
        const double ours = medianSeconds(runs, truth.points, size, c.params);
        const double scipy = recorded[key].get<double>();
        std::string difference = "-";
        const fs::path mapPath = fixtures / (image + "_" + c.fixture + ".npy");
        if (c.params.border == BorderMode::SciPy && fs::exists(mapPath)) {
            double worst = 0.0;
            cv::minMaxLoc(
                cv::abs(makeDensityMap(truth.points, size, c.params) - readNpyMat(mapPath)),
                nullptr, &worst);
            char text[32];
            std::snprintf(text, sizeof text, "%.3g", worst);
            difference = text;
        }
        std::printf("  %-22s %12.2f %12.2f %9.0fx %14s\n", c.label, ours * 1e3, scipy * 1e3,
                    scipy / ours, difference.c_str());
    }
}

} // namespace

int main(int argc, char** argv) {
    const fs::path shared = argc > 1 ? fs::path(argv[1]) : fs::path(CROWDKD_SHARED_DIR);
    const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 15;
    cv::setNumThreads(1);
    try {
        benchImage(shared, "IMG_1", runs);
        benchImage(shared, "IMG_3", runs);
    } catch (const FileError& error) {
        std::fprintf(stderr, "bench_density: %s (pass the shared folder as first argument)\n",
                     error.what());
        return 1;
    }
    return 0;
}
