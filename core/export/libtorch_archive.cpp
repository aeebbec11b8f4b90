#include "export/libtorch_archive.h"

#include "base/error.h"
#include "base/file_io.h"

#include <torch/serialize/input-archive.h>
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

/// The inverse of saveModule that converts float16 back into the module's float32 tensors.
void loadModule(torch::nn::Module& module, torch::serialize::InputArchive& archive,
                const std::string& prefix) {
    torch::NoGradGuard noGrad;
    const auto load = [&](const std::string& key, torch::Tensor& target, bool isBuffer) {
        torch::Tensor stored;
        archive.read(key, stored, isBuffer);
        if (stored.sizes() != target.sizes())
            throw std::runtime_error("'" + prefix + key + "' has shape " +
                                     c10::str(stored.sizes()) + ", the model expects " +
                                     c10::str(target.sizes()));
        target.copy_(stored);
    };
    for (auto& parameter : module.named_parameters(/*recurse=*/false))
        load(parameter.key(), parameter.value(), false);
    for (auto& buffer : module.named_buffers(/*recurse=*/false))
        load(buffer.key(), buffer.value(), true);
    for (const auto& child : module.named_children()) {
        torch::serialize::InputArchive childArchive;
        archive.read(child.key(), childArchive);
        loadModule(*child.value(), childArchive, prefix + child.key() + ".");
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
        torch::serialize::InputArchive archive;
        archive.load_from(pathToUtf8(path));
        c10::IValue value;
        return archive.try_read(kArchiveMetadataKey, value) && value.isString();
    } catch (const std::exception&) {
        return false;
    }
}

LibTorchArchiveContents readLibTorchArchive(const std::filesystem::path& path) {
    const std::vector<std::uint8_t> bytes = readFileBytes(path);
    try {
        torch::serialize::InputArchive archive;
        archive.load_from(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        c10::IValue value;
        if (!archive.try_read(kArchiveMetadataKey, value) || !value.isString())
            throw std::runtime_error("a LibTorch archive without CrowdKD metadata");
        ExportMetadata metadata = ExportMetadata::fromJson(value.toStringRef());
        nn::DensityModel model(metadata.kind, metadata.inputChannels);
        loadModule(*model.module(), archive, "");
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
