#pragma once

#include <QFileInfo>
#include <QProcess>
#include <QString>
#include <QStringList>

// Trojan model files for the tests that prove no model file runs code: make_trojan_archive.py
// (PyTorch) copies a clean CrowdKD LibTorch archive and plants TorchScript that writes a marker
// file when LibTorch loads it.
namespace crowdkd::test {

/// Where Debian's python3-torch lives.
inline const QString kTrojanPython = QStringLiteral("/usr/bin/python3");

/// Whether PyTorch is there to make trojans (tests skip otherwise).
inline bool canMakeTrojans() {
    QProcess probe;
    probe.start(kTrojanPython, {QStringLiteral("-c"), QStringLiteral("import torch")});
    return probe.waitForFinished(120'000) && probe.exitStatus() == QProcess::NormalExit &&
           probe.exitCode() == 0;
}

/// Writes to `out` a copy of the CrowdKD archive `clean` (an export or a checkpoint) whose loading
/// by LibTorch writes `marker` (and then hangs, with `loop`). Returns an error text, empty on
/// success.
inline QString makeTrojanArchive(const QString& clean, const QString& out, const QString& marker,
                                 bool loop = false) {
    QStringList arguments{QStringLiteral(CROWDKD_TEST_SUPPORT_DIR "/make_trojan_archive.py"), clean,
                          out, marker};
    if (loop)
        arguments << QStringLiteral("--loop");
    QProcess process;
    process.start(kTrojanPython, arguments);
    if (!process.waitForFinished(300'000))
        return QStringLiteral("make_trojan_archive.py did not finish");
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return QString::fromUtf8(process.readAllStandardError());
    return QFileInfo::exists(out) ? QString() : QStringLiteral("no trojan written");
}

/// Whether the trojan is real: PyTorch itself (never CrowdKD) loads `trojan` with torch.jit.load,
/// which runs its code; true when that wrote its marker file `marker`.
inline bool trojanRunsInPyTorch(const QString& trojan, const QString& marker) {
    QProcess process;
    process.start(kTrojanPython,
                  {QStringLiteral("-c"),
                   QStringLiteral("import sys, torch; torch.jit.load(sys.argv[1])"), trojan});
    return process.waitForFinished(300'000) && QFileInfo::exists(marker);
}

} // namespace crowdkd::test
