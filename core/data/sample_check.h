#pragma once

#include "data/dataset.h"

#include <cstddef>
#include <string>
#include <vector>

namespace crowdkd {

/// What checking one sample found, as `crowdkd info --check-images` and the studio's dataset
/// browser report it: its head count when the ground truth is readable, and what is wrong.
struct SampleCheck {
    /// True when the ground-truth file was read (heads and declaredCount are then valid).
    bool groundTruthReadable = false;
    std::size_t heads = 0;
    double declaredCount = 0.0;
    /// Why the ground truth could not be read (FileError's reason), empty when it was.
    std::string groundTruthError;
    /// True when the image was checked and is readable (its header and its whole data).
    bool imageReadable = false;
    /// Why the image could not be read, empty when it was or was not checked.
    std::string imageError;
    /// Heads outside the image (only when both files were read).
    std::size_t outside = 0;
    /// Every finding as a problem naming its file, in English (CLI wording).
    std::vector<Problem> problems;

    /// True when the file declares another count than the points it holds.
    bool countMismatch() const { return groundTruthReadable && declaredCount != double(heads); }
};

/// Reads `sample`'s ground truth and, when `checkImage`, its image header (the whole JPEG or PNG
/// is scanned for completeness, see readImageSize()). Never throws for a bad file: what is wrong
/// is in the result, each problem naming its file.
SampleCheck checkSample(const Sample& sample, bool checkImage);

} // namespace crowdkd
