#pragma once

#include <QString>
#include <QVector>

namespace crowdkd::ui {

/// One model file a model picker offers, and where it comes from.
struct ModelChoice {
    enum class Source {
        Run,        ///< a training run's best checkpoint
        RunTeacher, ///< the teacher a knowledge-distillation run learnt from
        Export,     ///< a file written by the Export dialog
    };
    Source source = Source::Run;
    QString path;
    /// The run's folder name (Run, RunTeacher).
    QString runName;
    /// The run's mode as config.json writes it ("kd", "student", "teacher"; Run only).
    QString mode;
    double alpha = 0;
    double bestMae = -1;

    /// The picker's text, translated: "Run 2025-… (KD α=0.1), MAE 110.2", "Teacher of run …",
    /// "Exported: student.onnx".
    QString text() const;
};

/// The models a user is likely to want beside the default student, shared by the Compare and
/// Count pickers: the best checkpoints of the newest runs in `runsRoot` (at most `maxRuns`), the
/// teachers those runs used, then the recent exports (settings::kRecentExports). Files that are
/// gone are left out, and each file is offered once. Reads only small JSON files.
QVector<ModelChoice> modelChoices(const QString& runsRoot, int maxRuns = 8);

/// The teacher file `runDir`'s config.json names (a KD run's), when it exists; empty otherwise.
QString runTeacher(const QString& runDir);

} // namespace crowdkd::ui
