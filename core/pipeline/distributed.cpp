#include "pipeline/distributed.h"

#include <climits>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <iomanip>
#include <limits>
#include <map>
#include <mutex>
#include <random>
#include <sstream>
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
#ifdef CROWDKD_HAVE_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
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

/// 128 random bits in hex, from the system's entropy source.
std::string randomToken() {
    std::random_device device;
    std::ostringstream text;
    text << std::hex << std::setfill('0');
    for (int word = 0; word < 4; ++word)
        text << std::setw(8) << device();
    return text.str();
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
    if (const char* id = lookup("CROWDKD_RENDEZVOUS_ID"); id && *id)
        settings.rendezvousId = id;
    if (const char* restarts = lookup("TORCHELASTIC_RESTART_COUNT"); restarts && *restarts)
        settings.rendezvousId +=
            "/attempt-" + std::to_string(integerVariable("TORCHELASTIC_RESTART_COUNT", restarts, 0,
                                                         std::numeric_limits<int>::max()));
    return settings;
}

#ifdef CROWDKD_HAVE_GLOO

bool distributedTrainingAvailable() {
    return true;
}

struct ProcessGroup::Impl {
    c10::intrusive_ptr<c10d::Store> store;
    c10::intrusive_ptr<c10d::ProcessGroup> group;
    /// Where the collectives' buffers live: the CPU for Gloo, this rank's GPU for NCCL.
    torch::Device device = torch::kCPU;
    std::string rendezvous; ///< host:port, for messages
    int rollCalls = 0;
    std::chrono::milliseconds timeout{0};
};

struct Rendezvous::Impl {
    c10::intrusive_ptr<c10d::TCPStore> store;
};

Rendezvous::Rendezvous()
    : m_impl(std::make_unique<Impl>())
    , m_id(randomToken()) {
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

/// The prefix of one join's keys in the rendezvous: its token, then how many times this process
/// has joined that rendezvous before (an experiment trains its runs in the one rendezvous a
/// launcher keeps, and every rank joins in the same order). A new Rendezvous, as the studio makes
/// for each run, starts again at 0 like the processes it launches.
std::string keyPrefix(const DistributedSettings& settings) {
    static std::mutex mutex;
    static std::map<std::string, int> joins;
    const std::lock_guard<std::mutex> lock(mutex);
    const std::string rendezvous = settings.rendezvousId + "@" + settings.masterAddress + ":" +
                                   std::to_string(settings.masterPort);
    return "crowdkd/" + settings.rendezvousId + "/" + std::to_string(joins[rendezvous]++);
}

bool isLoopback(const std::string& address) {
    return address == "localhost" || address == "::1" || address.rfind("127.", 0) == 0;
}

/// The network devices Gloo's connections use. On one machine, the loopback address the
/// rendezvous is on; across machines, as PyTorch chooses: the interfaces GLOO_SOCKET_IFNAME names
/// (comma-separated), else the address this host's name resolves to. (The master's address is
/// no address of the other machines: binding to it fails there.)
std::vector<std::shared_ptr<::gloo::transport::Device>>
glooDevices(const std::string& masterAddress) {
    if (isLoopback(masterAddress))
        return {c10d::ProcessGroupGloo::createDeviceForHostname(masterAddress)};
    std::vector<std::shared_ptr<::gloo::transport::Device>> devices;
    if (const char* names = std::getenv("GLOO_SOCKET_IFNAME"); names && *names) {
        std::istringstream list(names);
        for (std::string name; std::getline(list, name, ',');)
            if (!name.empty())
                devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(name));
    }
    if (devices.empty())
        devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
    return devices;
}

/// A failed collective's error, naming the operation and this process's rank.
std::runtime_error collectiveError(const char* operation, int rank, const std::exception& e) {
    return std::runtime_error(std::string(operation) + " failed on rank " + std::to_string(rank) +
                              ": " + e.what());
}

/// Issues a collective with `start` and waits for it; a failure names the operation and the rank.
template <typename Start>
void awaitCollective(const char* operation, int rank, Start&& start) {
    try {
        start()->wait();
    } catch (const std::exception& e) {
        throw collectiveError(operation, rank, e);
    }
}

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
    if (settings.backend != "gloo" && settings.backend != "nccl")
        throw std::runtime_error("unknown backend " + settings.backend + " (gloo or nccl)");
#ifndef CROWDKD_HAVE_NCCL
    if (settings.backend == "nccl")
        throw std::runtime_error("the nccl backend is not available in this build (it needs a CUDA "
                                 "LibTorch and NCCL's headers: docs/distributed.md); gloo is");
#endif
    try {
        c10d::TCPStoreOptions storeOptions;
        storeOptions.port = static_cast<std::uint16_t>(settings.masterPort);
        storeOptions.isServer = settings.rank == 0 && !settings.launcherServesRendezvous;
        storeOptions.numWorkers = settings.worldSize;
        storeOptions.timeout = settings.timeout;
        auto impl = std::make_unique<Impl>();
        impl->store = c10::make_intrusive<c10d::PrefixStore>(
            keyPrefix(settings),
            c10::make_intrusive<c10d::TCPStore>(settings.masterAddress, storeOptions));
#ifdef CROWDKD_HAVE_NCCL
        if (settings.backend == "nccl") {
            // Without blocking waits NCCL's wait() returns at once and a dead rank hangs the
            // others; with them a collective that outlives the timeout throws like Gloo's.
            setenv("NCCL_BLOCKING_WAIT", "1", 0);
            auto options = c10d::ProcessGroupNCCL::Options::create();
            options->timeout = settings.timeout;
            impl->group = c10::make_intrusive<c10d::ProcessGroupNCCL>(impl->store, settings.rank,
                                                                      settings.worldSize, options);
            impl->device =
                torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(settings.localRank));
        }
#endif
        if (!impl->group) {
            auto options = c10d::ProcessGroupGloo::Options::create();
            options->timeout = settings.timeout;
            options->devices = glooDevices(settings.masterAddress);
            impl->group = c10::make_intrusive<c10d::ProcessGroupGloo>(impl->store, settings.rank,
                                                                      settings.worldSize, options);
        }
        impl->rendezvous = settings.masterAddress + ":" + std::to_string(settings.masterPort);
        impl->timeout = settings.timeout;
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
        const torch::Tensor& first = *members.front();
        // A lone tensor is reduced in place: a fresh buffer per call costs more than the message
        // (its page faults, and unmapping it interrupts every core: 2.5 against 0.4 ms for
        // MCNN's 0.5 MiB, bench_training).
        const bool inPlace =
            members.size() == 1 && first.is_contiguous() && first.device() == m_impl->device;
        std::vector<torch::Tensor> flat;
        if (inPlace) {
            flat.push_back(first.detach());
        } else {
            std::vector<torch::Tensor> parts;
            parts.reserve(members.size());
            for (const torch::Tensor* t : members)
                parts.push_back(t->detach().reshape({-1}).to(m_impl->device));
            flat.push_back(torch::cat(parts));
        }
        awaitCollective("all-reduce", rank(), [&] { return m_impl->group->allreduce(flat); });
        if (mean)
            flat[0].div_(size());
        if (inPlace)
            continue;
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
        std::vector<torch::Tensor> one{t.detach().to(m_impl->device).contiguous()};
        c10d::BroadcastOptions options;
        options.rootRank = root;
        awaitCollective("broadcast", rank(),
                        [&] { return m_impl->group->broadcast(one, options); });
        if (!one[0].is_same(t))
            t.copy_(one[0]);
    }
}

void ProcessGroup::barrier() {
    awaitCollective("barrier", rank(), [&] { return m_impl->group->barrier(); });
}

void ProcessGroup::reportProgress(const std::string& work) {
    try {
        m_impl->store->add("work/" + work + "/progress/" + std::to_string(rank()), 1);
    } catch (const std::exception&) {
        // A rendezvous that is gone is reported by awaitWork(), with the ranks that stopped.
    }
}

void ProcessGroup::awaitWork(const std::string& work) {
    using Clock = std::chrono::steady_clock;
    constexpr auto kPollInterval = std::chrono::milliseconds(100);
    const std::string prefix = "work/" + work + "/";
    /// A rank still working: its progress counter, and when it last moved.
    struct Peer {
        int rank;
        std::int64_t progress;
        Clock::time_point moved;
    };
    int stalled = -1;
    try {
        m_impl->store->set(prefix + "done/" + std::to_string(rank()), std::vector<std::uint8_t>{1});
        std::vector<Peer> working;
        for (int other = 0; other < size(); ++other)
            if (other != rank())
                working.push_back({other, -1, Clock::now()});
        while (!working.empty() && stalled < 0) {
            for (auto peer = working.begin(); peer != working.end() && stalled < 0;) {
                const std::string name = std::to_string(peer->rank);
                if (m_impl->store->check({prefix + "done/" + name})) {
                    peer = working.erase(peer);
                    continue;
                }
                const std::int64_t progress = m_impl->store->add(prefix + "progress/" + name, 0);
                const Clock::time_point now = Clock::now();
                if (progress != peer->progress) {
                    peer->progress = progress;
                    peer->moved = now;
                } else if (now - peer->moved > m_impl->timeout) {
                    stalled = peer->rank;
                }
                ++peer;
            }
            if (!working.empty() && stalled < 0)
                std::this_thread::sleep_for(kPollInterval);
        }
    } catch (const std::exception& e) {
        throw collectiveError(("waiting for " + work).c_str(), rank(), e);
    }
    if (stalled >= 0)
        throw std::runtime_error(
            "rank " + std::to_string(stalled) + " of " + std::to_string(size()) +
            " reported no progress for " +
            std::to_string(
                std::chrono::duration_cast<std::chrono::seconds>(m_impl->timeout).count()) +
            " s while " + work +
            " (it died or hung, or one step of it takes longer than the timeout)");
}

namespace {

/// The parameters that receive gradients: frozen ones have none and cannot be hooked.
std::vector<torch::Tensor> trainable(std::vector<torch::Tensor> parameters) {
    parameters.erase(std::remove_if(parameters.begin(), parameters.end(),
                                    [](const torch::Tensor& p) { return !p.requires_grad(); }),
                     parameters.end());
    return parameters;
}

} // namespace

struct GradientReducer::Impl {
    /// Parameters whose gradients travel in one message.
    struct Bucket {
        std::vector<std::size_t> members; ///< indices into `parameters`
        torch::Tensor flat;               ///< the members' gradients, then any extra values
        std::size_t pending = 0;          ///< members whose gradient has not arrived this step
        c10::intrusive_ptr<c10d::Work> work;
    };
    /// Where a parameter's gradient lives in its bucket.
    struct Slot {
        std::size_t bucket = 0;
        std::int64_t offset = 0;
        bool arrived = false;
    };

    ProcessGroup::Impl& group;
    int rank;
    int worldSize;
    std::vector<torch::Tensor> parameters;
    std::vector<Slot> slots;
    std::vector<Bucket> buckets;
    std::vector<unsigned> hooks;
    std::size_t extraBucket = 0;
    std::int64_t extraOffset = 0;
    std::int64_t extraValues = 0;
    std::size_t nextToStart = 0;
    bool active = false; ///< between prepare() and finish(): other backward passes are not ours
    /// Backward may run hooks on the autograd engine's device threads.
    std::mutex mutex;

    Impl(ProcessGroup& owner, std::vector<torch::Tensor> params, std::int64_t extra)
        : group(*owner.m_impl)
        , rank(owner.rank())
        , worldSize(owner.size())
        , parameters(std::move(params))
        , slots(parameters.size())
        , extraValues(extra) {
        // DistributedDataParallel's defaults: a small first bucket starts communication early,
        // the later ones are large enough that the per-message latency does not matter.
        constexpr std::int64_t kFirstBucketBytes = 1 << 20;
        constexpr std::int64_t kBucketBytes = 25 << 20;
        std::vector<std::int64_t> sizes;
        std::int64_t bytes = 0;
        for (std::size_t k = parameters.size(); k-- > 0;) { // backward's order
            const torch::Tensor& p = parameters[k];
            const std::int64_t cap = buckets.size() <= 1 ? kFirstBucketBytes : kBucketBytes;
            if (buckets.empty() || bytes >= cap ||
                p.scalar_type() != parameters[buckets.back().members.front()].scalar_type()) {
                buckets.emplace_back();
                sizes.push_back(0);
                bytes = 0;
            }
            slots[k] = {buckets.size() - 1, sizes.back(), false};
            buckets.back().members.push_back(k);
            sizes.back() += p.numel();
            bytes += p.numel() * static_cast<std::int64_t>(p.element_size());
        }
        if (extraValues > 0) { // with the last bucket when it holds floats, else on its own
            if (buckets.empty() ||
                parameters[buckets.back().members.front()].scalar_type() != torch::kFloat) {
                buckets.emplace_back();
                sizes.push_back(0);
            }
            extraBucket = buckets.size() - 1;
            extraOffset = sizes.back();
            sizes.back() += extraValues;
        }
        for (std::size_t b = 0; b < buckets.size(); ++b) {
            const torch::ScalarType type =
                buckets[b].members.empty() ? torch::kFloat
                                           : parameters[buckets[b].members.front()].scalar_type();
            buckets[b].flat =
                torch::zeros({sizes[b]}, torch::TensorOptions().dtype(type).device(group.device));
        }
    }

    void onGradient(std::size_t index, const torch::Tensor& gradient) {
        torch::NoGradGuard noGrad;
        const std::lock_guard<std::mutex> lock(mutex);
        if (!active)
            return;
        Slot& slot = slots[index];
        Bucket& bucket = buckets[slot.bucket];
        if (slot.arrived) // a second backward in one step would be averaged only in part
            throw std::logic_error("a parameter received two gradients in one training step");
        bucket.flat.narrow(0, slot.offset, gradient.numel()).copy_(gradient.reshape({-1}));
        slot.arrived = true;
        --bucket.pending;
        startReadyBuckets();
    }

    /// Starts the buckets whose gradients are all in, in bucket order: every rank issues the same
    /// collectives in the same order, whichever gradient its backward produced first.
    void startReadyBuckets() {
        while (nextToStart < buckets.size() && buckets[nextToStart].pending == 0)
            start(buckets[nextToStart++]);
    }

    void start(Bucket& bucket) {
        std::vector<torch::Tensor> tensors{bucket.flat};
        try {
            bucket.work = group.group->allreduce(tensors);
        } catch (const std::exception& e) {
            throw collectiveError("all-reduce", rank, e);
        }
    }
};

GradientReducer::GradientReducer(ProcessGroup& group, std::vector<torch::Tensor> parameters,
                                 std::int64_t extraValues)
    : m_impl(std::make_unique<Impl>(group, trainable(std::move(parameters)), extraValues)) {
    Impl* impl = m_impl.get();
    for (std::size_t k = 0; k < impl->parameters.size(); ++k)
        impl->hooks.push_back(impl->parameters[k].register_hook(
            [impl, k](const torch::Tensor& gradient) { impl->onGradient(k, gradient); }));
}

GradientReducer::~GradientReducer() {
    for (std::size_t k = 0; k < m_impl->hooks.size(); ++k)
        m_impl->parameters[k].remove_hook(m_impl->hooks[k]);
}

void GradientReducer::prepare(const torch::Tensor& extra) {
    torch::NoGradGuard noGrad;
    const std::lock_guard<std::mutex> lock(m_impl->mutex);
    for (Impl::Slot& slot : m_impl->slots)
        slot.arrived = false;
    for (Impl::Bucket& bucket : m_impl->buckets) {
        bucket.pending = bucket.members.size();
        bucket.work.reset();
    }
    m_impl->nextToStart = 0;
    m_impl->active = true;
    if (m_impl->extraValues > 0)
        m_impl->buckets[m_impl->extraBucket]
            .flat.narrow(0, m_impl->extraOffset, m_impl->extraValues)
            .copy_(extra.reshape({-1}));
    m_impl->startReadyBuckets(); // a bucket of extra values alone
}

torch::Tensor GradientReducer::finish() {
    torch::NoGradGuard noGrad;
    const std::lock_guard<std::mutex> lock(m_impl->mutex);
    Impl& impl = *m_impl;
    impl.active = false;
    for (std::size_t b = impl.nextToStart; b < impl.buckets.size(); ++b) {
        Impl::Bucket& bucket = impl.buckets[b];
        for (std::size_t k : bucket.members) { // no gradient on this rank: its .grad, or zeros
            Impl::Slot& slot = impl.slots[k];
            if (slot.arrived)
                continue;
            const torch::Tensor& grad = impl.parameters[k].grad();
            torch::Tensor part = bucket.flat.narrow(0, slot.offset, impl.parameters[k].numel());
            grad.defined() ? part.copy_(grad.reshape({-1})) : part.zero_();
        }
        bucket.pending = 0;
    }
    impl.startReadyBuckets();
    for (Impl::Bucket& bucket : impl.buckets) {
        try {
            bucket.work->wait();
        } catch (const std::exception& e) {
            throw collectiveError("all-reduce", impl.rank, e);
        }
        bucket.work.reset();
        bucket.flat.div_(impl.worldSize);
    }
    for (std::size_t k = 0; k < impl.parameters.size(); ++k) {
        torch::Tensor& parameter = impl.parameters[k];
        const Impl::Slot& slot = impl.slots[k];
        torch::Tensor mean = impl.buckets[slot.bucket]
                                 .flat.narrow(0, slot.offset, parameter.numel())
                                 .view(parameter.sizes());
        if (parameter.grad().defined())
            parameter.mutable_grad().copy_(mean);
        else if (mean.count_nonzero().item<std::int64_t>() > 0) // only other ranks had one
            parameter.mutable_grad() = mean.clone();
    }
    if (impl.extraValues == 0)
        return {};
    return impl.buckets[impl.extraBucket]
        .flat.narrow(0, impl.extraOffset, impl.extraValues)
        .clone();
}

std::size_t GradientReducer::bucketCount() const {
    return m_impl->buckets.size();
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
void ProcessGroup::reportProgress(const std::string&) {}
void ProcessGroup::awaitWork(const std::string&) {}
std::string ProcessGroup::explainFailure(const std::string& error) {
    return error;
}

struct GradientReducer::Impl {};
GradientReducer::GradientReducer(ProcessGroup&, std::vector<torch::Tensor>, std::int64_t) {}
GradientReducer::~GradientReducer() = default;
void GradientReducer::prepare(const torch::Tensor&) {}
torch::Tensor GradientReducer::finish() {
    return {};
}
std::size_t GradientReducer::bucketCount() const {
    return 0;
}

#endif

Rendezvous::~Rendezvous() = default;

std::vector<std::pair<std::string, std::string>> Rendezvous::environment(int worldSize) const {
    return {{"WORLD_SIZE", std::to_string(worldSize)},
            {"LOCAL_WORLD_SIZE", std::to_string(worldSize)},
            {"MASTER_ADDR", address()},
            {"MASTER_PORT", std::to_string(port())},
            {"TORCHELASTIC_USE_AGENT_STORE", "True"},
            {"CROWDKD_RENDEZVOUS_ID", id()}};
}

ProcessGroup::ProcessGroup(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl)) {}

ProcessGroup::~ProcessGroup() = default;

} // namespace crowdkd::pipeline
