#pragma once

// The pickle machine shared by CrowdKD's readers of PyTorch files (`.pth`, LibTorch archives):
// it interprets data only and never imports or calls anything named in the file.

#include "nn/zip_reader.h"

#include <torch/torch.h>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

namespace crowdkd::nn::pickle {

/// Deepest nesting of dictionaries the extraction follows.
constexpr std::size_t kMaxNesting = 64;
/// Most dimensions a stored tensor may have.
constexpr std::size_t kMaxDimensions = 32;
/// A tensor may broadcast (stride 0) beyond its storage, but not beyond this many elements.
constexpr std::int64_t kMaxBroadcastElements = std::int64_t{1} << 24;
/// Most values (and object attributes copied by BUILD) one pickle may make: a model's state dict
/// makes tens of thousands; each costs about a hundred bytes, and BUILD copies a whole dict.
constexpr std::size_t kMaxPickleValues = std::size_t{1} << 22;
/// Most bytes one file's tensor views (slices, broadcasts) may copy out, ten times M-SFANet's
/// weights: a broadcast view of one value, stored under many keys, would cost its copy each time.
constexpr std::uint64_t kMaxCopiedBytes = std::uint64_t{1} << 30;

/// A malformed pickle or archive; the caller turns it into a FileError naming the file.
class FormatError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// What an unpickled value is.
enum class Kind {
    None,
    Bool,
    Int,
    BigInt,
    Float,
    String,
    Bytes,
    Tuple,
    List,
    Dict,
    Global,
    Storage,
    Tensor,
    Dtype,
    Object
};

/// One unpickled Python value. Values live in an arena and refer to each other by pointer, so
/// the memo and shared or cyclic references need no reference counting.
struct Value {
    explicit Value(Kind k)
        : kind(k) {}
    Kind kind;
    bool boolean = false;
    std::int64_t integer = 0;
    double real = 0.0;
    /// String, Bytes, BigInt (little-endian bytes), Global ("module.name"), Dtype, Object class.
    std::string text;
    /// Tuple and List items.
    std::vector<Value*> items;
    /// Dict entries, and an Object's attributes (from BUILD).
    std::vector<std::pair<Value*, Value*>> entries;
    /// Storage (1-D, typed) or Tensor.
    torch::Tensor tensor;
    /// An Object whose state was not a dictionary of attributes: its class restores itself
    /// (`__setstate__`), which CrowdKD never runs.
    bool customState = false;
};

using Arena = std::deque<Value>;

/// Resolves a persistent id (a storage reference) to a 1-D typed storage tensor.
using PersistentLoad = std::function<torch::Tensor(const Value& pid)>;

/// The Python name of a kind, for messages.
const char* kindName(Kind kind);

/// The dtype of a `torch.XStorage` class name (also `torch.cuda.XStorage`).
std::optional<torch::ScalarType> storageDtype(std::string name);

/// Copies `count` elements of `dtype` from raw bytes into a new 1-D tensor, swapping bytes when
/// the file is big-endian and normalising booleans (any byte pattern stays a valid bool).
torch::Tensor storageFromBytes(const std::uint8_t* bytes, std::int64_t count,
                               torch::ScalarType dtype, bool bigEndian);

/// A pickle virtual machine for the opcodes `torch.save` and Python's pickle emit for state
/// dicts and checkpoint dictionaries (protocols 2–5). It never imports or calls anything: the
/// few callables it knows (OrderedDict, tensor rebuilding, numpy scalars) are interpreted, any
/// other becomes an opaque Object.
class Unpickler {
public:
    Unpickler(const std::uint8_t* data, std::size_t size, Arena& arena, PersistentLoad load)
        : m_data(data)
        , m_size(size)
        , m_arena(arena)
        , m_persistentLoad(std::move(load)) {}

    /// Runs until STOP and returns the pickled object.
    Value* load();

    /// Bytes consumed so far (after load(): the pickle's length).
    std::size_t position() const { return m_position; }

private:
    [[noreturn]] void fail(const std::string& reason) const {
        throw FormatError("invalid pickle at byte " + std::to_string(m_opcodePosition) + ": " +
                          reason);
    }
    const std::uint8_t* take(std::uint64_t count) {
        if (count > m_size - m_position)
            fail("data ends in the middle of a value (truncated file?)");
        const std::uint8_t* start = m_data + m_position;
        m_position += static_cast<std::size_t>(count);
        return start;
    }
    std::uint64_t readUnsigned(int bytes) {
        const std::uint8_t* p = take(static_cast<std::uint64_t>(bytes));
        std::uint64_t value = 0;
        for (int i = bytes - 1; i >= 0; --i)
            value = (value << 8) | p[i];
        return value;
    }
    std::string readLine() {
        const std::uint8_t* start = m_data + m_position;
        const void* newline = std::memchr(start, '\n', m_size - m_position);
        if (!newline)
            fail("unterminated text line");
        const std::size_t length = static_cast<const std::uint8_t*>(newline) - start;
        take(length + 1);
        return std::string(reinterpret_cast<const char*>(start), length);
    }

    Value* make(Kind kind) {
        count(1);
        m_arena.emplace_back(kind);
        return &m_arena.back();
    }
    /// Counts `values` more made or copied; fails beyond kMaxPickleValues.
    void count(std::size_t values) {
        m_values += values;
        if (m_values > kMaxPickleValues)
            fail("more than " + std::to_string(kMaxPickleValues) +
                 " values (not a model's pickle)");
    }
    Value* makeInt(std::int64_t value) {
        Value* v = make(Kind::Int);
        v->integer = value;
        return v;
    }
    Value* makeText(Kind kind, std::uint64_t length) {
        const std::uint8_t* start = take(length);
        Value* v = make(kind);
        v->text.assign(reinterpret_cast<const char*>(start), static_cast<std::size_t>(length));
        return v;
    }

    std::size_t markBase() const { return m_marks.empty() ? 0 : m_marks.back(); }
    void push(Value* value) { m_stack.push_back(value); }
    Value* pop() {
        if (m_stack.size() <= markBase())
            fail("stack underflow");
        Value* value = m_stack.back();
        m_stack.pop_back();
        return value;
    }
    Value* top() {
        if (m_stack.size() <= markBase())
            fail("stack underflow");
        return m_stack.back();
    }
    std::vector<Value*> popToMark() {
        if (m_marks.empty())
            fail("no MARK to pop to");
        const std::size_t base = m_marks.back();
        m_marks.pop_back();
        std::vector<Value*> items(m_stack.begin() + static_cast<std::ptrdiff_t>(base),
                                  m_stack.end());
        m_stack.resize(base);
        return items;
    }
    Value* makeTuple(std::vector<Value*> items) {
        Value* v = make(Kind::Tuple);
        v->items = std::move(items);
        return v;
    }
    void memoPut(std::uint64_t index) {
        if (m_stack.empty())
            fail("memo store from an empty stack");
        m_memo[index] = m_stack.back();
    }
    Value* memoGet(std::uint64_t index) {
        const auto found = m_memo.find(index);
        if (found == m_memo.end())
            fail("memo entry " + std::to_string(index) + " is not defined");
        return found->second;
    }
    void setItems(Value* dict, const std::vector<Value*>& items) {
        if (dict->kind != Kind::Dict && dict->kind != Kind::Object)
            fail(std::string("SETITEM on a ") + kindName(dict->kind));
        if (items.size() % 2)
            fail("odd number of items for SETITEMS");
        for (std::size_t i = 0; i < items.size(); i += 2)
            dict->entries.emplace_back(items[i], items[i + 1]);
    }
    void appendItems(Value* list, const std::vector<Value*>& items) {
        if (list->kind != Kind::List)
            fail(std::string("APPEND on a ") + kindName(list->kind));
        list->items.insert(list->items.end(), items.begin(), items.end());
    }

    Value* reduce(Value* callable, Value* arguments);
    Value* rebuildTensor(const std::vector<Value*>& arguments);
    Value* numpyScalar(const std::vector<Value*>& arguments);

    const std::uint8_t* m_data;
    std::size_t m_size;
    std::size_t m_position = 0;
    std::size_t m_opcodePosition = 0;
    Arena& m_arena;
    PersistentLoad m_persistentLoad;
    std::vector<Value*> m_stack;
    std::vector<std::size_t> m_marks;
    std::unordered_map<std::uint64_t, Value*> m_memo;
    std::size_t m_values = 0; ///< made and copied so far (see count())
};

/// A persistent id ('storage', StorageClass, key, location, count[, view]) checked for shape.
struct StorageReference {
    torch::ScalarType dtype;
    std::string key;
    std::int64_t count;
    const Value* view; // legacy: (view key, offset, count) or None
};

/// The `data.pkl` entry of a ZIP archive written by `torch.save` or LibTorch (at the top or in
/// its one top-level folder), with that folder as `prefix` ("" or "name/"); nullptr when none.
const ZipEntry* findDataPickle(const ZipReader& zip, std::string& prefix);

/// The persistent-id loader of a ZIP archive in the layout `torch.save` and LibTorch write:
/// storages are the entries `<prefix>data/<key>` (byte order from `<prefix>byteorder`), each read
/// once into `storages` after checking that the entry holds the declared element count.
PersistentLoad zipStorageLoader(const ZipReader& zip, const std::string& prefix,
                                bool verifyChecksums,
                                std::unordered_map<std::string, torch::Tensor>& storages);

/// Checks a persistent id's shape (at least `minimumItems` items) and reads it.
StorageReference parseStorageReference(const Value& pid, std::size_t minimumItems);

/// Turns one file's tensors into tensors that own compact memory: views into larger storages are
/// copied out, each tensor value once, and all copies together within kMaxCopiedBytes.
class TensorCompactor {
public:
    /// The compact form of a Kind::Tensor value; throws FormatError past the budget.
    torch::Tensor compact(const Value& tensor);

private:
    std::uint64_t m_copiedBytes = 0;
    std::unordered_map<const Value*, torch::Tensor> m_compacted;
};

/// A dictionary key as text (strings, and integers in decimal); empty for other keys.
std::string keyText(const Value& key);

} // namespace crowdkd::nn::pickle
