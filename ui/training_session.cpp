#include "training_session.h"

#include "pipeline/run_directory.h"
#include "studio_support.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QLocale>
#include <QMetaObject>
#include <QPointer>

#include <exception>
#include <fstream>
#include <string>

namespace crowdkd::ui {

namespace {

/// Reads a JSON file, or an empty object when it is missing or unreadable.
nlohmann::json readJsonFile(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in)
        return nlohmann::json::object();
    try {
        return nlohmann::json::parse(in);
    } catch (const std::exception&) {
        return nlohmann::json::object();
    }
}

/// Throws the engine's FileError ("… is in use by process N") when another run holds the folder:
/// refused up front, before the run starts; the engine then holds the lock itself while it runs.
void checkNotInUse(const QString& runDirectory) {
    const pipeline::RunLock probe(toPath(runDirectory));
}

void registerMetaTypes() {
    static const bool registered = [] {
        qRegisterMetaType<pipeline::TrainingStarted>();
        qRegisterMetaType<pipeline::IterationProgress>();
        qRegisterMetaType<pipeline::ValidationReport>();
        qRegisterMetaType<pipeline::CheckpointSaved>();
        qRegisterMetaType<pipeline::TrainingResult>();
        return true;
    }();
    Q_UNUSED(registered);
}

} // namespace

bool readRunInfo(const QString& dir, RunInfo* info) {
    const std::filesystem::path root = toPath(dir);
    if (!pipeline::RunDirectory::isRunDirectory(root))
        return false;
    const nlohmann::json config = readJsonFile(root / "config.json");
    const nlohmann::json summary = readJsonFile(root / "summary.json");
    *info = RunInfo{};
    info->directory = dir;
    info->mode = QString::fromStdString(config.value("mode", std::string("student")));
    info->alpha = config.value("alpha", 0.0);
    info->epochs = config.value("epochs", 0);
    info->status = QString::fromStdString(summary.value("status", std::string("incomplete")));
    info->bestMae = summary.value("best_mae", -1.0);
    info->bestRmse = summary.value("best_rmse", -1.0);
    info->bestEpoch = summary.value("best_epoch", -1);
    info->weightsMegabytes = summary.value("weights_mb", 0.0);
    info->wallSeconds = summary.value("wall_seconds", 0.0);
    info->epochsDone = summary.value("epochs_done", 0);
    info->resumable = std::filesystem::exists(root / "last.pt");
    if (std::filesystem::exists(root / "best.pt"))
        info->bestCheckpoint = toQString(root / "best.pt");
    return true;
}

QString runModeText(const RunInfo& info) {
    // The texts belong to the Train workspace, where runs were listed first.
    if (info.mode == QLatin1String("kd"))
        return QCoreApplication::translate("crowdkd::ui::TrainWorkspace", "KD α=%1")
            .arg(QLocale().toString(info.alpha, 'g', 3));
    if (info.mode == QLatin1String("teacher"))
        return QCoreApplication::translate("crowdkd::ui::TrainWorkspace", "teacher");
    return QCoreApplication::translate("crowdkd::ui::TrainWorkspace", "student");
}

RunCurves readRunCurves(const QString& dir) {
    RunCurves curves;
    std::ifstream in(toPath(dir) / "log.jsonl");
    std::string line;
    while (std::getline(in, line)) {
        nlohmann::json record;
        try {
            record = nlohmann::json::parse(line);
        } catch (const std::exception&) {
            continue; // a line cut by a crash
        }
        const std::string type = record.value("type", std::string());
        if (type == "train") {
            curves.trainIteration.append(record.value("iteration", 0.0));
            curves.loss.append(record.value("loss", 0.0));
            curves.lossGroundTruth.append(record.value("loss_gt", 0.0));
            curves.lossTeacher.append(record.value("loss_teacher", 0.0));
            curves.lr.append(record.value("lr", 0.0));
            const int epoch = record.value("epoch", 0);
            const int batch = record.value("batch", 0);
            const int iteration = record.value("iteration", 0);
            if (epoch > 1 && batch > 0 && curves.iterationsPerEpoch == 0)
                curves.iterationsPerEpoch = (iteration - batch) / (epoch - 1);
        } else if (type == "validation") {
            curves.validationEpoch.append(record.value("epoch", 0.0));
            curves.mae.append(record.value("mae", 0.0));
            curves.rmse.append(record.value("rmse", 0.0));
        }
    }
    return curves;
}

/// Forwards the engine's events (on the worker thread) to the session's signals (GUI thread).
class TrainingSession::Listener : public pipeline::TrainingListener {
public:
    explicit Listener(TrainingSession* session)
        : m_session(session) {}

    void onStarted(const pipeline::TrainingStarted& event) override {
        post([event](TrainingSession* s) { emit s->started(event); });
    }
    void onIteration(const pipeline::IterationProgress& event) override {
        post([event](TrainingSession* s) { emit s->iteration(event); });
    }
    void onValidation(const pipeline::ValidationReport& event) override {
        post([event](TrainingSession* s) { emit s->validated(event); });
    }
    void onCheckpoint(const pipeline::CheckpointSaved& event) override {
        post([event](TrainingSession* s) { emit s->checkpointSaved(event); });
    }
    void onMessage(const pipeline::TrainingMessage& event) override {
        const QString text = QString::fromStdString(event.text);
        const int done = event.done;
        const int total = event.total;
        post([text, done, total](TrainingSession* s) { emit s->message(text, done, total); });
    }

    void onPaused(const pipeline::TrainingPaused& event) override {
        const qint64 at = event.iteration;
        post([at](TrainingSession* s) { emit s->enginePaused(at); });
    }
    void onResumed(const pipeline::TrainingResumed& event) override {
        const qint64 at = event.iteration;
        post([at](TrainingSession* s) { emit s->engineResumed(at); });
    }

    template <typename F>
    void post(F f) {
        postToObject(m_session, f);
    }

private:
    TrainingSession* m_session;
};

TrainingSession::TrainingSession(QObject* parent)
    : QObject(parent) {
    registerMetaTypes();
}

TrainingSession::~TrainingSession() {
    stop();
    wait();
}

bool TrainingSession::start(const pipeline::TrainingConfig& config, const QString& runDirectory,
                            QString* error) {
    if (m_running) {
        if (error)
            *error = tr("A training run is already going.");
        return false;
    }
    try {
        config.resolved().validate();
        if (pipeline::RunDirectory::isRunDirectory(toPath(runDirectory))) {
            if (error)
                *error = tr("The folder %1 already holds a run.").arg(runDirectory);
            return false;
        }
        auto trainer = std::make_unique<pipeline::Trainer>(config, toPath(runDirectory));
        if (QFileInfo(runDirectory).isDir())
            checkNotInUse(runDirectory);
        m_runDirectory = runDirectory;
        launch(std::move(trainer));
        return true;
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromStdString(e.what());
        return false;
    }
}

bool TrainingSession::resume(const QString& runDirectory, int epochs, QString* error) {
    if (m_running) {
        if (error)
            *error = tr("A training run is already going.");
        return false;
    }
    try {
        auto trainer = std::make_unique<pipeline::Trainer>(pipeline::Trainer::resumeFrom(
            toPath(runDirectory), epochs > 0 ? std::optional<int>(epochs) : std::nullopt));
        checkNotInUse(runDirectory);
        m_runDirectory = runDirectory;
        launch(std::move(trainer));
        return true;
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromStdString(e.what());
        return false;
    }
}

void TrainingSession::launch(std::unique_ptr<pipeline::Trainer> trainer) {
    wait();
    m_control = std::make_unique<pipeline::TrainingControl>();
    m_listener = std::make_unique<Listener>(this);
    m_running = true;
    pipeline::TrainingControl* control = m_control.get();
    Listener* listener = m_listener.get();
    m_thread = std::thread([this, control, listener, t = std::move(trainer)]() mutable {
        const pipeline::TrainingResult result = t->run(listener, control);
        listener->post([result](TrainingSession* s) {
            s->wait();
            s->m_running = false;
            emit s->finished(result);
        });
    });
}

bool TrainingSession::isPaused() const {
    return m_running && m_control && m_control->isPaused();
}

void TrainingSession::setPaused(bool paused) {
    if (!m_running || !m_control || m_control->isPaused() == paused)
        return;
    m_control->setPaused(paused);
    emit pausedChanged(paused);
}

void TrainingSession::stop() {
    if (m_running && m_control)
        m_control->requestCancel();
}

void TrainingSession::wait() {
    if (m_thread.joinable())
        m_thread.join();
}

} // namespace crowdkd::ui
