#pragma once

#include "export/export_metadata.h"
#include "nn/density_model.h"
#include "nn/torch_archive.h"

#include <cstdint>
#include <filesystem>
#include <vector>

namespace crowdkd::exporting {

/// The archive key holding the export metadata as JSON text.
constexpr const char* kArchiveMetadataKey = "crowdkd_metadata";

/// `model` as a LibTorch archive (torch::serialize::OutputArchive, the format of `torch::save`),
/// written only: CrowdKD reads archives back with nn/torch_archive.h, never with a LibTorch loader
/// that could run code. The module tree keeps the reference names, so that the user's program
/// restores it with `torch::load(module, path)` into a module built like nn::McnnImpl /
/// nn::MsfaNetImpl, plus the metadata as a string under kArchiveMetadataKey (which torch::load
/// ignores). With `fp16` the tensors are stored as float16.
std::vector<std::uint8_t> encodeLibTorchArchive(const nn::DensityModel& model,
                                                const ExportMetadata& metadata, bool fp16 = false);

/// Whether `path` is a LibTorch archive that CrowdKD exported (it holds kArchiveMetadataKey) and
/// carries no code; never throws.
bool isLibTorchArchive(const std::filesystem::path& path);

/// An archive read back: the metadata and the model with its weights (float32, eval mode).
struct LibTorchArchiveContents {
    ExportMetadata metadata;
    nn::DensityModel model;
};

/// Reads an archive written by encodeLibTorchArchive, as data (nn::readArchiveModule: nothing in
/// the file runs); throws crowdkd::FileError naming it (nn::ExecutableCodeError when it carries
/// code).
LibTorchArchiveContents readLibTorchArchive(const std::filesystem::path& path);
/// The same for an archive already read from `path`.
LibTorchArchiveContents readLibTorchArchive(const std::filesystem::path& path,
                                            const nn::ArchiveModule& archive);

} // namespace crowdkd::exporting
