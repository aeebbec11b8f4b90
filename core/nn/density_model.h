#pragma once

#include "nn/precision.h"
#include "nn/state_dict.h"

#include <torch/torch.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace crowdkd::nn {

/// The two architectures CrowdKD trains: the MCNN student and the M-SFANet teacher.
enum class ModelKind { Mcnn, MsfaNet };

/// "mcnn" or "msfanet".
std::string toString(ModelKind kind);

/// Parses "mcnn", "msfanet", "m-sfanet" or "m_sfanet" (any case); throws std::invalid_argument
/// otherwise.
ModelKind modelKindFromString(const std::string& text);

/// What a density model computes for a batch.
struct ModelOutput {
    /// N×1×h×w density map (h = H / outputStride()); its sum is the count.
    torch::Tensor density;
    /// N×1×h×w attention map in [0, 1] for M-SFANet; undefined for MCNN.
    torch::Tensor attention;
};

/// One density model of either kind behind a common interface, as the evaluation, counting and
/// training code use it. Copies share the same underlying module (like LibTorch's ModuleHolder).
///
/// M-SFANet in training mode needs batches of 2 or more images (BatchNorm after a 1×1 global
/// pool); forward() throws std::invalid_argument for a batch of 1 in training mode.
class DensityModel {
public:
    /// A freshly initialised model. `inputChannels` 0 picks the kind's default: 1 (grayscale)
    /// for MCNN, 3 (RGB) for M-SFANet.
    explicit DensityModel(ModelKind kind, int inputChannels = 0);

    ModelKind kind() const { return m_kind; }
    int inputChannels() const { return m_inputChannels; }
    /// How much smaller the density map is than the input: 4 for MCNN, 2 for M-SFANet.
    int outputStride() const;
    /// Input heights and widths must be multiples of this: 4 for MCNN, 16 for M-SFANet.
    int sizeMultiple() const;

    /// Runs the model on N×C×H×W preprocessed input (see pipeline/preprocess.h).
    ModelOutput forward(const torch::Tensor& input);

    /// The LibTorch module (McnnImpl or MsfaNetImpl), e.g. for optimizers or serialization.
    std::shared_ptr<torch::nn::Module> module() const { return m_module; }

    void train(bool on = true);
    void eval() { train(false); }
    bool isTraining() const;
    void to(torch::Device device);
    torch::Device device() const;

    std::vector<torch::Tensor> parameters() const;
    std::int64_t parameterCount() const;

    /// Lays the 4-D weights out channels-last (NHWC) and from then on hands forward() its input
    /// that way too: the layout oneDNN's CPU convolutions run forward and backward in without
    /// reordering, several times faster for MCNN's training steps and M-SFANet's inference
    /// (bench_training, bench_inference). Results equal the default layout's to rounding. Call
    /// it before creating an optimizer; weights loaded later keep the layout.
    void useChannelsLast();
    bool isChannelsLast() const { return m_channelsLast; }

    /// MCNN: trains its columns as oneDNN primitives on CPU (nn/mcnn_onednn.h), computing in
    /// `precision`, the fastest CPU training step; returns false, training through LibTorch,
    /// for M-SFANet, a build without them, or bfloat16 on a CPU without its instructions.
    bool useOneDnnTraining(Precision precision = Precision::Float32);

    /// Multiplies the density the model outputs by `factor` > 0, exactly for every input, by
    /// scaling its last layer's weights and bias (MCNN's `fuse` ends in a ReLU, M-SFANet's
    /// `conv_out` is linear; both commute with a positive factor). Training on densities scaled by
    /// s (TrainingConfig::densityScale) saves and validates the model scaled by 1/s.
    void scaleOutput(double factor);

    /// Copies weights in. Accepts the reference key names, also under a `DME.` (svishwa) or
    /// `module.` (DataParallel) prefix. Throws std::runtime_error listing missing keys,
    /// unexpected keys and shape mismatches (non-strict: only shape mismatches).
    void loadStateDict(const StateDict& weights, bool strict = true);

    /// Parameters and buffers by the reference key names, in PyTorch's order.
    StateDict stateDict() const;

private:
    ModelKind m_kind;
    int m_inputChannels;
    std::shared_ptr<torch::nn::Module> m_module;
    bool m_channelsLast = false;
};

/// Peak memory of one inference forward (eval mode, no gradients) per input pixel, in bytes: the
/// largest over LibTorch's modes, with the tensor memory cache, measured by
/// bench/pipeline/bench_memory (docs/reliability.md) and rounded up. Plans tiles and refuses what
/// cannot fit the memory budget (pipeline::planInference).
std::int64_t inferenceBytesPerPixel(ModelKind kind, int inputChannels);

/// The same for one training step (forward, backward and the optimizer's update) per input pixel
/// of the batch.
std::int64_t trainingBytesPerPixel(ModelKind kind, int inputChannels);

/// Which kind a state dict belongs to, from its key names (M-SFANet keys start with `vgg.`, MCNN
/// keys with `branch1.`, possibly under a `DME.` or `module.` prefix); nullopt when neither.
std::optional<ModelKind> detectModelKind(const StateDict& weights);

/// The most input channels a model may take (gray is 1, RGB 3). A file's declared count sizes the
/// weights built for it, so a larger one is refused before anything is allocated.
constexpr std::int64_t kMaxInputChannels = 4;
/// Throws std::invalid_argument unless 1 ≤ `channels` ≤ kMaxInputChannels.
void requireInputChannels(std::int64_t channels);

/// The input channel count a state dict was trained with (from its first convolution's weight);
/// 0 when it cannot tell. Throws std::invalid_argument beyond kMaxInputChannels.
int detectInputChannels(const StateDict& weights, ModelKind kind);

/// `weights` with the prefix (`DME.`, `module.`, …) removed that makes its keys match `kind`'s
/// reference names; unchanged when no such prefix is present.
StateDict normalizedStateDict(const StateDict& weights, ModelKind kind);

} // namespace crowdkd::nn
