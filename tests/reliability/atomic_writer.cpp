// reliability_atomic_writer FOLDER [COUNT]: saves the ground-truth files and the density map of
// atomic_versions.h in FOLDER, alternating between the two versions, COUNT times (default: until
// killed), printing each completed generation on stdout. test_crash_safety kills it with SIGKILL
// at random moments and checks that every file is still one complete version.
#include "atomic_versions.h"
#include "base/error.h"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s FOLDER [COUNT]\n", argv[0]);
        return 2;
    }
    const std::filesystem::path folder = crowdkd::pathFromUtf8(argv[1]);
    const long count = argc > 2 ? std::strtol(argv[2], nullptr, 10) : -1;
    try {
        for (long generation = 0; count < 0 || generation < count; ++generation) {
            const int version = static_cast<int>(generation % 2);
            for (const std::string& name : crowdkd::test::kAtomicGroundTruthNames)
                crowdkd::writeGroundTruth(folder / crowdkd::pathFromUtf8(name),
                                          crowdkd::test::atomicHeads(version));
            crowdkd::writeNpy(folder / crowdkd::test::kAtomicNpyName,
                              crowdkd::test::atomicArray(version));
            std::printf("%ld\n", generation);
            std::fflush(stdout);
        }
    } catch (const std::exception& error) {
        std::fprintf(stderr, "reliability_atomic_writer: %s\n", error.what());
        return 1;
    }
    return 0;
}
