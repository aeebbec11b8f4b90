// `crowdkd info DATASET [--json]`: the splits of a dataset, their layout, image and head counts,
// and the problems found in them.
#include "base/error.h"
#include "cli_support.h"
#include "commands.h"
#include "data/dataset.h"
#include "data/sample_check.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <iostream>
#include <limits>
#include <memory>
#include <mutex>
#include <thread>

namespace crowdkd::cli {

namespace {

struct InfoOptions {
    std::string dataset;
    bool json = false;
    bool checkImages = false;
};

// What reading a split's ground truth found.
struct SplitSummary {
    std::size_t annotated = 0;
    std::size_t heads = 0;
    std::size_t minHeads = 0;
    std::size_t maxHeads = 0;
    std::size_t outside = 0;
    std::vector<Problem> problems;
};

// Reads every ground-truth file of `split` (and, if asked, every image header) on all cores.
SplitSummary summarize(const Split& split, bool checkImages, ProgressBar& progress,
                       std::atomic<std::size_t>& done) {
    SplitSummary summary;
    summary.problems = split.problems;
    // One slot per sample, each a separate object that only the worker handling that sample
    // writes (a std::vector<bool> packs flags into shared words, and concurrent writes to
    // neighbouring flags lose some of them).
    struct SampleHeads {
        std::size_t count = 0;
        bool readable = false;
    };
    std::vector<SampleHeads> heads(split.samples.size());
    std::mutex problemsMutex;
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        for (std::size_t i = next++; i < split.samples.size(); i = next++) {
            const SampleCheck check = checkSample(split.samples[i], checkImages);
            heads[i] = {check.heads, check.groundTruthReadable};
            {
                std::lock_guard lock(problemsMutex);
                summary.outside += check.outside;
                summary.problems.insert(summary.problems.end(), check.problems.begin(),
                                        check.problems.end());
            }
            progress.update(++done, split.name);
        }
    };
    const unsigned threads = std::clamp(std::thread::hardware_concurrency(), 1u, 16u);
    std::vector<std::thread> workers;
    for (unsigned t = 1; t < threads; ++t)
        workers.emplace_back(work);
    work();
    for (std::thread& worker : workers)
        worker.join();

    summary.minHeads = std::numeric_limits<std::size_t>::max();
    for (const SampleHeads& one : heads) {
        if (!one.readable)
            continue;
        ++summary.annotated;
        summary.heads += one.count;
        summary.minHeads = std::min(summary.minHeads, one.count);
        summary.maxHeads = std::max(summary.maxHeads, one.count);
    }
    if (summary.annotated == 0)
        summary.minHeads = 0;
    return summary;
}

nlohmann::json problemsJson(const std::vector<Problem>& problems) {
    nlohmann::json list = nlohmann::json::array();
    for (const Problem& problem : problems)
        list.push_back({{"path", pathToUtf8(problem.path)}, {"message", problem.message}});
    return list;
}

void printProblems(const std::vector<Problem>& problems, const char* indent) {
    for (const Problem& problem : problems)
        std::cout << indent << pathToUtf8(problem.path) << ": " << problem.message << "\n";
}

void runInfo(const InfoOptions& options) {
    const Dataset dataset = openDataset(pathFromUtf8(options.dataset));
    std::size_t totalSamples = 0;
    for (const Split& split : dataset.splits)
        totalSamples += split.samples.size();
    ProgressBar progress("reading ground truth", totalSamples);
    std::atomic<std::size_t> done{0};
    std::vector<SplitSummary> summaries;
    for (const Split& split : dataset.splits)
        summaries.push_back(summarize(split, options.checkImages, progress, done));
    progress.finish();

    if (options.json) {
        nlohmann::json splits = nlohmann::json::array();
        for (std::size_t s = 0; s < dataset.splits.size(); ++s) {
            const Split& split = dataset.splits[s];
            const SplitSummary& summary = summaries[s];
            nlohmann::json entry = {
                {"name", split.name},
                {"path", pathToUtf8(split.path)},
                {"layout", toString(split.layout)},
                {"images", split.samples.size() + split.unannotated.size()},
                {"annotated", summary.annotated},
                {"unannotated", split.unannotated.size()},
                {"heads",
                 {{"total", summary.heads},
                  {"min", summary.minHeads},
                  {"max", summary.maxHeads},
                  {"mean",
                   summary.annotated ? double(summary.heads) / double(summary.annotated) : 0.0}}},
                {"problems", problemsJson(summary.problems)}};
            if (options.checkImages)
                entry["heads"]["outside_image"] = summary.outside;
            splits.push_back(entry);
        }
        std::cout << nlohmann::json{{"root", pathToUtf8(dataset.root)},
                                    {"splits", splits},
                                    {"problems", problemsJson(dataset.problems)}}
                         .dump(2)
                  << "\n";
        return;
    }

    std::cout << "dataset " << pathToUtf8(dataset.root) << ": " << dataset.splits.size()
              << (dataset.splits.size() == 1 ? " split\n" : " splits\n");
    for (std::size_t s = 0; s < dataset.splits.size(); ++s) {
        const Split& split = dataset.splits[s];
        const SplitSummary& summary = summaries[s];
        char heads[160];
        std::snprintf(heads, sizeof heads, "%zu (min %zu, max %zu, mean %.1f per image)",
                      summary.heads, summary.minHeads, summary.maxHeads,
                      summary.annotated ? double(summary.heads) / double(summary.annotated) : 0.0);
        std::cout << "\n"
                  << split.name << "  (" << pathToUtf8(split.path) << ")\n"
                  << "  layout:   " << toString(split.layout) << "\n"
                  << "  images:   " << split.samples.size() + split.unannotated.size() << " ("
                  << summary.annotated << " with readable ground truth)\n"
                  << "  heads:    " << heads << "\n";
        if (options.checkImages)
            std::cout << "  outside:  " << summary.outside << " heads outside their image\n";
        std::cout << "  problems: " << summary.problems.size() << "\n";
        printProblems(summary.problems, "    ");
    }
    if (!dataset.problems.empty()) {
        std::cout << "\nproblems outside splits: " << dataset.problems.size() << "\n";
        printProblems(dataset.problems, "  ");
    }
}

} // namespace

void addInfoCommand(CLI::App& app) {
    auto options = std::make_shared<InfoOptions>();
    CLI::App* command = app.add_subcommand(
        "info", "Show the splits of a dataset folder: layout, images, head counts, problems");
    command
        ->add_option(
            "DATASET", options->dataset,
            "Dataset folder (ShanghaiTech, UCF-QNRF, JHU-Crowd++, NWPU-Crowd, or images with a CSV "
            "of points), or one split folder")
        ->required();
    command->add_flag("--json", options->json, "Print JSON instead of text");
    command->add_flag("--check-images", options->checkImages,
                      "Also read every image header and count heads outside their image");
    command->callback([options] { runInfo(*options); });
}

} // namespace crowdkd::cli
