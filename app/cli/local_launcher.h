#pragma once

#include <string>
#include <vector>

namespace crowdkd::cli {

/// Keeps the program's command line for launchLocalRanks (called first thing in main; on Windows
/// the launcher reads the wide command line itself, so that paths in any language survive).
void rememberCommandLine(int argc, char** argv);

/// `crowdkd train --nproc N`: serves a rendezvous on a free loopback port and starts N copies of
/// this program, with the command line minus `--nproc`, as ranks 0…N−1 of one data-parallel
/// training (the torchrun variables in their environment). Ctrl-C and SIGTERM are passed on to
/// them once each (so the first Ctrl-C stops the training with a resumable checkpoint, as it
/// does alone). When a rank fails, the others are given time to stop on their own, naming it,
/// and are then terminated. Returns the exit status of the first rank that failed, else 0.
int launchLocalRanks(int processes);

} // namespace crowdkd::cli
