#pragma once

#include <QProcess>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

#include <functional>

// Runs the built programs (the `crowdkd` command line, helper programs) as a user would, with a
// time limit: the one process runner of the tests. Tests that run `crowdkd` define
// CROWDKD_CLI_PROGRAM="$<TARGET_FILE:crowdkd>" and add_dependencies(<test> crowdkd).
namespace crowdkd::test {

/// What one run of a program did.
struct ProgramRun {
    int exitCode = -1;
    bool crashed = false;  ///< ended by a signal (segfault, abort, sanitizer)
    bool timedOut = false; ///< killed after the time limit (a hang)
    QString standardOutput;
    QString standardError;
};

/// Runs `program` with `arguments` in `workingDirectory` (empty: the current one), killing it
/// after `timeoutMs`. `childSetup`, when given, runs in the child before the program starts (only
/// async-signal-safe calls: e.g. setuid to run as another user).
inline ProgramRun runProgram(const QString& program, const QStringList& arguments,
                             int timeoutMs = 60'000, const QString& workingDirectory = {},
                             const std::function<void()>& childSetup = {}) {
    QProcess process;
    if (!workingDirectory.isEmpty())
        process.setWorkingDirectory(workingDirectory);
#ifndef _WIN32
    if (childSetup)
        process.setChildProcessModifier(childSetup);
#endif
    process.start(program, arguments);
    ProgramRun run;
    if (!process.waitForStarted(10'000)) {
        run.standardError =
            QStringLiteral("cannot start %1: %2").arg(program, process.errorString());
        return run;
    }
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        run.timedOut = true;
        process.kill();
        process.waitForFinished(10'000);
    }
    run.crashed = !run.timedOut && process.exitStatus() == QProcess::CrashExit;
    run.exitCode = process.exitCode();
    run.standardOutput = QString::fromUtf8(process.readAllStandardOutput());
    run.standardError = QString::fromUtf8(process.readAllStandardError());
    return run;
}

#ifdef CROWDKD_CLI_PROGRAM
/// The built `crowdkd` command line, or $CROWDKD_CLI (e.g. an installed one) when set.
inline QString crowdkdProgram() {
    const QByteArray fromEnvironment = qgetenv("CROWDKD_CLI");
    return fromEnvironment.isEmpty() ? QStringLiteral(CROWDKD_CLI_PROGRAM)
                                     : QString::fromLocal8Bit(fromEnvironment);
}

/// Runs `crowdkd` with `arguments` (killed after `timeoutMs`).
inline ProgramRun runCrowdkd(const QStringList& arguments, int timeoutMs = 600'000) {
    return runProgram(crowdkdProgram(), arguments, timeoutMs);
}

/// True when the built `crowdkd` has the subcommand `name` (the tree grows subcommands over time;
/// tests of a missing one are skipped, not failed).
inline bool hasSubcommand(const QString& name) {
    // `crowdkd NAME --help` succeeds for unknown names too (the top-level help): read the list.
    const ProgramRun run = runProgram(crowdkdProgram(), {QStringLiteral("--help")}, 30'000);
    const qsizetype listed = run.standardOutput.indexOf(QStringLiteral("Subcommands:"));
    if (run.exitCode != 0 || listed < 0)
        return false;
    const QRegularExpression entry(
        QStringLiteral("\\n\\s+%1(\\s|$)").arg(QRegularExpression::escape(name)));
    return entry.match(run.standardOutput, listed).hasMatch();
}

#endif

} // namespace crowdkd::test
