#include "export/export_metadata.h"

#include "base/error.h"
#include "base/file_io.h"
#include "nn/msfanet.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <sstream>
#include <stdexcept>

namespace crowdkd::exporting {

namespace {

/// The ONNX metadata_props key holding the whole metadata as JSON (the other keys are for people
/// and for tools that only show flat properties, e.g. Netron).
constexpr const char* kMetadataKey = "crowdkd.metadata";

std::string formatNumber(double value) {
    char text[64];
    std::snprintf(text, sizeof text, "%.10g", value);
    return text;
}

nlohmann::json toJsonObject(const ExportMetadata& metadata) {
    nlohmann::json json;
    json["model_kind"] = nn::toString(metadata.kind);
    json["input_channels"] = metadata.inputChannels;
    json["output_stride"] = metadata.outputStride;
    json["parameter_count"] = metadata.parameterCount;
    json["preprocessing"] = {{"color", metadata.input.color},
                             {"scale", metadata.input.scale},
                             {"size_multiple", metadata.input.sizeMultiple},
                             {"description", metadata.input.describe()}};
    // Absent values are left out rather than null: OpenCV's FileStorage reads the side-car too.
    if (!metadata.input.mean.empty())
        json["preprocessing"]["mean"] = metadata.input.mean;
    if (!metadata.input.std.empty())
        json["preprocessing"]["std"] = metadata.input.std;
    json["format"] = metadata.format;
    json["precision"] = metadata.precision;
    json["input_name"] = metadata.inputName;
    json["output_name"] = metadata.outputName;
    if (metadata.opset > 0)
        json["opset"] = metadata.opset;
    json["source"] = metadata.source;
    json["exporter"] = metadata.exporter;
    if (metadata.trainingAlpha)
        json["training_alpha"] = *metadata.trainingAlpha;
    if (metadata.mae)
        json["mae"] = *metadata.mae;
    json["count"] = "sum of the density output";
    return json;
}

ExportMetadata fromJsonObject(const nlohmann::json& json) {
    ExportMetadata metadata;
    metadata.kind = nn::modelKindFromString(json.at("model_kind").get<std::string>());
    const auto channels = json.at("input_channels").get<std::int64_t>();
    nn::requireInputChannels(channels);
    metadata.inputChannels = static_cast<int>(channels);
    metadata.outputStride = json.at("output_stride").get<int>();
    metadata.parameterCount = json.value("parameter_count", std::int64_t{0});
    const nlohmann::json& input = json.at("preprocessing");
    metadata.input.color = input.at("color").get<std::string>();
    metadata.input.scale = input.at("scale").get<double>();
    metadata.input.mean = input.value("mean", std::vector<double>{});
    metadata.input.std = input.value("std", std::vector<double>{});
    metadata.input.sizeMultiple = input.value("size_multiple", 4);
    metadata.format = json.value("format", std::string());
    metadata.precision = json.value("precision", std::string("float32"));
    metadata.inputName = json.value("input_name", std::string("image"));
    metadata.outputName = json.value("output_name", std::string("density"));
    metadata.opset = json.value("opset", 0);
    metadata.source = json.value("source", std::string());
    metadata.exporter = json.value("exporter", std::string());
    if (json.contains("training_alpha") && json["training_alpha"].is_number())
        metadata.trainingAlpha = json["training_alpha"].get<double>();
    if (json.contains("mae") && json["mae"].is_number())
        metadata.mae = json["mae"].get<double>();
    return metadata;
}

} // namespace

std::string InputConvention::describe() const {
    std::ostringstream text;
    text << color << ", float 0.." << (scale == 1.0 ? "255" : formatNumber(255.0 * scale));
    if (!mean.empty()) {
        text << ", minus mean (";
        for (std::size_t i = 0; i < mean.size(); ++i)
            text << (i ? ", " : "") << formatNumber(mean[i]);
        text << ")";
    }
    if (!std.empty()) {
        text << ", divided by std (";
        for (std::size_t i = 0; i < std.size(); ++i)
            text << (i ? ", " : "") << formatNumber(std[i]);
        text << ")";
    }
    text << ", H and W multiples of " << sizeMultiple << ", N×" << (color == "gray" ? 1 : 3)
         << "×H×W";
    return text.str();
}

InputConvention defaultInputConvention(nn::ModelKind kind, int inputChannels) {
    InputConvention convention;
    convention.color = inputChannels == 1 ? "gray" : "rgb";
    if (kind == nn::ModelKind::Mcnn) {
        convention.sizeMultiple = 4;
    } else {
        convention.scale = 1.0 / 255.0;
        convention.mean.assign(std::begin(nn::kImageNetMean), std::end(nn::kImageNetMean));
        convention.std.assign(std::begin(nn::kImageNetStd), std::end(nn::kImageNetStd));
        convention.sizeMultiple = static_cast<int>(nn::kMsfaNetSizeMultiple);
    }
    return convention;
}

ExportMetadata ExportMetadata::forModel(const nn::DensityModel& model) {
    ExportMetadata metadata;
    metadata.kind = model.kind();
    metadata.inputChannels = model.inputChannels();
    metadata.outputStride = model.outputStride();
    metadata.parameterCount = model.parameterCount();
    metadata.input = defaultInputConvention(model.kind(), model.inputChannels());
    metadata.input.sizeMultiple = model.sizeMultiple();
    return metadata;
}

std::vector<std::pair<std::string, std::string>> ExportMetadata::toProperties() const {
    std::vector<std::pair<std::string, std::string>> properties{
        {kMetadataKey, toJsonObject(*this).dump()},
        {"model_kind", nn::toString(kind)},
        {"input_channels", std::to_string(inputChannels)},
        {"output_stride", std::to_string(outputStride)},
        {"preprocessing", input.describe()},
        {"precision", precision},
    };
    if (trainingAlpha)
        properties.emplace_back("training_alpha", formatNumber(*trainingAlpha));
    if (mae)
        properties.emplace_back("mae", formatNumber(*mae));
    return properties;
}

ExportMetadata
ExportMetadata::fromProperties(const std::vector<std::pair<std::string, std::string>>& properties) {
    for (const auto& [key, value] : properties)
        if (key == kMetadataKey)
            return fromJson(value);
    throw std::runtime_error(std::string("no '") + kMetadataKey +
                             "' metadata: not a model exported by CrowdKD");
}

std::string ExportMetadata::toJson() const {
    return toJsonObject(*this).dump(2) + "\n";
}

ExportMetadata ExportMetadata::fromJson(const std::string& text) {
    try {
        return fromJsonObject(nlohmann::json::parse(text));
    } catch (const nlohmann::json::exception& error) {
        throw std::runtime_error(std::string("malformed export metadata: ") + error.what());
    }
}

std::filesystem::path sideCarPath(const std::filesystem::path& exported) {
    std::filesystem::path path = exported;
    path += ".json";
    return path;
}

void writeSideCar(const std::filesystem::path& exported, const ExportMetadata& metadata) {
    writeFileAtomically(sideCarPath(exported), metadata.toJson());
}

std::optional<ExportMetadata> readSideCar(const std::filesystem::path& exported) {
    const std::filesystem::path path = sideCarPath(exported);
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error))
        return std::nullopt;
    const std::vector<std::uint8_t> bytes = readFileBytes(path);
    try {
        return ExportMetadata::fromJson(std::string(bytes.begin(), bytes.end()));
    } catch (const std::exception& parseError) {
        throw FileError(path, parseError.what());
    }
}

} // namespace crowdkd::exporting
