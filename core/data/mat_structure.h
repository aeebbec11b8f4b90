#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace crowdkd {

/// Checks that bytes are a structurally sound MAT v5 file before matio reads them: the header and
/// version (v7.3 / HDF5 is refused by name), every element inside the file, compressed elements
/// inflating completely, and every array's dimensions consistent with the bytes that follow (so a
/// corrupt cell claiming a billion elements cannot make matio allocate without end). Throws
/// FileError naming `origin` and the reason. Internal to core/data.
void checkMatStructure(const std::uint8_t* data, std::size_t size,
                       const std::filesystem::path& origin);

/// A top-level element of a MAT v5 file: bytes [begin, end) and the names of the variables it
/// holds (one, as MATLAB, SciPy and matio write them; a compressed element may hold more).
struct MatVariableSpan {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::vector<std::string> names;
};

/// The file's layout: checked as by checkMatStructure, then its variables in file order.
struct MatLayout {
    bool bigEndian = false;
    std::vector<MatVariableSpan> variables;
};
MatLayout readMatLayout(const std::uint8_t* data, std::size_t size,
                        const std::filesystem::path& origin);

} // namespace crowdkd
