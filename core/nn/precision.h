#pragma once

#include <string>

// Apart from mcnn_onednn.h, which needs LibTorch: training configurations are read by the studio,
// whose Qt keywords clash with LibTorch's headers.
namespace crowdkd::nn {

/// The number format MCNN's columns train in on CPU. Weights, their gradients, the optimizer and
/// everything after the columns stay in float either way.
enum class Precision {
    /// float throughout: gradients equal LibTorch's own within rounding. The default.
    Float32,
    /// The columns' activations and weights past their first layers in bfloat16 (8 significant
    /// bits), accumulated in float and with float weight gradients: about 2× the speed where the
    /// CPU has bfloat16 instructions (haveBFloat16Training()).
    BFloat16
};

/// "fp32" or "bf16".
std::string toString(Precision precision);
/// Parses "fp32" or "bf16"; throws std::invalid_argument otherwise.
Precision precisionFromString(const std::string& text);

/// Whether MCNN's columns can train in bfloat16 here: this build has oneDNN (mcnn_onednn.h) and the
/// CPU bfloat16 instructions (AVX-512 BF16 or AMX). Elsewhere oneDNN would emulate them, slower
/// than float.
bool haveBFloat16Training();

} // namespace crowdkd::nn
