// crowdkd-studio: the CrowdKD desktop application.
#include "main_window.h"

#include "crowdkd/version.h"

#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("crowdkd-studio"));
    QApplication::setOrganizationName(QStringLiteral("CrowdKD"));
    QApplication::setApplicationVersion(QString::fromLatin1(crowdkd::kVersion));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "CrowdKD Studio: label, train, distill and ship crowd counters"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.process(app);

    crowdkd::ui::MainWindow window;
    window.show();
    return QApplication::exec();
}
