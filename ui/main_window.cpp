#include "main_window.h"

#include "annotate_workspace.h"
#include "annotation_canvas.h"
#include "annotation_document.h"
#include "base/version.h"
#include "compare_workspace.h"
#include "count_workspace.h"
#include "dataset_filter_model.h"
#include "dataset_model.h"
#include "dataset_session.h"
#include "dataset_workspace.h"
#include "export_dialog.h"
#include "language.h"
#include "preferences_dialog.h"
#include "studio_support.h"
#include "train_workspace.h"
#include "versions.h"
#include "welcome_page.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QImageReader>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolBar>

namespace crowdkd::ui {

namespace {

/// How many recent datasets the File menu and the welcome page list.
constexpr int kMaxRecent = 8;

/// Command-line names of the workspaces, in the order of MainWindow::Workspace.
const char* const kWorkspaceNames[] = {"dataset", "annotate", "train", "compare", "count"};

bool isImageFile(const QString& path) {
    const QByteArray suffix = QFileInfo(path).suffix().toLower().toLatin1();
    return QImageReader::supportedImageFormats().contains(suffix);
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_session(new DatasetSession(this))
    , m_stack(new QStackedWidget(this)) {
    setObjectName(QStringLiteral("mainWindow"));
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
        addRecent(root);
        updateStatus();
    });
    connect(m_session, &DatasetSession::openFailed, this,
            [this](const QString& root, const QString& message) {
                QMessageBox::warning(this, tr("Cannot Open Dataset"),
                                     tr("%1 could not be opened as a dataset:\n%2")
                                         .arg(QDir::toNativeSeparators(root), message));
            });
    connect(m_session, &DatasetSession::loadingProgress, this, [this](int done, int total) {
        m_progress->setRange(0, total);
        m_progress->setValue(done);
        m_progress->setVisible(done < total);
    });
    connect(m_annotateWorkspace, &AnnotateWorkspace::statusChanged, this,
            &MainWindow::updateStatus);
    connect(m_datasetWorkspace, &DatasetWorkspace::imageActivated, this, [this](int row) {
        if (m_annotateWorkspace->openSample(row))
            setWorkspace(Workspace::Annotate);
    });
    WelcomePage* welcome = m_datasetWorkspace->welcomePage();
    connect(welcome, &WelcomePage::openDatasetRequested, this, &MainWindow::chooseDataset);
    connect(welcome, &WelcomePage::openSampleRequested, this, &MainWindow::openSampleDataset);
    connect(welcome, &WelcomePage::openRecentRequested, this, &MainWindow::openDataset);
    welcome->setSampleAvailable(!sampleDatasetPath().isEmpty());
    updateStatus();
}

MainWindow::~MainWindow() = default;

void MainWindow::createWorkspaces() {
    m_datasetWorkspace = new DatasetWorkspace(m_session, this);
    m_annotateWorkspace = new AnnotateWorkspace(m_session, m_datasetWorkspace->filterModel(), this);
    m_trainWorkspace = new TrainWorkspace(m_session, this);
    m_compareWorkspace = new CompareWorkspace(m_session, this);
    m_compareWorkspace->setRunsRoot(m_trainWorkspace->runsRoot());
    m_countWorkspace = new CountWorkspace(this);
    connect(m_trainWorkspace, &TrainWorkspace::countWithModelRequested, this,
            [this](const QString& checkpoint) {
                m_countWorkspace->setModel(checkpoint);
                setWorkspace(Workspace::Count);
            });
    connect(m_trainWorkspace, &TrainWorkspace::compareRunRequested, this,
            [this](const QString& runDir) {
                if (m_compareWorkspace->addRun(runDir))
                    setWorkspace(Workspace::Compare);
            });
    connect(m_compareWorkspace, &CompareWorkspace::exportRequested, this,
            &MainWindow::showExportDialog);
    connect(m_compareWorkspace, &CompareWorkspace::openSampleRequested, this,
            &MainWindow::openSampleDataset);
    connect(m_countWorkspace, &CountWorkspace::openDatasetRequested, this,
            [this](const QString& root) {
                openDataset(root);
                setWorkspace(Workspace::Dataset);
            });
    for (QWidget* page :
         std::initializer_list<QWidget*>{m_datasetWorkspace, m_annotateWorkspace, m_trainWorkspace,
                                         m_compareWorkspace, m_countWorkspace})
        m_stack->addWidget(page);
}

void MainWindow::createActions() {
    m_workspaceGroup = new QActionGroup(this);
    const char* icons[] = {"dataset", "annotate", "train", "compare", "count"};
    for (int i = 0; i < 5; ++i) {
        auto* action =
            new QAction(QIcon(QStringLiteral(":/icons/%1.svg").arg(QLatin1String(icons[i]))), {},
                        m_workspaceGroup);
        action->setCheckable(true);
        action->setShortcut(QKeySequence(Qt::ALT | static_cast<Qt::Key>(Qt::Key_1 + i)));
        action->setData(i);
        connect(action, &QAction::triggered, this,
                [this, i] { setWorkspace(static_cast<Workspace>(i)); });
        m_workspaceActions.append(action);
    }
    m_workspaceActions.front()->setChecked(true);

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
        if (m_annotateWorkspace->maybeSave()) {
            m_session->close();
            setWorkspace(Workspace::Dataset);
        }
    });
    m_preferencesAction = new QAction(QIcon(QStringLiteral(":/icons/settings.svg")), {}, this);
    m_preferencesAction->setShortcut(QKeySequence::Preferences);
    m_preferencesAction->setMenuRole(QAction::PreferencesRole);
    connect(m_preferencesAction, &QAction::triggered, this, &MainWindow::showPreferences);
    m_exportModelAction = new QAction(this);
    connect(m_exportModelAction, &QAction::triggered, this,
            [this] { showExportDialog(m_countWorkspace->modelPath()); });
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
    AnnotateWorkspace* a = m_annotateWorkspace;
    m_fileMenu = menuBar()->addMenu(QString());
    m_fileMenu->addAction(m_openDatasetAction);
    m_recentMenu = m_fileMenu->addMenu(QString());
    m_fileMenu->addAction(m_openSampleAction);
    m_fileMenu->addAction(m_openImageAction);
    m_fileMenu->addAction(m_closeDatasetAction);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(a->saveAction());
    m_fileMenu->addAction(a->saveAsAction());
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_exportModelAction);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_preferencesAction);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_quitAction);

    m_editMenu = menuBar()->addMenu(QString());
    m_editMenu->addAction(a->undoAction());
    m_editMenu->addAction(a->redoAction());
    m_editMenu->addSeparator();
    m_editMenu->addAction(a->selectAllAction());
    m_editMenu->addAction(a->deleteAction());

    m_viewMenu = menuBar()->addMenu(QString());
    m_viewMenu->addAction(a->zoomInAction());
    m_viewMenu->addAction(a->zoomOutAction());
    m_viewMenu->addAction(a->fitAction());
    m_viewMenu->addAction(a->actualSizeAction());
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(a->overlayAction());

    m_goMenu = menuBar()->addMenu(QString());
    m_goMenu->addAction(a->previousAction());
    m_goMenu->addAction(a->nextAction());

    m_workspaceMenu = menuBar()->addMenu(QString());
    m_workspaceMenu->addActions(m_workspaceActions);

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
    m_workspaceBar->addActions(m_workspaceActions);
    addToolBar(Qt::LeftToolBarArea, m_workspaceBar);

    AnnotateWorkspace* a = m_annotateWorkspace;
    m_mainToolBar = new QToolBar(this);
    m_mainToolBar->setObjectName(QStringLiteral("mainToolBar"));
    m_mainToolBar->setIconSize(QSize(20, 20));
    m_mainToolBar->addAction(m_openDatasetAction);
    m_mainToolBar->addAction(a->saveAction());
    m_mainToolBar->addSeparator();
    m_mainToolBar->addAction(a->undoAction());
    m_mainToolBar->addAction(a->redoAction());
    m_mainToolBar->addSeparator();
    m_mainToolBar->addAction(a->previousAction());
    m_mainToolBar->addAction(a->nextAction());
    m_mainToolBar->addSeparator();
    m_mainToolBar->addAction(a->zoomInAction());
    m_mainToolBar->addAction(a->zoomOutAction());
    m_mainToolBar->addAction(a->fitAction());
    m_mainToolBar->addAction(a->actualSizeAction());
    m_mainToolBar->addAction(a->overlayAction());
    m_mainToolBar->addSeparator();
    m_mainToolBar->addAction(a->selectAllAction());
    m_mainToolBar->addAction(a->deleteAction());
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
    statusBar()->addWidget(m_imageLabel, 1);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_countLabel);
    statusBar()->addPermanentWidget(m_zoomLabel);
    statusBar()->addPermanentWidget(m_modifiedLabel);
}

void MainWindow::retranslateUi() {
    const QStringList names = {tr("Dataset"), tr("Annotate"), tr("Train"), tr("Compare"),
                               tr("Count")};
    const QStringList tips = {
        tr("Browse the dataset: splits, images, head counts, statistics, problems"),
        tr("Annotate head positions on one image"),
        tr("Train the teacher, distill the student, run the α sweep"),
        tr("Compare the teacher, the student and the KD student on a split"),
        tr("Count people in images with a trained model")};
    for (int i = 0; i < m_workspaceActions.size(); ++i) {
        m_workspaceActions[i]->setText(names[i]);
        m_workspaceActions[i]->setToolTip(QStringLiteral("%1 (%2)").arg(
            tips[i], m_workspaceActions[i]->shortcut().toString(QKeySequence::NativeText)));
    }
    m_openDatasetAction->setText(tr("&Open Dataset…"));
    m_openDatasetAction->setToolTip(tr("Open a dataset folder (Ctrl+O)"));
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

bool MainWindow::workspaceFromName(const QString& name, Workspace* workspace) {
    for (int i = 0; i < 5; ++i) {
        if (name.compare(QLatin1String(kWorkspaceNames[i]), Qt::CaseInsensitive) == 0) {
            *workspace = static_cast<Workspace>(i);
            return true;
        }
    }
    return false;
}

void MainWindow::setWorkspace(Workspace workspace) {
    const int index = static_cast<int>(workspace);
    m_stack->setCurrentIndex(index);
    m_workspaceActions[index]->setChecked(true);
    if (workspace == Workspace::Annotate)
        m_annotateWorkspace->canvas()->setFocus();
    updateStatus();
}

MainWindow::Workspace MainWindow::workspace() const {
    return static_cast<Workspace>(m_stack->currentIndex());
}

void MainWindow::updateStatus() {
    const AnnotationDocument* document = m_annotateWorkspace->document();
    const QLocale locale;
    if (!document->isEmpty()) {
        m_imageLabel->setText(QDir::toNativeSeparators(document->imagePath()));
        m_countLabel->setText(tr("%n head(s)", nullptr, document->count()));
        m_zoomLabel->setText(
            tr("Zoom %1%")
                .arg(locale.toString(m_annotateWorkspace->canvas()->zoom() * 100.0, 'f', 0)));
        m_modifiedLabel->setText(document->isModified() ? tr("● Modified") : tr("Saved"));
        setWindowTitle(tr("%1[*] — CrowdKD Studio").arg(document->displayName()));
    } else {
        m_imageLabel->setText(m_session->isOpen() ? QDir::toNativeSeparators(m_session->root())
                                                  : tr("No dataset open"));
        m_countLabel->clear();
        m_zoomLabel->clear();
        m_modifiedLabel->clear();
        setWindowTitle(tr("CrowdKD Studio"));
    }
    setWindowModified(document->isModified());
    m_closeDatasetAction->setEnabled(m_session->isOpen());
}

void MainWindow::openDataset(const QString& root) {
    if (!m_annotateWorkspace->maybeSave())
        return;
    m_annotateWorkspace->document()->clear();
    statusBar()->showMessage(tr("Opening %1…").arg(QDir::toNativeSeparators(root)), 3000);
    m_session->open(QDir::cleanPath(QFileInfo(root).absoluteFilePath()));
    setWorkspace(Workspace::Dataset);
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
    if (workspace() == Workspace::Count) {
        m_countWorkspace->addPaths(paths);
        return;
    }
    QString image;
    for (const QString& path : paths) {
        const QFileInfo info(path);
        if (info.isDir())
            openDataset(info.absoluteFilePath());
        else if (info.isFile() && isImageFile(path))
            image = info.absoluteFilePath();
        else
            QMessageBox::warning(this, tr("Cannot Open"),
                                 tr("%1 is neither a dataset folder nor an image.")
                                     .arg(QDir::toNativeSeparators(path)));
    }
    if (!image.isEmpty() && m_annotateWorkspace->openImage(image, groundTruthPathForImage(image)))
        setWorkspace(Workspace::Annotate);
}

void MainWindow::offerRecovery() {
    m_annotateWorkspace->offerRecovery();
    if (!m_annotateWorkspace->document()->isEmpty())
        setWorkspace(Workspace::Annotate);
}

void MainWindow::chooseDataset() {
    QSettings settings;
    const QString start = settings
                              .value(QStringLiteral("lastDatasetFolder"),
                                     m_recent.isEmpty() ? QDir::homePath() : m_recent.front())
                              .toString();
    const QString root = QFileDialog::getExistingDirectory(this, tr("Open Dataset"), start);
    if (root.isEmpty())
        return;
    settings.setValue(QStringLiteral("lastDatasetFolder"), root);
    openDataset(root);
}

void MainWindow::chooseImage() {
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open Image"), QDir::homePath(),
                                     tr("Images (*.jpg *.jpeg *.png *.bmp *.tif *.tiff)"));
    if (!path.isEmpty())
        openPaths({path});
}

void MainWindow::addRecent(const QString& root) {
    m_recent.removeAll(root);
    m_recent.prepend(root);
    while (m_recent.size() > kMaxRecent)
        m_recent.removeLast();
    QSettings().setValue(QStringLiteral("recentDatasets"), m_recent);
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
            QSettings().setValue(QStringLiteral("recentDatasets"), m_recent);
            updateRecentMenu();
        });
    }
    m_recentMenu->setEnabled(!m_recent.isEmpty());
    m_datasetWorkspace->welcomePage()->setRecentDatasets(m_recent);
}

void MainWindow::readSettings() {
    QSettings settings;
    m_recent = settings.value(QStringLiteral("recentDatasets")).toStringList();
    updateRecentMenu();
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1400, 880);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
}

void MainWindow::writeSettings() const {
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/workspace"), kWorkspaceNames[m_stack->currentIndex()]);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!m_trainWorkspace->maybeStopTraining() || !m_annotateWorkspace->maybeSave()) {
        event->ignore();
        return;
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
    PreferencesDialog dialog(this);
    dialog.setAutosaveSeconds(m_annotateWorkspace->autosaveInterval());
    dialog.setSaveOnSwitch(m_annotateWorkspace->saveOnSwitch());
    dialog.setLanguage(currentLanguage());
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_annotateWorkspace->setAutosaveInterval(dialog.autosaveSeconds());
    m_annotateWorkspace->setSaveOnSwitch(dialog.saveOnSwitch());
    QSettings settings;
    settings.setValue(QStringLiteral("annotate/autosaveSeconds"), dialog.autosaveSeconds());
    settings.setValue(QStringLiteral("annotate/saveOnSwitch"), dialog.saveOnSwitch());
    if (dialog.language() != currentLanguage())
        switchLanguage(dialog.language());
}

void MainWindow::switchLanguage(const QString& code) {
    if (setLanguage(code))
        QSettings().setValue(QStringLiteral("language"), code);
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
