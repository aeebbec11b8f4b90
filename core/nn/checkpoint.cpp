#include "nn/checkpoint.h"

#include "base/error.h"
#include "base/file_io.h"
#include "nn/state_dict.h"

#include <caffe2/serialize/inline_container.h>

#include <fstream>
#include <mutex>

namespace crowdkd::nn {

namespace fs = std::filesystem;

namespace {

// Archive keys; the format marker tells our checkpoints from other LibTorch archives.
constexpr const char* kFormatKey = "crowdkd_checkpoint_format";
// Version of the layout below; bump when it changes incompatibly.
constexpr std::int64_t kFormatVersion = 1;
constexpr const char* kMetadataKey = "metadata";
constexpr const char* kModelKey = "model";
constexpr const char* kOptimizerKey = "optimizer";
constexpr const char* kGeneratorKey = "cpu_generator_state";

} // namespace

void Checkpoint::save(const fs::path& path, const torch::nn::Module& model,
                      const torch::optim::Optimizer* optimizer, const std::string& metadataJson) {
    torch::serialize::OutputArchive archive;
    archive.write(kFormatKey, c10::IValue(kFormatVersion));
    archive.write(kMetadataKey, c10::IValue(metadataJson));
    torch::serialize::OutputArchive modelArchive;
    model.save(modelArchive);
    archive.write(kModelKey, modelArchive);
    if (optimizer) {
        torch::serialize::OutputArchive optimizerArchive;
        optimizer->save(optimizerArchive);
        archive.write(kOptimizerKey, optimizerArchive);
    }
    {
        at::Generator generator = at::detail::getDefaultCPUGenerator();
        std::lock_guard<std::mutex> lock(generator.mutex());
        archive.write(kGeneratorKey, generator.get_state());
    }

    // Serialized in memory, then written like every other file: temporary sibling, fsync, atomic
    // rename, folder fsync. A failure (a full disk: "File too large" / "No space left") leaves the
    // earlier checkpoint whole and names the error.
    std::string bytes;
    try {
        archive.save_to([&bytes](const void* data, std::size_t size) {
            bytes.append(static_cast<const char*>(data), size);
            return size;
        });
    } catch (const std::exception& error) {
        throw FileError(path, std::string("cannot serialize the checkpoint: ") + error.what());
    }
    writeFileAtomically(path, bytes);
}

Checkpoint Checkpoint::open(const fs::path& path) {
    requireRegularFile(path); // a FIFO would block the stream below forever
    Checkpoint checkpoint;
    checkpoint.m_path = path;
    checkpoint.m_archive = std::make_shared<torch::serialize::InputArchive>();
    try {
        std::ifstream in(path, std::ios::binary);
        if (!in)
            throw FileError(path, "cannot be opened for reading");
        checkpoint.m_archive->load_from(in, torch::kCPU);
    } catch (const FileError&) {
        throw;
    } catch (const std::exception&) {
        throw FileError(path, "is not a CrowdKD checkpoint (not a LibTorch archive)");
    }
    c10::IValue format;
    if (!checkpoint.m_archive->try_read(kFormatKey, format) || !format.isInt())
        throw FileError(path, "is a LibTorch archive but not a CrowdKD checkpoint");
    if (format.toInt() > kFormatVersion)
        throw FileError(path, "was written by a newer CrowdKD (checkpoint format " +
                                  std::to_string(format.toInt()) + ")");
    c10::IValue metadata;
    if (!checkpoint.m_archive->try_read(kMetadataKey, metadata) || !metadata.isString())
        throw FileError(path, "checkpoint has no metadata");
    checkpoint.m_metadata = metadata.toStringRef();
    torch::serialize::InputArchive probe;
    checkpoint.m_hasOptimizer = checkpoint.m_archive->try_read(kOptimizerKey, probe);
    return checkpoint;
}

bool Checkpoint::isCheckpoint(const fs::path& path) {
    // Cheap sniffing from the zip directory: LibTorch archives hold "constants.pkl", which
    // torch.save() files (.pth) never do; only then is the archive opened to look for our marker.
    std::error_code error;
    if (!fs::is_regular_file(path, error)) // never open a FIFO or device; the reader says why
        return false;
    try {
        std::ifstream in(path, std::ios::binary);
        char magic[2] = {};
        if (!in.read(magic, 2) || magic[0] != 'P' || magic[1] != 'K')
            return false;
        in.seekg(0);
        caffe2::serialize::PyTorchStreamReader reader(&in);
        if (!reader.hasRecord("constants.pkl"))
            return false;
        open(path);
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

void Checkpoint::loadModel(torch::nn::Module& model) const {
    try {
        torch::serialize::InputArchive modelArchive;
        m_archive->read(kModelKey, modelArchive);
        model.load(modelArchive);
    } catch (const c10::Error& error) {
        throw FileError(m_path,
                        std::string("model weights do not fit: ") + error.what_without_backtrace());
    }
    requireFiniteWeights(moduleStateDict(model), m_path);
}

void Checkpoint::loadOptimizer(torch::optim::Optimizer& optimizer) const {
    try {
        torch::serialize::InputArchive optimizerArchive;
        m_archive->read(kOptimizerKey, optimizerArchive);
        optimizer.load(optimizerArchive);
    } catch (const c10::Error& error) {
        throw FileError(m_path, std::string("optimizer state does not fit: ") +
                                    error.what_without_backtrace());
    }
}

void Checkpoint::restoreGeneratorState() const {
    torch::Tensor state;
    if (m_archive->try_read(kGeneratorKey, state)) {
        at::Generator generator = at::detail::getDefaultCPUGenerator();
        std::lock_guard<std::mutex> lock(generator.mutex());
        generator.set_state(state);
    }
}

} // namespace crowdkd::nn
