#!/usr/bin/env python3
"""The floor of issue #18.1 for bench_proposals: a plain greedy peak picker with unit-Gaussian
removal in NumPy. Takes the highest cell of the density map round(sum) times, placing a point at
its centre and subtracting a unit-mass Gaussian (sigma 1 cell) there.

    proposal_reference.py DENSITY.npy STRIDE SCALE_X SCALE_Y [RUNS]
    proposal_reference.py --evaluate DENSITY_DIR SPLIT_DIR

The first prints one JSON object: the median milliseconds of RUNS runs and the points in image
pixels. The second scores the floor on a split, from the maps `crowdkd count --density-out
DENSITY_DIR` wrote for its images: precision, recall and F1 of a largest one-to-one matching at 8
and 16 px (SciPy), as `crowdkd eval --points` prints them."""
import json
import sys
import time

import numpy as np


def greedy_unit_gaussian(density, sigma=1.0):
    d = density.astype(np.float64).copy()
    reach = int(3 * sigma) + 1
    yy, xx = np.mgrid[-reach:reach + 1, -reach:reach + 1]
    kernel = np.exp(-(xx ** 2 + yy ** 2) / (2 * sigma ** 2))
    kernel /= kernel.sum()
    height, width = d.shape
    points = []
    for _ in range(int(round(d.sum()))):
        i, j = np.unravel_index(np.argmax(d), d.shape)
        points.append((j + 0.5, i + 0.5))
        y0, y1, x0, x1 = max(0, i - reach), min(height, i + reach + 1), max(0, j - reach), min(width, j + reach + 1)
        d[y0:y1, x0:x1] -= kernel[y0 - i + reach:y1 - i + reach, x0 - j + reach:x1 - j + reach]
    return points


def evaluate(density_dir, split_dir):
    from pathlib import Path

    import scipy.io
    from PIL import Image
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import maximum_bipartite_matching
    from scipy.spatial import cKDTree

    split = Path(split_dir)
    truth_dir = next(p for p in (split / "ground-truth", split / "ground_truth") if p.exists())
    totals = {8: 0, 16: 0}
    proposed = annotated = 0
    for npy in sorted(Path(density_dir).glob("*.npy")):
        density = np.load(npy)
        width, height = Image.open(split / "images" / (npy.stem + ".jpg")).size
        input_width, input_height = width // 4 * 4, height // 4 * 4
        stride = input_width / density.shape[1]
        points = np.array([[x * stride * width / input_width, y * stride * height / input_height]
                           for x, y in greedy_unit_gaussian(density)]).reshape(-1, 2)
        heads = scipy.io.loadmat(truth_dir / f"GT_{npy.stem}.mat")["image_info"][0, 0][0, 0]["location"]
        proposed += len(points)
        annotated += len(heads)
        for radius in totals:
            if len(points) and len(heads):
                pairs = cKDTree(points).sparse_distance_matrix(cKDTree(heads), radius, output_type="coo_matrix")
                graph = coo_matrix((np.ones(pairs.nnz), (pairs.row, pairs.col)), shape=(len(points), len(heads))).tocsr()
                totals[radius] += int((maximum_bipartite_matching(graph, perm_type="column") >= 0).sum())
    for radius, matched in totals.items():
        print(f"{radius:4d} px  precision {matched / proposed:.3f}  recall {matched / annotated:.3f}  "
              f"F1 {2 * matched / (proposed + annotated):.3f}  ({matched} of {proposed} proposed, {annotated} annotated)")


def main():
    if sys.argv[1] == "--evaluate":
        evaluate(sys.argv[2], sys.argv[3])
        return
    density = np.load(sys.argv[1])
    stride, scale_x, scale_y = map(float, sys.argv[2:5])
    runs = int(sys.argv[5]) if len(sys.argv) > 5 else 5
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        points = greedy_unit_gaussian(density)
        times.append((time.perf_counter() - start) * 1000)
    print(json.dumps({"ms": sorted(times)[len(times) // 2],
                      "points": [[x * stride * scale_x, y * stride * scale_y] for x, y in points]}))


if __name__ == "__main__":
    main()
