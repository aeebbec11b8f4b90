#include "nn/state_dict.h"

#include "base/error.h"

#include <sstream>
#include <stdexcept>

namespace crowdkd::nn {

namespace {

/// How many names an error message lists before it summarises the rest.
constexpr std::size_t kMaxListedNames = 12;

std::string shapeText(const torch::Tensor& tensor) {
    std::ostringstream text;
    text << "[";
    for (std::int64_t i = 0; i < tensor.dim(); ++i)
        text << (i ? ", " : "") << tensor.size(i);
    text << "]";
    return text.str();
}

void appendList(std::ostringstream& message, const char* title,
                const std::vector<std::string>& items) {
    if (items.empty())
        return;
    message << "\n  " << title << " (" << items.size() << "): ";
    for (std::size_t i = 0; i < items.size() && i < kMaxListedNames; ++i)
        message << (i ? ", " : "") << items[i];
    if (items.size() > kMaxListedNames)
        message << ", … " << items.size() - kMaxListedNames << " more";
}

bool isFinite(const torch::Tensor& tensor) {
    return !tensor.defined() || !tensor.is_floating_point() ||
           torch::isfinite(tensor).all().item<bool>();
}

std::string nonFiniteReason(const std::string& name) {
    return "the weights hold NaN or infinite values (in '" + name +
           "'; a diverged training or a damaged file): refusing the model";
}

} // namespace

void StateDict::insert(const std::string& name, torch::Tensor tensor) {
    const auto found = m_index.find(name);
    if (found != m_index.end()) {
        m_entries[found->second].second = std::move(tensor);
        return;
    }
    m_index.emplace(name, m_entries.size());
    m_entries.emplace_back(name, std::move(tensor));
}

const torch::Tensor* StateDict::find(const std::string& name) const {
    const auto found = m_index.find(name);
    return found == m_index.end() ? nullptr : &m_entries[found->second].second;
}

const torch::Tensor& StateDict::at(const std::string& name) const {
    const torch::Tensor* tensor = find(name);
    if (!tensor)
        throw std::out_of_range("state dict has no entry '" + name + "'");
    return *tensor;
}

std::vector<std::string> StateDict::names() const {
    std::vector<std::string> result;
    result.reserve(m_entries.size());
    for (const auto& entry : m_entries)
        result.push_back(entry.first);
    return result;
}

StateDict StateDict::withoutPrefix(const std::string& prefix) const {
    StateDict result;
    for (const auto& [name, tensor] : m_entries)
        if (name.compare(0, prefix.size(), prefix) == 0)
            result.insert(name.substr(prefix.size()), tensor);
    return result;
}

bool StateDict::allStartWith(const std::string& prefix) const {
    if (m_entries.empty())
        return false;
    for (const auto& entry : m_entries)
        if (entry.first.compare(0, prefix.size(), prefix) != 0)
            return false;
    return true;
}

StateDict StateDict::clonedToCpu() const {
    StateDict result;
    for (const auto& [name, tensor] : m_entries)
        result.insert(name, tensor.detach().to(torch::kCPU).contiguous().clone());
    return result;
}

StateDict moduleStateDict(const torch::nn::Module& module) {
    // PyTorch's order: each module's own parameters, then its own buffers, then its children.
    // (named_modules() cannot include a module that is not held by a shared_ptr: do it apart.)
    StateDict result;
    const auto addOwn = [&result](const torch::nn::Module& owner, const std::string& prefix) {
        for (const auto& parameter : owner.named_parameters(/*recurse=*/false))
            result.insert(prefix + parameter.key(), parameter.value());
        for (const auto& buffer : owner.named_buffers(/*recurse=*/false))
            result.insert(prefix + buffer.key(), buffer.value());
    };
    addOwn(module, "");
    for (const auto& item : module.named_modules("", /*include_self=*/false))
        addOwn(*item.value(), item.key() + ".");
    return result;
}

void loadModuleStateDict(torch::nn::Module& module, const StateDict& weights, bool strict,
                         const std::string& what) {
    const StateDict own = moduleStateDict(module);
    std::vector<std::string> missing;
    std::vector<std::string> unexpected;
    std::vector<std::string> mismatched;
    for (const auto& [name, target] : own) {
        const torch::Tensor* source = weights.find(name);
        if (!source) {
            missing.push_back(name);
            continue;
        }
        if (!source->defined() || source->sizes() != target.sizes())
            mismatched.push_back(name + " (checkpoint " +
                                 (source->defined() ? shapeText(*source) : "undefined") +
                                 ", model " + shapeText(target) + ")");
    }
    for (const auto& entry : weights)
        if (!own.contains(entry.first))
            unexpected.push_back(entry.first);
    for (const auto& [name, target] : own) {
        const torch::Tensor* source = weights.find(name);
        if (source && !isFinite(*source))
            throw std::runtime_error(nonFiniteReason(name));
    }

    if (!mismatched.empty() || (strict && (!missing.empty() || !unexpected.empty()))) {
        std::ostringstream message;
        message << "the weights do not fit " << what << ":";
        appendList(message, "missing keys", missing);
        appendList(message, "unexpected keys", unexpected);
        appendList(message, "shape mismatches", mismatched);
        throw std::runtime_error(message.str());
    }

    torch::NoGradGuard noGrad;
    for (const auto& [name, target] : own) {
        const torch::Tensor* source = weights.find(name);
        if (!source)
            continue;
        torch::Tensor destination = target; // shares storage with the module's tensor
        destination.copy_(source->to(destination.dtype()));
    }
}

std::optional<std::string> firstNonFiniteEntry(const StateDict& weights) {
    torch::NoGradGuard noGrad;
    for (const auto& [name, tensor] : weights)
        if (!isFinite(tensor))
            return name;
    return std::nullopt;
}

void requireFiniteWeights(const StateDict& weights, const std::filesystem::path& origin) {
    if (const std::optional<std::string> name = firstNonFiniteEntry(weights))
        throw FileError(origin, nonFiniteReason(*name));
}

std::int64_t countParameters(const torch::nn::Module& module) {
    std::int64_t count = 0;
    for (const auto& parameter : module.parameters())
        count += parameter.numel();
    return count;
}

} // namespace crowdkd::nn
