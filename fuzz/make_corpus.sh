#!/usr/bin/env bash
# Fills a seed corpus for each fuzz target from ../shared (real files, and small truncations of
# them), tests/data/bad and fuzz/regressions. Nothing is committed but the regressions:
#     fuzz/make_corpus.sh OUT_DIR [SHARED_DIR]
# OUT_DIR/<target>/ is then given to the fuzzer (which adds what it finds to it).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out=${1:?usage: make_corpus.sh OUT_DIR [SHARED_DIR]}
shared=${2:-$here/../../shared}
bad="$here/../tests/data/bad"
mkdir -p "$out"/{npy,ground_truth,text_ground_truth,image,pth,torch_archive}

# A file and its truncations to 1/2 and 1/8 (the reader's early exits are seeds too).
add_with_cuts() { # target source name
    local target=$1 source=$2 name=$3 size
    [ -f "$source" ] || return 0
    cp "$source" "$out/$target/$name"
    size=$(stat -c %s "$source")
    head -c $((size / 2)) "$source" >"$out/$target/$name.half"
    head -c $((size / 8)) "$source" >"$out/$target/$name.eighth"
}

# .npy: the small fixture maps (float32), plus other dtypes and orders written by NumPy.
add_with_cuts npy "$shared/fixtures/pytorch/mcnn_density.npy" mcnn_density.npy
if /usr/bin/python3 -c 'import numpy' 2>/dev/null; then
    /usr/bin/python3 - "$out/npy" <<'PY'
import sys, numpy as np
out = sys.argv[1]
a = np.arange(24, dtype=np.float64).reshape(2, 3, 4)
np.save(f"{out}/f8_fortran.npy", np.asfortranarray(a))
np.save(f"{out}/i2_big.npy", a.astype(">i2"))
np.save(f"{out}/u1.npy", a.astype(np.uint8))
np.save(f"{out}/f2.npy", a.astype(np.float16))
np.save(f"{out}/bool.npy", a > 5)
np.save(f"{out}/scalar.npy", np.float32(3.5))
np.save(f"{out}/empty.npy", np.zeros((0, 3), np.float32))
with open(f"{out}/v2.npy", "wb") as f:
    np.lib.format.write_array(f, a.astype(np.float32), version=(2, 0))
PY
fi

# .mat: the smallest ShanghaiTech ground truths (real files), the bad corpus and regressions.
gt="$shared/data/ShanghaiTech/part_A/train_data/ground-truth"
if [ -d "$gt" ]; then
    for f in $(ls -S "$gt" | tail -n 4); do add_with_cuts ground_truth "$gt/$f" "$f"; done
fi
cp "$bad"/*.mat "$out/ground_truth/"

# Text ground truth: the first byte picks the reader (0 JHU-Crowd++ .txt, 1 NWPU-Crowd .json,
# 2 CSV of points), the rest is a small file of that format.
printf '\x00%s' $'10 12 8 9 1 0\n20.5 22 10 11 2 1\n5 6 4 4 3 0\n' >"$out/text_ground_truth/jhu.txt"
printf '\x01%s' '{"img_id": "a.jpg", "human_num": 2, "points": [[1.5, 2], [3, 4e1]], "boxes": [[1, 2, 3, 4], [5, 6, 7, 8]], "x": {"y": [null, true, "\u00e9"]}}' \
    >"$out/text_ground_truth/nwpu.json"
printf '\x02%s' $'image,x,y,tag\na.jpg,1,2,red\n"a.jpg",3.5,4,"x, ""y"""\nb.jpg,,,\n' >"$out/text_ground_truth/points.csv"
printf '\x02%s' $'a.jpg,1,2\r\nimages/a.jpg,3,4\r\n' >"$out/text_ground_truth/headerless.csv"

# Images: the PNG fixture, small JPEG/PNG cases of the bad corpus and cuts of the smallest
# ShanghaiTech JPEG (real camera data: EXIF, Huffman tables, restart markers).
add_with_cuts image "$shared/fixtures/pytorch/input.png" input.png
images="$shared/data/ShanghaiTech/part_A/train_data/images"
if [ -d "$images" ]; then
    small=$(ls -S "$images"/*.jpg | tail -n 1)
    add_with_cuts image "$small" "$(basename "$small")"
fi
cp "$bad"/*.jpg "$bad"/*.png "$out/image/"

# .pth: the MCNN state dicts (zip, ~0.5 MB), bad cases.
add_with_cuts pth "$shared/fixtures/pytorch/mcnn_state_dict.pth" mcnn_state_dict.pth
add_with_cuts pth "$shared/fixtures/pretrained/mcnn_shtechA_svishwa.pth" mcnn_svishwa.pth
cp "$bad"/*.pth "$out/pth/"

# LibTorch archives: a small scripted module (it carries code, so the refusal path) and a data-only
# archive of the same layout as CrowdKD's checkpoints (LibTorch's torch.jit.save of a module with no
# methods is not possible from Python; the pth seeds' tensors cover the data path's unpickler).
if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
    /usr/bin/python3 - "$out/torch_archive" <<'PY'
import sys, torch
out = sys.argv[1]
module = torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3), torch.nn.ReLU())
torch.jit.script(module).save(f"{out}/scripted.pt")
PY
    "$here/../tests/support/make_trojan_archive.py" "$out/torch_archive/scripted.pt" \
        "$out/torch_archive/trojan.pt" /nonexistent/marker 2>/dev/null || true
fi

for target in npy ground_truth text_ground_truth image pth torch_archive; do
    if [ -d "$here/regressions/$target" ]; then cp "$here/regressions/$target"/* "$out/$target/"; fi
done
du -sh "$out"/* | sed 's/^/corpus: /'
