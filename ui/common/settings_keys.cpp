#include "common/settings_keys.h"

#include <QStandardPaths>

namespace crowdkd::ui::settings {

QString defaultRunsFolder() {
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) +
           QStringLiteral("/runs");
}

QString defaultSaveAsFolder() {
    return QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
}

QString defaultExportFolder() {
    return QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
}

} // namespace crowdkd::ui::settings
