#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace crowdkd {

/// The 64-bit FNV-1a hash's starting value: keys of caches and digests that must agree between
/// runs and processes (not a defence against anyone crafting collisions).
constexpr std::uint64_t kFnv1aBasis = 1469598103934665603ull;

/// `hash` continued over `size` bytes.
inline std::uint64_t fnv1a(std::uint64_t hash, const void* data, std::size_t size) {
    const auto* bytes = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < size; ++i) {
        hash ^= bytes[i];
        hash *= 1099511628211ull;
    }
    return hash;
}

/// `hash` continued over the characters of `text`.
inline std::uint64_t fnv1a(std::uint64_t hash, const std::string& text) {
    return fnv1a(hash, text.data(), text.size());
}

} // namespace crowdkd
