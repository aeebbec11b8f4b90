#include "pipeline/training_data.h"

#include "base/error.h"
#include "base/fnv1a.h"
#include "base/memory_budget.h"
#include "data/density_cache.h"
#include "data/image_io.h"
#include "data/mat_npy.h"
#include "pipeline/predictor.h"
#include "pipeline/preprocess.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <new>
#include <random>
#include <vector>

namespace crowdkd::pipeline {

namespace fs = std::filesystem;

namespace {

int alignDown(int value, int multiple) {
    return value / multiple * multiple;
}

// Uniform double in [0, 1) from 53 random bits (portable, unlike std::uniform_real_distribution).
double uniform01(std::mt19937_64& rng) {
    return static_cast<double>(rng() >> 11) * (1.0 / 9007199254740992.0);
}

// Uniform integer in [0, n) without modulo bias.
std::uint64_t uniformBelow(std::mt19937_64& rng, std::uint64_t n) {
    if (n <= 1)
        return 0;
    const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % n);
    std::uint64_t value;
    do {
        value = rng();
    } while (value >= limit);
    return value % n;
}

// Resizes a density crop to `size`, keeping its sum (bilinear interpolation does not).
cv::Mat resizeDensity(const cv::Mat& density, cv::Size size) {
    const double before = cv::sum(density)[0];
    cv::Mat resized;
    cv::resize(density, resized, size, 0, 0, cv::INTER_LINEAR);
    const double after = cv::sum(resized)[0];
    if (after > 0)
        resized *= before / after;
    return resized;
}

cv::Mat applyGamma(const cv::Mat& image, double gamma) {
    cv::Mat table(1, 256, CV_8U);
    for (int i = 0; i < 256; ++i)
        table.at<std::uint8_t>(i) =
            cv::saturate_cast<std::uint8_t>(std::pow(i / 255.0, gamma) * 255.0 + 0.5);
    cv::Mat out;
    cv::LUT(image, table, out);
    return out;
}

// Identifies a file by its content (FNV-1a of every byte, read in 1 MiB chunks: 0.1 s for
// M-SFANet's weights), so that another file copied in with the same size and time (cp -p, rsync
// -t) is told apart; a file that cannot be read is identified by its path alone.
std::string contentKey(const fs::path& path) {
    std::uint64_t hash = kFnv1aBasis;
    std::ifstream file(path, std::ios::binary);
    std::vector<char> chunk(std::size_t{1} << 20);
    while (file) {
        file.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        hash = fnv1a(hash, chunk.data(), static_cast<std::size_t>(file.gcount()));
    }
    return pathToUtf8(path) + "|" + std::to_string(hash);
}

std::string hex(std::uint64_t value) {
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
    return text;
}

} // namespace

std::uint64_t mixSeed(std::uint64_t seed, std::uint64_t a, std::uint64_t b) {
    auto splitmix = [](std::uint64_t x) {
        x += 0x9e3779b97f4a7c15ull;
        x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
        x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
        return x ^ (x >> 31);
    };
    return splitmix(splitmix(splitmix(seed) ^ a) ^ b);
}

std::vector<std::size_t> seededPermutation(std::size_t n, std::uint64_t seed) {
    std::vector<std::size_t> order(n);
    for (std::size_t i = 0; i < n; ++i)
        order[i] = i;
    std::mt19937_64 rng(seed);
    for (std::size_t i = n; i > 1; --i)
        std::swap(order[i - 1], order[uniformBelow(rng, i)]);
    return order;
}

InputSpec InputSpec::of(const nn::DensityModel& model) {
    return {model.kind(), model.inputChannels(), model.outputStride(), model.sizeMultiple()};
}

torch::Tensor imageToTensor(const cv::Mat& image, const InputSpec& spec) {
    // Sides are already multiples of the model's size multiple, so no resizing happens here.
    return preprocessImage(image, spec.kind, spec.channels).squeeze(0);
}

torch::Tensor mapToTensor(const cv::Mat& map) {
    cv::Mat values = map.isContinuous() ? map : map.clone();
    return torch::from_blob(values.data, {1, values.rows, values.cols}, torch::kFloat32).clone();
}

TrainingData::TrainingData(std::vector<Sample> samples, TrainingDataOptions options,
                           std::shared_ptr<DensityCache> densityCache)
    : m_samples(std::move(samples))
    , m_options(options)
    , m_densityCache(std::move(densityCache)) {
    m_alignment = std::max(m_options.student.sizeMultiple, m_options.student.stride);
    if (m_options.teacher) {
        const InputSpec& teacher = *m_options.teacher;
        if (m_options.student.stride % teacher.stride != 0)
            throw std::invalid_argument("the teacher's output stride must divide the student's");
        m_alignment = std::max({m_alignment, teacher.sizeMultiple, teacher.stride});
        if (!m_options.teacherOnTheFly)
            m_originStep = teacher.stride;
    }
    m_cropSide = m_options.crop > 0 && m_options.patchesPerImage == 0
                     ? std::max(alignDown(m_options.crop, m_alignment), m_alignment)
                     : 0;
    m_sources.resize(m_samples.size());
    for (std::size_t i = 0; i < m_samples.size(); ++i) {
        m_sourceMutexes.push_back(std::make_unique<std::mutex>());
        (m_samples[i].groundTruthPath.empty() ? m_unlabeled : m_labeled).push_back(i);
    }
    if (m_options.unlabeledPerBatch < 0 ||
        (m_options.unlabeledPerBatch > 0) != !m_unlabeled.empty())
        throw std::invalid_argument("unlabeled crops per batch need unlabeled images, and back");
}

int TrainingData::batchesPerEpoch(int batchSize) const {
    const int labeledPerBatch = batchSize - m_options.unlabeledPerBatch;
    if (labeledPerBatch < 1)
        return 0;
    const std::size_t visits =
        m_labeled.size() * static_cast<std::size_t>(std::max(m_options.patchesPerImage, 1));
    return static_cast<int>(visits / static_cast<std::size_t>(labeledPerBatch));
}

std::vector<TrainingData::Visit> TrainingData::epochVisits(int epoch) const {
    const auto patches = static_cast<std::size_t>(std::max(m_options.patchesPerImage, 1));
    const std::vector<std::size_t> order =
        seededPermutation(m_labeled.size() * patches, mixSeed(m_options.seed, 0x0e90c4, epoch));
    std::vector<Visit> visits(order.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        visits[i] = {m_labeled[order[i] / patches],
                     m_options.patchesPerImage > 0 ? static_cast<int>(order[i] % patches) : -1};
    return visits;
}

std::vector<std::size_t> TrainingData::epochOrder(int epoch) const {
    std::vector<std::size_t> order;
    for (const Visit& visit : epochVisits(epoch))
        order.push_back(visit.sample);
    return order;
}

cv::Rect TrainingData::patchRegion(std::size_t index, int patch) const {
    return patchRegion(index, patch, source(index)->image.size());
}

// svishwa's create_training_set_shtech.m: a quarter of the width and of the height, anywhere in
// the image. Here on the canvas's alignment, so that maps crop exactly, and seeded by the sample
// and the patch alone, so that every epoch sees the same patches, as their precomputed set does.
cv::Rect TrainingData::patchRegion(std::size_t index, int patch, cv::Size canvas) const {
    const int step = std::max(m_originStep, 1);
    const int width = std::max(alignDown(canvas.width / 4, m_alignment), m_alignment);
    const int height = std::max(alignDown(canvas.height / 4, m_alignment), m_alignment);
    std::mt19937_64 rng(mixSeed(mixSeed(m_options.seed, 0x9a7c4e5, index), 0x9a7c4e6,
                                static_cast<std::uint64_t>(patch)));
    const auto x = uniformBelow(rng, static_cast<std::uint64_t>((canvas.width - width) / step) + 1);
    const auto y =
        uniformBelow(rng, static_cast<std::uint64_t>((canvas.height - height) / step) + 1);
    return {static_cast<int>(x) * step, static_cast<int>(y) * step, width, height};
}

std::size_t TrainingData::unlabeledAt(std::int64_t position) const {
    const auto count = static_cast<std::int64_t>(m_unlabeled.size());
    const std::vector<std::size_t> pass = seededPermutation(
        m_unlabeled.size(),
        mixSeed(m_options.seed, 0x1ab0e1, static_cast<std::uint64_t>(position / count)));
    return m_unlabeled[pass[static_cast<std::size_t>(position % count)]];
}

cv::Size TrainingData::canvasSize(cv::Size image) const {
    return {std::max({alignDown(image.width, m_alignment), m_alignment, m_cropSide}),
            std::max({alignDown(image.height, m_alignment), m_alignment, m_cropSide})};
}

cv::Mat TrainingData::canvas(const cv::Mat& image) const {
    const int width = std::max(alignDown(image.cols, m_alignment), m_alignment);
    const int height = std::max(alignDown(image.rows, m_alignment), m_alignment);
    cv::Mat cut = image(cv::Rect(0, 0, std::min(width, image.cols), std::min(height, image.rows)));
    const int targetWidth = canvasSize(image.size()).width;
    const int targetHeight = canvasSize(image.size()).height;
    if (cut.cols == targetWidth && cut.rows == targetHeight)
        return cut.clone();
    cv::Mat padded;
    cv::copyMakeBorder(cut, padded, 0, targetHeight - cut.rows, 0, targetWidth - cut.cols,
                       cv::BORDER_CONSTANT, cv::Scalar::all(0));
    return padded;
}

std::shared_ptr<const TrainingData::Source> TrainingData::source(std::size_t index) const {
    std::lock_guard<std::mutex> lock(*m_sourceMutexes[index]);
    if (m_sources[index])
        return m_sources[index];
    const Sample& sample = m_samples[index];
    auto loaded = std::make_shared<Source>();
    try {
        const cv::Mat image = readImage(sample.imagePath, m_options.student.imageMode());
        loaded->image = canvas(image);
        if (m_options.teacher && m_options.teacherOnTheFly &&
            m_options.teacher->imageMode() != m_options.student.imageMode())
            loaded->teacherImage =
                canvas(readImage(sample.imagePath, m_options.teacher->imageMode()));
        if (!sample.groundTruthPath.empty()) {
            const cv::Mat density =
                m_densityCache->density(sample, m_options.density, m_options.cancel);
            if (density.size() != image.size())
                throw FileError(sample.groundTruthPath,
                                "density map size differs from the image's");
            loaded->density = canvas(density);
        }
    } catch (const std::bad_alloc&) {
        throw outOfMemoryError(sample.imagePath, "to keep this training image and its density map",
                               "train on fewer or smaller images, or close other programs");
    }
    m_sources[index] = loaded;
    return loaded;
}

bool TrainingData::cacheTeacherMaps(nn::DensityModel& teacher, const fs::path& teacherFile,
                                    const fs::path& cacheDir,
                                    const std::function<bool(int, int)>& progress,
                                    const std::function<bool(std::size_t)>& mine) {
    if (!m_options.teacher)
        throw std::logic_error("cacheTeacherMaps without a teacher");
    const InputSpec& spec = *m_options.teacher;
    // The cached map depends on the teacher's weights, the image and the canvas geometry.
    std::uint64_t key = fnv1a(kFnv1aBasis, contentKey(teacherFile));
    key = fnv1a(key, nn::toString(spec.kind) + std::to_string(spec.channels) + "|" +
                         std::to_string(m_alignment) + "|" + std::to_string(m_cropSide));
    const fs::path folder = cacheDir.empty() ? fs::path() : cacheDir / hex(key);
    if (!folder.empty()) {
        std::error_code ec;
        fs::create_directories(folder, ec);
    }
    const int total = static_cast<int>(m_samples.size());
    m_teacherMaps.assign(m_samples.size(), cv::Mat());
    torch::NoGradGuard noGrad;
    teacher.eval();
    for (int i = 0; i < total; ++i) {
        if (progress && !progress(i, total))
            return false;
        if (mine && !mine(static_cast<std::size_t>(i)))
            continue;
        const Sample& sample = m_samples[static_cast<std::size_t>(i)];
        const fs::path entry =
            folder.empty() ? fs::path()
                           : folder / (hex(fnv1a(key, contentKey(sample.imagePath))) + ".npy");
        std::error_code ec;
        if (!entry.empty() && fs::exists(entry, ec)) {
            try {
                // Used only if it is what the teacher makes of this canvas (its output stride
                // rounds either way) and holds finite values; anything else is recomputed.
                const cv::Mat cached = readNpyMat(entry);
                const cv::Size expected = canvasSize(readImageSize(sample.imagePath));
                const int stride = teacher.outputStride();
                if (std::abs(cached.cols * stride - expected.width) < stride &&
                    std::abs(cached.rows * stride - expected.height) < stride &&
                    cv::checkRange(cached)) {
                    m_teacherMaps[static_cast<std::size_t>(i)] = cached;
                    touchCacheEntry(entry);
                    continue;
                }
            } catch (const std::exception&) {
                // An unreadable entry is recomputed below.
            }
        }
        torch::Tensor density;
        try {
            // An MCNN teacher runs large canvases in tiles; M-SFANet refuses what cannot fit.
            const cv::Mat image = canvas(readImage(sample.imagePath, spec.imageMode()));
            density = predictTensor(teacher, imageToTensor(image, spec).unsqueeze(0)).density;
        } catch (...) {
            rethrowAsImageError(sample.imagePath);
        }
        cv::Mat map(static_cast<int>(density.size(0)), static_cast<int>(density.size(1)), CV_32F,
                    density.data_ptr<float>());
        m_teacherMaps[static_cast<std::size_t>(i)] = map.clone();
        if (!entry.empty()) {
            try {
                writeNpy(entry, m_teacherMaps[static_cast<std::size_t>(i)]);
            } catch (const std::exception&) {
                // A cache that cannot be written only costs time.
            }
        }
    }
    if (progress)
        progress(total, total);
    return true;
}

TrainingItem TrainingData::item(std::size_t index, int epoch, int patch) const {
    const std::shared_ptr<const Source> src = source(index);
    std::mt19937_64 rng(mixSeed(m_options.seed, static_cast<std::uint64_t>(epoch) + 1, index));
    const bool flip = m_options.flip && (rng() & 1u);
    const double scale =
        m_options.scaleJitter > 0 ? 1 + m_options.scaleJitter * (2 * uniform01(rng) - 1) : 1.0;
    const double gamma =
        m_options.gammaJitter > 0
            ? std::exp(std::log1p(m_options.gammaJitter) * (2 * uniform01(rng) - 1))
            : 1.0;
    const int canvasWidth = src->image.cols;
    const int canvasHeight = src->image.rows;

    // The region of the canvas that becomes the crop (larger or smaller under scale jitter).
    cv::Rect region(0, 0, canvasWidth, canvasHeight);
    cv::Size outSize(canvasWidth, canvasHeight);
    if (patch >= 0) {
        region = patchRegion(index, patch, src->image.size());
        outSize = region.size();
    } else if (m_cropSide > 0) {
        int side = m_cropSide;
        if (scale != 1.0) {
            const int step = std::max(m_originStep, 1);
            side = alignDown(static_cast<int>(std::lround(m_cropSide / scale)), step);
            side = std::clamp(side, step, alignDown(std::min(canvasWidth, canvasHeight), step));
        }
        const int step = m_originStep;
        const auto x =
            uniformBelow(rng, static_cast<std::uint64_t>((canvasWidth - side) / step) + 1);
        const auto y =
            uniformBelow(rng, static_cast<std::uint64_t>((canvasHeight - side) / step) + 1);
        region = cv::Rect(static_cast<int>(x) * step, static_cast<int>(y) * step, side, side);
        outSize = cv::Size(m_cropSide, m_cropSide);
    }
    const bool resized = region.size() != outSize;

    auto prepareImage = [&](const cv::Mat& full) {
        cv::Mat crop = full(region);
        cv::Mat out;
        if (resized)
            cv::resize(crop, out, outSize, 0, 0, cv::INTER_LINEAR);
        else
            out = crop.clone();
        if (flip)
            cv::flip(out, out, 1);
        if (gamma != 1.0)
            out = applyGamma(out, gamma);
        return out;
    };
    auto prepareDensity = [&](const cv::Mat& full, int stride) {
        const cv::Rect cell(region.x / stride, region.y / stride, region.width / stride,
                            region.height / stride);
        cv::Mat out = resized ? resizeDensity(full(cell), cv::Size(outSize.width / stride,
                                                                   outSize.height / stride))
                              : full(cell).clone();
        if (flip)
            cv::flip(out, out, 1);
        return out;
    };

    TrainingItem item;
    const InputSpec& student = m_options.student;
    item.input = imageToTensor(prepareImage(src->image), student);
    item.labeled = !src->density.empty();
    if (item.labeled)
        item.target =
            mapToTensor(crowdkd::sumPool(prepareDensity(src->density, 1), student.stride));
    else
        item.target =
            torch::zeros({1, outSize.height / student.stride, outSize.width / student.stride});
    if (m_options.teacher) {
        const InputSpec& teacher = *m_options.teacher;
        if (m_options.teacherOnTheFly) {
            const cv::Mat& full = src->teacherImage.empty() ? src->image : src->teacherImage;
            item.teacherInput = imageToTensor(prepareImage(full), teacher);
        } else {
            const cv::Mat& map = m_teacherMaps.at(index);
            if (map.empty())
                throw std::logic_error("teacher maps have not been cached");
            item.teacherTarget = mapToTensor(crowdkd::sumPool(prepareDensity(map, teacher.stride),
                                                              student.stride / teacher.stride));
        }
    }
    return item;
}

TrainingBatch TrainingData::batch(int epoch, int batchIndex, int batchSize,
                                  BatchSlice slice) const {
    const std::vector<Visit> visits = epochVisits(epoch);
    const int unlabeledPerBatch = m_options.unlabeledPerBatch;
    const int labeledPerBatch = batchSize - unlabeledPerBatch;
    const std::int64_t firstUnlabeled =
        (static_cast<std::int64_t>(epoch) * batchesPerEpoch(batchSize) + batchIndex) *
        unlabeledPerBatch;
    std::vector<torch::Tensor> inputs, targets, teacherInputs, teacherTargets;
    std::vector<float> labeled;
    const int end = slice.count < 0 ? batchSize : std::min(batchSize, slice.first + slice.count);
    for (int k = slice.first; k < end; ++k) {
        const Visit visit =
            k < labeledPerBatch
                ? visits.at(static_cast<std::size_t>(batchIndex) * labeledPerBatch + k)
                : Visit{unlabeledAt(firstUnlabeled + (k - labeledPerBatch)), -1};
        TrainingItem one = item(visit.sample, epoch, visit.patch);
        labeled.push_back(one.labeled ? 1.0f : 0.0f);
        inputs.push_back(one.input);
        targets.push_back(one.target);
        if (one.teacherInput.defined())
            teacherInputs.push_back(one.teacherInput);
        if (one.teacherTarget.defined())
            teacherTargets.push_back(one.teacherTarget);
    }
    TrainingBatch batch;
    batch.epoch = epoch;
    batch.index = batchIndex;
    batch.input = torch::stack(inputs);
    batch.target = torch::stack(targets);
    if (!teacherInputs.empty())
        batch.teacherInput = torch::stack(teacherInputs);
    if (!teacherTargets.empty())
        batch.teacherTarget = torch::stack(teacherTargets);
    if (unlabeledPerBatch > 0)
        batch.labeled = torch::tensor(labeled);
    return batch;
}

BatchPrefetcher::BatchPrefetcher(const TrainingData& data, int epoch, int batchSize, int firstBatch,
                                 int workers, int depth, BatchSlice slice)
    : m_data(data)
    , m_epoch(epoch)
    , m_batchSize(batchSize)
    , m_slice(slice)
    , m_end(data.batchesPerEpoch(batchSize))
    , m_depth(std::max(depth, 1))
    , m_nextToBuild(firstBatch)
    , m_nextToDeliver(firstBatch) {
    for (int i = 0; i < std::max(workers, 1); ++i)
        m_threads.emplace_back([this] { work(); });
}

BatchPrefetcher::~BatchPrefetcher() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
    }
    m_changed.notify_all();
    for (std::thread& thread : m_threads)
        thread.join();
}

void BatchPrefetcher::work() {
    for (;;) {
        int index;
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_changed.wait(lock, [this] {
                return m_stop || m_nextToBuild >= m_end ||
                       m_nextToBuild < m_nextToDeliver + m_depth;
            });
            if (m_stop || m_nextToBuild >= m_end)
                return;
            index = m_nextToBuild++;
        }
        TrainingBatch batch;
        std::exception_ptr error;
        try {
            batch = m_data.batch(m_epoch, index, m_batchSize, m_slice);
        } catch (...) {
            error = std::current_exception();
        }
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            if (error)
                m_errors[index] = error;
            else
                m_ready[index] = std::move(batch);
        }
        m_changed.notify_all();
    }
}

std::optional<TrainingBatch> BatchPrefetcher::next() {
    std::unique_lock<std::mutex> lock(m_mutex);
    if (m_nextToDeliver >= m_end)
        return std::nullopt;
    const int wanted = m_nextToDeliver;
    m_changed.wait(lock, [&] { return m_ready.count(wanted) || m_errors.count(wanted); });
    if (auto error = m_errors.find(wanted); error != m_errors.end())
        std::rethrow_exception(error->second);
    TrainingBatch batch = std::move(m_ready.at(wanted));
    m_ready.erase(wanted);
    ++m_nextToDeliver;
    lock.unlock();
    m_changed.notify_all();
    return batch;
}

} // namespace crowdkd::pipeline
