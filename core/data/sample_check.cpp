#include "data/sample_check.h"

#include "base/error.h"
#include "data/ground_truth.h"
#include "data/image_io.h"

#include <exception>

namespace crowdkd {

SampleCheck checkSample(const Sample& sample, bool checkImage) {
    SampleCheck check;
    GroundTruth truth;
    try {
        truth = readGroundTruth(sample);
        check.groundTruthReadable = true;
        check.heads = truth.points.size();
        check.declaredCount = truth.declaredCount;
        if (check.countMismatch())
            check.problems.push_back(
                {sample.groundTruthPath, "declares " + std::to_string(truth.declaredCount) +
                                             " heads but holds " + std::to_string(check.heads)});
    } catch (const FileError& error) {
        check.groundTruthError = error.reason();
        check.problems.push_back({error.path(), error.reason()});
    } catch (const std::exception& error) {
        check.groundTruthError = error.what();
        check.problems.push_back({sample.groundTruthPath, error.what()});
    }
    if (!checkImage)
        return check;
    try {
        const cv::Size size = readImageSize(sample.imagePath);
        check.imageReadable = true;
        if (check.groundTruthReadable) {
            check.outside = countOutsideImage(truth.points, size);
            if (check.outside > 0)
                check.problems.push_back(
                    {sample.groundTruthPath,
                     std::to_string(check.outside) +
                         " heads outside the image (left out of density maps)"});
        }
    } catch (const FileError& error) {
        check.imageError = error.reason();
        check.problems.push_back({error.path(), error.reason()});
    } catch (const std::exception& error) {
        check.imageError = error.what();
        check.problems.push_back({sample.imagePath, error.what()});
    }
    return check;
}

} // namespace crowdkd
