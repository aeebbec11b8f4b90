#include "data/density_cache.h"
#include "data/density_map.h"
#include "data/ground_truth.h"
#include "data/mat_npy.h"
#include "data_test_util.h"
#include "test_support.h"

#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <chrono>
#include <cmath>
#include <fstream>
#include <future>
#include <random>
#include <thread>

namespace fs = std::filesystem;
using namespace crowdkd;
using namespace crowdkd::test;

namespace {

std::vector<HeadPoint> readPointsCsv(const fs::path& path) {
    std::ifstream csv(path);
    std::string line;
    std::getline(csv, line); // x,y
    std::vector<HeadPoint> points;
    while (std::getline(csv, line)) {
        const auto comma = line.find(',');
        points.push_back({std::stod(line.substr(0, comma)), std::stod(line.substr(comma + 1))});
    }
    return points;
}

double maxAbsDifference(const cv::Mat& a, const cv::Mat& b) {
    double worst = 0.0;
    cv::minMaxLoc(cv::abs(a - b), nullptr, &worst);
    return worst;
}

double sumOf(const cv::Mat& map) {
    return cv::sum(map)[0];
}

// Brute-force σ: 0.1 × the sum of the 3 smallest distances to other heads.
double bruteForceSigma(const std::vector<HeadPoint>& heads, std::size_t self) {
    std::vector<double> distances;
    for (std::size_t i = 0; i < heads.size(); ++i) {
        if (i != self)
            distances.push_back(std::hypot(heads[i].x - heads[self].x, heads[i].y - heads[self].y));
    }
    std::partial_sort(distances.begin(), distances.begin() + 3, distances.end());
    return (distances[0] + distances[1] + distances[2]) * 0.1;
}

// A split with `count` small images and their ground truth in a temporary folder.
std::vector<Sample> makeSamples(const fs::path& root, int count) {
    std::vector<Sample> samples;
    for (int i = 1; i <= count; ++i) {
        const std::string name = "IMG_" + std::to_string(i);
        Sample sample{name, root / "images" / (name + ".jpg"),
                      root / "ground-truth" / ("GT_" + name + ".mat")};
        writeTestJpeg(sample.imagePath, 64, 48);
        fs::create_directories(sample.groundTruthPath.parent_path());
        writeGroundTruth(sample.groundTruthPath,
                         {{10.0 + i, 10.0}, {20.0, 30.0}, {40.5, 20.25}, {50.0, 40.0}, {5, 5}});
        samples.push_back(sample);
    }
    return samples;
}

std::size_t npyFilesIn(const fs::path& dir) {
    std::size_t count = 0;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        count += it->path().extension() == ".npy";
    return count;
}

} // namespace

/// Density maps against SciPy's fixture maps, the border modes, sum-pooling and the cache.
class TestDensity : public QObject {
    Q_OBJECT

private slots:
    void scipyModeMatchesFixtures_data();
    void scipyModeMatchesFixtures();
    void datasetPointsGiveTheSameMap();
    void adaptiveSigmasMatchBruteForce();
    void gaussianKernelIsSciPys();
    void fewHeads();
    void headsOutsideAreLeftOut();
    void sumPoolPreservesCounts_data();
    void sumPoolPreservesCounts();
    void npyConversions();
    void cacheHitsAndInvalidation();
    void cacheIsThreadSafe();
    void cacheFolderFromEnvironment();
    void cacheKeepsToItsBudget();
    void wideMapsAreSummedInBands();
    void piledUpHeadsCostNLogN();
    void nearDuplicateHeadsMatchBruteForce();
    void cancelStopsAComputationUnderWay_data();
    void cancelStopsAComputationUnderWay();
};

void TestDensity::scipyModeMatchesFixtures_data() {
    QTest::addColumn<QString>("image");
    QTest::addColumn<QString>("map");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<double>("sigma"); // 0: adaptive
    QTest::newRow("IMG_1 adaptive") << "IMG_1"
                                    << "IMG_1_adaptive" << 1024 << 768 << 0.0;
    QTest::newRow("IMG_1 fixed 15") << "IMG_1"
                                    << "IMG_1_fixed15" << 1024 << 768 << 15.0;
    QTest::newRow("IMG_3 adaptive") << "IMG_3"
                                    << "IMG_3_adaptive" << 1000 << 664 << 0.0;
    QTest::newRow("IMG_3 fixed 4") << "IMG_3"
                                   << "IMG_3_fixed4" << 1000 << 664 << 4.0;
}

void TestDensity::scipyModeMatchesFixtures() {
    QFETCH(QString, image);
    QFETCH(QString, map);
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(double, sigma);
    CROWDKD_REQUIRE_SHARED("fixtures/density/" + map + ".npy");
    const std::vector<HeadPoint> points =
        readPointsCsv(sharedPath("fixtures/density/" + image + "_points.csv"));
    const cv::Mat expected = readNpyMat(sharedPath("fixtures/density/" + map + ".npy"));
    const cv::Size size(width, height);
    QCOMPARE(expected.size(), size);

    DensityParams params;
    params.method = sigma > 0 ? KernelMethod::Fixed : KernelMethod::Adaptive;
    params.sigma = sigma;
    params.border = BorderMode::SciPy;
    const cv::Mat scipy = makeDensityMap(points, size, params);
    QCOMPARE(scipy.type(), CV_32F);
    QCOMPARE(scipy.size(), size);
    const double difference = maxAbsDifference(scipy, expected);
    QVERIFY2(difference <= 1e-6, qPrintable(QString::number(difference)));
    QVERIFY(sumOf(scipy) < double(points.size()) - 0.1); // mass lost at the borders

    params.border = BorderMode::Preserve;
    const cv::Mat preserve = makeDensityMap(points, size, params);
    const std::size_t inside = points.size() - countOutsideImage(points, size);
    QVERIFY2(std::abs(sumOf(preserve) - double(inside)) < 1e-6 * double(inside) + 1e-4,
             qPrintable(QString::number(sumOf(preserve), 'g', 12)));
    // Far from the borders both modes agree: only clipped kernels are renormalised.
    const cv::Rect interior(200, 200, width - 400, height - 400);
    if (sigma > 0.0) // adaptive kernels can be wide enough to reach the borders
        QVERIFY(maxAbsDifference(preserve(interior), scipy(interior)) <= 1e-6);
}

void TestDensity::datasetPointsGiveTheSameMap() {
    CROWDKD_REQUIRE_SHARED("data/ShanghaiTech/part_A/train_data/ground-truth/GT_IMG_3.mat");
    CROWDKD_REQUIRE_SHARED("fixtures/density/IMG_3_adaptive.npy");
    const GroundTruth truth = readGroundTruth(
        sharedPath("data/ShanghaiTech/part_A/train_data/ground-truth/GT_IMG_3.mat"));
    const cv::Mat expected = readNpyMat(sharedPath("fixtures/density/IMG_3_adaptive.npy"));
    const cv::Mat ours = makeDensityMap(truth.points, expected.size(),
                                        {KernelMethod::Adaptive, 0.0, BorderMode::SciPy});
    QVERIFY(maxAbsDifference(ours, expected) <= 1e-6);
}

void TestDensity::adaptiveSigmasMatchBruteForce() {
    // Clustered and uniform heads, with duplicates, on a 640×480 image.
    std::mt19937 random(7);
    std::normal_distribution<double> cluster(0.0, 6.0);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::vector<HeadPoint> heads;
    for (int i = 0; i < 600; ++i)
        heads.push_back({std::clamp(320 + cluster(random), 0.0, 639.0),
                         std::clamp(100 + cluster(random), 0.0, 479.0)});
    for (int i = 0; i < 400; ++i)
        heads.push_back({uniform(random) * 639.0, uniform(random) * 479.0});
    heads.push_back(heads[5]);
    const std::vector<double> sigmas = adaptiveSigmas(heads, {640, 480});
    QCOMPARE(sigmas.size(), heads.size());
    for (std::size_t i = 0; i < heads.size(); ++i)
        QVERIFY(std::abs(sigmas[i] - bruteForceSigma(heads, i)) < 1e-12);
}

void TestDensity::gaussianKernelIsSciPys() {
    const std::vector<double> kernel = gaussianKernel1d(15.0);
    QCOMPARE(kernel.size(), std::size_t(2 * 60 + 1)); // radius int(4 * 15 + 0.5)
    QCOMPARE(gaussianKernel1d(4.0).size(), std::size_t(2 * 16 + 1));
    QCOMPARE(gaussianKernel1d(0.3).size(), std::size_t(2 * 1 + 1)); // int(1.7)
    QCOMPARE(gaussianKernel1d(0.0), std::vector<double>{1.0});
    double sum = 0.0;
    for (double value : kernel)
        sum += value;
    QVERIFY(std::abs(sum - 1.0) < 1e-12);
    QVERIFY(std::abs(kernel[60 + 15] / kernel[60] - std::exp(-0.5)) < 1e-12);
}

void TestDensity::fewHeads() {
    const cv::Size size(80, 60);
    for (BorderMode border : {BorderMode::Preserve, BorderMode::SciPy}) {
        const cv::Mat none = makeDensityMap({}, size, {KernelMethod::Adaptive, 0, border});
        QCOMPARE(cv::countNonZero(none), 0);
        QCOMPARE(none.size(), size);
    }
    // Fewer than 4 heads: σ = mean(H, W) / 4 = 17.5 for each.
    const std::vector<double> kernel = gaussianKernel1d(17.5);
    const int radius = int(kernel.size() / 2);
    const cv::Mat one =
        makeDensityMap({{40.7, 30.2}}, size, {KernelMethod::Adaptive, 0, BorderMode::SciPy});
    QVERIFY(std::abs(one.at<float>(30, 40) - float(kernel[radius] * kernel[radius])) < 1e-9);
    QVERIFY(std::abs(one.at<float>(31, 43) - float(kernel[radius + 1] * kernel[radius + 3])) <
            1e-9);
    const cv::Mat three = makeDensityMap({{10, 10}, {70, 50}, {40, 30}}, size);
    QVERIFY(std::abs(sumOf(three) - 3.0) < 1e-5);
    // Four heads on one pixel: σ = 0, so each stays an impulse.
    const cv::Mat stacked = makeDensityMap({{5, 5}, {5, 5}, {5, 5}, {5, 5}}, size);
    QCOMPARE(stacked.at<float>(5, 5), 4.0f);
    QCOMPARE(cv::countNonZero(stacked), 1);
    // A huge fixed σ on a tiny image still sums to the head count in preserve mode.
    const cv::Mat wide = makeDensityMap({{0, 0}, {79, 59}}, size, {KernelMethod::Fixed, 200.0});
    QVERIFY(std::abs(sumOf(wide) - 2.0) < 1e-5);
}

void TestDensity::headsOutsideAreLeftOut() {
    const cv::Size size(50, 40);
    const std::vector<HeadPoint> points = {{10, 10},     {-5, 3},    {60, 10},
                                           {49.9, 39.9}, {-0.5, 20}, {25, 40}};
    QCOMPARE(countOutsideImage(points, size), std::size_t(3));
    const cv::Mat map = makeDensityMap(points, size, {KernelMethod::Fixed, 2.0});
    QVERIFY(std::abs(sumOf(map) - 3.0) < 1e-5);
    QVERIFY(map.at<float>(39, 49) > map.at<float>(38, 49)); // the corner head is kept
}

void TestDensity::sumPoolPreservesCounts_data() {
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("stride");
    QTest::newRow("multiple of 4") << 64 << 48 << 4;
    QTest::newRow("not a multiple of 4") << 53 << 37 << 4;
    QTest::newRow("stride 2, odd") << 33 << 17 << 2;
    QTest::newRow("stride 8, smaller than a cell in height") << 41 << 5 << 8;
    QTest::newRow("stride 1") << 10 << 7 << 1;
}

void TestDensity::sumPoolPreservesCounts() {
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(int, stride);
    cv::Mat density(height, width, CV_32F);
    cv::randu(density, 0.0, 1.0);
    const cv::Mat pooled = sumPool(density, stride);
    QCOMPARE(pooled.type(), CV_32F);
    QCOMPARE(pooled.rows, (height + stride - 1) / stride);
    QCOMPARE(pooled.cols, (width + stride - 1) / stride);
    double total = 0.0;
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x)
            total += density.at<float>(y, x);
    }
    QVERIFY(std::abs(sumOf(pooled) - total) < 1e-9 * total + 1e-4);
    // Each cell sums exactly its block; the last row and column sum the partial blocks.
    for (int oy = 0; oy < pooled.rows; ++oy) {
        for (int ox = 0; ox < pooled.cols; ++ox) {
            const cv::Rect block =
                cv::Rect(ox * stride, oy * stride, stride, stride) & cv::Rect(0, 0, width, height);
            double expected = 0.0;
            for (int y = block.y; y < block.y + block.height; ++y) {
                for (int x = block.x; x < block.x + block.width; ++x)
                    expected += density.at<float>(y, x);
            }
            QCOMPARE(pooled.at<float>(oy, ox), float(expected));
        }
    }
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, sumPool(density, 0));
}

void TestDensity::npyConversions() {
    QTemporaryDir dir;
    cv::Mat map(5, 7, CV_32F);
    cv::randu(map, -1.0, 1.0);
    const fs::path path = pathOf(dir) / utf8Path("밀도.npy");
    writeNpy(path, map);
    const cv::Mat back = readNpyMat(path);
    QCOMPARE(back.size(), map.size());
    QCOMPARE(cv::norm(back, map, cv::NORM_INF), 0.0);
    const NpyArray array = toNpyArray(map(cv::Rect(1, 1, 3, 2))); // a non-contiguous view
    QCOMPARE(array.shape, (std::vector<std::size_t>{2, 3}));
    QCOMPARE(array.values[4], map.at<float>(2, 2));
    QCOMPARE(cv::norm(toMat(array), map(cv::Rect(1, 1, 3, 2)), cv::NORM_INF), 0.0);
}

void TestDensity::cacheHitsAndInvalidation() {
    QTemporaryDir data;
    QTemporaryDir cacheDir;
    const std::vector<Sample> samples = makeSamples(pathOf(data), 3);
    DensityCache cache(pathOf(cacheDir));
    const DensityParams params{KernelMethod::Fixed, 4.0, BorderMode::Preserve};

    const cv::Mat first = cache.density(samples[0], params);
    QCOMPARE(cache.misses(), std::uint64_t(1));
    QCOMPARE(npyFilesIn(pathOf(cacheDir)), std::size_t(1));
    const cv::Mat again = cache.density(samples[0], params);
    QCOMPARE(cache.hits(), std::uint64_t(1));
    QCOMPARE(cv::norm(first, again, cv::NORM_INF), 0.0);
    const GroundTruth truth = readGroundTruth(samples[0].groundTruthPath);
    QCOMPARE(cv::norm(first, makeDensityMap(truth.points, {64, 48}, params), cv::NORM_INF), 0.0);
    QVERIFY(!fs::exists(pathOf(data) / "images" / "density")); // nothing in the dataset folder

    // Other samples and other parameters are separate entries.
    cache.density(samples[1], params);
    cache.density(samples[2], params);
    cache.density(samples[1], {KernelMethod::Adaptive, 0.0, BorderMode::SciPy});
    QCOMPARE(cache.misses(), std::uint64_t(4));
    QCOMPARE(npyFilesIn(pathOf(cacheDir)), std::size_t(4));

    // Editing one image's heads recomputes that image only, and drops its stale entry.
    writeGroundTruth(samples[1].groundTruthPath, {{30.0, 30.0}});
    const cv::Mat edited = cache.density(samples[1], params);
    QCOMPARE(cache.misses(), std::uint64_t(5));
    QVERIFY(std::abs(sumOf(edited) - 1.0) < 1e-5);
    cache.density(samples[0], params);
    cache.density(samples[2], params);
    QCOMPARE(cache.hits(), std::uint64_t(3));
    QCOMPARE(npyFilesIn(pathOf(cacheDir)), std::size_t(4));

    // A fresh cache object on the same folder finds the entries (another process).
    DensityCache reopened(pathOf(cacheDir));
    reopened.density(samples[2], params);
    QCOMPARE(reopened.hits(), std::uint64_t(1));

    // invalidate() drops every entry of that sample, all parameters.
    cache.invalidate(samples[1]);
    QCOMPARE(npyFilesIn(pathOf(cacheDir)), std::size_t(2));
    cache.density(samples[1], params);
    QCOMPARE(cache.misses(), std::uint64_t(6));

    // A damaged entry is recomputed, not trusted.
    for (const auto& entry : fs::recursive_directory_iterator(pathOf(cacheDir))) {
        if (entry.path().filename().string().rfind("IMG_3@", 0) == 0)
            writeBytes(entry.path(), {'b', 'a', 'd'});
    }
    QCOMPARE(cv::norm(cache.density(samples[2], params),
                      makeDensityMap(readGroundTruth(samples[2].groundTruthPath).points, {64, 48},
                                     params),
                      cv::NORM_INF),
             0.0);
    QCOMPARE(cache.misses(), std::uint64_t(7));
    // So is one of the right size that holds no density (negative or NaN values), and one whose
    // file is not a map of this image's size (read whole, it could ask for any memory).
    const auto replaceEntry = [&](const cv::Mat& with) {
        for (const auto& entry : fs::recursive_directory_iterator(pathOf(cacheDir))) {
            if (entry.path().filename().string().rfind("IMG_3@", 0) == 0)
                writeNpy(entry.path(), with);
        }
    };
    replaceEntry(cv::Mat(48, 64, CV_32F, cv::Scalar(-1.0)));
    QVERIFY(cv::checkRange(cache.density(samples[2], params), true, nullptr, 0.0, 1.0));
    QCOMPARE(cache.misses(), std::uint64_t(8));
    replaceEntry(cv::Mat(480, 640, CV_32F, cv::Scalar(0.0)));
    QCOMPARE(cache.density(samples[2], params).size(), cv::Size(64, 48));
    QCOMPARE(cache.misses(), std::uint64_t(9));
    cache.density(samples[2], params);
    QCOMPARE(cache.misses(), std::uint64_t(9)); // the recomputed entry is used again
}

// The cache folder keeps to a budget: leftovers of interrupted writes go, then the least recently
// used entries (a hit renews one) until the rest fits; links and what they point at are left.
void TestDensity::cacheKeepsToItsBudget() {
    QTemporaryDir cacheDir;
    QTemporaryDir outside;
    const fs::path root = pathOf(cacheDir);
    const auto file = [](const fs::path& path, std::size_t bytes, int hoursAgo) {
        fs::create_directories(path.parent_path());
        writeBytes(path, std::vector<std::uint8_t>(bytes, 7));
        fs::last_write_time(path, fs::file_time_type::clock::now() - std::chrono::hours(hoursAgo));
    };
    file(root / "density" / "a" / "old.npy", 1000, 50);
    file(root / "density" / "a" / "middle.npy", 1000, 30);
    file(root / "teacher" / "k" / "recent.npy", 1000, 10);
    file(root / "teacher" / "k" / "used.npy", 1000, 40);
    file(root / "density" / "a" / "x.npy.tmp-1-2", 500, 2); // an interrupted write
    file(root / "density" / "a" / "y.npy.tmp-3-4", 500, 0); // one perhaps still being written
    file(pathOf(outside) / "keep.npy", 5000, 60);
    fs::create_directory_symlink(pathOf(outside), root / "linked");
    touchCacheEntry(root / "teacher" / "k" / "used.npy"); // a hit

    QCOMPARE(pruneCache(root, 100000), std::uint64_t(500)); // within budget: the leftover only
    QVERIFY(!fs::exists(root / "density" / "a" / "x.npy.tmp-1-2"));
    QVERIFY(fs::exists(root / "density" / "a" / "y.npy.tmp-3-4"));
    QCOMPARE(pruneCache(root, 2600), std::uint64_t(2000)); // 4500 bytes down to 2500
    QVERIFY(!fs::exists(root / "density" / "a" / "old.npy"));
    QVERIFY(!fs::exists(root / "density" / "a" / "middle.npy"));
    QVERIFY(fs::exists(root / "teacher" / "k" / "recent.npy"));
    QVERIFY(fs::exists(root / "teacher" / "k" / "used.npy"));
    QVERIFY(fs::exists(pathOf(outside) / "keep.npy"));
    QVERIFY(fs::is_symlink(root / "linked"));
    QCOMPARE(pruneCache(root, 0), std::uint64_t(2500)); // everything of ours
    QVERIFY(!fs::exists(root / "teacher"));             // emptied folders go too
    QVERIFY(fs::exists(pathOf(outside) / "keep.npy"));

    // The budget comes from the environment, in GiB; nonsense keeps the default.
    qputenv("CROWDKD_CACHE_MAX_GB", "0.5");
    QCOMPARE(cacheBudgetBytes(), std::uint64_t(1) << 29);
    qputenv("CROWDKD_CACHE_MAX_GB", "lots");
    QCOMPARE(cacheBudgetBytes(), std::uint64_t(8) << 30);
    qunsetenv("CROWDKD_CACHE_MAX_GB");
}

void TestDensity::cacheIsThreadSafe() {
    QTemporaryDir data;
    QTemporaryDir cacheDir;
    const std::vector<Sample> samples = makeSamples(pathOf(data), 6);
    DensityCache cache(pathOf(cacheDir));
    const DensityParams params{KernelMethod::Adaptive, 0.0, BorderMode::Preserve};
    std::vector<cv::Mat> expected;
    for (const Sample& sample : samples)
        expected.push_back(
            makeDensityMap(readGroundTruth(sample.groundTruthPath).points, {64, 48}, params));
    std::atomic<int> failures{0};
    std::vector<std::thread> workers;
    for (int t = 0; t < 4; ++t) {
        workers.emplace_back([&, t] {
            for (int round = 0; round < 5; ++round) {
                for (std::size_t i = 0; i < samples.size(); ++i) {
                    const std::size_t pick = (i + std::size_t(t)) % samples.size();
                    try {
                        if (cv::norm(cache.density(samples[pick], params), expected[pick],
                                     cv::NORM_INF) != 0.0)
                            ++failures;
                    } catch (...) {
                        ++failures;
                    }
                }
            }
        });
    }
    for (std::thread& worker : workers)
        worker.join();
    QCOMPARE(failures.load(), 0);
    QCOMPARE(cache.hits() + cache.misses(), std::uint64_t(4 * 5 * 6));
    QCOMPARE(npyFilesIn(pathOf(cacheDir)), samples.size());
}

void TestDensity::cacheFolderFromEnvironment() {
    const QByteArray saved = qgetenv("CROWDKD_CACHE_DIR");
    qputenv("CROWDKD_CACHE_DIR", "/tmp/crowdkd-cache-test");
    QCOMPARE(defaultDensityCacheDir(), fs::path("/tmp/crowdkd-cache-test") / "density");
    qunsetenv("CROWDKD_CACHE_DIR");
#ifndef _WIN32
    const QByteArray xdg = qgetenv("XDG_CACHE_HOME");
    qputenv("XDG_CACHE_HOME", "/tmp/xdg");
    QCOMPARE(defaultCacheDir(), fs::path("/tmp/xdg") / "crowdkd");
    if (xdg.isNull())
        qunsetenv("XDG_CACHE_HOME");
    else
        qputenv("XDG_CACHE_HOME", xdg);
#endif
    if (!saved.isNull())
        qputenv("CROWDKD_CACHE_DIR", saved);
}

// A map too large for one 64 MiB double band (9000 columns: 932 rows a band) is summed band by
// band: a kernel across the band boundary is the same outer product on both sides.
void TestDensity::wideMapsAreSummedInBands() {
    const cv::Size size(9000, 1000);
    const HeadPoint head{4500.5, 931.5};
    const cv::Mat map = makeDensityMap({head}, size, {KernelMethod::Fixed, 4.0, BorderMode::SciPy});
    const std::vector<double> kernel = gaussianKernel1d(4.0);
    const int radius = int(kernel.size() / 2);
    for (int y = 931 - radius; y <= 931 + radius; ++y) {
        for (int x = 4500 - radius; x <= 4500 + radius; ++x) {
            const double expected =
                kernel[std::size_t(y - 931 + radius)] * kernel[std::size_t(x - 4500 + radius)];
            QCOMPARE(map.at<float>(y, x), float(expected));
        }
    }
    QVERIFY(std::abs(sumOf(map) - 1.0) < 1e-6);
    QCOMPARE(cv::countNonZero(map), int(kernel.size() * kernel.size()));
}

// 200 000 heads on one spot: each head's 3 nearest are at distance 0 (σ = 0, an impulse each), so
// the map is one pixel holding them all. A uniform grid put them all in one cell and scanned it for
// every head (28 s); the k-d tree answers each query from its own leaf. Timings: bench_density.
void TestDensity::piledUpHeadsCostNLogN() {
    const std::vector<HeadPoint> heads(200'000, HeadPoint{100.25, 50.75});
    const cv::Size size(640, 480);
    const std::vector<double> sigmas = adaptiveSigmas(heads, size);
    QCOMPARE(sigmas.size(), heads.size());
    QVERIFY(std::all_of(sigmas.begin(), sigmas.end(), [](double s) { return s == 0.0; }));
    for (BorderMode border : {BorderMode::Preserve, BorderMode::SciPy}) {
        const cv::Mat map = makeDensityMap(heads, size, {KernelMethod::Adaptive, 0.0, border});
        QCOMPARE(map.at<float>(50, 100), 200'000.0f);
        QCOMPARE(cv::countNonZero(map), 1);
    }
}

// 2 000 000 heads piled on 5 spots with sub-pixel jitter (what the 47 KB .mat of the issue held):
// σ stays exact (brute force on a sample of heads) and the map keeps every head.
void TestDensity::nearDuplicateHeadsMatchBruteForce() {
    std::mt19937 random(14);
    std::uniform_real_distribution<double> jitter(-0.4, 0.4);
    const HeadPoint spots[] = {
        {100.5, 100.5}, {300.5, 120.5}, {50.5, 400.5}, {600.5, 50.5}, {320.5, 240.5}};
    std::vector<HeadPoint> heads;
    heads.reserve(2'000'000);
    for (std::size_t i = 0; i < 2'000'000; ++i) {
        const HeadPoint& spot = spots[i % std::size(spots)];
        heads.push_back({spot.x + jitter(random), spot.y + jitter(random)});
    }
    const cv::Size size(640, 480);
    const std::vector<double> sigmas = adaptiveSigmas(heads, size);
    for (std::size_t i = 0; i < heads.size(); i += 199'999)
        QVERIFY2(std::abs(sigmas[i] - bruteForceSigma(heads, i)) < 1e-12,
                 qPrintable(QStringLiteral("head %1").arg(i)));
    const cv::Mat map = makeDensityMap(heads, size);
    QVERIFY2(std::abs(sumOf(map) - 2e6) < 1e-6 * 2e6, qPrintable(QString::number(sumOf(map))));
}

void TestDensity::cancelStopsAComputationUnderWay_data() {
    QTest::addColumn<int>("method");
    QTest::addColumn<int>("heads");
    // Fixed σ = 200 spreads each head over 1601² pixels: minutes of kernels. Adaptive: the
    // neighbour search over 2 000 000 heads, then their kernels.
    QTest::newRow("fixed sigma 200, 40 000 heads") << int(KernelMethod::Fixed) << 40'000;
    QTest::newRow("adaptive, 2 000 000 heads") << int(KernelMethod::Adaptive) << 2'000'000;
}

// A cancel request made from another thread while a long density map is being computed (and
// cached) stops it: Cancelled is thrown and nothing is cached. Event-driven: the request is made
// once the computation has asked the check for the first time.
void TestDensity::cancelStopsAComputationUnderWay() {
    QFETCH(int, method);
    QFETCH(int, heads);
    QTemporaryDir data;
    QTemporaryDir cacheDir;
    const fs::path root = pathOf(data);
    const Sample sample{"IMG_1", root / "images" / "IMG_1.jpg",
                        root / "ground-truth" / "GT_IMG_1.mat"};
    writeTestJpeg(sample.imagePath, 2400, 2400);
    fs::create_directories(sample.groundTruthPath.parent_path());
    std::mt19937 random(3);
    std::uniform_real_distribution<double> position(0.0, 2399.0);
    std::vector<HeadPoint> points;
    for (int i = 0; i < heads; ++i)
        points.push_back({position(random), position(random)});
    writeGroundTruth(sample.groundTruthPath, points);
    DensityCache cache(pathOf(cacheDir));
    const DensityParams params{static_cast<KernelMethod>(method), 200.0, BorderMode::Preserve};

    std::promise<void> started;
    std::atomic<bool> askedOnce{false};
    std::atomic<bool> cancel{false};
    const CancelCheck check = [&] {
        if (!askedOnce.exchange(true))
            started.set_value();
        return cancel.load();
    };
    std::exception_ptr thrown;
    std::thread worker([&] {
        try {
            cache.density(sample, params, check);
        } catch (...) {
            thrown = std::current_exception();
        }
    });
    started.get_future().wait();
    cancel = true;
    worker.join();
    QVERIFY2(thrown, "the computation ran to its end despite the request");
    try {
        std::rethrow_exception(thrown);
    } catch (const Cancelled&) {
    } catch (const std::exception& error) {
        QFAIL(error.what());
    }
    QCOMPARE(npyFilesIn(pathOf(cacheDir)), std::size_t(0));
}

QTEST_GUILESS_MAIN(TestDensity)
#include "test_density.moc"
