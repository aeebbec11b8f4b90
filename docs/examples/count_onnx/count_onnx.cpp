// count_onnx: the whole on-device part of CrowdKD in one file. It loads a student exported with
// `crowdkd export --format onnx`, counts the people in every image of a folder with OpenCV's DNN
// module, and prints one JSON line per image: the number is all a device needs to send.
//
//   count_onnx MODEL.onnx FOLDER [--threads N]
//
// The preprocessing is read from the side-car MODEL.onnx.json that `crowdkd export` writes
// (color, scale, mean, std, size multiple); without it the MCNN convention applies: gray pixels as
// float 0–255, width and height floored to multiples of 4.
#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace {

/// What the model expects, from the side-car (defaults: the MCNN student).
struct Convention {
    bool gray = true;
    double scale = 1.0;
    cv::Scalar mean{0, 0, 0, 0};
    cv::Scalar std{1, 1, 1, 1};
    int sizeMultiple = 4;
    std::string input = "image";
    std::string output = "density";
};

Convention readConvention(const std::string& modelPath) {
    Convention convention;
    cv::FileStorage side(modelPath + ".json", cv::FileStorage::READ | cv::FileStorage::FORMAT_JSON);
    if (!side.isOpened())
        return convention;
    const cv::FileNode input = side["preprocessing"];
    convention.gray = static_cast<std::string>(input["color"]) != "rgb";
    convention.scale = static_cast<double>(input["scale"]);
    convention.sizeMultiple = static_cast<int>(input["size_multiple"]);
    for (int i = 0; i < static_cast<int>(input["mean"].size()) && i < 4; ++i)
        convention.mean[i] = static_cast<double>(input["mean"][i]);
    for (int i = 0; i < static_cast<int>(input["std"].size()) && i < 4; ++i)
        convention.std[i] = static_cast<double>(input["std"][i]);
    convention.input = static_cast<std::string>(side["input_name"]);
    convention.output = static_cast<std::string>(side["output_name"]);
    return convention;
}

/// Decoded image → 1×C×H×W float blob, as CrowdKD preprocesses it.
cv::Mat toBlob(const cv::Mat& decoded, const Convention& convention) {
    cv::Mat image = decoded;
    if (!convention.gray)
        cv::cvtColor(image, image, cv::COLOR_BGR2RGB);
    image.convertTo(image, CV_32F);
    const int multiple = std::max(1, convention.sizeMultiple);
    const cv::Size size(std::max(multiple, image.cols / multiple * multiple),
                        std::max(multiple, image.rows / multiple * multiple));
    if (size != image.size())
        cv::resize(image, image, size, 0, 0, cv::INTER_LINEAR);
    image = image * convention.scale;
    cv::subtract(image, convention.mean, image);
    cv::divide(image, convention.std, image);
    return cv::dnn::blobFromImage(image); // HWC → NCHW, no further scaling
}

/// A file name as a JSON string (quotes, backslashes and control characters escaped).
std::string jsonString(const std::string& text) {
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\')
            out += std::string("\\") + c;
        else if (static_cast<unsigned char>(c) < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
            out += escaped;
        } else
            out += c;
    }
    return out + "\"";
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: count_onnx MODEL.onnx FOLDER [--threads N]\n");
        return 2;
    }
    const std::string modelPath = argv[1];
    const std::filesystem::path folder = argv[2];
    if (argc >= 5 && std::string(argv[3]) == "--threads")
        cv::setNumThreads(std::atoi(argv[4]));

    cv::dnn::Net net;
    try {
        net = cv::dnn::readNetFromONNX(modelPath);
    } catch (const cv::Exception& error) {
        std::fprintf(stderr, "count_onnx: %s: %s\n", modelPath.c_str(), error.what());
        return 1;
    }
    net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
    const Convention convention = readConvention(modelPath);

    std::vector<std::filesystem::path> images;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
        std::string extension = entry.path().extension().string();
        std::transform(extension.begin(), extension.end(), extension.begin(), ::tolower);
        if (entry.is_regular_file() && (extension == ".jpg" || extension == ".jpeg" ||
                                        extension == ".png" || extension == ".bmp"))
            images.push_back(entry.path());
    }
    if (error) {
        std::fprintf(stderr, "count_onnx: %s: %s\n", folder.string().c_str(),
                     error.message().c_str());
        return 1;
    }
    std::sort(images.begin(), images.end());

    int failures = 0;
    for (const auto& path : images) {
        const cv::Mat decoded =
            cv::imread(path.string(), convention.gray ? cv::IMREAD_GRAYSCALE : cv::IMREAD_COLOR);
        if (decoded.empty()) {
            std::fprintf(stderr, "count_onnx: %s: cannot decode the image\n",
                         path.string().c_str());
            ++failures;
            continue;
        }
        const auto start = std::chrono::steady_clock::now();
        net.setInput(toBlob(decoded, convention), convention.input);
        const cv::Mat density = net.forward(convention.output);
        const double count = cv::sum(density)[0];
        const double milliseconds =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        std::printf(
            "{\"image\": %s, \"width\": %d, \"height\": %d, \"count\": %.4f, \"ms\": %.1f}\n",
            jsonString(path.filename().string()).c_str(), decoded.cols, decoded.rows, count,
            milliseconds);
        std::fflush(stdout);
    }
    return failures == 0 ? 0 : 1;
}
