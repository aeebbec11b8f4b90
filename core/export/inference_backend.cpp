#include "export/inference_backend.h"

#include "base/error.h"
#include "base/file_io.h"
#include "base/name_table.h"
#include "base/text.h"
#include "export/model_export.h"
#include "export/onnx_model.h"
#include "nn/mcnn.h"

#include <ATen/ATen.h>
#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <thread>

namespace crowdkd::exporting {

namespace {

/// The names of the backends and LibTorch modes (any case), with their other usual names.
constexpr auto kBackendNames = nameTable<Backend>("backend", NameCase::AnyCase,
                                                  {{Backend::LibTorch, "libtorch"},
                                                   {Backend::LibTorch, "torch"},
                                                   {Backend::OpenCv, "opencv"},
                                                   {Backend::OpenCv, "opencv-dnn"},
                                                   {Backend::OpenCv, "dnn"}});
constexpr auto kLibTorchModeNames =
    nameTable<LibTorchMode>("LibTorch mode", NameCase::AnyCase,
                            {{LibTorchMode::Eager, "eager"},
                             {LibTorchMode::ChannelsLast, "channels-last"},
                             {LibTorchMode::ChannelsLast, "channels_last"},
                             {LibTorchMode::Mkldnn, "mkldnn"},
                             {LibTorchMode::Mkldnn, "onednn"}});

void checkInput(const torch::Tensor& input, const ExportMetadata& metadata) {
    if (!input.defined() || input.dim() != 4 || input.size(1) != metadata.inputChannels ||
        input.scalar_type() != torch::kFloat || !input.device().is_cpu())
        throw std::invalid_argument(nn::toString(metadata.kind) + " expects N×" +
                                    std::to_string(metadata.inputChannels) +
                                    "×H×W float32 CPU input");
}

/// One MCNN convolution prepared for oneDNN: weights laid out once as the layer runs them.
struct MkldnnConvolution {
    torch::Tensor weight;
    torch::Tensor bias;
    std::int64_t padding = 0;
    bool blocked = true; ///< on blocked (mkldnn) tensors, else on NHWC ones
};

/// oneDNN's blocked layouts group channels by 16: a column whose channel counts are not
/// multiples of it (MCNN's 20/40 and 24/48 columns) pads them and wastes up to half its work,
/// so after its first layer it runs on plain NHWC tensors instead (docs/export.md).
constexpr std::int64_t kMkldnnChannelBlock = 16;

/// MCNN run by oneDNN: the one-channel first layers on blocked (mkldnn) tensors, where oneDNN is
/// fastest; then each column on blocked tensors when its channels fill oneDNN's blocks, on NHWC
/// tensors otherwise. Weights are laid out once. The same arithmetic as McnnImpl::forward
/// (convolution, ReLU, 2×2 max-pool), but ReLU after the pool, with which it commutes.
class MkldnnMcnn {
public:
    explicit MkldnnMcnn(nn::McnnImpl& mcnn) {
        torch::NoGradGuard noGrad;
        for (torch::nn::Sequential* branch : {&mcnn.branch1, &mcnn.branch2, &mcnn.branch3}) {
            Column layers;
            bool columnBlocked = true; // decided by the column's first layer
            for (const auto& child : (*branch)->children()) {
                if (auto* block = child->as<nn::Conv2dBlock>()) {
                    const torch::nn::Conv2d& conv = block->conv;
                    const bool first = layers.empty();
                    if (first)
                        columnBlocked = conv->weight.size(0) % kMkldnnChannelBlock == 0;
                    layers.emplace_back(prepare(conv, first || columnBlocked));
                } else {
                    layers.emplace_back(std::nullopt); // a 2×2 max-pool
                }
            }
            m_columns.push_back(std::move(layers));
        }
        m_fuse = mcnn.fuse[0]->as<nn::Conv2dBlock>()->conv;
    }

    torch::Tensor forward(const torch::Tensor& input) {
        const torch::Tensor blockedInput = input.to_mkldnn();
        std::vector<torch::Tensor> columns;
        for (const Column& layers : m_columns) {
            torch::Tensor value = blockedInput;
            for (std::size_t i = 0; i < layers.size(); ++i) {
                if (const auto& layer = layers[i]) {
                    if (value.is_mkldnn() && !layer->blocked)
                        value = value.to_dense().contiguous(torch::MemoryFormat::ChannelsLast);
                    value =
                        at::mkldnn_convolution(value, layer->weight, layer->bias,
                                               {layer->padding, layer->padding}, {1, 1}, {1, 1}, 1);
                    if (i + 1 == layers.size() || layers[i + 1])
                        value = at::relu_(value);
                } else {
                    value = at::max_pool2d(value, {2, 2}, {2, 2});
                    value = at::relu_(value);
                }
            }
            columns.push_back(value.is_mkldnn() ? value.to_dense() : value);
        }
        // The 1×1 fusion of 30 channels at 1/16 of the pixels is cheap in the plain layout.
        return torch::relu(m_fuse->forward(torch::cat(columns, 1))).contiguous();
    }

private:
    /// A column's layers in order; std::nullopt is a 2×2 max-pool.
    using Column = std::vector<std::optional<MkldnnConvolution>>;

    static MkldnnConvolution prepare(const torch::nn::Conv2d& conv, bool blocked) {
        MkldnnConvolution prepared;
        prepared.padding = (conv->weight.size(2) - 1) / 2;
        prepared.blocked = blocked;
        if (blocked) {
            prepared.weight = at::mkldnn_reorder_conv2d_weight(
                conv->weight.to_mkldnn(), {prepared.padding, prepared.padding}, {1, 1}, {1, 1}, 1);
            prepared.bias = conv->bias.to_mkldnn();
        } else {
            prepared.weight = conv->weight.contiguous(torch::MemoryFormat::ChannelsLast);
            prepared.bias = conv->bias.contiguous();
        }
        return prepared;
    }

    std::vector<Column> m_columns;
    torch::nn::Conv2d m_fuse{nullptr};
};

class LibTorchBackend final : public InferenceBackend {
public:
    LibTorchBackend(nn::DensityModel model, LibTorchMode mode, ExportMetadata metadata)
        : InferenceBackend(std::move(metadata))
        , m_model(std::move(model))
        , m_mode(mode) {
        m_model.eval();
        m_model.to(torch::kCPU);
        if (m_mode == LibTorchMode::Mkldnn && m_model.kind() != nn::ModelKind::Mcnn)
            m_mode = LibTorchMode::ChannelsLast; // M-SFANet's fastest path (docs/export.md)
        if ((m_mode == LibTorchMode::Mkldnn || m_mode == LibTorchMode::ChannelsLast) &&
            !at::globalContext().userEnabledMkldnn())
            m_mode = LibTorchMode::Eager;
        torch::NoGradGuard noGrad;
        if (m_mode == LibTorchMode::Mkldnn) {
            m_mkldnn = std::make_unique<MkldnnMcnn>(static_cast<nn::McnnImpl&>(*m_model.module()));
        } else if (m_mode == LibTorchMode::ChannelsLast) {
            m_model.useChannelsLast();
        }
    }

    Backend backend() const override { return Backend::LibTorch; }
    std::string name() const override { return "libtorch (" + toString(m_mode) + ")"; }

    torch::Tensor density(const torch::Tensor& input) override {
        checkInput(input, metadata());
        torch::NoGradGuard noGrad;
        switch (m_mode) {
        case LibTorchMode::Mkldnn:
            return m_mkldnn->forward(input.contiguous());
        case LibTorchMode::ChannelsLast:
            return m_model.forward(input).density.contiguous();
        case LibTorchMode::Eager:
            break;
        }
        return m_model.forward(input.contiguous()).density.contiguous();
    }

private:
    nn::DensityModel m_model;
    LibTorchMode m_mode;
    std::unique_ptr<MkldnnMcnn> m_mkldnn;
};

class OpenCvBackend final : public InferenceBackend {
public:
    OpenCvBackend(const std::string& onnxBytes, ExportMetadata metadata)
        : InferenceBackend(std::move(metadata)) {
        try {
            m_net = cv::dnn::readNetFromONNX(onnxBytes.data(), onnxBytes.size());
        } catch (const cv::Exception& error) {
            throw std::runtime_error(std::string("OpenCV DNN cannot import the ONNX graph: ") +
                                     error.what());
        }
        m_net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
        m_net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
    }

    Backend backend() const override { return Backend::OpenCv; }
    std::string name() const override { return "opencv-dnn"; }

    torch::Tensor density(const torch::Tensor& input) override {
        checkInput(input, metadata());
        const torch::Tensor contiguous = input.contiguous();
        const int sizes[4] = {
            static_cast<int>(contiguous.size(0)), static_cast<int>(contiguous.size(1)),
            static_cast<int>(contiguous.size(2)), static_cast<int>(contiguous.size(3))};
        // A header over the tensor's memory: OpenCV copies it into its own input buffer.
        const cv::Mat blob(4, sizes, CV_32F, contiguous.data_ptr<float>());
        cv::Mat output;
        try {
            m_net.setInput(blob, metadata().inputName);
            output = m_net.forward(metadata().outputName);
        } catch (const cv::Exception& error) {
            throw std::runtime_error(std::string("OpenCV DNN inference failed: ") + error.what());
        }
        if (output.dims != 4 || output.type() != CV_32F)
            throw std::runtime_error("OpenCV DNN returned an unexpected density shape");
        std::vector<std::int64_t> shape(output.size.p, output.size.p + 4);
        return torch::from_blob(output.ptr<float>(), shape, torch::kFloat).clone();
    }

private:
    cv::dnn::Net m_net;
};

} // namespace

std::string toString(Backend backend) {
    return kBackendNames.toString(backend);
}

Backend backendFromString(const std::string& text) {
    return kBackendNames.fromString(text);
}

std::string toString(LibTorchMode mode) {
    return kLibTorchModeNames.toString(mode);
}

LibTorchMode libTorchModeFromString(const std::string& text) {
    return kLibTorchModeNames.fromString(text);
}

std::unique_ptr<InferenceBackend> makeLibTorchBackend(nn::DensityModel model, LibTorchMode mode,
                                                      std::optional<ExportMetadata> metadata) {
    ExportMetadata resolved = metadata ? *metadata : ExportMetadata::forModel(model);
    return std::make_unique<LibTorchBackend>(std::move(model), mode, std::move(resolved));
}

std::unique_ptr<InferenceBackend> makeOpenCvBackend(const std::string& onnxBytes,
                                                    ExportMetadata metadata) {
    return std::make_unique<OpenCvBackend>(onnxBytes, std::move(metadata));
}

std::unique_ptr<InferenceBackend> makeOpenCvBackend(const nn::DensityModel& model,
                                                    std::optional<ExportMetadata> metadata) {
    ExportMetadata resolved = metadata ? *metadata : ExportMetadata::forModel(model);
    const std::string bytes = encodeOnnx(model, resolved);
    resolved.format = toString(ExportFormat::Onnx);
    resolved.opset = kOnnxOpset;
    return makeOpenCvBackend(bytes, std::move(resolved));
}

std::unique_ptr<InferenceBackend> makeBackend(const nn::DensityModel& model, Backend backend,
                                              std::optional<ExportMetadata> metadata,
                                              LibTorchMode mode) {
    if (backend == Backend::OpenCv)
        return makeOpenCvBackend(model, std::move(metadata));
    return makeLibTorchBackend(model, mode, std::move(metadata));
}

bool isOnnxPath(const std::filesystem::path& path) {
    return lowercase(pathToUtf8(path.extension())) == ".onnx";
}

std::unique_ptr<InferenceBackend> openOnnxBackend(const std::filesystem::path& path,
                                                  Backend backend, LibTorchMode mode) {
    const std::vector<std::uint8_t> raw = readFileBytes(path, kMaxOnnxBytes);
    const std::string bytes(raw.begin(), raw.end());
    OnnxContents contents = decodeOnnx(bytes, path);
    try {
        if (backend == Backend::LibTorch)
            return makeLibTorchBackend(densityModelFromOnnx(contents), mode, contents.metadata);
        // Never the file's own graph: OpenCV's importer folds constants at import, so a crafted
        // graph (ConstantOfShape of a huge shape) could ask for any memory. OpenCV gets ours,
        // built from the weights read (float32 also for a float16 file: OpenCV 4.6 reads no
        // float16 tensors).
        return makeOpenCvBackend(densityModelFromOnnx(contents), contents.metadata);
    } catch (const FileError&) {
        throw;
    } catch (const std::exception& error) {
        throw FileError(path, error.what());
    }
}

void setInferenceThreads(int threads) {
    const int count =
        threads > 0 ? threads : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    torch::set_num_threads(count);
    cv::setNumThreads(count);
}

} // namespace crowdkd::exporting
