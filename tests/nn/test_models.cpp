// The model architectures: sizes, parameter counts, state-dict names, the common interface.
#include "nn/density_model.h"
#include "nn/mcnn.h"
#include "nn/msfanet.h"
#include "test_support.h"

#include <QTest>

using namespace crowdkd::nn;

class TestModels : public QObject {
    Q_OBJECT

private slots:
    void mcnnShapesAndParameters() {
        DensityModel model(ModelKind::Mcnn);
        QCOMPARE(model.inputChannels(), 1);
        QCOMPARE(model.outputStride(), 4);
        QCOMPARE(model.parameterCount(), std::int64_t{127953});
        model.eval();
        torch::NoGradGuard noGrad;
        const ModelOutput output = model.forward(torch::rand({2, 1, 96, 128}) * 255);
        QCOMPARE(output.density.sizes().vec(), (std::vector<std::int64_t>{2, 1, 24, 32}));
        QVERIFY(!output.attention.defined());
        QVERIFY(output.density.min().item<float>() >= 0.0f); // fused by a ReLU

        // Sides not divisible by 4 floor like PyTorch's max-pools.
        QCOMPARE(model.forward(torch::rand({1, 1, 30, 43})).density.sizes().vec(),
                 (std::vector<std::int64_t>{1, 1, 7, 10}));

        QCOMPARE(DensityModel(ModelKind::Mcnn, 3).parameterCount(), std::int64_t{133705});
    }

    void mcnnKeyNames() {
        const StateDict weights = DensityModel(ModelKind::Mcnn).stateDict();
        QCOMPARE(weights.size(), std::size_t{26});
        QCOMPARE(QString::fromStdString(weights.entries().front().first),
                 QStringLiteral("branch1.0.conv.weight"));
        QCOMPARE(weights.at("branch1.0.conv.weight").sizes().vec(),
                 (std::vector<std::int64_t>{16, 1, 9, 9}));
        QVERIFY(weights.contains("branch1.5.conv.bias"));
        QVERIFY(weights.contains("branch3.5.conv.bias"));
        QVERIFY(!weights.contains("branch1.1.conv.weight")); // the max-pool has no weights
        QCOMPARE(weights.at("fuse.0.conv.weight").sizes().vec(),
                 (std::vector<std::int64_t>{1, 30, 1, 1}));
    }

    void msfanetShapesAndParameters() {
        DensityModel model(ModelKind::MsfaNet);
        QCOMPARE(model.inputChannels(), 3);
        QCOMPARE(model.outputStride(), 2);
        QCOMPARE(model.parameterCount(), std::int64_t{22904390});
        const StateDict weights = model.stateDict();
        QCOMPARE(weights.size(), std::size_t{247});
        QVERIFY(weights.contains("spm.assp.aspp1.atrous_conv.weight"));
        QVERIFY(weights.contains("spm.assp.global_avg_pool.1.weight"));
        QVERIFY(weights.contains("spm.assp.global_avg_pool.2.running_var"));
        QVERIFY(weights.contains("spm.can.scales.3.1.weight"));
        QVERIFY(weights.contains("conv_out.bn.num_batches_tracked"));

        model.eval();
        torch::NoGradGuard noGrad;
        const ModelOutput output = model.forward(torch::randn({1, 3, 64, 96}));
        QCOMPARE(output.density.sizes().vec(), (std::vector<std::int64_t>{1, 1, 32, 48}));
        QCOMPARE(output.attention.sizes().vec(), (std::vector<std::int64_t>{1, 1, 32, 48}));
        QVERIFY(output.attention.min().item<float>() >= 0.0f);
        QVERIFY(output.attention.max().item<float>() <= 1.0f);
    }

    void msfanetRejectsBadInput() {
        DensityModel model(ModelKind::MsfaNet);
        model.eval();
        torch::NoGradGuard noGrad;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 model.forward(torch::zeros({1, 3, 40, 64})));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 model.forward(torch::zeros({1, 1, 32, 32})));
        model.train();
        try {
            model.forward(torch::zeros({1, 3, 32, 32}));
            QFAIL("a batch of 1 in training mode must be refused");
        } catch (const std::invalid_argument& error) {
            QVERIFY(QString::fromUtf8(error.what()).contains(QStringLiteral("batch size of 2")));
        }
    }

    void kindNames() {
        QVERIFY(modelKindFromString("MCNN") == ModelKind::Mcnn);
        QVERIFY(modelKindFromString("m-sfanet") == ModelKind::MsfaNet);
        QVERIFY(modelKindFromString(toString(ModelKind::MsfaNet)) == ModelKind::MsfaNet);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, modelKindFromString("csrnet"));
    }

    void stateDictRoundTripAndErrors() {
        DensityModel source(ModelKind::Mcnn);
        DensityModel target(ModelKind::Mcnn);
        target.loadStateDict(source.stateDict());
        QVERIFY(torch::equal(target.stateDict().at("branch2.4.conv.weight"),
                             source.stateDict().at("branch2.4.conv.weight")));

        // svishwa's DME. prefix is understood.
        StateDict prefixed;
        for (const auto& [name, tensor] : source.stateDict())
            prefixed.insert("DME." + name, tensor * 2);
        target.loadStateDict(prefixed);
        QVERIFY(torch::equal(target.stateDict().at("fuse.0.conv.bias"),
                             source.stateDict().at("fuse.0.conv.bias") * 2));

        // Missing, unexpected and mis-shaped keys are all named.
        StateDict wrong;
        for (const auto& [name, tensor] : source.stateDict())
            if (name != "branch1.0.conv.bias")
                wrong.insert(name,
                             name == "fuse.0.conv.weight" ? torch::zeros({1, 31, 1, 1}) : tensor);
        wrong.insert("extra.weight", torch::zeros({1}));
        try {
            target.loadStateDict(wrong);
            QFAIL("mismatching weights must be refused");
        } catch (const std::runtime_error& error) {
            const QString message = QString::fromUtf8(error.what());
            QVERIFY2(message.contains(QStringLiteral("missing keys (1): branch1.0.conv.bias")),
                     qPrintable(message));
            QVERIFY2(message.contains(QStringLiteral("unexpected keys (1): extra.weight")),
                     qPrintable(message));
            QVERIFY2(
                message.contains(QStringLiteral("fuse.0.conv.weight (checkpoint [1, 31, 1, 1], "
                                                "model [1, 30, 1, 1])")),
                qPrintable(message));
        }
        // Nothing was copied by the failed load.
        QVERIFY(torch::equal(target.stateDict().at("fuse.0.conv.bias"),
                             source.stateDict().at("fuse.0.conv.bias") * 2));
    }

    void kindDetection() {
        const StateDict mcnn = DensityModel(ModelKind::Mcnn, 3).stateDict();
        QVERIFY(detectModelKind(mcnn) == std::optional<ModelKind>(ModelKind::Mcnn));
        QCOMPARE(detectInputChannels(mcnn, ModelKind::Mcnn), 3);
        StateDict wrapped;
        for (const auto& [name, tensor] : DensityModel(ModelKind::MsfaNet).stateDict())
            wrapped.insert("module." + name, tensor);
        QVERIFY(detectModelKind(wrapped) == std::optional<ModelKind>(ModelKind::MsfaNet));
        QCOMPARE(detectInputChannels(wrapped, ModelKind::MsfaNet), 3);
        QVERIFY(detectModelKind(StateDict()) == std::optional<ModelKind>());
    }
};

QTEST_GUILESS_MAIN(TestModels)
#include "test_models.moc"
