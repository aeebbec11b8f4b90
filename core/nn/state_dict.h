#pragma once

#include <torch/torch.h>

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace crowdkd::nn {

/// A model's weights by name, in order, as PyTorch's `state_dict()` holds them: parameters and
/// buffers (BatchNorm running statistics, `num_batches_tracked`). Names are unique; adding a name
/// twice replaces the earlier tensor in place.
class StateDict {
public:
    using Entry = std::pair<std::string, torch::Tensor>;
    using const_iterator = std::vector<Entry>::const_iterator;

    StateDict() = default;

    /// Adds `name` at the end, or replaces its tensor where it already is.
    void insert(const std::string& name, torch::Tensor tensor);

    /// The tensor called `name`, or nullptr.
    const torch::Tensor* find(const std::string& name) const;
    bool contains(const std::string& name) const { return find(name) != nullptr; }

    /// The tensor called `name`; throws std::out_of_range naming it when absent.
    const torch::Tensor& at(const std::string& name) const;

    std::size_t size() const { return m_entries.size(); }
    bool empty() const { return m_entries.empty(); }
    const_iterator begin() const { return m_entries.begin(); }
    const_iterator end() const { return m_entries.end(); }
    const std::vector<Entry>& entries() const { return m_entries; }
    std::vector<std::string> names() const;

    /// The entries whose name starts with `prefix`, with the prefix removed.
    StateDict withoutPrefix(const std::string& prefix) const;

    /// Whether every name starts with `prefix` (false when empty).
    bool allStartWith(const std::string& prefix) const;

    /// Deep copies of every tensor, contiguous, on the CPU (for saving while training goes on).
    StateDict clonedToCpu() const;

private:
    std::vector<Entry> m_entries;
    std::unordered_map<std::string, std::size_t> m_index;
};

/// The state dict of a LibTorch module: named_parameters then named_buffers per submodule, in
/// the same order as PyTorch's `state_dict()` for modules built like the reference code.
StateDict moduleStateDict(const torch::nn::Module& module);

/// Copies `weights` into `module`'s parameters and buffers (converting dtype; shapes must match).
/// With `strict`, every key of the module must be present and no unknown key may appear.
/// Throws std::runtime_error listing the missing keys, unexpected keys and shape mismatches
/// (`what` names the model in the message), or naming a tensor that holds NaN or infinite values.
/// Copies nothing unless everything checks out.
void loadModuleStateDict(torch::nn::Module& module, const StateDict& weights, bool strict,
                         const std::string& what);

/// The name of the first floating-point tensor of `weights` that holds a NaN or an infinity, or
/// nullopt when every value is finite. Such weights (a diverged training, a broken file) make every
/// count NaN, so no model is built from them.
std::optional<std::string> firstNonFiniteEntry(const StateDict& weights);

/// Throws crowdkd::FileError naming `origin` and the first tensor of `weights` that holds a NaN or
/// an infinity, if any.
void requireFiniteWeights(const StateDict& weights, const std::filesystem::path& origin);

/// Total number of scalar parameters of a module (not counting buffers).
std::int64_t countParameters(const torch::nn::Module& module);

} // namespace crowdkd::nn
