// crowdkd-studio: the CrowdKD desktop application.
#include "base/version.h"
#include "common/settings_keys.h"
#include "nn/tensor_memory_cache.h"
#include "shell/command_line.h"
#include "shell/language.h"
#include "shell/main_window.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

#include <cstdio>

int main(int argc, char** argv) {
    // --help, --version and usage errors only print: they must work without a display (SSH, CI),
    // where QApplication would abort. Without one, the arguments are parsed offscreen and the
    // studio explains why it cannot open its window.
    const bool hasDisplay = crowdkd::ui::displayAvailable();
    if (!hasDisplay)
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("crowdkd-studio"));
    QApplication::setApplicationDisplayName(QStringLiteral("CrowdKD Studio"));
    QApplication::setOrganizationName(QStringLiteral("CrowdKD"));
    QApplication::setApplicationVersion(QString::fromLatin1(crowdkd::kVersion));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/crowdkd.svg")));

    // The language first, so --help is translated too: --lang, else the saved choice, else the
    // system locale.
    const QString requested = crowdkd::ui::languageArgument(QCoreApplication::arguments());
    crowdkd::ui::setLanguage(!requested.isEmpty() ? requested
                                                  : crowdkd::ui::settings::kLanguage.read(
                                                        crowdkd::ui::systemLanguage()));

    QCommandLineParser parser;
    const crowdkd::ui::StudioCommandLine options =
        crowdkd::ui::parseStudioCommandLine(parser, QCoreApplication::arguments());
    if (!options.error.isEmpty()) {
        std::fprintf(stderr, "crowdkd-studio: %s\n", qPrintable(options.error));
        return 2;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    if (parser.isSet(QStringLiteral("help-all")))
        parser.process(app); // prints Qt's own options as well, and exits
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion();
    if (!hasDisplay) {
        std::fprintf(stderr, "crowdkd-studio: %s\n", qPrintable(crowdkd::ui::noDisplayMessage()));
        return 1;
    }

    // Counting and training allocate the same large tensors over and over: reuse them instead of
    // paying the system's page faults each time (docs/export.md).
    crowdkd::nn::installTensorMemoryCache();
    crowdkd::ui::MainWindow window;
    window.showAsSaved();
    QTimer::singleShot(0, &window, [&window, options] {
        window.offerRecovery();
        if (options.workspaceGiven) // `--workspace count IMAGE…` counts the images
            window.setWorkspace(options.workspace);
        if (!options.paths.isEmpty())
            window.openPaths(options.paths);
        if (options.workspaceGiven)
            window.setWorkspace(options.workspace);
    });
    return QApplication::exec();
}
