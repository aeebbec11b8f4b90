#pragma once

#include <QIODevice>
#include <QImage>
#include <QJsonObject>
#include <QKeySequence>
#include <QList>
#include <QMetaObject>
#include <QPointer>
#include <QString>

#include <filesystem>

class QSaveFile;

namespace cv {
class Mat;
}

namespace crowdkd::ui {

/// Calls `f(target)` on `target`'s thread through its event loop, unless `target` is gone by then:
/// how worker threads hand their events to GUI objects.
template <typename T, typename F>
void postToObject(T* target, F f) {
    QPointer<T> guard(target);
    QMetaObject::invokeMethod(
        target,
        [guard, f] {
            if (guard)
                f(guard.data());
        },
        Qt::QueuedConnection);
}

/// `text` followed by the shortcuts that trigger it as the platform writes them, for tooltips:
/// "Next image (D, PgDown)"; `text` alone when there are none.
QString withShortcuts(const QString& text, const QList<QKeySequence>& shortcuts);

/// A std::filesystem::path from a QString, keeping non-ASCII (e.g. Korean) names intact.
std::filesystem::path toPath(const QString& path);

/// A QString from a std::filesystem::path, keeping non-ASCII names intact.
QString toQString(const std::filesystem::path& path);

/// A deep-copied QImage of an 8-bit BGR, BGRA or grayscale cv::Mat as core's readImage returns.
QImage imageFromMat(const cv::Mat& mat);

/// Decodes an image through core (what training sees) into a QImage; throws FileError on failure.
QImage readQImage(const QString& path);

/// True when the user (not only root) may write `path`: an existing file, or a new file in its
/// folder. Permission bits are honoured even for root, so a dataset shipped read-only stays so.
bool isWritableLocation(const QString& path);

/// Opens `file`, a QSaveFile on a user-chosen path, by the rule of core's atomic saves
/// (crowdkd::writeFileAtomically): a symbolic link is written through to the file it leads to
/// (QSaveFile does that too), anything that is not a regular file (a device such as /dev/null, a
/// FIFO, a folder) is refused instead of replaced, and the new version gets the replaced file's
/// permissions and, where the process may set them, its owner and group. False with `error` set
/// (when given) to the reason, the file named, when it cannot be opened.
bool openSaveFile(QSaveFile& file, QIODevice::OpenMode mode, QString* error = nullptr);

/// Reads a whole file the studio did not write itself (a table in an output folder, an autosave
/// entry) by the rule of core's readers (crowdkd::readFileBytes): regular files only, so a FIFO
/// never blocks the GUI, and at most `maxBytes`. False with `error` set (when given) to the
/// reason, the file named, when it cannot be read.
bool readUserFile(const QString& path, qint64 maxBytes, QByteArray* contents,
                  QString* error = nullptr);

/// A file or folder shipped in resources/ (`relative` to it): beside the binary, in the install
/// share folder or in the source tree; empty when none is found.
QString resourcePath(const QString& relative);

/// The default student shipped in resources/models (a PyTorch state dict); empty when not found.
QString defaultStudentPath();

/// What resources/models/default_student.json says of the default student (mode, alpha,
/// trained, test_mae, test_rmse, …); empty when the file is missing or unreadable.
QJsonObject defaultStudentInfo();

/// The bundled sample dataset (a few ShanghaiTech part A pairs): beside the binary, in the
/// install share folder or in the source tree; empty when none is found.
QString sampleDatasetPath();

/// The `crowdkd` command line beside the studio (installed, or in the build tree), or on PATH; the
/// environment's CROWDKD_CLI first when set. Empty when there is none.
QString commandLineProgram();

/// The backup of an original ground-truth file that the first save of its annotation keeps
/// beside it (`GT_IMG_1.mat.orig`); its existence marks the image as edited in the studio.
QString groundTruthBackupPath(const QString& groundTruthPath);

/// The ground-truth file that belongs to an image in the ShanghaiTech layout
/// (`images/IMG_1.jpg` → `ground-truth/GT_IMG_1.mat`, or `ground_truth/`, or beside it): core's
/// crowdkd::groundTruthPathForImage, the rules the Dataset workspace pairs files with.
QString groundTruthPathForImage(const QString& imagePath);

/// `path` when no file or folder has that name, else the first free `path-2`, `path-3`, … (for
/// files kept aside, which must never replace another).
QString freeFilePath(const QString& path);

/// True when `path` names an image the studio opens: core's crowdkd::isImageFileName.
bool isImageFilePath(const QString& path);

/// Name filters for the images the studio opens ("*.jpg", "*.jpeg", …), for folder scans.
QStringList imageNameFilters();

/// A file dialog's filter for those images, then all files.
QString imageFileDialogFilter();

} // namespace crowdkd::ui
