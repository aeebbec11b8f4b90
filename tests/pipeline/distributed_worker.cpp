// One rank of test_distributed: joins the process group the environment describes (as torchrun
// would set it), checks a broadcast and an all-reduce against what they must give (or, told to,
// works alone and waits for the others' work), prints "ok".
// Exit 0 on success, 1 with the reason on stderr.
#include "pipeline/distributed.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <thread>

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
        if (const char* work = std::getenv("CROWDKD_TEST_WORK_MS")) {
            // Work of its own for that long, saying so unless told to be silent, then wait for
            // the others' (the partner of a rank 0 in the test itself).
            const bool silent = std::getenv("CROWDKD_TEST_WORK_SILENT") != nullptr;
            const auto end =
                std::chrono::steady_clock::now() + std::chrono::milliseconds(std::atoi(work));
            while (std::chrono::steady_clock::now() < end) {
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
                if (!silent)
                    group->reportProgress("test work");
            }
            group->awaitWork("test work");
            std::printf("ok %d of %d\n", rank, world);
            return 0;
        }
        // Parameters differ per rank until rank 0's are broadcast.
        torch::Tensor weights = torch::full({3, 4}, float(rank + 1));
        torch::Tensor bias = torch::full({5}, float(10 * (rank + 1)));
        group->broadcast({weights, bias});
        if (!weights.eq(1.0f).all().item<bool>() || !bias.eq(10.0f).all().item<bool>()) {
            std::fprintf(stderr, "rank %d: broadcast gave other values\n", rank);
            return 1;
        }
        if (std::getenv("CROWDKD_TEST_BROADCAST_ONLY")) { // partner of a rank 0 in the test itself
            std::printf("ok %d of %d\n", rank, world);
            return 0;
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
        // Gradients averaged while backward runs, over two steps: two buckets (the first closes
        // past 1 MiB), a parameter only rank 0 uses, one no rank uses, and extra values riding
        // along.
        const auto options = torch::TensorOptions().dtype(torch::kFloat).requires_grad(true);
        torch::Tensor late = torch::ones({400000}, options);
        torch::Tensor small = torch::ones({10}, options);
        torch::Tensor big = torch::ones({300000}, options);
        torch::Tensor unused = torch::ones({3}, options);
        const torch::Tensor frozen = torch::ones({4}); // no gradient: left out, not hooked
        GradientReducer reducer(*group, {late, small, big, unused, frozen}, 2);
        if (reducer.bucketCount() != 2) {
            std::fprintf(stderr, "rank %d: %zu buckets instead of 2\n", rank,
                         reducer.bucketCount());
            return 1;
        }
        for (int step = 1; step <= 2; ++step) {
            for (torch::Tensor* p : {&late, &small, &big})
                if (p->grad().defined())
                    p->mutable_grad().zero_();
            const float r = float(rank + 1);
            torch::Tensor loss = (big * (r * float(step))).sum() + (small * (2 * r)).sum();
            if (rank == 0)
                loss = loss + (late * 3.0f).sum();
            reducer.prepare(torch::tensor({float(rank), float(step)}));
            loss.backward();
            const torch::Tensor extra = reducer.finish();
            const bool right =
                big.grad().allclose(torch::full_like(big, factor * float(step))) &&
                small.grad().allclose(torch::full_like(small, 2 * factor)) &&
                late.grad().allclose(torch::full_like(late, 3.0f / float(world))) &&
                !unused.grad().defined() &&
                extra.allclose(torch::tensor({float(world - 1) / 2.0f, float(step)}));
            if (!right) {
                std::fprintf(stderr, "rank %d: step %d's gradients are not the ranks' mean\n", rank,
                             step);
                return 1;
            }
        }
        group->barrier();
        std::printf("ok %d of %d\n", rank, world);
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
}
