#include "common/model_choices.h"

#include "common/settings_keys.h"
#include "common/studio_support.h"
#include "pipeline/run_summary.h"
#include "pipeline/training_config.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLocale>

#include <exception>
#include <optional>

namespace crowdkd::ui {

namespace {

/// A run's overview, or nullopt when `dir` holds no readable run.
std::optional<pipeline::RunOverview> overviewOf(const QString& dir) {
    try {
        return pipeline::readRunOverview(toPath(dir));
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

} // namespace

QString ModelChoice::text() const {
    const QLocale locale;
    switch (source) {
    case Source::Run: {
        QString modeText;
        if (mode == QLatin1String("kd"))
            modeText = QCoreApplication::translate("crowdkd::ui::ModelChoice", "KD α=%1")
                           .arg(locale.toString(alpha, 'g', 3));
        else if (mode == QLatin1String("teacher"))
            modeText = QCoreApplication::translate("crowdkd::ui::ModelChoice", "teacher");
        else
            modeText = QCoreApplication::translate("crowdkd::ui::ModelChoice", "student");
        QString label = QCoreApplication::translate("crowdkd::ui::ModelChoice", "Run %1 (%2)")
                            .arg(runName, modeText);
        if (bestMae >= 0)
            label += QCoreApplication::translate("crowdkd::ui::ModelChoice", ", MAE %1")
                         .arg(locale.toString(bestMae, 'f', 1));
        return label;
    }
    case Source::RunTeacher:
        return QCoreApplication::translate("crowdkd::ui::ModelChoice", "Teacher of run %1: %2")
            .arg(runName, QFileInfo(path).fileName());
    case Source::Export:
        return QCoreApplication::translate("crowdkd::ui::ModelChoice", "Exported: %1")
            .arg(QFileInfo(path).fileName());
    }
    return QFileInfo(path).fileName();
}

QString runTeacher(const QString& runDir) {
    const auto overview = overviewOf(runDir);
    if (!overview || overview->config.mode != pipeline::TrainingMode::Kd)
        return {};
    const QString teacher = toQString(overview->config.teacher);
    return !teacher.isEmpty() && QFileInfo(teacher).isFile() ? teacher : QString();
}

QVector<ModelChoice> modelChoices(const QString& runsRoot, int maxRuns) {
    QVector<ModelChoice> runs;
    QVector<ModelChoice> teachers;
    QStringList seen;
    const auto offer = [&seen](QVector<ModelChoice>& list, ModelChoice choice) {
        choice.path = QFileInfo(choice.path).absoluteFilePath();
        if (seen.contains(choice.path) || !QFileInfo(choice.path).isFile())
            return;
        seen << choice.path;
        list.append(choice);
    };
    if (!runsRoot.isEmpty()) {
        const QFileInfoList folders =
            QDir(runsRoot).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Time);
        for (const QFileInfo& folder : folders) {
            if (runs.size() >= maxRuns)
                break;
            const auto overview = overviewOf(folder.absoluteFilePath());
            if (!overview || overview->bestCheckpoint.empty())
                continue;
            ModelChoice run;
            run.source = ModelChoice::Source::Run;
            run.path = toQString(overview->bestCheckpoint);
            run.runName = folder.fileName();
            run.mode = QString::fromStdString(pipeline::toString(overview->config.mode));
            run.alpha = overview->config.alpha;
            if (overview->summary)
                run.bestMae = overview->summary->result.bestMae;
            offer(runs, run);
            if (overview->config.mode == pipeline::TrainingMode::Kd &&
                !overview->config.teacher.empty()) {
                ModelChoice teacher;
                teacher.source = ModelChoice::Source::RunTeacher;
                teacher.path = toQString(overview->config.teacher);
                teacher.runName = folder.fileName();
                offer(teachers, teacher);
            }
        }
    }
    QVector<ModelChoice> all = runs + teachers;
    for (const QString& file : settings::kRecentExports.read()) {
        ModelChoice exported;
        exported.source = ModelChoice::Source::Export;
        exported.path = file;
        offer(all, exported);
    }
    return all;
}

} // namespace crowdkd::ui
