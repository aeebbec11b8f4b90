#pragma once

#include "annotate/annotate_workspace.h"
#include "annotate/annotation_document.h"
#include "common/studio_support.h"
#include "pipeline/training_config.h"
#include "test_support.h"

#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMessageBox>
#include <QPixmap>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QString>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QWidget>

#include <functional>

namespace crowdkd::test {

/// A tiny kd run on the shared part A, the published MCNN as teacher (α 0.1, Adam 1e-4): the first
/// `images` images of the seeded order (10 % held out), `crop`² crops in batches of `batch`, a log
/// record every step, one thread for the model and one for the data.
inline pipeline::TrainingConfig tinyKdConfig(int epochs, int images = 4, int crop = 96,
                                             int batch = 2, std::uint64_t seed = 3) {
    pipeline::TrainingConfig config;
    config.mode = pipeline::TrainingMode::Kd;
    config.data = sharedPath(QStringLiteral("data/ShanghaiTech/part_A"));
    config.teacher = sharedPath(QStringLiteral("fixtures/pretrained/mcnn_shtechA_svishwa.pth"));
    config.alpha = 0.1;
    config.maxImages = images;
    config.crop = crop;
    config.batchSize = batch;
    config.epochs = epochs;
    config.lr = 1e-4;
    config.logEvery = 1;
    config.threads = 1;
    config.workers = 1;
    config.seed = seed;
    return config;
}

/// The longest wait for an image to open in the Annotate workspace (a loaded machine), in ms.
constexpr int kOpenTimeoutMs = 60000;

/// Waits until the Annotate workspace has no open on its way (shown with imageOpened, failed with
/// openFailed, or given up); false when one is still on its way after kOpenTimeoutMs.
inline bool waitForOpen(ui::AnnotateWorkspace& workspace) {
    return QTest::qWaitFor([&workspace] { return !workspace.isOpening(); }, kOpenTimeoutMs);
}

/// Opens an image as openImage() does (the dialogs it may show answered by MessageBoxDrivers
/// alive meanwhile) and waits until it is shown: true when imageOpened said so (or it was shown
/// already), false when the user cancelled or it did not open.
inline bool openAndWait(ui::AnnotateWorkspace& workspace, const QString& image,
                        const QString& groundTruth) {
    QSignalSpy opened(&workspace, &ui::AnnotateWorkspace::imageOpened);
    if (!workspace.openImage(image, groundTruth))
        return false;
    if (!workspace.isOpening()) // it was shown already
        return workspace.document()->imagePath() == image;
    if (!waitForOpen(workspace))
        return false;
    return !opened.isEmpty() && opened.last().at(0).toString() == image;
}

/// Answers the next QMessageBox with a given object name by clicking one of its buttons as soon
/// as it is shown (its exec() blocks the test otherwise), and remembers that it was asked.
class MessageBoxDriver : public QObject {
public:
    MessageBoxDriver(const QString& objectName, QMessageBox::StandardButton answer)
        : m_objectName(objectName)
        , m_answer(answer) {
        connect(&m_timer, &QTimer::timeout, this, &MessageBoxDriver::poll);
        m_timer.start(10);
    }

    /// Called with the box once it is shown, before it is answered (e.g. to photograph it).
    void setOnShown(std::function<void(QMessageBox*)> onShown) { m_onShown = std::move(onShown); }

    bool wasAsked() const { return m_asked; }
    QString text() const { return m_text; }

private:
    void poll() {
        for (QWidget* widget : QApplication::topLevelWidgets()) {
            auto* box = qobject_cast<QMessageBox*>(widget);
            if (!box || !box->isVisible() || box->objectName() != m_objectName)
                continue;
            m_asked = true;
            m_text = box->text();
            m_timer.stop();
            if (m_onShown)
                m_onShown(box);
            box->button(m_answer)->click();
            return;
        }
    }

    QString m_objectName;
    QMessageBox::StandardButton m_answer;
    QTimer m_timer;
    std::function<void(QMessageBox*)> m_onShown;
    bool m_asked = false;
    QString m_text;
};

/// Copies one image/ground-truth pair of the bundled samples into `root` in the ShanghaiTech layout
/// (`root/train_data/images`, `root/train_data/ground-truth`); returns the image's path.
inline QString copySamplePair(const QString& root, const QString& name,
                              const QString& split = QStringLiteral("train_data")) {
    const QDir samples(QStringLiteral(CROWDKD_SAMPLES_DIR "/") + split);
    QDir(root).mkpath(split + QStringLiteral("/images"));
    QDir(root).mkpath(split + QStringLiteral("/ground-truth"));
    const QString image =
        QDir(root).filePath(split + QStringLiteral("/images/") + name + QStringLiteral(".jpg"));
    const QString truth = QDir(root).filePath(split + QStringLiteral("/ground-truth/GT_") + name +
                                              QStringLiteral(".mat"));
    QFile::copy(samples.filePath(QStringLiteral("images/") + name + QStringLiteral(".jpg")), image);
    QFile::copy(
        samples.filePath(QStringLiteral("ground-truth/GT_") + name + QStringLiteral(".mat")),
        truth);
    QFile::setPermissions(image, QFile::ReadOwner | QFile::WriteOwner);
    QFile::setPermissions(truth, QFile::ReadOwner | QFile::WriteOwner);
    return image;
}

/// Puts other weights (the shipped default student's) in `model`'s place, stamped a second later
/// than the file it replaces, as a run writing a new best.pth under the same name does.
inline bool rewriteWithOtherWeights(const QString& model) {
    const QDateTime written = QFileInfo(model).lastModified();
    if (!QFile::remove(model) || !QFile::copy(crowdkd::ui::defaultStudentPath(), model))
        return false;
    QFile file(model);
    return file.open(QIODevice::ReadWrite) &&
           file.setFileTime(written.addSecs(1), QFileDevice::FileModificationTime);
}

/// Settings, autosaves and caches of a test run go to Qt's test locations, emptied first.
inline void isolateUserFolders() {
    QCoreApplication::setOrganizationName(QStringLiteral("CrowdKD"));
    QStandardPaths::setTestModeEnabled(true);
    for (auto location : {QStandardPaths::AppDataLocation, QStandardPaths::AppConfigLocation,
                          QStandardPaths::CacheLocation}) {
        QDir(QStandardPaths::writableLocation(location)).removeRecursively();
    }
    // Core's density cache too (it does not know Qt's test mode).
    qputenv("CROWDKD_CACHE_DIR",
            QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation))
                .filePath(QStringLiteral("crowdkd"))
                .toLocal8Bit());
}

} // namespace crowdkd::test

namespace crowdkd::test {

/// Saves `widget` as `<CROWDKD_SCREENSHOT_DIR>/<name>.png` when that variable is set (how the
/// pictures in docs/images are made: run the test under xvfb-run with it).
inline void saveScreenshot(QWidget* widget, const QString& name) {
    const QString dir = qEnvironmentVariable("CROWDKD_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QCoreApplication::processEvents();
    widget->grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

} // namespace crowdkd::test
