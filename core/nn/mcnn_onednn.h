#pragma once

#include <torch/torch.h>

#include <memory>

namespace crowdkd::nn {

class McnnImpl;

/// The oneDNN plans (primitives and their buffers) one model has built, one per input shape; only
/// the most recently used few are kept, since whole-image training meets a new shape with nearly
/// every image. It lives as long as its model.
class OneDnnPlanCache;

/// A new, empty cache (nullptr in a build without oneDNN).
std::shared_ptr<OneDnnPlanCache> makeOneDnnPlanCache();

/// Whether this build has oneDNN's own API (CROWDKD_HAVE_ONEDNN) for mcnnColumnsOneDnn().
bool haveOneDnnTraining();

/// MCNN's three columns (everything before `fuse`) as oneDNN primitives, for training on CPU: the
/// convolutions run forward and backward in oneDNN's blocked layouts with their ReLUs fused,
/// the max-pools keep their workspaces, and weights are laid out once per step. Returns the
/// columns' N×30×H/4×W/4 output, concatenated as McnnImpl::forward concatenates them, wired into
/// autograd: its backward fills the columns' weight and bias gradients (the input gets none).
/// Gradients equal LibTorch's own within rounding (tests/nn/test_training_nn.cpp).
///
/// Needs a float N×C×H×W CPU input with H and W multiples of 4; callers check canUse().
torch::Tensor mcnnColumnsOneDnn(McnnImpl& model, OneDnnPlanCache& plans,
                                const torch::Tensor& input);

/// Whether mcnnColumnsOneDnn() can run `input` (and this build has it).
bool canUseOneDnnColumns(const torch::Tensor& input);

} // namespace crowdkd::nn
