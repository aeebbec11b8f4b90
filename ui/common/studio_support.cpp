#include "common/studio_support.h"

#include "base/error.h"
#include "base/file_io.h"
#include "data/dataset.h"
#include "data/image_io.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStandardPaths>

#include <opencv2/core.hpp>

namespace crowdkd::ui {

QString withShortcuts(const QString& text, const QList<QKeySequence>& shortcuts) {
    QStringList keys;
    for (const QKeySequence& shortcut : shortcuts) {
        if (!shortcut.isEmpty())
            keys << shortcut.toString(QKeySequence::NativeText);
    }
    return keys.isEmpty() ? text
                          : QStringLiteral("%1 (%2)").arg(text, keys.join(QStringLiteral(", ")));
}

std::filesystem::path toPath(const QString& path) {
    return std::filesystem::path(path.toStdU16String());
}

QString toQString(const std::filesystem::path& path) {
    return QString::fromStdU16String(path.u16string());
}

QImage imageFromMat(const cv::Mat& mat) {
    if (mat.empty())
        return {};
    const int width = mat.cols;
    const int height = mat.rows;
    const auto stride = static_cast<qsizetype>(mat.step);
    switch (mat.type()) {
    case CV_8UC1:
        return QImage(mat.data, width, height, stride, QImage::Format_Grayscale8).copy();
    case CV_8UC3:
        return QImage(mat.data, width, height, stride, QImage::Format_BGR888).copy();
    case CV_8UC4:
        return QImage(mat.data, width, height, stride, QImage::Format_ARGB32).copy();
    default:
        return {};
    }
}

QImage readQImage(const QString& path) {
    return imageFromMat(readImage(toPath(path), ImageMode::Color));
}

bool readUserFile(const QString& path, qint64 maxBytes, QByteArray* contents, QString* error) {
    try {
        const std::vector<std::uint8_t> bytes =
            readFileBytes(toPath(path), static_cast<std::uint64_t>(maxBytes));
        *contents = QByteArray(reinterpret_cast<const char*>(bytes.data()),
                               static_cast<qsizetype>(bytes.size()));
        return true;
    } catch (const std::exception& refused) {
        if (error)
            *error = QString::fromUtf8(refused.what());
        return false;
    }
}

bool openSaveFile(QSaveFile& file, QIODevice::OpenMode mode, QString* error) {
    const auto fail = [error](const QString& reason) {
        if (error)
            *error = reason;
        return false;
    };
    std::filesystem::path target;
    try {
        target = saveTarget(toPath(file.fileName()));
    } catch (const FileError& refused) {
        return fail(QString::fromStdString(refused.what()));
    }
    file.setFileName(toQString(target));
    if (!file.open(mode))
        return fail(QDir::toNativeSeparators(file.fileName()) + QStringLiteral(": ") +
                    file.errorString());
    try {
        adoptFileAttributes(file.handle(), target); // QSaveFile keeps the mode, not the owner
    } catch (const FileError& refused) {
        file.cancelWriting();
        return fail(QString::fromStdString(refused.what()));
    }
    return true;
}

bool isWritableLocation(const QString& path) {
    // The mode bits only: WriteUser reflects access() and is always set for root.
    constexpr QFile::Permissions kAnyWrite =
        QFile::WriteOwner | QFile::WriteGroup | QFile::WriteOther;
    const QFileInfo file(path);
    if (file.exists())
        return file.isWritable() && (file.permissions() & kAnyWrite);
    const QFileInfo folder(file.absolutePath());
    return folder.isDir() && folder.isWritable() && (folder.permissions() & kAnyWrite);
}

QString sampleDatasetPath() {
    const QString path = resourcePath(QStringLiteral("samples/part_A"));
    return QFileInfo(path).isDir() ? path : QString();
}

QString resourcePath(const QString& relative) {
    const QString appDir = QCoreApplication::applicationDirPath();
    const QStringList candidates = {
        QDir(appDir).filePath(relative),
        QDir(appDir).filePath(QStringLiteral("../share/crowdkd/") + relative),
        QDir(appDir).filePath(QStringLiteral("resources/") + relative),
        QStringLiteral(CROWDKD_INSTALL_SHARE_DIR "/") + relative,
        QStringLiteral(CROWDKD_SOURCE_RESOURCES_DIR "/") + relative,
    };
    for (const QString& candidate : candidates) {
        if (QFileInfo::exists(candidate))
            return QDir::cleanPath(candidate);
    }
    return {};
}

QString commandLineProgram() {
    const QString overridden = qEnvironmentVariable("CROWDKD_CLI");
    if (!overridden.isEmpty())
        return overridden;
    const QDir appDir(QCoreApplication::applicationDirPath());
#ifdef Q_OS_WIN
    const QString name = QStringLiteral("crowdkd.exe");
#else
    const QString name = QStringLiteral("crowdkd");
#endif
    for (const QString& candidate :
         {appDir.filePath(name), appDir.filePath(QStringLiteral("../cli/") + name)})
        if (QFileInfo(candidate).isExecutable())
            return QDir::cleanPath(candidate);
    return QStandardPaths::findExecutable(QStringLiteral("crowdkd"));
}

QString defaultStudentPath() {
    return resourcePath(QStringLiteral("models/default_student.pth"));
}

QJsonObject defaultStudentInfo() {
    QFile file(resourcePath(QStringLiteral("models/default_student.json")));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

QString groundTruthBackupPath(const QString& groundTruthPath) {
    return groundTruthPath + QStringLiteral(".orig");
}

QString groundTruthPathForImage(const QString& imagePath) {
    return toQString(crowdkd::groundTruthPathForImage(toPath(imagePath)));
}

QString freeFilePath(const QString& path) {
    QString candidate = path;
    // arg() with both at once: chained, a "%2" in the path would be replaced too.
    for (int n = 2; QFileInfo::exists(candidate) || QFileInfo(candidate).isSymLink(); ++n)
        candidate = QStringLiteral("%1-%2").arg(path, QString::number(n));
    return candidate;
}

bool isImageFilePath(const QString& path) {
    return isImageFileName(toPath(path));
}

QStringList imageNameFilters() {
    QStringList filters;
    for (const std::string& extension : imageFileExtensions())
        filters << QStringLiteral("*.") + QString::fromStdString(extension);
    return filters;
}

QString imageFileDialogFilter() {
    return QCoreApplication::translate("crowdkd::ui::StudioSupport", "Images (%1)")
               .arg(imageNameFilters().join(QLatin1Char(' '))) +
           QStringLiteral(";;") +
           QCoreApplication::translate("crowdkd::ui::StudioSupport", "All files (*)");
}

} // namespace crowdkd::ui
