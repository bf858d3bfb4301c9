"""scipy's kmeans2 on a header-less CSV: best of RESTARTS k-means++ runs, timed without the CSV read.

usage: python3 kmeans_scipy.py FEATURES.csv K RESTARTS SEED REPEATS ITER
(kmeans2 always runs ITER iterations: it has no convergence test; its default is 10)
prints JSON: {"scipy": version, "runs_ms": [...], "centroids": [[...], ...]} (centroids of the
last repeat's best restart, ranked by inertia computed here the same way as in kmeans.ts).
"""
import json
import sys
import time

import numpy as np
import scipy
from scipy.cluster.vq import kmeans2


def inertia(data, centroids):
    d2 = ((data[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
    return float(d2.min(axis=1).sum())


def main():
    path, k, restarts, seed, repeats, iterations = sys.argv[1], *map(int, sys.argv[2:7])
    data = np.loadtxt(path, delimiter=",", dtype=np.float64)
    runs, best = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        best = None
        for r in range(restarts):
            centroids, _ = kmeans2(data, k, iter=iterations, minit="++", seed=seed + r)
            score = inertia(data, centroids)
            if best is None or score < best[0]:
                best = (score, centroids)
        runs.append((time.perf_counter() - started) * 1000)
    print(json.dumps({"scipy": scipy.__version__, "runs_ms": runs, "centroids": best[1].tolist()}))


main()
