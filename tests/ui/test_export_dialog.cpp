// The Export dialog: the svishwa MCNN (or the bundled default student) exported to ONNX and PyTorch
// through the dialog's fields and button, off the GUI thread; the files exist, the verification on
// a part A test image passed and the reported counts equal the source model's (counted by the CLI
// binary, `crowdkd count`).
#include "common/settings_keys.h"
#include "export_model/export_dialog.h"
#include "shell/language.h"
#include "shell/main_window.h"
#include "studio_test_support.h"
#include "test_support.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace crowdkd;
using namespace crowdkd::ui;

namespace {

/// The model to export: the svishwa MCNN when ../shared is there, else the default student.
QString sourceModel() {
    const QString svishwa =
        QDir(test::sharedDir())
            .filePath(QStringLiteral("fixtures/pretrained/mcnn_shtechA_svishwa.pth"));
    return QFileInfo::exists(svishwa)
               ? svishwa
               : QStringLiteral(CROWDKD_RESOURCES_DIR "/models/default_student.pth");
}

/// What `crowdkd count --json` says about `image` with `model`; -1 when it fails.
double cliCount(const QString& model, const QString& image) {
    QProcess cli;
    cli.start(QStringLiteral(CROWDKD_CLI), {QStringLiteral("count"), QStringLiteral("--weights"),
                                            model, QStringLiteral("--json"), image});
    if (!cli.waitForFinished(120000) || cli.exitCode() != 0)
        return -1;
    const QJsonArray images =
        QJsonDocument::fromJson(cli.readAllStandardOutput()).object()["images"].toArray();
    return images.isEmpty() ? -1 : images[0]["count"].toDouble();
}

} // namespace

class TestExportDialog : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void proposesTheUsersFolders();
    void exportsAndVerifies_data();
    void exportsAndVerifies();
    void reportsMissingFiles();
    void replacesOnlyWhatTheUserChose();
    void followsTheLanguage();
    void closingTheWindowWaitsForTheExport();
};

void TestExportDialog::initTestCase() {
    test::isolateUserFolders();
}

// Issue #16.5: the output is proposed in the last export folder, else the documents folder, never
// beside the model in the program's own resources/models.
void TestExportDialog::proposesTheUsersFolders() {
    QSettings().remove(QLatin1String(settings::kExportFolder.key));
    const QString model = QStringLiteral(CROWDKD_RESOURCES_DIR "/models/default_student.pth");
    QVERIFY(QFileInfo::exists(model));
    const QString documents = settings::defaultExportFolder();
    QVERIFY(!documents.isEmpty());
    {
        ExportDialog dialog(model);
        const QFileInfo proposed(dialog.outputPath());
        QCOMPARE(proposed.absolutePath(), QDir(documents).absolutePath());
        QVERIFY(!proposed.absoluteFilePath().startsWith(QFileInfo(model).absolutePath()));
        QVERIFY(!proposed.absoluteFilePath().startsWith(QCoreApplication::applicationDirPath()));
    }

    // After an export the next one is proposed in its folder, and the file is a recent export.
    QTemporaryDir out;
    QVERIFY(out.isValid());
    ExportDialog dialog(model);
    dialog.setFormat(QStringLiteral("pytorch"));
    dialog.setOutputPath(out.filePath(QStringLiteral("student.pth")));
    dialog.setTestImage(QString());
    QSignalSpy finished(&dialog, &ExportDialog::exportFinished);
    QVERIFY(dialog.startExport());
    QVERIFY(finished.wait(120000));
    QVERIFY2(dialog.outcome().error.isEmpty(), qPrintable(dialog.outcome().error));
    const QString written =
        QFileInfo(out.filePath(QStringLiteral("student.pth"))).absoluteFilePath();
    QVERIFY(QFileInfo::exists(written));
    QCOMPARE(settings::kRecentExports.read().value(0), written);
    ExportDialog next(sourceModel());
    QCOMPARE(QFileInfo(next.outputPath()).absolutePath(), QDir(out.path()).absolutePath());
}

void TestExportDialog::exportsAndVerifies_data() {
    QTest::addColumn<int>("formatIndex");
    QTest::addColumn<QString>("suffix");
    QTest::addColumn<bool>("fp16");
    QTest::newRow("onnx") << 0 << QStringLiteral(".onnx") << false;
    QTest::newRow("pytorch") << 2 << QStringLiteral(".pth") << false;
    QTest::newRow("libtorch fp16") << 1 << QStringLiteral(".pt") << true;
}

void TestExportDialog::exportsAndVerifies() {
    QFETCH(int, formatIndex);
    QFETCH(QString, suffix);
    QFETCH(bool, fp16);
    const QString model = sourceModel();
    QVERIFY2(QFileInfo::exists(model), qPrintable(model));
    const QString image = ExportDialog::defaultTestImage(
        QDir(test::sharedDir()).filePath(QStringLiteral("data/ShanghaiTech/part_A")));
    QVERIFY(!image.isEmpty());
    QTemporaryDir out;

    ExportDialog dialog(model);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto* format = dialog.findChild<QComboBox*>(QStringLiteral("exportFormat"));
    auto* output = dialog.findChild<QLineEdit*>(QStringLiteral("exportOutput"));
    auto* testImage = dialog.findChild<QLineEdit*>(QStringLiteral("exportTestImage"));
    auto* half = dialog.findChild<QCheckBox*>(QStringLiteral("exportFp16"));
    auto* button = dialog.findChild<QPushButton*>(QStringLiteral("exportButton"));
    QVERIFY(format && output && testImage && half && button);

    format->setCurrentIndex(formatIndex);
    half->setChecked(fp16);
    output->setText(out.filePath(QStringLiteral("student")));
    testImage->setText(image);
    // The output's suffix follows the format.
    format->setCurrentIndex((formatIndex + 1) % 3);
    format->setCurrentIndex(formatIndex);
    QVERIFY2(output->text().endsWith(suffix), qPrintable(output->text()));

    QSignalSpy finished(&dialog, &ExportDialog::exportFinished);
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(dialog.isRunning());
    QVERIFY(!button->isEnabled());
    // Esc does not close the dialog under a running export (QDialog's Esc skips closeEvent).
    QTest::keyClick(&dialog, Qt::Key_Escape);
    QVERIFY(dialog.isVisible());
    QVERIFY(finished.wait(120000));
    const ExportOutcome outcome = dialog.outcome();
    QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error));
    QVERIFY(finished.front().front().toBool());

    const QString file = out.filePath(QStringLiteral("student") + suffix);
    QVERIFY(QFileInfo::exists(file));
    QVERIFY(QFileInfo::exists(file + QStringLiteral(".json")));
    QCOMPARE(outcome.fileBytes, QFileInfo(file).size());
    QCOMPARE(outcome.precision, fp16 ? QStringLiteral("float16") : QStringLiteral("float32"));
    QVERIFY(outcome.verified);

    // The source's count is what the CLI counts, and the export's matches it.
    const double expected = cliCount(model, image);
    QVERIFY(expected > 10);
    QVERIFY2(qAbs(outcome.sourceCount - expected) < 1e-3 * expected,
             qPrintable(QStringLiteral("%1 vs %2").arg(outcome.sourceCount).arg(expected)));
    const double tolerance = (fp16 ? 1e-2 : 1e-3) * expected;
    QVERIFY2(qAbs(outcome.exportedCount - expected) < tolerance,
             qPrintable(QStringLiteral("%1 vs %2").arg(outcome.exportedCount).arg(expected)));
    // The result names the file and compares its size with the teacher's.
    const QString shown = dialog.findChild<QLabel*>(QStringLiteral("exportResult"))->text();
    QVERIFY(shown.contains(QFileInfo(file).fileName()));
    QVERIFY(shown.contains(QStringLiteral("91.7")));
    QVERIFY(button->isEnabled());
    if (formatIndex == 0)
        test::saveScreenshot(&dialog, QStringLiteral("export_dialog"));
}

void TestExportDialog::reportsMissingFiles() {
    QTemporaryDir out;
    ExportDialog dialog(out.filePath(QStringLiteral("missing.pth")));
    QVERIFY(!dialog.startExport()); // the model does not exist
    // A file that is not a model fails in the worker, with the file's name.
    const QString bogus = out.filePath(QStringLiteral("bogus.pth"));
    QFile file(bogus);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("not a model");
    file.close();
    dialog.setModelPath(bogus);
    QSignalSpy finished(&dialog, &ExportDialog::exportFinished);
    QVERIFY(dialog.startExport());
    QVERIFY(finished.wait(60000));
    QVERIFY(!finished.front().front().toBool());
    QVERIFY2(dialog.outcome().error.contains(QStringLiteral("bogus.pth")),
             qPrintable(dialog.outcome().error));
}

// An earlier export (or its side-car) is never replaced unasked: the proposed name moves on to a
// free one, and an existing file typed in is refused, untouched.
void TestExportDialog::replacesOnlyWhatTheUserChose() {
    QTemporaryDir temp;
    QVERIFY(temp.isValid());
    // A "%2" in the folder's name must survive the numbering of free names.
    const QDir out(temp.filePath(QStringLiteral("50%2 exports")));
    QVERIFY(out.mkpath(QStringLiteral(".")));
    settings::kExportFolder.write(out.path());
    const QString model = sourceModel();
    const QString base = QFileInfo(model).completeBaseName() + QStringLiteral("_export");
    const auto writeFile = [](const QString& path) {
        QFile file(path);
        return file.open(QIODevice::WriteOnly) && file.write("earlier export") > 0;
    };
    QVERIFY(writeFile(out.filePath(base + QStringLiteral(".onnx"))));
    QVERIFY(writeFile(out.filePath(base + QStringLiteral("-2.onnx.json"))));
    ExportDialog dialog(model);
    dialog.setFormat(QStringLiteral("onnx"));
    QCOMPARE(dialog.outputPath(), out.filePath(base + QStringLiteral("-3.onnx")));
    dialog.setFormat(QStringLiteral("pytorch"));
    QCOMPARE(QFileInfo(dialog.outputPath()).fileName(), base + QStringLiteral("-3.pth"));

    const QString earlier = out.filePath(base + QStringLiteral(".onnx"));
    dialog.setFormat(QStringLiteral("onnx"));
    dialog.findChild<QLineEdit*>(QStringLiteral("exportOutput"))->setText(earlier);
    QVERIFY(!dialog.startExport());
    QVERIFY(!dialog.isRunning());
    QFile kept(earlier);
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), QByteArray("earlier export"));
}

void TestExportDialog::followsTheLanguage() {
    ExportDialog dialog;
    QCOMPARE(dialog.windowTitle(), QStringLiteral("Export Model"));
    QVERIFY(setLanguage(QStringLiteral("ko")));
    QTRY_COMPARE(dialog.windowTitle(), QStringLiteral("모델 내보내기"));
    QVERIFY(setLanguage(QStringLiteral("en")));
    QTRY_COMPARE(dialog.windowTitle(), QStringLiteral("Export Model"));
}

// An export cannot be cut short: closing the main window under one says so and keeps the window
// (it used to close it and then freeze in the dialog's destructor until the export ended); once
// the export has finished, the window closes.
void TestExportDialog::closingTheWindowWaitsForTheExport() {
    QTemporaryDir out;
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QPointer<ExportDialog> dialog = ExportDialog::showFor(sourceModel(), QString(), &window);
    auto* output = dialog->findChild<QLineEdit*>(QStringLiteral("exportOutput"));
    auto* button = dialog->findChild<QPushButton*>(QStringLiteral("exportButton"));
    QVERIFY(output && button);
    output->setText(out.filePath(QStringLiteral("student")));
    QSignalSpy finished(dialog.data(), &ExportDialog::exportFinished);
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(dialog->isRunning());
    {
        test::MessageBoxDriver told(QStringLiteral("exportRunningBox"), QMessageBox::Ok);
        QVERIFY(!window.close());
        QVERIFY(told.wasAsked());
    }
    QVERIFY(window.isVisible());
    QVERIFY(dialog);
    QVERIFY(finished.size() == 1 || finished.wait(120000));
    QVERIFY(window.close());
}

QTEST_MAIN(TestExportDialog)
#include "test_export_dialog.moc"
