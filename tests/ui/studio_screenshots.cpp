// The documentation's screenshots of the studio (docs/images), taken the way a user meets it: a
// 1280x720 window, in English and in Korean, on the real part A data, a finished tiny KD run, the
// published MCNN as a model and a damaged image among the counted ones. Run by the
// `update_screenshots` target; not a test (it asserts nothing), but built with the studio tests
// because it drives the workspaces through the same public API.
//     studio_screenshots OUT_DIR
#include "annotate/annotate_workspace.h"
#include "annotate/annotation_canvas.h"
#include "annotate/annotation_document.h"
#include "annotate/proposal_panel.h"
#include "annotate/review_panel.h"
#include "common/studio_support.h"
#include "compare/compare_workspace.h"
#include "count/count_workspace.h"
#include "dataset/dataset_model.h"
#include "dataset/dataset_session.h"
#include "export_model/export_dialog.h"
#include "head_groups.h"
#include "pipeline/training_config.h"
#include "shell/language.h"
#include "shell/main_window.h"
#include "studio_test_support.h"
#include "test_support.h"
#include "train/experiment_panel.h"
#include "train/train_workspace.h"
#include "train/training_charts.h"
#include "train/training_session.h"

#include <QApplication>
#include <QCheckBox>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLineEdit>
#include <QMessageBox>
#include <QPainter>
#include <QPixmap>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolTip>
#include <qcustomplot.h>

#include <algorithm>
#include <cstdio>
#include <functional>

using namespace crowdkd;
using namespace crowdkd::ui;

namespace {

/// The window size of every screenshot: the smallest screen the studio is made for.
constexpr QSize kWindowSize(1280, 720);
/// Longest wait for one step (a tiny training run on a loaded machine), in milliseconds.
constexpr int kTimeoutMs = 600000;
/// Time given to deferred work before a grab, in milliseconds.
constexpr int kSettleMs = 800;

QString shared(const QString& relative) {
    return QDir(test::sharedDir()).filePath(relative);
}

/// Processes events until `done` holds; false after kTimeoutMs.
bool waitUntil(const std::function<bool()>& done) {
    QDeadlineTimer deadline(kTimeoutMs);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    }
    return true;
}

/// Lets pending layouts, repaints, queued results and the charts' deferred replot (250 ms) land
/// before a grab.
void settle() {
    QTest::qWait(kSettleMs);
}

/// Takes the screenshots of one language into `out` (names end in `suffix`).
class Photographer {
public:
    Photographer(QString out, QString suffix, QString runs)
        : m_out(std::move(out))
        , m_suffix(std::move(suffix))
        , m_runs(std::move(runs)) {}

    bool run() {
        MainWindow window;
        window.resize(kWindowSize);
        window.show();
        settle();
        save(window, QStringLiteral("welcome"));

        QSignalSpy opened(window.session(), &DatasetSession::opened);
        window.openDataset(shared(QStringLiteral("data/ShanghaiTech/part_A")));
        if (!waitUntil([&] { return !opened.isEmpty(); }))
            return fail("the dataset did not open");
        window.setWorkspace(QStringLiteral("dataset"));
        // Every thumbnail and head count in, so the statistics are complete.
        DatasetModel* model = window.session()->currentModel();
        if (model && model->isLoading()) {
            QSignalSpy loaded(model, &DatasetModel::loadingFinished);
            if (!waitUntil([&] { return !loaded.isEmpty(); }))
                return fail("the dataset's thumbnails did not load");
        }
        settle();
        save(window, QStringLiteral("dataset_browser"));
        if (!photographProblems(window))
            return false;

        auto* annotate = window.workspace<AnnotateWorkspace>();
        const QString image =
            shared(QStringLiteral("data/ShanghaiTech/part_A/train_data/images/IMG_2.jpg"));
        window.setWorkspace(QStringLiteral("annotate"));
        if (!test::openAndWait(*annotate, image, groundTruthPathForImage(image)))
            return fail("IMG_2 did not open");
        for (QCheckBox* box : annotate->findChildren<QCheckBox*>())
            if (box->text() == AnnotateWorkspace::tr("Show density map"))
                box->setChecked(true);
        settle();
        save(window, QStringLiteral("annotate"));
        if (!photographProposals(window, *annotate, image))
            return false;

        auto* train = window.workspace<TrainWorkspace>();
        window.setWorkspace(QStringLiteral("train"));
        train->setRunsRoot(m_runs);
        if (train->pastRuns().isEmpty()) { // the first language trains the run the second shows
            train->setConfig(test::tinyKdConfig(4, 12, 128, 2));
            QSignalSpy finished(train->session(), &TrainingSession::finished);
            if (!train->startTraining(true) || !waitUntil([&] { return !finished.isEmpty(); }))
                return fail("the tiny training run did not finish");
        } else {
            QSignalSpy shown(train, &TrainWorkspace::runCurvesShown);
            train->openRun(train->pastRuns().front());
            if (!waitUntil([&] { return !shown.isEmpty(); }))
                return fail("the past run's curves were not drawn");
        }
        settle();
        save(window, QStringLiteral("train"));
        if (!photographComparedCurves(window, *train) || !photographAlphaSweep(window, *train))
            return false;

        const QString teacher =
            shared(QStringLiteral("fixtures/pretrained/mcnn_shtechA_svishwa.pth"));
        auto* compare = window.workspace<CompareWorkspace>();
        compare->setRunsRoot(m_runs);
        window.setWorkspace(QStringLiteral("compare"));
        compare->setModel(CompareSlot::Teacher, teacher);
        compare->addRun(train->pastRuns().front());
        compare->waitUntilIdle();
        settle();
        save(window, QStringLiteral("compare"));

        // Count: two test images and a damaged copy, whose reason shows in its row.
        QTemporaryDir damaged;
        const QString broken = damaged.filePath(QStringLiteral("IMG_3_truncated.jpg"));
        QFile source(shared(QStringLiteral("data/ShanghaiTech/part_A/test_data/images/IMG_3.jpg")));
        QFile copy(broken);
        if (source.open(QIODevice::ReadOnly) && copy.open(QIODevice::WriteOnly))
            copy.write(source.read(source.size() / 3));
        copy.close();
        auto* count = window.workspace<CountWorkspace>();
        window.setWorkspace(QStringLiteral("count"));
        count->setModel(teacher);
        count->addPaths(
            {shared(QStringLiteral("data/ShanghaiTech/part_A/test_data/images/IMG_1.jpg")),
             shared(QStringLiteral("data/ShanghaiTech/part_A/test_data/images/IMG_2.jpg")), broken},
            false);
        count->waitUntilIdle();
        settle();
        save(window, QStringLiteral("count"));

        ExportDialog dialog(defaultStudentPath(), &window);
        dialog.show();
        settle();
        save(dialog, QStringLiteral("export_dialog"));
        return m_ok;
    }

private:
    /// The Train charts with a plain student's curves drawn over the distilled run's, and the
    /// pointer on a point of the smoothed loss showing its exact values. The plain run is trained
    /// by the first language in a runs folder of its own, so that the past runs stay as the other
    /// photographs expect.
    bool photographComparedCurves(MainWindow& window, TrainWorkspace& train) {
        const QString distilled = train.pastRuns().front();
        train.setRunsRoot(QDir(m_runs).filePath(QStringLiteral("plain")));
        if (train.pastRuns().isEmpty()) {
            pipeline::TrainingConfig config = test::tinyKdConfig(4, 12, 128, 2);
            config.mode = pipeline::TrainingMode::Student;
            train.setConfig(config);
            QSignalSpy finished(train.session(), &TrainingSession::finished);
            if (!train.startTraining(true) || !waitUntil([&] { return !finished.isEmpty(); }))
                return fail("the plain student's tiny run did not finish");
        }
        const QString plain = train.pastRuns().front();
        train.setRunsRoot(m_runs);
        QSignalSpy shown(&train, &TrainWorkspace::runCurvesShown);
        train.openRun(distilled);
        if (!waitUntil([&] { return !shown.isEmpty(); }))
            return fail("the distilled run's curves were not drawn");
        TrainingCharts* charts = train.charts();
        charts->addOverlay(readRunCurves(plain), QFileInfo(plain).fileName());
        settle();
        charts->replotNow();
        const QCPGraph* smoothed = charts->smoothedLossGraph();
        if (smoothed->dataCount() == 0)
            return fail("the compared curves have no smoothed loss");
        const auto point = smoothed->data()->at(smoothed->dataCount() / 2);
        QCustomPlot* plot = charts->lossPlot();
        QTest::mouseMove(plot, QPoint(qRound(plot->xAxis->coordToPixel(point->key)),
                                      qRound(plot->yAxis->coordToPixel(point->value))));
        if (!waitUntil([] { return QToolTip::isVisible(); }))
            return fail("hovering the loss curve showed no values");
        settle();
        // A tooltip is a window of its own: drawn onto the window's picture where it stands.
        QPixmap picture = window.grab();
        for (QWidget* widget : QApplication::topLevelWidgets()) {
            if (!widget->inherits("QTipLabel") || !widget->isVisible())
                continue;
            QPainter painter(&picture);
            painter.drawPixmap(widget->mapToGlobal(QPoint()) - window.mapToGlobal(QPoint()),
                               widget->grab());
        }
        save(picture, QStringLiteral("train_compared_curves"));
        QToolTip::hideText();
        train.openRun(distilled); // without the overlay again
        return true;
    }

    /// The α-sweep tab with the tables of a tiny experiment (student and kd at α 0.1 and 0.5, one
    /// epoch each, three test images), run by the first language and reopened by the second.
    bool photographAlphaSweep(MainWindow& window, TrainWorkspace& train) {
        ExperimentPanel* panel = train.experimentPanel();
        auto* tabs = train.findChild<QTabWidget*>();
        const QString folder = QDir(m_runs).filePath(QStringLiteral("sweep"));
        if (!QFileInfo::exists(QDir(folder).filePath(QStringLiteral("table1.md")))) {
            train.setConfig(test::tinyKdConfig(1, 6, 64, 4, 2));
            panel->findChild<QLineEdit*>(QStringLiteral("experimentAlphas"))
                ->setText(QStringLiteral("0.1, 0.5"));
            panel->setMaxTestImages(3);
            panel->setOutputFolder(folder);
            QSignalSpy finished(panel, &ExperimentPanel::experimentFinished);
            if (!panel->startExperiment() || !waitUntil([&] { return !finished.isEmpty(); }) ||
                !finished.front().front().toBool())
                return fail("the tiny experiment did not finish");
        } else if (!panel->openExperiment(folder)) {
            return fail("the tiny experiment did not reopen");
        }
        tabs->setCurrentWidget(panel);
        settle();
        save(window, QStringLiteral("alpha_sweep"));
        tabs->setCurrentIndex(0);
        return true;
    }

    /// The dataset browser on a copy of six part A test pairs, one image cut short and one
    /// annotation damaged: both marked, listed under Problems, the statistics over the rest.
    /// Propose Heads on IMG_2 with a patch of 40 heads left out of the annotation (in memory
    /// only): the proposals in a region around the patch, then the status after accepting them.
    bool photographProposals(MainWindow& window, AnnotateWorkspace& annotate,
                             const QString& image) {
        AnnotationDocument* document = annotate.document();
        const QVector<QPointF> original = document->points();
        std::vector<HeadPoint> heads;
        for (const QPointF& p : original)
            heads.push_back({p.x(), p.y()});
        const std::vector<std::size_t> group = test::mostCompactGroup(heads, 40);
        QVector<QPointF> kept;
        QRectF patch;
        for (std::size_t i = 0; i < heads.size(); ++i) {
            if (std::find(group.begin(), group.end(), i) == group.end())
                kept.append(original[static_cast<int>(i)]);
            else
                patch |= QRectF(original[static_cast<int>(i)] - QPointF(16, 16), QSizeF(32, 32));
        }
        document->setContent(document->image(), kept, image, groundTruthPathForImage(image));
        annotate.reviewPanel()->setModelPath(
            shared(QStringLiteral("fixtures/pretrained/mcnn_shtechA_svishwa.pth")));
        QSignalSpy finished(annotate.proposalPanel(), &ProposalPanel::proposalsFinished);
        annotate.proposalPanel()->propose(patch);
        if (!waitUntil([&] { return !finished.isEmpty(); }) || !finished.front().front().toBool())
            return fail("no heads were proposed");
        settle(); // the layout and the density overlay land first
        // zoomToRect shows 4 times the rectangle: a third of the patch frames it with some crowd.
        const QSizeF third = patch.size() / 3.0;
        annotate.canvas()->zoomToRect(
            QRectF(patch.center() - QPointF(third.width() / 2, third.height() / 2), third));
        settle();
        save(window, QStringLiteral("propose_heads"));
        document->acceptAllProposals();
        settle();
        save(window, QStringLiteral("propose_heads_accepted"));
        // Back to the file's annotation, unmodified: nothing of this reaches the dataset.
        document->setContent(document->image(), original, image, groundTruthPathForImage(image));
        return true;
    }

    bool photographProblems(MainWindow& window) {
        QTemporaryDir copy;
        const QString split = copy.filePath(QStringLiteral("part_A/test_data"));
        QDir().mkpath(split + QStringLiteral("/images"));
        QDir().mkpath(split + QStringLiteral("/ground-truth"));
        const QDir source(shared(QStringLiteral("data/ShanghaiTech/part_A/test_data")));
        for (int i = 1; i <= 6; ++i) {
            const QString image = QStringLiteral("images/IMG_%1.jpg").arg(i);
            const QString truth = QStringLiteral("ground-truth/GT_IMG_%1.mat").arg(i);
            QFile in(source.filePath(image));
            QFile out(QDir(split).filePath(image));
            if (!in.open(QIODevice::ReadOnly) || !out.open(QIODevice::WriteOnly))
                return fail("the sample pairs could not be copied");
            out.write(i == 3 ? in.read(in.size() / 3) : in.readAll()); // IMG_3 cut short
            QFile truthIn(source.filePath(truth));
            QFile truthOut(QDir(split).filePath(truth));
            if (!truthIn.open(QIODevice::ReadOnly) || !truthOut.open(QIODevice::WriteOnly))
                return fail("the sample pairs could not be copied");
            const QByteArray bytes = truthIn.readAll();
            // GT_IMG_5.mat: its MAT header, then bytes that are no MAT element.
            truthOut.write(i == 5 ? bytes.left(128) + QByteArray(200, '\x5a') : bytes);
        }
        QSignalSpy opened(window.session(), &DatasetSession::opened);
        window.openDataset(copy.filePath(QStringLiteral("part_A")));
        if (!waitUntil([&] { return !opened.isEmpty(); }))
            return fail("the damaged copy did not open");
        DatasetModel* model = window.session()->currentModel();
        if (model && model->isLoading()) {
            QSignalSpy loaded(model, &DatasetModel::loadingFinished);
            if (!waitUntil([&] { return !loaded.isEmpty(); }))
                return fail("the damaged copy did not load");
        }
        settle();
        save(window, QStringLiteral("dataset_problems"));
        // Opening the image whose annotation is damaged names the file and offers to set it
        // aside; the box is photographed and cancelled (nothing is renamed), and the note that
        // the image did not open is acknowledged.
        auto* annotate = window.workspace<AnnotateWorkspace>();
        window.setWorkspace(QStringLiteral("annotate"));
        test::MessageBoxDriver driver(QStringLiteral("damagedTruthBox"), QMessageBox::Cancel);
        driver.setOnShown([this](QMessageBox* box) {
            QCoreApplication::processEvents();
            save(*box, QStringLiteral("damaged_annotation"));
        });
        test::MessageBoxDriver acknowledge(QStringLiteral("openFailedBox"), QMessageBox::Ok);
        const QString damagedImage = QDir(split).filePath(QStringLiteral("images/IMG_5.jpg"));
        test::openAndWait(*annotate, damagedImage, groundTruthPathForImage(damagedImage));
        if (!driver.wasAsked())
            return fail("opening the damaged annotation asked nothing");
        window.setWorkspace(QStringLiteral("dataset"));
        // Back to the real data for the other workspaces (the copy goes away).
        opened.clear();
        window.openDataset(shared(QStringLiteral("data/ShanghaiTech/part_A")));
        return waitUntil([&] { return !opened.isEmpty(); }) || fail("part A did not reopen");
    }

    void save(QWidget& widget, const QString& name) { save(widget.grab(), name); }

    void save(const QPixmap& picture, const QString& name) {
        const QString path = QDir(m_out).filePath(name + m_suffix + QStringLiteral(".png"));
        if (!picture.save(path))
            fail(qPrintable(QStringLiteral("could not write ") + path));
        else
            std::printf("%s\n", qPrintable(path));
    }

    bool fail(const char* what) {
        std::fprintf(stderr, "studio_screenshots: %s\n", what);
        m_ok = false;
        return false;
    }

    QString m_out;
    QString m_suffix;
    QString m_runs;
    bool m_ok = true;
};

} // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: studio_screenshots OUT_DIR\n");
        return 2;
    }
    const QString out = QString::fromLocal8Bit(argv[1]);
    if (!QDir().mkpath(out))
        return 1;
    test::isolateUserFolders();
    QTemporaryDir runs;
    bool ok = runs.isValid();
    for (const QString& language : {QStringLiteral("en"), QStringLiteral("ko")}) {
        ok = ok && setLanguage(language);
        ok = ok &&
             Photographer(out, language == QLatin1String("en") ? QString() : QStringLiteral("_ko"),
                          runs.path())
                 .run();
    }
    return ok ? 0 : 1;
}
