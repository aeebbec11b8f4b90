#include "nn/pth_reader.h"

#include "base/error.h"
#include "base/file_io.h"
#include "nn/unpickler.h"
#include "nn/zip_reader.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <deque>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

namespace crowdkd::nn {

namespace {

using namespace pickle;

/// The magic number that starts a legacy (pre-1.6) `torch.save` file, little-endian.
constexpr std::array<std::uint8_t, 10> kLegacyMagic{0x6c, 0xfc, 0x9c, 0x46, 0xf9,
                                                    0x20, 0x6a, 0xa8, 0x50, 0x19};
/// The legacy format's protocol version.
constexpr std::int64_t kLegacyProtocolVersion = 1001;
/// Keys under which checkpoints commonly keep the model's state dict, in order of preference.
constexpr std::array<const char*, 6> kStateDictKeys{
    "model", "state_dict", "model_state_dict", "state_dict_model", "net", "network"};

/// Collects state dicts and scalars from the unpickled object, depth-first; each dictionary is
/// visited once (pickles may share or cycle).
void collect(const Value& value, const std::string& path, std::size_t depth,
             std::unordered_set<const Value*>& visited, TensorCompactor& compactor,
             PthContents& contents) {
    if (depth > kMaxNesting)
        throw FormatError("dictionaries nested too deeply");
    if (!visited.insert(&value).second)
        return;
    StateDict tensors;
    std::vector<std::pair<std::string, const Value*>> children;
    for (const auto& [key, item] : value.entries) {
        const std::string name = keyText(*key);
        if (name.empty())
            continue;
        const std::string itemPath = path.empty() ? name : path + "." + name;
        switch (item->kind) {
        case Kind::Tensor:
            tensors.insert(name, compactor.compact(*item));
            break;
        case Kind::Bool:
            contents.scalars.emplace_back(itemPath, item->boolean);
            break;
        case Kind::Int:
            contents.scalars.emplace_back(itemPath, item->integer);
            break;
        case Kind::Float:
            contents.scalars.emplace_back(itemPath, item->real);
            break;
        case Kind::String:
            contents.scalars.emplace_back(itemPath, item->text);
            break;
        case Kind::Dict:
        case Kind::Object:
            children.emplace_back(itemPath, item);
            break;
        default:
            break;
        }
    }
    if (!tensors.empty())
        contents.stateDicts.emplace_back(path, std::move(tensors));
    for (const auto& [childPath, child] : children)
        collect(*child, childPath, depth + 1, visited, compactor, contents);
}

PthContents contentsOf(const Value& root) {
    PthContents contents;
    if (root.kind != Kind::Dict && root.kind != Kind::Object)
        throw FormatError(std::string("the file holds a ") + kindName(root.kind) +
                          ", not a dictionary of tensors");
    std::unordered_set<const Value*> visited;
    TensorCompactor compactor;
    collect(root, "", 0, visited, compactor, contents);
    return contents;
}

PthContents parseZip(const std::uint8_t* data, std::size_t size, bool verifyChecksums) {
    const ZipReader zip(data, size);
    std::string prefix;
    const ZipEntry* pickle = findDataPickle(zip, prefix);
    if (!pickle)
        throw FormatError("ZIP archive without data.pkl: not a PyTorch checkpoint (a TorchScript "
                          "or ONNX file?)");
    if (zip.find(prefix + "constants.pkl"))
        throw FormatError("this is a TorchScript archive, not a torch.save checkpoint");

    std::unordered_map<std::string, torch::Tensor> storages;
    const PersistentLoad load = zipStorageLoader(zip, prefix, verifyChecksums, storages);
    Arena arena;
    Unpickler unpickler(zip.data(*pickle, verifyChecksums), static_cast<std::size_t>(pickle->size),
                        arena, load);
    return contentsOf(*unpickler.load());
}

/// The legacy format: pickled magic number, protocol version and system info, then the object
/// (whose persistent ids declare storages), then the list of storage keys, then each storage's
/// element count (int64) and raw bytes.
PthContents parseLegacy(const std::uint8_t* data, std::size_t size) {
    Arena arena;
    std::size_t position = 0;
    const auto next = [&](PersistentLoad load) {
        Unpickler unpickler(data + position, size - position, arena, std::move(load));
        Value* value = unpickler.load();
        position += unpickler.position();
        return value;
    };
    const Value* magic = next(nullptr);
    if (magic->kind != Kind::BigInt ||
        magic->text != std::string(kLegacyMagic.begin(), kLegacyMagic.end()))
        throw FormatError("not a PyTorch checkpoint (wrong magic number)");
    const Value* protocol = next(nullptr);
    if (protocol->kind != Kind::Int || protocol->integer != kLegacyProtocolVersion)
        throw FormatError("unsupported legacy checkpoint protocol");
    const Value* systemInfo = next(nullptr);
    bool bigEndian = false;
    if (systemInfo->kind == Kind::Dict)
        for (const auto& [key, item] : systemInfo->entries)
            if (keyText(*key) == "little_endian" && item->kind == Kind::Bool)
                bigEndian = !item->boolean;

    std::unordered_map<std::string, torch::Tensor> storages;
    std::uint64_t declaredBytes = 0; // of every storage: all follow the pickles in the file
    const auto load = [&](const Value& pid) {
        const StorageReference reference = parseStorageReference(pid, 6);
        auto found = storages.find(reference.key);
        if (found == storages.end()) {
            const std::uint64_t elementSize = torch::elementSize(reference.dtype);
            if (static_cast<std::uint64_t>(reference.count) > (size - position) / elementSize)
                throw FormatError("storage " + reference.key + " is larger than the file");
            declaredBytes += static_cast<std::uint64_t>(reference.count) * elementSize;
            if (declaredBytes > size - position)
                throw FormatError("its storages together are larger than the file");
            found = storages
                        .emplace(reference.key,
                                 torch::zeros({reference.count},
                                              torch::TensorOptions().dtype(reference.dtype)))
                        .first;
        } else if (found->second.scalar_type() != reference.dtype) {
            throw FormatError("storage " + reference.key + " used with two types");
        }
        if (!reference.view || reference.view->kind == Kind::None)
            return found->second;
        const Value* view = reference.view;
        if (view->kind != Kind::Tuple || view->items.size() != 3 ||
            view->items[0]->kind != Kind::String || view->items[1]->kind != Kind::Int ||
            view->items[2]->kind != Kind::Int)
            throw FormatError("malformed storage view");
        const std::int64_t offset = view->items[1]->integer;
        const std::int64_t count = view->items[2]->integer;
        if (offset < 0 || count < 0 || offset > found->second.numel() ||
            count > found->second.numel() - offset)
            throw FormatError("storage view outside its storage");
        return found->second.narrow(0, offset, count);
    };
    const Value* root = next(load);
    const Value* keys = next(nullptr);
    if (keys->kind != Kind::List)
        throw FormatError("legacy checkpoint without its storage list");
    std::unordered_set<std::string> filled;
    for (const Value* key : keys->items) {
        const std::string name = keyText(*key);
        const auto found = storages.find(name);
        if (found == storages.end() || !filled.insert(name).second)
            throw FormatError("legacy checkpoint lists an unknown storage '" + name + "'");
        torch::Tensor& storage = found->second;
        if (size - position < 8)
            throw FormatError("legacy checkpoint truncated in storage " + name);
        std::uint64_t count = 0;
        for (int i = 7; i >= 0; --i)
            count = (count << 8) | data[position + static_cast<std::size_t>(i)];
        position += 8;
        if (count != static_cast<std::uint64_t>(storage.numel()))
            throw FormatError("storage " + name + " has the wrong size");
        const std::uint64_t bytes = count * storage.element_size();
        if (bytes > size - position)
            throw FormatError("legacy checkpoint truncated in storage " + name);
        storage.copy_(
            storageFromBytes(data + position, storage.numel(), storage.scalar_type(), bigEndian));
        position += static_cast<std::size_t>(bytes);
    }
    if (filled.size() != storages.size())
        throw FormatError("legacy checkpoint lacks the data of some storages");
    return contentsOf(*root);
}

bool looksLikeTar(const std::uint8_t* data, std::size_t size) {
    return size > 262 && std::memcmp(data + 257, "ustar", 5) == 0;
}

} // namespace

const StateDict* PthContents::stateDict(const std::string& path) const {
    for (const auto& [name, weights] : stateDicts)
        if (name == path)
            return &weights;
    return nullptr;
}

const PthScalar* PthContents::scalar(const std::string& path) const {
    for (const auto& [name, value] : scalars)
        if (name == path)
            return &value;
    return nullptr;
}

double PthContents::number(const std::string& path, double fallback) const {
    const PthScalar* value = scalar(path);
    if (!value)
        return fallback;
    if (const auto* b = std::get_if<bool>(value))
        return *b ? 1.0 : 0.0;
    if (const auto* i = std::get_if<std::int64_t>(value))
        return static_cast<double>(*i);
    if (const auto* d = std::get_if<double>(value))
        return *d;
    return fallback;
}

PthContents parsePth(const std::uint8_t* data, std::size_t size,
                     const std::filesystem::path& origin, bool verifyChecksums) {
    try {
        if (size == 0)
            throw FormatError("empty file");
        if (ZipReader::looksLikeZip(data, size))
            return parseZip(data, size, verifyChecksums);
        if (looksLikeTar(data, size))
            throw FormatError("the tar checkpoint format of PyTorch before 0.4 is not supported; "
                              "re-save it with a recent PyTorch");
        if (data[0] == 0x80)
            return parseLegacy(data, size);
        throw FormatError("not a PyTorch checkpoint (neither a ZIP archive nor a pickle)");
    } catch (const FileError&) {
        throw;
    } catch (const std::bad_alloc&) {
        throw FileError(origin, "not enough memory to read the checkpoint");
    } catch (const std::exception& error) {
        throw FileError(origin, error.what());
    }
}

PthContents readPth(const std::filesystem::path& path) {
    const std::vector<std::uint8_t> bytes = readFileBytes(path);
    return parsePth(bytes.data(), bytes.size(), path);
}

StateDict selectStateDict(const PthContents& contents, const std::filesystem::path& origin,
                          const std::string& key) {
    std::string available;
    for (const auto& entry : contents.stateDicts)
        available += (available.empty() ? "" : ", ") +
                     (entry.first.empty() ? std::string("(top level)") : "'" + entry.first + "'");
    if (available.empty())
        available = "none";
    if (!key.empty()) {
        if (const StateDict* weights = contents.stateDict(key))
            return *weights;
        throw FileError(origin,
                        "no state dict under key '" + key + "' (state dicts: " + available + ")");
    }
    if (const StateDict* weights = contents.stateDict(""))
        return *weights;
    for (const char* candidate : kStateDictKeys)
        if (const StateDict* weights = contents.stateDict(candidate))
            return *weights;
    if (contents.stateDicts.size() == 1)
        return contents.stateDicts.front().second;
    throw FileError(origin,
                    contents.stateDicts.empty()
                        ? "the checkpoint holds no dictionary of tensors"
                        : "cannot tell which state dict to use (state dicts: " + available + ")");
}

StateDict readPthStateDict(const std::filesystem::path& path, const std::string& key) {
    return selectStateDict(readPth(path), path, key);
}

} // namespace crowdkd::nn
