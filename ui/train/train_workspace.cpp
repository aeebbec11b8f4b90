#include "train/train_workspace.h"

#include "common/settings_keys.h"
#include "common/studio_support.h"
#include "dataset/dataset_session.h"
#include "export_model/export_dialog.h"
#include "train/experiment_panel.h"
#include "train/training_charts.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDateTime>
#include <QDesktopServices>
#include <QDir>
#include <QDoubleSpinBox>
#include <QDoubleValidator>
#include <QEvent>
#include <QEventLoop>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QProgressDialog>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QStyle>
#include <QTabWidget>
#include <QTextCursor>
#include <QTime>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace crowdkd::ui {

namespace {

/// Waits for a session asked to stop (it finishes its step and writes last.pt, which takes
/// seconds) without freezing the window: a progress dialog runs its own event loop until the
/// session's finished signal, posted from its thread, has been handled.
template <typename Session>
void waitUntilStopped(QWidget* parent, Session* session, const QString& label) {
    if (session->isRunning()) {
        QProgressDialog progress(label, QString(), 0, 0, parent);
        progress.setWindowModality(Qt::WindowModal);
        progress.setCancelButton(nullptr);
        progress.setMinimumDuration(300);
        QEventLoop loop;
        QObject::connect(session, &Session::finished, &loop, &QEventLoop::quit);
        if (session->isRunning())
            loop.exec();
    }
    session->wait(); // the thread has ended or is ending: a join of nothing
}

/// Minimum width of the settings and past runs column, in pixels (the combos elide beyond it).
constexpr int kLeftColumnWidth = 360;
/// Characters a settings combo shows at least; longer items are elided, with a tooltip.
constexpr int kComboMinimumCharacters = 14;
/// Lines kept in the log pane (older ones scroll away).
constexpr int kMaxLogLines = 5000;
/// The teacher that comes with the shared data, offered as the KD teacher when present.
constexpr const char* kDefaultTeacher = "/work/shared/fixtures/pretrained/mcnn_shtechA_svishwa.pth";

/// Preset identifiers, in the order of the preset box.
enum Preset { PresetCustom, PresetPaperKd, PresetPaperStudent, PresetTeacher, PresetQuick };

QString formatDuration(double seconds) {
    if (!(seconds >= 0) || !std::isfinite(seconds))
        return QStringLiteral("–");
    const qint64 s = static_cast<qint64>(seconds + 0.5);
    return QStringLiteral("%1:%2:%3")
        .arg(s / 3600)
        .arg(s / 60 % 60, 2, 10, QLatin1Char('0'))
        .arg(s % 60, 2, 10, QLatin1Char('0'));
}

/// Parses a non-negative floating-point field written in the C or the user's locale.
bool parseNumber(const QString& text, double* value) {
    bool ok = false;
    double v = QLocale().toDouble(text.trimmed(), &ok);
    if (!ok)
        v = text.trimmed().toDouble(&ok);
    if (!ok || !(v >= 0) || !std::isfinite(v))
        return false;
    *value = v;
    return true;
}

QLineEdit* numberEdit(QWidget* parent, double value) {
    auto* edit = new QLineEdit(QString::number(value, 'g', 6), parent);
    edit->setValidator(new QDoubleValidator(0, 10, 12, edit));
    return edit;
}

} // namespace

TrainWorkspace::TrainWorkspace(DatasetSession* session, QWidget* parent)
    : Workspace(parent)
    , m_datasetSession(session)
    , m_session(new TrainingSession(this))
    , m_charts(new TrainingCharts(this)) {
    buildForm();

    m_statusLabel = new QLabel(this);
    m_statusLabel->setObjectName(QStringLiteral("trainStatus"));
    m_statusLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_progress->setTextVisible(true);
    m_resultsCard = new QLabel(this);
    m_resultsCard->setTextFormat(Qt::RichText);
    m_resultsCard->setFrameShape(QFrame::StyledPanel);
    m_resultsCard->setMargin(8);
    m_resultsCard->setWordWrap(true);
    m_resultsCard->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_resultsCard->hide();
    m_saveChartsButton = new QPushButton(this);
    connect(m_saveChartsButton, &QPushButton::clicked, this, &TrainWorkspace::saveCharts);
    m_log = new QPlainTextEdit(this);
    m_log->setObjectName(QStringLiteral("trainLog"));
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(kMaxLogLines);
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    auto* statusRow = new QHBoxLayout;
    statusRow->addWidget(m_statusLabel, 1);
    statusRow->addWidget(m_saveChartsButton);
    rightLayout->addLayout(statusRow);
    rightLayout->addWidget(m_progress);
    rightLayout->addWidget(m_resultsCard);
    auto* chartSplit = new QSplitter(Qt::Vertical, right);
    chartSplit->addWidget(m_charts);
    chartSplit->addWidget(m_log);
    chartSplit->setStretchFactor(0, 4);
    chartSplit->setStretchFactor(1, 1);
    rightLayout->addWidget(chartSplit, 1);

    // Left: the settings scroll above the run buttons; the past runs stay in view below them
    // (a small screen has no room for the whole form).
    auto* settingsScroll = new QScrollArea(this);
    settingsScroll->setObjectName(QStringLiteral("trainSettingsScroll"));
    settingsScroll->setWidgetResizable(true);
    settingsScroll->setFrameShape(QFrame::NoFrame);
    settingsScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    settingsScroll->setWidget(m_settingsBox);
    auto* settingsPane = new QWidget(this);
    auto* settingsLayout = new QVBoxLayout(settingsPane);
    settingsLayout->setContentsMargins(0, 0, 0, 0);
    settingsLayout->addWidget(settingsScroll, 1);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_startButton);
    buttons->addWidget(m_pauseButton);
    buttons->addWidget(m_stopButton);
    settingsLayout->addLayout(buttons);
    auto* leftColumn = new QSplitter(Qt::Vertical, this);
    leftColumn->setChildrenCollapsible(false);
    leftColumn->addWidget(settingsPane);
    leftColumn->addWidget(m_runsBox);
    leftColumn->setStretchFactor(0, 3);
    leftColumn->setStretchFactor(1, 2);
    leftColumn->setMinimumWidth(kLeftColumnWidth);

    // The α sweep (the paper's experiment) uses the same form; it lives in a second tab.
    m_experiment = new ExperimentPanel([this] { return config(); }, this);
    m_tabs = new QTabWidget(this);
    m_tabs->addTab(right, QString());
    m_tabs->addTab(m_experiment, QString());
    connect(m_experiment->session(), &ExperimentSession::finished, this, [this] {
        refreshRuns();
        updateButtons();
    });
    connect(m_experiment->session(), &ExperimentSession::runStarted, this,
            [this] { updateButtons(); });
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(leftColumn);
    split->addWidget(m_tabs);
    split->setStretchFactor(1, 1);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    connect(m_session, &TrainingSession::resumedCurves, this, &TrainWorkspace::showResumedCurves);
    connect(m_session, &TrainingSession::started, this, &TrainWorkspace::onStarted);
    connect(m_session, &TrainingSession::iteration, this, &TrainWorkspace::onIteration);
    connect(m_session, &TrainingSession::validated, this, &TrainWorkspace::onValidation);
    connect(m_session, &TrainingSession::finished, this, &TrainWorkspace::onFinished);
    connect(m_session, &TrainingSession::message, this,
            [this](const QString& text, int done, int total) {
                if (total > 0) {
                    setStatus([text, done, total] {
                        return QStringLiteral("%1 (%2/%3)").arg(text).arg(done).arg(total);
                    });
                    if (done == total || done == 1)
                        appendLog(text);
                } else {
                    appendLog(text);
                }
            });
    connect(m_session, &TrainingSession::engineMessage, this,
            [this](const pipeline::TrainingMessage& message) {
                // Worded when shown, so that a change of language words it again.
                const auto text = [message] { return TrainingSession::describe(message); };
                if (message.total > 0) {
                    setStatus([text, done = message.done, total = message.total] {
                        return QStringLiteral("%1 (%2/%3)").arg(text()).arg(done).arg(total);
                    });
                    if (message.done == message.total || message.done == 1)
                        appendLog(text);
                } else {
                    appendLog(text);
                }
            });
    connect(m_session, &TrainingSession::checkpointSaved, this,
            [this](const pipeline::CheckpointSaved& event) {
                if (event.isBest)
                    return;
                const QString path = QDir::toNativeSeparators(toQString(event.path));
                const int epoch = event.epoch;
                appendLog([path, epoch] {
                    return tr("Checkpoint saved: %1 (epoch %2)").arg(path, QString::number(epoch));
                });
            });
    connect(m_session, &TrainingSession::pausedChanged, this, [this](bool paused) {
        appendLog([paused] { return paused ? tr("Paused.") : tr("Resumed."); });
        showStatus();
        updateButtons();
    });
    connect(m_session, &TrainingSession::enginePaused, this, [this] { showStatus(); });
    if (m_datasetSession) {
        connect(m_datasetSession, &DatasetSession::opened, this, [this](const QString& root) {
            if (!m_session->isRunning())
                m_data->setText(QDir::toNativeSeparators(root));
        });
    }

    setRunsRoot(settings::kRunsFolder.read(settings::defaultRunsFolder()));
    retranslateUi();
    // Fields no preset sets (seed, threads, …) start at the engine's defaults.
    setConfig(pipeline::TrainingConfig{});
    applyPreset(PresetPaperKd);
    m_preset->setCurrentIndex(PresetPaperKd);
    // Coming back to the workspace shows the latest run's curves.
    if (m_runs->count() > 0) {
        m_runs->setCurrentRow(0);
        openRun(selectedRun());
    }
    updateButtons();
}

TrainWorkspace::~TrainWorkspace() {
    m_session->stop();
    m_session->wait();
}

void TrainWorkspace::buildForm() {
    m_settingsBox = new QGroupBox(this);
    auto* form = new QFormLayout(m_settingsBox);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto row = [&](QLabel*& label, QWidget* field) {
        label = new QLabel(m_settingsBox);
        label->setBuddy(field);
        form->addRow(label, field);
    };
    auto withBrowse = [&](QLineEdit* edit, QToolButton*& button) {
        auto* box = new QWidget(m_settingsBox);
        auto* h = new QHBoxLayout(box);
        h->setContentsMargins(0, 0, 0, 0);
        h->addWidget(edit, 1);
        button = new QToolButton(box);
        button->setText(QStringLiteral("…"));
        h->addWidget(button);
        return box;
    };

    m_preset = new QComboBox(m_settingsBox);
    m_preset->setObjectName(QStringLiteral("trainPreset"));
    for (int i = 0; i <= PresetQuick; ++i)
        m_preset->addItem(QString());
    connect(m_preset, qOverload<int>(&QComboBox::activated), this, &TrainWorkspace::applyPreset);
    row(m_presetLabel, m_preset);

    m_data = new QLineEdit(m_settingsBox);
    row(m_dataLabel, withBrowse(m_data, m_dataBrowse));
    m_dataLabel->setBuddy(m_data);
    connect(m_dataBrowse, &QToolButton::clicked, this,
            [this] { chooseFolder(m_data, tr("Dataset folder")); });

    m_mode = new QComboBox(m_settingsBox);
    m_mode->addItem(QString(), QStringLiteral("kd"));
    m_mode->addItem(QString(), QStringLiteral("student"));
    m_mode->addItem(QString(), QStringLiteral("teacher"));
    row(m_modeLabel, m_mode);
    connect(m_mode, qOverload<int>(&QComboBox::currentIndexChanged), this,
            &TrainWorkspace::updateModeFields);

    m_alpha = new QDoubleSpinBox(m_settingsBox);
    m_alpha->setRange(0.0, 1.0);
    m_alpha->setSingleStep(0.1);
    m_alpha->setDecimals(2);
    row(m_alphaLabel, m_alpha);

    m_teacher = new QLineEdit(m_settingsBox);
    row(m_teacherLabel, withBrowse(m_teacher, m_teacherBrowse));
    m_teacherLabel->setBuddy(m_teacher);
    connect(m_teacherBrowse, &QToolButton::clicked, this, &TrainWorkspace::chooseTeacher);

    m_unlabeled = new QLineEdit(m_settingsBox);
    m_unlabeled->setObjectName(QStringLiteral("trainUnlabeled"));
    row(m_unlabeledLabel, withBrowse(m_unlabeled, m_unlabeledBrowse));
    m_unlabeledLabel->setBuddy(m_unlabeled);
    connect(m_unlabeledBrowse, &QToolButton::clicked, this, &TrainWorkspace::addUnlabeledFolder);
    m_unlabeledShare = new QDoubleSpinBox(m_settingsBox);
    m_unlabeledShare->setRange(0.05, 0.95);
    m_unlabeledShare->setSingleStep(0.05);
    m_unlabeledShare->setDecimals(2);
    m_unlabeledShare->setValue(0.5);
    row(m_unlabeledShareLabel, m_unlabeledShare);

    m_backbone = new QLineEdit(m_settingsBox);
    m_backbone->setObjectName(QStringLiteral("trainBackbone"));
    row(m_backboneLabel, withBrowse(m_backbone, m_backboneBrowse));
    m_backboneLabel->setBuddy(m_backbone);
    connect(m_backboneBrowse, &QToolButton::clicked, this, &TrainWorkspace::chooseBackbone);
    connect(m_unlabeled, &QLineEdit::textChanged, this, &TrainWorkspace::updateModeFields);

    m_epochs = new QSpinBox(m_settingsBox);
    m_epochs->setRange(1, 100000);
    row(m_epochsLabel, m_epochs);
    m_lr = numberEdit(m_settingsBox, 1e-4);
    row(m_lrLabel, m_lr);
    m_batch = new QSpinBox(m_settingsBox);
    m_batch->setRange(0, 256);
    row(m_batchLabel, m_batch);
    m_crop = new QSpinBox(m_settingsBox);
    m_crop->setRange(0, 4096);
    m_crop->setSingleStep(32);
    row(m_cropLabel, m_crop);
    m_maxImages = new QSpinBox(m_settingsBox);
    m_maxImages->setRange(0, 1000000);
    row(m_maxImagesLabel, m_maxImages);

    m_optimizer = new QComboBox(m_settingsBox);
    m_optimizer->addItem(QStringLiteral("Adam"), QStringLiteral("adam"));
    m_optimizer->addItem(QStringLiteral("SGD"), QStringLiteral("sgd"));
    row(m_optimizerLabel, m_optimizer);
    m_scheduler = new QComboBox(m_settingsBox);
    m_scheduler->addItem(QString(), QStringLiteral("cosine"));
    m_scheduler->addItem(QString(), QStringLiteral("constant"));
    m_scheduler->addItem(QString(), QStringLiteral("one-cycle"));
    row(m_schedulerLabel, m_scheduler);
    connect(m_scheduler, qOverload<int>(&QComboBox::currentIndexChanged), this,
            &TrainWorkspace::updateModeFields);
    m_t0 = new QSpinBox(m_settingsBox);
    m_t0->setRange(1, 100000);
    row(m_t0Label, m_t0);
    m_tMult = new QSpinBox(m_settingsBox);
    m_tMult->setRange(1, 100);
    row(m_tMultLabel, m_tMult);
    m_etaMin = numberEdit(m_settingsBox, 0);
    row(m_etaMinLabel, m_etaMin);
    m_warmup = new QDoubleSpinBox(m_settingsBox);
    m_warmup->setRange(0, 1000);
    m_warmup->setDecimals(1);
    m_warmup->setSingleStep(0.5);
    row(m_warmupLabel, m_warmup);
    m_validateEvery = new QSpinBox(m_settingsBox);
    m_validateEvery->setRange(1, 10000);
    row(m_validateLabel, m_validateEvery);
    m_seed = new QSpinBox(m_settingsBox);
    m_seed->setRange(0, std::numeric_limits<int>::max());
    row(m_seedLabel, m_seed);
    m_device = new QComboBox(m_settingsBox);
    m_device->addItem(QString(), QStringLiteral("auto"));
    m_device->addItem(QStringLiteral("CPU"), QStringLiteral("cpu"));
    m_device->addItem(QStringLiteral("CUDA"), QStringLiteral("cuda"));
    row(m_deviceLabel, m_device);
    m_threads = new QSpinBox(m_settingsBox);
    m_threads->setObjectName(QStringLiteral("threads"));
    m_threads->setRange(0, 256);
    row(m_threadsLabel, m_threads);
    m_precision = new QComboBox(m_settingsBox);
    m_precision->setObjectName(QStringLiteral("trainPrecision"));
    m_precision->addItem(QStringLiteral("fp32"), QStringLiteral("fp32"));
    m_precision->addItem(QStringLiteral("bf16"), QStringLiteral("bf16"));
    row(m_precisionLabel, m_precision);
    m_processes = new QSpinBox(m_settingsBox);
    m_processes->setObjectName(QStringLiteral("processes"));
    m_processes->setRange(1, 64);
    row(m_processesLabel, m_processes);
    // Training with several processes is not a setting of the run (config.json): it is how this
    // studio runs it, kept across sessions of the workspace.
    m_processes->setEnabled(pipeline::distributedTrainingAvailable());

    // Long items elide rather than widen the column; the
    // tooltip shows the whole text.
    for (QComboBox* box : {m_preset, m_mode, m_optimizer, m_scheduler, m_device, m_precision}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(kComboMinimumCharacters);
        connect(box, qOverload<int>(&QComboBox::currentIndexChanged), box,
                [box] { box->setToolTip(box->currentText()); });
    }

    // Editing any setting makes the preset "Custom".
    auto toCustom = [this] { m_preset->setCurrentIndex(PresetCustom); };
    for (QSpinBox* box : {m_epochs, m_batch, m_crop, m_maxImages, m_t0, m_tMult, m_validateEvery,
                          m_seed, m_threads})
        connect(box, qOverload<int>(&QSpinBox::valueChanged), this, toCustom);
    for (QDoubleSpinBox* box : {m_alpha, m_unlabeledShare, m_warmup})
        connect(box, qOverload<double>(&QDoubleSpinBox::valueChanged), this, toCustom);
    for (QLineEdit* edit : {m_lr, m_etaMin, m_unlabeled, m_backbone})
        connect(edit, &QLineEdit::textEdited, this, toCustom);
    connect(m_validateEvery, qOverload<int>(&QSpinBox::valueChanged), this,
            [this](int epochs) { m_validateEvery->setSuffix(tr(" epoch(s)", nullptr, epochs)); });
    for (QComboBox* box : {m_mode, m_optimizer, m_scheduler, m_device, m_precision})
        connect(box, qOverload<int>(&QComboBox::activated), this, toCustom);

    m_startButton = new QPushButton(QIcon(QStringLiteral(":/icons/train.svg")), QString(), this);
    m_startButton->setObjectName(QStringLiteral("trainStart"));
    m_startButton->setDefault(true);
    connect(m_startButton, &QPushButton::clicked, this, [this] { startTraining(); });
    m_pauseButton = new QPushButton(this);
    connect(m_pauseButton, &QPushButton::clicked, this,
            [this] { setPaused(!m_session->isPaused()); });
    m_stopButton = new QPushButton(this);
    connect(m_stopButton, &QPushButton::clicked, this, &TrainWorkspace::stopTraining);

    m_runsBox = new QGroupBox(this);
    auto* runsLayout = new QVBoxLayout(m_runsBox);
    m_runs = new QListWidget(m_runsBox);
    m_runs->setSelectionMode(QAbstractItemView::SingleSelection);
    // Long run names wrap at their " — " separators rather than run out of the column.
    m_runs->setWordWrap(true);
    m_runs->setTextElideMode(Qt::ElideMiddle);
    connect(m_runs, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { openRun(item->data(Qt::UserRole).toString()); });
    connect(m_runs, &QListWidget::currentRowChanged, this, &TrainWorkspace::updateButtons);
    runsLayout->addWidget(m_runs, 1);
    auto* runButtons = new QGridLayout;
    m_openRunButton = new QPushButton(m_runsBox);
    m_overlayRunButton = new QPushButton(m_runsBox);
    m_resumeRunButton = new QPushButton(m_runsBox);
    m_countRunButton = new QPushButton(m_runsBox);
    m_compareRunButton = new QPushButton(m_runsBox);
    m_exportRunButton = new QPushButton(m_runsBox);
    m_runsFolderButton = new QPushButton(m_runsBox);
    runButtons->addWidget(m_openRunButton, 0, 0);
    runButtons->addWidget(m_overlayRunButton, 0, 1);
    runButtons->addWidget(m_resumeRunButton, 1, 0);
    runButtons->addWidget(m_countRunButton, 1, 1);
    runButtons->addWidget(m_compareRunButton, 2, 0);
    runButtons->addWidget(m_exportRunButton, 2, 1);
    runButtons->addWidget(m_runsFolderButton, 3, 0, 1, 2);
    runsLayout->addLayout(runButtons);
    connect(m_openRunButton, &QPushButton::clicked, this, [this] {
        if (!selectedRun().isEmpty())
            openRun(selectedRun());
    });
    connect(m_overlayRunButton, &QPushButton::clicked, this, [this] {
        const QString dir = selectedRun();
        if (!dir.isEmpty())
            readCurvesThen(dir, false,
                           [this, name = QFileInfo(dir).fileName()](const RunCurves& curves) {
                               m_charts->addOverlay(curves, name);
                           });
    });
    connect(m_resumeRunButton, &QPushButton::clicked, this, [this] {
        if (!selectedRun().isEmpty())
            resumeRun(selectedRun());
    });
    connect(m_countRunButton, &QPushButton::clicked, this, [this] {
        RunInfo info;
        if (readRunInfo(selectedRun(), &info) && !info.bestCheckpoint.isEmpty())
            emit countWithModelRequested(info.bestCheckpoint);
    });
    connect(m_compareRunButton, &QPushButton::clicked, this, [this] {
        if (!selectedRun().isEmpty())
            emit compareRunRequested(selectedRun());
    });
    connect(m_exportRunButton, &QPushButton::clicked, this, [this] {
        RunInfo info;
        if (!readRunInfo(selectedRun(), &info) || info.bestCheckpoint.isEmpty())
            return;
        ExportDialog::showFor(
            info.bestCheckpoint,
            m_datasetSession && m_datasetSession->isOpen() ? m_datasetSession->root() : QString(),
            this);
    });
    connect(m_runsFolderButton, &QPushButton::clicked, this, [this] {
        const QString dir =
            QFileDialog::getExistingDirectory(this, tr("Folder of training runs"), m_runsRoot);
        if (!dir.isEmpty()) {
            setRunsRoot(dir);
            settings::kRunsFolder.write(dir);
        }
    });
}

void TrainWorkspace::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    Workspace::changeEvent(event);
}

void TrainWorkspace::retranslateUi() {
    m_settingsBox->setTitle(tr("Training settings"));
    m_presetLabel->setText(tr("&Preset:"));
    m_preset->setItemText(PresetCustom, tr("Custom"));
    m_preset->setItemText(PresetPaperKd, tr("Paper: KD α=0.1"));
    m_preset->setItemText(PresetPaperStudent, tr("Paper: plain student"));
    m_preset->setItemText(PresetTeacher, tr("Teacher (M-SFANet)"));
    m_preset->setItemText(PresetQuick, tr("Quick check (a few images)"));
    m_dataLabel->setText(tr("&Dataset:"));
    m_data->setPlaceholderText(tr("ShanghaiTech part folder (train_data, test_data)"));
    m_dataBrowse->setToolTip(tr("Choose the dataset folder"));
    m_modeLabel->setText(tr("&Mode:"));
    m_mode->setItemText(0, tr("Distilled student (KD)"));
    m_mode->setItemData(0, tr("Knowledge distillation: an MCNN student taught by a teacher model"),
                        Qt::ToolTipRole);
    m_mode->setItemText(1, tr("Plain student (MCNN)"));
    m_mode->setItemText(2, tr("Teacher (M-SFANet)"));
    m_alphaLabel->setText(tr("&α (teacher weight):"));
    m_alpha->setToolTip(tr("loss = (1 − α)·MSE(student, ground truth) + α·MSE(student, teacher)"));
    m_teacherLabel->setText(tr("T&eacher model:"));
    m_teacher->setPlaceholderText(tr("CrowdKD checkpoint or PyTorch .pth"));
    m_teacherBrowse->setToolTip(tr("Choose the teacher model file"));
    m_unlabeledLabel->setText(tr("&Unlabeled images:"));
    m_unlabeled->setPlaceholderText(tr("Optional: folders of frames without annotations"));
    m_unlabeled->setToolTip(
        tr("Images nobody annotated (e.g. frames from your own cameras) train the student on the "
           "teacher's maps alone. Separate several folders with “%1”.")
            .arg(QDir::listSeparator()));
    m_unlabeledBrowse->setToolTip(tr("Add a folder of unlabeled images"));
    m_unlabeledShareLabel->setText(tr("Unlabeled s&hare:"));
    m_unlabeledShare->setToolTip(tr("Share of each batch's crops taken from the unlabeled images"));
    m_backboneLabel->setText(tr("&Backbone weights:"));
    m_backbone->setPlaceholderText(tr("Optional: torchvision vgg16_bn ImageNet .pth"));
    m_backbone->setToolTip(tr("Start M-SFANet's VGG16-bn encoder from torchvision's ImageNet "
                              "weights, as the authors do; empty starts from random weights"));
    m_backboneBrowse->setToolTip(tr("Choose the vgg16_bn weights file"));
    m_epochsLabel->setText(tr("E&pochs:"));
    m_lrLabel->setText(tr("&Learning rate:"));
    m_lr->setToolTip(tr("0 uses the optimizer's default (Adam 1e-4, SGD 1e-6)"));
    m_batchLabel->setText(tr("&Batch size:"));
    m_batch->setSpecialValueText(tr("Default"));
    m_cropLabel->setText(tr("&Crop size:"));
    m_crop->setSpecialValueText(tr("Whole images"));
    m_crop->setSuffix(tr(" px"));
    m_maxImagesLabel->setText(tr("Training &images:"));
    m_maxImages->setSpecialValueText(tr("All"));
    m_optimizerLabel->setText(tr("&Optimizer:"));
    m_schedulerLabel->setText(tr("&Scheduler:"));
    m_scheduler->setItemText(0, tr("Cosine, warm restarts"));
    m_scheduler->setItemData(
        0, tr("Cosine annealing with warm restarts (every T_0 epochs, growing by T_mult)"),
        Qt::ToolTipRole);
    m_scheduler->setItemText(1, tr("Constant"));
    m_scheduler->setItemText(2, tr("One cycle"));
    m_scheduler->setItemData(
        2, tr("PyTorch's OneCycleLR over the whole run, the learning rate as its maximum"),
        Qt::ToolTipRole);
    m_warmupLabel->setText(tr("&Warm-up:"));
    m_warmup->setSpecialValueText(tr("None"));
    m_warmup->setSuffix(tr(" epochs"));
    m_warmup->setToolTip(tr("Epochs over which the learning rate rises linearly from almost 0"));
    m_t0Label->setText(tr("T_0 (epochs):"));
    m_tMultLabel->setText(tr("T_mult:"));
    m_etaMinLabel->setText(tr("eta_min:"));
    m_validateLabel->setText(tr("&Validate every:"));
    m_validateEvery->setSuffix(tr(" epoch(s)", nullptr, m_validateEvery->value()));
    m_seedLabel->setText(tr("See&d:"));
    m_deviceLabel->setText(tr("De&vice:"));
    m_device->setItemText(0, tr("Automatic"));
    m_threadsLabel->setText(tr("&Threads:"));
    m_threads->setSpecialValueText(tr("All cores"));
    m_threads->setToolTip(tr("LibTorch threads of each training process"));
    m_precisionLabel->setText(tr("Prec&ision:"));
    m_precision->setItemText(0, tr("Float (fp32)"));
    m_precision->setItemText(1, tr("BFloat16 (bf16), faster"));
    m_precision->setItemData(0, tr("MCNN trains in 32-bit floats, as PyTorch does"),
                             Qt::ToolTipRole);
    m_precision->setItemData(
        1,
        nn::haveBFloat16Training()
            ? tr("MCNN's columns compute in bfloat16 on the CPU: about 2× the speed, "
                 "gradients to 8 significant bits; weights and the optimizer stay in fp32")
            : tr("This CPU has no bfloat16 instructions (AVX-512 BF16 or AMX)"),
        Qt::ToolTipRole);
    m_processesLabel->setText(tr("Pro&cesses:"));
    m_processes->setToolTip(
        pipeline::distributedTrainingAvailable()
            ? tr("Local processes that train together in data parallel, each on its share of "
                 "every batch (the batch must be a multiple). The same seed trains the same model; "
                 "a training of several processes cannot pause.")
            : tr("This build cannot train with several processes (no Gloo)."));
    for (QComboBox* box : {m_preset, m_mode, m_optimizer, m_scheduler, m_device}) {
        for (int i = 0; i < box->count(); ++i)
            box->setItemData(i, box->itemText(i), Qt::ToolTipRole);
        box->setToolTip(box->currentText());
    }

    m_startButton->setText(tr("&Start"));
    m_stopButton->setText(tr("S&top"));
    m_stopButton->setToolTip(tr("Stop after the current iteration; the run can be resumed"));
    m_runsBox->setTitle(tr("Past runs"));
    m_openRunButton->setText(tr("&Open"));
    m_openRunButton->setToolTip(tr("Show the run's settings and curves"));
    m_overlayRunButton->setText(tr("Compare &curves"));
    m_overlayRunButton->setToolTip(tr("Draw the run's curves on the same axes"));
    m_resumeRunButton->setText(tr("&Resume"));
    m_resumeRunButton->setToolTip(tr("Continue the run from its last checkpoint"));
    m_countRunButton->setText(tr("Count &with it"));
    m_countRunButton->setToolTip(tr("Use the run's best model in the Count workspace"));
    m_compareRunButton->setText(tr("Compare"));
    m_compareRunButton->setToolTip(tr("Compare the run's best model in the Compare workspace"));
    m_tabs->setTabText(0, tr("Training"));
    m_tabs->setTabText(1, tr("α Sweep (Experiment)"));
    m_exportRunButton->setText(tr("E&xport…"));
    m_exportRunButton->setToolTip(tr("Export the run's best model (ONNX, LibTorch or PyTorch)"));
    m_runsFolderButton->setText(tr("Runs folder…"));
    m_saveChartsButton->setText(tr("Save charts…"));
    // Generated texts are rendered again from what they were made of.
    if (m_statusText)
        showStatus();
    else
        setStatus([] { return tr("Ready."); });
    setProgressEpoch(m_progressEpoch, m_progressEpochs);
    renderLog();
    renderResults();
    updateButtons();
    refreshRuns();
}

void TrainWorkspace::applyPreset(int index) {
    pipeline::TrainingConfig config = this->config();
    const pipeline::TrainingConfig defaults;
    auto paper = [&](pipeline::TrainingMode mode) {
        config.mode = mode;
        config.alpha = 0.1;
        // The paper's warm restarts, ended where a cycle ends (10 + 20 + 40): the recipe study
        // found that a run stopped mid-cycle lands anywhere in swings of 100 and more in MAE.
        config.epochs = 70;
        config.lr = 1e-4;
        config.batchSize = 4;
        config.crop = 256;
        config.maxImages = 0;
        config.optimizer = pipeline::OptimizerKind::Adam;
        config.schedule.kind = nn::SchedulerKind::CosineWarmRestarts;
        config.schedule.t0 = 10;
        config.schedule.tMult = 2;
        config.schedule.etaMin = 1e-6;
        config.validateEvery = 1;
    };
    switch (index) {
    case PresetPaperKd:
        paper(pipeline::TrainingMode::Kd);
        break;
    case PresetPaperStudent:
        paper(pipeline::TrainingMode::Student);
        break;
    case PresetTeacher:
        paper(pipeline::TrainingMode::Teacher);
        config.batchSize = 2;
        config.crop = 400;
        break;
    case PresetQuick:
        config.epochs = 2;
        config.maxImages = 8;
        config.crop = 128;
        config.batchSize = 2;
        // The recipe study's winner: one cosine over the run, ending at a small rate.
        config.schedule.kind = nn::SchedulerKind::CosineWarmRestarts;
        config.schedule.t0 = config.epochs;
        config.schedule.tMult = 1;
        config.schedule.etaMin = 0;
        config.schedule.perIteration = true; // two epochs: the rate falls within each
        break;
    default:
        return;
    }
    setConfig(config);
    m_preset->setCurrentIndex(index);
}

pipeline::TrainingConfig TrainWorkspace::config() const {
    pipeline::TrainingConfig config = m_baseConfig;
    config.mode = pipeline::trainingModeFromString(m_mode->currentData().toString().toStdString());
    config.data = toPath(m_data->text().trimmed());
    config.teacher = toPath(m_teacher->text().trimmed());
    config.alpha = m_alpha->value();
    config.epochs = m_epochs->value();
    parseNumber(m_lr->text(), &config.lr);
    config.batchSize = m_batch->value();
    config.crop = m_crop->value();
    config.maxImages = m_maxImages->value();
    config.optimizer =
        pipeline::optimizerKindFromString(m_optimizer->currentData().toString().toStdString());
    config.unlabeled.clear();
    for (const QString& folder :
         m_unlabeled->text().split(QDir::listSeparator(), Qt::SkipEmptyParts)) {
        if (!folder.trimmed().isEmpty())
            config.unlabeled.push_back(toPath(folder.trimmed()));
    }
    config.unlabeledShare = m_unlabeledShare->value();
    config.backboneWeights = toPath(m_backbone->text().trimmed());
    if (config.mode != pipeline::TrainingMode::Kd)
        config.unlabeled.clear();
    if (config.mode != pipeline::TrainingMode::Teacher)
        config.backboneWeights.clear();
    config.schedule.kind =
        nn::schedulerKindFromString(m_scheduler->currentData().toString().toStdString());
    config.schedule.warmupEpochs = m_warmup->value();
    config.schedule.t0 = m_t0->value();
    config.schedule.tMult = m_tMult->value();
    parseNumber(m_etaMin->text(), &config.schedule.etaMin);
    config.validateEvery = m_validateEvery->value();
    config.seed = static_cast<std::uint64_t>(m_seed->value());
    config.device = m_device->currentData().toString().toStdString();
    config.threads = m_threads->value();
    // updateModeFields() holds the combo at fp32 wherever bf16 cannot run (teacher, this CPU).
    config.precision = nn::precisionFromString(m_precision->currentData().toString().toStdString());
    return config;
}

void TrainWorkspace::setConfig(const pipeline::TrainingConfig& config) {
    m_baseConfig = config;
    const QSignalBlocker blockPreset(m_preset);
    // Values given from outside are no preset's; applyPreset() names its own afterwards.
    m_preset->setCurrentIndex(PresetCustom);
    m_preset->setToolTip(m_preset->currentText());
    auto select = [](QComboBox* box, const QString& value) {
        const QSignalBlocker blocker(box);
        const int index = box->findData(value);
        if (index >= 0)
            box->setCurrentIndex(index);
    };
    select(m_mode, QString::fromStdString(pipeline::toString(config.mode)));
    if (!config.data.empty())
        m_data->setText(QDir::toNativeSeparators(toQString(config.data)));
    if (!config.teacher.empty())
        m_teacher->setText(QDir::toNativeSeparators(toQString(config.teacher)));
    else if (m_teacher->text().isEmpty() && QFileInfo::exists(QLatin1String(kDefaultTeacher)))
        m_teacher->setText(QLatin1String(kDefaultTeacher));
    const QList<QWidget*> fields{m_alpha, m_epochs, m_batch,         m_crop, m_maxImages,
                                 m_t0,    m_tMult,  m_validateEvery, m_seed, m_threads};
    for (QWidget* field : fields)
        field->blockSignals(true);
    m_alpha->setValue(config.alpha);
    m_epochs->setValue(config.epochs);
    m_lr->setText(QString::number(config.lr, 'g', 6));
    m_batch->setValue(config.batchSize);
    m_crop->setValue(config.crop);
    m_maxImages->setValue(config.maxImages);
    select(m_optimizer, QString::fromStdString(pipeline::toString(config.optimizer)));
    select(m_scheduler, config.schedule.kind == nn::SchedulerKind::CosineWarmRestarts
                            ? QStringLiteral("cosine")
                            : QString::fromStdString(nn::toString(config.schedule.kind)));
    QStringList unlabeled;
    for (const auto& folder : config.unlabeled)
        unlabeled << QDir::toNativeSeparators(toQString(folder));
    {
        const QSignalBlocker blockers[] = {QSignalBlocker(m_unlabeled), QSignalBlocker(m_backbone),
                                           QSignalBlocker(m_unlabeledShare),
                                           QSignalBlocker(m_warmup)};
        m_unlabeled->setText(unlabeled.join(QDir::listSeparator()));
        m_unlabeledShare->setValue(config.unlabeledShare);
        m_backbone->setText(QDir::toNativeSeparators(toQString(config.backboneWeights)));
        m_warmup->setValue(config.schedule.warmupEpochs);
    }
    m_t0->setValue(config.schedule.t0);
    m_tMult->setValue(config.schedule.tMult);
    m_etaMin->setText(QString::number(config.schedule.etaMin, 'g', 6));
    m_validateEvery->setValue(config.validateEvery);
    m_seed->setValue(static_cast<int>(config.seed));
    select(m_device, QString::fromStdString(config.device));
    m_threads->setValue(config.threads);
    select(m_precision, QString::fromStdString(nn::toString(config.precision)));
    for (QWidget* field : fields)
        field->blockSignals(false);
    m_validateEvery->setSuffix(tr(" epoch(s)", nullptr, m_validateEvery->value()));
    updateModeFields();
}

void TrainWorkspace::updateModeFields() {
    const bool kd = m_mode->currentData().toString() == QLatin1String("kd");
    for (QWidget* w : std::initializer_list<QWidget*>{m_alpha, m_alphaLabel, m_teacher,
                                                      m_teacherLabel, m_teacherBrowse, m_unlabeled,
                                                      m_unlabeledLabel, m_unlabeledBrowse})
        w->setEnabled(kd);
    const bool unlabeled = kd && !m_unlabeled->text().trimmed().isEmpty();
    m_unlabeledShare->setEnabled(unlabeled);
    m_unlabeledShareLabel->setEnabled(unlabeled);
    const bool teacher = m_mode->currentData().toString() == QLatin1String("teacher");
    for (QWidget* w :
         std::initializer_list<QWidget*>{m_backbone, m_backboneLabel, m_backboneBrowse})
        w->setEnabled(teacher);
    // bf16 is MCNN's, on a CPU that has it.
    const bool bf16 = !teacher && nn::haveBFloat16Training();
    m_precision->setEnabled(bf16);
    m_precisionLabel->setEnabled(bf16);
    if (!bf16)
        m_precision->setCurrentIndex(0);
    const bool cosine = m_scheduler->currentData().toString() == QLatin1String("cosine");
    for (QWidget* w : std::initializer_list<QWidget*>{m_t0, m_t0Label, m_tMult, m_tMultLabel,
                                                      m_etaMin, m_etaMinLabel})
        w->setEnabled(cosine);
}

void TrainWorkspace::updateButtons() {
    const bool running = m_session->isRunning();
    // One engine trains at a time (see ExperimentPanel::setTrainingRunning).
    const bool sweeping = m_experiment->isRunning();
    m_experiment->setTrainingRunning(running);
    m_startButton->setEnabled(!running && !sweeping);
    m_settingsBox->setEnabled(!running);
    m_pauseButton->setEnabled(m_session->canPause());
    m_pauseButton->setText(m_session->isPaused() ? tr("&Continue") : tr("P&ause"));
    m_stopButton->setEnabled(running);
    RunInfo info;
    const bool hasRun = readRunInfo(selectedRun(), &info) && info.problem.isEmpty();
    m_openRunButton->setEnabled(hasRun);
    m_overlayRunButton->setEnabled(hasRun);
    m_resumeRunButton->setEnabled(!running && !sweeping && hasRun && info.resumable &&
                                  !info.isFinished());
    m_countRunButton->setEnabled(hasRun && !info.bestCheckpoint.isEmpty() &&
                                 info.config.mode != pipeline::TrainingMode::Teacher);
    m_compareRunButton->setEnabled(hasRun && (!info.bestCheckpoint.isEmpty() || info.resumable));
    m_exportRunButton->setEnabled(hasRun && !info.bestCheckpoint.isEmpty());
}

void TrainWorkspace::setRunsRoot(const QString& root) {
    m_runsRoot = root;
    refreshRuns();
}

QStringList TrainWorkspace::pastRuns() const {
    QStringList runs;
    for (int i = 0; i < m_runs->count(); ++i)
        runs << m_runs->item(i)->data(Qt::UserRole).toString();
    return runs;
}

QString TrainWorkspace::selectedRun() const {
    const QListWidgetItem* item = m_runs->currentItem();
    return item ? item->data(Qt::UserRole).toString() : QString();
}

void TrainWorkspace::refreshRuns() {
    const QString selected = selectedRun();
    m_runs->clear();
    const QLocale locale;
    QDir root(m_runsRoot);
    const QFileInfoList entries = root.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Time);
    for (const QFileInfo& entry : entries) {
        RunInfo info;
        if (!readRunInfo(entry.absoluteFilePath(), &info))
            continue;
        const QString path = QDir::toNativeSeparators(entry.absoluteFilePath());
        QString text;
        QString toolTip;
        if (!info.problem.isEmpty()) {
            text = tr("%1 — cannot be read").arg(entry.fileName());
            toolTip = info.problem;
        } else {
            text = QStringLiteral("%1 — %2").arg(entry.fileName(), runModeText(info));
            if (info.bestMae >= 0)
                text += tr(" — MAE %1").arg(locale.toString(info.bestMae, 'f', 1));
            toolTip = tr("%1\nStatus: %2, %3 of %n epoch(s)", nullptr, info.config.epochs)
                          .arg(path, runStatusText(info))
                          .arg(info.epochsDone);
        }
        auto* item = new QListWidgetItem(text, m_runs);
        item->setData(Qt::UserRole, entry.absoluteFilePath());
        item->setToolTip(toolTip);
        if (!info.problem.isEmpty())
            item->setIcon(style()->standardIcon(QStyle::SP_MessageBoxWarning));
        if (entry.absoluteFilePath() == selected)
            m_runs->setCurrentItem(item);
    }
    updateButtons();
}

void TrainWorkspace::appendLog(TextRenderer text) {
    const QTime now = QTime::currentTime();
    m_log->appendPlainText(
        QStringLiteral("[%1] %2").arg(now.toString(QStringLiteral("HH:mm:ss")), text()));
    m_logLines.push_back({now, std::move(text)});
    while (m_logLines.size() > static_cast<std::size_t>(kMaxLogLines))
        m_logLines.pop_front();
}

void TrainWorkspace::appendLog(const QString& text) {
    appendLog([text] { return text; });
}

void TrainWorkspace::renderLog() {
    QStringList lines;
    for (const LogLine& line : m_logLines)
        lines << QStringLiteral("[%1] %2").arg(line.time.toString(QStringLiteral("HH:mm:ss")),
                                               line.text());
    m_log->setPlainText(lines.join(QLatin1Char('\n')));
    m_log->moveCursor(QTextCursor::End);
}

void TrainWorkspace::setStatus(TextRenderer text) {
    m_statusText = std::move(text);
    showStatus();
}

void TrainWorkspace::setProgressEpoch(int epoch, int epochs) {
    m_progressEpoch = epoch;
    m_progressEpochs = epochs;
    m_progress->setFormat(epochs > 0 ? tr("Epoch %1/%2 — %p%").arg(epoch).arg(epochs)
                                     : QStringLiteral("%p%"));
}

bool TrainWorkspace::startTraining(bool quiet) {
    pipeline::TrainingConfig config = this->config();
    // Every step reaches the charts and the run's log, so both show the loss of each iteration
    // and reopened runs draw what live ones did.
    config.logEvery = 1;
    TextRenderer error;
    double number = 0;
    if (m_experiment->isRunning())
        error = [] { return tr("An α sweep is running: it has to end before a run can start."); };
    else if (!parseNumber(m_lr->text(), &number) || !parseNumber(m_etaMin->text(), &number))
        error = [] { return tr("The learning rate and eta_min must be non-negative numbers."); };
    else if (config.data.empty() || !QFileInfo(toQString(config.data)).isDir())
        error = [] { return tr("Choose the dataset folder to train on."); };
    else if (config.mode == pipeline::TrainingMode::Kd &&
             !QFileInfo(toQString(config.teacher)).isFile())
        error = [] { return tr("Knowledge distillation needs a teacher model file."); };
    QString dir;
    if (!error) {
        QString name = QString::fromStdString(pipeline::toString(config.mode));
        if (config.mode == pipeline::TrainingMode::Kd)
            name += QStringLiteral("-alpha-%1").arg(config.alpha);
        name += QDateTime::currentDateTime().toString(QStringLiteral("-yyyyMMdd-HHmmss"));
        dir = QDir(m_runsRoot).filePath(name);
        for (int i = 2; QFileInfo::exists(dir); ++i)
            dir = QDir(m_runsRoot).filePath(QStringLiteral("%1-%2").arg(name, QString::number(i)));
        QDir().mkpath(m_runsRoot);
        QString sessionError;
        m_session->setProcesses(m_processes->value());
        const bool started = m_session->start(config, dir, &sessionError);
        if (!sessionError.isEmpty())
            error = [sessionError] { return sessionError; };
        else if (!started)
            error = [] { return tr("The training could not start."); };
        else {
            m_kdRun = config.mode == pipeline::TrainingMode::Kd;
            m_charts->clear();
            m_resultsCard->hide();
            m_bestMae = -1;
            m_shownResult.reset();
            m_progress->setValue(0);
            setProgressEpoch(0, 0);
            const QString mode = QString::fromStdString(pipeline::toString(config.mode));
            const QString shownDir = QDir::toNativeSeparators(dir);
            appendLog([mode, shownDir] { return tr("Training %1 into %2").arg(mode, shownDir); });
            setStatus([] { return tr("Preparing data…"); });
            updateButtons();
            refreshRuns();
            return true;
        }
    }
    appendLog([error] { return tr("Cannot start: %1").arg(error()); });
    if (!quiet)
        QMessageBox::warning(this, tr("Train"), error());
    return false;
}

bool TrainWorkspace::resumeRun(const QString& dir, bool quiet) {
    QString error;
    m_session->setProcesses(m_processes->value());
    if (m_experiment->isRunning())
        error = tr("An α sweep is running: it has to end before a run can start.");
    // What the form says of this machine (threads, device) applies; the rest is the run's own.
    pipeline::Trainer::ResumeOptions changes;
    changes.threads = m_threads->value();
    changes.device = m_device->currentData().toString().toStdString();
    if (!error.isEmpty() || !m_session->resume(dir, changes, &error)) {
        appendLog([error] { return tr("Cannot resume: %1").arg(error); });
        if (!quiet)
            QMessageBox::warning(this, tr("Train"), error);
        return false;
    }
    RunInfo info;
    readRunInfo(dir, &info);
    m_kdRun = info.isKd();
    ++m_curvesRequest; // a run opened before is not drawn over it
    m_resuming = true; // its curves come with the engine's start (TrainingSession::resumedCurves)
    m_resultsCard->hide();
    m_shownResult.reset();
    const QString shownDir = QDir::toNativeSeparators(dir);
    appendLog([shownDir] { return tr("Resuming %1").arg(shownDir); });
    updateButtons();
    return true;
}

void TrainWorkspace::setPaused(bool paused) {
    m_session->setPaused(paused);
}

void TrainWorkspace::stopTraining() {
    if (!m_session->isRunning())
        return;
    appendLog([] { return tr("Stopping after the current iteration…"); });
    m_session->setPaused(false);
    m_session->stop();
    m_stopButton->setEnabled(false);
}

void TrainWorkspace::openRun(const QString& dir) {
    RunInfo info;
    if (!readRunInfo(dir, &info))
        return;
    if (!info.problem.isEmpty()) {
        const QString shownDir = QDir::toNativeSeparators(dir);
        const QString problem = info.problem;
        appendLog([shownDir, problem] {
            return tr("Cannot read the run %1: %2").arg(shownDir, problem);
        });
        return;
    }
    setConfig(info.config);
    if (!m_session->isRunning()) {
        readCurvesThen(dir, true, [this, dir, kd = info.isKd()](const RunCurves& curves) {
            if (m_session->isRunning()) // a run started meanwhile draws its own
                return;
            m_charts->setCurves(curves, kd);
            emit runCurvesShown(dir);
        });
        pipeline::TrainingResult result;
        result.status = info.status.value_or(pipeline::TrainingStatus::Failed);
        result.bestMae = info.bestMae;
        result.bestRmse = info.bestRmse;
        result.bestEpoch = info.bestEpoch;
        result.weightsMegabytes = info.weightsMegabytes;
        result.wallSeconds = info.wallSeconds;
        result.epochsDone = info.epochsDone;
        result.runDirectory = toPath(dir);
        showResults(result);
        // In 64 bits: the figures come from the run's files.
        m_progress->setValue(
            info.config.epochs > 0
                ? static_cast<int>(std::clamp<std::int64_t>(
                      std::int64_t{1000} * info.epochsDone / info.config.epochs, 0, 1000))
                : 0);
        setProgressEpoch(info.epochsDone, info.config.epochs);
        const QString shownDir = QDir::toNativeSeparators(dir);
        setStatus([shownDir] { return tr("Showing %1").arg(shownDir); });
    }
}

void TrainWorkspace::readCurvesThen(const QString& dir, bool latest,
                                    std::function<void(const RunCurves&)> show) {
    const int request = latest ? ++m_curvesRequest : 0;
    auto* watcher = new QFutureWatcher<RunCurves>(this);
    connect(watcher, &QFutureWatcher<RunCurves>::finished, this,
            [this, watcher, latest, request, show = std::move(show)] {
                watcher->deleteLater();
                if (!latest || request == m_curvesRequest)
                    show(watcher->result());
            });
    watcher->setFuture(QtConcurrent::run([dir] { return readRunCurves(dir); }));
}

void TrainWorkspace::showResumedCurves(const RunCurves& curves) {
    m_charts->setCurves(curves, m_kdRun);
    m_bestMae = -1;
    for (double mae : curves.mae)
        m_bestMae = m_bestMae < 0 ? mae : std::min(m_bestMae, mae);
}

void TrainWorkspace::onStarted(const pipeline::TrainingStarted& event) {
    m_resuming = false; // its curves came just before (resumedCurves)
    const auto parameters = static_cast<int>(
        std::min<std::int64_t>(event.parameterCount, std::numeric_limits<int>::max()));
    if (event.unlabeledImages > 0) {
        const int unlabeled = event.unlabeledImages;
        appendLog([unlabeled] {
            return tr("Learning from %n unlabeled image(s) through the teacher alone.", nullptr,
                      unlabeled);
        });
    }
    appendLog([event, parameters] {
        return tr("Started: %1, %2, %3, on %4; epochs %5 to %6")
            .arg(tr("%n training image(s)", nullptr, event.trainImages),
                 tr("%n validation image(s)", nullptr, event.validationImages),
                 tr("%Ln parameter(s)", nullptr, parameters), QString::fromStdString(event.device))
            .arg(event.firstEpoch + 1)
            .arg(event.epochs);
    });
    setStatus([] { return tr("Training…"); });
}

void TrainWorkspace::onIteration(const pipeline::IterationProgress& event) {
    m_charts->addIteration(event, m_kdRun);
    if (event.totalIterations > 0)
        m_progress->setValue(static_cast<int>(1000 * event.iteration / event.totalIterations));
    setStatus([event] {
        const QLocale locale;
        return tr("Epoch %1/%2 · iteration %3/%4 · %5 samples/s · elapsed %6 · ETA %7 · loss %8")
            .arg(event.epoch + 1)
            .arg(event.epochs)
            .arg(event.batchInEpoch)
            .arg(event.iterationsPerEpoch)
            .arg(locale.toString(event.samplesPerSecond, 'f', 1))
            .arg(formatDuration(event.elapsedSeconds))
            .arg(formatDuration(event.etaSeconds))
            .arg(locale.toString(event.loss, 'g', 4));
    });
    setProgressEpoch(event.epoch + 1, event.epochs);
}

void TrainWorkspace::showStatus() {
    // The engine stops between two steps: while it waits no event comes, so the pause is said here.
    const QString status = m_statusText ? m_statusText() : QString();
    m_statusLabel->setText(m_session->isPaused() ? tr("Paused — %1").arg(status) : status);
}

void TrainWorkspace::onValidation(const pipeline::ValidationReport& event) {
    m_charts->addValidation(event);
    if (event.isBest)
        m_bestMae = event.mae;
    appendLog([event] {
        const QLocale locale;
        return tr("Epoch %1: validation MAE %2, RMSE %3 on %n image(s)%4", nullptr, event.images)
            .arg(event.epoch + 1)
            .arg(locale.toString(event.mae, 'f', 2))
            .arg(locale.toString(event.rmse, 'f', 2))
            .arg(event.isBest ? tr(" (best so far)") : QString());
    });
}

void TrainWorkspace::onFinished(const pipeline::TrainingResult& result) {
    m_resuming = false; // also when it ended before it started
    switch (result.status) {
    case pipeline::TrainingStatus::Finished:
        appendLog([] { return tr("Training finished."); });
        m_progress->setValue(m_progress->maximum());
        break;
    case pipeline::TrainingStatus::Cancelled:
        appendLog([] { return tr("Training stopped; resume it from the list of past runs."); });
        break;
    case pipeline::TrainingStatus::Failed:
        appendLog([message = QString::fromStdString(result.message)] {
            return tr("Training failed: %1").arg(message);
        });
        break;
    }
    const bool failed = result.status == pipeline::TrainingStatus::Failed;
    setStatus([failed] { return failed ? tr("Failed.") : tr("Ready."); });
    showResults(result);
    refreshRuns();
    updateButtons();
}

void TrainWorkspace::showResults(const pipeline::TrainingResult& result) {
    m_shownResult = result;
    renderResults();
}

void TrainWorkspace::renderResults() {
    if (!m_shownResult)
        return;
    const pipeline::TrainingResult& result = *m_shownResult;
    const QLocale locale;
    const QString status = result.status == pipeline::TrainingStatus::Finished ? tr("Finished")
                           : result.status == pipeline::TrainingStatus::Cancelled
                               ? tr("Stopped (resumable)")
                               : tr("Failed");
    auto figure = [&](double value) {
        return value >= 0 ? locale.toString(value, 'f', 2) : QStringLiteral("–");
    };
    m_resultsCard->setText(
        tr("<b>%1</b> — best validation MAE <b>%2</b>, RMSE <b>%3</b> (epoch %4) · weights %5 MB · "
           "%n epoch(s) in %6",
           nullptr, result.epochsDone)
            .arg(status, figure(result.bestMae), figure(result.bestRmse))
            .arg(result.bestEpoch > 0 ? QString::number(result.bestEpoch) : QStringLiteral("–"))
            .arg(locale.toString(result.weightsMegabytes, 'f', 2))
            .arg(formatDuration(result.wallSeconds)));
    m_resultsCard->show();
}

// The workspace bar's texts are translated in the shell's context, with the other workspaces'.
QString TrainWorkspace::title() const {
    return QCoreApplication::translate("crowdkd::ui::MainWindow", "Train");
}

QString TrainWorkspace::description() const {
    return QCoreApplication::translate("crowdkd::ui::MainWindow",
                                       "Train the teacher, distill the student, run the α sweep");
}

QIcon TrainWorkspace::icon() const {
    return QIcon(QStringLiteral(":/icons/train.svg"));
}

QKeySequence TrainWorkspace::shortcut() const {
    return QKeySequence(Qt::ALT | Qt::Key_3);
}

bool TrainWorkspace::canClose() {
    if (!maybeStopTraining())
        return false;
    if (!m_experiment->isRunning())
        return true;
    if (!askToStop(tr("α sweep is running"),
                   tr("An α sweep is going. Stop it? Its finished runs are kept, and running the "
                      "experiment again continues the interrupted one.")))
        return false;
    m_experiment->stopExperiment();
    waitUntilStopped(this, m_experiment->session(),
                     tr("Stopping the α sweep after its current step…"));
    return true;
}

bool TrainWorkspace::maybeStopTraining() {
    if (!m_session->isRunning())
        return true;
    if (!askToStop(tr("Training is running"),
                   tr("A training run is going. Stop it? Its last checkpoint is kept, so it can be "
                      "resumed later from the list of past runs.")))
        return false;
    stopTraining();
    waitUntilStopped(this, m_session, tr("Stopping the training and saving its last checkpoint…"));
    return true;
}

bool TrainWorkspace::askToStop(const QString& title, const QString& question) {
    QMessageBox box(QMessageBox::Question, title, question, QMessageBox::Yes | QMessageBox::No,
                    this);
    box.setObjectName(QStringLiteral("askToStopBox"));
    box.setDefaultButton(QMessageBox::No);
    return box.exec() == QMessageBox::Yes;
}

void TrainWorkspace::chooseFolder(QLineEdit* edit, const QString& title) {
    const QString dir = QFileDialog::getExistingDirectory(this, title, edit->text());
    if (!dir.isEmpty())
        edit->setText(QDir::toNativeSeparators(dir));
}

void TrainWorkspace::chooseTeacher() {
    const QString file = QFileDialog::getOpenFileName(
        this, tr("Teacher model"), QFileInfo(m_teacher->text()).absolutePath(),
        tr("Models (*.pth *.pt *.tar);;All files (*)"));
    if (!file.isEmpty())
        m_teacher->setText(QDir::toNativeSeparators(file));
}

void TrainWorkspace::addUnlabeledFolder() {
    const QStringList folders =
        m_unlabeled->text().split(QDir::listSeparator(), Qt::SkipEmptyParts);
    const QString dir = QFileDialog::getExistingDirectory(
        this, tr("Folder of unlabeled images"), folders.isEmpty() ? QString() : folders.last());
    if (dir.isEmpty())
        return;
    const QString shown = QDir::toNativeSeparators(dir);
    if (!folders.contains(shown))
        m_unlabeled->setText((folders + QStringList{shown}).join(QDir::listSeparator()));
    m_preset->setCurrentIndex(PresetCustom);
}

void TrainWorkspace::chooseBackbone() {
    const QString file = QFileDialog::getOpenFileName(
        this, tr("Backbone weights"), QFileInfo(m_backbone->text()).absolutePath(),
        tr("PyTorch weights (*.pth *.pt);;All files (*)"));
    if (!file.isEmpty()) {
        m_backbone->setText(QDir::toNativeSeparators(file));
        m_preset->setCurrentIndex(PresetCustom);
    }
}

void TrainWorkspace::saveCharts() {
    const QString file = QFileDialog::getSaveFileName(
        this, tr("Save charts"), QDir(m_runsRoot).filePath(QStringLiteral("charts.png")),
        tr("PNG image (*.png);;PDF document (*.pdf)"));
    if (file.isEmpty())
        return;
    QString reason;
    if (!m_charts->saveImage(file, &reason))
        QMessageBox::warning(
            this, tr("Save charts"),
            tr("The charts could not be saved to %1.").arg(QDir::toNativeSeparators(file)) +
                (reason.isEmpty() ? QString() : QLatin1Char('\n') + reason));
}

} // namespace crowdkd::ui
