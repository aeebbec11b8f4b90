// Reading and writing PyTorch .pth files: the reference checkpoints, every tensor layout PyTorch
// stores, the legacy format, interop with Python's torch.load, and robustness on broken input.
#include "base/error.h"
#include "base/file_io.h"
#include "nn/density_model.h"
#include "nn/pth_reader.h"
#include "nn/pth_writer.h"
#include "nn/unpickler.h"
#include "nn/zip_reader.h"
#include "test_support.h"

#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <random>

using namespace crowdkd;
using namespace crowdkd::nn;

namespace {

/// The Python with numpy and torch (not the pyenv one on PATH).
const QString kPython = QStringLiteral("/usr/bin/python3");

/// Runs Python code; returns stdout, or skips the test when Python or torch is missing.
bool runPython(const QStringList& arguments, QByteArray* output, QString* skipReason) {
    if (!QFileInfo::exists(kPython)) {
        *skipReason = QStringLiteral("%1 not found").arg(kPython);
        return false;
    }
    QProcess probe;
    probe.start(kPython, {QStringLiteral("-c"), QStringLiteral("import torch")});
    if (!probe.waitForFinished(120000) || probe.exitCode() != 0) {
        *skipReason = QStringLiteral("PyTorch is not installed for %1").arg(kPython);
        return false;
    }
    QProcess process;
    process.start(kPython, arguments);
    if (!process.waitForFinished(300000))
        qFatal("python did not finish");
    if (process.exitCode() != 0)
        qWarning("python failed: %s", process.readAllStandardError().constData());
    *output = process.readAllStandardOutput();
    return process.exitCode() == 0;
}

std::filesystem::path toPath(const QString& path) {
    return std::filesystem::path(path.toStdU16String());
}

/// The tensors pth_samples.py saves, built the same way here.
std::vector<std::pair<std::string, torch::Tensor>> expectedSamples() {
    const torch::Tensor base = torch::arange(24, torch::kFloat) * 0.5 - 3.0;
    return {{"contiguous", base.reshape({2, 3, 4})},
            {"transposed", base.reshape({4, 6}).t()},
            {"offset_view", base.slice(0, 5, 17).reshape({3, 4})},
            {"half", (base / 8).to(torch::kHalf)},
            {"double", base.to(torch::kDouble) / 3},
            {"int64", torch::arange(-5, 7, torch::kLong).reshape({3, 4})},
            {"scalar", torch::tensor(7, torch::kLong)},
            {"flag", torch::tensor({true, false, true})},
            {"param", base.slice(0, 0, 6).reshape({2, 3})}};
}

/// Expects `call` to throw a FileError naming `origin` whose reason contains `fragment`.
template <typename Call>
void expectFileError(Call&& call, const std::filesystem::path& origin, const QString& fragment) {
    try {
        call();
        QFAIL("expected a FileError");
    } catch (const FileError& error) {
        QCOMPARE(error.path(), origin);
        QVERIFY2(QString::fromStdString(error.reason()).contains(fragment), error.what());
    }
}

} // namespace

class TestPth : public QObject {
    Q_OBJECT

private slots:
    void referenceMcnnStateDicts() {
        CROWDKD_REQUIRE_SHARED("fixtures/pytorch/mcnn_state_dict.pth");
        const PthContents plain =
            readPth(test::sharedPath(QStringLiteral("fixtures/pytorch/mcnn_state_dict.pth")));
        QCOMPARE(plain.stateDicts.size(), std::size_t{1});
        QCOMPARE(QString::fromStdString(plain.stateDicts.front().first), QString());
        const StateDict& weights = plain.stateDicts.front().second;
        QCOMPARE(weights.size(), std::size_t{26});
        // Same names, order, shapes and dtypes as a fresh MCNN.
        const StateDict ours = DensityModel(ModelKind::Mcnn).stateDict();
        QCOMPARE(weights.names(), ours.names());
        for (const auto& [name, tensor] : ours) {
            QCOMPARE(weights.at(name).sizes().vec(), tensor.sizes().vec());
            QCOMPARE(weights.at(name).scalar_type(), torch::kFloat);
        }

        const StateDict prefixed = readPthStateDict(
            test::sharedPath(QStringLiteral("fixtures/pytorch/mcnn_dme_state_dict.pth")));
        QVERIFY(prefixed.allStartWith("DME."));
        for (const auto& [name, tensor] : weights)
            QVERIFY(torch::equal(prefixed.at("DME." + name), tensor));
    }

    void referenceMsfanetCheckpoint() {
        CROWDKD_REQUIRE_SHARED("fixtures/pytorch/msfanet_checkpoint.pth");
        const auto path =
            test::sharedPath(QStringLiteral("fixtures/pytorch/msfanet_checkpoint.pth"));
        const PthContents contents = readPth(path);
        QCOMPARE(contents.number("epoch", -1), 123.0);
        QVERIFY(std::holds_alternative<std::int64_t>(*contents.scalar("epoch")));
        QVERIFY(std::abs(contents.number("mae", 0) - 57.55) < 1e-9);
        QVERIFY(contents.stateDict("model"));
        const StateDict weights = selectStateDict(contents, path);
        QCOMPARE(weights.size(), std::size_t{247});

        // Our module's named parameters and buffers are exactly the checkpoint's 247 entries,
        // in the same order, with the same shapes and dtypes.
        const StateDict ours = DensityModel(ModelKind::MsfaNet).stateDict();
        QCOMPARE(ours.names(), weights.names());
        for (const auto& [name, tensor] : weights) {
            QVERIFY2(ours.at(name).sizes() == tensor.sizes(), name.c_str());
            QVERIFY2(ours.at(name).scalar_type() == tensor.scalar_type(), name.c_str());
        }
        QCOMPARE(weights.at("vgg.conv1_1.bn.num_batches_tracked").scalar_type(), torch::kLong);
        QCOMPARE(weights.at("vgg.conv1_1.bn.num_batches_tracked").dim(), std::int64_t{0});
    }

    void pretrainedSvishwaWeights() {
        CROWDKD_REQUIRE_SHARED("fixtures/pretrained/mcnn_shtechA_svishwa.pth");
        const StateDict weights = readPthStateDict(
            test::sharedPath(QStringLiteral("fixtures/pretrained/mcnn_shtechA_svishwa.pth")));
        DensityModel model(ModelKind::Mcnn);
        model.loadStateDict(weights);
        QVERIFY(torch::equal(model.stateDict().at("fuse.0.conv.weight"),
                             weights.at("fuse.0.conv.weight")));
    }

    void layoutsAndLegacyFormat() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QByteArray output;
        QString skipReason;
        const QString script = QStringLiteral(CROWDKD_TEST_SOURCE_DIR "/pth_samples.py");
        if (!runPython({script, dir.path()}, &output, &skipReason)) {
            if (!skipReason.isEmpty())
                QSKIP(qPrintable(skipReason));
            QFAIL("pth_samples.py failed");
        }
        for (const char* file : {"sample_zip.pth", "sample_legacy.pth"}) {
            const PthContents contents = readPth(toPath(dir.filePath(QString::fromUtf8(file))));
            const StateDict* model = contents.stateDict("model");
            QVERIFY2(model, file);
            QCOMPARE(model->size(), expectedSamples().size());
            for (const auto& [name, expected] : expectedSamples()) {
                const torch::Tensor& actual = model->at(name);
                QVERIFY2(actual.scalar_type() == expected.scalar_type(), name.c_str());
                QVERIFY2(actual.sizes() == expected.sizes(), name.c_str());
                QVERIFY2(actual.is_contiguous(), name.c_str());
                QVERIFY2(torch::equal(actual, expected), (std::string(file) + " " + name).c_str());
            }
            QCOMPARE(contents.number("epoch", 0), 12.0);
            QCOMPARE(contents.number("mae", 0), 57.25);
            QCOMPARE(std::get<std::string>(*contents.scalar("arch")), std::string("sample"));
            QCOMPARE(std::get<bool>(*contents.scalar("best")), true);
            QCOMPARE(std::get<std::int64_t>(*contents.scalar("big")), std::int64_t{1} << 40);
            QCOMPARE(std::get<std::int64_t>(*contents.scalar("negative")), std::int64_t{-300});
            QVERIFY(contents.stateDict("nested.inner"));
            QVERIFY(torch::equal(contents.stateDict("nested.inner")->at("w"),
                                 expectedSamples().front().second.flatten().slice(0, 0, 4)));
            // No default pick among several dicts except the conventional "model".
            QCOMPARE(selectStateDict(contents, "x").size(), expectedSamples().size());
        }
    }

    void writesWhatPythonLoads() {
        CROWDKD_REQUIRE_SHARED("fixtures/pytorch/mcnn_state_dict.pth");
        const auto reference =
            test::sharedPath(QStringLiteral("fixtures/pytorch/mcnn_state_dict.pth"));
        const StateDict weights = readPthStateDict(reference);
        QTemporaryDir dir;
        const QString bare = dir.filePath(QStringLiteral("mcnn 가중치.pth"));
        writePthStateDict(toPath(bare), weights);

        // Our own reader gets back the same tensors.
        const StateDict back = readPthStateDict(toPath(bare));
        QCOMPARE(back.names(), weights.names());
        for (const auto& [name, tensor] : weights)
            QVERIFY(torch::equal(back.at(name), tensor));

        // A checkpoint dict with scalars, and every dtype we write.
        PthContents checkpoint;
        StateDict mixed;
        for (const auto& [name, tensor] : expectedSamples())
            mixed.insert(name, tensor);
        checkpoint.stateDicts.emplace_back("model", weights);
        checkpoint.stateDicts.emplace_back("mixed", mixed);
        checkpoint.scalars.emplace_back("epoch", std::int64_t{42});
        checkpoint.scalars.emplace_back("big", std::int64_t{-(std::int64_t{1} << 40)});
        checkpoint.scalars.emplace_back("mae", 61.5);
        checkpoint.scalars.emplace_back("kind", std::string("mcnn"));
        checkpoint.scalars.emplace_back("best", true);
        const QString wrapped = dir.filePath(QStringLiteral("checkpoint.pth"));
        writePth(toPath(wrapped), checkpoint);
        const PthContents read = readPth(toPath(wrapped));
        QCOMPARE(read.number("epoch", 0), 42.0);
        QCOMPARE(std::get<std::int64_t>(*read.scalar("big")), -(std::int64_t{1} << 40));
        QCOMPARE(std::get<std::string>(*read.scalar("kind")), std::string("mcnn"));
        for (const auto& [name, tensor] : expectedSamples())
            QVERIFY2(torch::equal(read.stateDict("mixed")->at(name), tensor), name.c_str());

        // PyTorch loads both: the bare one straight into svishwa's MCNN.
        const QString check = QStringLiteral(R"(
import sys, torch, torch.nn as nn
class Conv2d(nn.Module):
    def __init__(self, i, o, k):
        super().__init__()
        self.conv = nn.Conv2d(i, o, k, padding=(k - 1) // 2)
        self.relu = nn.ReLU(inplace=True)
    def forward(self, x):
        return self.relu(self.conv(x))
def column(a, k1, k2):
    return nn.Sequential(Conv2d(1, a, k1), nn.MaxPool2d(2), Conv2d(a, 2 * a, k2), nn.MaxPool2d(2),
                         Conv2d(2 * a, a, k2), Conv2d(a, a // 2, k2))
class MCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.branch1 = column(16, 9, 7)
        self.branch2 = column(20, 7, 5)
        self.branch3 = column(24, 5, 3)
        self.fuse = nn.Sequential(Conv2d(30, 1, 1))
ours, reference, wrapped = sys.argv[1:4]
model = MCNN()
model.load_state_dict(torch.load(ours), strict=True)
expected = torch.load(reference)
assert all(torch.equal(model.state_dict()[k], v) for k, v in expected.items())
c = torch.load(wrapped)
assert c["epoch"] == 42 and c["mae"] == 61.5 and c["kind"] == "mcnn" and c["best"] is True
assert c["big"] == -(2 ** 40)
m = c["mixed"]
assert m["half"].dtype == torch.float16 and m["int64"].dtype == torch.int64
assert m["flag"].dtype == torch.bool and m["transposed"].shape == (6, 4)
assert torch.equal(m["transposed"], (torch.arange(24.) * 0.5 - 3).reshape(4, 6).t())
MCNN().load_state_dict(c["model"])
print("ok")
)");
        QByteArray output;
        QString skipReason;
        if (!runPython({QStringLiteral("-c"), check, bare,
                        QString::fromStdU16String(reference.u16string()), wrapped},
                       &output, &skipReason)) {
            if (!skipReason.isEmpty())
                QSKIP(qPrintable(skipReason));
            QFAIL("torch.load refused our file");
        }
        QCOMPARE(output.trimmed(), QByteArray("ok"));
    }

    void clearErrors() {
        QTemporaryDir dir;
        const auto missing = toPath(dir.filePath(QStringLiteral("absent.pth")));
        QVERIFY_THROWS_EXCEPTION(FileError, readPth(missing));

        const std::string text = "just some text, not a checkpoint";
        const auto origin = std::filesystem::path("text.pth");
        expectFileError(
            [&] {
                parsePth(reinterpret_cast<const std::uint8_t*>(text.data()), text.size(), origin);
            },
            origin, QStringLiteral("not a PyTorch checkpoint"));
        expectFileError([&] { parsePth(nullptr, 0, origin); }, origin, QStringLiteral("empty"));

        // A state dict whose key the user asks for does not exist.
        const std::vector<std::uint8_t> bytes =
            encodePthStateDict(DensityModel(ModelKind::Mcnn).stateDict());
        const PthContents contents = parsePth(bytes.data(), bytes.size(), origin);
        expectFileError([&] { selectStateDict(contents, origin, "model"); }, origin,
                        QStringLiteral("no state dict under key 'model'"));

        // Truncation anywhere is reported, never a crash.
        for (std::size_t length : {bytes.size() - 1, bytes.size() / 2, std::size_t{100}}) {
            try {
                parsePth(bytes.data(), length, origin);
                QFAIL("a truncated file must be refused");
            } catch (const FileError& error) {
                QCOMPARE(error.path(), origin);
            }
        }

        // A pickle that makes millions of values (about a hundred bytes each) is refused before
        // it has made them all.
        std::vector<std::uint8_t> flood = {0x80, 0x02};
        flood.insert(flood.end(), pickle::kMaxPickleValues + 1, static_cast<std::uint8_t>('N'));
        flood.push_back('.');
        expectFileError([&] { parsePth(flood.data(), flood.size(), origin); }, origin,
                        QStringLiteral("values (not a model's pickle)"));

        // Corrupted tensor data fails the CRC check.
        std::vector<std::uint8_t> corrupt = bytes;
        const ZipReader zip(corrupt.data(), corrupt.size());
        corrupt[zip.find("archive/data/0")->dataOffset] ^= 0x40;
        expectFileError([&] { parsePth(corrupt.data(), corrupt.size(), origin); }, origin,
                        QStringLiteral("CRC-32"));
    }

    void survivesMutations() {
        // A small fuzz run over the places where structure lives: the pickle, the ZIP headers
        // and directory. Every outcome is a parsed file or a FileError; never a crash.
        StateDict weights;
        for (const auto& [name, tensor] : expectedSamples())
            weights.insert(name, tensor);
        PthContents contents;
        contents.stateDicts.emplace_back("model", weights);
        contents.scalars.emplace_back("epoch", std::int64_t{3});
        const std::vector<std::uint8_t> original = encodePth(contents);
        const ZipReader zip(original.data(), original.size());
        const ZipEntry* pickle = zip.find("archive/data.pkl");
        QVERIFY(pickle);

        std::mt19937 random(20260101);
        const auto origin = std::filesystem::path("fuzz.pth");
        int parsed = 0;
        int refused = 0;
        for (int round = 0; round < 4000; ++round) {
            std::vector<std::uint8_t> bytes = original;
            const int edits = 1 + static_cast<int>(random() % 4);
            for (int e = 0; e < edits; ++e) {
                std::size_t at;
                switch (random() % 3) {
                case 0: // inside the pickle
                    at = pickle->dataOffset + random() % pickle->size;
                    break;
                case 1: // the last 600 bytes: central directory and end records
                    at = bytes.size() - 1 - random() % std::min<std::size_t>(600, bytes.size());
                    break;
                default:
                    at = random() % bytes.size();
                }
                bytes[at] = static_cast<std::uint8_t>(
                    random() % 4 == 0 ? bytes[at] ^ (1u << (random() % 8)) : random());
            }
            if (random() % 8 == 0)
                bytes.resize(random() % bytes.size());
            try {
                parsePth(bytes.data(), bytes.size(), origin, /*verifyChecksums=*/false);
                ++parsed;
            } catch (const FileError& error) {
                QCOMPARE(error.path(), origin);
                ++refused;
            }
        }
        QVERIFY(parsed > 0);
        QVERIFY(refused > 0);
    }
};

QTEST_GUILESS_MAIN(TestPth)
#include "test_pth.moc"
