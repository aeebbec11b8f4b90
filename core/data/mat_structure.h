#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>

namespace crowdkd {

/// Checks that bytes are a structurally sound MAT v5 file before matio reads them: the header and
/// version (v7.3 / HDF5 is refused by name), every element inside the file, compressed elements
/// inflating completely, and every array's dimensions consistent with the bytes that follow (so a
/// corrupt cell claiming a billion elements cannot make matio allocate without end). Throws
/// FileError naming `origin` and the reason. Internal to core/data.
void checkMatStructure(const std::uint8_t* data, std::size_t size,
                       const std::filesystem::path& origin);

} // namespace crowdkd
