// svishwa's published MCNN weights on all of ShanghaiTech part A's test images give PyTorch's
// figures: MAE 110.01, RMSE 169.21 (../shared/README.md); the student the studio ships gives the
// figures its side-car records.
#include "data/dataset.h"
#include "pipeline/evaluator.h"
#include "pipeline/model_loader.h"
#include "test_support.h"

#include <QTest>

#include <nlohmann/json.hpp>

#include <fstream>

using namespace crowdkd;

class TestEvalReference : public QObject {
    Q_OBJECT

private slots:
    void svishwaMcnnOnPartATest() {
        CROWDKD_REQUIRE_SHARED("fixtures/pretrained/mcnn_shtechA_svishwa.pth");
        CROWDKD_REQUIRE_SHARED("data/ShanghaiTech/part_A/test_data");
        nn::DensityModel model = pipeline::loadDensityModel(
            test::sharedPath(QStringLiteral("fixtures/pretrained/mcnn_shtechA_svishwa.pth")),
            nn::ModelKind::Mcnn);
        const Split split =
            openSplit(test::sharedPath(QStringLiteral("data/ShanghaiTech/part_A/test_data")));
        QCOMPARE(split.samples.size(), std::size_t{182});
        const pipeline::EvaluationResult result = pipeline::evaluateSplit(model, split);
        QCOMPARE(result.images.size(), std::size_t{182});
        qInfo("MAE %.3f RMSE %.3f in %.1f s", result.mae, result.rmse, result.seconds);
        QVERIFY2(std::abs(result.mae - 110.01) <= 0.05, qPrintable(QString::number(result.mae)));
        QVERIFY2(std::abs(result.rmse - 169.21) <= 0.05, qPrintable(QString::number(result.rmse)));
    }

    // Issue #17.4: resources/models/default_student.pth counts part A test as
    // default_student.json says (the figures the Count workspace shows), to its rounding.
    void shippedStudentCountsAsItsSideCarSays() {
        CROWDKD_REQUIRE_SHARED("data/ShanghaiTech/part_A/test_data");
        const std::filesystem::path models =
            std::filesystem::u8path(CROWDKD_RESOURCES_DIR) / "models";
        std::ifstream sideCarFile(models / "default_student.json");
        QVERIFY(sideCarFile);
        const nlohmann::json sideCar = nlohmann::json::parse(sideCarFile);
        nn::DensityModel model =
            pipeline::loadDensityModel(models / "default_student.pth", nn::ModelKind::Mcnn);
        const Split split =
            openSplit(test::sharedPath(QStringLiteral("data/ShanghaiTech/part_A/test_data")));
        const pipeline::EvaluationResult result = pipeline::evaluateSplit(model, split);
        QCOMPARE(result.images.size(), sideCar.at("test_images").get<std::size_t>());
        qInfo("MAE %.3f RMSE %.3f in %.1f s", result.mae, result.rmse, result.seconds);
        const double mae = sideCar.at("test_mae").get<double>();
        const double rmse = sideCar.at("test_rmse").get<double>();
        QVERIFY2(std::abs(result.mae - mae) <= 0.006,
                 qPrintable(QStringLiteral("%1 against %2").arg(result.mae).arg(mae)));
        QVERIFY2(std::abs(result.rmse - rmse) <= 0.006,
                 qPrintable(QStringLiteral("%1 against %2").arg(result.rmse).arg(rmse)));
    }
};

QTEST_GUILESS_MAIN(TestEvalReference)
#include "test_eval_reference.moc"
