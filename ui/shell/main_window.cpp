#include "shell/main_window.h"

#include "annotate/annotate_workspace.h"
#include "annotate/annotation_document.h"
#include "base/version.h"
#include "common/settings_keys.h"
#include "common/studio_support.h"
#include "compare/compare_workspace.h"
#include "count/count_workspace.h"
#include "data/density_cache.h"
#include "dataset/dataset_model.h"
#include "dataset/dataset_session.h"
#include "dataset/dataset_workspace.h"
#include "export_model/export_dialog.h"
#include "shell/language.h"
#include "shell/preferences_dialog.h"
#include "shell/versions.h"
#include "shell/welcome_page.h"
#include "shell/workspace_registry.h"
#include "train/train_workspace.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QScreen>
#include <QStackedWidget>
#include <QStatusBar>
#include <QThreadPool>
#include <QToolBar>

#include <algorithm>
#include <utility>

namespace crowdkd::ui {

namespace {

/// How many recent datasets the File menu and the welcome page list.
constexpr int kMaxRecent = 8;
/// The window's size on first start when the screen has room for it (else the screen's size).
constexpr QSize kPreferredSize(1400, 880);

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_session(new DatasetSession(this))
    , m_stack(new QStackedWidget(this)) {
    setObjectName(QStringLiteral("mainWindow"));
    // The caches keep to their budgets; off the GUI thread, as a large cache takes a while.
    QThreadPool::globalInstance()->start([thumbnails = toPath(DatasetModel::thumbnailFolder())] {
        pruneCache(defaultCacheDir(), cacheBudgetBytes());
        pruneCache(thumbnails, DatasetModel::kThumbnailCacheBytes);
    });
    setWindowIcon(QIcon(QStringLiteral(":/icons/crowdkd.svg")));
    setAcceptDrops(true);
    setCentralWidget(m_stack);
    createWorkspaces();
    createActions();
    createMenus();
    createToolBars();
    createStatusBar();
    retranslateUi();
    readSettings();

    connect(m_session, &DatasetSession::opened, this, [this](const QString& root) {
        if (root != std::exchange(m_imageFolder, QString()))
            addRecent(root);
        statusBar()->clearMessage(); // "Opening …" is over
        updateStatus();
    });
    connect(m_session, &DatasetSession::openFailed, this,
            [this](const QString& root, const QString& message) {
                if (root == std::exchange(m_imageFolder, QString())) {
                    // The folder of an image opened alone: the image stays, without neighbours.
                    statusBar()->showMessage(tr("The other images of %1 could not be listed: %2")
                                                 .arg(QDir::toNativeSeparators(root), message),
                                             8000);
                    return;
                }
                QMessageBox::warning(this, tr("Cannot Open Dataset"),
                                     tr("%1 could not be opened as a dataset:\n%2")
                                         .arg(QDir::toNativeSeparators(root), message));
            });
    connect(m_session, &DatasetSession::loadingProgress, this, [this](int done, int total) {
        m_progress->setRange(0, total);
        m_progress->setValue(done);
        m_progress->setVisible(done < total);
    });
    for (const Entry& entry : std::as_const(m_workspaces))
        connect(entry.workspace, &Workspace::statusChanged, this, &MainWindow::updateStatus);
    updateStatus();
}

MainWindow::~MainWindow() {
    // The workspaces are deleted with the window's children, one after the other: none may report
    // to the window (updateStatus() asks every workspace) while the others are being deleted.
    for (const Entry& entry : std::as_const(m_workspaces))
        disconnect(entry.workspace, nullptr, this, nullptr);
}

void MainWindow::createWorkspaces() {
    WorkspaceContext context;
    context.session = m_session;
    context.parent = this;
    for (const WorkspaceRegistration& registration : workspaceRegistrations()) {
        Workspace* workspace = registration.create(context);
        Q_ASSERT(workspace->id() == registration.id);
        context.built.append(workspace);
        m_workspaces.append({workspace, nullptr});
        m_stack->addWidget(workspace);
    }
    connectWorkspaces();
}

void MainWindow::connectWorkspaces() {
    auto* dataset = workspace<DatasetWorkspace>();
    auto* annotate = workspace<AnnotateWorkspace>();
    auto* train = workspace<TrainWorkspace>();
    auto* compare = workspace<CompareWorkspace>();
    auto* count = workspace<CountWorkspace>();

    // The Dataset workspace shows the welcome page while no dataset is open.
    m_welcome = new WelcomePage(dataset);
    m_welcome->setSampleAvailable(!sampleDatasetPath().isEmpty());
    dataset->setStartPage(m_welcome);
    connect(m_welcome, &WelcomePage::openDatasetRequested, this, &MainWindow::chooseDataset);
    connect(m_welcome, &WelcomePage::openSampleRequested, this, &MainWindow::openSampleDataset);
    connect(m_welcome, &WelcomePage::openRecentRequested, this, &MainWindow::openDataset);
    connect(dataset, &DatasetWorkspace::imageActivated, this, [this, annotate](int row) {
        if (annotate->openSample(row)) // shown at once: Annotate says it is opening the image
            showWorkspace(annotate);
    });
    connect(annotate, &AnnotateWorkspace::imageOpened, this, [this](const QString& image) {
        if (std::exchange(m_imageToList, QString()) == image)
            listImageFolder(image);
    });
    connect(annotate, &AnnotateWorkspace::openFailed, this, [this] { m_imageToList.clear(); });

    compare->setRunsRoot(train->runsRoot());
    connect(train, &TrainWorkspace::countWithModelRequested, this,
            [this, count](const QString& checkpoint) {
                count->setModel(checkpoint);
                showWorkspace(count);
            });
    connect(train, &TrainWorkspace::compareRunRequested, this,
            [this, compare](const QString& runDir) {
                if (compare->addRun(runDir))
                    showWorkspace(compare);
            });
    connect(compare, &CompareWorkspace::exportRequested, this, &MainWindow::showExportDialog);
    connect(compare, &CompareWorkspace::openSampleRequested, this, &MainWindow::openSampleDataset);
    connect(count, &CountWorkspace::openDatasetRequested, this,
            [this, dataset](const QString& root) {
                openDataset(root);
                showWorkspace(dataset);
            });
}

QList<Workspace*> MainWindow::workspaces() const {
    QList<Workspace*> workspaces;
    for (const Entry& entry : m_workspaces)
        workspaces << entry.workspace;
    return workspaces;
}

void MainWindow::createActions() {
    m_workspaceGroup = new QActionGroup(this);
    for (Entry& entry : m_workspaces) {
        Workspace* workspace = entry.workspace;
        entry.action = new QAction(workspace->icon(), {}, m_workspaceGroup);
        entry.action->setCheckable(true);
        entry.action->setShortcut(workspace->shortcut());
        connect(entry.action, &QAction::triggered, this,
                [this, workspace] { showWorkspace(workspace); });
    }
    m_workspaces.front().action->setChecked(true);

    m_openDatasetAction = new QAction(QIcon(QStringLiteral(":/icons/open.svg")), {}, this);
    m_openDatasetAction->setShortcut(QKeySequence::Open);
    connect(m_openDatasetAction, &QAction::triggered, this, &MainWindow::chooseDataset);
    m_openImageAction = new QAction(this);
    m_openImageAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    connect(m_openImageAction, &QAction::triggered, this, &MainWindow::chooseImage);
    m_openSampleAction = new QAction(QIcon(QStringLiteral(":/icons/dataset.svg")), {}, this);
    connect(m_openSampleAction, &QAction::triggered, this, &MainWindow::openSampleDataset);
    m_closeDatasetAction = new QAction(this);
    connect(m_closeDatasetAction, &QAction::triggered, this, [this] {
        if (workspace<AnnotateWorkspace>()->maybeSave()) {
            m_session->close();
            showWorkspace(workspace<DatasetWorkspace>());
        }
    });
    m_preferencesAction = new QAction(QIcon(QStringLiteral(":/icons/settings.svg")), {}, this);
    m_preferencesAction->setShortcut(QKeySequence::Preferences);
    m_preferencesAction->setMenuRole(QAction::PreferencesRole);
    connect(m_preferencesAction, &QAction::triggered, this, &MainWindow::showPreferences);
    m_exportModelAction = new QAction(this);
    connect(m_exportModelAction, &QAction::triggered, this,
            [this] { showExportDialog(workspace<CountWorkspace>()->modelPath()); });
    m_quitAction = new QAction(this);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);
    m_aboutAction = new QAction(QIcon(QStringLiteral(":/icons/crowdkd.svg")), {}, this);
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
    m_aboutQtAction = new QAction(this);
    m_aboutQtAction->setMenuRole(QAction::AboutQtRole);
    connect(m_aboutQtAction, &QAction::triggered, qApp, &QApplication::aboutQt);

    m_languageGroup = new QActionGroup(this);
    for (const QString& code : availableLanguages()) {
        auto* action = new QAction(languageName(code), m_languageGroup);
        action->setCheckable(true);
        action->setData(code);
        action->setChecked(code == currentLanguage());
        connect(action, &QAction::triggered, this, [this, code] { switchLanguage(code); });
    }
}

void MainWindow::createMenus() {
    // What the workspaces contribute goes into the menus in workspace-bar order.
    const auto addContributed = [this](QMenu* menu, ActionPlace place) {
        for (const Entry& entry : std::as_const(m_workspaces)) {
            for (QAction* action : entry.workspace->contributedActions(place)) {
                if (action)
                    menu->addAction(action);
                else
                    menu->addSeparator();
            }
        }
    };
    m_fileMenu = menuBar()->addMenu(QString());
    m_fileMenu->addAction(m_openDatasetAction);
    m_recentMenu = m_fileMenu->addMenu(QString());
    m_fileMenu->addAction(m_openSampleAction);
    m_fileMenu->addAction(m_openImageAction);
    m_fileMenu->addAction(m_closeDatasetAction);
    m_fileMenu->addSeparator();
    addContributed(m_fileMenu, ActionPlace::FileMenu);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_exportModelAction);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_preferencesAction);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_quitAction);

    m_editMenu = menuBar()->addMenu(QString());
    addContributed(m_editMenu, ActionPlace::EditMenu);
    m_viewMenu = menuBar()->addMenu(QString());
    addContributed(m_viewMenu, ActionPlace::ViewMenu);
    m_goMenu = menuBar()->addMenu(QString());
    addContributed(m_goMenu, ActionPlace::GoMenu);

    m_workspaceMenu = menuBar()->addMenu(QString());
    m_workspaceMenu->addActions(m_workspaceGroup->actions());

    m_languageMenu = menuBar()->addMenu(QString());
    m_languageMenu->addActions(m_languageGroup->actions());

    m_helpMenu = menuBar()->addMenu(QString());
    m_helpMenu->addAction(m_aboutAction);
    m_helpMenu->addAction(m_aboutQtAction);
}

void MainWindow::createToolBars() {
    m_workspaceBar = new QToolBar(this);
    m_workspaceBar->setObjectName(QStringLiteral("workspaceBar"));
    m_workspaceBar->setMovable(false);
    m_workspaceBar->setIconSize(QSize(28, 28));
    m_workspaceBar->setToolButtonStyle(Qt::ToolButtonTextUnderIcon);
    m_workspaceBar->addActions(m_workspaceGroup->actions());
    addToolBar(Qt::LeftToolBarArea, m_workspaceBar);

    m_mainToolBar = new QToolBar(this);
    m_mainToolBar->setObjectName(QStringLiteral("mainToolBar"));
    m_mainToolBar->setIconSize(QSize(20, 20));
    m_mainToolBar->addAction(m_openDatasetAction);
    for (const Entry& entry : std::as_const(m_workspaces)) {
        for (QAction* action : entry.workspace->contributedActions(ActionPlace::ToolBar)) {
            if (action)
                m_mainToolBar->addAction(action);
            else
                m_mainToolBar->addSeparator();
        }
    }
    addToolBar(Qt::TopToolBarArea, m_mainToolBar);
}

void MainWindow::createStatusBar() {
    m_imageLabel = new QLabel(this);
    m_countLabel = new QLabel(this);
    m_zoomLabel = new QLabel(this);
    m_modifiedLabel = new QLabel(this);
    m_progress = new QProgressBar(this);
    m_progress->setMaximumWidth(180);
    m_progress->setMaximumHeight(16);
    m_progress->setVisible(false);
    m_imageLabel->setObjectName(QStringLiteral("statusImage"));
    m_countLabel->setObjectName(QStringLiteral("statusCount"));
    m_zoomLabel->setObjectName(QStringLiteral("statusZoom"));
    m_modifiedLabel->setObjectName(QStringLiteral("statusModified"));
    // A long path is cut at the window's edge (whole in the tooltip) instead of widening it.
    m_imageLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_imageLabel->setMinimumWidth(1);
    statusBar()->addWidget(m_imageLabel, 1);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_countLabel);
    statusBar()->addPermanentWidget(m_zoomLabel);
    statusBar()->addPermanentWidget(m_modifiedLabel);
}

void MainWindow::retranslateUi() {
    for (const Entry& entry : std::as_const(m_workspaces)) {
        entry.action->setText(entry.workspace->title());
        entry.action->setToolTip(
            withShortcuts(entry.workspace->description(), entry.action->shortcuts()));
    }
    m_openDatasetAction->setText(tr("&Open Dataset…"));
    m_openDatasetAction->setToolTip(
        withShortcuts(tr("Open a dataset folder"), m_openDatasetAction->shortcuts()));
    m_openImageAction->setText(tr("Open &Image…"));
    m_openSampleAction->setText(tr("Open &Sample Dataset"));
    m_closeDatasetAction->setText(tr("&Close Dataset"));
    m_preferencesAction->setText(tr("&Preferences…"));
    m_exportModelAction->setText(tr("&Export Model…"));
    m_quitAction->setText(tr("&Quit"));
    m_aboutAction->setText(tr("&About CrowdKD Studio"));
    m_aboutQtAction->setText(tr("About &Qt"));
    m_fileMenu->setTitle(tr("&File"));
    m_recentMenu->setTitle(tr("Open &Recent"));
    m_editMenu->setTitle(tr("&Edit"));
    m_viewMenu->setTitle(tr("&View"));
    m_goMenu->setTitle(tr("&Go"));
    m_workspaceMenu->setTitle(tr("&Workspace"));
    m_languageMenu->setTitle(tr("&Language"));
    m_helpMenu->setTitle(tr("&Help"));
    m_workspaceBar->setWindowTitle(tr("Workspaces"));
    m_mainToolBar->setWindowTitle(tr("Main Toolbar"));
    updateRecentMenu();
    updateStatus();
}

void MainWindow::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QMainWindow::changeEvent(event);
}

bool MainWindow::setWorkspace(const QString& id) {
    for (const Entry& entry : std::as_const(m_workspaces)) {
        if (entry.workspace->id().compare(id, Qt::CaseInsensitive) == 0) {
            showWorkspace(entry.workspace);
            return true;
        }
    }
    return false;
}

QString MainWindow::currentWorkspace() const {
    const auto* shown = static_cast<const Workspace*>(m_stack->currentWidget());
    return shown ? shown->id() : QString();
}

void MainWindow::showWorkspace(Workspace* workspace) {
    m_stack->setCurrentWidget(workspace);
    for (const Entry& entry : std::as_const(m_workspaces)) {
        if (entry.workspace == workspace)
            entry.action->setChecked(true);
    }
    workspace->activate();
    updateStatus();
}

void MainWindow::updateStatus() {
    // Only the workspace shown speaks for the window: Annotate's image is not Count's or Train's.
    const auto* shown = qobject_cast<const Workspace*>(m_stack->currentWidget());
    const std::optional<WorkspaceStatus> status =
        shown ? shown->status() : std::optional<WorkspaceStatus>();
    const QLocale locale;
    if (status) {
        m_imageLabel->setText(QDir::toNativeSeparators(status->documentPath));
        m_countLabel->setText(status->detail.isEmpty()
                                  ? tr("%n head(s)", nullptr, status->headCount)
                                  : tr("%n head(s)", nullptr, status->headCount) +
                                        QStringLiteral(" · ") + status->detail);
        m_zoomLabel->setText(tr("Zoom %1%").arg(locale.toString(status->zoom * 100.0, 'f', 0)));
        m_modifiedLabel->setText(status->modified ? tr("● Modified") : tr("Saved"));
        setWindowTitle(tr("%1[*] — CrowdKD Studio").arg(status->documentName));
    } else {
        m_imageLabel->setText(m_session->isOpen() ? QDir::toNativeSeparators(m_session->root())
                                                  : tr("No dataset open"));
        m_countLabel->clear();
        m_zoomLabel->clear();
        m_modifiedLabel->clear();
        setWindowTitle(tr("CrowdKD Studio"));
    }
    m_imageLabel->setToolTip(m_imageLabel->text());
    setWindowModified(status && status->modified);
    m_closeDatasetAction->setEnabled(m_session->isOpen());
}

void MainWindow::openDataset(const QString& root) {
    auto* annotate = workspace<AnnotateWorkspace>();
    if (!annotate->maybeSave())
        return;
    annotate->cancelOpening(); // an image of the dataset left is not shown after it
    m_imageToList.clear();
    annotate->document()->clear();
    statusBar()->showMessage(tr("Opening %1…").arg(QDir::toNativeSeparators(root)), 3000);
    m_session->open(QDir::cleanPath(QFileInfo(root).absoluteFilePath()));
    showWorkspace(workspace<DatasetWorkspace>());
}

bool MainWindow::openSampleDataset() {
    const QString sample = sampleDatasetPath();
    if (sample.isEmpty()) {
        QMessageBox::information(this, tr("No Sample Dataset"),
                                 tr("The sample dataset is not installed with this build."));
        return false;
    }
    openDataset(sample);
    return true;
}

void MainWindow::openPaths(const QStringList& paths) {
    auto* count = workspace<CountWorkspace>();
    if (m_stack->currentWidget() == count) {
        count->addPaths(paths);
        return;
    }
    QString image;
    for (const QString& path : paths) {
        const QFileInfo info(path);
        if (info.isDir())
            openDataset(info.absoluteFilePath());
        else if (info.isFile() && isImageFilePath(path))
            image = info.absoluteFilePath();
        else
            QMessageBox::warning(this, tr("Cannot Open"),
                                 tr("%1 is neither a dataset folder nor an image.")
                                     .arg(QDir::toNativeSeparators(path)));
    }
    auto* annotate = workspace<AnnotateWorkspace>();
    if (!image.isEmpty() && annotate->openImage(image, groundTruthPathForImage(image))) {
        showWorkspace(annotate);
        listImageFolderWhenOpen(image);
    }
}

void MainWindow::listImageFolderWhenOpen(const QString& image) {
    auto* annotate = workspace<AnnotateWorkspace>();
    if (annotate->isOpening() && annotate->openingImagePath() == image)
        m_imageToList = image; // listed when it opens (imageOpened)
    else if (annotate->document()->imagePath() == image)
        listImageFolder(image);
}

void MainWindow::listImageFolder(const QString& image) {
    // Already listed: show its split.
    if (const int split = m_session->splitOfImage(image); split >= 0) {
        m_session->setCurrentSplit(split);
        return;
    }
    // Core's layout rules find the split from the image's folder (images/ beside ground-truth/,
    // or images with their .mat files beside them).
    m_imageFolder = QFileInfo(image).absolutePath();
    m_session->open(m_imageFolder, image);
}

void MainWindow::offerRecovery() {
    auto* annotate = workspace<AnnotateWorkspace>();
    annotate->offerRecovery();
    if (annotate->isOpening()) {
        showWorkspace(annotate);
        listImageFolderWhenOpen(annotate->openingImagePath());
    }
}

void MainWindow::chooseDataset() {
    const QString start =
        settings::kLastDatasetFolder.read(m_recent.isEmpty() ? QDir::homePath() : m_recent.front());
    const QString root = QFileDialog::getExistingDirectory(this, tr("Open Dataset"), start);
    if (root.isEmpty())
        return;
    settings::kLastDatasetFolder.write(root);
    openDataset(root);
}

void MainWindow::chooseImage() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Image"), QDir::homePath(),
                                                      imageFileDialogFilter());
    if (!path.isEmpty())
        openPaths({path});
}

void MainWindow::addRecent(const QString& root) {
    m_recent.removeAll(root);
    m_recent.prepend(root);
    while (m_recent.size() > kMaxRecent)
        m_recent.removeLast();
    settings::kRecentDatasets.write(m_recent);
    updateRecentMenu();
}

void MainWindow::updateRecentMenu() {
    if (!m_recentMenu)
        return;
    m_recentMenu->clear();
    for (int i = 0; i < m_recent.size(); ++i) {
        const QString root = m_recent[i];
        QAction* action = m_recentMenu->addAction(
            QStringLiteral("&%1 %2").arg(i + 1).arg(QDir::toNativeSeparators(root)));
        connect(action, &QAction::triggered, this, [this, root] { openDataset(root); });
    }
    if (!m_recent.isEmpty()) {
        m_recentMenu->addSeparator();
        QAction* clear = m_recentMenu->addAction(tr("Clear Recent Datasets"));
        connect(clear, &QAction::triggered, this, [this] {
            m_recent.clear();
            settings::kRecentDatasets.write(m_recent);
            updateRecentMenu();
        });
    }
    m_recentMenu->setEnabled(!m_recent.isEmpty());
    m_welcome->setRecentDatasets(m_recent);
}

void MainWindow::readSettings() {
    m_recent = settings::kRecentDatasets.read();
    updateRecentMenu();
    const QRect available = screen()->availableGeometry();
    m_firstStart = !restoreGeometry(settings::kWindowGeometry.read());
    if (!m_firstStart) {
        // A geometry saved on a larger screen is clamped to this one.
        QRect frame = geometry();
        frame.setSize(frame.size().boundedTo(available.size()));
        frame.moveLeft(
            std::clamp(frame.left(), available.left(), available.right() - frame.width() + 1));
        frame.moveTop(
            std::clamp(frame.top(), available.top(), available.bottom() - frame.height() + 1));
        if (frame != geometry())
            setGeometry(frame);
    } else if (available.width() < kPreferredSize.width() ||
               available.height() < kPreferredSize.height()) {
        // Sized to the screen rather than maximised: a caller's resize() still applies.
        move(available.topLeft());
        resize(available.size());
    } else {
        resize(kPreferredSize);
    }
    restoreState(settings::kWindowState.read());
}

void MainWindow::showAsSaved() {
    if (m_firstStart) {
        // The whole screen also where no window manager maximises (a bare X server, a kiosk).
        setGeometry(screen()->availableGeometry());
        showMaximized();
    } else
        show();
}

void MainWindow::writeSettings() const {
    settings::kWindowGeometry.write(saveGeometry());
    settings::kWindowState.write(saveState());
    settings::kWindowWorkspace.write(currentWorkspace());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    // An export cannot be cut short, and closing would wait for it in a frozen window: the window
    // stays until it ends.
    for (ExportDialog* exporting : findChildren<ExportDialog*>()) {
        if (!exporting->isRunning())
            continue;
        exporting->raise();
        QMessageBox box(QMessageBox::Information, tr("Export Running"),
                        tr("A model is being exported. Close the window when the export has "
                           "finished."),
                        QMessageBox::Ok, this);
        box.setObjectName(QStringLiteral("exportRunningBox"));
        box.exec();
        event->ignore();
        return;
    }
    // Asked from the last workspace back to the first, since later ones work on what earlier ones
    // edit: a running training is settled before the annotation it may be reading is saved.
    for (auto entry = m_workspaces.crbegin(); entry != m_workspaces.crend(); ++entry) {
        if (!entry->workspace->canClose()) {
            event->ignore();
            return;
        }
    }
    writeSettings();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls()) {
        if (url.isLocalFile())
            paths.append(url.toLocalFile());
    }
    if (paths.isEmpty())
        return;
    event->acceptProposedAction();
    openPaths(paths);
}

void MainWindow::showPreferences() {
    auto* annotate = workspace<AnnotateWorkspace>();
    PreferencesDialog dialog(this);
    dialog.setAutosaveSeconds(annotate->autosaveInterval());
    dialog.setSaveOnSwitch(annotate->saveOnSwitch());
    dialog.setLanguage(currentLanguage());
    if (dialog.exec() != QDialog::Accepted)
        return;
    annotate->setAutosaveInterval(dialog.autosaveSeconds());
    annotate->setSaveOnSwitch(dialog.saveOnSwitch());
    settings::kAutosaveSeconds.write(dialog.autosaveSeconds());
    settings::kSaveOnSwitch.write(dialog.saveOnSwitch());
    if (dialog.language() != currentLanguage())
        switchLanguage(dialog.language());
}

void MainWindow::switchLanguage(const QString& code) {
    if (setLanguage(code))
        settings::kLanguage.write(code);
    for (QAction* action : m_languageGroup->actions())
        action->setChecked(action->data().toString() == currentLanguage());
}

void MainWindow::showAbout() {
    QMessageBox::about(
        this, tr("About CrowdKD Studio"),
        tr("<h3>CrowdKD Studio %1</h3>"
           "<p>Annotate crowd images, train an M-SFANet teacher, distill it into a tiny MCNN "
           "student and ship it.</p>"
           "<table><tr><td>Qt</td><td>%2 (built with %3)</td></tr>"
           "<tr><td>LibTorch</td><td>%4</td></tr>"
           "<tr><td>OpenCV</td><td>%5</td></tr></table>")
            .arg(QString::fromLatin1(kVersion), QString::fromLatin1(qVersion()),
                 QStringLiteral(QT_VERSION_STR), libTorchVersion(), openCvVersion()));
}

void MainWindow::showExportDialog(const QString& modelPath) {
    ExportDialog::showFor(modelPath, m_session->isOpen() ? m_session->root() : QString(), this);
}

} // namespace crowdkd::ui
