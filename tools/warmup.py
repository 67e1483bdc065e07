#!/usr/bin/env python
"""Compile the numba code of the field tools once, at setup, not in a learner's first minute.

memelite (TOMTOM) and tangermeme (shuffles) compile with numba on first use (about a
minute on 2 cores) and cache the result next to their code. `make setup` and Binder's
postBuild run this script so that the notebooks find the cache warm.
"""
import time

import numpy as np
import torch


def main():
    start = time.perf_counter()
    from memelite import tomtom
    rng = np.random.default_rng(0)
    a = [rng.dirichlet(np.ones(4), size=8).T for _ in range(30)]
    tomtom(a[:2], a)
    from tangermeme.ersatz import dinucleotide_shuffle
    x = torch.nn.functional.one_hot(torch.randint(0, 4, (1, 40)), 4).permute(0, 2, 1).float()
    dinucleotide_shuffle(x, n=2)
    print(f"field tools compiled and cached in {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
