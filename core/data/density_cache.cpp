#include "data/density_cache.h"

#include "base/error.h"
#include "base/memory_budget.h"
#include "data/ground_truth.h"
#include "data/image_io.h"
#include "data/mat_npy.h"

#include <opencv2/core.hpp>

#include <cfloat>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

namespace crowdkd {

namespace fs = std::filesystem;

namespace {

// Changes whenever makeDensityMap's output changes, so that old entries are never reused.
constexpr const char* kAlgorithmVersion = "density-v1";
// Separates the sample name, the parameters and the key in entry file names.
constexpr char kSeparator = '@';
// Largest .npy header a cached entry may have (NumPy's for a 2-D float32 array is 128 bytes).
constexpr std::uintmax_t kMaxNpyHeaderBytes = 4096;

std::string environment(const char* name) {
    const char* value = std::getenv(name);
    return value ? std::string(value) : std::string();
}

// 64-bit FNV-1a, enough to tell annotation versions apart.
class Hasher {
public:
    void add(const void* data, std::size_t size) {
        const auto* bytes = static_cast<const std::uint8_t*>(data);
        for (std::size_t i = 0; i < size; ++i) {
            m_state ^= bytes[i];
            m_state *= 0x100000001b3ull;
        }
    }
    void add(const std::string& text) { add(text.data(), text.size() + 1); }
    template <typename T>
    void addValue(T value) {
        add(&value, sizeof value);
    }
    std::string hex() const {
        char text[17];
        std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(m_state));
        return text;
    }

private:
    std::uint64_t m_state = 0xcbf29ce484222325ull;
};

std::string safeFileName(std::string name) {
    for (char& c : name) {
        if (c == '/' || c == '\\' || c == ':' || c == kSeparator || c == '*' || c == '?' ||
            c == '"' || c == '<' || c == '>' || c == '|')
            c = '_';
    }
    return name;
}

} // namespace

fs::path defaultCacheDir() {
    const std::string overridden = environment("CROWDKD_CACHE_DIR");
    if (!overridden.empty())
        return pathFromUtf8(overridden);
#ifdef _WIN32
    const wchar_t* localAppData = _wgetenv(L"LOCALAPPDATA");
    if (localAppData && *localAppData)
        return fs::path(localAppData) / "crowdkd" / "cache";
    return fs::temp_directory_path() / "crowdkd" / "cache";
#else
    const std::string xdg = environment("XDG_CACHE_HOME");
    if (!xdg.empty() && fs::path(xdg).is_absolute())
        return fs::path(xdg) / "crowdkd";
    const std::string home = environment("HOME");
    if (!home.empty())
        return fs::path(home) / ".cache" / "crowdkd";
    return fs::temp_directory_path() / "crowdkd-cache";
#endif
}

fs::path defaultDensityCacheDir() {
    return defaultCacheDir() / "density";
}

DensityCache::DensityCache(fs::path dir)
    : m_dir(std::move(dir)) {}

fs::path DensityCache::folderFor(const Sample& sample) const {
    std::error_code ec;
    fs::path folder = fs::weakly_canonical(fs::absolute(sample.imagePath, ec).parent_path(), ec);
    if (ec)
        folder = fs::absolute(sample.imagePath).parent_path();
    Hasher hasher;
    hasher.add(pathToUtf8(folder));
    // A readable name: the split folder (the images folder's parent for images/ layouts).
    fs::path named = folder;
    if (pathToUtf8(named.filename()) == "images" && named.has_parent_path())
        named = named.parent_path();
    return m_dir / pathFromUtf8(safeFileName(pathToUtf8(named.filename())) + "-" + hasher.hex());
}

cv::Mat DensityCache::density(const Sample& sample, const DensityParams& params,
                              const CancelCheck& cancel) {
    const GroundTruth truth = readGroundTruth(sample);
    const cv::Size size = readImageSize(sample.imagePath);

    Hasher hasher;
    hasher.add(kAlgorithmVersion);
    hasher.add(describe(params));
    if (params.method == KernelMethod::Fixed) // describe() rounds σ to six digits
        hasher.addValue(params.sigma);
    hasher.addValue(std::int32_t(size.width));
    hasher.addValue(std::int32_t(size.height));
    hasher.addValue(std::uint64_t(truth.points.size()));
    if (!truth.points.empty())
        hasher.add(truth.points.data(), truth.points.size() * sizeof(HeadPoint));

    const fs::path folder = folderFor(sample);
    const std::string prefix =
        safeFileName(sample.name) + kSeparator + describe(params) + kSeparator;
    const fs::path entry = folder / pathFromUtf8(prefix + hasher.hex() + ".npy");

    std::error_code ec;
    // An entry is read only if it is the size such a map takes (a header of at most a few
    // kilobytes), and used only if it holds a density: anything else is recomputed.
    const std::uintmax_t mapBytes = std::uintmax_t(size.area()) * sizeof(float);
    const std::uintmax_t entryBytes = fs::is_regular_file(entry, ec) ? fs::file_size(entry, ec) : 0;
    if (!ec && entryBytes > mapBytes && entryBytes <= mapBytes + kMaxNpyHeaderBytes) {
        try {
            cv::Mat cached = readNpyMat(entry);
            if (cached.size() == size && cv::checkRange(cached, true, nullptr, 0.0, FLT_MAX)) {
                ++m_hits;
                return cached;
            }
        } catch (const std::exception&) {
            // A damaged entry (a crash while someone else wrote it, disk trouble): recompute.
        }
    }
    ec.clear();

    ++m_misses;
    cv::Mat density;
    try {
        density = makeDensityMap(truth.points, size, params, cancel);
    } catch (const std::bad_alloc&) {
        throw outOfMemoryError(sample.groundTruthPath,
                               "for the density map of " + std::to_string(size.width) + "x" +
                                   std::to_string(size.height) + " pixels",
                               "close other programs, or use smaller images");
    }
    try {
        fs::create_directories(folder, ec);
        writeNpy(entry, density);
        // Remove this sample's entries for older annotations with the same parameters.
        for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
            const std::string name = pathToUtf8(it->path().filename());
            if (name.rfind(prefix, 0) == 0 && it->path() != entry &&
                it->path().extension() == ".npy" &&
                name.find(kSeparator, prefix.size()) == std::string::npos) {
                std::error_code ignored;
                fs::remove(it->path(), ignored);
            }
        }
    } catch (const FileError&) {
        // The cache folder cannot be written: the map is still good, only not kept.
    }
    return density;
}

void DensityCache::invalidate(const Sample& sample) {
    const fs::path folder = folderFor(sample);
    const std::string prefix = safeFileName(sample.name) + kSeparator;
    std::error_code ec;
    std::vector<fs::path> doomed;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = pathToUtf8(it->path().filename());
        // <name>@<params>@<key>.npy: exactly two separators after the sample's own name.
        if (name.rfind(prefix, 0) == 0) {
            const std::size_t second = name.find(kSeparator, prefix.size());
            if (second != std::string::npos &&
                name.find(kSeparator, second + 1) == std::string::npos)
                doomed.push_back(it->path());
        }
    }
    for (const fs::path& path : doomed) {
        std::error_code ignored;
        fs::remove(path, ignored);
    }
}

} // namespace crowdkd
