#pragma once

#include <QSettings>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace crowdkd::ui {

/// One QSettings entry of the studio: its key and the value used while it is not set. Every key
/// the studio stores is declared in namespace `settings` below, with its default, and read and
/// written only through it.
template <typename T>
struct Setting {
    const char* key;
    T fallback;

    /// The stored value, or the default when there is none.
    T read() const { return read(fallback); }
    /// The stored value, or `otherwise` (for defaults known only at run time) when there is none.
    T read(const T& otherwise) const {
        return QSettings()
            .value(QLatin1String(key), QVariant::fromValue(otherwise))
            .template value<T>();
    }
    void write(const T& value) const {
        QSettings().setValue(QLatin1String(key), QVariant::fromValue(value));
    }
    bool isSet() const { return QSettings().contains(QLatin1String(key)); }
};

namespace settings {

// --- the shell ----------------------------------------------------------------------------------

/// The interface language code ("ko", "en"); unset: the system language.
inline const Setting<QString> kLanguage{"language", {}};
/// The recently opened dataset folders, newest first.
inline const Setting<QStringList> kRecentDatasets{"recentDatasets", {}};
/// Where File ▸ Open Dataset starts browsing; unset: the newest recent dataset, else home.
inline const Setting<QString> kLastDatasetFolder{"lastDatasetFolder", {}};
/// The main window's geometry and toolbar/dock state (QMainWindow::saveGeometry/saveState).
inline const Setting<QByteArray> kWindowGeometry{"window/geometry", {}};
inline const Setting<QByteArray> kWindowState{"window/state", {}};
/// The id of the workspace shown when the studio was last closed.
inline const Setting<QString> kWindowWorkspace{"window/workspace", {}};

// --- Annotate -----------------------------------------------------------------------------------

/// Head marker radius in logical pixels.
inline const Setting<int> kPointRadius{"annotate/pointRadius", 4};
/// Head marker colour as a #rrggbb name.
inline const Setting<QString> kPointColor{"annotate/pointColor", QStringLiteral("#ff4040")};
/// Opacity of the density overlay in percent.
inline const Setting<int> kOverlayOpacity{"annotate/overlayOpacity", 70};
/// Whether the head markers are shown.
inline const Setting<bool> kHeadsVisible{"annotate/headsVisible", true};
/// Whether the density overlay is shown.
inline const Setting<bool> kOverlayVisible{"annotate/overlayVisible", false};
/// Seconds between autosaves of unsaved edits; 0 turns autosave off.
inline const Setting<int> kAutosaveSeconds{"annotate/autosaveSeconds", 60};
/// The longest autosave interval the preferences offer, in seconds.
constexpr int kMaxAutosaveSeconds = 3600;
/// Save without asking when moving to another image.
inline const Setting<bool> kSaveOnSwitch{"annotate/saveOnSwitch", false};
/// Where Save Annotation As starts; unset: defaultSaveAsFolder().
inline const Setting<QString> kSaveAsFolder{"annotate/saveAsFolder", {}};

// --- Train --------------------------------------------------------------------------------------

/// The folder of training runs (shared with Compare's model pickers); unset: defaultRunsFolder().
inline const Setting<QString> kRunsFolder{"train/runsFolder", {}};
/// Weight of the training charts' moving average of the loss, in [0, 0.99].
inline const Setting<double> kChartSmoothing{"train/chartSmoothing", 0.8};
/// Whether the training loss is drawn on a logarithmic axis.
inline const Setting<bool> kChartLogScale{"train/chartLogScale", true};
/// The training charts' x axis: "iteration", "epoch" or "time".
inline const Setting<QString> kChartAxis{"train/chartAxis", QStringLiteral("iteration")};

// --- Compare ------------------------------------------------------------------------------------

/// The model file in each slot of the comparison (teacher, plain student, KD student).
inline const Setting<QString> kCompareTeacher{"compare/teacher", {}};
inline const Setting<QString> kCompareStudent{"compare/student", {}};
inline const Setting<QString> kCompareKdStudent{"compare/kdStudent", {}};
/// Model files recently chosen in the comparison, newest first.
inline const Setting<QStringList> kRecentModels{"compare/recentModels", {}};

// --- Export -------------------------------------------------------------------------------------

/// The folder of the last successful export, where the next one is proposed; unset:
/// defaultExportFolder().
inline const Setting<QString> kExportFolder{"export/folder", {}};
/// Files recently exported, newest first (offered as models to count and compare with).
inline const Setting<QStringList> kRecentExports{"export/recentFiles", {}};

/// The folder of training runs while kRunsFolder is unset: `runs` in the app-data folder.
QString defaultRunsFolder();
/// The folder Save Annotation As starts in while kSaveAsFolder is unset: the documents folder.
QString defaultSaveAsFolder();
/// The folder exports are proposed in while kExportFolder is unset: the documents folder.
QString defaultExportFolder();

} // namespace settings

} // namespace crowdkd::ui
