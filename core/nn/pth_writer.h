#pragma once

#include "nn/pth_reader.h"
#include "nn/state_dict.h"

#include <cstdint>
#include <filesystem>
#include <vector>

namespace crowdkd::nn {

/// Encodes `contents` as a `.pth` file that PyTorch's `torch.load` reads (the ZIP format of
/// PyTorch ≥ 1.6: `archive/data.pkl`, `archive/data/N`, `archive/version`). A single state dict
/// under "" with no scalars becomes a bare state dict (`torch.load(f)` is the OrderedDict, ready
/// for `load_state_dict`); otherwise a dict `{key: OrderedDict, …, scalar: value, …}` (nested
/// paths like "a.b" are not split). Tensors are saved contiguous from the CPU.
std::vector<std::uint8_t> encodePth(const PthContents& contents);

/// encodePth of a bare state dict.
std::vector<std::uint8_t> encodePthStateDict(const StateDict& weights);

/// Writes `contents` atomically; throws crowdkd::FileError on failure.
void writePth(const std::filesystem::path& path, const PthContents& contents);

/// Writes a bare state dict atomically, loadable in Python with
/// `model.load_state_dict(torch.load(path))`.
void writePthStateDict(const std::filesystem::path& path, const StateDict& weights);

} // namespace crowdkd::nn
