#!/usr/bin/env python3
"""Distillation from unlabeled images on ShanghaiTech part A (issue #17.3): part A's training split
cut into 100 labeled, 170 unlabeled (their ground truth never given to the trainer) and 30
validation images; four arms trained for the same number of steps with several seeds, each run's
best checkpoint counted on part A test.

    /usr/bin/python3 bench/study/unlabeled_experiment.py --crowdkd build/app/cli/crowdkd \\
        --part-a ../shared/data/ShanghaiTech/part_A \\
        --teacher ../shared/fixtures/pretrained/mcnn_shtechA_svishwa.pth \\
        --out ~/.cache/crowdkd/unlabeled [--seeds 1,2,3] [--steps 1000] [--jobs 1] [--threads 1]

Arms: (a) plain student on the 100, (b) kd on the 100, (c) kd on the 100 plus the 170 as
unlabeled images (half of each batch), (d) plain student on all 270 (the ceiling). kd uses α 0.5.
Finished runs and evaluations are kept, so the experiment can be stopped and started again.
Writes <out>/table.md and <out>/table.csv."""
import argparse
import csv
import json
import random
import sys
from pathlib import Path

from study_runs import add_common_arguments, count_split, finished, mean_sd, run_all, seeds_of

BATCH = 4
ALPHA = "0.5"
# The image lists are drawn once with this seed, the same for every run and seed.
SPLIT_SEED = 2026


def link_split(folder, names, images, truths, with_truth):
    (folder / "images").mkdir(parents=True, exist_ok=True)
    if with_truth:
        (folder / "ground-truth").mkdir(parents=True, exist_ok=True)
    for name in names:
        target = folder / "images" / f"{name}.jpg"
        if not target.exists():
            target.symlink_to(images / f"{name}.jpg")
        if with_truth:
            truth = folder / "ground-truth" / f"GT_{name}.mat"
            if not truth.exists():
                truth.symlink_to(truths / f"GT_{name}.mat")


def make_splits(part_a, out):
    train = Path(part_a) / "train_data"
    images = train / "images"
    truths = next(p for p in (train / "ground-truth", train / "ground_truth") if p.exists())
    names = sorted((p.stem for p in images.glob("*.jpg")), key=lambda n: int(n.split("_")[1]))
    if len(names) != 300:
        sys.exit(f"expected part A's 300 training images, found {len(names)}")
    order = names[:]
    random.Random(SPLIT_SEED).shuffle(order)
    labeled, unlabeled, validation = order[:100], order[100:270], order[270:]
    splits = Path(out) / "splits"
    link_split(splits / "labeled", labeled, images, truths, True)
    link_split(splits / "validation", validation, images, truths, True)
    link_split(splits / "all270", labeled + unlabeled, images, truths, True)
    # Unlabeled: image links only, in a folder of their own; the trainer is never shown their GT.
    unlabeled_dir = splits / "unlabeled"
    unlabeled_dir.mkdir(parents=True, exist_ok=True)
    for name in unlabeled:
        target = unlabeled_dir / f"{name}.jpg"
        if not target.exists():
            target.symlink_to(images / f"{name}.jpg")
    (splits / "lists.json").write_text(json.dumps(
        {"labeled": labeled, "unlabeled": unlabeled, "validation": validation}, indent=1))
    return splits


def arms(splits):
    """name → (mode, data, extra options, batches per epoch)."""
    return {
        "a-plain-100": ("student", splits / "labeled", [], 100 // BATCH),
        "b-kd-100": ("kd", splits / "labeled", [], 100 // BATCH),
        "c-kd-100+170unlabeled": ("kd", splits / "labeled",
                                  ["--unlabeled", str(splits / "unlabeled"), "--unlabeled-share", "0.5"],
                                  100 // (BATCH // 2)),
        "d-plain-270": ("student", splits / "all270", [], 270 // BATCH),
    }


def train_command(a, splits, run, arm, seed):
    mode, data, extra, per_epoch = arms(splits)[arm]
    base = [a.crowdkd, "train", "--threads", str(a.threads), "--workers", "1"]
    if (run / "last.pt").exists():
        return base + ["--resume", str(run)]
    epochs = max(1, round(a.steps / per_epoch))
    command = base + ["--mode", mode, "--data", str(data), "--val-split", str(splits / "validation"),
                      "--out", str(run), "--epochs", str(epochs), "--val-every", str(max(1, epochs // 5)),
                      "--seed", str(seed), "--log-every", "20"] + extra
    if mode == "kd":
        command += ["--teacher", a.teacher, "--alpha", ALPHA]
    return command


def evaluate(a, run):
    result = run / "test.json"
    if result.exists():
        return json.loads(result.read_text())
    figures = count_split(a.crowdkd, run / "best.pt", Path(a.part_a) / "test_data", a.threads)
    result.write_text(json.dumps(figures))
    return figures


def summarise(a, splits, seeds):
    rows = []
    for arm in arms(splits):
        mae, rmse, val, steps = [], [], [], []
        for seed in seeds:
            run = Path(a.out) / arm / f"seed{seed}"
            if not finished(run):
                continue
            figures = evaluate(a, run)
            summary = json.loads((run / "summary.json").read_text())
            mae.append(figures["mae"])
            rmse.append(figures["rmse"])
            val.append(summary["best_mae"])
            steps.append(summary["iterations"])
        if not mae:
            continue
        def stat(values):
            return "{:.1f} ± {:.1f}".format(*mean_sd(values))
        rows.append([arm, len(mae), round(sum(steps) / len(steps)), stat(mae), stat(rmse), stat(val),
                     " / ".join(f"{m:.1f}" for m in mae)])
    header = ["arm", "seeds", "steps", "test MAE", "test RMSE", "best val MAE", "test MAE per seed"]
    with open(Path(a.out) / "table.csv", "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([header] + rows)
    with open(Path(a.out) / "table.md", "w", encoding="utf-8") as f:
        f.write("| " + " | ".join(header) + " |\n| " + " | ".join("---" for _ in header) + " |\n")
        for row in rows:
            f.write("| " + " | ".join(map(str, row)) + " |\n")
    print((Path(a.out) / "table.md").read_text())


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_common_arguments(p)
    p.add_argument("--part-a", required=True)
    p.add_argument("--steps", type=int, default=1000, help="optimizer steps per run")
    a = p.parse_args()
    seeds = seeds_of(a)
    splits = make_splits(a.part_a, a.out)
    if not a.summary_only:
        runs = [Path(a.out) / arm / f"seed{s}" for s in seeds for arm in arms(splits)]
        run_all([r for r in runs if not finished(r)], a.jobs,
                lambda run: train_command(a, splits, run, run.parent.name, int(run.name[4:])))
    summarise(a, splits, seeds)


if __name__ == "__main__":
    main()
