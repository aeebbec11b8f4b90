// One rank of test_distributed: joins the process group the environment describes (as torchrun
// would set it), checks a broadcast and an all-reduce against what they must give, prints "ok".
// Exit 0 on success, 1 with the reason on stderr.
#include "pipeline/distributed.h"

#include <cstdio>
#include <cstdlib>
#include <exception>

using namespace crowdkd::pipeline;

int main() {
    try {
        auto settings = DistributedSettings::fromEnvironment(&std::getenv);
        if (!settings) {
            std::fprintf(stderr, "WORLD_SIZE is not set\n");
            return 1;
        }
        if (const char* timeout = std::getenv("CROWDKD_TEST_TIMEOUT_MS"))
            settings->timeout = std::chrono::milliseconds(std::atoi(timeout));
        const auto group = ProcessGroup::join(*settings);
        const int rank = group->rank();
        const int world = group->size();
        // Parameters differ per rank until rank 0's are broadcast.
        torch::Tensor weights = torch::full({3, 4}, float(rank + 1));
        torch::Tensor bias = torch::full({5}, float(10 * (rank + 1)));
        group->broadcast({weights, bias});
        if (!weights.eq(1.0f).all().item<bool>() || !bias.eq(10.0f).all().item<bool>()) {
            std::fprintf(stderr, "rank %d: broadcast gave other values\n", rank);
            return 1;
        }
        // Gradients: rank r holds (r + 1) · arange; their mean is (world + 1) / 2 · arange.
        torch::Tensor a = torch::arange(12, torch::kFloat).reshape({3, 4}) * float(rank + 1);
        torch::Tensor b = torch::arange(5, torch::kFloat) * float(rank + 1);
        group->allReduceMean({a, b});
        const float factor = float(world + 1) / 2.0f;
        if (!a.allclose(torch::arange(12, torch::kFloat).reshape({3, 4}) * factor) ||
            !b.allclose(torch::arange(5, torch::kFloat) * factor)) {
            std::fprintf(stderr, "rank %d: all-reduce gave other values\n", rank);
            return 1;
        }
        group->barrier();
        std::printf("ok %d of %d\n", rank, world);
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
}
