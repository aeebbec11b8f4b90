#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace crowdkd {

/// How a split's images and ground truth are laid out, detected from its folders and files
/// (docs/data.md shows each).
enum class DatasetLayout {
    /// images/ + ground-truth/GT_<name>.mat (`image_info`), or the .mat files beside the images.
    ShanghaiTech,
    /// <name>.jpg + <name>_ann.mat (`annPoints`) in one folder (Train/, Test/).
    UcfQnrf,
    /// images/ + gt/<name>.txt, one head a line: x y w h o b.
    JhuCrowd,
    /// images/ + jsons/<name>.json, divided into splits by train.txt, val.txt and test.txt.
    NwpuCrowd,
    /// A folder of images and one CSV of points (image,x,y), beside them or above images/.
    PointsCsv,
};

/// The layout's name: "ShanghaiTech", "UCF-QNRF", "JHU-Crowd++", "NWPU-Crowd", "images + CSV".
std::string toString(DatasetLayout layout);

/// One image and its ground-truth file.
struct Sample {
    /// The image's file name without extension, such as "IMG_12".
    std::string name;
    std::filesystem::path imagePath;
    /// The file that holds its heads, in the format its extension names (readGroundTruth()):
    /// one file per image, or the CSV of points of the whole folder.
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
    /// or the folder's own name when the root is the split itself. An NWPU-Crowd split is named
    /// by its list ("train", or "NWPU-Crowd/train" below the root).
    std::string name;
    /// The split's folder; for an NWPU-Crowd split, its list (NWPU-Crowd/train.txt), which
    /// openSplit() opens too.
    std::filesystem::path path;
    DatasetLayout layout = DatasetLayout::ShanghaiTech;
    /// Paired samples in natural order of their names (IMG_2 before IMG_10).
    std::vector<Sample> samples;
    /// Images without ground truth, in natural order; groundTruthPath is where it would be written
    /// (GT_<name>.mat in the split's ground-truth folder, <name>_ann.mat, gt/<name>.txt,
    /// jsons/<name>.json or the CSV of points, by the layout). Each is also reported in
    /// `problems`.
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
/// - a split folder holding `images/` and a ground-truth folder (groundTruthFolderNames());
/// - a folder of images with their ground-truth files beside them, or with one CSV of points
///   (beside them, or beside their `images/` folder);
/// - NWPU-Crowd's folder (`images/`, `jsons/`), one split per list train.txt, val.txt, test.txt;
/// - a split's `images/` folder, when its parent holds the ground-truth folder or the CSV (the
///   parent is read).
/// Ground truth pairs with an image by name: IMG_n.jpg ↔ GT_IMG_n.mat (ShanghaiTech),
/// img_n.jpg ↔ img_n_ann.mat (UCF-QNRF), n.jpg ↔ gt/n.txt (JHU-Crowd++), n.jpg ↔ jsons/n.json
/// (NWPU-Crowd), or rows of the CSV naming the image; each split says its layout. Non-image files
/// (Thumbs.db, .DS_Store, …) are ignored; a FIFO, device or socket with an image or .mat name is
/// reported, never opened.
/// Throws FileError when `root` does not exist, is not a folder or cannot be read, or when a
/// split's images/ or ground-truth folder cannot be read (e.g. permission denied); a deeper folder
/// that cannot be read is a problem.
Dataset openDataset(const std::filesystem::path& root);

/// Reads one split folder (any layout above), or the NWPU-Crowd split a list file names
/// (NWPU-Crowd/val.txt). Its name is the folder's (or the list's) name. Throws FileError when
/// `splitDir` does not exist or is neither a folder nor a split list, when it, its images/ or its
/// ground-truth folder cannot be read, or when it is an NWPU-Crowd folder of several splits.
Split openSplit(const std::filesystem::path& splitDir);

/// The images of a folder, whatever ground truth lies beside them (it is never read): the image
/// files directly in `dir`, or in its `images/` folder (any case) when `dir` holds none, so a
/// ShanghaiTech split folder also works. Samples in natural order with an empty groundTruthPath;
/// unreadable entries go to `problems`. Throws FileError when `dir` does not exist, is not a
/// folder or cannot be read, or holds no image.
std::vector<Sample> openImageFolder(const std::filesystem::path& dir,
                                    std::vector<Problem>& problems);

/// The names a split's ground-truth folder may have beside its `images/` folder, in order of
/// preference: ground-truth, ground_truth, groundtruth, gt (JHU-Crowd++'s), jsons
/// (NWPU-Crowd's). Matched in any case.
const std::vector<std::string>& groundTruthFolderNames();

/// The ground-truth folder of the split folder `splitDir`: the first of groundTruthFolderNames()
/// it holds, in any case; empty when it holds none or cannot be read.
std::filesystem::path findGroundTruthFolder(const std::filesystem::path& splitDir);

/// The ground-truth file of `image`, by the rules openSplit() pairs them with (the split of its
/// folder, or of its `images/` folder's parent, is read): GT_<name>.mat, <name>_ann.mat or
/// <name>.mat, gt/<name>.txt, jsons/<name>.json or the folder's CSV of points, the first that
/// exists. When none does, where the split would write a new one (Split::unannotated); for an
/// image that is not in its folder, GT_<name>.mat in the split's ground-truth folder or beside
/// it. Never throws for a folder that cannot be read (the new file's path is returned).
std::filesystem::path groundTruthPathForImage(const std::filesystem::path& image);

/// True when `file` is named <name>_ann.mat (in any case): UCF-QNRF's ground-truth naming.
bool isUcfQnrfFileName(const std::filesystem::path& file);

/// Natural ordering of names: digit runs compare by value ("IMG_2" < "IMG_10"), the rest
/// case-insensitively, with a plain comparison as the final tie-break.
bool naturalLess(std::string_view a, std::string_view b);

} // namespace crowdkd
