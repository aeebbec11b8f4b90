#include "nn/density_model.h"

#include "base/name_table.h"
#include "nn/mcnn.h"
#include "nn/msfanet.h"

#include <algorithm>
#include <array>
#include <stdexcept>

namespace crowdkd::nn {

namespace {

/// The names of the model kinds, in any case.
constexpr auto kModelNames = nameTable<ModelKind>("model", NameCase::AnyCase,
                                                  {{ModelKind::Mcnn, "mcnn"},
                                                   {ModelKind::MsfaNet, "msfanet"},
                                                   {ModelKind::MsfaNet, "m-sfanet"},
                                                   {ModelKind::MsfaNet, "m_sfanet"}});

/// Prefixes under which reference checkpoints store the model's keys: none, svishwa's `DME.`
/// (CrowdCounter wraps MCNN) and DataParallel's `module.`.
constexpr std::array<const char*, 4> kKnownPrefixes{"", "DME.", "module.", "module.DME."};

/// The key of the first convolution's weight: it tells the kind and the input channel count.
const char* firstConvKey(ModelKind kind) {
    return kind == ModelKind::Mcnn ? "branch1.0.conv.weight" : "vgg.conv1_1.conv.weight";
}

/// The known prefix under which `weights` holds `kind`'s first convolution, if any.
std::optional<std::string> prefixFor(const StateDict& weights, ModelKind kind) {
    for (const char* prefix : kKnownPrefixes)
        if (weights.contains(std::string(prefix) + firstConvKey(kind)))
            return std::string(prefix);
    return std::nullopt;
}

/// MCNN forward, bytes per input pixel: bench_memory measured at most 543 (eager at 1024², with the
/// tensor memory cache's kept blocks; mkldnn 344), rounded up.
constexpr std::int64_t kMcnnInferenceBytesPerPixel = 560;
/// M-SFANet forward: at most 1342 measured (eager at 1024²), rounded up.
constexpr std::int64_t kMsfaNetInferenceBytesPerPixel = 1400;
/// MCNN training step (forward, backward, Adam) per pixel of the batch: at most 1754 measured on
/// the trainer's CPU path (oneDNN columns with their kept plan; LibTorch's own path: 1168).
constexpr std::int64_t kMcnnTrainingBytesPerPixel = 1800;
/// M-SFANet training step: 7221 measured (batch 2 of 256²), rounded up.
constexpr std::int64_t kMsfaNetTrainingBytesPerPixel = 7900;
/// An input channel more costs its float copies (input, oneDNN's reorder of it).
constexpr std::int64_t kBytesPerInputChannel = 8;

} // namespace

std::int64_t inferenceBytesPerPixel(ModelKind kind, int inputChannels) {
    const std::int64_t base =
        kind == ModelKind::Mcnn ? kMcnnInferenceBytesPerPixel : kMsfaNetInferenceBytesPerPixel;
    return base + kBytesPerInputChannel * std::max(0, inputChannels - 1);
}

std::int64_t trainingBytesPerPixel(ModelKind kind, int inputChannels) {
    const std::int64_t base =
        kind == ModelKind::Mcnn ? kMcnnTrainingBytesPerPixel : kMsfaNetTrainingBytesPerPixel;
    return base + 2 * kBytesPerInputChannel * std::max(0, inputChannels - 1);
}

std::string toString(ModelKind kind) {
    return kModelNames.toString(kind);
}

ModelKind modelKindFromString(const std::string& text) {
    return kModelNames.fromString(text);
}

DensityModel::DensityModel(ModelKind kind, int inputChannels)
    : m_kind(kind)
    , m_inputChannels(inputChannels > 0 ? inputChannels : (kind == ModelKind::Mcnn ? 1 : 3)) {
    if (inputChannels != 0)
        requireInputChannels(inputChannels);
    if (kind == ModelKind::Mcnn) {
        auto model = std::make_shared<McnnImpl>(m_inputChannels);
        initializeMcnnWeights(*model);
        m_module = model;
    } else {
        m_module = std::make_shared<MsfaNetImpl>(m_inputChannels);
    }
}

int DensityModel::outputStride() const {
    return m_kind == ModelKind::Mcnn ? 4 : 2;
}

int DensityModel::sizeMultiple() const {
    return m_kind == ModelKind::Mcnn ? 4 : static_cast<int>(kMsfaNetSizeMultiple);
}

ModelOutput DensityModel::forward(const torch::Tensor& input) {
    if (!input.defined() || input.dim() != 4 || input.size(1) != m_inputChannels)
        throw std::invalid_argument(toString(m_kind) + " expects N×" +
                                    std::to_string(m_inputChannels) + "×H×W input");
    ModelOutput output;
    const torch::Tensor laidOut =
        m_channelsLast ? input.contiguous(torch::MemoryFormat::ChannelsLast) : input;
    if (m_kind == ModelKind::Mcnn) {
        output.density = static_cast<McnnImpl&>(*m_module).forward(laidOut);
    } else {
        auto [density, attention] = static_cast<MsfaNetImpl&>(*m_module).forward(laidOut);
        output.density = std::move(density);
        output.attention = std::move(attention);
    }
    return output;
}

void DensityModel::useChannelsLast() {
    torch::NoGradGuard noGrad;
    for (torch::Tensor& parameter : m_module->parameters())
        if (parameter.dim() == 4)
            parameter.set_data(parameter.contiguous(torch::MemoryFormat::ChannelsLast));
    m_channelsLast = true;
}

void DensityModel::scaleOutput(double factor) {
    if (!(factor > 0))
        throw std::invalid_argument("the output scale must be positive");
    torch::NoGradGuard noGrad;
    torch::nn::Conv2d& last =
        m_kind == ModelKind::Mcnn
            ? static_cast<McnnImpl&>(*m_module).fuse->ptr(0)->as<Conv2dBlockImpl>()->conv
            : static_cast<MsfaNetImpl&>(*m_module).conv_out->conv;
    last->weight.mul_(factor);
    if (last->bias.defined())
        last->bias.mul_(factor);
}

bool DensityModel::useOneDnnTraining(Precision precision) {
    if (m_kind != ModelKind::Mcnn)
        return false;
    auto& mcnn = static_cast<McnnImpl&>(*m_module);
    if (mcnn.setOneDnnTraining(true, precision))
        return true;
    mcnn.setOneDnnTraining(false);
    return false;
}

void DensityModel::train(bool on) {
    m_module->train(on);
}

bool DensityModel::isTraining() const {
    return m_module->is_training();
}

void DensityModel::to(torch::Device device) {
    m_module->to(device);
}

torch::Device DensityModel::device() const {
    const auto parameters = m_module->parameters();
    return parameters.empty() ? torch::Device(torch::kCPU) : parameters.front().device();
}

std::vector<torch::Tensor> DensityModel::parameters() const {
    return m_module->parameters();
}

std::int64_t DensityModel::parameterCount() const {
    return countParameters(*m_module);
}

void DensityModel::loadStateDict(const StateDict& weights, bool strict) {
    loadModuleStateDict(*m_module, normalizedStateDict(weights, m_kind), strict,
                        toString(m_kind) + " with " + std::to_string(m_inputChannels) +
                            " input channel(s)");
}

StateDict DensityModel::stateDict() const {
    return moduleStateDict(*m_module);
}

std::optional<ModelKind> detectModelKind(const StateDict& weights) {
    for (const ModelKind kind : {ModelKind::MsfaNet, ModelKind::Mcnn})
        if (prefixFor(weights, kind))
            return kind;
    // Fall back on the module names when the first convolution is absent.
    for (const auto& entry : weights)
        for (const char* prefix : kKnownPrefixes) {
            const std::string name = entry.first;
            if (name.rfind(std::string(prefix) + "vgg.", 0) == 0)
                return ModelKind::MsfaNet;
            if (name.rfind(std::string(prefix) + "branch1.", 0) == 0)
                return ModelKind::Mcnn;
        }
    return std::nullopt;
}

void requireInputChannels(std::int64_t channels) {
    if (channels < 1 || channels > kMaxInputChannels)
        throw std::invalid_argument("declares " + std::to_string(channels) +
                                    " input channels; CrowdKD's models take 1 to " +
                                    std::to_string(kMaxInputChannels));
}

int detectInputChannels(const StateDict& weights, ModelKind kind) {
    const auto prefix = prefixFor(weights, kind);
    if (!prefix)
        return 0;
    const torch::Tensor& weight = weights.at(*prefix + firstConvKey(kind));
    if (weight.dim() != 4)
        return 0;
    requireInputChannels(weight.size(1));
    return static_cast<int>(weight.size(1));
}

StateDict normalizedStateDict(const StateDict& weights, ModelKind kind) {
    const auto prefix = prefixFor(weights, kind);
    if (prefix && !prefix->empty())
        return weights.withoutPrefix(*prefix);
    if (!prefix)
        for (const char* candidate : kKnownPrefixes)
            if (*candidate && weights.allStartWith(candidate))
                return weights.withoutPrefix(candidate);
    return weights;
}

} // namespace crowdkd::nn
