#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

namespace crowdkd::pipeline {

// Plain structs the training engine reports while it runs. The CLI renders them as a progress bar;
// the GUI runs the engine on a worker thread and forwards them through queued signals. They carry
// values only (no pointers into the engine), so they may be copied to another thread.

/// Training is about to start (after data and teacher have been prepared).
struct TrainingStarted {
    std::string mode;           ///< "teacher", "student" or "kd"
    int firstEpoch = 0;         ///< 0-based epoch training starts in (non-zero after resume)
    int epochs = 0;             ///< total epochs of the run
    int iterationsPerEpoch = 0; ///< batches per epoch
    std::int64_t iteration = 0; ///< iterations already done (non-zero after resume)
    int trainImages = 0;        ///< images training draws crops from
    int validationImages = 0;   ///< images validation counts on
    int unlabeledImages = 0;    ///< images without ground truth learnt from the teacher alone
    std::string device;         ///< "cpu" or "cuda"
    std::int64_t parameterCount = 0;
    int worldSize = 1; ///< processes training together (data-parallel); 1 alone
    int rank = 0;      ///< this process's place among them
};

/// One optimizer step has been taken (delivered every TrainingConfig::logEvery iterations and at
/// the end of each epoch).
struct IterationProgress {
    int epoch = 0; ///< 0-based epoch
    int epochs = 0;
    int batchInEpoch = 0; ///< batches done in this epoch (1-based after the step)
    int iterationsPerEpoch = 0;
    std::int64_t iteration = 0; ///< optimizer steps done in the whole run
    std::int64_t totalIterations = 0;
    double lr = 0;               ///< the learning rate this step used
    double loss = 0;             ///< total loss of this step
    double lossGroundTruth = 0;  ///< density term against the ground truth
    double lossTeacher = 0;      ///< density term against the teacher (kd)
    double lossAttention = 0;    ///< attention BCE term (teacher mode)
    double samplesPerSecond = 0; ///< crops per second over the recent steps
    double elapsedSeconds = 0;   ///< wall time of this session (excludes earlier sessions)
    double etaSeconds = 0;       ///< estimated time to the end of the run
};

/// A validation pass has finished.
struct ValidationReport {
    int epoch = 0; ///< 0-based epoch just completed
    std::int64_t iteration = 0;
    double mae = 0;
    double rmse = 0;
    bool isBest = false; ///< lowest MAE so far (best.pt was updated)
    int images = 0;
};

/// A checkpoint file has been written (atomically).
struct CheckpointSaved {
    std::filesystem::path path;
    int epoch = 0; ///< completed epochs recorded in it
    std::int64_t iteration = 0;
    bool isBest = false;
};

/// The engine has stopped between two iterations because a pause was requested, and is about to
/// wait (TrainingControl::waitWhilePaused): no iteration runs until TrainingResumed.
struct TrainingPaused {
    int epoch = 0;              ///< 0-based epoch it stopped in
    std::int64_t iteration = 0; ///< optimizer steps done so far
};

/// The engine goes on after a pause (or stops, when it was cancelled while paused).
struct TrainingResumed {
    int epoch = 0;
    std::int64_t iteration = 0;
};

/// What a TrainingMessage says, for programs that word it in their own language (the studio).
enum class MessageKind {
    Other,              ///< `text` only: notes on the data, warnings
    CachePruned,        ///< args: MiB freed, the cache folder, its budget in GiB
    ReadingDataset,     ///< no args
    BackboneWeights,    ///< args: the weights file
    LoadingTeacher,     ///< args: the teacher file
    CachingTeacherMaps, ///< done / total
    JoiningRanks,       ///< args: how many other processes, this rank, backend, rendezvous
    PrecisionFellBack,  ///< no args: a bf16 run resumed on a CPU without it goes on in fp32
};

/// A human-readable status line: data preparation, teacher caching progress, warnings.
struct TrainingMessage {
    std::string text; ///< in English (the command line's and logs' words)
    int done = 0;     ///< progress of a preparation phase, when total > 0
    int total = 0;
    MessageKind kind = MessageKind::Other;
    std::vector<std::string> args; ///< what `kind` says its args are
};

/// Receives the engine's events, on the thread that runs the engine. Default: ignore.
class TrainingListener {
public:
    virtual ~TrainingListener() = default;
    virtual void onStarted(const TrainingStarted&) {}
    virtual void onIteration(const IterationProgress&) {}
    virtual void onValidation(const ValidationReport&) {}
    virtual void onCheckpoint(const CheckpointSaved&) {}
    virtual void onMessage(const TrainingMessage&) {}
    virtual void onPaused(const TrainingPaused&) {}
    virtual void onResumed(const TrainingResumed&) {}
};

/// Cooperative control of a running engine from any thread: cancel (the engine stops at the next
/// iteration, within a second, after writing a resumable last.pt) and pause.
class TrainingControl {
public:
    void requestCancel() {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_cancel = true;
        }
        m_wake.notify_all();
    }
    bool isCancelRequested() const { return m_cancel; }

    void setPaused(bool paused) {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_paused = paused;
        }
        m_wake.notify_all();
    }
    bool isPaused() const { return m_paused; }

    /// Blocks while paused; returns false when cancellation was requested.
    bool waitWhilePaused() {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_waiting = true;
        m_wake.notify_all();
        m_wake.wait(lock, [this] { return !m_paused || m_cancel; });
        m_waiting = false;
        return !m_cancel;
    }

    /// Blocks until the engine is parked in waitWhilePaused() (true), or `limit` has passed
    /// (false): lets a caller check that a pause really holds the engine.
    template <typename Duration>
    bool waitUntilParked(Duration limit) {
        std::unique_lock<std::mutex> lock(m_mutex);
        return m_wake.wait_for(lock, limit, [this] { return m_waiting; });
    }

private:
    std::atomic<bool> m_cancel{false};
    std::atomic<bool> m_paused{false};
    bool m_waiting = false; ///< the engine is parked in waitWhilePaused (guarded by m_mutex)
    std::mutex m_mutex;
    std::condition_variable m_wake;
};

} // namespace crowdkd::pipeline
