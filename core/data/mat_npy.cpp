#include "data/mat_npy.h"

#include "base/error.h"

#include <cstring>
#include <stdexcept>

namespace crowdkd {

namespace {

cv::Mat asContiguousFloat(const cv::Mat& matrix) {
    if (matrix.channels() != 1 || matrix.dims != 2)
        throw std::invalid_argument("expected a single-channel 2-D matrix");
    cv::Mat values;
    if (matrix.type() == CV_32F && matrix.isContinuous())
        values = matrix;
    else
        matrix.convertTo(values, CV_32F);
    return values.isContinuous() ? values : values.clone();
}

} // namespace

NpyArray toNpyArray(const cv::Mat& matrix) {
    const cv::Mat values = asContiguousFloat(matrix);
    NpyArray array;
    array.shape = {static_cast<std::size_t>(values.rows), static_cast<std::size_t>(values.cols)};
    const auto* begin = values.ptr<float>();
    array.values.assign(begin, begin + values.total());
    return array;
}

cv::Mat toMat(const NpyArray& array) {
    if (array.shape.size() != 2)
        throw std::invalid_argument("expected a 2-D array, got " +
                                    std::to_string(array.shape.size()) + " dimensions");
    cv::Mat matrix(static_cast<int>(array.shape[0]), static_cast<int>(array.shape[1]), CV_32F);
    if (!array.values.empty())
        std::memcpy(matrix.ptr<float>(), array.values.data(), array.values.size() * sizeof(float));
    return matrix;
}

void writeNpy(const std::filesystem::path& path, const cv::Mat& matrix) {
    const cv::Mat values = asContiguousFloat(matrix);
    writeNpy(path, values.ptr<float>(),
             {static_cast<std::size_t>(values.rows), static_cast<std::size_t>(values.cols)});
}

cv::Mat readNpyMat(const std::filesystem::path& path) {
    const NpyArray array = readNpy(path);
    if (array.shape.size() != 2)
        throw FileError(path, "expected a 2-D array, found " + std::to_string(array.shape.size()) +
                                  " dimensions");
    return toMat(array);
}

} // namespace crowdkd
