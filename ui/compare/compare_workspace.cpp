#include "compare/compare_workspace.h"

#include "common/file_stamp.h"
#include "common/model_choices.h"
#include "common/settings_keys.h"
#include "common/studio_support.h"
#include "compare/comparison_view.h"
#include "dataset/dataset_model.h"
#include "dataset/dataset_session.h"
#include "train/training_session.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QImageWriter>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QMetaMethod>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollBar>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace crowdkd::ui {

namespace {

/// How many recent model files the pickers offer.
constexpr int kMaxRecent = 8;
/// Runs offered in the model pickers at most (the newest).
constexpr int kMaxRunsOffered = 12;
/// Item data role marking the picker's "Browse…" entry.
constexpr int kBrowseRole = Qt::UserRole + 1;
/// Budget of the density-map cache, in kilobytes.
constexpr int kMapCacheKilobytes = 256 * 1024;
/// Result tag of whole-split evaluation jobs.
constexpr int kEvaluationTag = 1;
/// Default width of the table's columns in pixels.
constexpr int kColumnWidth = 72;
/// Narrowest a count or error column gets when the table shares out a small width, in pixels.
constexpr int kMinimumColumnWidth = 48;
/// Initial width of the column of images, models and evaluation, in pixels.
constexpr int kControlsWidth = 320;
/// Initial width of the panels and the table, in pixels (splitters keep sizes in proportion).
constexpr int kComparisonWidth = 1200;
/// Initial height of the panels, in pixels.
constexpr int kPanelsHeight = 640;
/// Initial height of the table of the split's counts, in pixels.
constexpr int kTableHeight = 260;
/// Key that steps to the previous image of the table.
constexpr Qt::Key kPreviousImageKey = Qt::Key_PageUp;
/// Key that steps to the next image of the table.
constexpr Qt::Key kNextImageKey = Qt::Key_PageDown;

/// A model file's name for titles: run checkpoints (best.pt, last.pt) with their run folder.
QString modelDisplayName(const QString& path) {
    const QFileInfo info(path);
    if (info.suffix() == QLatin1String("pt"))
        return info.dir().dirName() + QLatin1Char('/') + info.fileName();
    return info.fileName();
}

CompareSlot slotAt(int index) {
    return static_cast<CompareSlot>(index);
}

/// The setting that keeps a slot's model file.
const Setting<QString>& slotSetting(CompareSlot slot) {
    switch (slot) {
    case CompareSlot::Teacher:
        return settings::kCompareTeacher;
    case CompareSlot::Student:
        return settings::kCompareStudent;
    case CompareSlot::KdStudent:
        break;
    }
    return settings::kCompareKdStudent;
}

} // namespace

CompareWorkspace::CompareWorkspace(DatasetSession* session, QWidget* parent)
    : Workspace(parent)
    , m_session(session)
    , m_engine(new ComparisonEngine(this))
    , m_table(new ComparisonTableModel(this))
    , m_sorted(new QSortFilterProxyModel(this)) {
    m_maps.setMaxCost(kMapCacheKilobytes);
    m_sorted->setSourceModel(m_table);
    m_sorted->setSortRole(Qt::UserRole);
    m_sorted->setDynamicSortFilter(true);
    buildUi();

    connect(m_engine, &ComparisonEngine::resultReady, this, &CompareWorkspace::onResult);
    connect(m_engine, &ComparisonEngine::busyChanged, this, [this](bool busy) {
        if (!busy && m_evaluating) {
            m_evaluating = false; // every queued job is done
            updateProgress();
        }
        emit busyChanged(busy);
    });
    if (m_session) {
        connect(m_session, &DatasetSession::opened, this, &CompareWorkspace::onDatasetOpened);
        connect(m_session, &DatasetSession::closed, this, &CompareWorkspace::onDatasetClosed);
    }

    m_runsRoot = settings::kRunsFolder.read(settings::defaultRunsFolder());
    for (int i = 0; i < kCompareSlots; ++i) {
        const QString path = slotSetting(slotAt(i)).read();
        if (!path.isEmpty() && QFileInfo(path).isFile())
            m_slots[static_cast<std::size_t>(i)].path = path;
    }
    // First start: the shipped default student in its slot (KD student or plain student, as its
    // side-car says), so the workspace shows something.
    const int defaultSlot =
        defaultStudentInfo().value(QLatin1String("mode")).toString() == QLatin1String("kd") ? 2 : 1;
    if (!slotSetting(slotAt(defaultSlot)).isSet())
        m_slots[static_cast<std::size_t>(defaultSlot)].path = defaultStudentPath();

    retranslateUi();
    if (m_session && m_session->isOpen())
        onDatasetOpened();
    else
        onDatasetClosed();
}

CompareWorkspace::~CompareWorkspace() = default;

// The workspace bar's texts are translated in the shell's context, with the other workspaces'.
QString CompareWorkspace::title() const {
    return QCoreApplication::translate("crowdkd::ui::MainWindow", "Compare");
}

QString CompareWorkspace::description() const {
    return QCoreApplication::translate(
        "crowdkd::ui::MainWindow",
        "Compare the teacher, the student and the KD student on a split");
}

QIcon CompareWorkspace::icon() const {
    return QIcon(QStringLiteral(":/icons/compare.svg"));
}

QKeySequence CompareWorkspace::shortcut() const {
    return QKeySequence(Qt::ALT | Qt::Key_4);
}

void CompareWorkspace::buildUi() {
    // Left column: data, models, display and evaluation.
    m_dataBox = new QGroupBox(this);
    auto* dataLayout = new QFormLayout(m_dataBox);
    m_splitLabel = new QLabel(m_dataBox);
    m_splitCombo = new QComboBox(m_dataBox);
    m_splitLabel->setBuddy(m_splitCombo);
    dataLayout->addRow(m_splitLabel, m_splitCombo);
    m_openSampleButton = new QPushButton(m_dataBox);
    dataLayout->addRow(m_openSampleButton);
    connect(m_splitCombo, qOverload<int>(&QComboBox::activated), this,
            [this](int index) { setSplit(m_splitCombo->itemData(index).toInt()); });
    connect(m_openSampleButton, &QPushButton::clicked, this,
            &CompareWorkspace::openSampleRequested);

    m_modelsBox = new QGroupBox(this);
    auto* modelsLayout = new QVBoxLayout(m_modelsBox);
    for (int i = 0; i < kCompareSlots; ++i) {
        SlotPicker& picker = m_slots[static_cast<std::size_t>(i)];
        picker.label = new QLabel(m_modelsBox);
        picker.combo = new QComboBox(m_modelsBox);
        picker.combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        picker.combo->setMinimumContentsLength(16);
        picker.label->setBuddy(picker.combo);
        picker.browse = new QToolButton(m_modelsBox);
        picker.browse->setText(QStringLiteral("…"));
        picker.status = new QLabel(m_modelsBox);
        picker.status->setWordWrap(true);
        picker.status->setForegroundRole(QPalette::PlaceholderText);
        auto* row = new QHBoxLayout;
        row->addWidget(picker.combo, 1);
        row->addWidget(picker.browse);
        modelsLayout->addWidget(picker.label);
        modelsLayout->addLayout(row);
        modelsLayout->addWidget(picker.status);
        const CompareSlot slot = slotAt(i);
        connect(picker.combo, qOverload<int>(&QComboBox::activated), this, [this, slot](int index) {
            QComboBox* combo = m_slots[static_cast<std::size_t>(slot)].combo;
            if (combo->itemData(index, kBrowseRole).toBool())
                browseModel(slot);
            else
                setModel(slot, combo->itemData(index).toString());
        });
        connect(picker.browse, &QToolButton::clicked, this, [this, slot] { browseModel(slot); });
    }

    m_displayBox = new QGroupBox(this);
    auto* displayLayout = new QVBoxLayout(m_displayBox);
    m_sharedScale = new QCheckBox(m_displayBox);
    m_sharedScale->setChecked(true);
    m_fitButton = new QPushButton(m_displayBox);
    m_exportImageButton =
        new QPushButton(QIcon(QStringLiteral(":/icons/save.svg")), QString(), m_displayBox);
    m_exportModelButton = new QPushButton(m_displayBox);
    m_exportModelButton->hide(); // shown when someone listens to exportRequested()
    displayLayout->addWidget(m_sharedScale);
    auto* displayButtons = new QHBoxLayout;
    displayButtons->addWidget(m_fitButton);
    displayButtons->addWidget(m_exportImageButton);
    displayLayout->addLayout(displayButtons);
    displayLayout->addWidget(m_exportModelButton);

    m_evaluateButton = new QPushButton(this);
    m_cancelButton = new QPushButton(this);
    m_progress = new QProgressBar(this);
    m_progress->hide();
    m_cancelButton->hide();
    m_status = new QLabel(this);
    m_status->setWordWrap(true);

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->addWidget(m_dataBox);
    leftLayout->addWidget(m_modelsBox);
    leftLayout->addWidget(m_displayBox);
    auto* evaluateRow = new QHBoxLayout;
    evaluateRow->addWidget(m_evaluateButton, 1);
    evaluateRow->addWidget(m_cancelButton);
    leftLayout->addLayout(evaluateRow);
    leftLayout->addWidget(m_progress);
    leftLayout->addWidget(m_status);
    leftLayout->addStretch(1);

    // Right: navigation and panels above, the split's table below.
    m_previousButton = new QToolButton(this);
    m_previousButton->setArrowType(Qt::LeftArrow);
    m_nextButton = new QToolButton(this);
    m_nextButton->setArrowType(Qt::RightArrow);
    m_position = new QLabel(this);
    m_view = new ComparisonView(this);
    auto* top = new QWidget(this);
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    auto* navigation = new QHBoxLayout;
    navigation->addWidget(m_previousButton);
    navigation->addWidget(m_nextButton);
    navigation->addWidget(m_position, 1);
    topLayout->addLayout(navigation);
    topLayout->addWidget(m_view, 1);

    m_tableView = new QTableView(this);
    m_tableView->setModel(m_sorted);
    m_tableView->setSortingEnabled(true);
    m_tableView->sortByColumn(-1, Qt::AscendingOrder); // split order until a header is clicked
    m_tableView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tableView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tableView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tableView->verticalHeader()->hide();
    m_tableView->verticalHeader()->setDefaultSectionSize(m_tableView->fontMetrics().height() + 6);
    m_tableView->horizontalHeader()->setDefaultSectionSize(kColumnWidth);
    m_tableView->horizontalHeader()->setStretchLastSection(false);
    // The count and error columns share the width the table has, so that the KD student's stay
    // on screen beside the others on a small screen (their headers' tooltips say them in full).
    m_tableView->horizontalHeader()->setMinimumSectionSize(kMinimumColumnWidth);
    m_tableView->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_tableView->horizontalHeader()->setSectionResizeMode(ComparisonTableModel::kImageColumn,
                                                          QHeaderView::ResizeToContents);
    m_tableView->setAlternatingRowColors(true);
    m_tableView->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    m_footer = new QTableWidget(2, m_table->columnCount(), this);
    m_footer->horizontalHeader()->hide();
    m_footer->verticalHeader()->hide();
    m_footer->verticalHeader()->setDefaultSectionSize(m_tableView->fontMetrics().height() + 6);
    m_footer->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_footer->setSelectionMode(QAbstractItemView::NoSelection);
    m_footer->setFocusPolicy(Qt::NoFocus);
    m_footer->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_footer->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_footer->setFixedHeight(2 * m_footer->verticalHeader()->defaultSectionSize() +
                             2 * m_footer->frameWidth());
    QFont bold = m_footer->font();
    bold.setBold(true);
    m_footer->setFont(bold);
    connect(m_tableView->horizontalHeader(), &QHeaderView::sectionResized, this,
            &CompareWorkspace::syncFooterWidths);
    connect(m_tableView->horizontalScrollBar(), &QScrollBar::valueChanged,
            m_footer->horizontalScrollBar(), &QScrollBar::setValue);
    connect(m_tableView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (current.isValid())
                    setCurrentRow(m_sorted->mapToSource(current).row());
            });
    connect(m_sorted, &QSortFilterProxyModel::layoutChanged, this,
            &CompareWorkspace::updateNavigation);

    auto* bottom = new QWidget(this);
    auto* bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->setSpacing(0);
    bottomLayout->addWidget(m_tableView, 1);
    bottomLayout->addWidget(m_footer);

    auto* rightSplit = new QSplitter(Qt::Vertical, this);
    rightSplit->addWidget(top);
    rightSplit->addWidget(bottom);
    rightSplit->setStretchFactor(0, 3);
    rightSplit->setStretchFactor(1, 1);
    rightSplit->setSizes({kPanelsHeight, kTableHeight});

    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(rightSplit);
    split->setStretchFactor(1, 1);
    split->setSizes({kControlsWidth, kComparisonWidth});
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    connect(m_sharedScale, &QCheckBox::toggled, m_view, &ComparisonView::setSharedScale);
    connect(m_fitButton, &QPushButton::clicked, m_view, &ComparisonView::fit);
    connect(m_exportImageButton, &QPushButton::clicked, this, &CompareWorkspace::exportComparison);
    connect(m_exportModelButton, &QPushButton::clicked, this, [this] {
        const QString kd = model(CompareSlot::KdStudent);
        emit exportRequested(kd.isEmpty() ? model(CompareSlot::Student) : kd);
    });
    connect(m_evaluateButton, &QPushButton::clicked, this, &CompareWorkspace::evaluateSplit);
    connect(m_cancelButton, &QPushButton::clicked, this, &CompareWorkspace::cancelEvaluation);
    connect(m_previousButton, &QToolButton::clicked, this, &CompareWorkspace::previousImage);
    connect(m_nextButton, &QToolButton::clicked, this, &CompareWorkspace::nextImage);
    auto* previous = new QShortcut(QKeySequence(kPreviousImageKey), this);
    previous->setContext(Qt::WidgetWithChildrenShortcut);
    connect(previous, &QShortcut::activated, this, &CompareWorkspace::previousImage);
    auto* next = new QShortcut(QKeySequence(kNextImageKey), this);
    next->setContext(Qt::WidgetWithChildrenShortcut);
    connect(next, &QShortcut::activated, this, &CompareWorkspace::nextImage);
    syncFooterWidths();
}

void CompareWorkspace::showEvent(QShowEvent* event) {
    // The model export button appears once the window wires it to an export dialog.
    m_exportModelButton->setVisible(
        isSignalConnected(QMetaMethod::fromSignal(&CompareWorkspace::exportRequested)));
    Workspace::showEvent(event);
}

void CompareWorkspace::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    Workspace::changeEvent(event);
}

QString CompareWorkspace::noDatasetText() const {
    return tr("No dataset is open. Open a dataset folder (File ▸ Open Dataset…) or the bundled "
              "sample dataset to compare the models on its images.");
}

QString CompareWorkspace::slotName(CompareSlot slot) const {
    switch (slot) {
    case CompareSlot::Teacher:
        return tr("Teacher");
    case CompareSlot::Student:
        return tr("Student");
    case CompareSlot::KdStudent:
        return tr("KD student");
    }
    return {};
}

void CompareWorkspace::retranslateUi() {
    m_dataBox->setTitle(tr("Images"));
    m_splitLabel->setText(tr("&Split:"));
    m_openSampleButton->setText(tr("Open the &sample dataset"));
    m_modelsBox->setTitle(tr("Models"));
    const QString labels[kCompareSlots] = {tr("&Teacher:"), tr("Plain s&tudent:"),
                                           tr("&KD student:")};
    for (int i = 0; i < kCompareSlots; ++i) {
        m_slots[static_cast<std::size_t>(i)].label->setText(labels[i]);
        m_slots[static_cast<std::size_t>(i)].browse->setToolTip(tr("Choose a model file"));
    }
    m_displayBox->setTitle(tr("Display"));
    m_sharedScale->setText(tr("One colour scale for all maps"));
    m_sharedScale->setToolTip(
        tr("Colour every map on the same scale (off: each map from zero to its own maximum)"));
    m_fitButton->setText(tr("&Fit"));
    m_fitButton->setToolTip(tr("Show the whole image (or double-click a panel)"));
    m_exportImageButton->setText(tr("E&xport image…"));
    m_exportImageButton->setToolTip(tr("Save the comparison shown as a PNG image"));
    m_exportModelButton->setText(tr("Export the KD student…"));
    m_evaluateButton->setText(tr("&Evaluate the split"));
    m_evaluateButton->setToolTip(
        tr("Count every image of the split with the three models (fills the table)"));
    m_cancelButton->setText(tr("&Cancel"));
    m_previousButton->setToolTip(
        withShortcuts(tr("Previous image"), {QKeySequence(kPreviousImageKey)}));
    m_nextButton->setToolTip(withShortcuts(tr("Next image"), {QKeySequence(kNextImageKey)}));
    m_table->setSlotNames({slotName(CompareSlot::Teacher), slotName(CompareSlot::Student),
                           slotName(CompareSlot::KdStudent)});
    fitColumns();
    fillPickers();
    for (SlotPicker& picker : m_slots)
        renderPickerStatus(picker);
    updateFooter();
    updateNavigation();
    updateProgress();
    updatePanels();
}

// --- models ------------------------------------------------------------------------------------

void CompareWorkspace::setRunsRoot(const QString& root) {
    m_runsRoot = root;
    fillPickers();
}

void CompareWorkspace::fillPickers() {
    for (int i = 0; i < kCompareSlots; ++i)
        fillPicker(slotAt(i));
}

void CompareWorkspace::fillPicker(CompareSlot slot) {
    SlotPicker& picker = m_slots[static_cast<std::size_t>(slot)];
    QComboBox* combo = picker.combo;
    combo->clear();
    combo->addItem(tr("(none)"), QString());
    // The runs (and the teachers they learnt from), the teachers of runs added from elsewhere,
    // recent exports: the shared choices of the studio's model pickers.
    QVector<ModelChoice> choices = modelChoices(m_runsRoot, kMaxRunsOffered);
    for (const auto& [runName, teacher] : std::as_const(m_runTeachers)) {
        ModelChoice choice;
        choice.source = ModelChoice::Source::RunTeacher;
        choice.path = teacher;
        choice.runName = runName;
        choices.append(choice);
    }
    for (const ModelChoice& choice : std::as_const(choices)) {
        if (combo->findData(choice.path) < 0)
            combo->addItem(choice.text(), choice.path);
    }
    const QString defaultStudent = defaultStudentPath();
    if (!defaultStudent.isEmpty())
        combo->addItem(tr("Default student (MCNN)"), defaultStudent);
    QStringList files = settings::kRecentModels.read();
    if (!picker.path.isEmpty())
        files.prepend(picker.path);
    for (const QString& file : files) {
        if (combo->findData(file) < 0 && QFileInfo(file).isFile())
            combo->addItem(modelDisplayName(file), file);
    }
    combo->addItem(tr("Browse…"));
    combo->setItemData(combo->count() - 1, true, kBrowseRole);
    for (int i = 0; i < combo->count(); ++i) {
        const QString path = combo->itemData(i).toString();
        if (!path.isEmpty())
            combo->setItemData(i, QDir::toNativeSeparators(path), Qt::ToolTipRole);
    }
    combo->setCurrentIndex(std::max(0, combo->findData(picker.path)));
    combo->setToolTip(QDir::toNativeSeparators(picker.path));
}

void CompareWorkspace::renderPickerStatus(SlotPicker& picker) {
    if (!picker.error.isEmpty())
        picker.status->setText(tr("Cannot use it: %1").arg(picker.error));
    else if (!picker.kind.isEmpty())
        picker.status->setText(tr("%1 model").arg(picker.kind));
    else
        picker.status->clear();
}

void CompareWorkspace::browseModel(CompareSlot slot) {
    const QString current = model(slot);
    const QString file = QFileDialog::getOpenFileName(
        this, tr("Model for the comparison"),
        current.isEmpty() ? QString() : QFileInfo(current).absolutePath(),
        tr("Models (*.pth *.pt *.tar *.onnx);;All files (*)"));
    if (file.isEmpty()) {
        fillPicker(slot); // back to the current choice
        return;
    }
    setModel(slot, file);
}

void CompareWorkspace::rememberRecent(const QString& path) {
    if (path.isEmpty())
        return;
    QStringList recent = settings::kRecentModels.read();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    settings::kRecentModels.write(recent);
}

QString CompareWorkspace::model(CompareSlot slot) const {
    return m_slots[static_cast<std::size_t>(slot)].path;
}

void CompareWorkspace::setModel(CompareSlot slot, const QString& path) {
    SlotPicker& picker = m_slots[static_cast<std::size_t>(slot)];
    slotSetting(slot).write(path);
    rememberRecent(path);
    if (picker.path != path) {
        picker.path = path;
        picker.kind.clear();
        picker.error.clear();
        picker.status->clear();
        // A file chosen again may have been rewritten (a run's best.pt): load it afresh.
        m_engine->unloadModel(path);
        m_answers.remove(path);
        const QString prefix = mapKey(path, {});
        for (const QString& key : m_maps.keys()) {
            if (key.startsWith(prefix))
                m_maps.remove(key);
        }
        m_table->clearSlot(slot);
    }
    fillPickers();
    updatePanels();
    updateFooter();
    requestCurrent();
    if (m_evaluating)
        evaluateSplit(); // the new model's counts join the running evaluation
}

bool CompareWorkspace::addRun(const QString& runDir) {
    RunInfo info;
    if (!readRunInfo(runDir, &info) || !info.problem.isEmpty())
        return false;
    QString checkpoint = info.bestCheckpoint;
    if (checkpoint.isEmpty() && info.resumable)
        checkpoint = QDir(runDir).filePath(QStringLiteral("last.pt"));
    if (checkpoint.isEmpty())
        return false;
    const CompareSlot slot = info.config.mode == pipeline::TrainingMode::Teacher
                                 ? CompareSlot::Teacher
                             : info.isKd() ? CompareSlot::KdStudent
                                           : CompareSlot::Student;
    // A KD run's teacher is offered in the teacher slot, and put there when it is empty.
    const QString teacher = runTeacher(runDir);
    if (!teacher.isEmpty()) {
        const QPair<QString, QString> entry{QFileInfo(runDir).fileName(),
                                            QFileInfo(teacher).absoluteFilePath()};
        if (!m_runTeachers.contains(entry))
            m_runTeachers.append(entry);
        if (model(CompareSlot::Teacher).isEmpty())
            setModel(CompareSlot::Teacher, entry.second);
    }
    setModel(slot, checkpoint);
    return true;
}

// --- dataset -----------------------------------------------------------------------------------

void CompareWorkspace::onDatasetOpened() {
    fillSplits();
    int chosen = -1;
    for (int i = 0; i < m_session->splitCount(); ++i) {
        if (m_session->model(i)->name().endsWith(QLatin1String("test_data")))
            chosen = i;
    }
    if (chosen < 0)
        chosen = std::max(0, m_session->currentSplit());
    setSplit(chosen);
}

void CompareWorkspace::onDatasetClosed() {
    cancelEvaluation();
    m_split = -1;
    m_currentRow = -1;
    m_table->setImages({}, {});
    fillSplits();
    updatePanels();
    updateFooter();
    updateNavigation();
    updateProgress();
}

void CompareWorkspace::fillSplits() {
    m_splitCombo->clear();
    const bool open = m_session && m_session->isOpen();
    if (open) {
        for (int i = 0; i < m_session->splitCount(); ++i)
            m_splitCombo->addItem(m_session->model(i)->name(), i);
    }
    m_splitCombo->setEnabled(open);
    m_openSampleButton->setVisible(!open && !sampleDatasetPath().isEmpty());
}

void CompareWorkspace::setSplit(int split) {
    if (!m_session || split < 0 || split >= m_session->splitCount())
        return;
    cancelEvaluation();
    m_split = split;
    m_splitCombo->setCurrentIndex(m_splitCombo->findData(split));
    const Split& data = m_session->model(split)->split();
    QStringList names;
    QStringList paths;
    for (const Sample& sample : data.samples) {
        names << QString::fromStdString(sample.name);
        paths << toQString(sample.imagePath);
    }
    m_table->setImages(names, paths);
    // Annotations saved in the Annotate workspace change the ground truth: read it again.
    disconnect(m_editConnection);
    m_editConnection =
        connect(m_session->model(split), &QAbstractItemModel::dataChanged, this,
                [this](const QModelIndex& first, const QModelIndex& last, const QList<int>& roles) {
                    if (!roles.contains(DatasetModel::EditedRole))
                        return;
                    for (int row = first.row(); row <= last.row(); ++row) {
                        const QModelIndex index = first.sibling(row, 0);
                        if (!index.data(DatasetModel::EditedRole).toBool())
                            continue;
                        const QString image = index.data(DatasetModel::ImagePathRole).toString();
                        m_truthCounts.remove(image);
                        m_truthErrors.remove(image);
                        m_maps.remove(mapKey({}, image));
                        m_table->setTruth(m_table->rowOfImage(image), std::nullopt);
                        if (image == currentImagePath()) {
                            updatePanels();
                            requestCurrent();
                        }
                    }
                    updateFooter();
                });
    for (int row = 0; row < paths.size(); ++row) {
        if (m_truthCounts.contains(paths[row]))
            m_table->setTruth(row, m_truthCounts.value(paths[row]));
        for (int i = 0; i < kCompareSlots; ++i) {
            const auto answers = m_answers.constFind(model(slotAt(i)));
            if (answers == m_answers.constEnd())
                continue;
            const auto answer = answers->constFind(paths[row]);
            if (answer != answers->constEnd() && answer->error.isEmpty())
                m_table->setCount(row, slotAt(i), answer->count);
        }
    }
    m_currentRow = -1;
    setCurrentRow(paths.isEmpty() ? -1 : 0);
    fitColumns();
    updateFooter();
    updateNavigation();
    updateProgress();
    if (paths.isEmpty())
        updatePanels();
}

// --- navigation --------------------------------------------------------------------------------

QString CompareWorkspace::currentImagePath() const {
    return m_table->imagePath(m_currentRow);
}

int CompareWorkspace::viewRowOfCurrent() const {
    if (m_currentRow < 0)
        return -1;
    return m_sorted->mapFromSource(m_table->index(m_currentRow, 0)).row();
}

void CompareWorkspace::setCurrentRow(int row) {
    if (row < -1 || row >= m_table->rowCount() || row == m_currentRow)
        return;
    m_currentRow = row;
    if (row >= 0) {
        const QModelIndex index = m_sorted->mapFromSource(m_table->index(row, 0));
        if (m_tableView->currentIndex().row() != index.row()) {
            m_tableView->setCurrentIndex(index);
            m_tableView->scrollTo(index);
        }
    }
    updateNavigation();
    updatePanels();
    requestCurrent();
}

void CompareWorkspace::nextImage() {
    const int row = viewRowOfCurrent() + 1;
    if (row < m_sorted->rowCount())
        setCurrentRow(m_sorted->mapToSource(m_sorted->index(row, 0)).row());
}

void CompareWorkspace::previousImage() {
    const int row = viewRowOfCurrent() - 1;
    if (row >= 0)
        setCurrentRow(m_sorted->mapToSource(m_sorted->index(row, 0)).row());
}

void CompareWorkspace::updateNavigation() {
    const int row = viewRowOfCurrent();
    const int total = m_sorted->rowCount();
    m_previousButton->setEnabled(row > 0);
    m_nextButton->setEnabled(row >= 0 && row + 1 < total);
    if (row < 0) {
        m_position->setText(m_split >= 0 ? tr("The split has no annotated images.") : QString());
        return;
    }
    m_position->setText(tr("<b>%1</b> — image %2 of %3 in the table's order")
                            .arg(m_table->data(m_table->index(m_currentRow, 0)).toString())
                            .arg(row + 1)
                            .arg(total));
}

// --- computing ---------------------------------------------------------------------------------

QString CompareWorkspace::mapKey(const QString& model, const QString& image) {
    return model + QLatin1Char('\n') + image;
}

void CompareWorkspace::requestCurrent() {
    const QString image = currentImagePath();
    if (image.isEmpty())
        return;
    ComparisonRequest request;
    request.imagePath = image;
    request.truthPath = toQString(m_session->model(m_split)
                                      ->split()
                                      .samples[static_cast<std::size_t>(m_currentRow)]
                                      .groundTruthPath);
    request.image = m_currentImageFor != image;
    request.truth = !m_truthErrors.contains(image) &&
                    (!m_truthCounts.contains(image) || !m_maps.contains(mapKey({}, image)));
    request.truthMap = request.truth;
    request.maps = true;
    for (int i = 0; i < kCompareSlots; ++i) {
        const QString path = model(slotAt(i));
        if (path.isEmpty() || request.models.contains(path))
            continue;
        const ModelAnswer answer = m_answers.value(path).value(image);
        const bool failed = m_answers.value(path).contains(image) && !answer.error.isEmpty();
        if (!failed && !m_maps.contains(mapKey(path, image)))
            request.models << path;
    }
    if (!request.image && !request.truth && request.models.isEmpty())
        return;
    const QString key = image + QLatin1Char('\n') + request.models.join(QLatin1Char('\n'));
    if (m_pendingCurrent.contains(key))
        return; // already asked for
    // Images stepped over are not worth computing any more.
    m_engine->cancelUrgent();
    m_pendingCurrent.clear();
    m_pendingCurrent.insert(key);
    m_engine->request(request, true);
}

void CompareWorkspace::evaluateSplit() {
    if (m_split < 0)
        return;
    const auto& samples = m_session->model(m_split)->split().samples;
    m_engine->cancelBackground();
    int queued = 0;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QString image = m_table->imagePath(row);
        ComparisonRequest request;
        request.imagePath = image;
        request.truthPath = toQString(samples[static_cast<std::size_t>(row)].groundTruthPath);
        request.truth = !m_truthCounts.contains(image) && !m_truthErrors.contains(image);
        request.tag = kEvaluationTag;
        for (int i = 0; i < kCompareSlots; ++i) {
            const QString path = model(slotAt(i));
            if (!path.isEmpty() && !request.models.contains(path) &&
                !m_answers.value(path).contains(image))
                request.models << path;
        }
        if (!request.truth && request.models.isEmpty())
            continue;
        m_engine->request(request, false);
        ++queued;
    }
    m_evaluationTotal = queued;
    m_evaluationDone = 0;
    m_evaluating = queued > 0;
    if (queued == 0)
        m_status->setText(tr("Every image of the split is counted."));
    updateProgress();
}

void CompareWorkspace::cancelEvaluation() {
    m_engine->cancelBackground();
    if (m_evaluating) {
        m_evaluating = false;
        m_status->setText(tr("Evaluation cancelled after %1 of %2 images.")
                              .arg(m_evaluationDone)
                              .arg(m_evaluationTotal));
    }
    updateProgress();
}

bool CompareWorkspace::isBusy() const {
    return m_engine->isBusy();
}

void CompareWorkspace::waitUntilIdle() {
    while (m_engine->isBusy())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    QCoreApplication::processEvents();
}

void CompareWorkspace::updateProgress() {
    m_progress->setVisible(m_evaluating);
    m_cancelButton->setVisible(m_evaluating);
    m_evaluateButton->setEnabled(!m_evaluating && m_split >= 0);
    if (m_evaluating) {
        m_progress->setRange(0, m_evaluationTotal);
        m_progress->setValue(m_evaluationDone);
        m_status->setText(
            tr("Counting image %1 of %2…").arg(m_evaluationDone + 1).arg(m_evaluationTotal));
    } else if (m_evaluationTotal > 0 && m_evaluationDone == m_evaluationTotal) {
        // Not "N images counted": images already counted on screen were not queued again.
        m_status->setText(tr("Every image of the split is counted."));
    }
}

void CompareWorkspace::onResult(const ComparisonResult& result) {
    const QString& image = result.imagePath;
    const int row = m_table->rowOfImage(image);
    if (!result.image.isNull() && image == currentImagePath()) {
        m_currentImage = result.image;
        m_currentImageFor = image;
    }
    // What was read from a file rewritten since (an annotation saved meanwhile, a run's best.pt
    // written again) is not kept: the image on screen is asked for again below, the others when
    // they are shown or evaluated again.
    const bool truthStale = (result.hasTruth || !result.truthError.isEmpty()) &&
                            result.truthStamp != fileStamp(result.truthPath);
    if (result.hasTruth && !truthStale) {
        m_truthCounts.insert(image, result.truthCount);
        m_table->setTruth(row, result.truthCount);
        if (!result.truthDensity.empty())
            m_maps.insert(mapKey({}, image), new cv::Mat(result.truthDensity),
                          std::max<int>(1, static_cast<int>(result.truthDensity.total() / 256)));
    } else if (!result.truthError.isEmpty() && !truthStale) {
        m_truthErrors.insert(image, result.truthError);
    }
    for (const ModelAnswer& answer : result.answers) {
        if (answer.error.isEmpty() && answer.modelStamp != fileStamp(answer.modelPath))
            continue;
        ModelAnswer kept = answer;
        kept.density = cv::Mat();
        m_answers[answer.modelPath].insert(image, kept);
        if (!answer.density.empty())
            m_maps.insert(mapKey(answer.modelPath, image), new cv::Mat(answer.density),
                          std::max<int>(1, static_cast<int>(answer.density.total() / 256)));
        for (int i = 0; i < kCompareSlots; ++i) {
            if (model(slotAt(i)) != answer.modelPath)
                continue;
            m_table->setCount(row, slotAt(i),
                              answer.error.isEmpty() ? std::optional<double>(answer.count)
                                                     : std::nullopt);
            SlotPicker& picker = m_slots[static_cast<std::size_t>(i)];
            picker.kind = answer.kind;
            picker.error = answer.error;
            renderPickerStatus(picker);
        }
    }
    if (result.tag == kEvaluationTag && m_evaluating) {
        ++m_evaluationDone;
        if (m_evaluationDone >= m_evaluationTotal)
            m_evaluating = false;
        updateProgress();
    } else {
        m_pendingCurrent.remove(image + QLatin1Char('\n') + [&] {
            QStringList models;
            for (const ModelAnswer& a : result.answers)
                models << a.modelPath;
            return models.join(QLatin1Char('\n'));
        }());
    }
    updateFooter();
    if (image == currentImagePath()) {
        updatePanels();
        requestCurrent(); // a model changed while this job ran
    }
}

std::optional<double> CompareWorkspace::truthCount() const {
    const QString image = currentImagePath();
    if (!m_truthCounts.contains(image))
        return std::nullopt;
    return m_truthCounts.value(image);
}

std::optional<double> CompareWorkspace::count(CompareSlot slot) const {
    const QString path = model(slot);
    const auto answers = m_answers.constFind(path);
    if (path.isEmpty() || answers == m_answers.constEnd())
        return std::nullopt;
    const auto answer = answers->constFind(currentImagePath());
    if (answer == answers->constEnd() || !answer->error.isEmpty())
        return std::nullopt;
    return answer->count;
}

// --- display -----------------------------------------------------------------------------------

void CompareWorkspace::updatePanels() {
    const QString image = currentImagePath();
    if (image.isEmpty()) {
        m_view->setPanels({}, {});
        m_view->setPlaceholder(m_split >= 0 ? tr("The split has no annotated images to compare on.")
                                            : noDatasetText());
        return;
    }
    const QLocale locale;
    QVector<ComparisonPanel> panels;
    ComparisonPanel input;
    input.title = tr("Input: %1").arg(QFileInfo(image).fileName());
    const bool haveImage = m_currentImageFor == image;
    if (haveImage) {
        input.image = m_currentImage;
        input.figures =
            tr("%1 × %2 pixels").arg(m_currentImage.width()).arg(m_currentImage.height());
    } else {
        input.busy = true;
    }
    panels.append(input);

    ComparisonPanel truth;
    truth.title = tr("Ground truth");
    const std::optional<double> truthValue = truthCount();
    if (m_truthErrors.contains(image)) {
        truth.hint = m_truthErrors.value(image);
    } else {
        if (truthValue)
            truth.figures = tr("%1 annotated heads").arg(locale.toString(*truthValue, 'f', 0));
        if (const cv::Mat* map = m_maps.object(mapKey({}, image)))
            truth.density = *map;
        else
            truth.busy = true;
    }
    panels.append(truth);

    for (int i = 0; i < kCompareSlots; ++i) {
        const CompareSlot slot = slotAt(i);
        const QString path = model(slot);
        ComparisonPanel panel;
        panel.title = path.isEmpty() ? slotName(slot)
                                     : tr("%1: %2").arg(slotName(slot), modelDisplayName(path));
        if (path.isEmpty()) {
            panel.hint = tr("No model: choose one on the left.");
            panels.append(panel);
            continue;
        }
        const auto answers = m_answers.constFind(path);
        const bool answered = answers != m_answers.constEnd() && answers->contains(image);
        const ModelAnswer answer = answered ? answers->value(image) : ModelAnswer{};
        if (answered && !answer.error.isEmpty()) {
            panel.hint = answer.error;
        } else if (answered) {
            panel.figures = tr("Count %1").arg(locale.toString(answer.count, 'f', 1));
            if (truthValue) {
                const double error = answer.count - *truthValue;
                panel.figures +=
                    tr(" · error %1 (%2%)")
                        .arg(signedNumber(error))
                        .arg(*truthValue > 0 ? signedNumber(100.0 * error / *truthValue, 0)
                                             : QStringLiteral("—"));
            }
        }
        if (const cv::Mat* map = m_maps.object(mapKey(path, image)))
            panel.density = *map;
        else if (!answered || answer.error.isEmpty())
            panel.busy = true;
        panels.append(panel);
    }
    // While the next image loads, keep the last size (and so the zoom and pan).
    if (haveImage)
        m_lastImageSize = m_currentImage.size();
    const QSize size = m_lastImageSize;
    m_view->setStride(kComparisonStride);
    m_view->setPanels(panels, size);
}

void CompareWorkspace::updateFooter() {
    const QLocale locale;
    auto set = [this](int row, int column, const QString& text) {
        auto* item = new QTableWidgetItem(text);
        item->setTextAlignment(Qt::AlignVCenter | (column == 0 ? Qt::AlignLeft : Qt::AlignRight));
        m_footer->setItem(row, column, item);
    };
    m_footer->clearContents();
    set(0, 0, tr("MAE"));
    set(1, 0, tr("RMSE"));
    for (int i = 0; i < kCompareSlots; ++i) {
        const CompareSlot slot = slotAt(i);
        const ComparisonTableModel::Metrics metrics = m_table->metrics(slot);
        const int column = ComparisonTableModel::countColumn(slot);
        if (metrics.images == 0)
            continue;
        set(0, column, tr("n = %1").arg(metrics.images));
        set(0, column + 1, tr("bias %1").arg(signedNumber(metrics.bias)));
        set(0, column + 2, locale.toString(metrics.mae, 'f', 2));
        set(1, column + 2, locale.toString(metrics.rmse, 'f', 2));
    }
    m_footer->item(0, 0)->setToolTip(tr("Mean absolute error of the counts over the images "
                                        "counted so far; bias is the mean signed error"));
    m_footer->item(1, 0)->setToolTip(tr("Root mean squared error of the counts"));
}

void CompareWorkspace::fitColumns() {
    for (int column = 0; column < m_table->columnCount(); ++column) {
        m_tableView->resizeColumnToContents(column);
        m_tableView->setColumnWidth(column,
                                    std::max(kColumnWidth, m_tableView->columnWidth(column) + 8));
    }
}

void CompareWorkspace::syncFooterWidths() {
    const QHeaderView* header = m_tableView->horizontalHeader();
    for (int column = 0; column < m_footer->columnCount(); ++column)
        m_footer->setColumnWidth(column, header->sectionSize(column));
}

// --- export ------------------------------------------------------------------------------------

bool CompareWorkspace::exportImage(const QString& path, QString* error) const {
    const QImage image = m_view->renderImage();
    QSaveFile file(path);
    if (!openSaveFile(file, QIODevice::WriteOnly, error))
        return false;
    QImageWriter writer(&file, "png");
    if (!writer.write(image)) {
        if (error)
            *error = writer.errorString();
        file.cancelWriting();
        return false;
    }
    if (!file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

void CompareWorkspace::exportComparison() {
    const QString name = QFileInfo(currentImagePath()).completeBaseName();
    const QString file = QFileDialog::getSaveFileName(
        this, tr("Export the comparison"),
        QStringLiteral("comparison-%1.png").arg(name.isEmpty() ? QStringLiteral("image") : name),
        tr("PNG image (*.png)"));
    if (file.isEmpty())
        return;
    QString error;
    if (!exportImage(file, &error))
        QMessageBox::warning(this, tr("Export the comparison"),
                             tr("The image could not be written to %1: %2")
                                 .arg(QDir::toNativeSeparators(file), error));
}

} // namespace crowdkd::ui
