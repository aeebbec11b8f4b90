#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace crowdkd {

/// A NumPy array read from or written to `.npy` (format 1.0–3.0): float32 values in C order,
/// whatever numeric type the file stored. Density maps and model outputs travel in this form.
struct NpyArray {
    std::vector<std::size_t> shape;
    std::vector<float> values;

    std::size_t elementCount() const;
};

/// Parses `.npy` bytes. `origin` names the source in error messages. Accepts bool, signed and
/// unsigned integers, float16/32/64 in either byte order and Fortran or C order.
NpyArray parseNpy(const std::uint8_t* data, std::size_t size, const std::filesystem::path& origin);

/// Reads a `.npy` file; throws FileError naming it when the file is not a valid array.
NpyArray readNpy(const std::filesystem::path& path);

/// Encodes a float32 C-order array as `.npy` version 1.0 bytes.
std::vector<std::uint8_t> encodeNpy(const float* values, const std::vector<std::size_t>& shape);

/// Writes a float32 C-order array atomically as `.npy`.
void writeNpy(const std::filesystem::path& path, const float* values,
              const std::vector<std::size_t>& shape);
void writeNpy(const std::filesystem::path& path, const NpyArray& array);

} // namespace crowdkd
