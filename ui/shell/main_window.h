#pragma once

#include <QMainWindow>
#include <QStringList>

class QAction;
class QActionGroup;
class QLabel;
class QMenu;
class QProgressBar;
class QStackedWidget;
class QToolBar;

namespace crowdkd::ui {

class AnnotateWorkspace;
class CountWorkspace;
class DatasetSession;
class DatasetWorkspace;
class CompareWorkspace;
class TrainWorkspace;

/// The studio's main window: a workspace bar (Dataset, Annotate, Train, Compare, Count), menus and
/// toolbar with standard shortcuts, a status bar (image, head count, zoom, unsaved state), recent
/// datasets, drag and drop of dataset folders and images, and window state kept in QSettings.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    enum class Workspace { Dataset, Annotate, Train, Compare, Count };

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Parses a command-line workspace name ("dataset", "annotate", …); false if unknown.
    static bool workspaceFromName(const QString& name, Workspace* workspace);

    void setWorkspace(Workspace workspace);
    Workspace workspace() const;

    /// Opens a dataset folder in the background (asks first about unsaved edits).
    void openDataset(const QString& root);
    /// Opens dataset folders and images given on the command line or dropped on the window (in the
    /// Count workspace: counts the images).
    void openPaths(const QStringList& paths);
    /// Opens the bundled sample dataset; false when it is not installed.
    bool openSampleDataset();

    /// Offers to recover autosaved edits of a session that crashed (call after show()).
    void offerRecovery();

    DatasetSession* session() const { return m_session; }
    DatasetWorkspace* datasetWorkspace() const { return m_datasetWorkspace; }
    AnnotateWorkspace* annotateWorkspace() const { return m_annotateWorkspace; }
    TrainWorkspace* trainWorkspace() const { return m_trainWorkspace; }
    CountWorkspace* countWorkspace() const { return m_countWorkspace; }
    CompareWorkspace* compareWorkspace() const { return m_compareWorkspace; }
    QStringList recentDatasets() const { return m_recent; }

protected:
    void closeEvent(QCloseEvent* event) override;
    void changeEvent(QEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createWorkspaces();
    void createActions();
    void createMenus();
    void createToolBars();
    void createStatusBar();
    void retranslateUi();
    void updateStatus();
    void updateRecentMenu();
    void addRecent(const QString& root);
    void readSettings();
    void writeSettings() const;
    void chooseDataset();
    void chooseImage();
    void showPreferences();
    void showAbout();
    void showExportDialog(const QString& modelPath);
    void switchLanguage(const QString& code);

    DatasetSession* m_session;
    QStackedWidget* m_stack;
    DatasetWorkspace* m_datasetWorkspace = nullptr;
    AnnotateWorkspace* m_annotateWorkspace = nullptr;
    TrainWorkspace* m_trainWorkspace = nullptr;
    CompareWorkspace* m_compareWorkspace = nullptr;
    CountWorkspace* m_countWorkspace = nullptr;

    QToolBar* m_workspaceBar = nullptr;
    QToolBar* m_mainToolBar = nullptr;
    QActionGroup* m_workspaceGroup = nullptr;
    QList<QAction*> m_workspaceActions;
    QAction* m_openDatasetAction = nullptr;
    QAction* m_openImageAction = nullptr;
    QAction* m_openSampleAction = nullptr;
    QAction* m_closeDatasetAction = nullptr;
    QAction* m_preferencesAction = nullptr;
    QAction* m_exportModelAction = nullptr;
    QAction* m_quitAction = nullptr;
    QAction* m_aboutAction = nullptr;
    QAction* m_aboutQtAction = nullptr;
    QActionGroup* m_languageGroup = nullptr;
    QMenu* m_fileMenu = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_editMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    QMenu* m_goMenu = nullptr;
    QMenu* m_workspaceMenu = nullptr;
    QMenu* m_languageMenu = nullptr;
    QMenu* m_helpMenu = nullptr;

    QLabel* m_imageLabel = nullptr;
    QLabel* m_countLabel = nullptr;
    QLabel* m_zoomLabel = nullptr;
    QLabel* m_modifiedLabel = nullptr;
    QProgressBar* m_progress = nullptr;

    QStringList m_recent;
};

} // namespace crowdkd::ui
