#include "shell/command_line.h"

#include "shell/language.h"
#include "shell/workspace_registry.h"

#include <QCoreApplication>
#include <QLocale>

namespace crowdkd::ui {

namespace {

/// The translation context of the command-line help.
class CommandLine {
    Q_DECLARE_TR_FUNCTIONS(CommandLine)
};

} // namespace

QString languageArgument(const QStringList& arguments) {
    QString language;
    for (int i = 1; i < arguments.size(); ++i) {
        if (arguments[i] == QLatin1String("--lang") && i + 1 < arguments.size())
            language = arguments[i + 1];
        else if (arguments[i].startsWith(QLatin1String("--lang=")))
            language = arguments[i].mid(7);
    }
    return language;
}

StudioCommandLine parseStudioCommandLine(QCommandLineParser& parser, const QStringList& arguments) {
    parser.setApplicationDescription(
        CommandLine::tr("CrowdKD Studio: label, train, distill and ship crowd counters"));
    parser.addHelpOption();
    parser.addVersionOption();
    // The names come from the registry and the translations, so the help follows what exists.
    const QString workspaceList = QLocale().createSeparatedList(workspaceIds());
    const QString languageList = QLocale().createSeparatedList(availableLanguages());
    const QCommandLineOption workspaceOption(
        QStringLiteral("workspace"),
        CommandLine::tr("Workspace to start in: %1.").arg(workspaceList), QStringLiteral("name"));
    const QCommandLineOption languageOption(
        QStringLiteral("lang"),
        CommandLine::tr("User interface language: %1 (default: the language chosen in the studio, "
                        "else the system language).")
            .arg(languageList),
        QStringLiteral("code"));
    parser.addOption(workspaceOption);
    parser.addOption(languageOption);
    parser.addPositionalArgument(QStringLiteral("paths"),
                                 CommandLine::tr("Dataset folders or images to open."),
                                 QStringLiteral("[DATASET_OR_IMAGE...]"));

    StudioCommandLine result;
    if (!parser.parse(arguments)) {
        result.error = parser.errorText();
        return result;
    }
    result.paths = parser.positionalArguments();
    if (parser.isSet(languageOption)) {
        result.language = parser.value(languageOption);
        if (!availableLanguages().contains(result.language))
            result.error = CommandLine::tr("unknown language '%1' (use %2)")
                               .arg(result.language, languageList);
    }
    if (parser.isSet(workspaceOption)) {
        result.workspaceGiven = true;
        result.workspace = parser.value(workspaceOption).toLower();
        if (!workspaceIds().contains(result.workspace))
            result.error = CommandLine::tr("unknown workspace '%1' (use %2)")
                               .arg(parser.value(workspaceOption), workspaceList);
    }
    return result;
}

bool displayAvailable() {
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    return !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") ||
           !qEnvironmentVariableIsEmpty("DISPLAY") ||
           !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
#else
    return true;
#endif
}

QString noDisplayMessage() {
    return CommandLine::tr("no display to open the window on: set DISPLAY or WAYLAND_DISPLAY, run "
                           "it under xvfb-run, or use the crowdkd command line");
}

} // namespace crowdkd::ui
