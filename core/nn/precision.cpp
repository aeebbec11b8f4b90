#include "nn/precision.h"

#include "base/name_table.h"

namespace crowdkd::nn {

namespace {

/// The names of the precisions, as written.
constexpr auto kPrecisionNames = nameTable<Precision>(
    "precision", NameCase::Exact, {{Precision::Float32, "fp32"}, {Precision::BFloat16, "bf16"}});

} // namespace

std::string toString(Precision precision) {
    return kPrecisionNames.toString(precision);
}

Precision precisionFromString(const std::string& text) {
    return kPrecisionNames.fromString(text);
}

} // namespace crowdkd::nn
