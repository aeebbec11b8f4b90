"""What the study drivers share: their common options, the queue that runs `crowdkd train`
processes a few at a time (Ctrl+C stops them with resumable checkpoints), and reading run folders."""
import json
import math
import shutil
import signal
import statistics
import subprocess
import time
from pathlib import Path

# What a finished run's table row needs; kept in the repository, since machines (and run folders)
# do not outlive a working session.
RESULT_FILES = ("config.json", "summary.json", "log.jsonl")


def add_common_arguments(parser):
    parser.add_argument("--crowdkd", required=True, help="the crowdkd program")
    parser.add_argument("--teacher", required=True, help="the kd teacher")
    parser.add_argument("--out", required=True, help="folder of the runs and tables")
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--jobs", type=int, default=1, help="runs at once")
    parser.add_argument("--threads", type=int, default=1, help="LibTorch threads per run")
    parser.add_argument("--summary-only", action="store_true", help="only write the tables")


def seeds_of(args):
    return [int(s) for s in args.seeds.split(",") if s]


def finished(run):
    """Whether the run folder's summary says it finished."""
    try:
        return json.loads((Path(run) / "summary.json").read_text()).get("status") == "finished"
    except (OSError, json.JSONDecodeError):
        return False


def keep_results(out, kept):
    """Copies the result files of every finished run under `out` to the same place under `kept`."""
    for summary in Path(out).glob("**/summary.json"):
        run = summary.parent
        if finished(run):
            target = Path(kept) / run.relative_to(out)
            target.mkdir(parents=True, exist_ok=True)
            for name in RESULT_FILES:
                shutil.copy2(run / name, target / name)


def restore_results(kept, out):
    """Copies kept results back under `out` where the run folder is missing, so that finished runs
    are skipped and counted again on a new machine."""
    for summary in Path(kept).glob("**/summary.json"):
        target = Path(out) / summary.parent.relative_to(kept)
        if not target.exists():
            shutil.copytree(summary.parent, target)


def read_jsonl(path):
    """The records of a log.jsonl; a line cut by an interruption is skipped."""
    records = []
    if Path(path).exists():
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError:
                pass
    return records


def count_split(crowdkd, weights, split, threads=0):
    """`crowdkd eval --json` of `weights` on an annotated split folder: its figures (mae, rmse,
    images, …) as a dict."""
    output = subprocess.run([crowdkd, "eval", "--weights", str(weights), "--data", str(split),
                             "--threads", str(threads), "--json"],
                            check=True, capture_output=True, text=True).stdout
    return json.loads(output)  # one JSON object, pretty-printed


def mean_sd(values):
    """(mean, sample standard deviation; NaN for one value)."""
    return statistics.mean(values), statistics.stdev(values) if len(values) > 1 else float("nan")


def run_all(queue, jobs, command_for, hours=0):
    """Runs `command_for(run)` for each run folder of `queue`, `jobs` at once, logging to
    <run>.log beside each; stops starting new ones after `hours` (0: no limit)."""
    # Ctrl+C, and SIGTERM (a driver started with `nohup … &` ignores SIGINT), stop the runs with
    # resumable checkpoints.
    def interrupt(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)
    deadline = time.monotonic() + hours * 3600 if hours > 0 else math.inf
    queue = [Path(run) for run in queue]
    running = []
    try:
        while queue or running:
            while queue and len(running) < jobs and time.monotonic() < deadline:
                run = queue.pop(0)
                run.parent.mkdir(parents=True, exist_ok=True)
                log = open(run.parent / f"{run.name}.log", "a", encoding="utf-8")
                print(f"[{time.strftime('%H:%M:%S')}] {run}", flush=True)
                running.append((subprocess.Popen(command_for(run), stdout=log, stderr=subprocess.STDOUT),
                                log, run))
            if not running:
                break
            time.sleep(5)
            for entry in list(running):
                process, log, run = entry
                if process.poll() is not None:
                    log.close()
                    running.remove(entry)
                    print(f"[{time.strftime('%H:%M:%S')}] {run} exited {process.returncode}", flush=True)
    except KeyboardInterrupt:
        for process, _, _ in running:
            process.send_signal(signal.SIGINT)  # crowdkd saves a resumable checkpoint
        for process, log, _ in running:
            process.wait()
            log.close()
