#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace crowdkd::mat {

/// Encodes MAT v5 arrays by hand (little-endian, as MATLAB, SciPy and matio read them), so that a
/// save is bytes composed in memory and written once through writeFileAtomically, and the file's
/// other variables can be kept byte for byte. Internal to core/data.

/// The 128-byte header of a new file (text, no subsystem data, version 0x0100, "IM").
std::vector<std::uint8_t> header();

/// A real double `rows`×`cols` array named `name` (empty inside cells and structs), from values
/// in column-major order (MATLAB's).
std::vector<std::uint8_t> doubleArray(const std::string& name, std::size_t rows, std::size_t cols,
                                      const double* columnMajor);

/// A 1×1 cell holding `element` (an array encoded with an empty name).
std::vector<std::uint8_t> cell(const std::string& name, const std::vector<std::uint8_t>& element);

/// A 1×1 struct of `fields` (names, arrays encoded with empty names), in order.
std::vector<std::uint8_t>
structure(const std::string& name,
          const std::vector<std::pair<std::string, std::vector<std::uint8_t>>>& fields);

/// A top-level variable: `array` zlib-compressed into one miCOMPRESSED element.
std::vector<std::uint8_t> compressed(const std::vector<std::uint8_t>& array);

} // namespace crowdkd::mat
