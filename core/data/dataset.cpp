#include "data/dataset.h"

#include "base/error.h"
#include "base/file_io.h"
#include "base/text.h"
#include "data/image_io.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace crowdkd {

namespace fs = std::filesystem;

namespace {

// How deep openDataset() looks for splits below the root.
constexpr int kMaxSearchDepth = 8;
// The folder of a split that holds its images (matched in any case).
constexpr std::string_view kImagesFolder = "images";

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

// The .mat files of a folder listing by lower-case file name.
std::map<std::string, fs::path> matFilesByName(const Listing& listing) {
    std::map<std::string, fs::path> matByName;
    for (const fs::path& file : listing.files) {
        if (lowercase(pathToUtf8(file.extension())) == ".mat")
            matByName.emplace(lowercase(fileNameUtf8(file)), file);
    }
    return matByName;
}

// The entry of `matByName` that is the ground truth of the image named `stem`, by the names a
// ground-truth file may have, in order of preference; end() when there is none.
std::map<std::string, fs::path>::const_iterator
findGroundTruthFile(const std::map<std::string, fs::path>& matByName, const std::string& stem) {
    const std::string name = lowercase(stem);
    for (const std::string& candidate : {"gt_" + name + ".mat", name + "_ann.mat", name + ".mat"}) {
        const auto found = matByName.find(candidate);
        if (found != matByName.end())
            return found;
    }
    return matByName.end();
}

// The file name a new ground-truth file of the image named `stem` gets (ShanghaiTech's).
fs::path newGroundTruthName(const std::string& stem) {
    return pathFromUtf8("GT_" + stem + ".mat");
}

// Pairs the images of a listing with the .mat files of `truthDir` (possibly the same folder).
void pairSamples(Split& split, const Listing& images, const fs::path& truthDir,
                 const Listing& truths) {
    const std::map<std::string, fs::path> matByName = matFilesByName(truths);
    std::set<std::string> used;
    for (const fs::path& image : images.files) {
        if (!isImageFileName(image))
            continue;
        const std::string stem = stemUtf8(image);
        Sample sample{stem, image, {}};
        const auto found = findGroundTruthFile(matByName, stem);
        if (found != matByName.end()) {
            sample.groundTruthPath = found->second;
            used.insert(found->first);
        }
        if (sample.groundTruthPath.empty()) {
            sample.groundTruthPath = truthDir / newGroundTruthName(stem);
            split.problems.push_back({image, "image without ground truth (expected " +
                                                 fileNameUtf8(sample.groundTruthPath) + ")"});
            split.unannotated.push_back(std::move(sample));
        } else {
            split.samples.push_back(std::move(sample));
        }
    }
    for (const auto& [name, path] : matByName) {
        if (!used.count(name))
            split.problems.push_back({path, "ground truth without an image"});
    }
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
            pairSamples(split, images, *truthDir, truths);
        } else {
            // No ground-truth folder: maybe the files sit beside the images.
            pairSamples(split, images, *imageDir, images);
        }
        return true;
    }
    if (hasImages(listing)) {
        pairSamples(split, listing, dir, listing);
        return true;
    }
    return false;
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
    Split split;
    if (readSplitIfAny(dir, listing, split)) {
        const fs::path relative = dir.lexically_relative(root);
        split.name = relative.empty() || relative == "." ? folderName(dir)
                                                         : std::string(relative.generic_u8string());
        sortSplit(split);
        dataset.splits.push_back(std::move(split));
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
// when that holds a ground-truth folder; else `dir` unchanged.
fs::path splitFolderOf(const fs::path& dir) {
    fs::path normal = fs::absolute(dir).lexically_normal();
    if (!normal.has_filename())
        normal = normal.parent_path();
    if (lowercase(fileNameUtf8(normal)) != kImagesFolder || !normal.has_parent_path())
        return dir;
    std::vector<Problem> ignored;
    const Listing parent = listFolder(normal.parent_path(), ignored);
    return groundTruthFolderIn(parent) ? normal.parent_path() : dir;
}

} // namespace

const std::vector<std::string>& groundTruthFolderNames() {
    static const std::vector<std::string> names = {"ground-truth", "ground_truth", "groundtruth",
                                                   "gt"};
    return names;
}

fs::path findGroundTruthFolder(const fs::path& splitDir) {
    std::vector<Problem> ignored;
    const Listing listing = listFolder(splitDir, ignored);
    const fs::path* folder = groundTruthFolderIn(listing);
    return folder ? *folder : fs::path();
}

fs::path groundTruthPathForImage(const fs::path& image) {
    const fs::path imageDir = image.parent_path();
    fs::path truthDir = imageDir;
    if (lowercase(fileNameUtf8(imageDir)) == kImagesFolder) {
        const fs::path folder = findGroundTruthFolder(imageDir.parent_path());
        if (!folder.empty())
            truthDir = folder;
    }
    std::vector<Problem> ignored;
    const Listing truths = listFolder(truthDir.empty() ? fs::path(".") : truthDir, ignored);
    const std::map<std::string, fs::path> matByName = matFilesByName(truths);
    const std::string stem = stemUtf8(image);
    const auto found = findGroundTruthFile(matByName, stem);
    return truthDir /
           (found != matByName.end() ? found->second.filename() : newGroundTruthName(stem));
}

Split openSplit(const fs::path& requested) {
    requireFolder(requested);
    const fs::path splitDir = splitFolderOf(requested);
    Split split;
    split.name = folderName(splitDir);
    const Listing listing = listFolder(splitDir, split.problems);
    requireReadable(splitDir, listing);
    if (!readSplitIfAny(splitDir, listing, split))
        split.problems.push_back({splitDir, "no images found (expected images/ and ground-truth/, "
                                            "or image files)"});
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
