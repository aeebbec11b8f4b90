#!/usr/bin/env python3
"""Ships the default student (issue #17.4): counts the distilled run's best.pt and the plain
student's, trained for the same steps, on part A test, exports the distilled one as a PyTorch state
dict into resources/models/ and writes its side-car: recipe, steps, CPU hours, alpha, validation and
test figures, with the plain student's beside them. Prints the rows for docs/results.md.

Usage: ship_student.py --crowdkd build/app/cli/crowdkd --kd-run RUN --plain-run RUN \\
           --data ../shared/data/ShanghaiTech/part_A [--out resources/models] [--dry-run]
"""
import argparse
import json
import subprocess
import sys
from pathlib import Path

from study_runs import count_split, read_jsonl


def run_facts(run):
    """What a run folder says of itself: config, summary, the best validation record."""
    config = json.loads((run / "config.json").read_text())
    summary = json.loads((run / "summary.json").read_text())
    validations = [r for r in read_jsonl(run / "log.jsonl") if r.get("type") == "validation"]
    best = min(validations, key=lambda r: r["mae"]) if validations else {}
    return config, summary, best


def ledger_hours(run):
    """CPU hours in RUN.cpu: the user and system seconds of each sitting, one sitting a line
    (time(1) adds a line of its own when a sitting exits with an error: it holds no figures)."""
    ledger = run.parent / (run.name + ".cpu")
    if not ledger.is_file():
        return None
    seconds = 0.0
    for line in ledger.read_text().splitlines():
        fields = line.split()
        if len(fields) == 2 and all(f.replace(".", "", 1).isdigit() for f in fields):
            seconds += float(fields[0]) + float(fields[1])
    return seconds / 3600


def count_on_test(crowdkd, weights, data):
    """MAE, RMSE and image count of `weights` on part A test_data."""
    result = count_split(crowdkd, weights, Path(data) / "test_data")
    return result["mae"], result["rmse"], result["images"]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--crowdkd", required=True)
    p.add_argument("--kd-run", required=True, type=Path)
    p.add_argument("--plain-run", required=True, type=Path)
    p.add_argument("--data", required=True, help="part_A (with train_data and test_data)")
    p.add_argument("--out", type=Path,
                   default=Path(__file__).resolve().parents[2] / "resources" / "models")
    p.add_argument("--cpu-hours", type=float,
                   help="the distilled run's CPU time over all its sittings; without it, the sum of "
                        "its ledger RUN.cpu (each sitting run under /usr/bin/time -f '%%U %%S' -a "
                        "-o RUN.cpu, as ship_runs.sh does), else its wall-clock time (more than its "
                        "CPU time beside other work)")
    p.add_argument("--dry-run", action="store_true", help="count and print, write nothing")
    a = p.parse_args()

    kd_config, kd_summary, kd_best = run_facts(a.kd_run)
    plain_config, plain_summary, plain_best = run_facts(a.plain_run)
    if kd_summary["iterations"] != plain_summary["iterations"]:
        print(f"note: the runs differ in steps: kd {kd_summary['iterations']}, plain "
              f"{plain_summary['iterations']}", file=sys.stderr)
    kd_test = count_on_test(a.crowdkd, a.kd_run / "best.pt", a.data)
    plain_test = count_on_test(a.crowdkd, a.plain_run / "best.pt", a.data)
    cpu_hours = a.cpu_hours if a.cpu_hours is not None else ledger_hours(a.kd_run)
    cpu = cpu_hours is not None
    hours = cpu_hours if cpu else kd_summary["wall_seconds"] / 3600
    threads = kd_config["threads"]

    flips = "flips" if kd_config.get("flip", True) else "no flips"
    recipe = (f"{kd_config['optimizer'].capitalize()} lr {kd_config['lr']:g}, "
              f"{kd_config.get('loss_reduction', 'sum')} loss, {kd_config['crop']} px crops, "
              f"batch {kd_config['batch_size']}, {flips}, "
              f"cosine warm restarts (T_0 {kd_config['t0']}, T_mult {kd_config['t_mult']}, "
              f"eta_min {kd_config['eta_min']:g}), seed {kd_config['seed']}")
    side_car = {
        "kind": "mcnn",
        "format": "PyTorch state dict (torch.save of an OrderedDict), MCNN key names "
                  "(branch1.0.conv.weight, …)",
        "mode": "kd",
        "alpha": kd_config["alpha"],
        "teacher": "svishwa MCNN (mcnn_shtechA_svishwa.pth, part A test MAE 110.01)",
        "recipe": recipe,
        "trained": f"distilled student (α = {kd_config['alpha']:g}), "
                   f"{kd_summary['epochs_done']} epochs, {kd_summary['iterations']} steps on "
                   f"{kd_summary['train_images']} part A training images "
                   f"({kd_summary['validation_images']} held out for validation), {recipe}, "
                   f"{hours:.1f} {'CPU' if cpu else 'wall-clock'} hours on "
                   f"{threads} thread{'' if threads == 1 else 's'}; best validation epoch "
                   f"{kd_best.get('epoch')}",
        "iterations": kd_summary["iterations"],
        "epochs": kd_summary["epochs_done"],
        "training_hours": round(hours, 2),
        "training_hours_are": "CPU time" if cpu else "wall-clock time",
        "validation_mae": round(kd_best["mae"], 2),
        "validation_rmse": round(kd_best["rmse"], 2),
        "test_split": "ShanghaiTech part A test_data",
        "test_images": kd_test[2],
        "test_mae": round(kd_test[0], 2),
        "test_rmse": round(kd_test[1], 2),
        "plain_student_same_steps": {
            "iterations": plain_summary["iterations"],
            "validation_mae": round(plain_best["mae"], 2),
            "test_mae": round(plain_test[0], 2),
            "test_rmse": round(plain_test[1], 2),
        },
        "training_command": f"crowdkd train --mode kd --alpha {kd_config['alpha']:g} --teacher "
                            f"mcnn_shtechA_svishwa.pth --data part_A --epochs "
                            f"{kd_config['epochs']} --scheduler cosine-restarts --t0 "
                            f"{kd_config['t0']} --tmult {kd_config['t_mult']} --threads 1 "
                            f"--time-limit H, resumed with --resume until "
                            f"{kd_summary['epochs_done']} epochs; crowdkd export --weights "
                            f"best.pt --format pytorch",
        "measured_with": "crowdkd eval --weights default_student.pth --data part_A/test_data",
    }
    print(f"| kd α {kd_config['alpha']:g} | {kd_summary['iterations']} | {hours:.1f} | "
          f"{kd_best['mae']:.2f} | {kd_test[0]:.2f} | {kd_test[1]:.2f} |")
    print(f"| plain | {plain_summary['iterations']} | | {plain_best['mae']:.2f} | "
          f"{plain_test[0]:.2f} | {plain_test[1]:.2f} |")
    if a.dry_run:
        print(json.dumps(side_car, indent=2, ensure_ascii=False))
        return
    model = a.out / "default_student.pth"
    subprocess.run([a.crowdkd, "export", "--weights", str(a.kd_run / "best.pt"), "--format",
                    "pytorch", "--out", str(model)], check=True)
    # The shipped file must count as the checkpoint did.
    shipped = count_on_test(a.crowdkd, model, a.data)
    if abs(shipped[0] - kd_test[0]) > 1e-3:
        sys.exit(f"the exported student counts MAE {shipped[0]} against {kd_test[0]}")
    Path(str(model) + ".json").unlink(missing_ok=True)  # the shipped side-car replaces it
    (a.out / "default_student.json").write_text(json.dumps(side_car, indent=2, ensure_ascii=False)
                                                + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
