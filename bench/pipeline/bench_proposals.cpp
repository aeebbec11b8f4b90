// bench_proposals [SHARED_DIR] [RUNS]: proposing head points on part A train IMG_1 (1024×768, 1,546
// annotated heads) from the published MCNN's density, on one thread: the median milliseconds of
// proposeHeads next to the floor of issue #18.1 (a greedy peak picker with unit-Gaussian removal,
// bench/reference/proposal_reference.py, NumPy) run now, both scored by one-to-one matching at 8
// and 16 px; then the matching itself. Prints figures; never fails on time.
#include "base/npy.h"
#include "data/ground_truth.h"
#include "data/image_io.h"
#include "pipeline/head_proposals.h"
#include "pipeline/model_loader.h"
#include "pipeline/point_matching.h"
#include "pipeline/predictor.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace crowdkd;

namespace {

template <typename Work>
double medianMilliseconds(int runs, Work work) {
    std::vector<double> times;
    for (int run = 0; run < runs; ++run) {
        const auto start = std::chrono::steady_clock::now();
        work();
        times.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

/// The NumPy floor's figure and points, measured now; null when Python cannot run it.
nlohmann::json numpyReference(const fs::path& npy, const pipeline::DensityGeometry& geometry,
                              int runs) {
    const std::string command =
        std::string("/usr/bin/python3 ") + CROWDKD_SOURCE_DIR +
        "/bench/reference/proposal_reference.py '" + npy.string() + "' " +
        std::to_string(geometry.stride) + " " + std::to_string(geometry.scaleX) + " " +
        std::to_string(geometry.scaleY) + " " + std::to_string(runs) + " 2>/dev/null";
    std::string output;
    if (FILE* pipe = popen(command.c_str(), "r")) {
        char buffer[4096];
        while (std::fgets(buffer, sizeof buffer, pipe))
            output += buffer;
        if (pclose(pipe) != 0)
            return nullptr;
    }
    return output.empty() ? nlohmann::json() : nlohmann::json::parse(output);
}

void printScores(const char* label, double ms, const std::vector<HeadPoint>& points,
                 const std::vector<HeadPoint>& heads) {
    std::printf("  %-34s %9.1f %7zu", label, ms, points.size());
    for (const double radius : {8.0, 16.0})
        std::printf(" %8.3f", pipeline::scoreLocalisation(points, heads, radius).f1());
    std::printf("\n");
}

} // namespace

int main(int argc, char** argv) {
    const fs::path shared = argc > 1 ? fs::path(argv[1]) : fs::path(CROWDKD_SHARED_DIR);
    const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 11;
    const fs::path split = shared / "data/ShanghaiTech/part_A/train_data";
    const fs::path image = split / "images/IMG_1.jpg";
    const fs::path weights = shared / "fixtures/pretrained/mcnn_shtechA_svishwa.pth";
    if (!fs::exists(image) || !fs::exists(weights)) {
        std::printf("bench_proposals: needs %s and %s\n", image.c_str(), weights.c_str());
        return 0;
    }
    pipeline::setInferenceThreads(1);
    nn::DensityModel model = pipeline::loadDensityModel(weights, nn::ModelKind::Mcnn);
    const pipeline::Prediction prediction = pipeline::predictFile(model, image);
    const cv::Mat density = pipeline::densityAsMat(prediction.density);
    const cv::Size imageSize = readImageSize(image);
    const auto geometry =
        pipeline::DensityGeometry::of(density.size(), prediction.inputSize, imageSize);
    const std::vector<HeadPoint> heads =
        readGroundTruth(split / "ground-truth/GT_IMG_1.mat").points;
    std::printf("part A train IMG_1: %dx%d, %zu annotated heads, MCNN count %.1f, density %dx%d; "
                "median of %d runs, one thread\n",
                imageSize.width, imageSize.height, heads.size(), prediction.count, density.cols,
                density.rows, runs);
    std::printf("  %-34s %9s %7s %8s %8s\n", "method", "ms", "points", "F1@8", "F1@16");

    std::vector<HeadPoint> ours;
    const double oursMs = medianMilliseconds(runs, [&] {
        ours.clear();
        for (const auto& proposal : pipeline::proposeHeads(density, geometry))
            ours.push_back(proposal.point);
    });
    printScores("proposeHeads (CrowdKD)", oursMs, ours, heads);

    const fs::path npy = fs::temp_directory_path() / "crowdkd_bench_proposals_IMG_1.npy";
    writeNpy(npy, density.ptr<float>(),
             {static_cast<std::size_t>(density.rows), static_cast<std::size_t>(density.cols)});
    const nlohmann::json reference = numpyReference(npy, geometry, std::max(1, runs / 4));
    fs::remove(npy);
    if (reference.is_null()) {
        std::printf("  (floor not measured: no /usr/bin/python3 with NumPy)\n");
    } else {
        std::vector<HeadPoint> floor;
        for (const auto& point : reference["points"])
            floor.push_back({point[0].get<double>(), point[1].get<double>()});
        printScores("greedy unit-Gaussian floor (NumPy)", reference["ms"].get<double>(), floor,
                    heads);
    }

    for (const double radius : {8.0, 16.0}) {
        std::size_t matched = 0;
        const double ms = medianMilliseconds(
            runs, [&] { matched = pipeline::countMatches(ours, heads, radius); });
        std::printf("  matching at %2.0f px (Hopcroft-Karp): %.2f ms, %zu pairs\n", radius, ms,
                    matched);
    }
    return 0;
}
