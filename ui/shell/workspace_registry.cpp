#include "shell/workspace_registry.h"

#include "annotate/annotate_workspace.h"
#include "compare/compare_workspace.h"
#include "count/count_workspace.h"
#include "dataset/dataset_workspace.h"
#include "train/train_workspace.h"

namespace crowdkd::ui {

const QList<WorkspaceRegistration>& workspaceRegistrations() {
    static const QList<WorkspaceRegistration> registrations = {
        {QLatin1String(DatasetWorkspace::kId),
         [](const WorkspaceContext& context) {
             return new DatasetWorkspace(context.session, context.parent);
         }},
        {QLatin1String(AnnotateWorkspace::kId),
         [](const WorkspaceContext& context) {
             // Annotate steps through the images in the Dataset browser's order and filter.
             return new AnnotateWorkspace(
                 context.session, context.find<DatasetWorkspace>()->filterModel(), context.parent);
         }},
        {QLatin1String(TrainWorkspace::kId),
         [](const WorkspaceContext& context) {
             return new TrainWorkspace(context.session, context.parent);
         }},
        {QLatin1String(CompareWorkspace::kId),
         [](const WorkspaceContext& context) {
             return new CompareWorkspace(context.session, context.parent);
         }},
        {QLatin1String(CountWorkspace::kId),
         [](const WorkspaceContext& context) { return new CountWorkspace(context.parent); }},
    };
    return registrations;
}

QStringList workspaceIds() {
    QStringList ids;
    for (const WorkspaceRegistration& registration : workspaceRegistrations())
        ids << registration.id;
    return ids;
}

} // namespace crowdkd::ui
