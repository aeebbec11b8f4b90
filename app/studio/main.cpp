// crowdkd-studio: the CrowdKD desktop application.
#include "crowdkd/version.h"
#include "language.h"
#include "main_window.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>
#include <QTimer>

#include <cstdio>

int main(int argc, char** argv) {
    // --help and --version only print: they must work without a display (SSH, CI).
    for (int i = 1; i < argc; ++i) {
        const QByteArray argument(argv[i]);
        if ((argument == "--help" || argument == "-h" || argument == "--version" ||
             argument == "-v") &&
            qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("crowdkd-studio"));
    QApplication::setApplicationDisplayName(QStringLiteral("CrowdKD Studio"));
    QApplication::setOrganizationName(QStringLiteral("CrowdKD"));
    QApplication::setApplicationVersion(QString::fromLatin1(crowdkd::kVersion));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/crowdkd.svg")));

    // The language first, so --help is already translated: --lang, then the saved choice, then
    // the system locale.
    QString language =
        QSettings().value(QStringLiteral("language"), crowdkd::ui::systemLanguage()).toString();
    const QStringList arguments = QCoreApplication::arguments();
    for (int i = 1; i < arguments.size(); ++i) {
        if (arguments[i] == QLatin1String("--lang") && i + 1 < arguments.size())
            language = arguments[i + 1];
        else if (arguments[i].startsWith(QLatin1String("--lang=")))
            language = arguments[i].mid(7);
    }
    crowdkd::ui::setLanguage(language);

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "CrowdKD Studio: label, train, distill and ship crowd counters"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption workspaceOption(
        QStringLiteral("workspace"),
        QCoreApplication::translate("main", "Workspace to start in: dataset, annotate, train, "
                                            "compare or count."),
        QStringLiteral("name"));
    const QCommandLineOption languageOption(
        QStringLiteral("lang"),
        QCoreApplication::translate("main", "User interface language: ko or en (default: the "
                                            "system language)."),
        QStringLiteral("code"));
    parser.addOption(workspaceOption);
    parser.addOption(languageOption);
    parser.addPositionalArgument(
        QStringLiteral("paths"),
        QCoreApplication::translate("main", "Dataset folders or images to open."),
        QStringLiteral("[DATASET_OR_IMAGE...]"));
    parser.process(app);

    if (parser.isSet(languageOption) &&
        !crowdkd::ui::availableLanguages().contains(parser.value(languageOption))) {
        std::fprintf(stderr, "crowdkd-studio: unknown language '%s' (use ko or en)\n",
                     qPrintable(parser.value(languageOption)));
        return 2;
    }
    crowdkd::ui::MainWindow::Workspace workspace = crowdkd::ui::MainWindow::Workspace::Dataset;
    if (parser.isSet(workspaceOption) &&
        !crowdkd::ui::MainWindow::workspaceFromName(parser.value(workspaceOption), &workspace)) {
        std::fprintf(stderr,
                     "crowdkd-studio: unknown workspace '%s' (use dataset, annotate, train, "
                     "compare or count)\n",
                     qPrintable(parser.value(workspaceOption)));
        return 2;
    }

    crowdkd::ui::MainWindow window;
    window.show();
    const QStringList paths = parser.positionalArguments();
    QTimer::singleShot(0, &window, [&window, paths, workspace, &parser, workspaceOption] {
        window.offerRecovery();
        if (!paths.isEmpty())
            window.openPaths(paths);
        if (parser.isSet(workspaceOption))
            window.setWorkspace(workspace);
    });
    return QApplication::exec();
}
