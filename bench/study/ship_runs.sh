#!/usr/bin/env bash
# The shipped student's two long runs (issue #17.4), one sitting at a time: the distilled run
# (ship-kd-a05) and the plain student with the same recipe and seed (ship-plain), each on one thread
# at nice 19 beside other work, under time(1), whose "user system" CPU seconds each sitting appends to
# <run>.cpu, which ship_student.py sums for the side-car's CPU hours.
#
#   bench/study/ship_runs.sh start HOURS [kd|plain]...   start or resume, stop after HOURS
#   bench/study/ship_runs.sh store                        copy the runs' state into bench/study/ship-runs/
#   bench/study/ship_runs.sh restore                      copy it back (a new machine) before `start`
#
# The runs live in $CROWDKD_SHIP_RUNS (default /work/runs). Machines do not outlive a working session,
# so `store` keeps what a sitting reached in the repository: last.pt to resume from, best.pt, the log,
# the config, the summary and the CPU ledger. Remove bench/study/ship-runs/ once the student ships
# (the runs of 6-7 Dec 2026 shipped; docs/results.md has their sittings).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
runs=${CROWDKD_SHIP_RUNS:-/work/runs}
stored="$here/ship-runs"
shared=${CROWDKD_SHARED_DIR:-$repo/../shared}
crowdkd=${CROWDKD_PROGRAM:-$runs/crowdkd-ship}
# Threads per run: 1 beside other work; 2 for the last run alone (CROWDKD_SHIP_THREADS=2).
threads=${CROWDKD_SHIP_THREADS:-1}
kept=(config.json log.jsonl summary.json last.pt best.pt)

name_of() { [ "$1" = kd ] && echo ship-kd-a05 || echo ship-plain; }

# The recipe, into the array `recipe`: the study's baseline with the paper's warm restarts, to 1016
# epochs, where a cycle ends.
recipe_of() {
    recipe=(--mode student)
    [ "$1" = kd ] && recipe=(--mode kd --teacher "$shared/fixtures/pretrained/mcnn_shtechA_svishwa.pth" --alpha 0.5)
    recipe+=(--data "$shared/data/ShanghaiTech/part_A" --epochs 1016
        --scheduler cosine-restarts --t0 8 --tmult 2 --seed 1 --val-every 4)
}

case "${1:-}" in
start)
    hours=${2:?hours}
    shift 2
    kinds=("$@")
    [ ${#kinds[@]} -eq 0 ] && kinds=(kd plain)
    mkdir -p "$runs"
    # A copy of the program, so that rebuilding the tree does not touch a running sitting.
    [ -x "$crowdkd" ] || cp "$repo/build/app/cli/crowdkd" "$crowdkd"
    for kind in "${kinds[@]}"; do
        name=$(name_of "$kind")
        if [ -f "$runs/$name/last.pt" ]; then
            what=(--resume "$runs/$name")
        else
            recipe_of "$kind"
            what=("${recipe[@]}" --out "$runs/$name")
        fi
        # Counted with a glob: `ls` of no match fails the pipeline under pipefail.
        sitting=$(compgen -G "$runs/$name.out*" | wc -l || true)
        nohup nice -n 19 /usr/bin/time -f "%U %S" -a -o "$runs/$name.cpu" \
            "$crowdkd" train "${what[@]}" --threads "$threads" --workers 1 --time-limit "$hours" \
            >"$runs/$name.out$((sitting + 1))" 2>"$runs/$name.err$((sitting + 1))" &
        echo "$name: sitting $((sitting + 1)) started (pid $!)"
    done
    ;;
store | restore)
    for kind in kd plain; do
        name=$(name_of "$kind")
        from="$runs/$name" to="$stored/$name"
        [ "$1" = restore ] && { from="$stored/$name"; to="$runs/$name"; }
        [ -f "$from/last.pt" ] || continue
        mkdir -p "$to"
        for file in "${kept[@]}"; do
            [ -f "$from/$file" ] && cp "$from/$file" "$to/$file"
        done
        if [ "$1" = store ]; then cp "$runs/$name.cpu" "$stored/$name.cpu"; else cp "$stored/$name.cpu" "$runs/$name.cpu"; fi
        echo "$name: $1d ($from -> $to)"
    done
    ;;
*)
    sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
