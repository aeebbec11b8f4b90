#include "nn/checkpoint.h"

#include "base/error.h"
#include "base/file_io.h"
#include "nn/state_dict.h"

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
    std::error_code ec;
    if (!fs::is_regular_file(path, ec))
        throw FileError(path, fs::exists(path, ec) ? "is not a file" : "does not exist");
    // Read once: the sniffing and the reading look at the same bytes.
    const std::vector<std::uint8_t> bytes = readFileBytes(path);
    if (!isTorchArchive(bytes.data(), bytes.size()))
        throw FileError(path, "is not a CrowdKD checkpoint (not a LibTorch archive)");
    return fromArchive(path, readArchiveModule(bytes.data(), bytes.size(), path));
}

Checkpoint Checkpoint::fromArchive(const fs::path& path,
                                   std::shared_ptr<const ArchiveModule> archive) {
    const c10::IValue* format = archive->value(kFormatKey);
    if (!format || !format->isInt())
        throw FileError(path, "is a LibTorch archive but not a CrowdKD checkpoint");
    if (format->toInt() > kFormatVersion)
        throw FileError(path, "was written by a newer CrowdKD (checkpoint format " +
                                  std::to_string(format->toInt()) + ")");
    const c10::IValue* metadata = archive->value(kMetadataKey);
    if (!metadata || !metadata->isString())
        throw FileError(path, "checkpoint has no metadata");
    if (!archive->child(kModelKey))
        throw FileError(path, "checkpoint has no model");
    Checkpoint checkpoint;
    checkpoint.m_path = path;
    checkpoint.m_metadata = metadata->toStringRef();
    checkpoint.m_hasOptimizer = archive->child(kOptimizerKey) != nullptr;
    checkpoint.m_archive = std::move(archive);
    return checkpoint;
}

bool Checkpoint::isCheckpoint(const ArchiveModule& archive) {
    const c10::IValue* format = archive.value(kFormatKey);
    return format && format->isInt();
}

bool Checkpoint::isCheckpoint(const fs::path& path) {
    try {
        open(path); // only a readable CrowdKD checkpoint opens
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

void Checkpoint::loadModel(torch::nn::Module& model) const {
    try {
        loadModuleTensors(model, *m_archive->child(kModelKey));
    } catch (const std::exception& error) {
        throw FileError(m_path, std::string("model weights do not fit: ") + error.what());
    }
    requireFiniteWeights(moduleStateDict(model), m_path);
}

namespace {

/// An optimizer's per-parameter state as torch::optim's serialize wrote it (Adam: step and
/// moments; SGD: the momentum buffer), checked against the parameter it belongs to.
std::unique_ptr<torch::optim::OptimizerParamState>
readParamState(const torch::optim::Optimizer& optimizer, const ArchiveModule& stored,
               const torch::Tensor& parameter) {
    const auto moment = [&](const std::string& key) {
        const torch::Tensor& tensor = stored.tensor(key);
        if (tensor.sizes() != parameter.sizes())
            throw std::runtime_error("'" + key + "' has shape " + c10::str(tensor.sizes()) +
                                     ", the parameter " + c10::str(parameter.sizes()));
        return tensor.to(parameter.dtype()).clone();
    };
    if (dynamic_cast<const torch::optim::Adam*>(&optimizer)) {
        auto state = std::make_unique<torch::optim::AdamParamState>();
        const c10::IValue* step = stored.value("step");
        if (!step || !step->isInt() || step->toInt() < 0)
            throw std::runtime_error("Adam state without a step count");
        state->step(step->toInt());
        state->exp_avg(moment("exp_avg"));
        state->exp_avg_sq(moment("exp_avg_sq"));
        if (stored.value("max_exp_avg_sq"))
            state->max_exp_avg_sq(moment("max_exp_avg_sq"));
        return state;
    }
    if (dynamic_cast<const torch::optim::SGD*>(&optimizer)) {
        auto state = std::make_unique<torch::optim::SGDParamState>();
        if (stored.value("momentum_buffer"))
            state->momentum_buffer(moment("momentum_buffer"));
        return state;
    }
    throw std::runtime_error("CrowdKD restores the state of Adam and SGD only");
}

std::int64_t storedCount(const ArchiveModule& archive, const std::string& key) {
    const torch::Tensor& count = archive.tensor(key);
    if (count.numel() != 1 || count.is_floating_point())
        throw std::runtime_error("'" + key + "' is not a count");
    return count.item<std::int64_t>();
}

} // namespace

void Checkpoint::loadOptimizer(torch::optim::Optimizer& optimizer) const {
    // The inverse of torch::optim's serialize (Optimizer::save), read from the data alone: each
    // group lists its parameters by the key of their saved state.
    try {
        const ArchiveModule* archive = m_archive->child(kOptimizerKey);
        if (!archive)
            throw std::runtime_error("the checkpoint holds no optimizer state");
        const ArchiveModule* state = archive->child("state");
        const ArchiveModule* groups = archive->child("param_groups");
        if (!state || !groups)
            throw std::runtime_error("no state or parameter groups");
        const std::int64_t groupCount = storedCount(*groups, "param_groups/size");
        if (groupCount != static_cast<std::int64_t>(optimizer.param_groups().size()))
            throw std::runtime_error("a different number of parameter groups");
        std::vector<std::pair<std::string, std::unique_ptr<torch::optim::OptimizerParamState>>>
            restored;
        for (std::int64_t i = 0; i < groupCount; ++i) {
            const ArchiveModule* group = groups->child("param_groups/" + std::to_string(i));
            if (!group)
                throw std::runtime_error("parameter group " + std::to_string(i) + " is missing");
            const std::vector<torch::Tensor>& parameters =
                optimizer.param_groups()[static_cast<std::size_t>(i)].params();
            if (storedCount(*group, "params/size") != static_cast<std::int64_t>(parameters.size()))
                throw std::runtime_error("parameter group " + std::to_string(i) +
                                         " has a different size");
            for (std::size_t p = 0; p < parameters.size(); ++p) {
                const c10::IValue* key = group->value("params/" + std::to_string(p));
                if (!key || !key->isString())
                    throw std::runtime_error("parameter " + std::to_string(p) + " has no key");
                if (const ArchiveModule* stored = state->child(key->toStringRef()))
                    restored.emplace_back(c10::guts::to_string(parameters[p].unsafeGetTensorImpl()),
                                          readParamState(optimizer, *stored, parameters[p]));
            }
        }
        // Only a state read whole replaces the optimizer's.
        for (auto& [key, paramState] : restored)
            optimizer.state()[key] = std::move(paramState);
    } catch (const std::exception& error) {
        throw FileError(m_path, std::string("optimizer state does not fit: ") + error.what());
    }
}

void Checkpoint::restoreGeneratorState() const {
    const c10::IValue* state = m_archive->value(kGeneratorKey);
    if (state && state->isTensor()) {
        at::Generator generator = at::detail::getDefaultCPUGenerator();
        std::lock_guard<std::mutex> lock(generator.mutex());
        try {
            generator.set_state(state->toTensor());
        } catch (const c10::Error& error) {
            throw FileError(m_path, std::string("random generator state does not fit: ") +
                                        error.what_without_backtrace());
        }
    }
}

} // namespace crowdkd::nn
