#!/usr/bin/env python
"""Compile the numba code of the field tools once, at setup, not in a learner's first minute.

memelite (TOMTOM) and tangermeme (shuffles) compile with numba on first use (about a
minute on 2 cores) and cache the result next to their code. `make setup` and Binder's
postBuild run this script so that the notebooks find the cache warm.

With ``--modisco`` (make setup, Binder) it also runs a small TF-MoDISco, whose kernels
notebook 09 then loads from the cache that ``interpret.cache_modisco_kernels`` turns on
(about 20 s here instead of in every run of the notebook). Colab's setup cell and the
hub image leave it out: each Colab notebook sets up a fresh runtime and only notebook 09
uses modisco, and the hub image is built without course_utils.
"""
import argparse
import time

import numpy as np
import torch


def modisco_on_a_planted_motif():
    """A small TF-MoDISco run (300 random sequences, one 10-bp motif whose contributions push up in half of
    them and down in the other half) that calls the kernels notebook 09's run does, with the same types."""
    from modiscolite.tfmodisco import TFMoDISco

    from course_utils import interpret
    interpret.cache_modisco_kernels()
    rng = np.random.default_rng(0)
    n, length = 300, 200
    one_hot = np.eye(4, dtype=np.float32)[rng.integers(0, 4, (n, length))]           # (N, L, 4)
    motif = np.eye(4, dtype=np.float32)[rng.integers(0, 4, 10)]
    contribs = rng.normal(0, 0.05, (n, length, 4)).astype(np.float32)
    for i in range(n):
        at = rng.integers(20, length - 30)
        one_hot[i, at:at + 10] = motif
        contribs[i, at:at + 10] += motif * (1.5 if i % 2 else -0.5)
    TFMoDISco(one_hot=one_hot, hypothetical_contribs=contribs, sliding_window_size=15, flank_size=5,
              target_seqlet_fdr=0.05, n_leiden_runs=2)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modisco", action="store_true", help="also compile TF-MoDISco's kernels (needs course_utils)")
    args = parser.parse_args()
    start = time.perf_counter()
    from memelite import tomtom
    rng = np.random.default_rng(0)
    a = [rng.dirichlet(np.ones(4), size=8).T for _ in range(30)]
    tomtom(a[:2], a)
    from tangermeme.ersatz import dinucleotide_shuffle
    x = torch.nn.functional.one_hot(torch.randint(0, 4, (1, 40)), 4).permute(0, 2, 1).float()
    dinucleotide_shuffle(x, n=2)
    if args.modisco:
        modisco_on_a_planted_motif()
    print(f"field tools compiled and cached in {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
