// Training building blocks of core/nn: learning-rate schedules against PyTorch, the loss formulas,
// and CrowdKD checkpoints.
#include "base/error.h"
#include "base/file_io.h"
#include "nn/checkpoint.h"
#include "nn/density_model.h"
#include "nn/losses.h"
#include "nn/lr_schedule.h"
#include "nn/mcnn_onednn.h"
#include "python_oracle.h"
#include "test_support.h"

#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <tuple>

using namespace crowdkd;
using namespace crowdkd::nn;

namespace {

/// Two 1×2×2 student, ground-truth and teacher maps whose sums of squares the loss tests work
/// out by hand.
std::tuple<torch::Tensor, torch::Tensor, torch::Tensor> handMaps() {
    return {torch::tensor({1.0f, 2.0f, 3.0f, 4.0f, 0.5f, 0.5f, 0.5f, 0.5f}).reshape({2, 1, 2, 2}),
            torch::tensor({1.0f, 1.0f, 1.0f, 1.0f, 0.0f, 0.0f, 0.0f, 0.0f}).reshape({2, 1, 2, 2}),
            torch::zeros({2, 1, 2, 2})};
}

} // namespace
namespace fs = std::filesystem;

class TestTrainingNn : public QObject {
    Q_OBJECT

private slots:
    void cosineWarmRestartsMatchesPyTorch();
    void constantSchedule();
    void oneCycleMatchesPyTorch();
    void warmupRisesLinearly();
    void distillationLossFormula();
    void unlabeledImagesLearnFromTheTeacherAlone();
    void meanReductionAveragesOverPixels();
    void studentAndTeacherLosses();
    void sumPoolPreservesCounts();
    void channelsLastTrainingMatchesEager();
    void oneDnnColumnsMatchLibTorch();
    void bfloat16ColumnsTrackFloat();
    void checkpointRoundTrip();
    void checkpointRejectsOtherFiles();
};

void TestTrainingNn::cosineWarmRestartsMatchesPyTorch() {
    CROWDKD_REQUIRE_SHARED("fixtures/schedules/cosine_warm_restarts.json");
    const auto bytes =
        readFileBytes(test::sharedPath("fixtures/schedules/cosine_warm_restarts.json"));
    const auto fixture = nlohmann::json::parse(bytes.begin(), bytes.end());
    QVERIFY(fixture.at("cases").size() >= 3);
    for (const auto& c : fixture.at("cases")) {
        ScheduleParams params;
        params.kind = SchedulerKind::CosineWarmRestarts;
        params.baseLr = c.at("lr").get<double>();
        params.t0 = c.at("T_0").get<int>();
        params.tMult = c.at("T_mult").get<int>();
        params.etaMin = c.at("eta_min").get<double>();
        const int steps = c.at("steps_per_epoch").get<int>();
        params.perIteration = steps > 1;
        const LrSchedule schedule(params);
        const auto expected = c.at("lr_before_each_step").get<std::vector<double>>();
        QCOMPARE(expected.size(), static_cast<std::size_t>(c.at("epochs").get<int>() * steps));
        for (std::size_t k = 0; k < expected.size(); ++k) {
            const int epoch = static_cast<int>(k) / steps;
            const int iteration = static_cast<int>(k) % steps;
            const double lr = schedule.lrFor(epoch, iteration, steps);
            if (std::abs(lr - expected[k]) > 1e-9 * std::abs(expected[k]))
                QFAIL(qPrintable(QStringLiteral("T_0=%1 T_mult=%2 step %3: %4 instead of %5")
                                     .arg(params.t0)
                                     .arg(params.tMult)
                                     .arg(k)
                                     .arg(lr, 0, 'g', 17)
                                     .arg(expected[k], 0, 'g', 17)));
        }
    }
}

void TestTrainingNn::constantSchedule() {
    ScheduleParams params;
    params.baseLr = 3e-5;
    const LrSchedule schedule(params);
    QCOMPARE(schedule.lrFor(0, 0, 10), 3e-5);
    QCOMPARE(schedule.lrFor(57, 9, 10), 3e-5);
    QVERIFY(schedulerKindFromString("cosine-restarts") == SchedulerKind::CosineWarmRestarts);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, schedulerKindFromString("step"));
}

void TestTrainingNn::oneCycleMatchesPyTorch() {
    if (!test::pythonHasModule(QStringLiteral("torch")))
        QSKIP("PyTorch (python3-torch) is not installed: no oracle for OneCycleLR");
    // PyTorch's rates before each of epochs × steps optimiser steps, for a few lengths.
    const QString script = QStringLiteral(R"(
import json, sys, torch
out = []
for lr, epochs, steps in [(1e-3, 10, 7), (3e-4, 3, 1), (1e-4, 25, 68)]:
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.Adam([p], lr=lr)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=epochs * steps,
                                                cycle_momentum=False)
    rates = []
    for _ in range(epochs * steps):
        rates.append(opt.param_groups[0]['lr'])
        opt.step()
        sched.step()
    out.append({'lr': lr, 'epochs': epochs, 'steps': steps, 'rates': rates})
print(json.dumps(out))
)");
    const test::PythonRun run = test::runPython(script);
    QVERIFY2(run.ok, qPrintable(run.error));
    const auto cases = nlohmann::json::parse(run.output.toStdString());
    for (const auto& c : cases) {
        ScheduleParams params;
        params.kind = SchedulerKind::OneCycle;
        params.baseLr = c.at("lr").get<double>();
        params.totalEpochs = c.at("epochs").get<int>();
        const int steps = c.at("steps").get<int>();
        const LrSchedule schedule(params);
        const auto expected = c.at("rates").get<std::vector<double>>();
        for (std::size_t k = 0; k < expected.size(); ++k) {
            const double lr =
                schedule.lrFor(static_cast<int>(k) / steps, static_cast<int>(k) % steps, steps);
            if (std::abs(lr - expected[k]) > 1e-9 * std::abs(expected[k]))
                QFAIL(qPrintable(QStringLiteral("%1 epochs × %2 steps, step %3: %4 instead of %5")
                                     .arg(params.totalEpochs)
                                     .arg(steps)
                                     .arg(k)
                                     .arg(lr, 0, 'g', 17)
                                     .arg(expected[k], 0, 'g', 17)));
        }
    }
    QCOMPARE(toString(SchedulerKind::OneCycle), std::string("one-cycle"));
}

void TestTrainingNn::warmupRisesLinearly() {
    // PyTorch's LinearLR(start_factor=1/W, total_iters=W-1) chained with the schedule: W = 2.5
    // epochs × 4 steps = 10 iterations, the rate times (iteration + 1) / 10 until it is whole.
    ScheduleParams params;
    params.kind = SchedulerKind::CosineWarmRestarts;
    params.baseLr = 1e-3;
    params.t0 = 5;
    params.warmupEpochs = 2.5;
    const LrSchedule schedule(params);
    ScheduleParams plain = params;
    plain.warmupEpochs = 0;
    const LrSchedule without(plain);
    for (int k = 0; k < 24; ++k) {
        const double factor = std::min(1.0, (k + 1) / 10.0);
        const double expected = factor * without.lrFor(k / 4, k % 4, 4);
        QVERIFY(std::abs(schedule.lrFor(k / 4, k % 4, 4) - expected) < 1e-15);
    }
    QCOMPARE(schedule.lrFor(0, 0, 4), 1e-4);
    params.warmupEpochs = -1;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, LrSchedule{params});
}

void TestTrainingNn::distillationLossFormula() {
    const auto [student, truth, teacher] = handMaps();
    // vs truth: image 1: 0+1+4+9 = 14, image 2: 4·0.25 = 1 → 15 / 2 = 7.5.
    // vs teacher: image 1: 1+4+9+16 = 30, image 2: 1 → 31 / 2 = 15.5.
    for (double alpha : {0.0, 0.1, 0.5, 0.7, 1.0}) {
        const LossValue loss = distillationLoss(student, truth, teacher, alpha);
        const LossParts parts = loss.parts();
        QVERIFY(std::abs(parts.groundTruth - 7.5) < 1e-6);
        QVERIFY(std::abs(parts.teacher - 15.5) < 1e-6);
        QVERIFY(std::abs(parts.total - ((1 - alpha) * 7.5 + alpha * 15.5)) < 1e-5);
    }
    // The teacher receives no gradient; the student does, in the formula's proportions.
    auto s = student.clone().requires_grad_(true);
    auto t = teacher.clone().requires_grad_(true);
    distillationLoss(s, truth, t, 0.3).total.backward();
    QVERIFY(!t.grad().defined() || t.grad().abs().sum().item<float>() == 0.0f);
    const auto expectedGrad = (2 * 0.7 * (student - truth) + 2 * 0.3 * (student - teacher)) / 2;
    QVERIFY(torch::allclose(s.grad(), expectedGrad, 1e-5, 1e-6));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, distillationLoss(student, truth, teacher, 1.5));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             distillationLoss(student, truth, torch::zeros({2, 1, 4, 4}), 0.1));
}

void TestTrainingNn::unlabeledImagesLearnFromTheTeacherAlone() {
    // Per-image errors vs truth 14 and 1, vs teacher 30 and 1.
    const auto [student, truth, teacher] = handMaps();
    const double alpha = 0.3;
    // All labeled: the same as without flags.
    const LossParts all =
        distillationLoss(student, truth, teacher, alpha, torch::ones({2})).parts();
    QVERIFY(std::abs(all.total - ((1 - alpha) * 7.5 + alpha * 15.5)) < 1e-5);
    // Image 2 unlabeled: it weighs the teacher fully, its (zero) truth gets no weight, and the
    // ground-truth part is image 1's alone.
    const auto labeled = torch::tensor({1.0f, 0.0f});
    auto s = student.clone().requires_grad_(true);
    const LossValue loss = distillationLoss(s, truth, teacher, alpha, labeled);
    const LossParts parts = loss.parts();
    QVERIFY(std::abs(parts.total - ((1 - alpha) * 14 + alpha * 30 + 1.0) / 2) < 1e-5);
    QVERIFY(std::abs(parts.groundTruth - 14) < 1e-5);
    QVERIFY(std::abs(parts.teacher - 15.5) < 1e-5);
    loss.total.backward();
    const auto expected0 = (2 * 0.7 * (student[0] - truth[0]) + 2 * 0.3 * student[0]) / 2;
    const auto expected1 = (2 * student[1]) / 2;
    QVERIFY(torch::allclose(s.grad()[0], expected0, 1e-5, 1e-6));
    QVERIFY(torch::allclose(s.grad()[1], expected1, 1e-5, 1e-6));
    // No labeled image at all: only the teacher term, and a ground-truth part of 0.
    const LossParts none =
        distillationLoss(student, truth, teacher, alpha, torch::zeros({2})).parts();
    QVERIFY(std::abs(none.total - 15.5) < 1e-5);
    QCOMPARE(none.groundTruth, 0.0);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             distillationLoss(student, truth, teacher, alpha, torch::ones({3})));
}

void TestTrainingNn::meanReductionAveragesOverPixels() {
    const auto prediction = torch::rand({3, 1, 5, 7});
    const auto truth = torch::rand({3, 1, 5, 7});
    const double sum = densityLoss(prediction, truth, LossReduction::Sum).item<double>();
    const double mean = densityLoss(prediction, truth, LossReduction::Mean).item<double>();
    QVERIFY(std::abs(sum - (prediction - truth).pow(2).sum().item<double>() / 3) < 1e-5);
    // nn.MSELoss()'s default: the mean over every element.
    QVERIFY(std::abs(mean - torch::mse_loss(prediction, truth).item<double>()) < 1e-6);
    QVERIFY(lossReductionFromString("mean") == LossReduction::Mean);
    QCOMPARE(toString(LossReduction::Sum), std::string("sum"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, lossReductionFromString("max"));
}

void TestTrainingNn::studentAndTeacherLosses() {
    const auto prediction = torch::full({2, 1, 3, 3}, 0.01f);
    const auto truth = torch::zeros({2, 1, 3, 3});
    QVERIFY(std::abs(studentLoss(prediction, truth).parts().total - 9 * 1e-4) < 1e-9);

    // Attention target: density > 0.001; BCE summed over pixels, averaged over the 2 images,
    // weighted 0.1.
    auto target = torch::zeros({2, 1, 2, 2});
    target.index_put_({0, 0, 0, 0}, 0.5f);
    const auto attention = torch::full({2, 1, 2, 2}, 0.25f);
    const LossParts parts = teacherLoss(target, attention, target).parts();
    QVERIFY(std::abs(parts.groundTruth) < 1e-12);
    const double bce = (-std::log(0.25) * 1 + -std::log(0.75) * 7) / 2;
    QVERIFY(std::abs(parts.attention - bce) < 1e-6);
    QVERIFY(std::abs(parts.total - kAttentionLossWeight * bce) < 1e-6);
}

// Issue #17.1: the trainer's channels-last layout changes the speed, not the numbers: the loss and
// every gradient of an MCNN over several Adam steps (and of M-SFANet's convolutions) equal the
// default layout's within 1e-4 relative. (Weights are not compared: Adam
// divides by the gradient's own size, so rounding in gradients near 0 moves weights by ±lr.)
void TestTrainingNn::channelsLastTrainingMatchesEager() {
    for (const nn::ModelKind kind : {nn::ModelKind::Mcnn, nn::ModelKind::MsfaNet}) {
        const bool mcnn = kind == nn::ModelKind::Mcnn;
        torch::manual_seed(3);
        nn::DensityModel eager(kind);
        nn::DensityModel fast(kind);
        fast.loadStateDict(eager.stateDict());
        fast.useChannelsLast();
        QVERIFY(fast.isChannelsLast());
        // M-SFANet runs in eval mode (with gradients): its dropout draws masks in memory order,
        // which differs between the layouts, and BatchNorm over a batch of 2 tiny maps amplifies
        // rounding through 13 layers beyond any tolerance, whatever the layout.
        eager.train(mcnn);
        fast.train(mcnn);
        const torch::Tensor input =
            mcnn ? torch::rand({2, 1, 64, 96}) * 255 : torch::randn({2, 3, 64, 96});
        const int stride = eager.outputStride();
        const torch::Tensor target = torch::rand({2, 1, 64 / stride, 96 / stride}) * 1e-2;
        torch::optim::Adam eagerAdam(eager.parameters(), torch::optim::AdamOptions(1e-3));
        torch::optim::Adam fastAdam(fast.parameters(), torch::optim::AdamOptions(1e-3));
        const int steps = mcnn ? 5 : 1;
        for (int step = 0; step < steps; ++step) {
            eagerAdam.zero_grad();
            fastAdam.zero_grad();
            const torch::Tensor& in = input;
            const torch::Tensor& t = target;
            const torch::Tensor eagerLoss = densityLoss(eager.forward(in).density, t);
            const torch::Tensor fastLoss = densityLoss(fast.forward(in).density, t);
            const double a = eagerLoss.item<double>();
            QVERIFY(std::abs(fastLoss.item<double>() - a) <= 1e-4 * std::abs(a));
            eagerLoss.backward();
            fastLoss.backward();
            const auto eagerParameters = eager.parameters();
            const auto fastParameters = fast.parameters();
            for (std::size_t i = 0; i < eagerParameters.size(); ++i) {
                const torch::Tensor g = eagerParameters[i].grad();
                QCOMPARE(fastParameters[i].grad().defined(), g.defined());
                if (!g.defined())
                    continue; // not on the path to the density (M-SFANet in eval mode)
                // Gradients of 1e-22 (M-SFANet's deepest BatchNorms in eval mode) are rounding.
                const double scale = std::max(g.abs().max().item<double>(), 1e-8);
                const double difference = (fastParameters[i].grad() - g).abs().max().item<double>();
                QVERIFY2(difference <= 1e-4 * scale,
                         qPrintable(QStringLiteral("%1 parameter %2: %3 vs scale %4")
                                        .arg(QString::fromStdString(nn::toString(kind)))
                                        .arg(i)
                                        .arg(difference)
                                        .arg(scale)));
            }
            eagerAdam.step();
            fastAdam.step();
        }
    }
}

// Issue #17.1: MCNN's columns trained as oneDNN primitives give LibTorch's loss and gradients
// within 1e-4 relative, over several Adam steps, for batches of 1 and of several crops; a shape
// they cannot run (sides not multiples of 4) falls back to LibTorch, and evaluation never uses
// them.
void TestTrainingNn::oneDnnColumnsMatchLibTorch() {
    if (!nn::haveOneDnnTraining())
        QSKIP("this build has no oneDNN headers (libdnnl-dev): the oneDNN path is not built");
    struct Case {
        std::int64_t batch, height, width;
    };
    for (const Case& shape :
         {Case{2, 64, 96}, Case{1, 128, 128}, Case{3, 36, 52}, Case{4, 256, 256}}) {
        torch::manual_seed(5);
        nn::DensityModel eager(nn::ModelKind::Mcnn);
        nn::DensityModel fast(nn::ModelKind::Mcnn);
        fast.loadStateDict(eager.stateDict());
        fast.useChannelsLast();
        QVERIFY(fast.useOneDnnTraining());
        eager.train();
        fast.train();
        const torch::Tensor input = torch::rand({shape.batch, 1, shape.height, shape.width}) * 255;
        const torch::Tensor target =
            torch::rand({shape.batch, 1, shape.height / 4, shape.width / 4}) * 1e-2;
        torch::optim::Adam eagerAdam(eager.parameters(), torch::optim::AdamOptions(1e-3));
        torch::optim::Adam fastAdam(fast.parameters(), torch::optim::AdamOptions(1e-3));
        for (int step = 0; step < 3; ++step) {
            eagerAdam.zero_grad();
            fastAdam.zero_grad();
            const torch::Tensor eagerLoss = densityLoss(eager.forward(input).density, target);
            const torch::Tensor fastLoss = densityLoss(fast.forward(input).density, target);
            QVERIFY(fastLoss.grad_fn() != nullptr);
            const double a = eagerLoss.item<double>();
            QVERIFY2(
                std::abs(fastLoss.item<double>() - a) <= 1e-4 * std::abs(a),
                qPrintable(QStringLiteral("loss %1 vs %2").arg(fastLoss.item<double>()).arg(a)));
            eagerLoss.backward();
            fastLoss.backward();
            const auto eagerParameters = eager.parameters();
            const auto fastParameters = fast.parameters();
            for (std::size_t i = 0; i < eagerParameters.size(); ++i) {
                const torch::Tensor g = eagerParameters[i].grad();
                const double scale = std::max(g.abs().max().item<double>(), 1e-8);
                const double difference = (fastParameters[i].grad() - g).abs().max().item<double>();
                QVERIFY2(difference <= 1e-4 * scale,
                         qPrintable(QStringLiteral("%1×%2×%3, step %4, parameter %5: %6 vs %7")
                                        .arg(shape.batch)
                                        .arg(shape.height)
                                        .arg(shape.width)
                                        .arg(step)
                                        .arg(i)
                                        .arg(difference)
                                        .arg(scale)));
            }
            eagerAdam.step();
            fastAdam.step();
        }
        // Evaluation (no gradients) runs LibTorch's path and agrees.
        torch::NoGradGuard noGrad;
        fast.eval();
        eager.eval();
        QVERIFY(
            torch::allclose(fast.forward(input).density, eager.forward(input).density, 1e-3, 1e-6));
    }
}

// --precision bf16: the columns in bfloat16 give LibTorch's float loss and gradients to within
// bfloat16's 8 significant bits (relative error of each gradient tensor as a whole), and the
// gradients reach the optimizer in float.
void TestTrainingNn::bfloat16ColumnsTrackFloat() {
    if (!nn::haveBFloat16Training())
        QSKIP("this CPU has no bfloat16 instructions (AVX-512 BF16 or AMX), or this build no "
              "oneDNN: --precision bf16 is refused here");
    struct Case {
        std::int64_t batch, height, width;
    };
    for (const Case& shape : {Case{1, 128, 128}, Case{2, 64, 96}, Case{4, 256, 256}}) {
        torch::manual_seed(7);
        nn::DensityModel eager(nn::ModelKind::Mcnn);
        nn::DensityModel fast(nn::ModelKind::Mcnn);
        fast.loadStateDict(eager.stateDict());
        fast.useChannelsLast();
        QVERIFY(fast.useOneDnnTraining(nn::Precision::BFloat16));
        eager.train();
        fast.train();
        const torch::Tensor input = torch::rand({shape.batch, 1, shape.height, shape.width}) * 255;
        const torch::Tensor target =
            torch::rand({shape.batch, 1, shape.height / 4, shape.width / 4}) * 1e-2;
        const torch::Tensor eagerLoss = densityLoss(eager.forward(input).density, target);
        const torch::Tensor fastLoss = densityLoss(fast.forward(input).density, target);
        const double a = eagerLoss.item<double>();
        const double b = fastLoss.item<double>();
        QVERIFY2(std::abs(b - a) <= 1e-2 * std::abs(a),
                 qPrintable(QStringLiteral("loss %1 vs %2").arg(b).arg(a)));
        eagerLoss.backward();
        fastLoss.backward();
        const auto eagerParameters = eager.parameters();
        const auto fastParameters = fast.parameters();
        double worst = 0;
        for (std::size_t i = 0; i < eagerParameters.size(); ++i) {
            const torch::Tensor g = eagerParameters[i].grad();
            const torch::Tensor h = fastParameters[i].grad();
            QCOMPARE(h.scalar_type(), torch::kFloat);
            const double relative =
                ((h - g).norm() / std::max(g.norm().item<double>(), 1e-12)).item<double>();
            worst = std::max(worst, relative);
            QVERIFY2(relative <= 3e-2,
                     qPrintable(QStringLiteral("%1×%2×%3, parameter %4: relative error %5")
                                    .arg(shape.batch)
                                    .arg(shape.height)
                                    .arg(shape.width)
                                    .arg(i)
                                    .arg(relative)));
        }
        // Far above float's rounding: the columns did compute in bfloat16.
        QVERIFY2(worst > 1e-4, qPrintable(QStringLiteral("worst gradient error %1").arg(worst)));
        qInfo("%lld×%lld×%lld: loss %.3g vs %.3g, worst gradient error %.2e",
              static_cast<long long>(shape.batch), static_cast<long long>(shape.height),
              static_cast<long long>(shape.width), b, a, worst);
    }
}

void TestTrainingNn::sumPoolPreservesCounts() {
    const auto map = torch::rand({3, 1, 8, 12});
    const auto pooled = nn::sumPool(map, 2);
    QCOMPARE(pooled.sizes().vec(), (std::vector<std::int64_t>{3, 1, 4, 6}));
    QVERIFY(torch::allclose(pooled.sum({1, 2, 3}), map.sum({1, 2, 3}), 1e-5));
    QVERIFY(torch::allclose(pooled[1][0][2][3], map[1][0].slice(0, 4, 6).slice(1, 6, 8).sum()));
    QVERIFY(nn::sumPool(map, 1).is_same(map));
}

void TestTrainingNn::checkpointRoundTrip() {
    QTemporaryDir dir;
    const fs::path file = fs::path(dir.path().toStdU16String()) / "체크포인트.pt";
    torch::manual_seed(3);
    DensityModel model(ModelKind::Mcnn);
    torch::optim::Adam optimizer(model.parameters(), torch::optim::AdamOptions(1e-3));
    const auto input = torch::rand({2, 1, 32, 32}) * 255;
    for (int i = 0; i < 2; ++i) {
        optimizer.zero_grad();
        model.forward(input).density.pow(2).sum().backward();
        optimizer.step();
    }
    const std::string metadata = R"({"format":"test","kind":"mcnn"})";
    Checkpoint::save(file, *model.module(), &optimizer, metadata);
    QVERIFY(Checkpoint::isCheckpoint(file));

    const Checkpoint checkpoint = Checkpoint::open(file);
    QCOMPARE(checkpoint.metadataJson(), metadata);
    QVERIFY(checkpoint.hasOptimizerState());
    torch::manual_seed(99);
    DensityModel restored(ModelKind::Mcnn);
    torch::optim::Adam restoredOptimizer(restored.parameters(), torch::optim::AdamOptions(1e-3));
    checkpoint.loadModel(*restored.module());
    checkpoint.loadOptimizer(restoredOptimizer);
    const auto a = model.parameters();
    const auto b = restored.parameters();
    for (std::size_t i = 0; i < a.size(); ++i)
        QVERIFY(torch::equal(a[i], b[i]));
    // The same next step from both proves the Adam moments and step counts came back.
    for (auto* pair : {&optimizer, &restoredOptimizer}) {
        pair->zero_grad();
        (pair == &optimizer ? model : restored).forward(input).density.pow(2).sum().backward();
        pair->step();
    }
    for (std::size_t i = 0; i < a.size(); ++i)
        QVERIFY(torch::equal(a[i], b[i]));

    // A model of another kind does not fit.
    DensityModel other(ModelKind::MsfaNet);
    QVERIFY_THROWS_EXCEPTION(FileError, checkpoint.loadModel(*other.module()));
    // No temporary files are left beside it.
    int entries = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator(file.parent_path()))
        ++entries;
    QCOMPARE(entries, 1);
}

void TestTrainingNn::checkpointRejectsOtherFiles() {
    QTemporaryDir dir;
    const fs::path text = fs::path(dir.path().toStdU16String()) / "not.pt";
    writeFileAtomically(text, std::string("hello"));
    QVERIFY(!Checkpoint::isCheckpoint(text));
    QVERIFY_THROWS_EXCEPTION(FileError, Checkpoint::open(text));
    QVERIFY_THROWS_EXCEPTION(FileError, Checkpoint::open(text.parent_path() / "missing.pt"));
    // Saving into a folder that does not exist fails cleanly.
    DensityModel model(ModelKind::Mcnn);
    QVERIFY_THROWS_EXCEPTION(FileError, Checkpoint::save(text.parent_path() / "no" / "x.pt",
                                                         *model.module(), nullptr, "{}"));
    CROWDKD_REQUIRE_SHARED("fixtures/pytorch/mcnn_state_dict.pth");
    QVERIFY(!Checkpoint::isCheckpoint(test::sharedPath("fixtures/pytorch/mcnn_state_dict.pth")));
}

QTEST_GUILESS_MAIN(TestTrainingNn)
#include "test_training_nn.moc"
