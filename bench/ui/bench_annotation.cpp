// bench_annotation: how fast the annotation canvas draws and edits with many heads, offscreen.
// Renders the canvas widget into a QImage while panning and zooming (3,139 heads: the densest
// ShanghaiTech part A image; 20,000 heads: NWPU/JHU-like), then selects 5,000 of 20,000 heads with
// a rubber band, deletes them and undoes it, through simulated mouse and key events.
#include "annotate/annotation_canvas.h"
#include "annotate/annotation_document.h"
#include "common/studio_support.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QImage>
#include <QRandomGenerator>
#include <QTest>
#include <QUndoStack>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

using crowdkd::ui::AnnotationCanvas;
using crowdkd::ui::AnnotationDocument;

namespace {

/// Frames rendered per measurement.
constexpr int kFrames = 200;

/// Canvas size: a typical maximised window's canvas.
constexpr int kCanvasWidth = 1280;
constexpr int kCanvasHeight = 800;

/// CPU time of this thread in ms: unlike wall time, barely affected by other processes on a
/// busy machine (the canvas draws on the GUI thread only).
double threadCpuMs() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

struct Figures {
    double mean = 0;
    double median = 0;
    double p95 = 0;
};

Figures summarize(std::vector<double> ms) {
    std::sort(ms.begin(), ms.end());
    Figures f;
    for (double v : ms)
        f.mean += v;
    f.mean /= ms.size();
    f.median = ms[ms.size() / 2];
    f.p95 = ms[static_cast<size_t>(ms.size() * 0.95)];
    return f;
}

/// Densest image of part A train (3,139 heads) when ../shared is present.
bool densestPartAImage(QString* image, QString* groundTruth) {
    const QString split = QStringLiteral(CROWDKD_SHARED_DIR "/data/ShanghaiTech/part_A/train_data");
    const QString candidate = split + QStringLiteral("/images/IMG_7.jpg");
    if (!QFileInfo::exists(candidate))
        return false;
    int best = -1;
    const QDir gtDir(split + QStringLiteral("/ground-truth"));
    for (const QString& name : gtDir.entryList({QStringLiteral("GT_IMG_*.mat")})) {
        const int count =
            static_cast<int>(crowdkd::ui::readHeadPoints(gtDir.filePath(name)).size());
        if (count > best) {
            best = count;
            *groundTruth = gtDir.filePath(name);
            *image = split + QStringLiteral("/images/") +
                     name.mid(3).replace(QStringLiteral(".mat"), QStringLiteral(".jpg"));
        }
    }
    return best > 0;
}

void measureFrames(AnnotationCanvas& canvas, const char* label) {
    QImage target(canvas.size() * canvas.devicePixelRatioF(), QImage::Format_ARGB32_Premultiplied);
    target.setDevicePixelRatio(canvas.devicePixelRatioF());
    std::vector<double> pan;
    std::vector<double> zoom;
    std::vector<double> panCpu;
    std::vector<double> zoomCpu;
    QElapsedTimer timer;
    canvas.fitToWindow();
    for (int i = 0; i < kFrames; ++i) {
        canvas.panBy(QPointF(i % 40 < 20 ? 6 : -6, i % 30 < 15 ? 3 : -3));
        timer.start();
        double cpu = threadCpuMs();
        canvas.render(&target);
        pan.push_back(timer.nsecsElapsed() / 1e6);
        panCpu.push_back(threadCpuMs() - cpu);
    }
    canvas.fitToWindow();
    const QPointF centre(canvas.width() * 0.4, canvas.height() * 0.55);
    for (int i = 0; i < kFrames; ++i) {
        // Zoom in to 8x the fitted size and back out, to the cursor.
        const double factor = (i / 40) % 2 == 0 ? 1.055 : 1 / 1.055;
        canvas.setZoom(canvas.zoom() * factor, centre);
        timer.start();
        double cpu = threadCpuMs();
        canvas.render(&target);
        zoom.push_back(timer.nsecsElapsed() / 1e6);
        zoomCpu.push_back(threadCpuMs() - cpu);
    }
    const Figures p = summarize(pan);
    const Figures z = summarize(zoom);
    const Figures pc = summarize(panCpu);
    const Figures zc = summarize(zoomCpu);
    std::printf("%-34s pan  frame: wall mean %6.2f median %6.2f p95 %6.2f | CPU mean %6.2f "
                "median %6.2f p95 %6.2f ms\n",
                label, p.mean, p.median, p.p95, pc.mean, pc.median, pc.p95);
    std::printf("%-34s zoom frame: wall mean %6.2f median %6.2f p95 %6.2f | CPU mean %6.2f "
                "median %6.2f p95 %6.2f ms\n",
                label, z.mean, z.median, z.p95, zc.mean, zc.median, zc.p95);
}

} // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);

    AnnotationDocument document;
    AnnotationCanvas canvas;
    canvas.setDocument(&document);
    canvas.resize(kCanvasWidth, kCanvasHeight);
    canvas.show();

    // 1. The densest real image.
    QString image;
    QString groundTruth;
    if (densestPartAImage(&image, &groundTruth)) {
        document.load(image, groundTruth);
        const QString label =
            QStringLiteral("%1 (%2 heads)").arg(QFileInfo(image).fileName()).arg(document.count());
        measureFrames(canvas, label.toUtf8().constData());
    } else {
        std::printf("shared part A not found: skipping the 3,139-head image\n");
    }

    // 2. 20,000 heads on a 2048x1536 image: 5,000 of them in a known box for the bulk edit.
    QImage base = crowdkd::ui::readQImage(QStringLiteral(CROWDKD_SAMPLE_IMAGE));
    QImage large = base.scaled(2048, 1536, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    QRandomGenerator random(7);
    const QRectF box(100, 300, 600, 600);
    QVector<QPointF> points;
    points.reserve(20000);
    while (points.size() < 5000)
        points.append(QPointF(box.left() + 10 + random.bounded(box.width() - 20),
                              box.top() + 10 + random.bounded(box.height() - 20)));
    while (points.size() < 20000) {
        const QPointF p(random.bounded(2048.0), random.bounded(1536.0));
        if (!box.adjusted(-12, -12, 12, 12).contains(p))
            points.append(p);
    }
    document.setContent(large, points, QStringLiteral("synthetic.jpg"));
    measureFrames(canvas, "synthetic 2048x1536 (20,000 heads)");

    // Bulk delete by rubber band through mouse and key events, then undo.
    canvas.fitToWindow();
    QImage target(canvas.size(), QImage::Format_ARGB32_Premultiplied);
    const QPoint from = canvas.mapFromImage(box.topLeft()).toPoint();
    const QPoint to = canvas.mapFromImage(box.bottomRight()).toPoint();
    QElapsedTimer timer;
    timer.start();
    double cpu = threadCpuMs();
    QTest::mousePress(&canvas, Qt::LeftButton, {}, from);
    QTest::mouseMove(&canvas, (from + to) / 2);
    QTest::mouseMove(&canvas, to);
    QTest::mouseRelease(&canvas, Qt::LeftButton, {}, to);
    canvas.render(&target);
    const double selectMs = timer.nsecsElapsed() / 1e6;
    const double selectCpu = threadCpuMs() - cpu;
    const int selected = document.selectedCount();
    timer.start();
    cpu = threadCpuMs();
    QTest::keyClick(&canvas, Qt::Key_Delete);
    canvas.render(&target);
    const double deleteMs = timer.nsecsElapsed() / 1e6;
    const double deleteCpu = threadCpuMs() - cpu;
    const int afterDelete = document.count();
    timer.start();
    cpu = threadCpuMs();
    document.undoStack()->undo();
    canvas.render(&target);
    const double undoMs = timer.nsecsElapsed() / 1e6;
    const double undoCpu = threadCpuMs() - cpu;
    timer.start();
    cpu = threadCpuMs();
    document.undoStack()->redo();
    canvas.render(&target);
    const double redoMs = timer.nsecsElapsed() / 1e6;
    const double redoCpu = threadCpuMs() - cpu;
    std::printf("rubber band selects %d of 20,000 heads: wall %.2f ms, CPU %.2f ms (incl. one "
                "frame)\n",
                selected, selectMs, selectCpu);
    std::printf("delete %d heads: wall %.2f / CPU %.2f ms; undo: wall %.2f / CPU %.2f ms; redo: "
                "wall %.2f / CPU %.2f ms (each incl. one frame); %d heads left after delete\n",
                selected, deleteMs, deleteCpu, undoMs, undoCpu, redoMs, redoCpu, afterDelete);
    return selected == 5000 && afterDelete == 15000 ? 0 : 1;
}
