#include "nn/pth_reader.h"

#include "base/error.h"
#include "base/file_io.h"
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

/// Deepest nesting of dictionaries the extraction follows.
constexpr std::size_t kMaxNesting = 64;
/// Most dimensions a stored tensor may have.
constexpr std::size_t kMaxDimensions = 32;
/// A tensor may broadcast (stride 0) beyond its storage, but not beyond this many elements.
constexpr std::int64_t kMaxBroadcastElements = std::int64_t{1} << 24;
/// The magic number that starts a legacy (pre-1.6) `torch.save` file, little-endian.
constexpr std::array<std::uint8_t, 10> kLegacyMagic{0x6c, 0xfc, 0x9c, 0x46, 0xf9,
                                                    0x20, 0x6a, 0xa8, 0x50, 0x19};
/// The legacy format's protocol version.
constexpr std::int64_t kLegacyProtocolVersion = 1001;
/// Keys under which checkpoints commonly keep the model's state dict, in order of preference.
constexpr std::array<const char*, 6> kStateDictKeys{
    "model", "state_dict", "model_state_dict", "state_dict_model", "net", "network"};

/// A malformed pickle or archive; the caller turns it into a FileError naming the file.
class FormatError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

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
};

using Arena = std::deque<Value>;

/// Resolves a persistent id (a storage reference) to a 1-D typed storage tensor.
using PersistentLoad = std::function<torch::Tensor(const Value& pid)>;

const char* kindName(Kind kind) {
    switch (kind) {
    case Kind::None:
        return "None";
    case Kind::Bool:
        return "bool";
    case Kind::Int:
    case Kind::BigInt:
        return "int";
    case Kind::Float:
        return "float";
    case Kind::String:
        return "str";
    case Kind::Bytes:
        return "bytes";
    case Kind::Tuple:
        return "tuple";
    case Kind::List:
        return "list";
    case Kind::Dict:
        return "dict";
    case Kind::Global:
        return "class";
    case Kind::Storage:
        return "storage";
    case Kind::Tensor:
        return "tensor";
    case Kind::Dtype:
        return "dtype";
    case Kind::Object:
        return "object";
    }
    return "value";
}

/// The dtype of a `torch.XStorage` class name (also `torch.cuda.XStorage`).
std::optional<torch::ScalarType> storageDtype(std::string name) {
    static const std::map<std::string, torch::ScalarType> kTypes{
        {"torch.FloatStorage", torch::kFloat}, {"torch.DoubleStorage", torch::kDouble},
        {"torch.HalfStorage", torch::kHalf},   {"torch.BFloat16Storage", torch::kBFloat16},
        {"torch.LongStorage", torch::kLong},   {"torch.IntStorage", torch::kInt},
        {"torch.ShortStorage", torch::kShort}, {"torch.CharStorage", torch::kChar},
        {"torch.ByteStorage", torch::kByte},   {"torch.BoolStorage", torch::kBool}};
    if (name.rfind("torch.cuda.", 0) == 0)
        name = "torch." + name.substr(11);
    const auto found = kTypes.find(name);
    if (found == kTypes.end())
        return std::nullopt;
    return found->second;
}

/// Copies `count` elements of `dtype` from raw bytes into a new 1-D tensor, swapping bytes when
/// the file is big-endian and normalising booleans (any byte pattern stays a valid bool).
torch::Tensor storageFromBytes(const std::uint8_t* bytes, std::int64_t count,
                               torch::ScalarType dtype, bool bigEndian) {
    torch::Tensor storage = torch::empty({count}, torch::TensorOptions().dtype(dtype));
    const std::size_t elementSize = torch::elementSize(dtype);
    auto* target = static_cast<std::uint8_t*>(storage.data_ptr());
    const std::size_t byteCount = static_cast<std::size_t>(count) * elementSize;
    if (byteCount)
        std::memcpy(target, bytes, byteCount);
    if (bigEndian && elementSize > 1)
        for (std::size_t i = 0; i < byteCount; i += elementSize)
            std::reverse(target + i, target + i + elementSize);
    if (dtype == torch::kBool)
        for (std::size_t i = 0; i < byteCount; ++i)
            target[i] = target[i] != 0;
    return storage;
}

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
        m_arena.emplace_back(kind);
        return &m_arena.back();
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
};

Value* Unpickler::load() {
    for (;;) {
        m_opcodePosition = m_position;
        const std::uint8_t opcode = *take(1);
        switch (opcode) {
        case 0x80: // PROTO
            if (*take(1) > 5)
                fail("unsupported pickle protocol");
            break;
        case 0x95: // FRAME: a length hint only
            take(8);
            break;
        case '.': { // STOP
            Value* result = pop();
            return result;
        }
        case '(': // MARK
            m_marks.push_back(m_stack.size());
            break;
        case '0': // POP
            pop();
            break;
        case '1': // POP_MARK
            popToMark();
            break;
        case '2': // DUP
            push(top());
            break;
        case 'N':
            push(make(Kind::None));
            break;
        case 0x88:
        case 0x89: { // NEWTRUE, NEWFALSE
            Value* v = make(Kind::Bool);
            v->boolean = opcode == 0x88;
            push(v);
            break;
        }
        case 'J': // BININT
            push(makeInt(static_cast<std::int32_t>(static_cast<std::uint32_t>(readUnsigned(4)))));
            break;
        case 'K': // BININT1
            push(makeInt(static_cast<std::int64_t>(readUnsigned(1))));
            break;
        case 'M': // BININT2
            push(makeInt(static_cast<std::int64_t>(readUnsigned(2))));
            break;
        case 'I': { // INT (protocol 0 text; also "01"/"00" booleans)
            const std::string line = readLine();
            if (line == "01" || line == "00") {
                Value* v = make(Kind::Bool);
                v->boolean = line == "01";
                push(v);
                break;
            }
            try {
                std::size_t used = 0;
                const long long value = std::stoll(line, &used);
                if (used != line.size())
                    fail("malformed INT");
                push(makeInt(value));
            } catch (const std::logic_error&) {
                fail("malformed INT");
            }
            break;
        }
        case 0x8a:   // LONG1
        case 0x8b: { // LONG4
            const std::uint64_t length = readUnsigned(opcode == 0x8a ? 1 : 4);
            const std::uint8_t* bytes = take(length);
            if (length <= 8) {
                std::uint64_t value = 0;
                for (std::uint64_t i = length; i > 0; --i)
                    value = (value << 8) | bytes[i - 1];
                if (length > 0 && length < 8 && (bytes[length - 1] & 0x80))
                    value |= ~std::uint64_t{0} << (8 * length); // sign-extend
                push(makeInt(static_cast<std::int64_t>(value)));
            } else {
                Value* v = make(Kind::BigInt);
                v->text.assign(reinterpret_cast<const char*>(bytes),
                               static_cast<std::size_t>(length));
                push(v);
            }
            break;
        }
        case 'G': { // BINFLOAT, big-endian IEEE double
            const std::uint8_t* bytes = take(8);
            std::uint64_t bits = 0;
            for (int i = 0; i < 8; ++i)
                bits = (bits << 8) | bytes[i];
            Value* v = make(Kind::Float);
            std::memcpy(&v->real, &bits, sizeof bits);
            push(v);
            break;
        }
        case 'X': // BINUNICODE
        case 'T': // BINSTRING (Python 2 str)
            push(makeText(Kind::String, readUnsigned(4)));
            break;
        case 0x8c: // SHORT_BINUNICODE
        case 'U':  // SHORT_BINSTRING
            push(makeText(Kind::String, readUnsigned(1)));
            break;
        case 0x8d: // BINUNICODE8
            push(makeText(Kind::String, readUnsigned(8)));
            break;
        case 'B': // BINBYTES
            push(makeText(Kind::Bytes, readUnsigned(4)));
            break;
        case 'C': // SHORT_BINBYTES
            push(makeText(Kind::Bytes, readUnsigned(1)));
            break;
        case 0x8e: // BINBYTES8
        case 0x96: // BYTEARRAY8
            push(makeText(Kind::Bytes, readUnsigned(8)));
            break;
        case ')': // EMPTY_TUPLE
            push(makeTuple({}));
            break;
        case 't': // TUPLE
            push(makeTuple(popToMark()));
            break;
        case 0x85:
        case 0x86:
        case 0x87: { // TUPLE1, TUPLE2, TUPLE3
            std::vector<Value*> items(static_cast<std::size_t>(opcode - 0x84));
            for (auto it = items.rbegin(); it != items.rend(); ++it)
                *it = pop();
            push(makeTuple(std::move(items)));
            break;
        }
        case ']':  // EMPTY_LIST
        case 0x8f: // EMPTY_SET (kept as a list)
            push(make(Kind::List));
            break;
        case 'l':    // LIST
        case 0x91: { // FROZENSET
            Value* v = make(Kind::List);
            v->items = popToMark();
            push(v);
            break;
        }
        case 'a': { // APPEND
            Value* item = pop();
            appendItems(top(), {item});
            break;
        }
        case 'e':    // APPENDS
        case 0x90: { // ADDITEMS
            std::vector<Value*> items = popToMark();
            appendItems(top(), items);
            break;
        }
        case '}': // EMPTY_DICT
            push(make(Kind::Dict));
            break;
        case 'd': { // DICT
            std::vector<Value*> items = popToMark();
            Value* v = make(Kind::Dict);
            setItems(v, items);
            push(v);
            break;
        }
        case 's': { // SETITEM
            Value* value = pop();
            Value* key = pop();
            setItems(top(), {key, value});
            break;
        }
        case 'u': { // SETITEMS
            std::vector<Value*> items = popToMark();
            setItems(top(), items);
            break;
        }
        case 'c': { // GLOBAL
            std::string module = readLine();
            const std::string name = readLine();
            Value* v = make(Kind::Global);
            v->text = module + "." + name;
            push(v);
            break;
        }
        case 0x93: { // STACK_GLOBAL
            Value* name = pop();
            Value* module = pop();
            if (name->kind != Kind::String || module->kind != Kind::String)
                fail("STACK_GLOBAL needs two strings");
            Value* v = make(Kind::Global);
            v->text = module->text + "." + name->text;
            push(v);
            break;
        }
        case 'R': { // REDUCE
            Value* arguments = pop();
            Value* callable = pop();
            push(reduce(callable, arguments));
            break;
        }
        case 0x81: { // NEWOBJ
            Value* arguments = pop();
            Value* cls = pop();
            push(reduce(cls, arguments));
            break;
        }
        case 0x92: { // NEWOBJ_EX
            pop();   // keyword arguments
            Value* arguments = pop();
            Value* cls = pop();
            push(reduce(cls, arguments));
            break;
        }
        case 'b': { // BUILD
            Value* state = pop();
            Value* object = top();
            // An object's attributes are kept (e.g. an argparse.Namespace of hyper-parameters);
            // an OrderedDict's state (`_metadata`) and anything else are dropped.
            if (object->kind == Kind::Object && state->kind == Kind::Dict)
                object->entries.insert(object->entries.end(), state->entries.begin(),
                                       state->entries.end());
            break;
        }
        case 'Q': { // BINPERSID
            Value* pid = pop();
            if (!m_persistentLoad)
                fail("unexpected persistent id");
            Value* v = make(Kind::Storage);
            v->tensor = m_persistentLoad(*pid);
            push(v);
            break;
        }
        case 'h': // BINGET
            push(memoGet(readUnsigned(1)));
            break;
        case 'j': // LONG_BINGET
            push(memoGet(readUnsigned(4)));
            break;
        case 'q': // BINPUT
            memoPut(readUnsigned(1));
            break;
        case 'r': // LONG_BINPUT
            memoPut(readUnsigned(4));
            break;
        case 0x94: // MEMOIZE
            memoPut(m_memo.size());
            break;
        default: {
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02x", opcode);
            fail(std::string("unsupported opcode ") + hex);
        }
        }
    }
}

Value* Unpickler::reduce(Value* callable, Value* arguments) {
    if (callable->kind != Kind::Global)
        fail(std::string("cannot call a ") + kindName(callable->kind));
    if (arguments->kind != Kind::Tuple)
        fail("call arguments are not a tuple");
    const std::string& name = callable->text;
    const std::vector<Value*>& args = arguments->items;
    if (name == "collections.OrderedDict" || name == "builtins.dict" || name == "__builtin__.dict")
        return make(Kind::Dict);
    if (name == "torch._utils._rebuild_tensor_v2" || name == "torch._utils._rebuild_tensor")
        return rebuildTensor(args);
    if (name == "torch._utils._rebuild_parameter" ||
        name == "torch._utils._rebuild_parameter_with_state" ||
        name == "torch.nn.parameter.Parameter") {
        if (args.empty() || args[0]->kind != Kind::Tensor)
            fail(name + " without a tensor");
        return args[0];
    }
    if (name == "numpy.dtype") {
        Value* v = make(Kind::Dtype);
        if (!args.empty() && args[0]->kind == Kind::String)
            v->text = args[0]->text;
        return v;
    }
    if (name == "numpy.core.multiarray.scalar" || name == "numpy._core.multiarray.scalar")
        return numpyScalar(args);
    Value* object = make(Kind::Object);
    object->text = name;
    return object;
}

Value* Unpickler::rebuildTensor(const std::vector<Value*>& args) {
    if (args.size() < 4 || args[0]->kind != Kind::Storage || args[1]->kind != Kind::Int ||
        args[2]->kind != Kind::Tuple || args[3]->kind != Kind::Tuple)
        fail("malformed tensor (expected storage, offset, size, stride)");
    const torch::Tensor& storage = args[0]->tensor;
    const std::int64_t offset = args[1]->integer;
    const std::vector<Value*>& sizeItems = args[2]->items;
    const std::vector<Value*>& strideItems = args[3]->items;
    if (sizeItems.size() != strideItems.size() || sizeItems.size() > kMaxDimensions)
        fail("tensor size and stride do not match");
    std::vector<std::int64_t> sizes;
    std::vector<std::int64_t> strides;
    std::int64_t count = 1;
    for (std::size_t i = 0; i < sizeItems.size(); ++i) {
        if (sizeItems[i]->kind != Kind::Int || strideItems[i]->kind != Kind::Int ||
            sizeItems[i]->integer < 0 || strideItems[i]->integer < 0)
            fail("tensor sizes and strides must be non-negative integers");
        sizes.push_back(sizeItems[i]->integer);
        strides.push_back(strideItems[i]->integer);
        if (sizes.back() != 0 && count > std::numeric_limits<std::int64_t>::max() / sizes.back())
            fail("tensor too large");
        count *= sizes.back();
    }
    const std::int64_t storageCount = storage.numel();
    if (offset < 0 || count > std::max(storageCount, kMaxBroadcastElements))
        fail("tensor larger than its storage");
    Value* v = make(Kind::Tensor);
    if (count == 0) {
        v->tensor = torch::empty(sizes, storage.options());
        return v;
    }
    // The highest element addressed must lie inside the storage.
    std::int64_t last = offset;
    for (std::size_t i = 0; i < sizes.size(); ++i) {
        const std::int64_t step = sizes[i] - 1;
        if (strides[i] != 0 &&
            step > (std::numeric_limits<std::int64_t>::max() - last) / strides[i])
            fail("tensor strides overflow");
        last += step * strides[i];
    }
    if (last >= storageCount)
        fail("tensor reaches past the end of its storage");
    v->tensor = storage.as_strided(sizes, strides, offset);
    return v;
}

Value* Unpickler::numpyScalar(const std::vector<Value*>& args) {
    if (args.size() < 2 || args[0]->kind != Kind::Dtype || args[1]->kind != Kind::Bytes)
        return make(Kind::Object);
    const std::string& type = args[0]->text;
    const std::string& bytes = args[1]->text;
    const auto readLittle = [&bytes](std::size_t size) {
        std::uint64_t value = 0;
        for (std::size_t i = size; i > 0; --i)
            value = (value << 8) | static_cast<std::uint8_t>(bytes[i - 1]);
        return value;
    };
    if ((type == "f8" || type == "f4") && bytes.size() == (type == "f8" ? 8u : 4u)) {
        Value* v = make(Kind::Float);
        if (type == "f8") {
            const std::uint64_t bits = readLittle(8);
            std::memcpy(&v->real, &bits, 8);
        } else {
            const auto bits = static_cast<std::uint32_t>(readLittle(4));
            float value;
            std::memcpy(&value, &bits, 4);
            v->real = value;
        }
        return v;
    }
    if ((type == "i8" || type == "i4") && bytes.size() == (type == "i8" ? 8u : 4u)) {
        const std::uint64_t bits = readLittle(bytes.size());
        return makeInt(type == "i8" ? static_cast<std::int64_t>(bits)
                                    : static_cast<std::int32_t>(static_cast<std::uint32_t>(bits)));
    }
    return make(Kind::Object);
}

/// A persistent id ('storage', StorageClass, key, location, count[, view]) checked for shape.
struct StorageReference {
    torch::ScalarType dtype;
    std::string key;
    std::int64_t count;
    const Value* view; // legacy: (view key, offset, count) or None
};

StorageReference parseStorageReference(const Value& pid, std::size_t minimumItems) {
    if (pid.kind != Kind::Tuple || pid.items.size() < minimumItems ||
        pid.items[0]->kind != Kind::String || pid.items[0]->text != "storage")
        throw FormatError("unsupported persistent id (expected a storage reference)");
    const Value* type = pid.items[1];
    if (type->kind != Kind::Global)
        throw FormatError("storage reference without a storage class");
    const auto dtype = storageDtype(type->text);
    if (!dtype)
        throw FormatError("unsupported storage type " + type->text);
    const Value* key = pid.items[2];
    if (key->kind != Kind::String && key->kind != Kind::Int)
        throw FormatError("storage reference without a key");
    const Value* count = pid.items[4];
    if (count->kind != Kind::Int || count->integer < 0)
        throw FormatError("storage reference without an element count");
    return {*dtype, key->kind == Kind::String ? key->text : std::to_string(key->integer),
            count->integer, pid.items.size() > 5 ? pid.items[5] : nullptr};
}

/// A tensor that owns compact memory: views into larger storages are copied out.
torch::Tensor compactTensor(const torch::Tensor& tensor) {
    const bool ownsAll = tensor.is_contiguous() && tensor.storage_offset() == 0 &&
                         tensor.storage().nbytes() ==
                             static_cast<std::size_t>(tensor.numel()) * tensor.element_size();
    return ownsAll ? tensor : tensor.clone(at::MemoryFormat::Contiguous);
}

std::string keyText(const Value& key) {
    if (key.kind == Kind::String)
        return key.text;
    if (key.kind == Kind::Int)
        return std::to_string(key.integer);
    return {};
}

/// Collects state dicts and scalars from the unpickled object, depth-first; each dictionary is
/// visited once (pickles may share or cycle).
void collect(const Value& value, const std::string& path, std::size_t depth,
             std::unordered_set<const Value*>& visited, PthContents& contents) {
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
            tensors.insert(name, compactTensor(item->tensor));
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
        collect(*child, childPath, depth + 1, visited, contents);
}

PthContents contentsOf(const Value& root) {
    PthContents contents;
    if (root.kind != Kind::Dict && root.kind != Kind::Object)
        throw FormatError(std::string("the file holds a ") + kindName(root.kind) +
                          ", not a dictionary of tensors");
    std::unordered_set<const Value*> visited;
    collect(root, "", 0, visited, contents);
    return contents;
}

PthContents parseZip(const std::uint8_t* data, std::size_t size, bool verifyChecksums) {
    const ZipReader zip(data, size);
    std::string prefix;
    const ZipEntry* pickle = nullptr;
    for (const ZipEntry& entry : zip.entries()) {
        const std::string& name = entry.name;
        const std::size_t slash = name.find('/');
        if (name == "data.pkl" || (slash != std::string::npos &&
                                   name.compare(slash, std::string::npos, "/data.pkl") == 0)) {
            pickle = &entry;
            prefix = name.substr(0, name.size() - 8);
            break;
        }
    }
    if (!pickle)
        throw FormatError("ZIP archive without data.pkl: not a PyTorch checkpoint (a TorchScript "
                          "or ONNX file?)");
    if (zip.find(prefix + "constants.pkl"))
        throw FormatError("this is a TorchScript archive, not a torch.save checkpoint");

    bool bigEndian = false;
    if (const ZipEntry* order = zip.find(prefix + "byteorder")) {
        const auto* bytes = zip.data(*order, verifyChecksums);
        const std::string text(reinterpret_cast<const char*>(bytes),
                               static_cast<std::size_t>(std::min<std::uint64_t>(order->size, 16)));
        if (text != "little" && text != "big")
            throw FormatError("unknown byte order '" + text + "'");
        bigEndian = text == "big";
    }

    std::unordered_map<std::string, torch::Tensor> storages;
    const auto load = [&](const Value& pid) {
        const StorageReference reference = parseStorageReference(pid, 5);
        const auto cached = storages.find(reference.key);
        if (cached != storages.end()) {
            if (cached->second.scalar_type() != reference.dtype)
                throw FormatError("storage " + reference.key + " used with two types");
            return cached->second;
        }
        const ZipEntry* entry = zip.find(prefix + "data/" + reference.key);
        if (!entry)
            throw FormatError("missing tensor data entry data/" + reference.key);
        const std::uint64_t elementSize = torch::elementSize(reference.dtype);
        if (static_cast<std::uint64_t>(reference.count) > entry->size / elementSize)
            throw FormatError("tensor data entry data/" + reference.key + " is too short");
        torch::Tensor storage = storageFromBytes(zip.data(*entry, verifyChecksums), reference.count,
                                                 reference.dtype, bigEndian);
        storages.emplace(reference.key, storage);
        return storage;
    };
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
    const auto load = [&](const Value& pid) {
        const StorageReference reference = parseStorageReference(pid, 6);
        auto found = storages.find(reference.key);
        if (found == storages.end()) {
            const std::uint64_t elementSize = torch::elementSize(reference.dtype);
            if (static_cast<std::uint64_t>(reference.count) > (size - position) / elementSize)
                throw FormatError("storage " + reference.key + " is larger than the file");
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
