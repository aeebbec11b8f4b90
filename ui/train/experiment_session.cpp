#include "train/experiment_session.h"

#include "common/studio_support.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QPointer>

#include <exception>

namespace crowdkd::ui {

namespace {

/// Splits one CSV line of the experiment's tables (quoted first field, numbers after).
QStringList splitCsvLine(const QString& line) {
    QStringList fields;
    QString field;
    bool quoted = false;
    for (const QChar c : line) {
        if (c == QLatin1Char('"'))
            quoted = !quoted;
        else if (c == QLatin1Char(',') && !quoted)
            fields << std::exchange(field, QString());
        else
            field += c;
    }
    fields << field;
    return fields;
}

// Largest experiment table read back: a row per model or per α, a few hundred bytes in all.
constexpr qint64 kMaxTableBytes = 1 << 20;
// Most rows read back from one table (each becomes a row of the panel's tables).
constexpr int kMaxTableRows = 1000;

/// The rows of one table file: each line split, the header dropped.
bool readCsv(const QString& path, int columns, QVector<QStringList>* rows, QString* error) {
    QByteArray contents;
    if (!readUserFile(path, kMaxTableBytes, &contents, error))
        return false;
    const QStringList lines =
        QString::fromUtf8(contents).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    if (lines.size() - 1 > kMaxTableRows) {
        if (error)
            *error = QCoreApplication::translate("crowdkd::ui::ExperimentSession",
                                                 "%1: %2 rows, more than an experiment writes")
                         .arg(QDir::toNativeSeparators(path))
                         .arg(lines.size() - 1);
        return false;
    }
    for (int i = 1; i < lines.size(); ++i) {
        const QStringList fields = splitCsvLine(lines[i].trimmed());
        if (fields.size() != columns) {
            if (error)
                *error = QCoreApplication::translate("crowdkd::ui::ExperimentSession",
                                                     "%1: line %2 has %3 fields, not %4")
                             .arg(QDir::toNativeSeparators(path))
                             .arg(i + 1)
                             .arg(fields.size())
                             .arg(columns);
            return false;
        }
        rows->append(fields);
    }
    return true;
}

} // namespace

bool readExperimentTables(const QString& dir, ExperimentTables* tables, QString* error) {
    QVector<QStringList> rows1;
    QVector<QStringList> rows2;
    if (!readCsv(QDir(dir).filePath(QStringLiteral("table1.csv")), 4, &rows1, error) ||
        !readCsv(QDir(dir).filePath(QStringLiteral("table2.csv")), 3, &rows2, error))
        return false;
    ExperimentTables read;
    for (const QStringList& f : rows1)
        read.table1.append({f[0], -1, f[1].toDouble(), f[2].toDouble(), f[3].toDouble()});
    for (const QStringList& f : rows2)
        read.table2.append({QString(), f[0].toDouble(), 0, f[1].toDouble(), f[2].toDouble()});
    *tables = read;
    return true;
}

/// Forwards the experiment's events (worker thread) to the session's signals (GUI thread).
class ExperimentSession::Listener : public pipeline::ExperimentListener {
public:
    explicit Listener(ExperimentSession* session)
        : m_session(session) {}

    void onRunStarted(const std::string& name, int index, int count, bool skipped) override {
        const QString run = QString::fromStdString(name);
        post([=](ExperimentSession* s) { emit s->runStarted(run, index, count, skipped); });
    }
    void onIteration(const pipeline::IterationProgress& p) override {
        const int epoch = p.epoch;
        const int epochs = p.epochs;
        const int batch = p.batchInEpoch;
        const int batches = p.iterationsPerEpoch;
        post([=](ExperimentSession* s) { emit s->epochProgress(epoch, epochs, batch, batches); });
    }
    void onEvaluation(const std::string& name, int done, int total) override {
        const QString run = QString::fromStdString(name);
        post([=](ExperimentSession* s) { emit s->evaluating(run, done, total); });
    }

    template <typename F>
    void post(F f) {
        postToObject(m_session, f);
    }

private:
    ExperimentSession* m_session;
};

ExperimentSession::ExperimentSession(QObject* parent)
    : QObject(parent) {}

ExperimentSession::~ExperimentSession() {
    stop();
    wait();
}

bool ExperimentSession::start(const pipeline::ExperimentConfig& config, QString* error) {
    if (m_running) {
        if (error)
            *error = tr("An experiment is already running.");
        return false;
    }
    try {
        config.training.resolved().validate();
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromUtf8(e.what());
        return false;
    }
    wait();
    m_control = std::make_unique<pipeline::TrainingControl>();
    m_listener = std::make_unique<Listener>(this);
    m_running = true;
    pipeline::TrainingControl* control = m_control.get();
    Listener* listener = m_listener.get();
    m_thread = std::thread([config, control, listener] {
        bool cancelled = false;
        QString failure;
        try {
            cancelled = pipeline::runExperiment(config, listener, control).cancelled;
        } catch (const std::exception& e) {
            failure = QString::fromUtf8(e.what());
        }
        listener->post([cancelled, failure](ExperimentSession* s) {
            s->wait();
            s->m_running = false;
            emit s->finished(cancelled, failure);
        });
    });
    return true;
}

void ExperimentSession::stop() {
    if (m_running && m_control)
        m_control->requestCancel();
}

void ExperimentSession::wait() {
    if (m_thread.joinable())
        m_thread.join();
}

} // namespace crowdkd::ui
