#!/usr/bin/env python3
"""The training-recipe study of issue #17: short `crowdkd train` runs of equal budget (crops seen),
several seeds per setting, summarised as mean ± sd of the validation MAE (docs/results.md).

    /usr/bin/python3 bench/study/recipe_study.py --crowdkd build/app/cli/crowdkd \\
        --data ../shared/data/ShanghaiTech/part_A --teacher ../shared/fixtures/pretrained/mcnn_shtechA_svishwa.pth \\
        --out ~/.cache/crowdkd/study [--settings baseline,lr3e-4] [--seeds 1,2,3] [--budget 3600] \\
        [--jobs 1] [--threads 1] [--hours H]

Every run is a kd run (alpha 0.5, the shipped student's setting) that differs from the baseline
(Adam 1e-4, summed loss, 256² crops, batches of 4, flips, one cosine to 0 over the run) in one
respect. Runs that
finished are skipped and interrupted ones resume, so the study can be stopped (Ctrl+C or --hours)
and started again. Finished runs' config, summary and log are kept in bench/study/results/ (--kept)
and restored from there, so the table survives the machine. Writes <out>/table.md and table.csv."""
import argparse
import csv
import json
import math
import statistics
import sys
from pathlib import Path

from study_runs import (add_common_arguments, finished, keep_results, mean_sd, read_jsonl,
                        restore_results, run_all, seeds_of)

# The training images a run draws from: part A's 300 minus the 10 % held out for validation.
TRAIN_IMAGES = 270

# Each setting: what it changes from the baseline, as `crowdkd train` options. The baseline anneals
# the rate to 0 by one cosine over the run (cosine restarts with T_0 = the run's epochs), so that
# every run ends where the rate is small: a run stopped at a high constant rate lands anywhere in
# its swings of validation MAE.
SETTINGS = {
    "baseline": [],
    "lr3e-4": ["--lr", "3e-4"],
    "lr1e-3-warmup": ["--lr", "1e-3", "--warmup", "1"],
    "mean-loss": ["--loss-reduction", "mean"],
    "density-x100": ["--density-scale", "100"],
    "crop128": ["--crop", "128"],
    "batch8": ["--batch", "8"],
    "no-flip": ["--no-flip"],
    "scale-jitter": ["--scale-jitter", "0.2"],
    "sgd": ["--optimizer", "sgd", "--lr", "1e-6"],
    "one-cycle": ["--scheduler", "one-cycle", "--lr", "3e-4"],
    "constant": ["--scheduler", "constant"],
    "cosine-restarts": ["--scheduler", "cosine-restarts", "--t0", "2", "--tmult", "2"],
    # svishwa's nine fixed quarter-size patches per image in batches of 1 instead of random 256²
    # crops; 2 epochs (4860 patches) are the whole epochs nearest above the budget, and the cosine
    # steps every iteration so that the run still ends at a small rate.
    "svishwa-patches": ["--patches", "9", "--per-iteration"],
    # MCNN's columns in bfloat16 (a CPU with its instructions): does the faster step train as well?
    "bf16": ["--precision", "bf16"],
}


def option(args, name, default):
    """The value of `name` in a list of CLI arguments, or `default`."""
    return args[args.index(name) + 1] if name in args else default


def epochs_for(extra, budget):
    """Epochs that see about `budget` crops with the setting's batch size (with fixed patches,
    at least `budget`: one epoch of nine per image is 2430)."""
    patches = int(option(extra, "--patches", "0"))
    if patches:
        return math.ceil(budget / (TRAIN_IMAGES * patches))
    batch = int(option(extra, "--batch", "4"))
    crops_per_epoch = (TRAIN_IMAGES // batch) * batch
    return max(1, round(budget / crops_per_epoch))


def command_for(a, run, extra, seed):
    base = [a.crowdkd, "train", "--time-limit", "0", "--threads", str(a.threads), "--workers", "1"]
    if (run / "last.pt").exists():
        return base + ["--resume", str(run)]
    epochs = epochs_for(extra, a.budget)
    val_every = max(1, epochs // a.validations)
    if "--scheduler" not in extra:
        extra = ["--scheduler", "cosine-restarts", "--t0", str(epochs), "--tmult", "1"] + extra
    return base + ["--mode", "kd", "--teacher", a.teacher, "--alpha", "0.5", "--data", a.data,
                   "--out", str(run), "--epochs", str(epochs), "--val-every", str(val_every),
                   "--seed", str(seed), "--log-every", "20"] + extra


def summarise(a, names, seeds):
    rows = []
    for name in names:
        best, final, minutes, done = [], [], [], 0
        for seed in seeds:
            run = Path(a.out) / name / f"seed{seed}"
            if not finished(run):
                continue
            done += 1
            summary = json.loads((run / "summary.json").read_text())
            validations = [r for r in read_jsonl(run / "log.jsonl") if r.get("type") == "validation"]
            best.append(summary["best_mae"])
            final.append(validations[-1]["mae"])
            minutes.append(summary.get("wall_seconds", 0) / 60)
        if not done:
            continue
        stat = mean_sd
        rows.append({"setting": name, "options": " ".join(SETTINGS[name]) or "(baseline)",
                     "seeds": done, "best": stat(best), "final": stat(final),
                     "minutes": statistics.mean(minutes)})
    rows.sort(key=lambda r: r["final"][0])
    out = Path(a.out)
    with open(out / "table.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["setting", "options", "seeds", "best_val_mae_mean", "best_val_mae_sd",
                    "final_val_mae_mean", "final_val_mae_sd", "minutes_per_run"])
        for r in rows:
            w.writerow([r["setting"], r["options"], r["seeds"], f"{r['best'][0]:.2f}", f"{r['best'][1]:.2f}",
                        f"{r['final'][0]:.2f}", f"{r['final'][1]:.2f}", f"{r['minutes']:.1f}"])
    with open(out / "table.md", "w", encoding="utf-8") as f:
        f.write(f"Budget {a.budget} crops per run, kd α 0.5, seeds {','.join(map(str, seeds))}.\n\n")
        f.write("| setting | options | seeds | final val MAE | best val MAE | min/run |\n")
        f.write("| --- | --- | --- | --- | --- | --- |\n")
        for r in rows:
            f.write(f"| {r['setting']} | `{r['options']}` | {r['seeds']} | {r['final'][0]:.1f} ± {r['final'][1]:.1f}"
                    f" | {r['best'][0]:.1f} ± {r['best'][1]:.1f} | {r['minutes']:.1f} |\n")
    print((out / "table.md").read_text())


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_common_arguments(p)
    p.add_argument("--data", required=True)
    p.add_argument("--settings", default=",".join(SETTINGS))
    p.add_argument("--budget", type=int, default=3600, help="crops seen per run")
    p.add_argument("--validations", type=int, default=3, help="validations per run")
    p.add_argument("--hours", type=float, default=0, help="stop starting runs after this long")
    p.add_argument("--kept", default=str(Path(__file__).resolve().parent / "results" / "recipe_study"),
                   help="where finished runs' config, summary and log are kept (in the repository)")
    a = p.parse_args()
    names = [n for n in a.settings.split(",") if n]
    for n in names:
        if n not in SETTINGS:
            sys.exit(f"unknown setting {n!r}; known: {', '.join(SETTINGS)}")
    seeds = seeds_of(a)
    Path(a.out).mkdir(parents=True, exist_ok=True)
    restore_results(a.kept, a.out)
    if not a.summary_only:
        # Seed-major order: every setting gets its first seed before any gets its second.
        runs = [Path(a.out) / n / f"seed{s}" for s in seeds for n in names]
        run_all([r for r in runs if not finished(r)], a.jobs,
                lambda run: command_for(a, run, SETTINGS[run.parent.name], int(run.name[4:])), a.hours)
        keep_results(a.out, a.kept)
    summarise(a, names, seeds)


if __name__ == "__main__":
    main()
