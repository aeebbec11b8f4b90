// Model files never run code: a CrowdKD export and a CrowdKD checkpoint are turned into trojans
// (tests/support/make_trojan_archive.py: TorchScript `__setstate__` that writes a marker file when
// LibTorch loads the archive, or loops forever) and given to every `crowdkd` command that reads a
// model. Each must exit 1 saying the file contains executable code, and no marker may appear;
// no option runs it, while PyTorch's own loader does (the trojans are real).
#include "program_runner.h"
#include "test_support.h"
#include "trojan_archive.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace crowdkd;

namespace {

// What every refusal says.
const QString kRefusal = QStringLiteral("contains executable code and was not loaded");

QString samplesSplit() {
    return QStringLiteral(CROWDKD_SAMPLES_DIR "/test_data");
}

} // namespace

class TestTrojanModels : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void commandRefusesTrojan_data();
    void commandRefusesTrojan();
    void resumeRefusesPlantedCheckpoint();
    void noOptionLetsCodeIn();

private:
    QString path(const QString& name) const { return m_temp.filePath(name); }
    QString trojanOf(const QString& clean, const QString& name, bool loop = false);
    void verifyRefused(const test::ProgramRun& run, const QString& marker);

    QTemporaryDir m_temp;
    QString m_cleanExport;
    QString m_run; // a finished run folder with a clean last.pt
    QString m_image;
    int m_markers = 0;
};

void TestTrojanModels::initTestCase() {
    QVERIFY(m_temp.isValid());
    qputenv("CROWDKD_CACHE_DIR", m_temp.filePath(QStringLiteral("cache")).toLocal8Bit());
    CROWDKD_REQUIRE_SHARED(QStringLiteral("fixtures/pretrained/mcnn_shtechA_svishwa.pth"));
    if (!test::canMakeTrojans())
        QSKIP("PyTorch (python3-torch) is not installed: cannot make the trojan archives");
    m_image = QDir(samplesSplit()).filePath(QStringLiteral("images/IMG_2.jpg"));
    QVERIFY(QFile::exists(m_image));

    m_cleanExport = path(QStringLiteral("export.pt"));
    const test::ProgramRun exported = test::runCrowdkd(
        {QStringLiteral("export"), QStringLiteral("--weights"),
         QDir(test::sharedDir())
             .filePath(QStringLiteral("fixtures/pretrained/mcnn_shtechA_svishwa.pth")),
         QStringLiteral("--format"), QStringLiteral("libtorch"), QStringLiteral("--out"),
         m_cleanExport});
    QVERIFY2(exported.exitCode == 0, qPrintable(exported.standardError));

    m_run = path(QStringLiteral("run"));
    const test::ProgramRun trained = test::runCrowdkd(
        {QStringLiteral("train"), QStringLiteral("--mode"), QStringLiteral("student"),
         QStringLiteral("--data"), samplesSplit(), QStringLiteral("--out"), m_run,
         QStringLiteral("--epochs"), QStringLiteral("1"), QStringLiteral("--crop"),
         QStringLiteral("64"), QStringLiteral("--batch"), QStringLiteral("2"),
         QStringLiteral("--threads"), QStringLiteral("1"), QStringLiteral("--workers"),
         QStringLiteral("1")});
    QVERIFY2(trained.exitCode == 0, qPrintable(trained.standardError));
    QVERIFY(QFile::exists(m_run + QStringLiteral("/last.pt")));
}

QString TestTrojanModels::trojanOf(const QString& clean, const QString& name, bool loop) {
    const QString out = path(name);
    const QString marker = path(QStringLiteral("marker-%1").arg(++m_markers));
    const QString error = test::makeTrojanArchive(clean, out, marker, loop);
    if (!error.isEmpty())
        qWarning("%s", qPrintable(error));
    return error.isEmpty() ? out : QString();
}

void TestTrojanModels::verifyRefused(const test::ProgramRun& run, const QString& marker) {
    QVERIFY2(!run.timedOut, "the command hung on the trojan");
    QVERIFY2(!run.crashed, qPrintable(run.standardError));
    QVERIFY2(run.exitCode == 1, qPrintable(run.standardError));
    QVERIFY2(run.standardError.contains(kRefusal), qPrintable(run.standardError));
    QVERIFY2(!QFile::exists(marker), "the trojan's code ran");
}

void TestTrojanModels::commandRefusesTrojan_data() {
    QTest::addColumn<QString>("source");      // "export" or "checkpoint"
    QTest::addColumn<QString>("fileName");    // the trojan's name (the extension must not matter)
    QTest::addColumn<bool>("loop");           // the trojan hangs after writing its marker
    QTest::addColumn<QStringList>("command"); // TROJAN, IMAGE, SPLIT, OUT are filled in

    const QStringList count{QStringLiteral("count"), QStringLiteral("--weights"),
                            QStringLiteral("TROJAN"), QStringLiteral("IMAGE")};
    QTest::newRow("count export") << "export"
                                  << "model.pt" << false << count;
    QTest::newRow("count export renamed .pth") << "export"
                                               << "model.pth" << false << count;
    QTest::newRow("count looping export") << "export"
                                          << "loop.pt" << true << count;
    QTest::newRow("count checkpoint") << "checkpoint"
                                      << "best.pt" << false << count;
    QTest::newRow("count --backend opencv")
        << "export"
        << "model.pt" << false
        << (QStringList(count) << QStringLiteral("--backend") << QStringLiteral("opencv"));
    QTest::newRow("eval checkpoint")
        << "checkpoint"
        << "best.pt" << false
        << QStringList{QStringLiteral("eval"), QStringLiteral("--weights"),
                       QStringLiteral("TROJAN"), QStringLiteral("--data"), QStringLiteral("SPLIT")};
    QTest::newRow("export checkpoint")
        << "checkpoint"
        << "best.pt" << false << QStringList{QStringLiteral("export"), QStringLiteral("--weights"),
                                             QStringLiteral("TROJAN"), QStringLiteral("--format"),
                                             QStringLiteral("onnx"),   QStringLiteral("--out"),
                                             QStringLiteral("OUT")};
    QTest::newRow("export export")
        << "export"
        << "model.pt" << false
        << QStringList{QStringLiteral("export"),  QStringLiteral("--weights"),
                       QStringLiteral("TROJAN"),  QStringLiteral("--format"),
                       QStringLiteral("pytorch"), QStringLiteral("--out"),
                       QStringLiteral("OUT")};
    const QStringList teacher{
        QStringLiteral("train"),     QStringLiteral("--mode"), QStringLiteral("kd"),
        QStringLiteral("--teacher"), QStringLiteral("TROJAN"), QStringLiteral("--data"),
        QStringLiteral("SPLIT"),     QStringLiteral("--out"),  QStringLiteral("OUT"),
        QStringLiteral("--epochs"),  QStringLiteral("1"),      QStringLiteral("--crop"),
        QStringLiteral("64")};
    QTest::newRow("train --teacher checkpoint") << "checkpoint"
                                                << "teacher.pt" << false << teacher;
    QTest::newRow("train --teacher export .pth") << "export"
                                                 << "teacher.pth" << false << teacher;
}

void TestTrojanModels::commandRefusesTrojan() {
    QFETCH(QString, source);
    QFETCH(QString, fileName);
    QFETCH(bool, loop);
    QFETCH(QStringList, command);
    const QString clean =
        source == QLatin1String("export") ? m_cleanExport : m_run + QStringLiteral("/last.pt");
    const QString trojan =
        trojanOf(clean, QString::number(m_markers) + QLatin1Char('-') + fileName, loop);
    QVERIFY(!trojan.isEmpty());
    const QString marker = path(QStringLiteral("marker-%1").arg(m_markers));
    for (QString& argument : command) {
        if (argument == QLatin1String("TROJAN"))
            argument = trojan;
        else if (argument == QLatin1String("IMAGE"))
            argument = m_image;
        else if (argument == QLatin1String("SPLIT"))
            argument = samplesSplit();
        else if (argument == QLatin1String("OUT"))
            argument = path(QStringLiteral("out-%1").arg(m_markers));
    }
    verifyRefused(test::runCrowdkd(command, 120'000), marker);
}

void TestTrojanModels::resumeRefusesPlantedCheckpoint() {
    // A trojan last.pt is not damage to fall back from: the run is refused as a whole.
    const QString trojan =
        trojanOf(m_run + QStringLiteral("/last.pt"), QStringLiteral("planted.pt"));
    QVERIFY(!trojan.isEmpty());
    const QString marker = path(QStringLiteral("marker-%1").arg(m_markers));
    const QString planted = path(QStringLiteral("planted-run"));
    QVERIFY(QDir().mkpath(planted));
    for (const QString& name : QDir(m_run).entryList(QDir::Files))
        QVERIFY(QFile::copy(m_run + QLatin1Char('/') + name, planted + QLatin1Char('/') + name));
    QVERIFY(QFile::remove(planted + QStringLiteral("/last.pt")));
    QVERIFY(QFile::copy(trojan, planted + QStringLiteral("/last.pt")));
    verifyRefused(test::runCrowdkd({QStringLiteral("train"), QStringLiteral("--resume"), planted,
                                    QStringLiteral("--epochs"), QStringLiteral("2")},
                                   120'000),
                  marker);
}

void TestTrojanModels::noOptionLetsCodeIn() {
    // The trojans above are real: PyTorch's own loader runs their code…
    const QString trojan = trojanOf(m_cleanExport, QStringLiteral("real.pt"));
    QVERIFY(!trojan.isEmpty());
    const QString marker = path(QStringLiteral("marker-%1").arg(m_markers));
    // …and no option of crowdkd loads one: the former opt-in is an unknown option now.
    const test::ProgramRun run =
        test::runCrowdkd({QStringLiteral("count"), QStringLiteral("--weights"), trojan,
                          QStringLiteral("--allow-code"), m_image},
                         120'000);
    QVERIFY(run.exitCode != 0);
    QVERIFY(!QFile::exists(marker));
    QVERIFY(test::trojanRunsInPyTorch(trojan, marker));
}

QTEST_GUILESS_MAIN(TestTrojanModels)
#include "test_trojan_models.moc"
