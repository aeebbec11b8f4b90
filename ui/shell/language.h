#pragma once

#include <QString>
#include <QStringList>

namespace crowdkd::ui {

/// The languages the studio is translated into ("en", "ko").
QStringList availableLanguages();

/// The language matching the system locale, "en" when it is not translated.
QString systemLanguage();

/// The language currently installed.
QString currentLanguage();

/// Installs the studio's and Qt's own translations for `code` (replacing the previous ones), so
/// every widget receives QEvent::LanguageChange and retranslates. Returns false for an unknown
/// language (the studio stays in the current one).
bool setLanguage(const QString& code);

/// The language's own name ("English", "한국어").
QString languageName(const QString& code);

} // namespace crowdkd::ui
