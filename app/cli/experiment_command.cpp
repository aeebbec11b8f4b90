// `crowdkd experiment`: the paper's comparison — a plain MCNN student against one distilled student
// per α under the same seed and budget, evaluated on the test split, written as two tables.
#include "base/error.h"
#include "base/file_io.h"
#include "commands.h"
#include "pipeline/experiment.h"
#include "training_support.h"

#include <cmath>
#include <iostream>
#include <sstream>

namespace crowdkd::cli {

using namespace crowdkd::pipeline;

namespace {

// Most test images --max-test-images may name (0: all).
constexpr int kMaxTestImages = 10'000'000;

/// Training events of the current run, plus one line per run and evaluation progress.
class ExperimentPrinter : public ExperimentListener {
public:
    explicit ExperimentPrinter(bool json)
        : m_json(json) {}
    void onStarted(const TrainingStarted& s) override { m_run->onStarted(s); }
    void onIteration(const IterationProgress& p) override { m_run->onIteration(p); }
    void onValidation(const ValidationReport& r) override { m_run->onValidation(r); }
    void onCheckpoint(const CheckpointSaved& c) override { m_run->onCheckpoint(c); }
    void onMessage(const TrainingMessage& m) override { m_run->onMessage(m); }

    void onRunStarted(const std::string& name, int index, int count, bool skipped) override {
        m_run = std::make_unique<CliTrainingListener>(name, m_json);
        if (!m_json)
            std::cerr << "experiment: run " << index + 1 << "/" << count << " " << name
                      << (skipped ? " (finished earlier, skipped)" : "") << "\n";
    }
    void onRunFinished(const std::string&, const TrainingResult&) override { m_run->finish(); }
    void onEvaluation(const std::string& name, int done, int total) override {
        if (m_json)
            return;
        if (name != m_evaluating) {
            m_bar = std::make_unique<ProgressBar>("test " + name, static_cast<std::size_t>(total));
            m_evaluating = name;
        }
        m_bar->update(static_cast<std::size_t>(done));
        if (done == total)
            m_bar->finish();
    }

private:
    bool m_json;
    std::unique_ptr<CliTrainingListener> m_run = std::make_unique<CliTrainingListener>("", false);
    std::unique_ptr<ProgressBar> m_bar;
    std::string m_evaluating;
};

std::vector<double> parseAlphas(const std::string& text) {
    std::vector<double> alphas;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        std::size_t used = 0;
        double value = -1;
        try {
            value = std::stod(item, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used != item.size() || !std::isfinite(value) || value < 0 || value > 1)
            throw CLI::ValidationError("--alphas", "\"" + item + "\" is not a number in [0, 1]");
        alphas.push_back(value);
    }
    if (alphas.empty())
        throw CLI::ValidationError("--alphas", "no values");
    return alphas;
}

} // namespace

void addExperimentCommand(CLI::App& app) {
    struct Options {
        TrainingOptions training;
        std::string alphas = "0.1,0.3,0.5,0.7";
        std::string out;
        std::string testSplit = "test_data";
        int maxTestImages = 0;
    };
    auto options = std::make_shared<Options>();
    CLI::App* command = app.add_subcommand(
        "experiment", "Train a student and kd students for several alphas, evaluate them on the "
                      "test split and write the paper's tables (resumable)");
    addTrainingOptions(command, options->training);
    command->get_option("--data")->required();
    command->get_option("--teacher")->required();
    command->add_option("--alphas", options->alphas,
                        "Comma-separated alphas (default 0.1,0.3,0.5,0.7)");
    command->add_option("--out", options->out, "Experiment folder (one run folder per model)")
        ->required();
    command->add_option("--test-split", options->testSplit,
                        "Split to evaluate on (default test_data)");
    command
        ->add_option("--max-test-images", options->maxTestImages,
                     "Evaluate on at most N test images (quick runs); 0 = all (default)")
        ->check(integerIn(0, kMaxTestImages));

    command->callback([options] {
        ExperimentConfig config;
        config.training = toTrainingConfig(options->training);
        config.teacher = pathFromUtf8(options->training.teacher);
        config.alphas = parseAlphas(options->alphas);
        config.out = pathFromUtf8(options->out);
        config.testSplit = options->testSplit;
        config.maxTestImages = options->maxTestImages;
        config.distributed = distributedSettings(options->training, options->training.batch);
        TrainingControl control;
        ExperimentPrinter printer(options->training.json);
        ExperimentResult result;
        const bool reports = !config.distributed || config.distributed->rank == 0;
        {
            InterruptToCancel interrupt(control);
            result = runExperiment(config, reports ? &printer : nullptr, &control);
        }
        if (!reports)
            return;
        if (result.cancelled)
            throw std::runtime_error(options->out + ": experiment cancelled; run the same command "
                                                    "again to continue");
        const auto table1 = readFileBytes(result.table1Markdown);
        const auto table2 = readFileBytes(result.table2Markdown);
        std::cout << "Table 1\n\n"
                  << std::string(table1.begin(), table1.end()) << "\nTable 2\n\n"
                  << std::string(table2.begin(), table2.end());
    });
}

} // namespace crowdkd::cli
