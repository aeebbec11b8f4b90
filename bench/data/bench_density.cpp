// bench_density [SHARED_DIR] [RUNS]: for part A train IMG_1 (1546 heads, 1024×768) and IMG_3, the
// median seconds of our density maps on one thread next to SciPy's recorded figure, and the
// scipy-mode maximum absolute difference against SciPy's map; then adaptive maps of piled-up heads
// (200 000 on one pixel, 2 000 000 on 5 spots with sub-pixel jitter), which a uniform grid made
// quadratic. Prints figures; never fails on time.
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
#include <random>
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

/// Adaptive maps of heads piled on a few spots, on a 640×480 image.
void benchPiledUpHeads(int runs) {
    std::printf("piled-up heads, adaptive (preserve), 640x480, median of %d runs on one thread\n",
                runs);
    struct Case {
        const char* label;
        std::size_t heads;
        int spots;
        double jitter;
    };
    const Case cases[] = {{"200 000 heads on one pixel", 200'000, 1, 0.0},
                          {"2 000 000 heads, 5 spots, jitter 0.4 px", 2'000'000, 5, 0.4}};
    for (const Case& c : cases) {
        std::mt19937 random(14);
        std::uniform_real_distribution<double> jitter(-c.jitter, c.jitter);
        std::vector<HeadPoint> heads;
        heads.reserve(c.heads);
        for (std::size_t i = 0; i < c.heads; ++i) {
            const double spot = static_cast<double>(i % static_cast<std::size_t>(c.spots));
            heads.push_back({100.5 + 90.0 * spot + (c.jitter > 0 ? jitter(random) : 0.0),
                             100.5 + 50.0 * spot + (c.jitter > 0 ? jitter(random) : 0.0)});
        }
        const double seconds = medianSeconds(runs, heads, {640, 480}, {});
        std::printf("  %-42s %10.1f ms\n", c.label, seconds * 1e3);
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
        benchPiledUpHeads(std::max(1, runs / 5));
    } catch (const FileError& error) {
        std::fprintf(stderr, "bench_density: %s (pass the shared folder as first argument)\n",
                     error.what());
        return 1;
    }
    return 0;
}
