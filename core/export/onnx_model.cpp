#include "export/onnx_model.h"

#include "base/error.h"
#include "base/file_io.h"
#include "base/version.h"
#include "export/model_export.h"
#include "nn/mcnn.h"

#include <onnx/checker.h>
#include <onnx/onnx_pb.h>

#include <cstring>
#include <stdexcept>

namespace crowdkd::exporting {

namespace {

/// IR version 7 (ONNX 1.7/1.8) is what opset 11–13 graphs carry; older readers accept it.
constexpr std::int64_t kIrVersion = 7;
/// Suffix of the float32 value a float16 initializer is cast to.
constexpr const char* kFloatSuffix = ".float";

/// Builds the graph of one model, node by node, with the weights as initializers.
class GraphBuilder {
public:
    GraphBuilder(onnx::GraphProto& graph, bool fp16)
        : m_graph(graph)
        , m_fp16(fp16) {}

    /// Adds `tensor` as initializer `name`; returns the name of its float32 value.
    std::string addWeight(const std::string& name, const torch::Tensor& tensor) {
        const torch::Tensor stored =
            tensor.detach().to(torch::kCPU, m_fp16 ? torch::kHalf : torch::kFloat).contiguous();
        onnx::TensorProto* initializer = m_graph.add_initializer();
        initializer->set_name(name);
        initializer->set_data_type(m_fp16 ? onnx::TensorProto::FLOAT16 : onnx::TensorProto::FLOAT);
        for (const std::int64_t size : stored.sizes())
            initializer->add_dims(size);
        initializer->set_raw_data(std::string(static_cast<const char*>(stored.data_ptr()),
                                              stored.numel() * stored.element_size()));
        if (!m_fp16)
            return name;
        onnx::NodeProto* cast = addNode("Cast", name + kFloatSuffix, {name}, name + kFloatSuffix);
        addIntAttribute(*cast, "to", onnx::TensorProto::FLOAT);
        return name + kFloatSuffix;
    }

    onnx::NodeProto* addNode(const std::string& op, const std::string& name,
                             const std::vector<std::string>& inputs, const std::string& output) {
        onnx::NodeProto* node = m_graph.add_node();
        node->set_op_type(op);
        node->set_name(name);
        for (const std::string& input : inputs)
            node->add_input(input);
        node->add_output(output);
        return node;
    }

    static void addIntAttribute(onnx::NodeProto& node, const std::string& name,
                                std::int64_t value) {
        onnx::AttributeProto* attribute = node.add_attribute();
        attribute->set_name(name);
        attribute->set_type(onnx::AttributeProto::INT);
        attribute->set_i(value);
    }

    static void addIntsAttribute(onnx::NodeProto& node, const std::string& name,
                                 const std::vector<std::int64_t>& values) {
        onnx::AttributeProto* attribute = node.add_attribute();
        attribute->set_name(name);
        attribute->set_type(onnx::AttributeProto::INTS);
        for (const std::int64_t value : values)
            attribute->add_ints(value);
    }

    /// A 'same' convolution with bias (weights `<prefix>.weight` / `.bias`) and an optional ReLU.
    std::string convolution(const std::string& prefix, const torch::nn::Conv2d& conv,
                            const std::string& input, bool relu) {
        const std::int64_t kernel = conv->weight.size(2);
        const std::int64_t pad = (kernel - 1) / 2;
        const std::string weight = addWeight(prefix + ".weight", conv->weight);
        const std::string bias = addWeight(prefix + ".bias", conv->bias);
        onnx::NodeProto* node = addNode("Conv", prefix, {input, weight, bias}, prefix);
        addIntsAttribute(*node, "kernel_shape", {kernel, conv->weight.size(3)});
        addIntsAttribute(*node, "pads", {pad, pad, pad, pad});
        addIntsAttribute(*node, "strides", {1, 1});
        if (!relu)
            return prefix;
        addNode("Relu", prefix + ".relu", {prefix}, prefix + ".relu");
        return prefix + ".relu";
    }

    /// PyTorch's MaxPool2d(2): kernel 2, stride 2, floor mode.
    std::string maxPool(const std::string& name, const std::string& input) {
        onnx::NodeProto* node = addNode("MaxPool", name, {input}, name);
        addIntsAttribute(*node, "kernel_shape", {2, 2});
        addIntsAttribute(*node, "strides", {2, 2});
        return name;
    }

private:
    onnx::GraphProto& m_graph;
    bool m_fp16;
};

/// A tensor value of the graph's interface: float N×C×H×W with symbolic N, H and W.
void addTensorValue(google::protobuf::RepeatedPtrField<onnx::ValueInfoProto>& values,
                    const std::string& name, std::int64_t channels, const char* height,
                    const char* width) {
    onnx::ValueInfoProto* value = values.Add();
    value->set_name(name);
    onnx::TypeProto_Tensor* type = value->mutable_type()->mutable_tensor_type();
    type->set_elem_type(onnx::TensorProto::FLOAT);
    onnx::TensorShapeProto* shape = type->mutable_shape();
    shape->add_dim()->set_dim_param("N");
    shape->add_dim()->set_dim_value(channels);
    shape->add_dim()->set_dim_param(height);
    shape->add_dim()->set_dim_param(width);
}

/// MCNN: three columns of conv/ReLU with two max-pools each, concatenated, fused by a 1×1 conv
/// with ReLU; the same order of operations as nn::McnnImpl::forward.
void buildMcnn(onnx::GraphProto& graph, nn::McnnImpl& mcnn, const ExportMetadata& metadata,
               bool fp16) {
    GraphBuilder builder(graph, fp16);
    std::vector<std::string> columns;
    const std::pair<const char*, torch::nn::Sequential*> branches[] = {
        {"branch1", &mcnn.branch1}, {"branch2", &mcnn.branch2}, {"branch3", &mcnn.branch3}};
    for (const auto& [branchName, branch] : branches) {
        std::string value = metadata.inputName;
        for (const auto& child : (*branch)->named_children()) {
            const std::string prefix = std::string(branchName) + "." + child.key();
            if (auto* block = child.value()->as<nn::Conv2dBlock>())
                value = builder.convolution(prefix + ".conv", block->conv, value, true);
            else if (child.value()->as<torch::nn::MaxPool2d>())
                value = builder.maxPool(prefix + ".pool", value);
            else
                throw std::logic_error("unexpected MCNN layer " + prefix);
        }
        columns.push_back(value);
    }
    GraphBuilder::addIntAttribute(*builder.addNode("Concat", "columns", columns, "columns"), "axis",
                                  1);
    auto* fuse = mcnn.fuse[0]->as<nn::Conv2dBlock>();
    builder.convolution("fuse.0.conv", fuse->conv, "columns", true);
    // The last node writes the named output.
    graph.mutable_node(graph.node_size() - 1)->set_output(0, metadata.outputName);
}

torch::Tensor tensorFromInitializer(const onnx::TensorProto& initializer,
                                    const std::filesystem::path& origin) {
    const std::vector<std::int64_t> sizes(initializer.dims().begin(), initializer.dims().end());
    torch::ScalarType type;
    switch (initializer.data_type()) {
    case onnx::TensorProto::FLOAT:
        type = torch::kFloat;
        break;
    case onnx::TensorProto::FLOAT16:
        type = torch::kHalf;
        break;
    default:
        throw FileError(origin, "initializer '" + initializer.name() + "' has an unsupported type");
    }
    torch::Tensor tensor = torch::empty(sizes, torch::TensorOptions().dtype(type));
    const std::size_t bytes = static_cast<std::size_t>(tensor.numel() * tensor.element_size());
    if (initializer.has_raw_data()) {
        if (initializer.raw_data().size() != bytes)
            throw FileError(origin, "initializer '" + initializer.name() + "' has the wrong size");
        std::memcpy(tensor.data_ptr(), initializer.raw_data().data(), bytes);
    } else if (type == torch::kFloat && initializer.float_data_size() == tensor.numel()) {
        std::memcpy(tensor.data_ptr(), initializer.float_data().data(), bytes);
    } else if (type == torch::kHalf && initializer.int32_data_size() == tensor.numel()) {
        auto* out = static_cast<std::uint16_t*>(tensor.data_ptr());
        for (int i = 0; i < initializer.int32_data_size(); ++i)
            out[i] = static_cast<std::uint16_t>(initializer.int32_data(i));
    } else {
        throw FileError(origin, "initializer '" + initializer.name() + "' has no data");
    }
    return tensor.to(torch::kFloat);
}

} // namespace

bool supportsOnnx(nn::ModelKind kind) {
    return kind == nn::ModelKind::Mcnn;
}

std::string encodeOnnx(const nn::DensityModel& model, ExportMetadata metadata,
                       const OnnxOptions& options) {
    if (!supportsOnnx(model.kind()))
        throw std::invalid_argument(nn::toString(model.kind()) +
                                    " does not export to ONNX (only mcnn does)");
    metadata.format = toString(ExportFormat::Onnx);
    metadata.precision = options.fp16 ? "float16" : "float32";
    metadata.opset = kOnnxOpset;
    if (metadata.exporter.empty())
        metadata.exporter = std::string("CrowdKD ") + kVersion;

    onnx::ModelProto proto;
    proto.set_ir_version(kIrVersion);
    proto.set_producer_name("CrowdKD");
    proto.set_producer_version(kVersion);
    proto.set_domain("org.crowdkd");
    proto.set_model_version(1);
    proto.set_doc_string(nn::toString(metadata.kind) + " crowd density; input " +
                         metadata.input.describe() + "; count = sum of '" + metadata.outputName +
                         "'");
    onnx::OperatorSetIdProto* opset = proto.add_opset_import();
    opset->set_domain("");
    opset->set_version(kOnnxOpset);
    for (const auto& [key, value] : metadata.toProperties()) {
        onnx::StringStringEntryProto* property = proto.add_metadata_props();
        property->set_key(key);
        property->set_value(value);
    }

    onnx::GraphProto* graph = proto.mutable_graph();
    graph->set_name(nn::toString(metadata.kind));
    addTensorValue(*graph->mutable_input(), metadata.inputName, model.inputChannels(), "H", "W");
    torch::NoGradGuard noGrad;
    buildMcnn(*graph, static_cast<nn::McnnImpl&>(*model.module()), metadata, options.fp16);
    addTensorValue(*graph->mutable_output(), metadata.outputName, 1, "h", "w");

    try {
        onnx::checker::check_model(proto);
    } catch (const std::exception& error) {
        throw std::logic_error(std::string("the exported ONNX graph fails the checker: ") +
                               error.what());
    }
    std::string bytes;
    if (!proto.SerializeToString(&bytes))
        throw std::runtime_error("cannot serialize the ONNX model");
    return bytes;
}

void checkOnnx(const std::string& bytes, const std::filesystem::path& origin) {
    onnx::ModelProto proto;
    if (!proto.ParseFromString(bytes))
        throw FileError(origin, "not an ONNX model");
    try {
        onnx::checker::check_model(proto);
    } catch (const std::exception& error) {
        throw FileError(origin, std::string("fails the ONNX checker: ") + error.what());
    }
}

OnnxContents decodeOnnx(const std::string& bytes, const std::filesystem::path& origin) {
    onnx::ModelProto proto;
    if (!proto.ParseFromString(bytes) || !proto.has_graph())
        throw FileError(origin, "not an ONNX model");
    std::vector<std::pair<std::string, std::string>> properties;
    for (const auto& property : proto.metadata_props())
        properties.emplace_back(property.key(), property.value());
    OnnxContents contents;
    try {
        contents.metadata = ExportMetadata::fromProperties(properties);
    } catch (const std::exception& error) {
        // A graph whose properties were stripped (e.g. by an optimiser): the side-car written
        // beside every export says the same.
        std::optional<ExportMetadata> sideCar = readSideCar(origin);
        if (!sideCar)
            throw FileError(origin, error.what());
        contents.metadata = std::move(*sideCar);
    }
    for (const onnx::TensorProto& initializer : proto.graph().initializer())
        contents.weights.insert(initializer.name(), tensorFromInitializer(initializer, origin));
    nn::requireFiniteWeights(contents.weights, origin); // OpenCV DNN would count NaN
    return contents;
}

OnnxContents readOnnx(const std::filesystem::path& path) {
    const std::vector<std::uint8_t> bytes = readFileBytes(path, kMaxOnnxBytes);
    return decodeOnnx(std::string(bytes.begin(), bytes.end()), path);
}

nn::DensityModel densityModelFromOnnx(const OnnxContents& contents) {
    nn::DensityModel model(contents.metadata.kind, contents.metadata.inputChannels);
    model.loadStateDict(contents.weights);
    model.eval();
    return model;
}

} // namespace crowdkd::exporting
