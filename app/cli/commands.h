#pragma once

#include "pipeline/head_proposals.h"

#include <CLI/CLI.hpp>

namespace crowdkd::cli {

// Each function adds one subcommand to the `crowdkd` application; its callback throws
// crowdkd::FileError or std::exception on failure, which main() turns into exit code 1.
void addTrainCommand(CLI::App& app);
void addExperimentCommand(CLI::App& app);

void addInfoCommand(CLI::App& app);
void addDensityCommand(CLI::App& app);
void addEvalCommand(CLI::App& app);
void addCountCommand(CLI::App& app);
void addProposeCommand(CLI::App& app);
void addExportCommand(CLI::App& app);

/// Adds --claim-radius and --region-cells (`propose` and `eval --points`).
void addProposalOptions(CLI::App& command, pipeline::ProposalParams& params);

} // namespace crowdkd::cli
