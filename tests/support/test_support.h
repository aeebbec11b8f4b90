#pragma once

#include <QDir>
#include <QFileInfo>
#include <QString>
#include <QTest>

#include <filesystem>

namespace crowdkd::test {

/// The shared data and fixtures folder: $CROWDKD_SHARED_DIR, else ../shared beside the project.
inline QString sharedDir() {
    const QByteArray fromEnvironment = qgetenv("CROWDKD_SHARED_DIR");
    return QDir::cleanPath(fromEnvironment.isEmpty() ? QStringLiteral(CROWDKD_SHARED_DIR)
                                                     : QString::fromLocal8Bit(fromEnvironment));
}

/// A path below the shared folder, as std::filesystem::path (UTF-8 safe).
inline std::filesystem::path sharedPath(const QString& relative) {
    return std::filesystem::path(QDir(sharedDir()).filePath(relative).toStdU16String());
}

/// The project's own small test fixtures (tests/data).
inline std::filesystem::path testDataPath(const QString& relative) {
    return std::filesystem::path(
        QDir(QStringLiteral(CROWDKD_TEST_DATA_DIR)).filePath(relative).toStdU16String());
}

} // namespace crowdkd::test

/// Skips the current test with a clear message when `relative` is missing from ../shared.
#define CROWDKD_REQUIRE_SHARED(relative)                                                           \
    do {                                                                                           \
        const QString crowdkdSharedPath_ = QDir(crowdkd::test::sharedDir()).filePath(relative);    \
        if (!QFileInfo::exists(crowdkdSharedPath_))                                                \
            QSKIP(                                                                                 \
                qPrintable(QStringLiteral("shared data not found at %1 (set CROWDKD_SHARED_DIR)")  \
                               .arg(crowdkdSharedPath_)));                                         \
    } while (false)
