#pragma once

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

namespace crowdkd::ui {

/// What `crowdkd-studio [--workspace NAME] [--lang CODE] [DATASET_OR_IMAGE...]` asked for.
struct StudioCommandLine {
    bool workspaceGiven = false;
    QString workspace; ///< a registered workspace id (workspaceIds()), in lower case
    QString language;  ///< empty: not given
    QStringList paths;
    QString error; ///< a usage error to print (exit code 2), empty when the arguments are fine
};

/// The value of --lang in raw arguments (before the parser exists, so --help is translated too).
QString languageArgument(const QStringList& arguments);

/// Declares the studio's options on `parser` (help and version included) and parses `arguments`.
/// The caller shows help or the version when they are set.
StudioCommandLine parseStudioCommandLine(QCommandLineParser& parser, const QStringList& arguments);

/// False on X11/Wayland systems where neither DISPLAY nor WAYLAND_DISPLAY nor QT_QPA_PLATFORM is
/// set: QApplication would abort there, so the studio parses its arguments offscreen and explains
/// instead.
bool displayAvailable();

/// Why the studio cannot open its window without a display, and what to do.
QString noDisplayMessage();

} // namespace crowdkd::ui
