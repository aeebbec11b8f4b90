#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>

class QWidget;

namespace crowdkd::ui {

class DatasetSession;
class Workspace;

/// What a workspace is built from: the open dataset, the parent widget and the workspaces built
/// before it (so that one may follow another, as Annotate follows the Dataset browser's order).
struct WorkspaceContext {
    DatasetSession* session = nullptr;
    QWidget* parent = nullptr;
    QList<Workspace*> built;

    /// The workspace of type T built so far, or null.
    template <typename T>
    T* find() const {
        for (Workspace* workspace : built) {
            if (auto* found = qobject_cast<T*>(workspace))
                return found;
        }
        return nullptr;
    }
};

/// One workspace of the studio: its id (Workspace::id(), known before it is built, for the
/// command line) and how to build it.
struct WorkspaceRegistration {
    QString id;
    std::function<Workspace*(const WorkspaceContext&)> create;
};

/// The studio's workspaces in the order of the workspace bar. A new workspace is one entry here.
const QList<WorkspaceRegistration>& workspaceRegistrations();

/// The ids of the registered workspaces, in order ("dataset", "annotate", …).
QStringList workspaceIds();

} // namespace crowdkd::ui
