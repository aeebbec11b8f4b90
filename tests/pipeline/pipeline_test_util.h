#pragma once

#include "test_support.h"

#include <QString>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>

namespace crowdkd::test {

/// part_A test images used by the small pipeline tests.
inline const char* const kSmallSplitImages[] = {"IMG_4", "IMG_3", "IMG_11"};

/// Copies a few part_A test images with their ground truth into `dir` (a split folder with
/// images/ and ground-truth/); returns false when the shared data is missing.
inline bool makeSmallSplit(const QTemporaryDir& dir) {
    const auto source = sharedPath(QStringLiteral("data/ShanghaiTech/part_A/test_data"));
    if (!std::filesystem::exists(source))
        return false;
    const std::filesystem::path root(dir.path().toStdU16String());
    std::filesystem::create_directories(root / "images");
    std::filesystem::create_directories(root / "ground-truth");
    for (const char* name : kSmallSplitImages) {
        std::filesystem::copy_file(source / "images" / (std::string(name) + ".jpg"),
                                   root / "images" / (std::string(name) + ".jpg"));
        std::filesystem::copy_file(source / "ground-truth" / ("GT_" + std::string(name) + ".mat"),
                                   root / "ground-truth" / ("GT_" + std::string(name) + ".mat"));
    }
    return true;
}

} // namespace crowdkd::test
