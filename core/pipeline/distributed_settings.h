#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace crowdkd::pipeline {

/// Where this process stands in a data-parallel training, as torchrun, Slurm wrappers or
/// `crowdkd train --nproc` describe it in the environment.
struct DistributedSettings {
    int rank = 0;
    int worldSize = 1;
    int localRank = 0;
    /// Ranks on this machine (`LOCAL_WORLD_SIZE`; the world size when unset): a rank whose thread
    /// count is left to it takes this share of the cores.
    int localWorldSize = 1;
    std::string masterAddress = "127.0.0.1";
    int masterPort = 29500;
    /// "gloo" (CPU) or "nccl" (CUDA).
    std::string backend = "gloo";
    /// How long a collective or the rendezvous waits for the other ranks before failing.
    std::chrono::milliseconds timeout = std::chrono::minutes(5);
    /// The launcher serves the rendezvous (`TORCHELASTIC_USE_AGENT_STORE=True`, as torchrun and
    /// `crowdkd train --nproc` do): rank 0 connects to it like the others instead of serving it.
    bool launcherServesRendezvous = false;
    /// Names this training's keys in the rendezvous: a Rendezvous's random token
    /// (`CROWDKD_RENDEZVOUS_ID`), so that only the ranks it launched find them, and torchrun's
    /// restart count (`TORCHELASTIC_RESTART_COUNT`), so that a restarted attempt never reads the
    /// keys of the failed one.
    std::string rendezvousId;

    bool distributed() const { return worldSize > 1; }

    /// The settings the environment gives (`RANK`, `WORLD_SIZE`, `LOCAL_RANK`, `MASTER_ADDR`,
    /// `MASTER_PORT`, `LOCAL_WORLD_SIZE`, `TORCHELASTIC_USE_AGENT_STORE`,
    /// `CROWDKD_RENDEZVOUS_ID`, `TORCHELASTIC_RESTART_COUNT`, read through `lookup`,
    /// e.g. std::getenv), or nullopt when `WORLD_SIZE` is unset or 1. Throws std::invalid_argument
    /// naming the variable for values that are not numbers or out of range (a rank outside the
    /// world, a port outside 1–65535).
    static std::optional<DistributedSettings>
    fromEnvironment(const std::function<const char*(const char*)>& lookup);
};

/// Whether this build can join a process group (LibTorch's c10d with Gloo: Debian's libgloo-dev).
bool distributedTrainingAvailable();

/// The rendezvous a launcher serves for the ranks it starts (a c10d TCPStore on a free port), so
/// that no rank has to be first and no port is guessed. LibTorch 1.13's store listens on every
/// interface whatever address it is given; the training's keys live under a random 128-bit token
/// that only the launched ranks are told, so another host can neither read nor replace them.
class Rendezvous {
public:
    /// Serves on 127.0.0.1 at a port the system chooses. Throws std::runtime_error when this build
    /// has no distributed training or the store cannot listen.
    Rendezvous();
    ~Rendezvous();
    Rendezvous(const Rendezvous&) = delete;
    Rendezvous& operator=(const Rendezvous&) = delete;

    std::string address() const { return "127.0.0.1"; }
    int port() const;
    /// The token the training's keys are named by (DistributedSettings::rendezvousId).
    const std::string& id() const { return m_id; }
    /// The variables a rank needs besides its own `RANK` and `LOCAL_RANK`: `WORLD_SIZE`,
    /// `LOCAL_WORLD_SIZE`, `MASTER_ADDR`, `MASTER_PORT`, `TORCHELASTIC_USE_AGENT_STORE` and
    /// `CROWDKD_RENDEZVOUS_ID`.
    std::vector<std::pair<std::string, std::string>> environment(int worldSize) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    std::string m_id;
};

} // namespace crowdkd::pipeline
