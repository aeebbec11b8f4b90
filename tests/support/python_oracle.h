#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

// Debian's PyTorch, torchvision and SciPy as oracles: tests run a short script and compare.
namespace crowdkd::test {

/// The interpreter Debian's python3-torch, python3-torchvision and python3-scipy belong to (the
/// `python3` on PATH may lack them).
inline const QString kOraclePython = QStringLiteral("/usr/bin/python3");

/// What a script printed, or why it failed.
struct PythonRun {
    bool ok = false;
    QByteArray output; ///< standard output
    QString error;     ///< standard error, or why it did not run
};

/// Runs `code` with `arguments` (sys.argv[1:]) and waits up to `timeoutMs`.
inline PythonRun runPython(const QString& code, const QStringList& arguments = {},
                           int timeoutMs = 300'000) {
    QProcess process;
    process.start(kOraclePython, QStringList{QStringLiteral("-c"), code} + arguments);
    PythonRun run;
    if (!process.waitForFinished(timeoutMs)) {
        run.error = QStringLiteral("python did not finish: ") + process.errorString();
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.output = process.readAllStandardOutput();
    run.error = QString::fromUtf8(process.readAllStandardError());
    run.ok = process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
    return run;
}

/// Whether `/usr/bin/python3` can import `module` (tests skip, naming the package, otherwise).
inline bool pythonHasModule(const QString& module) {
    return runPython(QStringLiteral("import ") + module, {}, 120'000).ok;
}

} // namespace crowdkd::test
