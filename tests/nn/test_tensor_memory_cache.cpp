// The tensor memory cache (nn/tensor_memory_cache.h): freed large blocks come back, small ones go
// straight to the system, the limit holds, oneDNN tensors use it, and a forward is unchanged.
#include "nn/density_model.h"
#include "nn/tensor_memory_cache.h"

#include <QTest>

#include <torch/torch.h>

using namespace crowdkd;
using namespace crowdkd::nn;

class TestTensorMemoryCache : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void freedLargeBlocksAreReused();
    void smallBlocksAreNotCached();
    void reusedMemoryHoldsNewData();
    void limitEvictsOldestBlocks();
    void mkldnnTensorsUseTheCache();
    void forwardIsUnchanged();

private:
    /// MCNN's density on a fixed input, computed before the cache was installed.
    torch::Tensor m_referenceDensity;
    torch::Tensor m_input;
    std::optional<DensityModel> m_model;
};

void TestTensorMemoryCache::initTestCase() {
    QVERIFY(!tensorMemoryCacheStats().installed);
    torch::manual_seed(7);
    m_model.emplace(ModelKind::Mcnn);
    m_model->eval();
    m_input = torch::rand({1, 1, 192, 256}) * 255;
    torch::NoGradGuard noGrad;
    m_referenceDensity = m_model->forward(m_input).density.clone();
    installTensorMemoryCache();
    QVERIFY(tensorMemoryCacheStats().installed);
}

void TestTensorMemoryCache::freedLargeBlocksAreReused() {
    releaseTensorMemoryCache();
    const TensorMemoryCacheStats before = tensorMemoryCacheStats();
    QCOMPARE(before.cachedBytes, std::size_t{0});
    { const torch::Tensor large = torch::empty({8, 1024, 1024}); } // 32 MiB, freed at once
    const TensorMemoryCacheStats afterFree = tensorMemoryCacheStats();
    QCOMPARE(afterFree.freshBlocks, before.freshBlocks + 1);
    QCOMPARE(afterFree.cachedBlocks, std::size_t{1});
    QVERIFY(afterFree.cachedBytes >= std::size_t{32} << 20);

    const torch::Tensor again = torch::empty({8, 1024, 1024});
    const TensorMemoryCacheStats afterReuse = tensorMemoryCacheStats();
    QCOMPARE(afterReuse.reusedBlocks, before.reusedBlocks + 1);
    QCOMPARE(afterReuse.freshBlocks, afterFree.freshBlocks);
    QCOMPARE(afterReuse.cachedBlocks, std::size_t{0});
    // 64-byte alignment, as c10's own allocator gives and vectorized kernels expect.
    QCOMPARE(reinterpret_cast<std::uintptr_t>(again.data_ptr()) % 64, std::uintptr_t{0});

    // A much smaller request does not take the large block: it would pin memory it never uses.
    releaseTensorMemoryCache();
    { const torch::Tensor large = torch::empty({8, 1024, 1024}); }
    const TensorMemoryCacheStats beforeSmaller = tensorMemoryCacheStats();
    const torch::Tensor smaller = torch::empty({1024, 1024});
    QCOMPARE(tensorMemoryCacheStats().freshBlocks, beforeSmaller.freshBlocks + 1);
    QCOMPARE(tensorMemoryCacheStats().cachedBlocks, std::size_t{1});
}

void TestTensorMemoryCache::smallBlocksAreNotCached() {
    releaseTensorMemoryCache();
    const TensorMemoryCacheStats before = tensorMemoryCacheStats();
    for (int i = 0; i < 100; ++i) {
        const torch::Tensor small = torch::ones({64, 64});
        QCOMPARE(small.sum().item<float>(), 4096.0f);
    }
    const TensorMemoryCacheStats after = tensorMemoryCacheStats();
    QCOMPARE(after.freshBlocks, before.freshBlocks);
    QCOMPARE(after.reusedBlocks, before.reusedBlocks);
    QCOMPARE(after.cachedBytes, std::size_t{0});
}

void TestTensorMemoryCache::reusedMemoryHoldsNewData() {
    { torch::Tensor first = torch::full({4, 512, 512}, 3.0f); }
    const std::uint64_t reused = tensorMemoryCacheStats().reusedBlocks;
    const torch::Tensor second = torch::arange(4 * 512 * 512, torch::kFloat).view({4, 512, 512});
    QCOMPARE(tensorMemoryCacheStats().reusedBlocks, reused + 1);
    QCOMPARE(second[3][511][511].item<float>(), float(4 * 512 * 512 - 1));
    QCOMPARE(second.sum().item<double>(), (4.0 * 512 * 512 - 1) * (4.0 * 512 * 512) / 2);
}

void TestTensorMemoryCache::limitEvictsOldestBlocks() {
    releaseTensorMemoryCache();
    installTensorMemoryCache(std::size_t{40} << 20); // a new limit; still installed once
    const TensorMemoryCacheStats before = tensorMemoryCacheStats();
    {
        // Different sizes, so that none reuses another: 16, 24 and 32 MiB freed in that order.
        const torch::Tensor a = torch::empty({4, 1024, 1024});
        const torch::Tensor b = torch::empty({6, 1024, 1024});
        const torch::Tensor c = torch::empty({8, 1024, 1024});
    }
    const TensorMemoryCacheStats after = tensorMemoryCacheStats();
    QVERIFY(after.cachedBytes <= std::size_t{40} << 20);
    QVERIFY(after.releasedBlocks >= before.releasedBlocks + 1);
    QVERIFY(after.cachedBlocks >= 1);
    releaseTensorMemoryCache();
    QCOMPARE(tensorMemoryCacheStats().cachedBytes, std::size_t{0});
    installTensorMemoryCache(); // back to the default limit
}

void TestTensorMemoryCache::mkldnnTensorsUseTheCache() {
    if (!at::hasMKLDNN())
        QSKIP("this LibTorch has no oneDNN (mkldnn)");
    releaseTensorMemoryCache();
    const torch::Tensor dense = torch::rand({1, 16, 512, 512});
    const TensorMemoryCacheStats before = tensorMemoryCacheStats();
    { const torch::Tensor blocked = dense.to_mkldnn(); }
    const TensorMemoryCacheStats after = tensorMemoryCacheStats();
    QCOMPARE(after.freshBlocks + after.reusedBlocks, before.freshBlocks + before.reusedBlocks + 1);
    QCOMPARE(after.cachedBlocks, before.cachedBlocks + 1);
}

void TestTensorMemoryCache::forwardIsUnchanged() {
    torch::NoGradGuard noGrad;
    for (int run = 0; run < 3; ++run) { // later runs reuse the first run's blocks
        const torch::Tensor density = m_model->forward(m_input).density;
        QVERIFY(torch::equal(density, m_referenceDensity));
    }
    QVERIFY(tensorMemoryCacheStats().reusedBlocks > 0);
}

QTEST_GUILESS_MAIN(TestTensorMemoryCache)
#include "test_tensor_memory_cache.moc"
