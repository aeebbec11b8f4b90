#include "nn/torch_archive.h"

#include "base/file_io.h"
#include "nn/unpickler.h"
#include "nn/zip_reader.h"

#include <fstream>
#include <regex>
#include <sstream>
#include <unordered_set>

namespace crowdkd::nn {

namespace fs = std::filesystem;
using namespace pickle;

namespace {

/// What a refused archive's message ends with: what happened, and the way out for a user who
/// trusts the file.
constexpr const char* kCodeRefusal =
    "; the file contains executable code and was not loaded (CrowdKD never runs code from a "
    "model file): load the model's weights instead, a state dict saved with "
    "torch.save(model.state_dict()) or a CrowdKD export";

/// Largest code/ entry read (class declarations of a module tree are a few kilobytes).
constexpr std::uint64_t kMaxCodeEntryBytes = std::uint64_t{16} << 20;
/// Longest declaration line matched: libstdc++'s regex recurses once per character, so a
/// megabyte-long line would overflow the stack. Real declarations are far shorter.
constexpr std::size_t kMaxDeclarationLine = 4096;

/// Why the archive's entries carry code (methods, constants, bytecode), or empty when they hold
/// class declarations only. `code/*.py` files of a plain LibTorch archive declare each module's
/// attributes and nothing else; any other line is code.
std::string codeIn(const ZipReader& zip, const std::string& prefix, bool verifyChecksums) {
    // The lines a data-only class declaration consists of (torch::jit's python printer).
    static const std::regex kDeclaration(
        R"(^(|class \w+\(Module\):|import [\w.]+|  __(parameters|buffers)__ = \[("[^"]*", )*\]|)"
        R"(  __annotations__ = \[\]|  __annotations__\["[^"]*"\] = [\w.\[\], ]+|)"
        R"(  \w+ : [\w.\[\], ]+))");
    for (const ZipEntry& entry : zip.entries()) {
        if (entry.name.compare(0, prefix.size(), prefix) != 0)
            continue;
        const std::string name = entry.name.substr(prefix.size());
        if (name == "bytecode.pkl" || name.compare(0, 9, "bytecode/") == 0)
            return "it holds mobile bytecode (" + name + ")";
        if (name.compare(0, 5, "code/") != 0)
            continue;
        const auto endsWith = [&name](const std::string& suffix) {
            return name.size() >= suffix.size() &&
                   name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
        };
        if (endsWith(".debug_pkl"))
            continue; // source ranges for error messages; never read
        if (!endsWith(".py"))
            return "it holds an unexpected code entry " + name;
        std::istringstream source(zip.text(entry, verifyChecksums, kMaxCodeEntryBytes));
        std::string line;
        while (std::getline(source, line)) {
            if (!line.empty() && line.back() == '\r')
                line.pop_back();
            if (line.size() > kMaxDeclarationLine || !std::regex_match(line, kDeclaration)) {
                const std::string shown = line.size() > 60 ? line.substr(0, 60) + "…" : line;
                return "TorchScript code in " + name + " (\"" + shown + "\")";
            }
        }
    }
    const ZipEntry* constants = zip.find(prefix + "constants.pkl");
    if (constants) {
        Arena arena;
        Unpickler unpickler(zip.data(*constants, verifyChecksums),
                            static_cast<std::size_t>(constants->size), arena, nullptr);
        Value* table = nullptr;
        try {
            table = unpickler.load();
        } catch (const FormatError&) {
            return "its TorchScript constants are not plain data";
        }
        if (table->kind != Kind::Tuple || !table->items.empty())
            return "it holds TorchScript constants";
    }
    return {};
}

/// Values an archive's attributes may hold in all (a module tree's attributes are a few hundred):
/// a tuple may hold the same tuple many times, so its tree can be exponentially larger than the
/// pickle that describes it.
constexpr std::size_t kMaxAttributeValues = std::size_t{1} << 20;

/// What converting one archive's attributes may still cost.
struct ConversionBudget {
    std::size_t valuesLeft = kMaxAttributeValues;
    TensorCompactor tensors;
};

c10::IValue toIValue(const Value& value, std::size_t depth, ConversionBudget& budget) {
    if (depth > kMaxNesting)
        throw FormatError("values nested too deeply");
    if (budget.valuesLeft == 0)
        throw FormatError("its attributes hold too many values");
    --budget.valuesLeft;
    switch (value.kind) {
    case Kind::None:
        return {};
    case Kind::Bool:
        return value.boolean;
    case Kind::Int:
        return value.integer;
    case Kind::Float:
        return value.real;
    case Kind::String:
        return value.text;
    case Kind::Tensor:
        return budget.tensors.compact(value);
    case Kind::Tuple: {
        std::vector<c10::IValue> items;
        for (const Value* item : value.items)
            items.push_back(toIValue(*item, depth + 1, budget));
        return c10::ivalue::Tuple::create(std::move(items));
    }
    default:
        throw FormatError(std::string("unsupported value of type ") + kindName(value.kind));
    }
}

bool isModuleObject(const Value& value) {
    return value.kind == Kind::Object && value.text.compare(0, 10, "__torch__.") == 0;
}

/// Builds the module tree from the unpickled objects; each object is visited once.
void buildModule(const Value& object, ArchiveModule& module, std::size_t depth,
                 std::unordered_set<const Value*>& visited, ConversionBudget& budget) {
    if (depth > kMaxNesting)
        throw FormatError("modules nested too deeply");
    if (!visited.insert(&object).second)
        throw FormatError("a module appears twice in the archive");
    if (object.customState)
        throw FormatError("class " + object.text + " restores itself with custom code");
    for (const auto& [key, item] : object.entries) {
        if (key->kind != Kind::String)
            throw FormatError("an attribute name is not a string");
        if (isModuleObject(*item))
            buildModule(*item, module.addChild(key->text), depth + 1, visited, budget);
        else if (item->kind != Kind::Object && item->kind != Kind::List && item->kind != Kind::Dict)
            module.setValue(key->text, toIValue(*item, depth + 1, budget));
        // Lists, dicts and other objects are not part of what CrowdKD reads: skipped.
    }
}

void loadTensors(torch::nn::Module& module, const ArchiveModule& archive,
                 const std::string& prefix) {
    const auto load = [&](const std::string& key, torch::Tensor& target) {
        const c10::IValue* stored = archive.value(key);
        if (!stored || !stored->isTensor())
            throw std::runtime_error("'" + prefix + key + "' is missing");
        const torch::Tensor& tensor = stored->toTensor();
        if (tensor.sizes() != target.sizes())
            throw std::runtime_error("'" + prefix + key + "' has shape " +
                                     c10::str(tensor.sizes()) + ", the model expects " +
                                     c10::str(target.sizes()));
        target.copy_(tensor);
    };
    for (auto& parameter : module.named_parameters(/*recurse=*/false))
        load(parameter.key(), parameter.value());
    for (auto& buffer : module.named_buffers(/*recurse=*/false))
        load(buffer.key(), buffer.value());
    for (const auto& child : module.named_children()) {
        const ArchiveModule* stored = archive.child(child.key());
        if (!stored)
            throw std::runtime_error("module '" + prefix + child.key() + "' is missing");
        loadTensors(*child.value(), *stored, prefix + child.key() + ".");
    }
}

} // namespace

ExecutableCodeError::ExecutableCodeError(const fs::path& path, const std::string& what)
    : FileError(path, what + kCodeRefusal) {}

const c10::IValue* ArchiveModule::value(const std::string& key) const {
    for (const auto& [name, value] : m_values)
        if (name == key)
            return &value;
    return nullptr;
}

const torch::Tensor& ArchiveModule::tensor(const std::string& key) const {
    const c10::IValue* stored = value(key);
    if (!stored || !stored->isTensor())
        throw std::runtime_error("'" + key + "' is missing or not a tensor");
    return stored->toTensor();
}

const ArchiveModule* ArchiveModule::child(const std::string& key) const {
    for (const auto& [name, module] : m_children)
        if (name == key)
            return module.get();
    return nullptr;
}

void ArchiveModule::setValue(std::string key, c10::IValue value) {
    m_values.emplace_back(std::move(key), std::move(value));
}

ArchiveModule& ArchiveModule::addChild(std::string key) {
    m_children.emplace_back(std::move(key), std::make_unique<ArchiveModule>());
    return *m_children.back().second;
}

bool isTorchArchive(const std::uint8_t* data, std::size_t size) {
    try {
        if (!ZipReader::looksLikeZip(data, size))
            return false;
        const ZipReader zip(data, size);
        std::string prefix;
        return findDataPickle(zip, prefix) && zip.find(prefix + "constants.pkl");
    } catch (const std::exception&) {
        return false;
    }
}

bool isTorchArchiveFile(const fs::path& path) {
    try {
        std::error_code error;
        if (!fs::is_regular_file(path, error))
            return false;
        const std::vector<std::uint8_t> bytes = readFileBytes(path);
        return isTorchArchive(bytes.data(), bytes.size());
    } catch (const std::exception&) {
        return false;
    }
}

std::shared_ptr<const ArchiveModule> readArchiveModule(const std::uint8_t* data, std::size_t size,
                                                       const fs::path& origin,
                                                       bool verifyChecksums) {
    try {
        if (!isTorchArchive(data, size))
            throw FormatError("not a LibTorch archive (no ZIP with data.pkl and constants.pkl)");
        const ZipReader zip(data, size);
        std::string prefix;
        const ZipEntry* pickle = findDataPickle(zip, prefix);
        const std::string code = codeIn(zip, prefix, verifyChecksums);
        if (!code.empty())
            throw ExecutableCodeError(origin, code);
        std::unordered_map<std::string, torch::Tensor> storages;
        Arena arena;
        Unpickler unpickler(zip.data(*pickle, verifyChecksums),
                            static_cast<std::size_t>(pickle->size), arena,
                            zipStorageLoader(zip, prefix, verifyChecksums, storages));
        const Value* root = unpickler.load();
        if (!isModuleObject(*root))
            throw FormatError("the archive does not hold a module");
        auto module = std::make_shared<ArchiveModule>();
        std::unordered_set<const Value*> visited;
        ConversionBudget budget;
        buildModule(*root, *module, 0, visited, budget);
        return module;
    } catch (const FileError&) {
        throw;
    } catch (const std::bad_alloc&) {
        throw FileError(origin, "not enough memory to read the archive");
    } catch (const std::exception& error) {
        throw FileError(origin, error.what());
    }
}

std::shared_ptr<const ArchiveModule> readArchiveModule(const fs::path& path) {
    const std::vector<std::uint8_t> bytes = readFileBytes(path);
    return readArchiveModule(bytes.data(), bytes.size(), path);
}

void loadModuleTensors(torch::nn::Module& module, const ArchiveModule& archive) {
    torch::NoGradGuard noGrad;
    loadTensors(module, archive, "");
}

} // namespace crowdkd::nn
