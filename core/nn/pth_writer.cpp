#include "nn/pth_writer.h"

#include "base/error.h"
#include "base/file_io.h"

#include <caffe2/serialize/inline_container.h>

#include <cstring>
#include <stdexcept>
#include <string>

namespace crowdkd::nn {

namespace {

/// The `torch.XStorage` class that PyTorch pickles for a dtype.
const char* storageClass(torch::ScalarType dtype) {
    switch (dtype) {
    case torch::kFloat:
        return "FloatStorage";
    case torch::kDouble:
        return "DoubleStorage";
    case torch::kHalf:
        return "HalfStorage";
    case torch::kBFloat16:
        return "BFloat16Storage";
    case torch::kLong:
        return "LongStorage";
    case torch::kInt:
        return "IntStorage";
    case torch::kShort:
        return "ShortStorage";
    case torch::kChar:
        return "CharStorage";
    case torch::kByte:
        return "ByteStorage";
    case torch::kBool:
        return "BoolStorage";
    default:
        throw std::invalid_argument(std::string("cannot save tensors of type ") +
                                    c10::toString(dtype));
    }
}

/// Emits pickle protocol 2 opcodes, as Python's pickler does for `torch.save`.
class PickleWriter {
public:
    std::string& bytes() { return m_bytes; }

    void op(char opcode) { m_bytes.push_back(opcode); }
    void global(const char* module, const char* name) {
        op('c');
        m_bytes += module;
        m_bytes += '\n';
        m_bytes += name;
        m_bytes += '\n';
    }
    void string(const std::string& text) {
        op('X');
        appendLittle(static_cast<std::uint32_t>(text.size()), 4);
        m_bytes += text;
    }
    void integer(std::int64_t value) {
        if (value >= 0 && value < 256) {
            op('K');
            appendLittle(static_cast<std::uint64_t>(value), 1);
        } else if (value >= INT32_MIN && value <= INT32_MAX) {
            op('J');
            appendLittle(static_cast<std::uint32_t>(static_cast<std::int32_t>(value)), 4);
        } else {
            op('\x8a'); // LONG1, 8 bytes two's complement
            m_bytes.push_back(8);
            appendLittle(static_cast<std::uint64_t>(value), 8);
        }
    }
    void real(double value) {
        op('G');
        std::uint64_t bits;
        std::memcpy(&bits, &value, sizeof bits);
        for (int i = 7; i >= 0; --i)
            m_bytes.push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
    }
    void boolean(bool value) { op(value ? '\x88' : '\x89'); }
    void emptyOrderedDict() {
        global("collections", "OrderedDict");
        op(')'); // EMPTY_TUPLE
        op('R'); // REDUCE
    }
    void intTuple(c10::IntArrayRef values) {
        op('(');
        for (const std::int64_t value : values)
            integer(value);
        op('t');
    }

private:
    void appendLittle(std::uint64_t value, int bytes) {
        for (int i = 0; i < bytes; ++i)
            m_bytes.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
    }

    std::string m_bytes;
};

/// Pickles a state dict as an OrderedDict of `_rebuild_tensor_v2` calls whose storages are
/// persistent ids 'storage' → `data/<key>`; collects the contiguous CPU tensors to store.
void pickleStateDict(PickleWriter& pickle, const StateDict& weights,
                     std::vector<torch::Tensor>& storages) {
    pickle.emptyOrderedDict();
    if (weights.empty())
        return;
    pickle.op('(');
    for (const auto& [name, tensor] : weights) {
        if (!tensor.defined())
            throw std::invalid_argument("tensor '" + name + "' is undefined");
        const torch::Tensor data = tensor.detach().to(torch::kCPU).contiguous();
        const std::string key = std::to_string(storages.size());
        storages.push_back(data);
        pickle.string(name);
        pickle.global("torch._utils", "_rebuild_tensor_v2");
        pickle.op('(');
        pickle.op('(');
        pickle.string("storage");
        pickle.global("torch", storageClass(data.scalar_type()));
        pickle.string(key);
        pickle.string("cpu");
        pickle.integer(data.numel());
        pickle.op('t');
        pickle.op('Q'); // BINPERSID
        pickle.integer(0);
        pickle.intTuple(data.sizes());
        pickle.intTuple(data.strides());
        pickle.boolean(false);
        pickle.emptyOrderedDict(); // backward hooks
        pickle.op('t');
        pickle.op('R');
    }
    pickle.op('u'); // SETITEMS
}

void pickleScalar(PickleWriter& pickle, const PthScalar& value) {
    if (const auto* b = std::get_if<bool>(&value))
        pickle.boolean(*b);
    else if (const auto* i = std::get_if<std::int64_t>(&value))
        pickle.integer(*i);
    else if (const auto* d = std::get_if<double>(&value))
        pickle.real(*d);
    else
        pickle.string(std::get<std::string>(value));
}

} // namespace

std::vector<std::uint8_t> encodePth(const PthContents& contents) {
    PickleWriter pickle;
    std::vector<torch::Tensor> storages;
    pickle.op('\x80');
    pickle.bytes().push_back(2);
    const bool bare = contents.stateDicts.size() == 1 &&
                      contents.stateDicts.front().first.empty() && contents.scalars.empty();
    if (bare) {
        pickleStateDict(pickle, contents.stateDicts.front().second, storages);
    } else {
        pickle.op('}'); // EMPTY_DICT
        pickle.op('(');
        for (const auto& [key, weights] : contents.stateDicts) {
            pickle.string(key);
            pickleStateDict(pickle, weights, storages);
        }
        for (const auto& [key, value] : contents.scalars) {
            pickle.string(key);
            pickleScalar(pickle, value);
        }
        pickle.op('u');
    }
    pickle.op('.');

    std::vector<std::uint8_t> bytes;
    caffe2::serialize::PyTorchStreamWriter writer([&bytes](const void* data, std::size_t size) {
        const auto* begin = static_cast<const std::uint8_t*>(data);
        bytes.insert(bytes.end(), begin, begin + size);
        return size;
    });
    writer.writeRecord("data.pkl", pickle.bytes().data(), pickle.bytes().size());
    for (std::size_t i = 0; i < storages.size(); ++i)
        writer.writeRecord("data/" + std::to_string(i), storages[i].data_ptr(),
                           storages[i].numel() * storages[i].element_size());
    writer.writeEndOfFile();
    return bytes;
}

std::vector<std::uint8_t> encodePthStateDict(const StateDict& weights) {
    PthContents contents;
    contents.stateDicts.emplace_back("", weights);
    return encodePth(contents);
}

void writePth(const std::filesystem::path& path, const PthContents& contents) {
    std::vector<std::uint8_t> bytes;
    try {
        bytes = encodePth(contents);
    } catch (const std::exception& error) {
        throw FileError(path, std::string("cannot encode the checkpoint: ") + error.what());
    }
    writeFileAtomically(path, bytes);
}

void writePthStateDict(const std::filesystem::path& path, const StateDict& weights) {
    PthContents contents;
    contents.stateDicts.emplace_back("", weights);
    writePth(path, contents);
}

} // namespace crowdkd::nn
