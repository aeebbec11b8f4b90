// crowdkd: the command line of CrowdKD. Exit codes: 0 success, 1 runtime failure, 2 usage error.
#include "base/error.h"
#include "base/version.h"
#include "commands.h"
#include "local_launcher.h"
#include "nn/tensor_memory_cache.h"

#include <iostream>
#include <new>

int main(int argc, char** argv) {
    crowdkd::cli::rememberCommandLine(argc, argv);
    CLI::App app{"CrowdKD: crowd counting with knowledge distillation (M-SFANet teacher, MCNN "
                 "student)",
                 "crowdkd"};
    app.set_version_flag("--version", std::string("crowdkd ") + crowdkd::kVersion);
    app.require_subcommand(1);
    crowdkd::cli::addInfoCommand(app);
    crowdkd::cli::addDensityCommand(app);
    crowdkd::cli::addEvalCommand(app);
    crowdkd::cli::addCountCommand(app);
    crowdkd::cli::addProposeCommand(app);
    crowdkd::cli::addTrainCommand(app);
    crowdkd::cli::addExperimentCommand(app);
    crowdkd::cli::addExportCommand(app);

    // Counting, evaluation and training allocate the same large tensors over and over: reuse them
    // instead of paying the system's page faults each time (docs/export.md).
    crowdkd::nn::installTensorMemoryCache();
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        const int code = app.exit(error);
        return code == 0 ? 0 : 2;
    } catch (const crowdkd::FileError& error) {
        std::cerr << "crowdkd: error: " << error.what() << "\n";
        return 1;
    } catch (const std::bad_alloc&) {
        // The commands name the file they were working on; this is the last resort.
        std::cerr << "crowdkd: error: out of memory; close other programs, or use smaller "
                     "inputs\n";
        return 1;
    } catch (const std::exception& error) {
        std::cerr << "crowdkd: error: " << error.what() << "\n";
        return 1;
    }
    return 0;
}
