#include "annotate/annotate_workspace.h"

#include "annotate/annotation_canvas.h"
#include "annotate/annotation_document.h"
#include "annotate/proposal_panel.h"
#include "annotate/review_panel.h"
#include "base/error.h"
#include "common/density_colouriser.h"
#include "common/density_legend.h"
#include "common/settings_keys.h"
#include "common/studio_support.h"
#include "data/density_map.h"
#include "dataset/dataset_filter_model.h"
#include "dataset/dataset_model.h"
#include "dataset/dataset_session.h"
#include "dataset/thumbnail_delegate.h"

#include <QAction>
#include <QCheckBox>
#include <QColorDialog>
#include <QCoreApplication>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QMessageBox>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTimer>
#include <QToolButton>
#include <QUndoView>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <opencv2/core.hpp>

#include <algorithm>
#include <exception>

namespace crowdkd::ui {

namespace {

/// Delay between the last edit and recomputing the density overlay.
constexpr int kDensityDelayMs = 250;
/// Initial width of the image list, in pixels (the splitter keeps the widths in proportion).
constexpr int kImageListWidth = 220;
/// Initial width of the canvas, in pixels.
constexpr int kCanvasWidth = 900;
/// Initial width of the side panel (display, review, history), in pixels.
constexpr int kSidePanelWidth = 260;

QIcon actionIcon(const char* name) {
    return QIcon(QStringLiteral(":/icons/%1.svg").arg(QLatin1String(name)));
}

} // namespace

QImage renderDensityOverlay(const QVector<QPointF>& points, const QSize& imageSize) {
    std::vector<HeadPoint> heads;
    heads.reserve(points.size());
    for (const QPointF& p : points)
        heads.push_back(HeadPoint{p.x(), p.y()});
    const cv::Mat density =
        makeDensityMap(heads, cv::Size(imageSize.width(), imageSize.height()), DensityParams{});
    return DensityColouriser(DensityColouriser::scaleTop(density)).overlay(density);
}

AnnotateWorkspace::AnnotateWorkspace(DatasetSession* session, DatasetFilterModel* images,
                                     QWidget* parent)
    : Workspace(parent)
    , m_session(session)
    , m_images(images)
    , m_document(new AnnotationDocument(this))
    , m_canvas(new AnnotationCanvas(this))
    , m_imageList(new QListView(this))
    , m_listDelegate(new ThumbnailDelegate(this))
    , m_displayBox(new QGroupBox(this))
    , m_sizeLabel(new QLabel(this))
    , m_pointSize(new QSpinBox(this))
    , m_colorLabel(new QLabel(this))
    , m_colorButton(new QToolButton(this))
    , m_headsCheck(new QCheckBox(this))
    , m_overlayCheck(new QCheckBox(this))
    , m_opacityLabel(new QLabel(this))
    , m_opacity(new QSlider(Qt::Horizontal, this))
    , m_historyBox(new QGroupBox(this))
    , m_undoView(new QUndoView(this))
    , m_summary(new QLabel(this))
    , m_autosaveTimer(new QTimer(this))
    , m_densityTimer(new QTimer(this)) {
    m_canvas->setObjectName(QStringLiteral("annotationCanvas"));
    m_canvas->setDocument(m_document);

    m_listDelegate->setGridMode(false);
    m_imageList->setObjectName(QStringLiteral("annotateImageList"));
    m_imageList->setModel(m_images);
    m_imageList->setItemDelegate(m_listDelegate);
    m_imageList->setUniformItemSizes(true);
    m_imageList->setMinimumWidth(200);

    m_pointSize->setRange(1, 20);
    m_colorButton->setAutoRaise(false);
    m_colorButton->setMinimumWidth(48);
    m_opacity->setRange(0, 100);
    auto* display = new QFormLayout(m_displayBox);
    display->addRow(m_sizeLabel, m_pointSize);
    display->addRow(m_colorLabel, m_colorButton);
    display->addRow(m_headsCheck);
    display->addRow(m_overlayCheck);
    display->addRow(m_opacityLabel, m_opacity);
    display->addRow(new DensityLegend(m_displayBox));

    m_undoView->setStack(m_document->undoStack());
    m_undoView->setObjectName(QStringLiteral("undoView"));
    auto* history = new QVBoxLayout(m_historyBox);
    history->addWidget(m_undoView);
    m_summary->setWordWrap(true);

    auto* side = new QWidget(this);
    auto* sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 6, 6, 6);
    sideLayout->addWidget(m_summary);
    sideLayout->addWidget(m_displayBox);
    // The model's two helpers share one place: proposing heads and reviewing the annotation.
    m_assistTabs = new QTabWidget(side);
    m_assistTabs->setObjectName(QStringLiteral("modelAssistTabs"));
    // Long tab names elide (full names in the tooltips) rather than widen the side panel.
    m_assistTabs->setElideMode(Qt::ElideRight);
    m_assistTabs->setUsesScrollButtons(false);
    m_proposalPanel = new ProposalPanel(m_document, m_canvas, m_assistTabs);
    m_reviewPanel = new ReviewPanel(m_document, m_canvas, m_assistTabs);
    m_assistTabs->addTab(m_proposalPanel, QString());
    m_assistTabs->addTab(m_reviewPanel, QString());
    m_proposalPanel->setModelPath(m_reviewPanel->modelPath());
    connect(m_reviewPanel, &ReviewPanel::modelPathChanged, m_proposalPanel,
            &ProposalPanel::setModelPath);
    connect(m_document, &AnnotationDocument::proposalsChanged, this, [this] {
        updateActions();
        emit statusChanged();
    });
    sideLayout->addWidget(m_assistTabs, 1);
    sideLayout->addWidget(m_historyBox, 1);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_imageList);
    splitter->addWidget(m_canvas);
    splitter->addWidget(side);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setStretchFactor(2, 0);
    splitter->setSizes({kImageListWidth, kCanvasWidth, kSidePanelWidth});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    createActions();
    loadSettings();

    m_autosaveTimer->setSingleShot(false);
    connect(m_autosaveTimer, &QTimer::timeout, this, &AnnotateWorkspace::autosaveNow);
    m_densityTimer->setSingleShot(true);
    m_densityTimer->setInterval(kDensityDelayMs);
    connect(m_densityTimer, &QTimer::timeout, this, &AnnotateWorkspace::computeDensity);
    connect(&m_densityWatcher, &QFutureWatcher<QImage>::finished, this, [this] {
        if (m_densityWatcher.isCanceled())
            return;
        if (m_densityRevision == m_document->revision())
            m_canvas->setOverlay(m_densityWatcher.result());
        else // the heads or the image changed meanwhile: never show another state's density
            computeDensity();
    });

    connect(&m_openWatcher, &QFutureWatcher<OpenResult>::finished, this,
            &AnnotateWorkspace::onReadFinished);

    connect(m_document, &AnnotationDocument::pointsChanged, this, [this] {
        scheduleDensity();
        updateActions();
        emit statusChanged();
    });
    connect(m_document, &AnnotationDocument::selectionChanged, this,
            &AnnotateWorkspace::updateActions);
    connect(m_document, &AnnotationDocument::modifiedChanged, this,
            &AnnotateWorkspace::statusChanged);
    connect(m_document, &AnnotationDocument::saved, this, &AnnotateWorkspace::onSaved);
    connect(m_canvas, &AnnotationCanvas::zoomChanged, this, &AnnotateWorkspace::statusChanged);
    connect(m_imageList, &QListView::activated, this,
            [this](const QModelIndex& index) { openSample(m_images->mapToSource(index).row()); });
    connect(m_imageList, &QListView::clicked, this,
            [this](const QModelIndex& index) { openSample(m_images->mapToSource(index).row()); });
    connect(m_pointSize, &QSpinBox::valueChanged, this, [this](int size) {
        m_canvas->setPointRadius(size);
        saveSettings();
    });
    connect(m_colorButton, &QToolButton::clicked, this, &AnnotateWorkspace::chooseColor);
    connect(m_overlayCheck, &QCheckBox::toggled, m_overlayAction, &QAction::setChecked);
    connect(m_headsCheck, &QCheckBox::toggled, m_headsAction, &QAction::setChecked);
    m_headsCheck->setChecked(m_headsAction->isChecked());
    connect(m_opacity, &QSlider::valueChanged, this, [this](int value) {
        m_canvas->setOverlayOpacity(value / 100.0);
        saveSettings();
    });
    connect(m_session, &DatasetSession::closed, this, [this] {
        // Opening the folder of the image shown (to list its neighbours) keeps it, and so does
        // an image edited while the next dataset was being read: its edits wait to be saved.
        if (m_session->followedImage() != m_document->imagePath() && !m_document->isModified())
            m_document->clear();
        // An image of the closed dataset on its way is not shown after it.
        if (m_opening && m_session->followedImage() != m_opening->imagePath)
            cancelOpening();
    });
    connect(m_session, &DatasetSession::currentSplitChanged, this, [this] {
        // An image opened before its dataset finished loading gets its row marked now.
        const int row = currentProxyRow();
        if (row >= 0)
            m_imageList->setCurrentIndex(m_images->index(row, 0));
    });

    retranslateUi();
    updateActions();
}

AnnotateWorkspace::~AnnotateWorkspace() {
    // A read still running is not waited for: it holds no pointer to the workspace, and its
    // result is dropped with the watcher (a read not yet started is not started).
    m_openWatcher.disconnect(this);
    m_openWatcher.cancel();
    m_densityWatcher.cancel();
    m_densityWatcher.waitForFinished();
}

void AnnotateWorkspace::createActions() {
    const auto make = [this](const char* iconName, const QKeySequence& shortcut, auto slot) {
        auto* action = new QAction(this);
        if (iconName)
            action->setIcon(actionIcon(iconName));
        if (!shortcut.isEmpty())
            action->setShortcut(shortcut);
        connect(action, &QAction::triggered, this, slot);
        return action;
    };
    m_saveAction = make("save", QKeySequence::Save, [this] { save(); });
    m_saveAsAction = make(nullptr, QKeySequence::SaveAs, [this] { saveAs(); });
    m_undoAction = m_document->undoStack()->createUndoAction(this);
    m_undoAction->setIcon(actionIcon("undo"));
    m_undoAction->setShortcut(QKeySequence::Undo);
    m_redoAction = m_document->undoStack()->createRedoAction(this);
    m_redoAction->setIcon(actionIcon("redo"));
    // The platform's redo keys, plus both common ones wherever the platform lacks them.
    QList<QKeySequence> redoKeys = QKeySequence::keyBindings(QKeySequence::Redo);
    for (const QKeySequence& key :
         {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)}) {
        if (!redoKeys.contains(key))
            redoKeys.append(key);
    }
    m_redoAction->setShortcuts(redoKeys);
    m_selectAllAction =
        make("select-all", QKeySequence::SelectAll, [this] { m_document->selectAll(); });
    m_deleteAction = make("delete", QKeySequence::Delete, [this] {
        m_document->rejectSelectedProposals();
        m_document->removeSelectedHeads();
    });
    m_zoomInAction = make("zoom-in", QKeySequence::ZoomIn, [this] { m_canvas->zoomIn(); });
    m_zoomOutAction = make("zoom-out", QKeySequence::ZoomOut, [this] { m_canvas->zoomOut(); });
    m_fitAction =
        make("zoom-fit", QKeySequence(Qt::CTRL | Qt::Key_0), [this] { m_canvas->fitToWindow(); });
    m_actualSizeAction = make("zoom-original", QKeySequence(Qt::CTRL | Qt::Key_1),
                              [this] { m_canvas->showActualSize(); });
    m_previousAction = make("previous", QKeySequence(Qt::Key_A), [this] { step(-1); });
    m_previousAction->setShortcuts({QKeySequence(Qt::Key_A), QKeySequence(Qt::Key_PageUp)});
    m_nextAction = make("next", QKeySequence(Qt::Key_D), [this] { step(+1); });
    m_nextAction->setShortcuts({QKeySequence(Qt::Key_D), QKeySequence(Qt::Key_PageDown)});
    m_overlayAction = new QAction(actionIcon("density"), {}, this);
    m_overlayAction->setCheckable(true);
    m_overlayAction->setShortcut(QKeySequence(Qt::Key_M));
    connect(m_overlayAction, &QAction::toggled, this, [this](bool on) {
        m_overlayCheck->setChecked(on);
        m_canvas->setOverlayVisible(on);
        settings::kOverlayVisible.write(on);
        if (on)
            computeDensity();
    });
    m_headsAction = new QAction(actionIcon("select-all"), {}, this);
    m_headsAction->setObjectName(QStringLiteral("showHeadsAction"));
    m_headsAction->setCheckable(true);
    m_headsAction->setChecked(true);
    m_headsAction->setShortcut(QKeySequence(Qt::Key_H));
    connect(m_headsAction, &QAction::toggled, this, [this](bool on) {
        m_headsCheck->setChecked(on);
        m_canvas->setHeadsVisible(on);
        settings::kHeadsVisible.write(on);
    });
    // Single-key shortcuts act only while the workspace has focus (not in text fields elsewhere).
    for (QAction* action :
         {m_saveAction, m_saveAsAction, m_undoAction, m_redoAction, m_selectAllAction,
          m_deleteAction, m_zoomInAction, m_zoomOutAction, m_fitAction, m_actualSizeAction,
          m_previousAction, m_nextAction, m_overlayAction, m_headsAction}) {
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(action);
    }
}

void AnnotateWorkspace::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    Workspace::changeEvent(event);
}

// The workspace bar's texts are translated in the shell's context, with the other workspaces'.
QString AnnotateWorkspace::title() const {
    return QCoreApplication::translate("crowdkd::ui::MainWindow", "Annotate");
}

QString AnnotateWorkspace::description() const {
    return QCoreApplication::translate("crowdkd::ui::MainWindow",
                                       "Annotate head positions on one image");
}

QIcon AnnotateWorkspace::icon() const {
    return QIcon(QStringLiteral(":/icons/annotate.svg"));
}

QKeySequence AnnotateWorkspace::shortcut() const {
    return QKeySequence(Qt::ALT | Qt::Key_2);
}

QList<QAction*> AnnotateWorkspace::contributedActions(ActionPlace place) const {
    switch (place) {
    case ActionPlace::FileMenu:
        return {m_saveAction, m_saveAsAction};
    case ActionPlace::EditMenu:
        return {m_undoAction, m_redoAction, nullptr, m_selectAllAction, m_deleteAction};
    case ActionPlace::ViewMenu:
        return {m_zoomInAction, m_zoomOutAction, m_fitAction,    m_actualSizeAction,
                nullptr,        m_headsAction,   m_overlayAction};
    case ActionPlace::GoMenu:
        return {m_previousAction, m_nextAction};
    case ActionPlace::ToolBar:
        return {m_saveAction,    nullptr,          m_undoAction,      m_redoAction,
                nullptr,         m_previousAction, m_nextAction,      nullptr,
                m_zoomInAction,  m_zoomOutAction,  m_fitAction,       m_actualSizeAction,
                m_overlayAction, nullptr,          m_selectAllAction, m_deleteAction};
    }
    return {};
}

std::optional<WorkspaceStatus> AnnotateWorkspace::status() const {
    if (m_document->isEmpty())
        return std::nullopt;
    WorkspaceStatus status;
    status.documentPath = m_document->imagePath();
    status.documentName = m_document->displayName();
    status.headCount = m_document->count();
    status.zoom = m_canvas->zoom();
    status.modified = m_document->isModified();
    if (m_document->proposalCount() > 0 || m_document->acceptedProposalCount() > 0)
        status.detail = tr("%n proposal(s) left", nullptr, m_document->proposalCount()) +
                        QStringLiteral(" · ") +
                        tr("≈%n click(s) saved", nullptr, m_document->clicksSaved());
    return status;
}

bool AnnotateWorkspace::canClose() {
    if (!maybeSave())
        return false;
    cancelOpening(); // nothing is shown (nor asked) after the window has closed
    return true;
}

void AnnotateWorkspace::activate() {
    m_canvas->setFocus();
}

void AnnotateWorkspace::retranslateUi() {
    m_displayBox->setTitle(tr("Display"));
    m_sizeLabel->setText(tr("Head marker size"));
    m_pointSize->setSuffix(tr(" px"));
    m_colorLabel->setText(tr("Head marker colour"));
    m_headsCheck->setText(tr("Show head markers"));
    m_overlayCheck->setText(tr("Show density map"));
    m_opacityLabel->setText(tr("Density map opacity"));
    m_historyBox->setTitle(tr("Edit history"));
    m_assistTabs->setTabText(m_assistTabs->indexOf(m_proposalPanel), tr("Propose heads"));
    m_assistTabs->setTabText(m_assistTabs->indexOf(m_reviewPanel), tr("Review with model"));
    for (int i = 0; i < m_assistTabs->count(); ++i)
        m_assistTabs->setTabToolTip(i, m_assistTabs->tabText(i));
    m_undoView->setEmptyLabel(tr("<opened>"));
    m_saveAction->setText(tr("&Save Annotation"));
    m_saveAction->setToolTip(
        withShortcuts(tr("Save the head annotation into the dataset"), m_saveAction->shortcuts()));
    m_saveAsAction->setText(tr("Save Annotation &As…"));
    m_undoAction->setText(tr("&Undo"));
    m_redoAction->setText(tr("&Redo"));
    m_selectAllAction->setText(tr("Select &All Heads"));
    m_deleteAction->setText(tr("&Delete Selected"));
    m_deleteAction->setToolTip(tr("Remove the selected heads and reject the selected proposals"));
    m_zoomInAction->setText(tr("Zoom &In"));
    m_zoomOutAction->setText(tr("Zoom &Out"));
    m_fitAction->setText(tr("&Fit to Window"));
    m_actualSizeAction->setText(tr("&Actual Size (1:1)"));
    m_previousAction->setText(tr("&Previous Image"));
    m_previousAction->setToolTip(
        withShortcuts(tr("Previous image"), m_previousAction->shortcuts()));
    m_nextAction->setText(tr("&Next Image"));
    m_nextAction->setToolTip(withShortcuts(tr("Next image"), m_nextAction->shortcuts()));
    m_headsAction->setText(tr("&Head Markers"));
    m_headsAction->setToolTip(withShortcuts(
        tr("Show or hide the head markers (to see the crowd and the density map under them)"),
        m_headsAction->shortcuts()));
    m_overlayAction->setText(tr("Density &Map Overlay"));
    m_overlayAction->setToolTip(withShortcuts(tr("Show the density map computed from the heads"),
                                              m_overlayAction->shortcuts()));
    updateActions();
}

void AnnotateWorkspace::updateActions() {
    const bool open = !m_document->isEmpty();
    m_saveAction->setEnabled(open);
    m_saveAsAction->setEnabled(open);
    m_selectAllAction->setEnabled(open && m_document->count() > 0);
    // Delete is an edit: none while another image is on its way (see showOpening()).
    m_deleteAction->setEnabled(!m_opening && (m_document->selectedCount() > 0 ||
                                              !m_document->selectedProposals().isEmpty()));
    const QLocale locale;
    m_summary->setText(open ? tr("<b>%1</b><br>%2 heads, %3 selected")
                                  .arg(m_document->displayName().toHtmlEscaped(),
                                       locale.toString(m_document->count()),
                                       locale.toString(m_document->selectedCount()))
                            : tr("No image open."));
}

void AnnotateWorkspace::loadSettings() {
    m_pointSize->setValue(settings::kPointRadius.read());
    m_canvas->setPointRadius(m_pointSize->value());
    const QColor color(settings::kPointColor.read());
    m_canvas->setPointColor(color);
    m_colorButton->setStyleSheet(QStringLiteral("background-color: %1;").arg(color.name()));
    m_opacity->setValue(settings::kOverlayOpacity.read());
    m_canvas->setOverlayOpacity(m_opacity->value() / 100.0);
    setAutosaveInterval(settings::kAutosaveSeconds.read());
    m_saveOnSwitch = settings::kSaveOnSwitch.read();
    m_overlayAction->setChecked(settings::kOverlayVisible.read());
    m_headsAction->setChecked(settings::kHeadsVisible.read());
}

void AnnotateWorkspace::saveSettings() const {
    settings::kPointRadius.write(m_pointSize->value());
    settings::kPointColor.write(m_canvas->pointColor().name());
    settings::kOverlayOpacity.write(m_opacity->value());
}

void AnnotateWorkspace::setAutosaveInterval(int seconds) {
    // The preferences' range; a hand-edited setting beyond it would overflow the milliseconds.
    m_autosaveSeconds = std::clamp(seconds, 0, settings::kMaxAutosaveSeconds);
    if (m_autosaveSeconds > 0)
        m_autosaveTimer->start(m_autosaveSeconds * 1000);
    else
        m_autosaveTimer->stop();
}

void AnnotateWorkspace::chooseColor() {
    const QColor color =
        QColorDialog::getColor(m_canvas->pointColor(), this, tr("Head Marker Colour"));
    if (!color.isValid())
        return;
    m_canvas->setPointColor(color);
    m_colorButton->setStyleSheet(QStringLiteral("background-color: %1;").arg(color.name()));
    saveSettings();
}

int AnnotateWorkspace::currentProxyRow() const {
    return m_document->isEmpty() ? -1 : proxyRowOf(m_document->imagePath());
}

int AnnotateWorkspace::proxyRowOf(const QString& imagePath) const {
    DatasetModel* model = m_session->currentModel();
    if (!model || imagePath.isEmpty() || m_images->sourceModel() != model)
        return -1;
    const int row = model->rowOfImage(imagePath);
    return row < 0 ? -1 : m_images->mapFromSource(model->index(row)).row();
}

void AnnotateWorkspace::keepListOnDocument() {
    const int row = currentProxyRow();
    if (row >= 0)
        m_imageList->setCurrentIndex(m_images->index(row, 0));
}

bool AnnotateWorkspace::openSample(int sourceRow) {
    DatasetModel* model = m_session->currentModel();
    if (!model || sourceRow < 0 || sourceRow >= model->rowCount())
        return false;
    return openImage(model->imagePath(sourceRow), model->groundTruthPath(sourceRow));
}

bool AnnotateWorkspace::openImage(const QString& imagePath, const QString& groundTruthPath) {
    return requestOpen(imagePath, groundTruthPath, false);
}

bool AnnotateWorkspace::requestOpen(const QString& imagePath, const QString& groundTruthPath,
                                    bool recoverWithoutAsking) {
    if (imagePath.isEmpty())
        return false;
    if (m_opening && m_opening->imagePath == imagePath) { // on its way already (a double-click)
        m_opening->recoverWithoutAsking |= recoverWithoutAsking;
        return true;
    }
    if (!m_document->isEmpty() && imagePath == m_document->imagePath()) {
        cancelOpening(); // back to the image shown: one asked for since is no longer wanted
        return true;
    }
    // This request replaces any on its way, even when the user cancels below (and the question's
    // event loop must not show the older one meanwhile).
    cancelOpening();
    // Asked here, before anything is read; edits made while the image is read are asked about
    // again before it replaces them (applyOpen).
    if (!maybeSave()) {
        keepListOnDocument();
        return false;
    }
    m_opening = OpenRequest{++m_openGeneration, imagePath, groundTruthPath, recoverWithoutAsking};
    if (!m_reading) // else it is read when the running read ends
        startRead();
    showOpening();
    return true;
}

void AnnotateWorkspace::cancelOpening() {
    if (!m_opening)
        return;
    m_opening.reset(); // a read still running ends unseen
    showOpening();
}

void AnnotateWorkspace::showOpening() {
    m_canvas->setBusyText(
        m_opening ? tr("Opening %1…").arg(QFileInfo(m_opening->imagePath).fileName()) : QString());
    // While another image is on its way the canvas takes no edits: maybeSave() has already been
    // answered for the image shown, and a head added now would be lost or asked about in the
    // middle of the next click. Edits made another way (undo, the proposal panel) are asked about
    // again before the new image replaces them.
    m_canvas->setEditable(!m_opening);
    updateActions();
    emit statusChanged();
}

AnnotateWorkspace::OpenResult AnnotateWorkspace::readForOpen(const OpenRequest& request) {
    OpenResult result;
    result.generation = request.generation;
    try {
        readAnnotation(request.imagePath, request.groundTruthPath, &result.loaded);
    } catch (const FileError& error) {
        result.failed = true;
        result.error = QString::fromStdString(error.what());
        result.truthDamaged =
            QFileInfo(toQString(error.path())) == QFileInfo(request.groundTruthPath);
        result.truthReason = QString::fromStdString(error.reason());
    } catch (const std::exception& error) {
        result.failed = true;
        result.error = QString::fromStdString(error.what());
    }
    return result;
}

void AnnotateWorkspace::startRead() {
    m_reading = true;
    m_openWatcher.setFuture(
        QtConcurrent::run([request = *m_opening] { return readForOpen(request); }));
}

void AnnotateWorkspace::onReadFinished() {
    m_reading = false;
    if (!m_opening)
        return; // given up meanwhile
    const OpenResult result = m_openWatcher.result();
    if (result.generation != m_opening->generation) {
        startRead(); // a later request waited for this read: read it now, drop this one
        return;
    }
    const OpenRequest request = *m_opening;
    m_opening.reset();
    showOpening();
    applyOpen(request, result);
}

void AnnotateWorkspace::applyOpen(const OpenRequest& request, const OpenResult& result) {
    const QString& imagePath = request.imagePath;
    const QString& groundTruthPath = request.groundTruthPath;
    // Edited while the new image was read (maybeSave() was answered before): ask again.
    if (m_document->isModified() && !maybeSave()) {
        keepListOnDocument();
        updateActions();
        emit statusChanged();
        return;
    }
    if (result.failed) {
        // A damaged ground truth beside a good image: name it, offer to set it aside.
        const SetAside outcome = result.truthDamaged
                                     ? offerToSetAside(result.loaded, result.truthReason)
                                     : SetAside::NotOffered;
        if (outcome != SetAside::Opened) {
            // The document is what the answer to maybeSave() left: saved, reverted, or
            // unmodified.
            keepListOnDocument();
            if (outcome == SetAside::NotOffered) { // else the user has just read about it
                showOpenFailed(result.error);
            } else {
                updateActions(); // as showOpenFailed does: maybeSave() may have saved
                emit statusChanged();
            }
            emit openFailed(imagePath, result.error);
            return;
        }
    } else {
        m_document->setLoaded(result.loaded);
    }
    m_autosavedRevision = m_document->revision();
    m_canvas->setOverlay({});
    if (m_canvas->isOverlayVisible())
        computeDensity();
    const int row = currentProxyRow();
    if (row >= 0) {
        const QModelIndex index = m_images->index(row, 0);
        m_imageList->setCurrentIndex(index);
        m_imageList->scrollTo(index);
    }

    AutosaveStore::Entry autosave;
    // Only edits kept for this very image (and its ground truth) are offered.
    const bool kept =
        m_autosave.find(imagePath, &autosave) && !m_autosave.owns(autosave) &&
        !m_autosave.isLiveElsewhere(autosave) && // another running studio's work in progress
        QDir::cleanPath(autosave.imagePath) == QDir::cleanPath(imagePath) &&
        (autosave.groundTruthPath.isEmpty() ||
         QDir::cleanPath(autosave.groundTruthPath) == QDir::cleanPath(groundTruthPath));
    // Edits kept from a file that was rewritten since would replace heads they never saw.
    const bool truthChanged = kept && !autosave.groundTruthStamp.isEmpty() &&
                              autosave.groundTruthStamp != m_document->groundTruthStamp();
    if (kept && request.recoverWithoutAsking && !truthChanged) {
        // The crash-recovery offer already asked.
        m_document->replaceHeads(autosave.points, tr("Recover autosaved edits"));
    } else if (kept) {
        QMessageBox box(
            QMessageBox::Question, tr("Recover Unsaved Edits"),
            tr("Unsaved edits of %1 from %2 were kept (%n head(s)). Recover them?", nullptr,
               static_cast<int>(autosave.points.size()))
                .arg(QFileInfo(imagePath).fileName(),
                     QLocale().toString(autosave.savedAt.toLocalTime(), QLocale::ShortFormat)),
            QMessageBox::Yes | QMessageBox::Discard, this);
        box.setObjectName(QStringLiteral("recoverBox"));
        box.button(QMessageBox::Yes)->setText(tr("Recover"));
        if (truthChanged)
            box.setInformativeText(
                tr("%1 has changed since these edits were kept: recovering them replaces the "
                   "heads it holds now.")
                    .arg(QDir::toNativeSeparators(groundTruthPath)));
        if (box.exec() == QMessageBox::Yes)
            m_document->replaceHeads(autosave.points, tr("Recover autosaved edits"));
        else
            m_autosave.remove(imagePath);
    }
    updateActions();
    emit statusChanged();
    emit imageOpened(imagePath);
}

void AnnotateWorkspace::showOpenFailed(const QString& message) {
    QMessageBox box(QMessageBox::Warning, tr("Cannot Open Image"),
                    tr("The image could not be opened:\n%1").arg(message), QMessageBox::Ok, this);
    box.setObjectName(QStringLiteral("openFailedBox"));
    box.exec();
    updateActions();
    emit statusChanged();
}

AnnotateWorkspace::SetAside AnnotateWorkspace::offerToSetAside(const LoadedAnnotation& loaded,
                                                               const QString& reason) {
    const QString& imagePath = loaded.imagePath;
    const QString& groundTruthPath = loaded.groundTruthPath;
    // A CSV of points holds every image of its split: setting it aside would hide all their
    // annotations. The open then fails naming the file, its line and why.
    if (QFileInfo(groundTruthPath).suffix().compare(QLatin1String("csv"), Qt::CaseInsensitive) == 0)
        return SetAside::NotOffered;
    // Only when the image itself opens (the worker decoded it before reading the ground truth):
    // otherwise an empty annotation would not help.
    if (loaded.image.isNull())
        return SetAside::NotOffered;
    const QString aside = freeFilePath(groundTruthPath + QStringLiteral(".damaged"));
    QMessageBox box(
        QMessageBox::Warning, tr("Damaged Annotation File"),
        tr("The head annotations of %1 cannot be read: %2 is damaged (%3).")
            .arg(QFileInfo(imagePath).fileName(), QFileInfo(groundTruthPath).fileName(), reason),
        QMessageBox::Yes | QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("damagedTruthBox"));
    box.setInformativeText(tr("Keep the damaged file aside as %1 and start an empty annotation? "
                              "The file is renamed, not deleted.")
                               .arg(QFileInfo(aside).fileName()));
    box.setDetailedText(QDir::toNativeSeparators(groundTruthPath));
    box.button(QMessageBox::Yes)->setText(tr("Set Aside and Start Empty"));
    box.setDefaultButton(QMessageBox::Cancel);
    if (box.exec() != QMessageBox::Yes)
        return SetAside::Declined;
    // QFile::rename never replaces an existing file.
    if (!QFile::rename(groundTruthPath, aside)) {
        QMessageBox box(
            QMessageBox::Warning, tr("Cannot Set the File Aside"),
            tr("%1 could not be renamed to %2 (the folder may be read-only).")
                .arg(QDir::toNativeSeparators(groundTruthPath), QFileInfo(aside).fileName()),
            QMessageBox::Ok, this);
        box.setObjectName(QStringLiteral("setAsideFailedBox"));
        box.exec();
        return SetAside::Declined;
    }
    // The image decoded already; the file is gone, so the annotation starts empty.
    m_document->setContent(loaded.image, {}, imagePath, groundTruthPath);
    return SetAside::Opened;
}

bool AnnotateWorkspace::step(int direction) {
    const int rows = m_images->rowCount();
    if (rows == 0)
        return false;
    // From the image on its way, if any: pressing D three times goes three images on.
    const int current = m_opening ? proxyRowOf(m_opening->imagePath) : currentProxyRow();
    const int next = current < 0 ? 0 : current + direction;
    if (next < 0 || next >= rows)
        return false;
    return openSample(m_images->mapToSource(m_images->index(next, 0)).row());
}

void AnnotateWorkspace::autosaveNow() {
    if (!m_document->isModified()) {
        // Undone back to what the file holds: an entry stored before would offer to "recover"
        // edits the user took back.
        AutosaveStore::Entry stale;
        if (!m_document->isEmpty() && m_autosave.find(m_document->imagePath(), &stale) &&
            m_autosave.owns(stale)) { // another studio's, or a crash's not yet answered: kept
            m_autosave.remove(m_document->imagePath());
            m_session->noteEdited(m_document->imagePath(), m_document->count(), false);
        }
        return;
    }
    if (m_document->revision() == m_autosavedRevision)
        return;
    if (m_autosave.store(m_document->imagePath(), m_document->groundTruthPath(),
                         m_document->points(), m_document->groundTruthStamp())) {
        m_autosavedRevision = m_document->revision();
        m_session->noteEdited(m_document->imagePath(), m_document->count(), false);
    }
}

bool AnnotateWorkspace::maybeSave() {
    if (m_document->isEmpty() || !m_document->isModified())
        return true;
    autosaveNow();
    if (m_saveOnSwitch && isWritableLocation(m_document->groundTruthPath()))
        return save();
    QMessageBox box(
        QMessageBox::Warning, tr("Unsaved Changes"),
        tr("The head annotation of %1 has unsaved changes.").arg(m_document->displayName()),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("unsavedChangesBox"));
    box.setInformativeText(tr("Save them before going on?"));
    box.setDefaultButton(QMessageBox::Save);
    switch (box.exec()) {
    case QMessageBox::Save:
        return save();
    case QMessageBox::Discard:
        // Back to what the file holds: a later save (or a failed switch to another image) must
        // not write the discarded edits.
        m_autosave.remove(m_document->imagePath());
        m_document->revert();
        return true;
    default:
        return false;
    }
}

bool AnnotateWorkspace::askSaveAsAfterFailure(const QString& message) {
    QMessageBox box(QMessageBox::Warning, tr("Cannot Save Here"), message,
                    QMessageBox::Save | QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("saveFailedBox"));
    box.button(QMessageBox::Save)->setText(tr("Save As…"));
    box.setInformativeText(tr("Your edits are kept; choose another folder to save them in."));
    if (box.exec() == QMessageBox::Save)
        return saveAs();
    return false;
}

bool AnnotateWorkspace::save() {
    if (m_document->isEmpty())
        return true;
    const QString target = m_document->groundTruthPath();
    if (!isWritableLocation(target)) {
        return askSaveAsAfterFailure(tr("The dataset is read-only: %1 cannot be written.")
                                         .arg(QDir::toNativeSeparators(target)));
    }
    if (m_document->groundTruthChangedOnDisk()) {
        QMessageBox box(QMessageBox::Warning, tr("File Changed on Disk"),
                        tr("%1 has changed since it was opened here (another program or studio "
                           "saved it).")
                            .arg(QDir::toNativeSeparators(target)),
                        QMessageBox::Save | QMessageBox::Cancel, this);
        box.setObjectName(QStringLiteral("changedOnDiskBox"));
        box.setInformativeText(tr("Replace its heads with yours? Your edits are kept either way."));
        box.button(QMessageBox::Save)->setText(tr("Replace"));
        box.setDefaultButton(QMessageBox::Cancel);
        if (box.exec() != QMessageBox::Save)
            return false;
    }
    try {
        m_document->save();
        return true;
    } catch (const std::exception& error) {
        return askSaveAsAfterFailure(
            tr("The annotation could not be saved:\n%1").arg(QString::fromStdString(error.what())));
    }
}

bool AnnotateWorkspace::saveAs() {
    if (m_document->isEmpty())
        return true;
    const QString folder = settings::kSaveAsFolder.read(settings::defaultSaveAsFolder());
    const QString suggested =
        QDir(folder).filePath(QFileInfo(m_document->groundTruthPath()).fileName());
    // The annotation's own format first (core writes the format the extension names).
    const QString mat = tr("ShanghaiTech or UCF-QNRF ground truth (*.mat)");
    const QString txt = tr("JHU-Crowd++ ground truth (*.txt)");
    const QString json = tr("NWPU-Crowd ground truth (*.json)");
    const QString csv = tr("CSV of points (*.csv)");
    const QString suffix = QFileInfo(suggested).suffix().toLower();
    QStringList filters = {mat, txt, json, csv};
    const int own = suffix == QLatin1String("txt")    ? 1
                    : suffix == QLatin1String("json") ? 2
                    : suffix == QLatin1String("csv")  ? 3
                                                      : 0;
    filters.move(own, 0);
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Annotation As"), suggested,
                                                      filters.join(QStringLiteral(";;")));
    if (path.isEmpty())
        return false;
    settings::kSaveAsFolder.write(QFileInfo(path).absolutePath());
    return saveAs(path);
}

bool AnnotateWorkspace::saveAs(const QString& path) {
    try {
        m_document->saveAs(path);
        return true;
    } catch (const std::exception& error) {
        QMessageBox::warning(
            this, tr("Cannot Save"),
            tr("The annotation could not be saved:\n%1").arg(QString::fromStdString(error.what())));
        return false;
    }
}

void AnnotateWorkspace::onSaved(const QString&) {
    m_autosave.remove(m_document->imagePath());
    m_session->noteEdited(m_document->imagePath(), m_document->count());
    emit statusChanged();
}

QString AnnotateWorkspace::pairedGroundTruthPath(const QString& imagePath) const {
    if (DatasetModel* model = m_session->currentModel()) {
        const int row = model->rowOfImage(imagePath);
        if (row >= 0)
            return model->groundTruthPath(row);
    }
    return groundTruthPathForImage(imagePath);
}

void AnnotateWorkspace::offerRecovery() {
    QVector<AutosaveStore::Entry> entries = m_autosave.recoverable();
    // An entry names the file its heads are saved to; only the file its image pairs with is taken,
    // so that an entry written by anything else cannot direct a save elsewhere.
    entries.erase(std::remove_if(entries.begin(), entries.end(),
                                 [this](const AutosaveStore::Entry& entry) {
                                     return !entry.groundTruthPath.isEmpty() &&
                                            QDir::cleanPath(entry.groundTruthPath) !=
                                                QDir::cleanPath(
                                                    pairedGroundTruthPath(entry.imagePath));
                                 }),
                  entries.end());
    if (entries.isEmpty())
        return;
    QStringList names;
    for (const AutosaveStore::Entry& entry : entries)
        names.append(QFileInfo(entry.imagePath).fileName());
    QMessageBox box(QMessageBox::Question, tr("Recover Unsaved Edits"),
                    tr("CrowdKD Studio did not close normally. Unsaved head annotations of %n "
                       "image(s) were kept: %1.",
                       nullptr, static_cast<int>(entries.size()))
                        .arg(names.join(QStringLiteral(", "))),
                    QMessageBox::Open | QMessageBox::Ignore, this);
    box.setObjectName(QStringLiteral("recoveryOfferBox"));
    box.setInformativeText(tr("Open the most recent one now? The others are offered when you open "
                              "their images."));
    box.button(QMessageBox::Open)->setText(tr("Open and Recover"));
    box.button(QMessageBox::Ignore)->setText(tr("Later"));
    if (box.exec() != QMessageBox::Open)
        return;
    const AutosaveStore::Entry& newest = entries.front();
    requestOpen(newest.imagePath, pairedGroundTruthPath(newest.imagePath), true);
}

void AnnotateWorkspace::scheduleDensity() {
    if (m_canvas->isOverlayVisible())
        m_densityTimer->start();
}

void AnnotateWorkspace::computeDensity() {
    if (!m_canvas->isOverlayVisible() || m_densityWatcher.isRunning())
        return; // a running render is redone when it ends if the document changed meanwhile
    if (m_document->isEmpty()) {
        m_canvas->setOverlay({});
        return;
    }
    if (m_densityRevision != m_document->revision()) // edited while hidden: not that map
        m_canvas->setOverlay({});
    m_densityRevision = m_document->revision();
    m_densityWatcher.setFuture(
        QtConcurrent::run([points = m_document->points(), size = m_document->image().size()] {
            try {
                return renderDensityOverlay(points, size);
            } catch (const std::exception&) {
                return QImage();
            }
        }));
}

} // namespace crowdkd::ui
