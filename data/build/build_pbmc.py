"""Rebuild data/expression/pbmc68k_reduced.npz from scanpy's bundled PBMC subset.

scanpy 1.11.5 (PyPI) ships ``scanpy/datasets/10x_pbmc68k_reduced.h5ad``: 700
peripheral blood mononuclear cells from the 10x Genomics "68k PBMCs" data set
(Zheng et al. 2017), 765 highly variable genes, processed by scanpy's authors.
We read it with h5py (no anndata needed) and keep plain arrays:

* ``X``            float32 (700, 765): the values in the file's ``.X``: counts
                   normalised per cell, log1p-transformed, then scaled per gene to
                   zero mean and unit variance (scanpy ``pp.scale``). Not counts.
* ``X_log``        float32 (700, 765): the file's ``.raw.X`` made dense: the
                   normalised, log1p-transformed values before scaling
                   (0 where no UMI was counted).
* ``genes``        str (765,): gene symbols, columns of ``X`` and ``X_log``.
* ``cells``        str (700,): 10x cell barcodes, rows.
* ``bulk_labels``  str (700,): cell type assigned by correlation with FACS-sorted
                   bulk reference profiles (10 types, as in Zheng et al. 2017).
* ``louvain``      int64 (700,): scanpy's louvain cluster of each cell (0-10),
                   computed from this same ``X``, so it is not an independent label.
* ``cell_types``   str (10,): the ten ``bulk_labels`` in scanpy's category order.
* ``colors``       str (10,): scanpy's colour for each of ``cell_types``.

Build-time packages: h5py (see requirements-data.txt).
"""
import io

import h5py
import numpy as np

from _common import DATA_DIR, fetch_wheel, register, write_npz

VERSION = "1.11.5"
MEMBER = "scanpy/datasets/10x_pbmc68k_reduced.h5ad"


def _strings(a):
    return np.array([s.decode() for s in a], dtype=str)


# what a learner must know before using each set (written to the registry's "caveats" field)
CAVEATS = {
    "pbmc68k_reduced": "no split; X was scaled per gene over all 700 cells and the 765 genes were chosen on all "
                       "cells; louvain clusters were computed from X itself, so they are not an independent label; "
                       "bulk_labels come from correlation with bulk profiles and are noisy for similar T-cell types",
}


def main():
    wheel = fetch_wheel("scanpy", VERSION)
    with h5py.File(io.BytesIO(wheel.read(MEMBER)), "r") as f:
        X = f["X"][:].astype(np.float32)
        n_cells, n_genes = X.shape
        data, indices, indptr = (f[f"raw.X/{k}"][:] for k in ("data", "indices", "indptr"))
        X_log = np.zeros((n_cells, n_genes), dtype=np.float32)
        for i in range(n_cells):
            X_log[i, indices[indptr[i]:indptr[i + 1]]] = data[indptr[i]:indptr[i + 1]]
        obs, var = f["obs"][:], f["var"][:]
        if not np.array_equal(var["index"], f["raw.var"]["index"][:]):
            raise ValueError("raw.var and var list different genes; this build expects the same 765 genes")
        cell_types = _strings(f["uns/bulk_labels_categories"][:])
        colors = _strings(f["uns/bulk_labels_colors"][:])
        louvain_names = _strings(f["uns/louvain_categories"][:])
    if not np.array_equal(louvain_names, np.arange(len(louvain_names)).astype(str)):
        raise ValueError(f"unexpected louvain categories {louvain_names}")
    write_npz(DATA_DIR / "expression/pbmc68k_reduced.npz",
              X=X, X_log=X_log, genes=_strings(var["index"]), cells=_strings(obs["index"]),
              bulk_labels=cell_types[obs["bulk_labels"]], louvain=obs["louvain"].astype(np.int64),
              cell_types=cell_types, colors=colors)
    register(
        "pbmc68k_reduced", "expression/pbmc68k_reduced.npz", "npz",
        f"{n_cells} human PBMCs x {n_genes} highly variable genes (10x Genomics, single-cell RNA-seq); "
        "arrays X (log-normalised and scaled per gene, as in scanpy's .X), X_log (log-normalised, "
        "unscaled, from .raw.X), genes, cells, bulk_labels (10 cell types), louvain (clusters 0-10), "
        "cell_types, colors",
        {"publication": "Zheng et al. (2017) Massively parallel digital transcriptional profiling of "
                        "single cells. Nat Commun 8:14049",
         "doi": "10.1038/ncomms14049", "package": "scanpy (PyPI)", "version": VERSION,
         "files": [MEMBER]},
        "BSD-3-Clause (scanpy); data by 10x Genomics (public 'Fresh 68k PBMCs (Donor A)' data set)",
        caveats=CAVEATS["pbmc68k_reduced"],
    )


if __name__ == "__main__":
    main()
