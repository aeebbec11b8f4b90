#pragma once

#include "nn/density_model.h"

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace crowdkd::exporting {

/// How an image becomes the model's input, machine-readable so that a device can reproduce it
/// without CrowdKD: decode as `color`, scale to float by `scale`, subtract `mean` and divide by
/// `std` per channel (in the color's channel order), resize so H and W are multiples of
/// `sizeMultiple`, lay out as N×C×H×W.
struct InputConvention {
    /// "gray" (1 channel) or "rgb" (3 channels, R first).
    std::string color = "gray";
    /// Multiplies the 0–255 pixel values (1 for MCNN, 1/255 for M-SFANet).
    double scale = 1.0;
    /// Per-channel mean subtracted after scaling (empty: none).
    std::vector<double> mean;
    /// Per-channel standard deviation divided by after the mean (empty: none).
    std::vector<double> std;
    /// H and W of the input must be multiples of this.
    int sizeMultiple = 4;

    /// One line for people: "gray, float 0..255, H and W multiples of 4".
    std::string describe() const;
};

/// The convention CrowdKD trains and evaluates `kind` with: MCNN takes gray (or RGB) 0–255
/// without normalisation, M-SFANet RGB / 255 with ImageNet mean and std.
InputConvention defaultInputConvention(nn::ModelKind kind, int inputChannels);

/// Everything a deployed model file says about itself: stored as ONNX `metadata_props`, inside
/// the LibTorch archive, and in the JSON side-car `<file>.json` written beside every export.
struct ExportMetadata {
    nn::ModelKind kind = nn::ModelKind::Mcnn;
    int inputChannels = 1;
    /// Density map side = input side / outputStride.
    int outputStride = 4;
    std::int64_t parameterCount = 0;
    InputConvention input;
    /// "onnx", "libtorch" or "pytorch".
    std::string format;
    /// "float32" or "float16" (the stored weights).
    std::string precision = "float32";
    /// Names of the graph's input and density output (ONNX).
    std::string inputName = "image";
    std::string outputName = "density";
    /// ONNX opset of the graph (0 for other formats).
    int opset = 0;
    /// What the weights came from (file name) and the CrowdKD version that exported them.
    std::string source;
    std::string exporter;
    /// Distillation weight α and validation MAE of the training run, when the checkpoint knows.
    std::optional<double> trainingAlpha;
    std::optional<double> mae;

    /// Metadata of `model` with its default input convention, no format yet.
    static ExportMetadata forModel(const nn::DensityModel& model);

    /// Flat string pairs, as ONNX metadata_props hold them (keys "crowdkd.model_kind", …).
    std::vector<std::pair<std::string, std::string>> toProperties() const;
    /// The inverse of toProperties(); throws std::runtime_error when a required key is absent.
    static ExportMetadata
    fromProperties(const std::vector<std::pair<std::string, std::string>>& properties);

    /// Pretty-printed JSON text (the side-car's content).
    std::string toJson() const;
    /// Parses toJson()'s output; throws std::runtime_error on malformed text.
    static ExportMetadata fromJson(const std::string& text);
};

/// `<out>.json`: where the side-car of an exported file goes.
std::filesystem::path sideCarPath(const std::filesystem::path& exported);

/// Writes the side-car atomically; throws crowdkd::FileError.
void writeSideCar(const std::filesystem::path& exported, const ExportMetadata& metadata);

/// Reads the side-car of `exported` if there is one.
std::optional<ExportMetadata> readSideCar(const std::filesystem::path& exported);

} // namespace crowdkd::exporting
