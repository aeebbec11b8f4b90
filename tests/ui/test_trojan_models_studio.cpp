// The studio's model loaders (Count, Compare and review through DensityCounter; the Export dialog
// through exportAndVerify) refuse a model file that carries TorchScript code without running it:
// the trojan of tests/support/make_trojan_archive.py writes a marker file if its code ever runs.
#include "count/density_counter.h"
#include "export_model/model_exporter.h"
#include "program_runner.h"
#include "test_support.h"
#include "trojan_archive.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace crowdkd;
using namespace crowdkd::ui;

namespace {

// What every refusal says.
const QString kRefusal = QStringLiteral("contains executable code and was not loaded");

} // namespace

class TestTrojanModelsStudio : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void countingRefusesTrojan();
    void exportRefusesTrojan();

private:
    QTemporaryDir m_temp;
    QString m_trojan;
    QString m_marker;
};

void TestTrojanModelsStudio::initTestCase() {
    QVERIFY(m_temp.isValid());
    if (!test::canMakeTrojans())
        QSKIP("PyTorch (python3-torch) is not installed: cannot make the trojan archive");
    // A clean LibTorch export of the published MCNN, then its trojan.
    CROWDKD_REQUIRE_SHARED(QStringLiteral("fixtures/pretrained/mcnn_shtechA_svishwa.pth"));
    const QString clean = m_temp.filePath(QStringLiteral("clean.pt"));
    const test::ProgramRun exported = test::runCrowdkd(
        {QStringLiteral("export"), QStringLiteral("--weights"),
         QDir(test::sharedDir())
             .filePath(QStringLiteral("fixtures/pretrained/mcnn_shtechA_svishwa.pth")),
         QStringLiteral("--format"), QStringLiteral("libtorch"), QStringLiteral("--out"), clean});
    QVERIFY2(exported.exitCode == 0, qPrintable(exported.standardError));
    m_trojan = m_temp.filePath(QStringLiteral("student.pt"));
    m_marker = m_temp.filePath(QStringLiteral("marker"));
    const QString error = test::makeTrojanArchive(clean, m_trojan, m_marker);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestTrojanModelsStudio::countingRefusesTrojan() {
    QString error;
    const auto counter = DensityCounter::load(m_trojan, &error);
    QVERIFY(!counter);
    QVERIFY2(error.contains(kRefusal), qPrintable(error));
    QVERIFY2(!QFile::exists(m_marker), "the trojan's code ran");
}

void TestTrojanModelsStudio::exportRefusesTrojan() {
    ExportRequest request;
    request.modelPath = m_trojan;
    request.format = QStringLiteral("onnx");
    request.outPath = m_temp.filePath(QStringLiteral("out.onnx"));
    const ExportOutcome outcome = exportAndVerify(request);
    QVERIFY2(outcome.error.contains(kRefusal), qPrintable(outcome.error));
    QVERIFY(!QFile::exists(request.outPath));
    QVERIFY2(!QFile::exists(m_marker), "the trojan's code ran");
}

QTEST_MAIN(TestTrojanModelsStudio)
#include "test_trojan_models_studio.moc"
