#pragma once

#include <QIcon>
#include <QKeySequence>
#include <QList>
#include <QString>
#include <QWidget>

#include <optional>

class QAction;

namespace crowdkd::ui {

/// Where the main window puts the actions a workspace contributes.
enum class ActionPlace { FileMenu, EditMenu, ViewMenu, GoMenu, ToolBar };

/// What the status bar and the window title show of the document a workspace has open.
struct WorkspaceStatus {
    QString documentPath; ///< shown at the left of the status bar
    QString documentName; ///< shown in the window title
    int headCount = 0;
    double zoom = 1; ///< view pixels per image pixel
    bool modified = false;
    /// More about the document beside its head count (e.g. proposals left); may be empty.
    QString detail;
};

/// One workspace of the studio as the main window sees it (after Qt Creator's IMode): its id (the
/// `--workspace` name), its button on the workspace bar (title, icon, description, shortcut) and
/// what it contributes to the menus, the toolbar and the status bar. A workspace is its own
/// widget, shown in the main window's central stack. The main window keeps one list of them,
/// built from shell/workspace_registry.cpp: a new workspace is one entry there.
class Workspace : public QWidget {
    Q_OBJECT

public:
    using QWidget::QWidget;

    /// Stable, untranslated name: the `--workspace` value and the remembered workspace.
    virtual QString id() const = 0;
    /// The workspace bar's text and the button's tooltip, translated.
    virtual QString title() const = 0;
    virtual QString description() const = 0;
    virtual QIcon icon() const = 0;
    virtual QKeySequence shortcut() const = 0;

    /// The actions it adds to a menu or the main toolbar, in order; a null action is a separator.
    virtual QList<QAction*> contributedActions(ActionPlace) const { return {}; }
    /// Its open document for the status bar and the window title; none by default.
    virtual std::optional<WorkspaceStatus> status() const { return std::nullopt; }
    /// Asks the user whatever must be settled before the studio closes (unsaved edits, a running
    /// training); false when the user cancelled.
    virtual bool canClose() { return true; }
    /// Called when the workspace becomes the one shown (e.g. to focus its main view).
    virtual void activate() {}

signals:
    /// status() changed.
    void statusChanged();
};

} // namespace crowdkd::ui
