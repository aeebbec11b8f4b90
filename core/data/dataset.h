#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace crowdkd {

/// One image and its ground-truth file.
struct Sample {
    /// The image's file name without extension, such as "IMG_12".
    std::string name;
    std::filesystem::path imagePath;
    std::filesystem::path groundTruthPath;
};

/// Something wrong with one file or folder of a dataset that does not stop the rest from being
/// used: an image without ground truth, ground truth without an image, an unreadable folder, a
/// symbolic-link loop, a bad file found while reading.
struct Problem {
    std::filesystem::path path;
    std::string message;
};

/// A folder of samples, such as ShanghaiTech's part_A/train_data.
struct Split {
    /// The folder's path relative to the dataset root with '/' separators ("part_A/train_data"),
    /// or the folder's own name when the root is the split itself.
    std::string name;
    std::filesystem::path path;
    /// Paired samples in natural order of their names (IMG_2 before IMG_10).
    std::vector<Sample> samples;
    /// Images without ground truth, in natural order; groundTruthPath is where it would be written
    /// (GT_<name>.mat in the split's ground-truth folder). Each is also reported in `problems`.
    std::vector<Sample> unannotated;
    std::vector<Problem> problems;
};

/// A dataset root and the splits found below it.
struct Dataset {
    std::filesystem::path root;
    /// Splits sorted naturally by name.
    std::vector<Split> splits;
    /// Problems not tied to one split (unreadable folders, link loops, nothing found at all).
    std::vector<Problem> problems;

    /// The split called `name`, or else the one split whose name ends with "/" + `name`
    /// ("test_data" finds "ShanghaiTech/part_A/test_data" when it is the only one); nullptr when
    /// none or several match.
    const Split* findSplit(std::string_view name) const;
};

/// Finds the splits below `root`, which may be any of:
/// - a collection such as ShanghaiTech/ or part_A/ or part_A_final/ (searched recursively, at most
///   8 levels deep, hidden folders skipped, symbolic-link loops reported and not followed twice);
/// - a split folder holding `images/` and `ground-truth/` or `ground_truth/` (or `gt/`);
/// - a folder of images with their ground-truth files beside them;
/// - a split's `images/` folder, when its parent holds the ground-truth folder (the parent is
/// read). Ground truth pairs with an image by name: IMG_n.jpg ↔ GT_IMG_n.mat (ShanghaiTech) or
/// img_n.jpg ↔ img_n_ann.mat (UCF-QNRF). Non-image files (Thumbs.db, .DS_Store, …) are ignored;
/// a FIFO, device or socket with an image or .mat name is reported, never opened.
/// Throws FileError when `root` does not exist, is not a folder or cannot be read, or when a
/// split's images/ or ground-truth folder cannot be read (e.g. permission denied); a deeper folder
/// that cannot be read is a problem.
Dataset openDataset(const std::filesystem::path& root);

/// Reads one split folder (either layout above). Its name is the folder's name. Throws FileError
/// when `splitDir` does not exist or is not a folder, or when it, its images/ or its ground-truth
/// folder cannot be read.
Split openSplit(const std::filesystem::path& splitDir);

/// The images of a folder, whatever ground truth lies beside them (it is never read): the image
/// files directly in `dir`, or in its `images/` folder (any case) when `dir` holds none, so a
/// ShanghaiTech split folder also works. Samples in natural order with an empty groundTruthPath;
/// unreadable entries go to `problems`. Throws FileError when `dir` does not exist, is not a
/// folder or cannot be read, or holds no image.
std::vector<Sample> openImageFolder(const std::filesystem::path& dir,
                                    std::vector<Problem>& problems);

/// The names a split's ground-truth folder may have beside its `images/` folder, in order of
/// preference: ground-truth, ground_truth, groundtruth, gt. Matched in any case.
const std::vector<std::string>& groundTruthFolderNames();

/// The ground-truth folder of the split folder `splitDir`: the first of groundTruthFolderNames()
/// it holds, in any case; empty when it holds none or cannot be read.
std::filesystem::path findGroundTruthFolder(const std::filesystem::path& splitDir);

/// The ground-truth file of `image`, by the rules openSplit() pairs them with: in the split's
/// ground-truth folder when the image sits in `images/` (any case) beside one, else beside the
/// image; named GT_<name>.mat (ShanghaiTech), <name>_ann.mat (UCF-QNRF) or <name>.mat, in any
/// case, the first that exists. When none does, where a new one is written: GT_<name>.mat in that
/// folder. Never throws for a folder that cannot be read (the new file's path is returned).
std::filesystem::path groundTruthPathForImage(const std::filesystem::path& image);

/// Natural ordering of names: digit runs compare by value ("IMG_2" < "IMG_10"), the rest
/// case-insensitively, with a plain comparison as the final tie-break.
bool naturalLess(std::string_view a, std::string_view b);

} // namespace crowdkd
