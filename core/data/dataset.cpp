#include "data/dataset.h"

#include "base/error.h"
#include "base/file_io.h"
#include "base/name_table.h"
#include "base/text.h"
#include "data/annotation_text.h"
#include "data/image_io.h"
#include "data/points_csv.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <optional>
#include <set>

namespace crowdkd {

namespace fs = std::filesystem;

namespace {

// How deep openDataset() looks for splits below the root.
constexpr int kMaxSearchDepth = 8;
// The folder of a split that holds its images (matched in any case).
constexpr std::string_view kImagesFolder = "images";
// The split lists of an NWPU-Crowd folder (matched in any case), in this order.
constexpr const char* kSplitListNames[] = {"train.txt", "val.txt", "test.txt"};
// The name a CSV of points is preferred by when a folder holds several.
constexpr std::string_view kPointsCsvName = "points.csv";
// Problems of one kind reported for one file at most (then one saying how many more there are):
// a list of thousands of bad lines is one mistake.
constexpr std::size_t kMaxProblemsPerFile = 20;
// The names of the layouts, as `crowdkd info` shows them.
constexpr auto kLayoutNames =
    nameTable<DatasetLayout>("dataset layout", NameCase::AnyCase,
                             {{DatasetLayout::ShanghaiTech, "ShanghaiTech"},
                              {DatasetLayout::UcfQnrf, "UCF-QNRF"},
                              {DatasetLayout::JhuCrowd, "JHU-Crowd++"},
                              {DatasetLayout::NwpuCrowd, "NWPU-Crowd"},
                              {DatasetLayout::PointsCsv, "images + CSV"}});

std::string fileNameUtf8(const fs::path& path) {
    return pathToUtf8(path.filename());
}

// The entries of a folder, with errors reported as problems instead of thrown.
struct Listing {
    std::vector<fs::path> files;
    std::vector<fs::path> folders;
    /// Why the folder could not be opened at all (then it lists nothing); empty when it could.
    std::string unreadable;
};

Listing listFolder(const fs::path& dir, std::vector<Problem>& problems) {
    Listing listing;
    std::error_code ec;
    // No skip_permission_denied: it turns a folder that cannot be read into an empty one, which
    // made a locked images/ folder look like ground truth without images.
    fs::directory_iterator it(dir, ec);
    if (ec) {
        listing.unreadable = "cannot read the folder: " + ec.message();
        problems.push_back({dir, listing.unreadable});
        return listing;
    }
    for (; it != fs::directory_iterator(); it.increment(ec)) {
        if (ec) {
            problems.push_back({dir, "cannot read the folder: " + ec.message()});
            break;
        }
        std::error_code statError;
        const fs::file_status status = it->status(statError); // follows symbolic links
        if (statError) {
            // A dangling link or a link loop: report it, never follow it.
            problems.push_back({it->path(), "cannot be read: " + statError.message()});
            continue;
        }
        if (fs::is_directory(status)) {
            listing.folders.push_back(it->path());
        } else if (fs::is_regular_file(status)) {
            listing.files.push_back(it->path());
        } else if (isImageFileName(it->path()) ||
                   lowercase(pathToUtf8(it->path().extension())) == ".mat") {
            // A FIFO, device or socket with a data file's name: never opened, said why.
            try {
                requireRegularFile(it->path());
            } catch (const FileError& error) {
                problems.push_back({it->path(), error.reason() + "; left out"});
            }
        }
    }
    if (ec && listing.files.empty() && listing.folders.empty())
        return listing;
    auto byName = [](const fs::path& a, const fs::path& b) {
        return naturalLess(fileNameUtf8(a), fileNameUtf8(b));
    };
    std::sort(listing.files.begin(), listing.files.end(), byName);
    std::sort(listing.folders.begin(), listing.folders.end(), byName);
    return listing;
}

// The name of a folder, also when given with a trailing separator or as ".".
std::string folderName(const fs::path& dir) {
    fs::path normal = fs::absolute(dir).lexically_normal();
    if (!normal.has_filename())
        normal = normal.parent_path();
    const std::string name = fileNameUtf8(normal);
    return name.empty() ? std::string(".") : name;
}

std::string stemUtf8(const fs::path& path) {
    return pathToUtf8(path.stem());
}

bool hasImages(const Listing& listing) {
    return std::any_of(listing.files.begin(), listing.files.end(),
                       [](const fs::path& file) { return isImageFileName(file); });
}

const fs::path* findFolder(const Listing& listing, std::string_view name) {
    for (const fs::path& folder : listing.folders) {
        if (lowercase(fileNameUtf8(folder)) == name)
            return &folder;
    }
    return nullptr;
}

const fs::path* groundTruthFolderIn(const Listing& listing) {
    for (const std::string& name : groundTruthFolderNames()) {
        if (const fs::path* folder = findFolder(listing, name))
            return folder;
    }
    return nullptr;
}

std::string extensionOf(const fs::path& file) {
    return lowercase(pathToUtf8(file.extension()));
}

bool hasFileWithExtension(const Listing& listing, std::string_view extension) {
    return std::any_of(listing.files.begin(), listing.files.end(),
                       [&](const fs::path& file) { return extensionOf(file) == extension; });
}

// How the ground-truth files of a folder are stored: `.mat` files (ShanghaiTech or UCF-QNRF),
// JHU-Crowd++'s `.txt` or NWPU-Crowd's `.json`.
enum class TruthKind { Mat, Text, Json };

std::string_view extensionOf(TruthKind kind) {
    switch (kind) {
    case TruthKind::Text:
        return ".txt";
    case TruthKind::Json:
        return ".json";
    case TruthKind::Mat:
        break;
    }
    return ".mat";
}

// The kind of a split's ground-truth folder: `.mat` whenever it holds one (so a ShanghaiTech
// split reads as before whatever else lies there), else `.json`, else `.txt`; an empty folder is
// NWPU-Crowd's when named jsons, else ShanghaiTech's.
TruthKind truthKindOf(const fs::path& truthDir, const Listing& truths) {
    if (hasFileWithExtension(truths, ".mat"))
        return TruthKind::Mat;
    if (hasFileWithExtension(truths, ".json"))
        return TruthKind::Json;
    if (hasFileWithExtension(truths, ".txt"))
        return TruthKind::Text;
    return lowercase(fileNameUtf8(truthDir)) == "jsons" ? TruthKind::Json : TruthKind::Mat;
}

// The ground-truth files of a folder listing of one kind, by lower-case file name.
std::map<std::string, fs::path> truthFilesByName(const Listing& listing, TruthKind kind) {
    std::map<std::string, fs::path> byName;
    for (const fs::path& file : listing.files) {
        if (extensionOf(file) == extensionOf(kind))
            byName.emplace(lowercase(fileNameUtf8(file)), file);
    }
    return byName;
}

// The names the ground truth of the image named `stem` may have, in order of preference.
std::vector<std::string> truthNameCandidates(TruthKind kind, const std::string& stem) {
    const std::string name = lowercase(stem);
    switch (kind) {
    case TruthKind::Text:
        return {name + ".txt"};
    case TruthKind::Json:
        return {name + ".json"};
    case TruthKind::Mat:
        break;
    }
    return {"gt_" + name + ".mat", name + "_ann.mat", name + ".mat"};
}

// The entry of `byName` that is the ground truth of the image named `stem`; end() when none.
std::map<std::string, fs::path>::const_iterator
findGroundTruthFile(const std::map<std::string, fs::path>& byName, TruthKind kind,
                    const std::string& stem) {
    for (const std::string& candidate : truthNameCandidates(kind, stem)) {
        const auto found = byName.find(candidate);
        if (found != byName.end())
            return found;
    }
    return byName.end();
}

// The file name a new ground-truth file of the image named `stem` gets in a split of `layout`
// (whose ground truth lies in files of their own).
fs::path newGroundTruthName(DatasetLayout layout, const std::string& stem) {
    switch (layout) {
    case DatasetLayout::UcfQnrf:
        return pathFromUtf8(stem + "_ann.mat");
    case DatasetLayout::JhuCrowd:
        return pathFromUtf8(stem + ".txt");
    case DatasetLayout::NwpuCrowd:
        return pathFromUtf8(stem + ".json");
    case DatasetLayout::ShanghaiTech:
    case DatasetLayout::PointsCsv:
        break;
    }
    return pathFromUtf8("GT_" + stem + ".mat");
}

void reportUnannotated(Split& split) {
    for (const Sample& sample : split.unannotated)
        split.problems.push_back(
            {sample.imagePath,
             "image without ground truth (expected " + fileNameUtf8(sample.groundTruthPath) + ")"});
}

// Pairs the images of a listing with the ground-truth files of `truthDir` (possibly the same
// folder) of `kind`, and says the split's layout.
void pairSamples(Split& split, const Listing& images, const fs::path& truthDir,
                 const Listing& truths, TruthKind kind) {
    const std::map<std::string, fs::path> byName = truthFilesByName(truths, kind);
    std::set<std::string> used;
    for (const fs::path& image : images.files) {
        if (!isImageFileName(image))
            continue;
        const std::string stem = stemUtf8(image);
        Sample sample{stem, image, {}};
        const auto found = findGroundTruthFile(byName, kind, stem);
        if (found != byName.end()) {
            sample.groundTruthPath = found->second;
            used.insert(found->first);
            split.samples.push_back(std::move(sample));
        } else {
            split.unannotated.push_back(std::move(sample));
        }
    }
    switch (kind) {
    case TruthKind::Text:
        split.layout = DatasetLayout::JhuCrowd;
        break;
    case TruthKind::Json:
        split.layout = DatasetLayout::NwpuCrowd;
        break;
    case TruthKind::Mat:
        // UCF-QNRF's when every file found has its naming.
        const bool ucfQnrf =
            !split.samples.empty() &&
            std::all_of(split.samples.begin(), split.samples.end(),
                        [](const Sample& s) { return isUcfQnrfFileName(s.groundTruthPath); });
        split.layout = ucfQnrf ? DatasetLayout::UcfQnrf : DatasetLayout::ShanghaiTech;
        break;
    }
    for (Sample& sample : split.unannotated)
        sample.groundTruthPath = truthDir / newGroundTruthName(split.layout, sample.name);
    reportUnannotated(split);
    for (const auto& [name, path] : byName) {
        if (!used.count(name))
            split.problems.push_back({path, "ground truth without an image"});
    }
}

// Adds problems about one file, at most kMaxProblemsPerFile, then one saying how many more.
class ProblemList {
public:
    ProblemList(std::vector<Problem>& problems, fs::path file)
        : m_problems(problems)
        , m_file(std::move(file)) {}
    ProblemList(const ProblemList&) = delete;
    ProblemList& operator=(const ProblemList&) = delete;
    ~ProblemList() {
        if (m_count > kMaxProblemsPerFile)
            m_problems.push_back({m_file, std::to_string(m_count - kMaxProblemsPerFile) +
                                              " more such problem(s) not listed"});
    }
    void add(const std::string& message) {
        if (++m_count <= kMaxProblemsPerFile)
            m_problems.push_back({m_file, message});
    }

private:
    std::vector<Problem>& m_problems;
    fs::path m_file;
    std::size_t m_count = 0;
};

// The CSV of points of a folder listing: its one CSV file whose first row names image, x and y
// (or is a headerless image,x,y row), or the one named points.csv among several; nullopt when
// there is none, or several and none of them points.csv (a problem says so).
std::optional<fs::path> findPointsCsv(const fs::path& dir, const Listing& listing,
                                      std::vector<Problem>& problems) {
    std::vector<fs::path> found;
    for (const fs::path& file : listing.files) {
        if (extensionOf(file) == ".csv" && looksLikePointsCsv(file))
            found.push_back(file);
    }
    if (found.size() == 1)
        return found.front();
    for (const fs::path& file : found) {
        if (lowercase(fileNameUtf8(file)) == kPointsCsvName)
            return file;
    }
    if (!found.empty()) {
        std::string names;
        for (const fs::path& file : found)
            names += (names.empty() ? "" : ", ") + fileNameUtf8(file);
        problems.push_back(
            {dir, "several CSV files of points (" + names + "): name the one to use points.csv"});
    }
    return std::nullopt;
}

// Pairs the images of a listing with the rows of the CSV of points `csvPath`.
void pairWithCsv(Split& split, const Listing& images, const fs::path& csvPath) {
    split.layout = DatasetLayout::PointsCsv;
    std::shared_ptr<const PointsCsv> csv;
    try {
        csv = readPointsCsv(csvPath);
    } catch (const FileError& error) {
        split.problems.push_back({csvPath, error.reason()});
    }
    std::set<std::string> used;
    for (const fs::path& image : images.files) {
        if (!isImageFileName(image))
            continue;
        Sample sample{stemUtf8(image), image, csvPath};
        const std::vector<std::size_t> rows = csv ? csv->rowsOf(image) : std::vector<std::size_t>();
        for (const std::size_t row : rows)
            used.insert(csv->rows[row].key);
        (rows.empty() ? split.unannotated : split.samples).push_back(std::move(sample));
    }
    for (const Sample& sample : split.unannotated)
        split.problems.push_back({sample.imagePath, "image without ground truth (no row in " +
                                                        fileNameUtf8(csvPath) + ")"});
    if (!csv)
        return;
    // Rows for images that are not there, in the order of the file.
    std::vector<std::pair<std::size_t, std::string>> orphans;
    for (const auto& [key, rows] : csv->rowsByKey) {
        if (!used.count(key))
            orphans.emplace_back(csv->rows[rows.front()].line, key);
    }
    std::sort(orphans.begin(), orphans.end());
    ProblemList problems(split.problems, csvPath);
    for (const auto& [line, key] : orphans)
        problems.add("line " + std::to_string(line) + ": rows for " + quoteForMessage(key) +
                     ", which is not an image of the folder");
}

bool isHidden(const fs::path& path) {
    const std::string name = fileNameUtf8(path);
    return !name.empty() && name[0] == '.';
}

// Throws FileError when a folder a split needs could not be read: pairing what remains would
// report every file of the other folder as unpaired, which is not what is wrong.
void requireReadable(const fs::path& dir, const Listing& listing) {
    if (!listing.unreadable.empty())
        throw FileError(dir, listing.unreadable);
}

// Reads `dir` as a split when it is one (images/ + ground truth, or images directly inside).
// Throws FileError when its images/ or ground-truth folder cannot be read.
bool readSplitIfAny(const fs::path& dir, const Listing& listing, Split& split) {
    split.path = dir;
    if (const fs::path* imageDir = findFolder(listing, kImagesFolder)) {
        const Listing images = listFolder(*imageDir, split.problems);
        requireReadable(*imageDir, images);
        if (const fs::path* truthDir = groundTruthFolderIn(listing)) {
            const Listing truths = listFolder(*truthDir, split.problems);
            requireReadable(*truthDir, truths);
            pairSamples(split, images, *truthDir, truths, truthKindOf(*truthDir, truths));
            return true;
        }
        // No ground-truth folder: a CSV of points in the split folder or among the images, or
        // .mat files beside the images.
        if (!hasFileWithExtension(images, ".mat")) {
            std::optional<fs::path> csv = findPointsCsv(dir, listing, split.problems);
            if (!csv)
                csv = findPointsCsv(*imageDir, images, split.problems);
            if (csv) {
                pairWithCsv(split, images, *csv);
                return true;
            }
        }
        pairSamples(split, images, *imageDir, images, TruthKind::Mat);
        return true;
    }
    if (hasImages(listing)) {
        if (!hasFileWithExtension(listing, ".mat")) {
            if (const std::optional<fs::path> csv = findPointsCsv(dir, listing, split.problems)) {
                pairWithCsv(split, listing, *csv);
                return true;
            }
        }
        pairSamples(split, listing, dir, listing, TruthKind::Mat);
        return true;
    }
    return false;
}

// The split lists of a folder listing (NWPU-Crowd's train.txt, val.txt, test.txt).
std::vector<fs::path> splitListsIn(const Listing& listing) {
    std::vector<fs::path> lists;
    for (const char* name : kSplitListNames) {
        for (const fs::path& file : listing.files) {
            if (lowercase(fileNameUtf8(file)) == name)
                lists.push_back(file);
        }
    }
    return lists;
}

// Divides the whole of an NWPU-Crowd folder, read as one split, by its split lists: one split per
// list, named by the list (train, val, test), holding the images the list names by id (the first
// field of each line). Problems not tied to one split (bad lines, images in no list, ground truth
// without an image) go to `shared`.
std::vector<Split> divideBySplitLists(Split whole, const std::vector<fs::path>& lists,
                                      std::vector<Problem>& shared) {
    // Every image by lower-case stem: whether it is annotated, and its index.
    std::map<std::string, std::pair<bool, std::size_t>> byStem;
    for (std::size_t i = 0; i < whole.samples.size(); ++i)
        byStem.emplace(lowercase(whole.samples[i].name), std::pair{true, i});
    for (std::size_t i = 0; i < whole.unannotated.size(); ++i)
        byStem.emplace(lowercase(whole.unannotated[i].name), std::pair{false, i});
    std::set<fs::path> unannotatedImages;
    for (const Sample& sample : whole.unannotated)
        unannotatedImages.insert(sample.imagePath);
    std::set<std::string> listed;

    std::vector<Split> parts;
    for (const fs::path& list : lists) {
        std::string text;
        try {
            text = readAnnotationText(list);
        } catch (const FileError& error) {
            shared.push_back({list, error.reason()});
            continue;
        }
        Split part;
        part.name = stemUtf8(list);
        part.path = list;
        part.layout = DatasetLayout::NwpuCrowd;
        std::set<std::string> inThisList;
        ProblemList problems(shared, list);
        std::size_t lineNumber = 0;
        for (std::size_t start = 0; start < text.size();) {
            std::size_t end = text.find('\n', start);
            if (end == std::string::npos)
                end = text.size();
            const std::string_view line = std::string_view(text).substr(start, end - start);
            start = end + 1;
            ++lineNumber;
            // The id: the line's first field (NWPU-Crowd adds illumination and density columns).
            const std::string_view trimmed = trimBlanks(line);
            const std::string_view id = trimmed.substr(0, trimmed.find_first_of(" \t\r,"));
            if (id.empty())
                continue;
            std::string key = lowercase(std::string(id));
            auto found = byStem.find(key);
            if (found == byStem.end()) // an id given with its extension
                found = byStem.find(lowercase(stemUtf8(pathFromUtf8(std::string(id)))));
            if (found == byStem.end()) {
                problems.add("line " + std::to_string(lineNumber) + ": " + quoteForMessage(id) +
                             " is not an image in images/");
                continue;
            }
            if (!inThisList.insert(found->first).second)
                continue; // listed twice
            listed.insert(found->first);
            const auto [annotated, index] = found->second;
            if (annotated) {
                part.samples.push_back(whole.samples[index]);
            } else {
                part.unannotated.push_back(whole.unannotated[index]);
            }
        }
        reportUnannotated(part);
        parts.push_back(std::move(part));
    }
    // What concerns no one split: bad entries, ground truth without an image.
    for (Problem& problem : whole.problems) {
        if (!unannotatedImages.count(problem.path))
            shared.push_back(std::move(problem));
    }
    std::string listNames;
    for (const fs::path& list : lists)
        listNames += (listNames.empty() ? "" : ", ") + fileNameUtf8(list);
    ProblemList unlisted(shared, whole.path);
    for (const auto* samples : {&whole.samples, &whole.unannotated}) {
        for (const Sample& sample : *samples) {
            if (!listed.count(lowercase(sample.name)))
                unlisted.add(fileNameUtf8(sample.imagePath) + " is in none of " + listNames +
                             ": left out");
        }
    }
    return parts;
}

// The splits of `dir` when it is a split (or NWPU-Crowd's folder of several, divided by its split
// lists); empty when it is none. Throws like readSplitIfAny.
std::vector<Split> readSplits(const fs::path& dir, const Listing& listing,
                              std::vector<Problem>& shared) {
    Split split;
    if (!readSplitIfAny(dir, listing, split))
        return {};
    if (split.layout == DatasetLayout::NwpuCrowd) {
        const std::vector<fs::path> lists = splitListsIn(listing);
        if (!lists.empty())
            return divideBySplitLists(std::move(split), lists, shared);
    }
    std::vector<Split> splits;
    splits.push_back(std::move(split));
    return splits;
}

void sortSplit(Split& split) {
    auto bySampleName = [](const Sample& a, const Sample& b) {
        return naturalLess(a.name, b.name);
    };
    std::stable_sort(split.samples.begin(), split.samples.end(), bySampleName);
    std::stable_sort(split.unannotated.begin(), split.unannotated.end(), bySampleName);
}

void requireFolder(const fs::path& dir) {
    std::error_code ec;
    const fs::file_status status = fs::status(dir, ec);
    if (ec || !fs::exists(status))
        throw FileError(dir, ec && ec != std::errc::no_such_file_or_directory
                                 ? "cannot be read: " + ec.message()
                                 : "does not exist");
    if (!fs::is_directory(status))
        throw FileError(dir, "is not a folder");
}

void search(const fs::path& root, const fs::path& dir, int depth, std::set<fs::path>& visited,
            Dataset& dataset) {
    std::error_code ec;
    const fs::path canonical = fs::canonical(dir, ec);
    if (ec) {
        dataset.problems.push_back({dir, "cannot be resolved: " + ec.message()});
        return;
    }
    if (!visited.insert(canonical).second) {
        dataset.problems.push_back(
            {dir, "already scanned as " + pathToUtf8(canonical) + " (symbolic link loop?)"});
        return;
    }
    const Listing listing = listFolder(dir, dataset.problems);
    if (depth == 0)
        requireReadable(dir, listing); // the folder the user gave
    std::vector<Split> splits = readSplits(dir, listing, dataset.problems);
    if (!splits.empty()) {
        const fs::path relative = dir.lexically_relative(root);
        const bool atRoot = relative.empty() || relative == ".";
        const std::string name =
            atRoot ? folderName(dir) : std::string(relative.generic_u8string());
        for (Split& split : splits) {
            // A split of a folder of several (NWPU-Crowd's lists) is named by its list.
            if (split.name.empty())
                split.name = name;
            else if (!atRoot)
                split.name = name + "/" + split.name;
            sortSplit(split);
            dataset.splits.push_back(std::move(split));
        }
        return;
    }
    if (depth >= kMaxSearchDepth)
        return;
    for (const fs::path& folder : listing.folders) {
        if (!isHidden(folder))
            search(root, folder, depth + 1, visited, dataset);
    }
}

} // namespace

std::string toString(DatasetLayout layout) {
    return kLayoutNames.toString(layout);
}

bool isUcfQnrfFileName(const fs::path& file) {
    const std::string name = lowercase(fileNameUtf8(file));
    const std::string suffix = "_ann.mat";
    return name.size() > suffix.size() &&
           name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool naturalLess(std::string_view a, std::string_view b) {
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < a.size() && j < b.size()) {
        const bool digitA = std::isdigit(static_cast<unsigned char>(a[i])) != 0;
        const bool digitB = std::isdigit(static_cast<unsigned char>(b[j])) != 0;
        if (digitA && digitB) {
            std::size_t endA = i;
            std::size_t endB = j;
            while (endA < a.size() && std::isdigit(static_cast<unsigned char>(a[endA])))
                ++endA;
            while (endB < b.size() && std::isdigit(static_cast<unsigned char>(b[endB])))
                ++endB;
            // Compare by value: skip leading zeros, then longer is larger, then digit by digit.
            std::size_t startA = i;
            std::size_t startB = j;
            while (startA + 1 < endA && a[startA] == '0')
                ++startA;
            while (startB + 1 < endB && b[startB] == '0')
                ++startB;
            const std::size_t lengthA = endA - startA;
            const std::size_t lengthB = endB - startB;
            if (lengthA != lengthB)
                return lengthA < lengthB;
            const int order = a.substr(startA, lengthA).compare(b.substr(startB, lengthB));
            if (order != 0)
                return order < 0;
            i = endA;
            j = endB;
            continue;
        }
        const int ca = std::tolower(static_cast<unsigned char>(a[i]));
        const int cb = std::tolower(static_cast<unsigned char>(b[j]));
        if (ca != cb)
            return ca < cb;
        ++i;
        ++j;
    }
    if ((i < a.size()) != (j < b.size()))
        return j < b.size();
    return a < b;
}

const Split* Dataset::findSplit(std::string_view name) const {
    for (const Split& split : splits) {
        if (split.name == name)
            return &split;
    }
    const Split* match = nullptr;
    for (const Split& split : splits) {
        const std::string& full = split.name;
        if (full.size() > name.size() &&
            full.compare(full.size() - name.size(), name.size(), name) == 0 &&
            full[full.size() - name.size() - 1] == '/') {
            if (match)
                return nullptr; // ambiguous
            match = &split;
        }
    }
    return match;
}

namespace {

// The split folder to read when the user picked a split's `images/` folder itself: its parent,
// when that holds a ground-truth folder or a CSV of points; else `dir` unchanged.
fs::path splitFolderOf(const fs::path& dir) {
    fs::path normal = fs::absolute(dir).lexically_normal();
    if (!normal.has_filename())
        normal = normal.parent_path();
    if (lowercase(fileNameUtf8(normal)) != kImagesFolder || !normal.has_parent_path())
        return dir;
    std::vector<Problem> ignored;
    const Listing parent = listFolder(normal.parent_path(), ignored);
    return groundTruthFolderIn(parent) || findPointsCsv(normal.parent_path(), parent, ignored)
               ? normal.parent_path()
               : dir;
}

// The split an NWPU-Crowd split list names (`list` is a regular file).
Split openSplitList(const fs::path& list) {
    const fs::path dir = list.has_parent_path() ? list.parent_path() : fs::path(".");
    std::vector<Problem> problems;
    const Listing listing = listFolder(dir, problems);
    requireReadable(dir, listing);
    Split whole;
    if (readSplitIfAny(dir, listing, whole) && whole.layout == DatasetLayout::NwpuCrowd) {
        const std::vector<fs::path> lists = splitListsIn(listing);
        for (std::size_t i = 0; i < lists.size(); ++i) {
            std::error_code ec;
            if (!fs::equivalent(lists[i], list, ec))
                continue;
            std::vector<Problem> shared;
            std::vector<Split> parts = divideBySplitLists(std::move(whole), lists, shared);
            const auto part = std::find_if(parts.begin(), parts.end(), [&](const Split& split) {
                return fs::equivalent(split.path, list, ec);
            });
            if (part == parts.end())
                throw FileError(list, "cannot be read as a split list");
            Split split = std::move(*part);
            // The problems of this list and of the folder, not those of the other lists.
            for (Problem& problem : shared) {
                if (std::find(lists.begin(), lists.end(), problem.path) == lists.end() ||
                    problem.path == lists[i])
                    split.problems.push_back(std::move(problem));
            }
            sortSplit(split);
            return split;
        }
    }
    throw FileError(list, "is not a folder, nor an NWPU-Crowd split list (train.txt, val.txt or "
                          "test.txt beside images/ and jsons/)");
}

} // namespace

const std::vector<std::string>& groundTruthFolderNames() {
    static const std::vector<std::string> names = {"ground-truth", "ground_truth", "groundtruth",
                                                   "gt", "jsons"};
    return names;
}

fs::path findGroundTruthFolder(const fs::path& splitDir) {
    std::vector<Problem> ignored;
    const Listing listing = listFolder(splitDir, ignored);
    const fs::path* folder = groundTruthFolderIn(listing);
    return folder ? *folder : fs::path();
}

fs::path groundTruthPathForImage(const fs::path& image) {
    // The split the image is in, read as openSplit() reads it: its `images/` folder's parent, or
    // its own folder.
    const fs::path imageDir = image.parent_path();
    std::vector<fs::path> splitDirs;
    if (lowercase(fileNameUtf8(imageDir)) == kImagesFolder && imageDir.has_parent_path())
        splitDirs.push_back(imageDir.parent_path());
    if (!imageDir.empty())
        splitDirs.push_back(imageDir);
    const std::string fileName = fileNameUtf8(image);
    for (const fs::path& dir : splitDirs) {
        std::vector<Problem> ignored;
        const Listing listing = listFolder(dir, ignored);
        Split split;
        try {
            if (!listing.unreadable.empty() || !readSplitIfAny(dir, listing, split))
                continue;
        } catch (const FileError&) {
            continue;
        }
        for (const auto* samples : {&split.samples, &split.unannotated}) {
            for (const Sample& sample : *samples) {
                if (fileNameUtf8(sample.imagePath) == fileName)
                    return sample.groundTruthPath;
            }
        }
    }
    // An image that is not there (yet): ShanghaiTech's name in the split's ground-truth folder.
    fs::path truthDir = imageDir;
    if (lowercase(fileNameUtf8(imageDir)) == kImagesFolder) {
        const fs::path folder = findGroundTruthFolder(imageDir.parent_path());
        if (!folder.empty())
            truthDir = folder;
    }
    return truthDir / newGroundTruthName(DatasetLayout::ShanghaiTech, stemUtf8(image));
}

Split openSplit(const fs::path& requested) {
    std::error_code ec;
    if (fs::is_regular_file(requested, ec))
        return openSplitList(requested);
    requireFolder(requested);
    const fs::path splitDir = splitFolderOf(requested);
    Split split;
    split.name = folderName(splitDir);
    const Listing listing = listFolder(splitDir, split.problems);
    requireReadable(splitDir, listing);
    if (!readSplitIfAny(splitDir, listing, split))
        split.problems.push_back({splitDir, "no images found (expected images/ and ground-truth/, "
                                            "or image files)"});
    if (split.layout == DatasetLayout::NwpuCrowd) {
        const std::vector<fs::path> lists = splitListsIn(listing);
        if (!lists.empty())
            throw FileError(splitDir, "holds several NWPU-Crowd splits: give one of its lists, "
                                      "such as " +
                                          pathToUtf8(lists.back()));
    }
    sortSplit(split);
    return split;
}

std::vector<Sample> openImageFolder(const fs::path& dir, std::vector<Problem>& problems) {
    requireFolder(dir);
    Listing listing = listFolder(dir, problems);
    requireReadable(dir, listing);
    if (!hasImages(listing)) {
        if (const fs::path* images = findFolder(listing, kImagesFolder)) {
            const fs::path imagesDir = *images;
            listing = listFolder(imagesDir, problems);
            requireReadable(imagesDir, listing);
        }
    }
    std::vector<Sample> samples;
    for (const fs::path& file : listing.files) {
        if (isImageFileName(file))
            samples.push_back({stemUtf8(file), file, {}});
    }
    if (samples.empty())
        throw FileError(dir, "holds no images (nor does an images/ folder in it)");
    return samples;
}

Dataset openDataset(const fs::path& requested) {
    requireFolder(requested);
    const fs::path root = splitFolderOf(requested);
    Dataset dataset;
    dataset.root = root;
    std::set<fs::path> visited;
    search(root, root, 0, visited, dataset);
    std::stable_sort(dataset.splits.begin(), dataset.splits.end(),
                     [](const Split& a, const Split& b) { return naturalLess(a.name, b.name); });
    if (dataset.splits.empty())
        dataset.problems.push_back({root, "no images found (expected a ShanghaiTech layout such "
                                          "as part_A/train_data/images, or image files)"});
    return dataset;
}

} // namespace crowdkd
