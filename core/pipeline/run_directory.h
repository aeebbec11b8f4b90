#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>

namespace crowdkd::pipeline {

/// The files of one training run folder (a value: names only, nothing is touched):
/// - `config.json`: the TrainingConfig as given (see configToJson);
/// - `log.jsonl`: one JSON record per line, per logged step (TrainRecord) and per validation
///   (ValidationRecord), see run_summary.h;
/// - `summary.json`: written when the run ends (finished, cancelled or failed), see RunSummary;
/// - `best.pt` (lowest validation MAE) and `last.pt` (where training stopped), CrowdKD checkpoints,
///   and `previous.pt` (the last.pt before, a hard link or copy kept when last.pt is replaced);
/// - `.lock`: held by the process training into the folder (RunLock).
class RunPaths {
public:
    explicit RunPaths(std::filesystem::path dir)
        : m_dir(std::move(dir)) {}

    const std::filesystem::path& path() const { return m_dir; }
    std::filesystem::path configPath() const { return m_dir / "config.json"; }
    std::filesystem::path logPath() const { return m_dir / "log.jsonl"; }
    std::filesystem::path summaryPath() const { return m_dir / "summary.json"; }
    std::filesystem::path bestCheckpointPath() const { return m_dir / "best.pt"; }
    std::filesystem::path lastCheckpointPath() const { return m_dir / "last.pt"; }
    /// last.pt as it was before the latest save: what a resume falls back to when last.pt is
    /// damaged.
    std::filesystem::path previousCheckpointPath() const { return m_dir / "previous.pt"; }

    /// True when `dir` holds a run (a config.json that is a regular file).
    static bool isRunDirectory(const std::filesystem::path& dir);

private:
    std::filesystem::path m_dir;
};

/// The writer of a run folder (see RunPaths), used by the trainer while it runs. Readers use
/// readRunOverview() and readRunLog() (run_summary.h), which create nothing.
class RunDirectory : public RunPaths {
public:
    /// Uses (and creates) `dir`. Throws FileError when it cannot be created.
    explicit RunDirectory(std::filesystem::path dir);

    /// Writes a JSON file of the folder atomically (pretty-printed).
    void writeJson(const std::filesystem::path& file, const nlohmann::json& json) const;

    /// Appends one record to log.jsonl and flushes it (a crash loses at most the current line).
    void appendLog(const nlohmann::json& record);

    /// Removes log.jsonl records past `iteration` (after resuming from a checkpoint written before
    /// them, so the log has no steps twice).
    void truncateLogAfter(std::int64_t iteration);

private:
    std::mutex m_logMutex;
    std::ofstream m_log;
};

/// Exclusive use of a run folder for as long as the object lives, between processes and within one:
/// an advisory lock (flock on POSIX, LockFileEx on Windows) on the folder's `.lock` file, which
/// holds the owner's process id. The operating system releases the lock when its process ends,
/// however it ends, so the lock file a killed process left behind is simply taken over.
class RunLock {
public:
    /// Locks `dir` (which must exist). Throws FileError naming the folder, and the process id of
    /// the holder when it is known, when another process (or another RunLock) holds it, or when
    /// the lock file cannot be used (e.g. `.lock` is not a regular file).
    explicit RunLock(const std::filesystem::path& dir);
    ~RunLock();
    RunLock(const RunLock&) = delete;
    RunLock& operator=(const RunLock&) = delete;

    /// The lock file of `dir`.
    static std::filesystem::path lockPath(const std::filesystem::path& dir) {
        return dir / ".lock";
    }

private:
#ifdef _WIN32
    void* m_handle = nullptr;
#else
    int m_fd = -1;
#endif
};

} // namespace crowdkd::pipeline
