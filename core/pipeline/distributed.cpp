#include "pipeline/distributed.h"

#include <climits>

#include <cerrno>
#include <cstdlib>
#include <stdexcept>

#ifdef CROWDKD_HAVE_GLOO
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
    return settings;
}

#ifdef CROWDKD_HAVE_GLOO

bool distributedTrainingAvailable() {
    return true;
}

struct ProcessGroup::Impl {
    c10::intrusive_ptr<c10d::Store> store;
    c10::intrusive_ptr<c10d::ProcessGroupGloo> group;
};

std::unique_ptr<ProcessGroup> ProcessGroup::join(const DistributedSettings& settings) {
    if (settings.backend != "gloo")
        throw std::runtime_error("the " + settings.backend +
                                 " backend is not available in this build (gloo is)");
    try {
        c10d::TCPStoreOptions storeOptions;
        storeOptions.port = static_cast<std::uint16_t>(settings.masterPort);
        storeOptions.isServer = settings.rank == 0;
        storeOptions.numWorkers = settings.worldSize;
        storeOptions.timeout = settings.timeout;
        auto impl = std::make_unique<Impl>();
        impl->store = c10::make_intrusive<c10d::TCPStore>(settings.masterAddress, storeOptions);
        auto options = c10d::ProcessGroupGloo::Options::create();
        options->timeout = settings.timeout;
        options->devices.push_back(
            c10d::ProcessGroupGloo::createDeviceForHostname(settings.masterAddress));
        impl->group = c10::make_intrusive<c10d::ProcessGroupGloo>(impl->store, settings.rank,
                                                                  settings.worldSize, options);
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
    if (tensors.empty())
        return;
    torch::NoGradGuard noGrad;
    // One bucket: the tensors flattened into one buffer, reduced once, then copied back.
    std::vector<torch::Tensor> flat{torch::cat([&] {
        std::vector<torch::Tensor> parts;
        parts.reserve(tensors.size());
        for (const torch::Tensor& t : tensors)
            parts.push_back(t.detach().reshape({-1}).to(torch::kFloat));
        return parts;
    }())};
    try {
        m_impl->group->allreduce(flat)->wait();
    } catch (const std::exception& e) {
        throw std::runtime_error("all-reduce failed on rank " + std::to_string(rank()) + ": " +
                                 e.what());
    }
    flat[0].div_(size());
    std::int64_t offset = 0;
    for (const torch::Tensor& t : tensors) {
        const std::int64_t n = t.numel();
        t.copy_(flat[0].narrow(0, offset, n).view_as(t));
        offset += n;
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

#else

bool distributedTrainingAvailable() {
    return false;
}

struct ProcessGroup::Impl {};

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
void ProcessGroup::broadcast(const std::vector<torch::Tensor>&, int) {}
void ProcessGroup::barrier() {}

#endif

ProcessGroup::ProcessGroup(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl)) {}

ProcessGroup::~ProcessGroup() = default;

} // namespace crowdkd::pipeline
