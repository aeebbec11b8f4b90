#include "shell/language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <memory>

namespace crowdkd::ui {

namespace {

struct Installed {
    QString code = QStringLiteral("en");
    std::unique_ptr<QTranslator> studio;
    std::unique_ptr<QTranslator> qt;
};

Installed& installed() {
    static Installed state;
    return state;
}

} // namespace

QStringList availableLanguages() {
    return {QStringLiteral("en"), QStringLiteral("ko")};
}

QString systemLanguage() {
    return QLocale::system().language() == QLocale::Korean ? QStringLiteral("ko")
                                                           : QStringLiteral("en");
}

QString currentLanguage() {
    return installed().code;
}

QString languageName(const QString& code) {
    if (code == QLatin1String("ko"))
        return QStringLiteral("한국어");
    return QStringLiteral("English");
}

bool setLanguage(const QString& code) {
    if (!availableLanguages().contains(code))
        return false;
    Installed& state = installed();
    auto studio = std::make_unique<QTranslator>();
    if (!studio->load(QStringLiteral(":/i18n/crowdkd_%1.qm").arg(code)))
        return false;
    auto qt = std::make_unique<QTranslator>();
    const bool qtLoaded = qt->load(QStringLiteral("qtbase_%1").arg(code),
                                   QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    if (state.studio)
        QCoreApplication::removeTranslator(state.studio.get());
    if (state.qt)
        QCoreApplication::removeTranslator(state.qt.get());
    state.studio = std::move(studio);
    state.qt = qtLoaded ? std::move(qt) : nullptr;
    if (state.qt)
        QCoreApplication::installTranslator(state.qt.get());
    QCoreApplication::installTranslator(state.studio.get());
    state.code = code;
    QLocale::setDefault(
        QLocale(code == QLatin1String("ko") ? QLocale::Korean : QLocale::English,
                code == QLatin1String("ko") ? QLocale::SouthKorea : QLocale::UnitedStates));
    return true;
}

} // namespace crowdkd::ui
