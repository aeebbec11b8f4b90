#include "nn/tensor_memory_cache.h"

#include <c10/core/Allocator.h>
#include <c10/core/CPUAllocator.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <mutex>
#include <new>
#include <vector>

#if defined(_WIN32)
#include <malloc.h>
#elif defined(__linux__)
#include <sys/mman.h>
#endif

namespace crowdkd::nn {

namespace {

/// Blocks from this size up are cached: below it, malloc reuses memory without page faults.
constexpr std::size_t kLargeBlockBytes = std::size_t{1} << 20;
/// Large blocks are whole, aligned transparent huge pages.
constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;
/// Every block starts with this header (its capacity); LibTorch gets the memory after it, so the
/// data keeps c10's 64-byte alignment (what oneDNN and vectorized kernels want).
constexpr std::size_t kHeaderBytes = 64;
/// A cached block serves a request of up to this many times smaller (plus a huge page), so a
/// small tensor never pins a much larger block.
constexpr std::size_t kMostFitRatio = 2;

struct BlockHeader {
    std::size_t capacity; ///< 0 for small blocks, which go straight back to the system heap
};

BlockHeader* headerOf(void* data) {
    return reinterpret_cast<BlockHeader*>(static_cast<char*>(data) - kHeaderBytes);
}

void* allocateAligned(std::size_t bytes, std::size_t alignment) {
#if defined(_WIN32)
    void* block = _aligned_malloc(bytes, alignment);
#else
    void* block = nullptr;
    if (posix_memalign(&block, alignment, bytes) != 0)
        block = nullptr;
#endif
    if (!block)
        throw std::bad_alloc();
    return block;
}

void* allocateHugeAligned(std::size_t bytes) {
    void* block = allocateAligned(bytes, kHugePageBytes);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    madvise(block, bytes, MADV_HUGEPAGE); // advice only: without huge pages it still works
#endif
    return block;
}

void freeAligned(void* block) {
#if defined(_WIN32)
    _aligned_free(block);
#else
    std::free(block);
#endif
}

struct CachedBlock {
    void* base;
    std::size_t capacity;
};

/// The process's tensor memory cache. Never destroyed: tensors may be freed during static
/// destruction, after any cache object would be gone.
class TensorMemoryCache final : public c10::Allocator {
public:
    c10::DataPtr allocate(std::size_t bytes) const override {
        void* data = const_cast<TensorMemoryCache*>(this)->allocateData(bytes);
        return {data, data, &deleteData, c10::Device(c10::DeviceType::CPU)};
    }

    c10::DeleterFnPtr raw_deleter() const override { return &deleteData; }

    void setLimit(std::size_t maxCachedBytes) {
        std::vector<void*> evicted;
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_maxCachedBytes = maxCachedBytes;
            evictOverLimit(evicted);
        }
        freeAll(evicted);
    }

    void release() {
        std::vector<void*> evicted;
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            const std::size_t limit = m_maxCachedBytes;
            m_maxCachedBytes = 0;
            evictOverLimit(evicted);
            m_maxCachedBytes = limit;
        }
        freeAll(evicted);
    }

    TensorMemoryCacheStats stats() {
        std::lock_guard<std::mutex> lock(m_mutex);
        TensorMemoryCacheStats stats = m_stats;
        stats.installed = true;
        stats.cachedBytes = m_cachedBytes;
        stats.cachedBlocks = m_cache.size();
        return stats;
    }

    static TensorMemoryCache& instance() {
        static auto* cache = new TensorMemoryCache;
        return *cache;
    }

private:
    void* allocateData(std::size_t bytes) {
        if (bytes == 0)
            return nullptr;
        if (bytes + kHeaderBytes < kLargeBlockBytes) {
            void* base = allocateAligned(bytes + kHeaderBytes, kHeaderBytes);
            static_cast<BlockHeader*>(base)->capacity = 0;
            return static_cast<char*>(base) + kHeaderBytes;
        }
        const std::size_t needed =
            (bytes + kHeaderBytes + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
        void* base = takeCached(needed);
        if (!base) {
            base = allocateHugeAligned(needed);
            static_cast<BlockHeader*>(base)->capacity = needed;
        }
        return static_cast<char*>(base) + kHeaderBytes;
    }

    /// The smallest cached block that fits `needed` without much waste, or null.
    void* takeCached(std::size_t needed) {
        std::lock_guard<std::mutex> lock(m_mutex);
        const std::size_t most = kMostFitRatio * needed + kHugePageBytes;
        auto best = m_cache.end();
        for (auto it = m_cache.begin(); it != m_cache.end(); ++it)
            if (it->capacity >= needed && it->capacity <= most &&
                (best == m_cache.end() || it->capacity < best->capacity))
                best = it;
        if (best == m_cache.end()) {
            ++m_stats.freshBlocks;
            return nullptr;
        }
        void* base = best->base;
        m_cachedBytes -= best->capacity;
        m_cache.erase(best);
        ++m_stats.reusedBlocks;
        return base;
    }

    static void deleteData(void* data) {
        if (!data)
            return;
        BlockHeader* header = headerOf(data);
        if (header->capacity == 0) {
            freeAligned(header);
            return;
        }
        instance().keep(header, header->capacity);
    }

    void keep(void* base, std::size_t capacity) {
        std::vector<void*> evicted;
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_cache.push_back({base, capacity});
            m_cachedBytes += capacity;
            evictOverLimit(evicted);
        }
        freeAll(evicted);
    }

    /// Drops the oldest cached blocks until the cache is within its limit (caller holds m_mutex).
    void evictOverLimit(std::vector<void*>& evicted) {
        auto it = m_cache.begin();
        while (m_cachedBytes > m_maxCachedBytes && it != m_cache.end()) {
            m_cachedBytes -= it->capacity;
            evicted.push_back(it->base);
            ++it;
            ++m_stats.releasedBlocks;
        }
        m_cache.erase(m_cache.begin(), it);
    }

    static void freeAll(const std::vector<void*>& blocks) {
        for (void* block : blocks)
            freeAligned(block);
    }

    std::mutex m_mutex;
    std::vector<CachedBlock> m_cache; ///< oldest first
    std::size_t m_cachedBytes = 0;
    std::size_t m_maxCachedBytes = kDefaultTensorCacheBytes;
    TensorMemoryCacheStats m_stats;
};

std::once_flag g_installed;
std::atomic<bool> g_isInstalled{false};

} // namespace

void installTensorMemoryCache(std::size_t maxCachedBytes) {
    TensorMemoryCache& cache = TensorMemoryCache::instance();
    cache.setLimit(maxCachedBytes);
    std::call_once(g_installed, [&cache] {
        c10::SetCPUAllocator(&cache, /*priority=*/1);
        g_isInstalled = true;
    });
}

void releaseTensorMemoryCache() {
    if (g_isInstalled)
        TensorMemoryCache::instance().release();
}

TensorMemoryCacheStats tensorMemoryCacheStats() {
    if (!g_isInstalled)
        return {};
    return TensorMemoryCache::instance().stats();
}

} // namespace crowdkd::nn
