#include "export/libtorch_archive.h"

#include "base/error.h"
#include "base/file_io.h"

#include <torch/serialize/output-archive.h>

#include <algorithm>

namespace crowdkd::exporting {

namespace {

/// The same tree torch::nn::Module::save writes (parameters, buffers, then one nested archive per
/// child), with the tensors optionally in float16.
void saveModule(const torch::nn::Module& module, torch::serialize::OutputArchive& archive,
                bool fp16) {
    const auto convert = [fp16](const torch::Tensor& tensor) {
        const torch::Tensor cpu = tensor.detach().to(torch::kCPU).contiguous();
        return fp16 && cpu.is_floating_point() ? cpu.to(torch::kHalf) : cpu;
    };
    for (const auto& parameter : module.named_parameters(/*recurse=*/false))
        archive.write(parameter.key(), convert(parameter.value()));
    for (const auto& buffer : module.named_buffers(/*recurse=*/false))
        archive.write(buffer.key(), convert(buffer.value()), /*is_buffer=*/true);
    for (const auto& child : module.named_children()) {
        torch::serialize::OutputArchive childArchive(archive.compilation_unit());
        saveModule(*child.value(), childArchive, fp16);
        archive.write(child.key(), childArchive);
    }
}

} // namespace

std::vector<std::uint8_t> encodeLibTorchArchive(const nn::DensityModel& model,
                                                const ExportMetadata& metadata, bool fp16) {
    torch::serialize::OutputArchive archive;
    saveModule(*model.module(), archive, fp16);
    archive.write(kArchiveMetadataKey, c10::IValue(metadata.toJson()));
    std::vector<std::uint8_t> bytes;
    archive.save_to([&bytes](const void* data, std::size_t size) {
        const auto* begin = static_cast<const std::uint8_t*>(data);
        bytes.insert(bytes.end(), begin, begin + size);
        return size;
    });
    return bytes;
}

bool isLibTorchArchive(const std::filesystem::path& path) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error)) // never open a FIFO or device
        return false;
    try {
        if (!nn::isTorchArchiveFile(path))
            return false;
        const auto archive = nn::readArchiveModule(path); // keep it alive while `value` is read
        const c10::IValue* value = archive->value(kArchiveMetadataKey);
        return value && value->isString();
    } catch (const std::exception&) {
        return false;
    }
}

LibTorchArchiveContents readLibTorchArchive(const std::filesystem::path& path) {
    return readLibTorchArchive(path, *nn::readArchiveModule(path));
}

LibTorchArchiveContents readLibTorchArchive(const std::filesystem::path& path,
                                            const nn::ArchiveModule& archive) {
    const c10::IValue* value = archive.value(kArchiveMetadataKey);
    if (!value || !value->isString())
        throw FileError(path, "is a LibTorch archive but neither a CrowdKD export nor a CrowdKD "
                              "checkpoint (no CrowdKD metadata)");
    try {
        ExportMetadata metadata = ExportMetadata::fromJson(value->toStringRef());
        nn::DensityModel model(metadata.kind, metadata.inputChannels);
        nn::loadModuleTensors(*model.module(), archive);
        nn::requireFiniteWeights(model.stateDict(), path);
        model.eval();
        return {std::move(metadata), std::move(model)};
    } catch (const FileError&) {
        throw;
    } catch (const std::exception& error) {
        throw FileError(path, error.what());
    }
}

} // namespace crowdkd::exporting
