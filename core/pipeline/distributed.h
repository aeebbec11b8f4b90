#pragma once

#include "pipeline/distributed_settings.h"

#include <torch/torch.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace crowdkd::pipeline {

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
    /// Replaces each tensor by its sum over the ranks, bucketed as allReduceMean.
    void allReduceSum(const std::vector<torch::Tensor>& tensors);
    /// Replaces each tensor by its value on `root`.
    void broadcast(const std::vector<torch::Tensor>& tensors, int root = 0);
    /// Waits until every rank has reached it.
    void barrier();

    /// Work each rank does on its own before the next collective (its share of the teacher's
    /// maps) may take longer than the timeout: reportProgress(work) as it goes, then
    /// awaitWork(work) waits until every rank has finished that work, failing (naming the rank)
    /// only when one reports no progress for a whole timeout. Each name is used once per join.
    void reportProgress(const std::string& work);
    void awaitWork(const std::string& work);

    /// Why a collective failed, for the user: which ranks no longer answer (a roll call over the
    /// rendezvous, waiting a few seconds for each), or that the rendezvous itself is gone, followed
    /// by `error`. Call it on every rank whose collective failed.
    std::string explainFailure(const std::string& error);

private:
    friend class GradientReducer;
    struct Impl;
    explicit ProcessGroup(std::unique_ptr<Impl> impl);
    void allReduce(const std::vector<torch::Tensor>& tensors, bool mean);
    std::unique_ptr<Impl> m_impl;
};

/// Averages a model's gradients over the ranks while backward still runs, as PyTorch's
/// DistributedDataParallel does: the parameters are grouped in buckets in reverse order (the order
/// backward produces their gradients; the first bucket small so that communication starts early),
/// a hook copies each gradient into its bucket as it is computed, and a full bucket's all-reduce
/// starts at once on c10d's threads, in bucket order on every rank. (LibTorch's own c10d::Reducer
/// cannot be used: its header needs distributed-autograd headers that Debian does not ship.)
class GradientReducer {
public:
    /// Hooks `parameters` (dense, each used by backward once per step or not at all; frozen ones
    /// are left out). `extraValues`
    /// float values are averaged with the last bucket at no extra message (the step's loss parts
    /// and stop flag).
    GradientReducer(ProcessGroup& group, std::vector<torch::Tensor> parameters,
                    std::int64_t extraValues);
    ~GradientReducer();
    GradientReducer(const GradientReducer&) = delete;
    GradientReducer& operator=(const GradientReducer&) = delete;

    /// Call before backward with the step's `extra` values (extraValues floats).
    void prepare(const torch::Tensor& extra);
    /// Call after backward: starts the buckets that are not started yet (parameters that got no
    /// gradient count as zero), waits for all of them, replaces every gradient by its mean over
    /// the ranks and returns the mean of `extra`. Throws std::runtime_error when a rank fails.
    torch::Tensor finish();
    /// How many buckets the parameters fill (the bench reports it).
    std::size_t bucketCount() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace crowdkd::pipeline
