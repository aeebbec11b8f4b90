#include "annotate/review_panel.h"

#include "annotate/annotation_canvas.h"
#include "annotate/annotation_document.h"
#include "common/studio_support.h"

#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <cmath>

namespace crowdkd::ui {

namespace {

/// Regions of each sign listed.
constexpr int kRegions = 5;
/// Height the region list keeps at least, in pixels (the panel shares a 720-pixel-high screen
/// with the display settings and the edit history).
constexpr int kListMinimumHeight = 80;
/// Milliseconds of quiet after an edit before comparing again.
constexpr int kRestartDelayMs = 300;
/// Colours of the regions: model sees more (missed heads), annotation has more (extra labels).
const QColor kMissedColor(0xe6, 0x7e, 0x22);
const QColor kExtraColor(0x8e, 0x44, 0xad);
/// Item data role holding the region's rectangle (image pixels).
constexpr int kRectRole = Qt::UserRole + 1;

} // namespace

ReviewPanel::ReviewPanel(AnnotationDocument* document, AnnotationCanvas* canvas, QWidget* parent)
    : QWidget(parent)
    , m_document(document)
    , m_canvas(canvas)
    , m_toggle(new QPushButton(this))
    , m_modelLabel(new QLabel(this))
    , m_model(new QLineEdit(this))
    , m_modelBrowse(new QToolButton(this))
    , m_blockLabel(new QLabel(this))
    , m_block(new QSpinBox(this))
    , m_status(new QLabel(this))
    , m_list(new QListWidget(this))
    , m_restart(new QTimer(this)) {
    setObjectName(QStringLiteral("reviewPanel"));
    m_toggle->setObjectName(QStringLiteral("reviewToggle"));
    m_list->setObjectName(QStringLiteral("reviewRegions"));
    m_toggle->setCheckable(true);
    m_modelBrowse->setText(QStringLiteral("…"));
    m_block->setRange(16, 256);
    m_block->setSingleStep(8);
    m_block->setValue(pipeline::ReviewParams().blockSize);
    m_block->setSuffix(tr(" px"));
    m_status->setWordWrap(true);
    m_list->setMinimumHeight(kListMinimumHeight);
    m_list->setWordWrap(true);
    m_restart->setSingleShot(true);
    m_restart->setInterval(kRestartDelayMs);
    m_model->setText(QDir::toNativeSeparators(defaultStudentPath()));

    auto* modelRow = new QHBoxLayout;
    modelRow->addWidget(m_model, 1);
    modelRow->addWidget(m_modelBrowse);
    auto* form = new QFormLayout;
    form->addRow(m_modelLabel, modelRow);
    form->addRow(m_blockLabel, m_block);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_toggle);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addWidget(m_list, 1);

    connect(m_toggle, &QPushButton::toggled, this, [this](bool on) {
        if (!on)
            clearReview();
        retranslateUi();
        if (on)
            start();
    });
    connect(m_modelBrowse, &QToolButton::clicked, this, &ReviewPanel::chooseModel);
    connect(m_model, &QLineEdit::editingFinished, this, [this] {
        emit modelPathChanged(modelPath());
        if (isActive())
            m_restart->start();
    });
    connect(m_block, qOverload<int>(&QSpinBox::valueChanged), this, [this] {
        if (isActive())
            m_restart->start();
    });
    connect(m_restart, &QTimer::timeout, this, &ReviewPanel::start);
    connect(m_document, &AnnotationDocument::contentReset, this, [this] {
        clearReview();
        if (isActive())
            start();
    });
    connect(m_document, &AnnotationDocument::pointsChanged, this, [this] {
        if (isActive())
            m_restart->start();
    });
    connect(m_list, &QListWidget::currentRowChanged, this, &ReviewPanel::showRegion);
    connect(m_list, &QListWidget::itemClicked, this,
            [this](QListWidgetItem* item) { showRegion(m_list->row(item)); });
    connect(&m_watcher, &QFutureWatcher<Outcome>::finished, this, &ReviewPanel::onFinished);
    retranslateUi();
}

// A running review is left to finish on its own: it holds copies and shared pointers only.
ReviewPanel::~ReviewPanel() = default;

void ReviewPanel::setModelPath(const QString& path) {
    m_model->setText(QDir::toNativeSeparators(path));
    emit modelPathChanged(modelPath());
    if (isActive())
        start();
}

QString ReviewPanel::modelPath() const {
    return QDir::fromNativeSeparators(m_model->text().trimmed());
}

void ReviewPanel::setActive(bool active) {
    m_toggle->setChecked(active);
}

bool ReviewPanel::isActive() const {
    return m_toggle->isChecked();
}

void ReviewPanel::start() {
    if (m_watcher.isRunning()) {
        m_pending = true; // run again with the latest state once this one ends
        return;
    }
    m_pending = false;
    const QString image = m_document->imagePath();
    const QString model = modelPath();
    if (image.isEmpty() || m_document->image().isNull()) {
        clearReview();
        m_status->setText(tr("Open an annotated image to review it."));
        return;
    }
    if (model.isEmpty() || !QFileInfo(model).isFile()) {
        m_status->setText(tr("%1: no such model file.").arg(QDir::toNativeSeparators(model)));
        emit reviewFinished(false);
        return;
    }
    std::vector<HeadPoint> points;
    points.reserve(static_cast<std::size_t>(m_document->points().size()));
    for (const QPointF& p : m_document->points())
        points.push_back({p.x(), p.y()});
    const cv::Size imageSize(m_document->image().width(), m_document->image().height());
    pipeline::ReviewParams params;
    params.blockSize = m_block->value();
    params.regions = kRegions;
    // The model's density is reused while the image and the model stay the same.
    const bool reuse = m_density.isFor(image, model);
    std::shared_ptr<DensityCounter> counter = m_counter;
    if (!reuse)
        m_status->setText(
            tr("Running %1 on %2…").arg(QFileInfo(model).fileName(), QFileInfo(image).fileName()));
    const quint64 revision = m_document->revision();
    m_watcher.setFuture(QtConcurrent::run([=, density = m_density]() mutable {
        Outcome outcome;
        outcome.density = density;
        outcome.revision = revision;
        try {
            outcome.error = outcome.density.compute(counter, model, image);
            if (outcome.error.isEmpty()) {
                const ImageDensity& d = outcome.density;
                const int stride =
                    std::max(1, static_cast<int>(std::lround(
                                    static_cast<double>(d.inputSize.width) / d.density.cols)));
                outcome.review = pipeline::reviewAnnotation(d.density, stride, d.inputSize, points,
                                                            imageSize, params);
            }
        } catch (const std::exception& e) {
            outcome.error = QString::fromUtf8(e.what());
        }
        outcome.density.imagePath = image; // which image this outcome answers, even on failure
        outcome.counter = counter;         // kept loaded for the next image
        return outcome;
    }));
}

void ReviewPanel::onFinished() {
    const Outcome outcome = m_watcher.result();
    if (outcome.counter)
        m_counter = outcome.counter;
    const bool stale = outcome.density.imagePath != m_document->imagePath() ||
                       outcome.revision != m_document->revision();
    if (m_pending || stale || !isActive()) {
        if (isActive()) {
            if (outcome.error.isEmpty())
                m_density = outcome.density; // reused if the image and model are still these
            if (!m_restart->isActive())      // else the edit's own restart comes shortly
                start();
        }
        return;
    }
    if (!outcome.error.isEmpty()) {
        clearReview();
        m_error = outcome.error;
        m_status->setText(tr("Review failed: %1").arg(outcome.error));
        emit reviewFinished(false);
        return;
    }
    m_error.clear();
    m_density = outcome.density;
    m_review = outcome.review;
    showReview();
    emit reviewFinished(true);
}

void ReviewPanel::showReview() {
    const QLocale locale;
    const QSignalBlocker blocker(m_list);
    m_list->clear();
    QVector<AnnotationCanvas::Marker> markers;
    auto add = [&](const pipeline::ReviewRegion& region, bool missed, int index) {
        const QRectF rect(region.box.x, region.box.y, region.box.width, region.box.height);
        const double k = std::abs(region.difference());
        const QString text =
            missed ? tr("#%1 Possibly missed heads: the model sees ≈%2 more")
                         .arg(index + 1)
                         .arg(locale.toString(k, 'f', 1))
                   : tr("#%1 Possibly extra or duplicate labels: ≈%2 more than the model sees")
                         .arg(index + 1)
                         .arg(locale.toString(k, 'f', 1));
        auto* item = new QListWidgetItem(text, m_list);
        item->setData(kRectRole, rect);
        item->setToolTip(tr("Annotated %1, model %2 in %3×%4 px at (%5, %6)")
                             .arg(locale.toString(region.annotationCount, 'f', 1),
                                  locale.toString(region.modelCount, 'f', 1))
                             .arg(region.box.width)
                             .arg(region.box.height)
                             .arg(region.box.x)
                             .arg(region.box.y));
        item->setForeground(missed ? kMissedColor.darker(120) : kExtraColor);
        const QString tag =
            (missed ? QStringLiteral("+") : QStringLiteral("−")) + locale.toString(k, 'f', 0);
        markers.append({rect, missed ? kMissedColor : kExtraColor,
                        QStringLiteral("#%1 %2").arg(index + 1).arg(tag)});
    };
    int index = 0;
    for (const pipeline::ReviewRegion& region : m_review.missed)
        add(region, true, index++);
    for (const pipeline::ReviewRegion& region : m_review.extra)
        add(region, false, index++);
    m_canvas->setMarkers(markers);
    m_status->setText(
        tr("Model %1 people, annotation %2. %3 region(s) where they disagree most; choose one to "
           "zoom onto it.")
            .arg(locale.toString(m_review.modelCount, 'f', 1),
                 locale.toString(m_review.annotationCount, 'f', 1))
            .arg(m_list->count()));
    if (m_list->count() == 0)
        m_status->setText(
            tr("Model %1 people, annotation %2: no region disagrees by a head or more.")
                .arg(locale.toString(m_review.modelCount, 'f', 1),
                     locale.toString(m_review.annotationCount, 'f', 1)));
}

void ReviewPanel::showRegion(int row) {
    QListWidgetItem* item = m_list->item(row);
    if (!item)
        return;
    m_canvas->zoomToRect(item->data(kRectRole).toRectF());
}

void ReviewPanel::clearReview() {
    m_review = pipeline::AnnotationReview();
    m_list->clear();
    m_canvas->setMarkers({});
    if (m_document->imagePath() != m_density.imagePath)
        m_density = ImageDensity();
}

void ReviewPanel::chooseModel() {
    const QString file =
        QFileDialog::getOpenFileName(this, tr("Model to review with"), modelPath(),
                                     tr("Models (*.pth *.pt *.tar *.onnx);;All files (*)"));
    if (!file.isEmpty())
        setModelPath(file);
}

void ReviewPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void ReviewPanel::retranslateUi() {
    m_toggle->setText(isActive() ? tr("Stop Reviewing") : tr("Review with Model"));
    m_toggle->setToolTip(tr("Show where the model's density and the annotation disagree most"));
    m_modelLabel->setText(tr("Model:"));
    m_blockLabel->setText(tr("Block size:"));
    if (!isActive())
        m_status->setText(tr("Compares a student's density with the annotation to find heads that "
                             "were missed or labelled twice."));
    else if (!m_review.missed.empty() || !m_review.extra.empty())
        showReview();
}

} // namespace crowdkd::ui
