#pragma once

#include <torch/torch.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace crowdkd::pipeline {

/// Where this process stands in a data-parallel training, as torchrun, Slurm wrappers or
/// `crowdkd train --nproc` describe it in the environment.
struct DistributedSettings {
    int rank = 0;
    int worldSize = 1;
    int localRank = 0;
    std::string masterAddress = "127.0.0.1";
    int masterPort = 29500;
    /// "gloo" (CPU) or "nccl" (CUDA).
    std::string backend = "gloo";
    /// How long a collective or the rendezvous waits for the other ranks before failing.
    std::chrono::milliseconds timeout = std::chrono::minutes(5);

    bool distributed() const { return worldSize > 1; }

    /// The settings the environment gives (`RANK`, `WORLD_SIZE`, `LOCAL_RANK`, `MASTER_ADDR`,
    /// `MASTER_PORT`, read through `lookup`, e.g. std::getenv), or nullopt when `WORLD_SIZE` is
    /// unset or 1. Throws std::invalid_argument naming the variable for values that are not
    /// numbers or out of range (a rank outside the world, a port outside 1–65535).
    static std::optional<DistributedSettings>
    fromEnvironment(const std::function<const char*(const char*)>& lookup);
};

/// Whether this build can join a process group (LibTorch's c10d with Gloo: Debian's libgloo-dev).
bool distributedTrainingAvailable();

/// A c10d process group of the ranks of one training (Gloo on the CPU): the collectives the
/// trainer needs, each waiting at most the settings' timeout and throwing std::runtime_error
/// naming the operation when a rank fails or does not answer.
class ProcessGroup {
public:
    /// Joins the group: rank 0 serves the rendezvous (TCPStore) at the master address and port,
    /// the others connect to it. Throws std::runtime_error when the build has no Gloo, the
    /// backend is not available, or the ranks do not meet within the timeout.
    static std::unique_ptr<ProcessGroup> join(const DistributedSettings& settings);
    ~ProcessGroup();

    int rank() const;
    int size() const;

    /// Replaces each tensor by its mean over the ranks, in one flattened bucket per dtype (one
    /// message instead of one per tensor). The tensors must have the same shapes on every rank.
    void allReduceMean(const std::vector<torch::Tensor>& tensors);
    /// Replaces each tensor by its value on `root`.
    void broadcast(const std::vector<torch::Tensor>& tensors, int root = 0);
    /// Waits until every rank has reached it.
    void barrier();

private:
    struct Impl;
    explicit ProcessGroup(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace crowdkd::pipeline
