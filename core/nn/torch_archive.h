#pragma once

#include "base/error.h"

#include <torch/torch.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace crowdkd::nn {

/// A model file refused because it carries executable TorchScript (methods such as
/// `__setstate__`, TorchScript constants, mobile bytecode): loading it with LibTorch would run
/// that code, which CrowdKD never does. The message says so and what to load instead.
class ExecutableCodeError : public FileError {
public:
    ExecutableCodeError(const std::filesystem::path& path, const std::string& what);
};

/// One module of a LibTorch archive (what torch::serialize::OutputArchive, torch::save and
/// torch::nn::Module::save write), read as data: its values (tensors, numbers, strings, tuples)
/// and its child modules by name, in file order.
class ArchiveModule {
public:
    /// The value stored under `key`, or nullptr.
    const c10::IValue* value(const std::string& key) const;
    /// The tensor under `key`; throws std::runtime_error when there is none.
    const torch::Tensor& tensor(const std::string& key) const;
    /// The child module under `key`, or nullptr.
    const ArchiveModule* child(const std::string& key) const;

    void setValue(std::string key, c10::IValue value);
    ArchiveModule& addChild(std::string key);

private:
    std::vector<std::pair<std::string, c10::IValue>> m_values;
    std::vector<std::pair<std::string, std::unique_ptr<ArchiveModule>>> m_children;
};

/// Whether the bytes are a LibTorch archive: a ZIP whose `data.pkl` has a `constants.pkl` beside
/// it. Looks at the ZIP directory only; never throws.
bool isTorchArchive(const std::uint8_t* data, std::size_t size);
/// isTorchArchive on the contents of `path` (false for anything but a readable regular file).
bool isTorchArchiveFile(const std::filesystem::path& path);

/// Reads a LibTorch archive without running anything stored in it: the ZIP entries and the
/// pickled module tree are interpreted as data by CrowdKD's own readers. The archive may carry
/// class declarations (attribute names and types, as every LibTorch archive does) but no code:
/// a method (`def`, `__setstate__`), a TorchScript constant or bytecode makes it throw
/// ExecutableCodeError: LibTorch's own loader, which would run it, is never called.
/// Other damage throws FileError naming `origin`. `verifyChecksums` checks each entry's CRC-32 (off
/// only for fuzzing, so that mutations reach the readers).
std::shared_ptr<const ArchiveModule> readArchiveModule(const std::uint8_t* data, std::size_t size,
                                                       const std::filesystem::path& origin,
                                                       bool verifyChecksums = true);
std::shared_ptr<const ArchiveModule> readArchiveModule(const std::filesystem::path& path);

/// Copies the parameters and buffers that torch::nn::Module::save wrote (a module's own tensors,
/// one child per submodule) from `archive` into `module`, converting the dtype (float16 exports).
/// Names and shapes must match; throws std::runtime_error naming the key otherwise.
void loadModuleTensors(torch::nn::Module& module, const ArchiveModule& archive);

} // namespace crowdkd::nn
