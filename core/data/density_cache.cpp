#include "data/density_cache.h"

#include "base/error.h"
#include "base/memory_budget.h"
#include "data/ground_truth.h"
#include "data/image_io.h"
#include "data/mat_npy.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <vector>

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

std::uint64_t cacheBudgetBytes() {
    const std::string text = environment("CROWDKD_CACHE_MAX_GB");
    char* end = nullptr;
    const double gigabytes = text.empty() ? 0 : std::strtod(text.c_str(), &end);
    if (text.empty() || end == text.c_str() || *end != '\0' || !(gigabytes > 0) || gigabytes > 1e6)
        return std::uint64_t{8} << 30;
    return static_cast<std::uint64_t>(gigabytes * double(std::uint64_t{1} << 30));
}

void touchCacheEntry(const fs::path& entry) {
    std::error_code ignored;
    fs::last_write_time(entry, fs::file_time_type::clock::now(), ignored);
}

std::uint64_t pruneCache(const fs::path& dir, std::uint64_t maxBytes) {
    struct File {
        fs::path path;
        std::uint64_t bytes;
        fs::file_time_type used;
    };
    std::vector<File> files;
    std::vector<fs::path> folders;
    std::uint64_t total = 0;
    std::uint64_t removed = 0;
    const auto now = fs::file_time_type::clock::now();
    std::error_code ec;
    for (fs::recursive_directory_iterator
             it(dir, fs::directory_options::skip_permission_denied, ec),
         end;
         !ec && it != end; it.increment(ec)) {
        std::error_code statError;
        const fs::file_status status = it->symlink_status(statError);
        if (statError)
            continue;
        if (fs::is_directory(status)) {
            folders.push_back(it->path());
            continue;
        }
        if (!fs::is_regular_file(status)) // links, FIFOs and the like are left alone
            continue;
        const std::uint64_t bytes = it->file_size(statError);
        const fs::file_time_type used = it->last_write_time(statError);
        if (statError)
            continue;
        const bool leftover =
            pathToUtf8(it->path().filename()).find(".tmp-") != std::string::npos &&
            now - used > std::chrono::hours(1);
        if (leftover) {
            if (fs::remove(it->path(), statError))
                removed += bytes;
            continue;
        }
        files.push_back({it->path(), bytes, used});
        total += bytes;
    }
    std::sort(files.begin(), files.end(),
              [](const File& a, const File& b) { return a.used < b.used; });
    for (const File& file : files) {
        if (total <= maxBytes)
            break;
        std::error_code removeError;
        if (fs::remove(file.path, removeError)) {
            total -= file.bytes;
            removed += file.bytes;
        }
    }
    // Deepest first, so that a folder emptied by its children's removal goes too.
    std::sort(folders.begin(), folders.end(), [](const fs::path& a, const fs::path& b) {
        return a.native().size() > b.native().size();
    });
    for (const fs::path& folder : folders) {
        std::error_code removeError;
        if (fs::is_empty(folder, removeError) && !removeError)
            fs::remove(folder, removeError);
    }
    return removed;
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
                touchCacheEntry(entry);
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
