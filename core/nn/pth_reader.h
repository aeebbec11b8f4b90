#pragma once

#include "nn/state_dict.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace crowdkd::nn {

/// A plain value stored beside the weights in a checkpoint (`epoch`, `mae`, `arch`, …).
using PthScalar = std::variant<bool, std::int64_t, double, std::string>;

/// What a `.pth` file written by `torch.save` holds, as far as CrowdKD cares: every dictionary of
/// tensors (state dicts) and every plain value, each under its path of dictionary keys joined
/// with '.' ("" is the top level: a bare `torch.save(model.state_dict())`; "model" for the
/// M-SFANet authors' `{'epoch', 'model', 'mae', 'mse'}`). Tensors are CPU, contiguous, of the
/// stored dtype (float32, float16, float64, int64, …).
struct PthContents {
    std::vector<std::pair<std::string, StateDict>> stateDicts;
    std::vector<std::pair<std::string, PthScalar>> scalars;

    /// The state dict under `path`, or nullptr.
    const StateDict* stateDict(const std::string& path) const;
    /// The scalar under `path`, or nullptr.
    const PthScalar* scalar(const std::string& path) const;
    /// A numeric scalar (bool, int or float) as double, or `fallback`.
    double number(const std::string& path, double fallback) const;
};

/// Parses the bytes of a `.pth` file: the ZIP format of PyTorch ≥ 1.6 and the legacy format
/// before it. Only data are read; nothing is executed, unknown Python classes become opaque
/// values. Any malformed input throws crowdkd::FileError naming `origin` (never crashes): this is
/// the entry point for fuzzing. `verifyChecksums` checks each ZIP entry's CRC-32.
PthContents parsePth(const std::uint8_t* data, std::size_t size,
                     const std::filesystem::path& origin, bool verifyChecksums = true);

/// Reads a `.pth` file; throws crowdkd::FileError naming it on failure.
PthContents readPth(const std::filesystem::path& path);

/// Picks the model's state dict of a checkpoint: the one under `key` when given (e.g. "model"),
/// else the top level, else the first of "model", "state_dict", "model_state_dict",
/// "state_dict_model", "net", "network", else the only one there is. Throws FileError (naming
/// `origin` and the keys it has) when none fits.
StateDict selectStateDict(const PthContents& contents, const std::filesystem::path& origin,
                          const std::string& key = {});

/// readPth + selectStateDict.
StateDict readPthStateDict(const std::filesystem::path& path, const std::string& key = {});

} // namespace crowdkd::nn
