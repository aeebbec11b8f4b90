#pragma once

#include "nn/torch_archive.h"

#include <torch/torch.h>

#include <filesystem>
#include <memory>
#include <string>

namespace crowdkd::nn {

/// CrowdKD's own checkpoint: a LibTorch archive (written by torch::serialize, read as data by
/// readArchiveModule) holding the model's parameters
/// and buffers, optionally the optimizer state and the LibTorch CPU generator state, and a metadata
/// JSON text that says what the model is (kind, input convention) and how it was trained. core/nn
/// keeps the metadata opaque; core/pipeline gives it its meaning.
class Checkpoint {
public:
    /// Writes a checkpoint atomically: to a temporary sibling first, which then replaces `path`, so
    /// a failure (full disk, cancellation) never destroys an earlier checkpoint. Throws FileError.
    static void save(const std::filesystem::path& path, const torch::nn::Module& model,
                     const torch::optim::Optimizer* optimizer, const std::string& metadataJson);

    /// Opens a checkpoint, reading it as data (readArchiveModule: nothing in the file runs);
    /// throws FileError when `path` is not a readable CrowdKD checkpoint, ExecutableCodeError
    /// when it carries code.
    static Checkpoint open(const std::filesystem::path& path);
    /// The checkpoint in an archive already read from `path`.
    static Checkpoint fromArchive(const std::filesystem::path& path,
                                  std::shared_ptr<const ArchiveModule> archive);

    /// Whether an archive is a CrowdKD checkpoint (it holds the format marker).
    static bool isCheckpoint(const ArchiveModule& archive);
    /// Whether `path` is a CrowdKD checkpoint without code; never throws.
    static bool isCheckpoint(const std::filesystem::path& path);

    const std::filesystem::path& path() const { return m_path; }
    const std::string& metadataJson() const { return m_metadata; }
    bool hasOptimizerState() const { return m_hasOptimizer; }

    /// Loads the parameters and buffers into `model` (names and shapes must match; throws
    /// FileError).
    void loadModel(torch::nn::Module& model) const;
    /// Loads the optimizer state (moments, step counts) into an optimizer over the same parameters.
    void loadOptimizer(torch::optim::Optimizer& optimizer) const;
    /// Restores LibTorch's default CPU generator as it was when the checkpoint was written.
    void restoreGeneratorState() const;

private:
    Checkpoint() = default;

    std::filesystem::path m_path;
    std::string m_metadata;
    bool m_hasOptimizer = false;
    std::shared_ptr<const ArchiveModule> m_archive;
};

} // namespace crowdkd::nn
