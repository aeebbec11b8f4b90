#pragma once

#include "common/workspace.h"

#include <QList>
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

class DatasetSession;
class WelcomePage;

/// The studio's main window: a workspace bar with the registered workspaces
/// (workspace_registry.h), menus and toolbar with standard shortcuts (the workspaces add their
/// actions), a status bar (image, head count, zoom, unsaved state), recent datasets, drag and drop
/// of dataset folders and images, and window state kept in QSettings. It also carries what flows
/// between workspaces: a run counted or compared, an image opened from the browser.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// The workspaces in workspace-bar order.
    QList<Workspace*> workspaces() const;
    /// The workspace of type T (e.g. AnnotateWorkspace), or null.
    template <typename T>
    T* workspace() const {
        for (const Entry& entry : m_workspaces) {
            if (auto* found = qobject_cast<T*>(entry.workspace))
                return found;
        }
        return nullptr;
    }

    /// Shows the workspace whose id is `id` ("dataset", "annotate", …, as on the command line;
    /// case-insensitive); false when there is none.
    bool setWorkspace(const QString& id);
    /// The id of the workspace shown.
    QString currentWorkspace() const;

    /// Opens a dataset folder in the background (asks first about unsaved edits).
    void openDataset(const QString& root);
    /// Opens dataset folders and images given on the command line or dropped on the window (in the
    /// Count workspace: counts the images).
    void openPaths(const QStringList& paths);
    /// Opens the bundled sample dataset; false when it is not installed.
    bool openSampleDataset();

    /// Shows the window as the user left it, or maximised on a first start (no saved geometry).
    void showAsSaved();

    /// Offers to recover autosaved edits of a session that crashed (call after show()).
    void offerRecovery();

    DatasetSession* session() const { return m_session; }
    QStringList recentDatasets() const { return m_recent; }

protected:
    void closeEvent(QCloseEvent* event) override;
    void changeEvent(QEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    /// A workspace and the action that shows it (workspace bar, Workspace menu, shortcut).
    struct Entry {
        Workspace* workspace = nullptr;
        QAction* action = nullptr;
    };

    void createWorkspaces();
    void connectWorkspaces();
    void createActions();
    void createMenus();
    void createToolBars();
    void createStatusBar();
    void retranslateUi();
    void showWorkspace(Workspace* workspace);
    void updateStatus();
    void updateRecentMenu();
    void addRecent(const QString& root);
    void readSettings();
    void writeSettings() const;
    void chooseDataset();
    void chooseImage();
    /// Lists the folder of an image opened alone (command line, File ▸ Open Image, recovery) so
    /// previous/next work: the dataset holding it, opened in the background.
    void listImageFolder(const QString& image);
    /// listImageFolder() once Annotate shows `image` (at once when it does already); nothing when
    /// it does not open.
    void listImageFolderWhenOpen(const QString& image);
    void showPreferences();
    void showAbout();
    void showExportDialog(const QString& modelPath);
    void switchLanguage(const QString& code);

    DatasetSession* m_session;
    QStackedWidget* m_stack;
    /// The registered workspaces, in workspace-bar order.
    QList<Entry> m_workspaces;
    WelcomePage* m_welcome = nullptr;

    QToolBar* m_workspaceBar = nullptr;
    QToolBar* m_mainToolBar = nullptr;
    QActionGroup* m_workspaceGroup = nullptr;
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
    /// True when no window geometry was saved: the first start on this account.
    bool m_firstStart = false;
    /// The folder being opened for an image opened alone (not a recent dataset; a failure there
    /// is no error).
    QString m_imageFolder;
    /// The image opened alone whose folder is listed once Annotate shows it.
    QString m_imageToList;
};

} // namespace crowdkd::ui
