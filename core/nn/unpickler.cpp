#include "nn/unpickler.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <limits>
#include <map>
#include <memory>

namespace crowdkd::nn::pickle {

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
            if (object->kind == Kind::Object && state->kind == Kind::Dict) {
                count(state->entries.size());
                object->entries.insert(object->entries.end(), state->entries.begin(),
                                       state->entries.end());
            } else if (object->kind == Kind::Object) {
                object->customState = true;
            }
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

torch::Tensor TensorCompactor::compact(const Value& value) {
    const auto done = m_compacted.find(&value);
    if (done != m_compacted.end())
        return done->second;
    const torch::Tensor& tensor = value.tensor;
    const auto bytes = static_cast<std::uint64_t>(tensor.numel()) * tensor.element_size();
    const bool ownsAll = tensor.is_contiguous() && tensor.storage_offset() == 0 &&
                         tensor.storage().nbytes() == bytes;
    if (!ownsAll) {
        m_copiedBytes += bytes;
        if (m_copiedBytes > kMaxCopiedBytes)
            throw FormatError("its tensor views would copy out more than " +
                              std::to_string(kMaxCopiedBytes >> 20) + " MiB");
    }
    torch::Tensor compacted = ownsAll ? tensor : tensor.clone(at::MemoryFormat::Contiguous);
    m_compacted.emplace(&value, compacted);
    return compacted;
}

std::string keyText(const Value& key) {
    if (key.kind == Kind::String)
        return key.text;
    if (key.kind == Kind::Int)
        return std::to_string(key.integer);
    return {};
}

const ZipEntry* findDataPickle(const ZipReader& zip, std::string& prefix) {
    for (const ZipEntry& entry : zip.entries()) {
        const std::string& name = entry.name;
        const std::size_t slash = name.find('/');
        if (name == "data.pkl" || (slash != std::string::npos &&
                                   name.compare(slash, std::string::npos, "/data.pkl") == 0)) {
            prefix = name.substr(0, name.size() - 8);
            return &entry;
        }
    }
    return nullptr;
}

PersistentLoad zipStorageLoader(const ZipReader& zip, const std::string& prefix,
                                bool verifyChecksums,
                                std::unordered_map<std::string, torch::Tensor>& storages) {
    bool bigEndian = false;
    if (const ZipEntry* order = zip.find(prefix + "byteorder")) {
        const auto* bytes = zip.data(*order, verifyChecksums);
        const std::string text(reinterpret_cast<const char*>(bytes),
                               static_cast<std::size_t>(std::min<std::uint64_t>(order->size, 16)));
        if (text != "little" && text != "big")
            throw FormatError("unknown byte order '" + text + "'");
        bigEndian = text == "big";
    }
    // Storages are stored entries, so together they fit in the archive, unless entries share
    // their bytes: then each copy would cost the shared bytes again.
    auto loadedBytes = std::make_shared<std::uint64_t>(0);
    return [&zip, prefix, verifyChecksums, bigEndian, &storages, loadedBytes](const Value& pid) {
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
        *loadedBytes += static_cast<std::uint64_t>(reference.count) * elementSize;
        if (*loadedBytes > zip.size())
            throw FormatError("its tensor data entries share bytes (data/" + reference.key +
                              " brings them past the archive's size)");
        torch::Tensor storage = storageFromBytes(zip.data(*entry, verifyChecksums), reference.count,
                                                 reference.dtype, bigEndian);
        storages.emplace(reference.key, storage);
        return storage;
    };
}

} // namespace crowdkd::nn::pickle
