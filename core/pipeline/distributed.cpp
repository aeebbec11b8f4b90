#include "pipeline/distributed.h"

#include <climits>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <map>
#include <stdexcept>
#include <thread>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#ifdef CROWDKD_HAVE_GLOO
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#endif

namespace crowdkd::pipeline {

namespace {

/// The integer in `name`'s value, checked against [min, max].
int integerVariable(const char* name, const char* text, long min, long max) {
    errno = 0;
    char* end = nullptr;
    const long value = std::strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value < min || value > max)
        throw std::invalid_argument(std::string(name) + "=" + text + ": expected an integer from " +
                                    std::to_string(min) + " to " + std::to_string(max));
    return static_cast<int>(value);
}

} // namespace

std::optional<DistributedSettings>
DistributedSettings::fromEnvironment(const std::function<const char*(const char*)>& lookup) {
    const char* world = lookup("WORLD_SIZE");
    if (!world || !*world)
        return std::nullopt;
    DistributedSettings settings;
    settings.worldSize = integerVariable("WORLD_SIZE", world, 1, 1 << 20);
    if (settings.worldSize == 1)
        return std::nullopt;
    const char* rank = lookup("RANK");
    if (!rank || !*rank)
        throw std::invalid_argument("WORLD_SIZE is set but RANK is not");
    settings.rank = integerVariable("RANK", rank, 0, settings.worldSize - 1);
    if (const char* local = lookup("LOCAL_RANK"); local && *local)
        settings.localRank = integerVariable("LOCAL_RANK", local, 0, settings.worldSize - 1);
    if (const char* address = lookup("MASTER_ADDR"); address && *address)
        settings.masterAddress = address;
    if (const char* port = lookup("MASTER_PORT"); port && *port)
        settings.masterPort = integerVariable("MASTER_PORT", port, 1, 65535);
    settings.localWorldSize = settings.worldSize;
    if (const char* local = lookup("LOCAL_WORLD_SIZE"); local && *local)
        settings.localWorldSize = integerVariable("LOCAL_WORLD_SIZE", local, 1, settings.worldSize);
    if (const char* agent = lookup("TORCHELASTIC_USE_AGENT_STORE"); agent && *agent) {
        const std::string value = agent;
        settings.launcherServesRendezvous = value == "True" || value == "true" || value == "1";
    }
    return settings;
}

#ifdef CROWDKD_HAVE_GLOO

bool distributedTrainingAvailable() {
    return true;
}

struct ProcessGroup::Impl {
    c10::intrusive_ptr<c10d::Store> store;
    c10::intrusive_ptr<c10d::ProcessGroupGloo> group;
    std::string rendezvous; ///< host:port, for messages
    int rollCalls = 0;
};

struct Rendezvous::Impl {
    c10::intrusive_ptr<c10d::TCPStore> store;
};

Rendezvous::Rendezvous()
    : m_impl(std::make_unique<Impl>()) {
    c10d::TCPStoreOptions options;
    options.port = 0; // the system chooses a free one
    options.isServer = true;
    options.waitWorkers = false;
    try {
        m_impl->store = c10::make_intrusive<c10d::TCPStore>(address(), options);
    } catch (const std::exception& e) {
        throw std::runtime_error(std::string("cannot serve the training's rendezvous on ") +
                                 address() + ": " + e.what());
    }
}

int Rendezvous::port() const {
    return m_impl->store->getPort();
}

namespace {

/// Gloo allocates its ring buffers anew for every all-reduce. Above glibc's mmap threshold (at
/// most 32 MiB) each is a fresh mapping, and its page faults cost four times the transfer: 220 ms
/// against 53 ms for M-SFANet's 87 MiB of gradients (bench_training). Keeping such blocks in the
/// heap once freed makes the next all-reduce reuse them; the process's memory stays at its peak.
void keepLargeBuffersForReuse() {
#if defined(__GLIBC__)
    constexpr int kLargest = 512 << 20; // above any bucket CrowdKD reduces
    mallopt(M_MMAP_THRESHOLD, kLargest);
    mallopt(M_TRIM_THRESHOLD, kLargest);
#endif
}

} // namespace

std::unique_ptr<ProcessGroup> ProcessGroup::join(const DistributedSettings& settings) {
    keepLargeBuffersForReuse();
    if (settings.backend != "gloo")
        throw std::runtime_error("the " + settings.backend +
                                 " backend is not available in this build (gloo is)");
    try {
        c10d::TCPStoreOptions storeOptions;
        storeOptions.port = static_cast<std::uint16_t>(settings.masterPort);
        storeOptions.isServer = settings.rank == 0 && !settings.launcherServesRendezvous;
        storeOptions.numWorkers = settings.worldSize;
        storeOptions.timeout = settings.timeout;
        auto impl = std::make_unique<Impl>();
        // Each join of this process (an experiment trains several runs) gets keys of its own in
        // a rendezvous that a launcher keeps for all of them; every rank joins in the same order.
        static std::atomic<int> joins{0};
        impl->store = c10::make_intrusive<c10d::PrefixStore>(
            "crowdkd/" + std::to_string(joins++),
            c10::make_intrusive<c10d::TCPStore>(settings.masterAddress, storeOptions));
        auto options = c10d::ProcessGroupGloo::Options::create();
        options->timeout = settings.timeout;
        options->devices.push_back(
            c10d::ProcessGroupGloo::createDeviceForHostname(settings.masterAddress));
        impl->group = c10::make_intrusive<c10d::ProcessGroupGloo>(impl->store, settings.rank,
                                                                  settings.worldSize, options);
        impl->rendezvous = settings.masterAddress + ":" + std::to_string(settings.masterPort);
        return std::unique_ptr<ProcessGroup>(new ProcessGroup(std::move(impl)));
    } catch (const std::exception& e) {
        throw std::runtime_error("rank " + std::to_string(settings.rank) + " of " +
                                 std::to_string(settings.worldSize) +
                                 " could not join the training at " + settings.masterAddress + ":" +
                                 std::to_string(settings.masterPort) + ": " + e.what());
    }
}

int ProcessGroup::rank() const {
    return m_impl->group->getRank();
}

int ProcessGroup::size() const {
    return m_impl->group->getSize();
}

void ProcessGroup::allReduceMean(const std::vector<torch::Tensor>& tensors) {
    allReduce(tensors, true);
}

void ProcessGroup::allReduceSum(const std::vector<torch::Tensor>& tensors) {
    allReduce(tensors, false);
}

void ProcessGroup::allReduce(const std::vector<torch::Tensor>& tensors, bool mean) {
    torch::NoGradGuard noGrad;
    // One bucket per dtype: the tensors flattened into one buffer, reduced once (one message
    // instead of one per tensor), then copied back.
    std::map<c10::ScalarType, std::vector<const torch::Tensor*>> buckets;
    for (const torch::Tensor& t : tensors)
        buckets[t.scalar_type()].push_back(&t);
    for (auto& [type, members] : buckets) {
        std::vector<torch::Tensor> parts;
        parts.reserve(members.size());
        for (const torch::Tensor* t : members)
            parts.push_back(t->detach().reshape({-1}).cpu());
        std::vector<torch::Tensor> flat{torch::cat(parts)};
        try {
            m_impl->group->allreduce(flat)->wait();
        } catch (const std::exception& e) {
            throw std::runtime_error("all-reduce failed on rank " + std::to_string(rank()) + ": " +
                                     e.what());
        }
        if (mean)
            flat[0].div_(size());
        std::int64_t offset = 0;
        for (const torch::Tensor* t : members) {
            const std::int64_t n = t->numel();
            t->copy_(flat[0].narrow(0, offset, n).view_as(*t));
            offset += n;
        }
    }
}

void ProcessGroup::broadcast(const std::vector<torch::Tensor>& tensors, int root) {
    if (tensors.empty())
        return;
    torch::NoGradGuard noGrad;
    for (const torch::Tensor& t : tensors) {
        std::vector<torch::Tensor> one{t.detach().contiguous()};
        c10d::BroadcastOptions options;
        options.rootRank = root;
        try {
            m_impl->group->broadcast(one, options)->wait();
        } catch (const std::exception& e) {
            throw std::runtime_error("broadcast failed on rank " + std::to_string(rank()) + ": " +
                                     e.what());
        }
        if (!one[0].is_same(t))
            t.copy_(one[0]);
    }
}

void ProcessGroup::barrier() {
    try {
        m_impl->group->barrier()->wait();
    } catch (const std::exception& e) {
        throw std::runtime_error("barrier failed on rank " + std::to_string(rank()) + ": " +
                                 e.what());
    }
}

std::string ProcessGroup::explainFailure(const std::string& error) {
    // Every rank that is still alive answers the roll call of this failure; those that do not
    // within a few seconds have died or hung.
    constexpr auto kRollCallWait = std::chrono::seconds(10);
    const std::string prefix = "rollcall/" + std::to_string(m_impl->rollCalls++) + "/";
    std::vector<int> missing;
    try {
        m_impl->store->set(prefix + std::to_string(rank()), std::vector<std::uint8_t>{1});
        const auto deadline = std::chrono::steady_clock::now() + kRollCallWait;
        for (int other = 0; other < size(); ++other) {
            if (other == rank())
                continue;
            const std::string key = prefix + std::to_string(other);
            while (!m_impl->store->check({key}) && std::chrono::steady_clock::now() < deadline)
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            if (!m_impl->store->check({key}))
                missing.push_back(other);
        }
    } catch (const std::exception&) {
        return "the training's rendezvous at " + m_impl->rendezvous +
               " is gone (the process serving it, rank 0 or the launcher, has stopped): " + error;
    }
    if (missing.empty())
        return error;
    std::string ranks;
    for (int r : missing)
        ranks += (ranks.empty() ? "" : ", ") + std::to_string(r);
    return std::string(missing.size() == 1 ? "rank " : "ranks ") + ranks + " of " +
           std::to_string(size()) + (missing.size() == 1 ? " has" : " have") +
           " stopped answering (died, hung or lost its connection): " + error;
}

#else

bool distributedTrainingAvailable() {
    return false;
}

struct ProcessGroup::Impl {};
struct Rendezvous::Impl {};

Rendezvous::Rendezvous() {
    throw std::runtime_error("this build has no distributed training (LibTorch's c10d with Gloo: "
                             "install libgloo-dev and rebuild)");
}

int Rendezvous::port() const {
    return 0;
}

std::unique_ptr<ProcessGroup> ProcessGroup::join(const DistributedSettings&) {
    throw std::runtime_error("this build has no distributed training (LibTorch's c10d with Gloo: "
                             "install libgloo-dev and rebuild)");
}

int ProcessGroup::rank() const {
    return 0;
}

int ProcessGroup::size() const {
    return 1;
}

void ProcessGroup::allReduceMean(const std::vector<torch::Tensor>&) {}
void ProcessGroup::allReduceSum(const std::vector<torch::Tensor>&) {}
void ProcessGroup::allReduce(const std::vector<torch::Tensor>&, bool) {}
void ProcessGroup::broadcast(const std::vector<torch::Tensor>&, int) {}
void ProcessGroup::barrier() {}
std::string ProcessGroup::explainFailure(const std::string& error) {
    return error;
}

#endif

Rendezvous::~Rendezvous() = default;

std::vector<std::pair<std::string, std::string>> Rendezvous::environment(int worldSize) const {
    return {{"WORLD_SIZE", std::to_string(worldSize)},
            {"LOCAL_WORLD_SIZE", std::to_string(worldSize)},
            {"MASTER_ADDR", address()},
            {"MASTER_PORT", std::to_string(port())},
            {"TORCHELASTIC_USE_AGENT_STORE", "True"}};
}

ProcessGroup::ProcessGroup(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl)) {}

ProcessGroup::~ProcessGroup() = default;

} // namespace crowdkd::pipeline
