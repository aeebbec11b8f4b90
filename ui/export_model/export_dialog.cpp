#include "export_model/export_dialog.h"

#include "common/settings_keys.h"
#include "common/studio_support.h"

#include <QCheckBox>
#include <QCloseEvent>
#include <QCollator>
#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <algorithm>
#include <cmath>

namespace crowdkd::ui {

namespace {

/// The export formats in the picker's order (`crowdkd export --format`).
const QStringList kFormats = {QStringLiteral("onnx"), QStringLiteral("libtorch"),
                              QStringLiteral("pytorch")};
/// The architectures of `--model`; "" reads it from the file.
const QStringList kKinds = {QString(), QStringLiteral("mcnn"), QStringLiteral("msfanet")};
/// The paper's teacher: M-SFANet's float32 weights, in MB, when no teacher file is chosen.
constexpr double kPaperTeacherMegabytes = 91.7;
/// Counts of the source and the export may differ by this much (relative) and still pass.
constexpr double kCountTolerance = 1e-3;
/// Bytes in a MB as the paper counts weights (2^20).
constexpr double kMegabyte = 1024.0 * 1024.0;
/// Steps of the progress bar: loading, exporting, verifying.
constexpr int kSteps = 3;
/// Recent exports remembered for the model pickers.
constexpr int kRecentExportsKept = 8;

QString naturalFirst(QStringList files) {
    if (files.isEmpty())
        return {};
    QCollator collator;
    collator.setNumericMode(true);
    std::sort(files.begin(), files.end(),
              [&](const QString& a, const QString& b) { return collator.compare(a, b) < 0; });
    return files.front();
}

QString firstImageIn(const QString& dir) {
    const QDir folder(dir);
    const QStringList names = folder.entryList(imageNameFilters(), QDir::Files);
    const QString first = naturalFirst(names);
    return first.isEmpty() ? QString() : folder.filePath(first);
}

/// Whether an export to `path` would replace a file: the export or its side-car.
bool exportExists(const QString& path) {
    return QFileInfo::exists(path) || QFileInfo::exists(path + QStringLiteral(".json"));
}

/// `base` + `suffix`, or where that export exists, the first free `base`-N + `suffix`.
QString freeExportPath(const QString& base, const QString& suffix) {
    QString candidate = base + suffix;
    for (int n = 2; exportExists(candidate); ++n)
        candidate = QStringLiteral("%1-%2%3").arg(base, QString::number(n), suffix);
    return candidate;
}

QString megabytes(double bytes) {
    return QLocale().toString(bytes / kMegabyte, 'f', bytes < 10 * kMegabyte ? 2 : 1);
}

} // namespace

ExportDialog::ExportDialog(const QString& modelPath, QWidget* parent)
    : QDialog(parent)
    , m_intro(new QLabel(this))
    , m_modelLabel(new QLabel(this))
    , m_model(new QLineEdit(this))
    , m_modelBrowse(new QToolButton(this))
    , m_kindLabel(new QLabel(this))
    , m_kind(new QComboBox(this))
    , m_formatLabel(new QLabel(this))
    , m_format(new QComboBox(this))
    , m_fp16(new QCheckBox(this))
    , m_outputLabel(new QLabel(this))
    , m_output(new QLineEdit(this))
    , m_outputBrowse(new QToolButton(this))
    , m_teacherLabel(new QLabel(this))
    , m_teacher(new QLineEdit(this))
    , m_teacherBrowse(new QToolButton(this))
    , m_imageLabel(new QLabel(this))
    , m_image(new QLineEdit(this))
    , m_imageBrowse(new QToolButton(this))
    , m_progress(new QProgressBar(this))
    , m_status(new QLabel(this))
    , m_result(new QLabel(this))
    , m_exportButton(new QPushButton(this))
    , m_closeButton(new QPushButton(this)) {
    setObjectName(QStringLiteral("exportDialog"));
    m_model->setObjectName(QStringLiteral("exportModel"));
    m_kind->setObjectName(QStringLiteral("exportKind"));
    m_format->setObjectName(QStringLiteral("exportFormat"));
    m_fp16->setObjectName(QStringLiteral("exportFp16"));
    m_output->setObjectName(QStringLiteral("exportOutput"));
    m_teacher->setObjectName(QStringLiteral("exportTeacher"));
    m_image->setObjectName(QStringLiteral("exportTestImage"));
    m_exportButton->setObjectName(QStringLiteral("exportButton"));
    m_result->setObjectName(QStringLiteral("exportResult"));

    m_intro->setWordWrap(true);
    m_kind->addItems({QString(), QString(), QString()});
    m_format->addItems({QString(), QString(), QString()});
    for (QToolButton* browse : {m_modelBrowse, m_outputBrowse, m_teacherBrowse, m_imageBrowse})
        browse->setText(QStringLiteral("…"));
    m_progress->setRange(0, kSteps);
    m_progress->setValue(0);
    m_progress->setTextVisible(false);
    m_status->setWordWrap(true);
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::RichText);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->setMinimumHeight(120);
    m_result->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_exportButton->setDefault(true);

    auto row = [this](QLineEdit* edit, QToolButton* browse) {
        auto* layout = new QHBoxLayout;
        layout->addWidget(edit, 1);
        layout->addWidget(browse);
        return layout;
    };
    auto* form = new QFormLayout;
    form->addRow(m_modelLabel, row(m_model, m_modelBrowse));
    form->addRow(m_kindLabel, m_kind);
    form->addRow(m_formatLabel, m_format);
    form->addRow(QString(), m_fp16);
    form->addRow(m_outputLabel, row(m_output, m_outputBrowse));
    form->addRow(m_teacherLabel, row(m_teacher, m_teacherBrowse));
    form->addRow(m_imageLabel, row(m_image, m_imageBrowse));

    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_exportButton);
    buttons->addWidget(m_closeButton);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addLayout(form);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addWidget(m_result, 1);
    layout->addLayout(buttons);

    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::updateSuffix);
    connect(m_model, &QLineEdit::editingFinished, this, [this] {
        if (m_output->text().isEmpty())
            setModelPath(m_model->text());
    });
    connect(m_modelBrowse, &QToolButton::clicked, this, &ExportDialog::chooseModel);
    connect(m_outputBrowse, &QToolButton::clicked, this, &ExportDialog::chooseOutput);
    connect(m_teacherBrowse, &QToolButton::clicked, this, &ExportDialog::chooseTeacher);
    connect(m_imageBrowse, &QToolButton::clicked, this, &ExportDialog::chooseImage);
    connect(m_exportButton, &QPushButton::clicked, this, &ExportDialog::startExport);
    connect(m_closeButton, &QPushButton::clicked, this, &ExportDialog::close);
    connect(&m_watcher, &QFutureWatcher<ExportOutcome>::finished, this, &ExportDialog::onFinished);

    retranslateUi();
    m_image->setText(defaultTestImage());
    setModelPath(modelPath);
    resize(640, sizeHint().height());
}

ExportDialog::~ExportDialog() {
    // The worker writes into m_outcome's future and posts progress to this dialog.
    m_watcher.waitForFinished();
}

void ExportDialog::setModelPath(const QString& path) {
    m_model->setText(QDir::toNativeSeparators(path));
    if (path.isEmpty())
        return;
    // Proposed in the user's last export folder, else the documents folder: never beside the
    // model, which may be the program's own resources/models or a run folder in the app data.
    const QFileInfo info(path);
    const QString folder = settings::kExportFolder.read(settings::defaultExportFolder());
    setOutputPath(QDir(folder).filePath(info.completeBaseName() + QStringLiteral("_export") +
                                        exportSuffix(format())));
}

QString ExportDialog::modelPath() const {
    return QDir::fromNativeSeparators(m_model->text().trimmed());
}

void ExportDialog::setFormat(const QString& format) {
    const int index = static_cast<int>(kFormats.indexOf(format.toLower()));
    if (index >= 0)
        m_format->setCurrentIndex(index);
}

QString ExportDialog::format() const {
    return kFormats.value(m_format->currentIndex(), kFormats.front());
}

void ExportDialog::setOutputPath(const QString& path) {
    m_output->setText(QDir::toNativeSeparators(path));
    updateSuffix();
}

QString ExportDialog::outputPath() const {
    return QDir::fromNativeSeparators(m_output->text().trimmed());
}

void ExportDialog::setTeacherPath(const QString& path) {
    m_teacher->setText(QDir::toNativeSeparators(path));
}

void ExportDialog::setTestImage(const QString& path) {
    m_image->setText(QDir::toNativeSeparators(path));
}

QString ExportDialog::testImage() const {
    return QDir::fromNativeSeparators(m_image->text().trimmed());
}

ExportDialog* ExportDialog::showFor(const QString& modelPath, const QString& datasetRoot,
                                    QWidget* parent) {
    auto* dialog = new ExportDialog(modelPath, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setTestImage(defaultTestImage(datasetRoot));
    dialog->show();
    return dialog;
}

QString ExportDialog::defaultTestImage(const QString& datasetRoot) {
    if (!datasetRoot.isEmpty()) {
        const QDir root(datasetRoot);
        for (const QString& images : {QStringLiteral("test_data/images"), QStringLiteral("images"),
                                      QStringLiteral("train_data/images")}) {
            const QString first = firstImageIn(root.filePath(images));
            if (!first.isEmpty())
                return first;
        }
    }
    const QString samples = sampleDatasetPath();
    return samples.isEmpty()
               ? QString()
               : firstImageIn(QDir(samples).filePath(QStringLiteral("test_data/images")));
}

void ExportDialog::updateSuffix() {
    const QString out = outputPath();
    if (out.isEmpty())
        return;
    const QString suffix = exportSuffix(format());
    QString base = out;
    for (const QString& known :
         {QStringLiteral(".onnx"), QStringLiteral(".pt"), QStringLiteral(".pth")}) {
        if (base.endsWith(known, Qt::CaseInsensitive)) {
            base.chop(known.size());
            break;
        }
    }
    // Only the file the user chose to replace in the file dialog is replaced; a name proposed or
    // given another suffix here moves on to a free one.
    const QString target =
        base + suffix == m_replaceConfirmed ? base + suffix : freeExportPath(base, suffix);
    m_output->setText(QDir::toNativeSeparators(target));
}

bool ExportDialog::startExport() {
    if (isRunning())
        return false;
    m_hasOutcome = false;
    m_result->clear();
    QString problem;
    const QString model = modelPath();
    if (model.isEmpty())
        problem = tr("Choose the model file to export.");
    else if (!QFileInfo(model).isFile())
        problem = tr("%1: no such model file.").arg(QDir::toNativeSeparators(model));
    else if (outputPath().isEmpty())
        problem = tr("Choose where to write the exported file.");
    else if (exportExists(outputPath()) && outputPath() != m_replaceConfirmed)
        problem = tr("%1 already exists: choose it with the button beside it to replace it, or "
                     "give another name.")
                      .arg(QDir::toNativeSeparators(outputPath()));
    else if (!testImage().isEmpty() && !QFileInfo(testImage()).isFile())
        problem = tr("%1: no such test image.").arg(QDir::toNativeSeparators(testImage()));
    else if (!m_teacher->text().trimmed().isEmpty() &&
             !QFileInfo(QDir::fromNativeSeparators(m_teacher->text().trimmed())).isFile())
        problem = tr("%1: no such teacher file.").arg(m_teacher->text().trimmed());
    if (!problem.isEmpty()) {
        m_status->setText(
            QStringLiteral("<span style='color:#c0392b'>%1</span>").arg(problem.toHtmlEscaped()));
        return false;
    }
    if (!outputPath().endsWith(exportSuffix(format())))
        updateSuffix();

    m_request = ExportRequest{model,        kKinds.value(m_kind->currentIndex()),
                              format(),     m_fp16->isChecked(),
                              outputPath(), testImage()};
    m_step = -1;
    setBusy(true);
    QPointer<ExportDialog> self(this);
    const ExportRequest request = m_request;
    m_watcher.setFuture(QtConcurrent::run([self, request] {
        return exportAndVerify(request, [self](int step) {
            QMetaObject::invokeMethod(
                qApp,
                [self, step] {
                    if (!self)
                        return;
                    self->m_step = step;
                    self->m_progress->setValue(step);
                    self->retranslateUi();
                },
                Qt::QueuedConnection);
        });
    }));
    return true;
}

void ExportDialog::setBusy(bool busy) {
    for (QWidget* widget : std::initializer_list<QWidget*>{
             m_model, m_modelBrowse, m_kind, m_format, m_fp16, m_output, m_outputBrowse, m_teacher,
             m_teacherBrowse, m_image, m_imageBrowse, m_exportButton, m_closeButton})
        widget->setEnabled(!busy);
    m_progress->setValue(busy ? 0 : kSteps);
}

void ExportDialog::onFinished() {
    m_outcome = m_watcher.result();
    m_hasOutcome = true;
    m_step = -1;
    setBusy(false);
    showOutcome();
    const bool ok = m_outcome.error.isEmpty() &&
                    (!m_outcome.verified ||
                     std::abs(m_outcome.exportedCount - m_outcome.sourceCount) <=
                         kCountTolerance * std::max(1.0, std::abs(m_outcome.sourceCount)));
    if (m_outcome.error.isEmpty())
        rememberExport(m_request.outPath);
    emit exportFinished(ok);
}

void ExportDialog::rememberExport(const QString& file) {
    const QString absolute = QFileInfo(file).absoluteFilePath();
    settings::kExportFolder.write(QFileInfo(absolute).absolutePath());
    QStringList recent = settings::kRecentExports.read();
    recent.removeAll(absolute);
    recent.prepend(absolute);
    settings::kRecentExports.write(recent.mid(0, kRecentExportsKept));
}

void ExportDialog::showOutcome() {
    if (!m_hasOutcome)
        return;
    const ExportOutcome& o = m_outcome;
    if (!o.error.isEmpty()) {
        m_progress->setValue(0);
        m_status->setText(QStringLiteral("<span style='color:#c0392b'>%1</span>")
                              .arg(tr("Export failed: %1").arg(o.error).toHtmlEscaped()));
        return;
    }
    const QLocale locale;
    const QString teacherFile = QDir::fromNativeSeparators(m_teacher->text().trimmed());
    double teacherBytes = kPaperTeacherMegabytes * kMegabyte;
    QString teacherName =
        tr("M-SFANet, the paper's figure for its weights (no teacher file chosen)");
    if (!teacherFile.isEmpty() && QFileInfo(teacherFile).isFile()) {
        teacherBytes = static_cast<double>(QFileInfo(teacherFile).size());
        teacherName = tr("teacher file %1").arg(QFileInfo(teacherFile).fileName());
    }
    const double ratio = teacherBytes / std::max<double>(1.0, static_cast<double>(o.fileBytes));
    QString html = QStringLiteral("<table cellspacing='4'>");
    auto line = [&html](const QString& name, const QString& value) {
        html += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                    .arg(name.toHtmlEscaped(), value.toHtmlEscaped());
    };
    line(tr("Exported file"),
         tr("%1 (%2 MB, %3 %4, %5 parameters)")
             .arg(QFileInfo(m_request.outPath).fileName(), megabytes(o.fileBytes), o.kindName,
                  o.precision, locale.toString(o.parameterCount)));
    line(tr("Teacher"), tr("%1 MB — %2").arg(megabytes(teacherBytes), teacherName));
    line(tr("Size"), tr("%1× smaller than the teacher").arg(locale.toString(ratio, 'f', 1)));
    const bool passed = o.verified && std::abs(o.exportedCount - o.sourceCount) <=
                                          kCountTolerance * std::max(1.0, std::abs(o.sourceCount));
    if (o.verified) {
        line(tr("Test image"), QFileInfo(m_request.testImage).fileName());
        line(tr("Count (source model)"), locale.toString(o.sourceCount, 'f', 2));
        line(tr("Count (exported, %1)").arg(o.engine), locale.toString(o.exportedCount, 'f', 2));
        line(tr("Difference"), tr("%1 people (largest density difference %2)")
                                   .arg(locale.toString(o.exportedCount - o.sourceCount, 'g', 3),
                                        locale.toString(o.maxDensityDifference, 'g', 3)));
    }
    html += QStringLiteral("</table>");
    m_result->setText(html);
    QString status;
    if (!o.verified)
        status = tr("Exported to %1 (not verified: no test image).")
                     .arg(QDir::toNativeSeparators(m_request.outPath));
    else if (passed)
        status = tr("Exported and verified: %1 counts like the source model.")
                     .arg(QDir::toNativeSeparators(m_request.outPath));
    else
        status = tr("Verification failed: %1 counts %2 people, the source model %3.")
                     .arg(QDir::toNativeSeparators(m_request.outPath),
                          locale.toString(o.exportedCount, 'f', 2),
                          locale.toString(o.sourceCount, 'f', 2));
    const QString colour =
        passed || !o.verified ? QStringLiteral("#1e8449") : QStringLiteral("#c0392b");
    m_status->setText(
        QStringLiteral("<span style='color:%1'>%2</span>").arg(colour, status.toHtmlEscaped()));
}

void ExportDialog::chooseModel() {
    const QString file =
        QFileDialog::getOpenFileName(this, tr("Model to export"), modelPath(),
                                     tr("Models (*.pth *.pt *.tar *.onnx);;All files (*)"));
    if (!file.isEmpty())
        setModelPath(file);
}

void ExportDialog::chooseOutput() {
    const QString file =
        QFileDialog::getSaveFileName(this, tr("Exported file"), outputPath(),
                                     tr("Export (*%1);;All files (*)").arg(exportSuffix(format())));
    if (!file.isEmpty()) {
        m_replaceConfirmed = file; // the file dialog asked before a file is replaced
        setOutputPath(file);
    }
}

void ExportDialog::chooseTeacher() {
    const QString file =
        QFileDialog::getOpenFileName(this, tr("Teacher model"), QString(),
                                     tr("Models (*.pth *.pt *.tar *.onnx);;All files (*)"));
    if (!file.isEmpty())
        setTeacherPath(file);
}

void ExportDialog::chooseImage() {
    const QString file =
        QFileDialog::getOpenFileName(this, tr("Test image"), testImage(), imageFileDialogFilter());
    if (!file.isEmpty())
        setTestImage(file);
}

void ExportDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void ExportDialog::closeEvent(QCloseEvent* event) {
    if (isRunning()) {
        event->ignore();
        return;
    }
    QDialog::closeEvent(event);
}

void ExportDialog::reject() {
    if (!isRunning())
        QDialog::reject();
}

void ExportDialog::retranslateUi() {
    setWindowTitle(tr("Export Model"));
    m_intro->setText(tr("Ships a model as ONNX (OpenCV DNN, ONNX Runtime, TensorRT), a LibTorch "
                        "archive or a PyTorch state dict, with a JSON side-car. The export is "
                        "verified by counting a test image with it and with the source model."));
    m_modelLabel->setText(tr("Model:"));
    m_model->setPlaceholderText(tr("PyTorch .pth, CrowdKD checkpoint, .onnx or LibTorch archive"));
    m_kindLabel->setText(tr("Architecture:"));
    m_kind->setItemText(0, tr("From the file"));
    m_kind->setItemText(1, tr("MCNN"));
    m_kind->setItemText(2, tr("M-SFANet"));
    m_formatLabel->setText(tr("Format:"));
    m_format->setItemText(0, tr("ONNX (.onnx)"));
    m_format->setItemText(1, tr("LibTorch archive (.pt)"));
    m_format->setItemText(2, tr("PyTorch state dict (.pth)"));
    m_fp16->setText(tr("Half precision weights (half the size)"));
    m_outputLabel->setText(tr("Output file:"));
    m_teacherLabel->setText(tr("Teacher (size comparison):"));
    m_teacher->setPlaceholderText(tr("none: the paper's M-SFANet, 91.7 MB of weights"));
    m_imageLabel->setText(tr("Test image:"));
    m_image->setPlaceholderText(tr("none: the export is not verified"));
    m_exportButton->setText(tr("Export"));
    m_closeButton->setText(tr("Close"));
    switch (m_step) {
    case 0:
        m_status->setText(tr("Loading %1…").arg(QFileInfo(m_request.modelPath).fileName()));
        break;
    case 1:
        m_status->setText(tr("Exporting to %1…").arg(QFileInfo(m_request.outPath).fileName()));
        break;
    case 2:
        m_status->setText(tr("Verifying on %1…").arg(QFileInfo(m_request.testImage).fileName()));
        break;
    default:
        showOutcome();
        break;
    }
}

} // namespace crowdkd::ui
