#pragma once

#include "nn/precision.h"

#include <torch/torch.h>

#include <memory>

namespace crowdkd::nn {

class McnnImpl;

/// The oneDNN plan (primitives and their buffers) one model keeps for its last input shape, so
/// that steps of one shape reuse it. It lives as long as its model.
class OneDnnPlanCache;

/// A new, empty cache whose plans compute in `precision` (nullptr in a build without oneDNN, or
/// for bfloat16 where haveBFloat16Training() is false).
std::shared_ptr<OneDnnPlanCache> makeOneDnnPlanCache(Precision precision = Precision::Float32);

/// Whether this build has oneDNN's own API (CROWDKD_HAVE_ONEDNN) for mcnnColumnsOneDnn().
bool haveOneDnnTraining();

/// MCNN's three columns (everything before `fuse`) as oneDNN primitives, for training on CPU: the
/// convolutions run forward and backward in oneDNN's blocked layouts with their ReLUs fused, the
/// max-pools keep their workspaces (the ReLUs before them run backward on the pooled maps), and
/// weights are laid out once per step. Returns the columns' N×30×H/4×W/4 output, concatenated as
/// McnnImpl::forward concatenates them, wired into autograd: its backward fills the columns'
/// weight and bias gradients (the input gets none). In float, gradients equal LibTorch's own
/// within rounding; in bfloat16 (past the first layers, which stay float), within its 8
/// significant bits (tests/nn/test_training_nn.cpp). The output and the gradients are float
/// either way.
///
/// Needs a float N×C×H×W CPU input with H and W multiples of 4; callers check canUse().
torch::Tensor mcnnColumnsOneDnn(McnnImpl& model, OneDnnPlanCache& plans,
                                const torch::Tensor& input);

/// Whether mcnnColumnsOneDnn() can run `input` (and this build has it).
bool canUseOneDnnColumns(const torch::Tensor& input);

} // namespace crowdkd::nn
