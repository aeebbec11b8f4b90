#include "count/count_workspace.h"

#include "common/density_colouriser.h"
#include "common/density_legend.h"
#include "common/model_choices.h"
#include "common/settings_keys.h"
#include "common/studio_support.h"
#include "data/dataset.h"

#include <QApplication>
#include <QColor>
#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QMimeData>
#include <QPainter>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QSlider>
#include <QSplitter>
#include <QTableWidget>
#include <QThreadPool>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <algorithm>
#include <atomic>
#include <mutex>

namespace crowdkd::ui {

namespace {

/// Initial width of the model, list and export column, in pixels.
constexpr int kListWidth = 380;
/// Initial width of the preview, in pixels (the splitter keeps the widths in proportion).
constexpr int kPreviewWidth = 900;
/// Opacity of the density overlay on the preview until the slider is moved, in percent: high,
/// because the colouriser already fades sparse cells out (its alpha rises with the density).
constexpr int kOverlayOpacity = 90;
/// Size of the count written on the preview, relative to the widget font.
constexpr double kCountTextScale = 1.6;
/// Space between the count's box and the preview's top-left corner, in pixels.
constexpr int kCountBoxOffset = 12;
/// Space left and right of the count's text in its box, in pixels.
constexpr int kCountBoxPaddingX = 8;
/// Space above and below the count's text in its box, in pixels.
constexpr int kCountBoxPaddingY = 4;
/// The count's box: dark and translucent, so the text reads on any photo.
const QColor kCountBoxColour(0, 0, 0, 160);
/// Text of an image that could not be counted: a red readable on light and dark palettes.
const QColor kFailedColour(0xe0, 0x31, 0x31);

/// The reason of a failed count without the path the error starts with (the row names the file).
QString failureReason(const CountResult& result) {
    const QString path = QDir::toNativeSeparators(result.imagePath);
    QString reason = result.error;
    for (const QString& prefix : {result.imagePath, path}) {
        if (reason.startsWith(prefix + QStringLiteral(": ")))
            return reason.mid(prefix.size() + 2);
    }
    return reason;
}

} // namespace

/// One counting run on the worker thread: the images still to count, which the GUI thread may
/// extend while it runs. Once the worker found the queue empty the job is closed, and images
/// dropped after that start a new job.
struct CountWorkspace::Job {
    /// Queues `images` unless the job is closed (then false: start another job).
    bool add(const QStringList& images) {
        const std::lock_guard lock(mutex);
        if (closed)
            return false;
        queue.append(images);
        return true;
    }
    /// The next image to count, or false (closing the job) when there is none or it is cancelled.
    bool take(QString* image) {
        const std::lock_guard lock(mutex);
        if (cancel || queue.isEmpty()) {
            closed = true;
            return false;
        }
        *image = queue.takeFirst();
        return true;
    }

    std::mutex mutex;
    QStringList queue;
    bool closed = false;
    std::atomic<bool> cancel{false};
};

namespace {} // namespace

CountWorkspace::CountWorkspace(QWidget* parent)
    : Workspace(parent)
    , m_model(new QComboBox(this))
    , m_modelInfo(new QLabel(this))
    , m_openImagesButton(new QPushButton(QIcon(QStringLiteral(":/icons/open.svg")), {}, this))
    , m_openFolderButton(new QPushButton(this))
    , m_clearButton(new QPushButton(this))
    , m_exportButton(new QPushButton(this))
    , m_table(new QTableWidget(0, 2, this))
    , m_total(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_hint(new QLabel(this))
    , m_scroll(new QScrollArea(this))
    , m_view(new QLabel(this))
    , m_opacityLabel(new QLabel(this))
    , m_opacity(new QSlider(Qt::Horizontal, this))
    , m_imageWatcher(new QFutureWatcher<QImage>(this))
    , m_pool(new QThreadPool(this)) {
    m_pool->setMaxThreadCount(1);
    setAcceptDrops(true);
    m_modelInfo->setWordWrap(true);
    m_modelInfo->setTextFormat(Qt::RichText);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_progress->hide();
    m_hint->setAlignment(Qt::AlignCenter);
    m_hint->setWordWrap(true);
    m_view->setAlignment(Qt::AlignCenter);
    m_scroll->setWidget(m_view);
    m_scroll->setWidgetResizable(true);
    m_scroll->setAlignment(Qt::AlignCenter);
    m_opacity->setRange(0, 100);
    m_opacity->setValue(kOverlayOpacity);

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->addWidget(m_model);
    leftLayout->addWidget(m_modelInfo);
    auto* openRow = new QHBoxLayout;
    openRow->addWidget(m_openImagesButton);
    openRow->addWidget(m_openFolderButton);
    leftLayout->addLayout(openRow);
    leftLayout->addWidget(m_table, 1);
    leftLayout->addWidget(m_total);
    leftLayout->addWidget(m_progress);
    auto* exportRow = new QHBoxLayout;
    exportRow->addWidget(m_clearButton);
    exportRow->addWidget(m_exportButton);
    leftLayout->addLayout(exportRow);

    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->addWidget(m_hint);
    rightLayout->addWidget(m_scroll, 1);
    auto* opacityRow = new QHBoxLayout;
    opacityRow->addWidget(m_opacityLabel);
    opacityRow->addWidget(m_opacity, 1);
    opacityRow->addWidget(new DensityLegend(this), 1);
    rightLayout->addLayout(opacityRow);

    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(1, 1);
    split->setSizes({kListWidth, kPreviewWidth});
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    connect(m_openImagesButton, &QPushButton::clicked, this, &CountWorkspace::openImages);
    connect(m_openFolderButton, &QPushButton::clicked, this, &CountWorkspace::openFolder);
    connect(m_clearButton, &QPushButton::clicked, this, &CountWorkspace::clearImages);
    connect(m_exportButton, &QPushButton::clicked, this, &CountWorkspace::exportResults);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &CountWorkspace::showSelected);
    connect(m_opacity, &QSlider::valueChanged, this, &CountWorkspace::updatePreview);
    connect(m_imageWatcher, &QFutureWatcher<QImage>::finished, this, [this] {
        if (m_imageWatcher->isCanceled()) // a failed row was chosen meanwhile: no result to read
            return;
        m_selectedImage = m_imageWatcher->result();
        updatePreview();
    });
    connect(m_model, qOverload<int>(&QComboBox::activated), this, [this](int index) {
        if (m_model->itemData(index).toString().isEmpty()) {
            chooseModelFile();
            return;
        }
        setModel(m_model->itemData(index).toString());
    });

    fillModelPicker();
    retranslateUi();
}

CountWorkspace::~CountWorkspace() {
    cancelJob();
    m_pool->waitForDone();
    m_imageWatcher->waitForFinished();
}

// The workspace bar's texts are translated in the shell's context, with the other workspaces'.
QString CountWorkspace::title() const {
    return QCoreApplication::translate("crowdkd::ui::MainWindow", "Count");
}

QString CountWorkspace::description() const {
    return QCoreApplication::translate("crowdkd::ui::MainWindow",
                                       "Count people in images with a trained model");
}

QIcon CountWorkspace::icon() const {
    return QIcon(QStringLiteral(":/icons/count.svg"));
}

QKeySequence CountWorkspace::shortcut() const {
    return QKeySequence(Qt::ALT | Qt::Key_5);
}

void CountWorkspace::fillModelPicker() {
    // The default student, the user's runs (and the teachers they used), recent exports, files
    // chosen here, then "Other model file…"; the choice shown stays.
    const QString current = m_model->count() > 0 ? modelPath() : QString();
    m_model->clear();
    const QString model = defaultStudentPath();
    if (!model.isEmpty())
        m_model->addItem(QString(), model);
    const QString runsRoot = settings::kRunsFolder.read(settings::defaultRunsFolder());
    for (const ModelChoice& choice : modelChoices(runsRoot)) {
        if (m_model->findData(choice.path) < 0)
            m_model->addItem(choice.text(), choice.path);
    }
    for (const QString& chosen : std::as_const(m_chosenModels)) {
        if (m_model->findData(chosen) < 0)
            m_model->addItem(QFileInfo(chosen).fileName(), chosen);
    }
    m_model->addItem(QString(), QString()); // "Other model file…"
    if (!current.isEmpty())
        m_model->setCurrentIndex(std::max(0, m_model->findData(current)));
}

void CountWorkspace::activate() {
    // Runs finished and files exported since the picker was filled are offered too.
    fillModelPicker();
    retranslateUi();
}

void CountWorkspace::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    Workspace::changeEvent(event);
}

void CountWorkspace::retranslateUi() {
    const QLocale locale;
    if (m_model->count() > 0)
        fillModelPicker(); // the runs' and exports' texts in the new language
    const QString defaultModel = defaultStudentPath();
    QString info;
    QString infoTip;
    for (int i = 0; i < m_model->count(); ++i) {
        const QString path = m_model->itemData(i).toString();
        if (path.isEmpty()) {
            m_model->setItemText(i, tr("Other model file…"));
        } else if (path == defaultModel) {
            const QJsonObject meta = defaultStudentInfo();
            const double mae = meta.value(QLatin1String("test_mae")).toDouble(-1);
            const double rmse = meta.value(QLatin1String("test_rmse")).toDouble(-1);
            const bool distilled =
                meta.value(QLatin1String("mode")).toString() == QLatin1String("kd");
            const QString maeText = locale.toString(mae, 'f', 1);
            const QString rmseText = locale.toString(rmse, 'f', 1);
            QString text = tr("Default student (MCNN)");
            if (mae >= 0 && distilled)
                text = tr("Default student (MCNN, KD α = %1) — MAE %2") // RMSE: in the text below
                           .arg(locale.toString(meta.value(QLatin1String("alpha")).toDouble()),
                                maeText);
            else if (mae >= 0)
                text = tr("Default student (MCNN) — MAE %1, RMSE %2").arg(maeText, rmseText);
            m_model->setItemText(i, text);
            // Written from the description's fields: its "trained" sentence is English alone.
            if (i == m_model->currentIndex() && mae >= 0) {
                const QString how =
                    distilled
                        ? tr("distilled from a teacher model with α = %1")
                              .arg(locale.toString(meta.value(QLatin1String("alpha")).toDouble()))
                        : tr("trained on the ground truth alone");
                info = tr("Trained by CrowdKD: a student %1. Measured on ShanghaiTech part A test "
                          "(%2 images): MAE %3, RMSE %4.")
                           .arg(how)
                           .arg(meta.value(QLatin1String("test_images")).toInt())
                           .arg(locale.toString(mae, 'f', 2), locale.toString(rmse, 'f', 2));
                const int steps = meta.value(QLatin1String("iterations")).toInt(0);
                const double hours = meta.value(QLatin1String("training_hours")).toDouble(0);
                const double validation = meta.value(QLatin1String("validation_mae")).toDouble(-1);
                if (steps > 0 && hours > 0)
                    info += QLatin1Char(' ') +
                            tr("%Ln training step(s) in %1 hours on a CPU.", nullptr, steps)
                                .arg(locale.toString(hours, 'f', 1));
                if (validation >= 0)
                    info += QLatin1Char(' ') + tr("Best validation MAE %1 (held-out training "
                                                  "images).")
                                                   .arg(locale.toString(validation, 'f', 2));
                // What distillation bought: the side-car's plain student ran the same steps.
                const QJsonObject plain =
                    meta.value(QLatin1String("plain_student_same_steps")).toObject();
                const double plainMae = plain.value(QLatin1String("test_mae")).toDouble(-1);
                if (distilled && plainMae >= 0)
                    info += QLatin1Char(' ') +
                            tr("Trained for the same steps without the teacher, a plain student "
                               "counts MAE %1.")
                                .arg(locale.toString(plainMae, 'f', 2));
                infoTip = meta.value(QLatin1String("training_command")).toString();
            }
        } else if (m_model->itemText(i).isEmpty()) {
            m_model->setItemText(i, QFileInfo(path).fileName());
        }
        m_model->setItemData(i, QDir::toNativeSeparators(path), Qt::ToolTipRole);
    }
    m_modelInfo->setText(info);
    m_modelInfo->setToolTip(infoTip);
    m_modelInfo->setVisible(!info.isEmpty());
    m_openImagesButton->setText(tr("Open &images…"));
    m_openFolderButton->setText(tr("Open &folder…"));
    m_clearButton->setText(tr("C&lear"));
    m_exportButton->setText(tr("&Export counts…"));
    m_table->setHorizontalHeaderLabels(
        {tr("Image"), tr("Count", "table column: number of people")});
    m_hint->setText(tr("Drop images or folders here to count the people in them."));
    showSelected(); // a failed image's reason, retranslated
    m_opacityLabel->setText(tr("Density overlay opacity:"));
    updateTotal();
}

void CountWorkspace::updateTotal() {
    const QLocale locale;
    qsizetype counted = 0;
    double total = 0;
    for (const CountResult& r : m_results) {
        if (r.error.isEmpty()) {
            ++counted;
            total += r.count;
        }
    }
    if (m_results.isEmpty()) {
        m_total->setText(tr("No images counted yet"));
        return;
    }
    const int failed = static_cast<int>(m_results.size() - counted);
    QStringList parts{tr("%n image(s) counted", nullptr, int(counted))};
    if (failed > 0)
        parts << tr("%n failed", "images that could not be counted", failed);
    parts << tr("%1 people in total").arg(locale.toString(total, 'f', 1));
    m_total->setText(parts.join(QStringLiteral(", ")));
}

QString CountWorkspace::summaryText() const {
    return m_total->text();
}

QString CountWorkspace::previewMessage() const {
    return m_hint->isVisibleTo(this) ? m_hint->text() : QString();
}

QString CountWorkspace::modelPath() const {
    const QString path = m_model->currentData().toString();
    return path;
}

void CountWorkspace::setModel(const QString& path) {
    int index = m_model->findData(path);
    if (index < 0) {
        m_chosenModels.removeAll(path);
        m_chosenModels.prepend(path);
        index = std::max(0, m_model->count() - 1);
        m_model->insertItem(index, QFileInfo(path).fileName(), path);
    }
    m_model->setCurrentIndex(index);
    retranslateUi();
    // Recount everything with the new model.
    cancelJob();
    ++m_generation;
    m_handedOut = 0;
    m_results.clear();
    m_previewLayers = {};
    m_table->setRowCount(0);
    startCounting();
}

void CountWorkspace::chooseModelFile() {
    const QString file =
        QFileDialog::getOpenFileName(this, tr("Model to count with"), QString(),
                                     tr("Models (*.pth *.pt *.tar *.onnx);;All files (*)"));
    if (file.isEmpty()) {
        const int index = m_model->findData(m_loadedModel);
        m_model->setCurrentIndex(std::max(0, index));
        return;
    }
    setModel(file);
}

bool CountWorkspace::isDatasetFolder(const QString& dir) {
    const QDir d(dir);
    return d.exists(QStringLiteral("train_data")) || d.exists(QStringLiteral("test_data")) ||
           (d.exists(QStringLiteral("images")) && !findGroundTruthFolder(toPath(dir)).empty());
}

void CountWorkspace::addPaths(const QStringList& paths, bool askAboutDatasets) {
    QStringList images;
    for (const QString& path : paths) {
        const QFileInfo info(path);
        if (info.isDir()) {
            if (askAboutDatasets && isDatasetFolder(path)) {
                const auto answer = QMessageBox::question(
                    this, tr("Dataset folder"),
                    tr("%1 looks like a dataset. Open it in the Dataset workspace instead of "
                       "counting its images?")
                        .arg(QDir::toNativeSeparators(path)),
                    QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
                if (answer == QMessageBox::Yes) {
                    emit openDatasetRequested(path);
                    continue;
                }
            }
            QDir dir(path);
            const QDir imagesDir(dir.filePath(QStringLiteral("images")));
            if (imagesDir.exists())
                dir = imagesDir;
            const QFileInfoList files =
                dir.entryInfoList(QDir::Files, QDir::Name | QDir::LocaleAware);
            for (const QFileInfo& file : files) {
                if (isImageFilePath(file.fileName()))
                    images << file.absoluteFilePath();
            }
        } else if (info.isFile() && isImageFilePath(path)) {
            images << info.absoluteFilePath();
        }
    }
    for (const QString& image : images) {
        if (!m_images.contains(image))
            m_images << image;
    }
    if (!images.isEmpty())
        startCounting();
}

void CountWorkspace::clearImages() {
    cancelJob();
    ++m_generation;
    m_handedOut = 0;
    m_images.clear();
    m_results.clear();
    m_previewLayers = {};
    m_table->setRowCount(0);
    m_selectedImage = QImage();
    m_view->clear();
    m_hint->setText(tr("Drop images or folders here to count the people in them."));
    m_hint->show();
    setBusy(false);
    updateTotal();
}

void CountWorkspace::cancelJob() {
    if (m_job)
        m_job->cancel = true;
    m_job.reset();
}

void CountWorkspace::setBeforeCountHook(std::function<void(const QString&)> hook) {
    m_beforeCount = std::move(hook);
}

void CountWorkspace::startCounting() {
    const QString model = modelPath();
    if (model.isEmpty() || m_handedOut >= m_images.size()) {
        if (!m_job)
            setBusy(false);
        return;
    }
    const QStringList todo = m_images.mid(m_handedOut);
    m_progress->setRange(0, static_cast<int>(m_images.size()));
    m_progress->setValue(static_cast<int>(m_results.size()));
    m_progress->show();
    // Images dropped while a count runs join it, so each is counted once, in list order.
    if (m_job && m_job->add(todo)) {
        m_handedOut = m_images.size();
        return;
    }
    auto job = std::make_shared<Job>();
    job->queue = todo;
    m_job = job;
    m_handedOut = m_images.size();
    const int generation = m_generation;
    // A model file rewritten since it was loaded (a run's best.pt) is loaded again.
    std::shared_ptr<DensityCounter> counter =
        m_loadedModel == model && m_counter && m_counter->holds(model) ? m_counter : nullptr;
    QPointer<CountWorkspace> self(this);
    setBusy(true);
    emit jobStarted();
    // The job reports through onCounted() and onCountingDone(), so it needs no QFuture.
    m_pool->start([self, job, generation, counter, model, beforeCount = m_beforeCount]() mutable {
        QString error;
        if (!counter)
            counter = DensityCounter::load(model, &error);
        if (counter) {
            QMetaObject::invokeMethod(qApp, [self, counter, model] {
                if (self) {
                    self->m_counter = counter;
                    self->m_loadedModel = model;
                }
            });
            QString image;
            while (job->take(&image)) {
                if (beforeCount)
                    beforeCount(image);
                CountResult result = counter->count(image);
                QMetaObject::invokeMethod(qApp, [self, generation, result] {
                    if (self)
                        self->onCounted(generation, result);
                });
            }
        } else {
            const std::lock_guard lock(job->mutex);
            job->closed = true;
        }
        QMetaObject::invokeMethod(qApp, [self, job, error] {
            if (self)
                self->onCountingDone(job, error);
        });
    });
}

void CountWorkspace::onCounted(int generation, const CountResult& result) {
    if (generation != m_generation)
        return;
    m_results.append(result);
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    const bool failed = !result.error.isEmpty();
    // A failed image says why in its row (a second line under the name), not in a tooltip only.
    auto* name = new QTableWidgetItem(
        failed ? QStringLiteral("%1\n%2").arg(QFileInfo(result.imagePath).fileName(),
                                              failureReason(result))
               : QFileInfo(result.imagePath).fileName());
    name->setToolTip(QDir::toNativeSeparators(result.imagePath) +
                     (failed ? QStringLiteral("\n") + result.error : QString()));
    auto* count = new QTableWidgetItem(failed ? tr("failed", "an image that could not be counted")
                                              : QLocale().toString(result.count, 'f', 1));
    if (failed) {
        count->setToolTip(result.error);
        count->setForeground(kFailedColour);
        name->setForeground(kFailedColour);
    }
    count->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_table->setItem(row, 0, name);
    m_table->setItem(row, 1, count);
    if (failed)
        m_table->resizeRowToContents(row);
    m_progress->setValue(static_cast<int>(m_results.size()));
    if (m_table->selectedItems().isEmpty())
        m_table->selectRow(row);
    updateTotal();
}

void CountWorkspace::onCountingDone(const std::shared_ptr<Job>& job, const QString& error) {
    if (job != m_job)
        return; // cancelled, or closed and followed by another job that is still running
    m_job.reset();
    if (!error.isEmpty()) {
        m_images = m_images.mid(0, m_results.size());
        m_handedOut = m_images.size();
    }
    setBusy(false);
    if (!error.isEmpty())
        QMessageBox::warning(this, tr("Count"), tr("The model could not be loaded: %1").arg(error));
    // Images dropped after the worker took its last one (the job was closed) are counted now.
    startCounting();
}

void CountWorkspace::setBusy(bool busy) {
    if (!busy)
        m_progress->hide();
    if (m_busy == busy)
        return;
    m_busy = busy;
    emit busyChanged(busy);
}

void CountWorkspace::waitUntilIdle() {
    while (m_busy)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    m_imageWatcher->waitForFinished();
    QCoreApplication::processEvents();
}

void CountWorkspace::showSelected() {
    const QList<QTableWidgetItem*> items = m_table->selectedItems();
    if (items.isEmpty())
        return;
    const int row = items.front()->row();
    if (row < 0 || row >= m_results.size())
        return;
    const QString path = m_results[row].imagePath;
    if (!m_results[row].error.isEmpty()) {
        // Nothing to draw for an image that could not be counted: say why where the image would be.
        m_imageWatcher->cancel();
        m_selectedImage = QImage();
        m_view->clear();
        m_hint->setText(tr("%1 could not be counted:\n%2")
                            .arg(QFileInfo(path).fileName(), failureReason(m_results[row])));
        m_hint->show();
        return;
    }
    m_imageWatcher->cancel(); // a decode for a row passed over need not start
    m_imageWatcher->setFuture(QtConcurrent::run([path] {
        try {
            return readQImage(path);
        } catch (const std::exception&) {
            return QImage();
        }
    }));
}

void CountWorkspace::updatePreview() {
    const QList<QTableWidgetItem*> items = m_table->selectedItems();
    if (items.isEmpty() || m_selectedImage.isNull())
        return;
    const int row = items.front()->row();
    if (row < 0 || row >= m_results.size() || !m_results[row].error.isEmpty())
        return;
    m_hint->hide();
    const CountResult& result = m_results[row];
    const QSize available = m_scroll->viewport()->size() - QSize(4, 4);
    PreviewLayers& layers = m_previewLayers;
    if (layers.row != row || layers.image != m_selectedImage.cacheKey() ||
        layers.density != result.density.data || layers.size != available) {
        layers.row = row;
        layers.image = m_selectedImage.cacheKey();
        layers.density = result.density.data;
        layers.size = available;
        layers.photo =
            m_selectedImage.scaled(available, Qt::KeepAspectRatio, Qt::SmoothTransformation)
                .convertToFormat(QImage::Format_ARGB32);
        layers.overlay = DensityColouriser(DensityColouriser::scaleTop(result.density))
                             .overlay(result.density, layers.photo.size());
    }
    QImage shown = layers.photo.copy();
    const QImage& overlay = layers.overlay;
    QPainter painter(&shown);
    if (!overlay.isNull()) {
        painter.setOpacity(m_opacity->value() / 100.0);
        painter.drawImage(0, 0, overlay);
        painter.setOpacity(1.0);
    }
    QFont font = painter.font();
    font.setPointSizeF(font.pointSizeF() * kCountTextScale);
    font.setBold(true);
    painter.setFont(font);
    const QString text = result.error.isEmpty()
                             ? tr("%1 people").arg(QLocale().toString(result.count, 'f', 1))
                             : result.error;
    const QRect box = painter.fontMetrics().boundingRect(text).adjusted(
        -kCountBoxPaddingX, -kCountBoxPaddingY, kCountBoxPaddingX, kCountBoxPaddingY);
    const QRect placed = box.translated(kCountBoxOffset - box.left(), kCountBoxOffset - box.top());
    painter.fillRect(placed, kCountBoxColour);
    painter.setPen(Qt::white);
    painter.drawText(placed, Qt::AlignCenter, text);
    painter.end();
    m_view->setPixmap(QPixmap::fromImage(shown));
}

void CountWorkspace::resizeEvent(QResizeEvent* event) {
    Workspace::resizeEvent(event);
    updatePreview();
}

void CountWorkspace::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void CountWorkspace::dropEvent(QDropEvent* event) {
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls()) {
        if (url.isLocalFile())
            paths << url.toLocalFile();
    }
    if (paths.isEmpty())
        return;
    event->acceptProposedAction();
    addPaths(paths);
}

void CountWorkspace::openImages() {
    const QStringList files = QFileDialog::getOpenFileNames(this, tr("Images to count"), QString(),
                                                            imageFileDialogFilter());
    addPaths(files);
}

void CountWorkspace::openFolder() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder of images to count"));
    if (!dir.isEmpty())
        addPaths({dir});
}

namespace {

/// Writes `data` into `file`, opened by openSaveFile, and commits it; false with the reason.
bool commitSaveFile(QSaveFile& file, const QByteArray& data, QString* error) {
    if (file.write(data) == data.size() && file.commit())
        return true;
    if (error)
        *error = file.errorString();
    file.cancelWriting();
    return false;
}

} // namespace

bool CountWorkspace::exportCsv(const QString& path, QString* error) const {
    QSaveFile file(path);
    if (!openSaveFile(file, QIODevice::WriteOnly | QIODevice::Text, error))
        return false;
    QByteArray data("image,count\n");
    for (const CountResult& r : m_results) {
        if (!r.error.isEmpty())
            continue;
        QString name = r.imagePath;
        name.replace(QLatin1Char('"'), QLatin1String("\"\""));
        data += QStringLiteral("\"%1\",%2\n").arg(name, QString::number(r.count, 'f', 4)).toUtf8();
    }
    return commitSaveFile(file, data, error);
}

bool CountWorkspace::exportJson(const QString& path, QString* error) const {
    QJsonArray entries;
    for (const CountResult& r : m_results) {
        if (r.error.isEmpty())
            entries.append(QJsonObject{{QStringLiteral("image"), r.imagePath},
                                       {QStringLiteral("count"), r.count}});
    }
    QJsonObject root{{QStringLiteral("model"), m_loadedModel}, {QStringLiteral("images"), entries}};
    QSaveFile file(path);
    if (!openSaveFile(file, QIODevice::WriteOnly, error))
        return false;
    return commitSaveFile(file, QJsonDocument(root).toJson(), error);
}

void CountWorkspace::exportResults() {
    QString filter;
    const QString file =
        QFileDialog::getSaveFileName(this, tr("Export counts"), QStringLiteral("counts.csv"),
                                     tr("CSV table (*.csv);;JSON (*.json)"), &filter);
    if (file.isEmpty())
        return;
    const bool json = file.endsWith(QLatin1String(".json"), Qt::CaseInsensitive);
    QString reason;
    if (!(json ? exportJson(file, &reason) : exportCsv(file, &reason)))
        QMessageBox::warning(
            this, tr("Export counts"),
            tr("The counts could not be written to %1.").arg(QDir::toNativeSeparators(file)) +
                (reason.isEmpty() ? QString() : QLatin1Char('\n') + reason));
}

} // namespace crowdkd::ui
