"""Rebuild data/protein_structure/mdanalysis_dssp.tsv.gz: protein chains with DSSP labels.

Source: the PDB/mmCIF structures that MDAnalysis ships as test data in the
``mdanalysistests`` source distribution (PyPI has no wheel). Most are crystal
or cryo-EM structures from the PDB, including 50 single chains MDAnalysis
keeps for testing its own DSSP (``data/dssp/``); a few are snapshots of
molecular-dynamics systems (adenylate kinase, cobrotoxin).

For every structure (first model only) we run DSSP as implemented in
``mdtraj.compute_dssp`` on the whole model, so sheets paired across chains
count, and keep each chain with at least 30 protein residues whose every
residue gets a label. Labels:

* ``dssp8``: the 8 DSSP states H (alpha helix), G (3-10 helix), I (pi helix),
  E (strand), B (isolated bridge), T (turn), S (bend), C (none of these;
  DSSP prints a blank);
* ``dssp3``: the usual reduction H = {H, G, I}, E = {E, B}, C = the rest
  (identical to ``mdtraj.compute_dssp(simplified=True)``; checked below).

Identical sequences are kept once (the first in sorted file order). Similar
chains (the same protein from two files, with a mutation or two) are grouped:
``cluster`` joins chains whose semi-global alignment (Biopython, BLOSUM62)
makes at least 50% of the shorter chain identical, single linkage, so that
``split`` (train/valid/test, whole clusters, seed 0) does not leak homologs.
(In this set true homologs score 0.61-1.0 and unrelated pairs at most 0.42.)
"""
import bz2
import gzip
import tempfile
import warnings
from pathlib import Path

import numpy as np
from _common import DATA_DIR, fetch_sdist, register, write_gzip_text

VERSION = "2.11.0"
MIN_LENGTH = 30
IDENTITY = 0.50
SEED = 0
TEST_FRACTION, VALID_FRACTION = 0.15, 0.15
MAX_HELD_OUT = 0.05
SUFFIXES = (".pdb", ".pdb.gz", ".pdb.bz2", ".ent", ".cif", ".cif.gz")
THREE_STATE = {"H": "H", "G": "H", "I": "H", "E": "E", "B": "E", "T": "C", "S": "C", " ": "C"}
FILE = "protein_structure/mdanalysis_dssp.tsv.gz"
# test fixtures left out, with the reason
EXCLUDE = {"mmcif/custom.cif.gz": "a hand-made fixture of unknown origin (B-factors look like a predicted model)"}
# files whose name does not say which structure they hold
NAMES = {"merge/2zmm/protein.pdb": "2zmm"}


def structures(sdist):
    """Yield ``(path inside MDAnalysisTests/data, mdtraj.Trajectory of the first model)`` in sorted order."""
    import mdtraj as md

    members = sorted((m for m in sdist.getmembers() if m.isfile() and "/MDAnalysisTests/data/" in m.name
                      and m.name.lower().endswith(SUFFIXES)), key=lambda m: m.name)
    for member in members:
        rel = member.name.split("/MDAnalysisTests/data/", 1)[1]
        if rel in EXCLUDE:
            print(f"  skip {rel}: {EXCLUDE[rel]}")
            continue
        raw = sdist.extractfile(member).read()
        suffix = ".cif" if ".cif" in rel else ".pdb"
        try:
            if rel.endswith(".gz"):
                raw = gzip.decompress(raw)
            elif rel.endswith(".bz2"):
                raw = bz2.decompress(raw)
            with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
                tmp.write(raw)
                tmp.flush()
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    traj = md.load_pdb(tmp.name, frame=0) if suffix == ".pdb" else md.load(tmp.name)[0]
        except Exception as err:  # test fixtures include deliberately broken files
            print(f"  skip {rel}: {type(err).__name__}: {str(err)[:70]}")
            continue
        yield rel, traj


def chains_with_dssp(rel, traj):
    """Rows ``[chain_id, rel, sequence, dssp8, dssp3]`` for the chains of one structure that qualify."""
    import mdtraj as md

    top = traj.topology
    candidates = [c for c in top.chains if sum(r.is_protein for r in c.residues) >= MIN_LENGTH]
    if not candidates:
        return []
    full = md.compute_dssp(traj, simplified=False)[0]
    simple = md.compute_dssp(traj, simplified=True)[0]
    stem = NAMES.get(rel, Path(rel).name.split(".")[0])
    rows = []
    for chain in candidates:
        residues = [r for r in chain.residues if r.is_protein]
        labels = [full[r.index] for r in residues]
        if "NA" in labels:
            print(f"  skip {rel} chain {chain.chain_id!r}: {labels.count('NA')} residues without DSSP label")
            continue
        dssp3 = "".join(THREE_STATE[s] for s in labels)
        if dssp3 != "".join(simple[r.index] for r in residues):
            raise RuntimeError(f"{rel}: our 3-state reduction differs from mdtraj's simplified DSSP")
        letter = chain.chain_id.strip() or str(chain.index)
        rows.append([f"{stem}:{letter}", rel, "".join(r.code or "X" for r in residues),
                     "".join(labels).replace(" ", "C"), dssp3])
    return rows


def identity(aligner, a, b):
    """Fraction of the shorter sequence aligned to an identical residue."""
    aln = aligner.align(a, b)[0]
    same = sum(x == y for (s1, e1), (s2, e2) in zip(*aln.aligned) for x, y in zip(a[s1:e1], b[s2:e2]))
    return same / min(len(a), len(b))


def clusters(seqs):
    """Single-linkage clusters at ``IDENTITY``; returns an int label per sequence (0 = first cluster)."""
    from Bio.Align import PairwiseAligner, substitution_matrices

    aligner = PairwiseAligner(mode="global", substitution_matrix=substitution_matrices.load("BLOSUM62"),
                              open_gap_score=-10, extend_gap_score=-0.5, end_gap_score=0)
    parent = list(range(len(seqs)))

    def root(i):
        while parent[i] != i:
            i = parent[i]
        return i

    for i in range(len(seqs)):
        for j in range(i):
            if root(i) != root(j) and identity(aligner, seqs[i], seqs[j]) >= IDENTITY:
                parent[max(root(i), root(j))] = min(root(i), root(j))
    roots = [root(i) for i in range(len(seqs))]
    order = {r: k for k, r in enumerate(dict.fromkeys(roots))}
    return [order[r] for r in roots]


def assign_splits(cluster, lengths):
    """Whole clusters to test, then valid, until each holds its fraction of residues; the rest train.

    A cluster holding more than ``MAX_HELD_OUT`` of all residues (CFTR, 1,181 residues) always goes to
    train, so that no single protein dominates the small valid and test sets.
    """
    cluster, lengths = np.asarray(cluster), np.asarray(lengths)
    total = lengths.sum()
    split = {}
    filled = {"test": 0, "valid": 0}
    for c in np.random.default_rng(SEED).permutation(np.unique(cluster)):
        size = lengths[cluster == c].sum()
        for name, frac in (("test", TEST_FRACTION), ("valid", VALID_FRACTION)):
            if size <= MAX_HELD_OUT * total and filled[name] + size <= frac * total:
                split[c] = name
                filled[name] += size
                break
        else:
            split[c] = "train"
    return [split[c] for c in cluster]


def reference_agreement(sdist, rows):
    """Per-residue agreement of our dssp3 with MDAnalysis's reference strings in data/dssp/*.pdb.dssp."""
    ours = {r[1]: r[4] for r in rows}
    same = total = 0
    for member in sdist.getmembers():
        if member.name.endswith(".pdb.dssp"):
            rel = member.name.split("/MDAnalysisTests/data/", 1)[1].replace(".pdb.dssp", ".pdb.gz")
            ref = sdist.extractfile(member).read().decode().split()[0].replace("-", "C")
            if rel in ours and len(ours[rel]) == len(ref):
                same += sum(a == b for a, b in zip(ours[rel], ref))
                total += len(ref)
    return round(same / total, 4), total


def main():
    import mdtraj

    sdist = fetch_sdist("mdanalysistests", VERSION)
    rows, seen, n_dupes = [], set(), 0
    for rel, traj in structures(sdist):
        for row in chains_with_dssp(rel, traj):
            if row[2] in seen:
                n_dupes += 1
                continue
            seen.add(row[2])
            rows.append(row)
    cluster = clusters([r[2] for r in rows])
    split = assign_splits(cluster, [len(r[2]) for r in rows])
    agreement, n_ref = reference_agreement(sdist, rows)
    lines = ["chain_id\tsource_file\tlength\tsequence\tdssp3\tdssp8\tcluster\tsplit"]
    for row, c, s in zip(rows, cluster, split):
        chain_id, rel, seq, dssp8, dssp3 = row
        lines.append(f"{chain_id}\t{rel}\t{len(seq)}\t{seq}\t{dssp3}\t{dssp8}\t{c}\t{s}")
    write_gzip_text(DATA_DIR / FILE, "\n".join(lines) + "\n")
    n_res = sum(len(r[2]) for r in rows)
    print(f"{len(rows)} chains, {n_res} residues, {max(cluster) + 1} clusters, {n_dupes} duplicate chains dropped; "
          f"3-state agreement with MDAnalysis's reference DSSP: {agreement} over {n_ref} residues")
    register(
        "protein_ss_dssp", FILE, "table",
        f"{len(rows)} distinct protein chains ({n_res:,} residues, >= {MIN_LENGTH} each) from MDAnalysis test "
        f"structures with per-residue DSSP secondary structure; columns chain_id, source_file, length, "
        f"sequence, dssp3 (H/E/C), dssp8 (H/G/I/E/B/T/S/C), cluster (50% identity), split "
        f"(train/valid/test by cluster); strings of one chain have equal length",
        {"publication": "Kabsch & Sander (1983) Dictionary of protein secondary structure: pattern recognition "
                        "of hydrogen-bonded and geometrical features. Biopolymers 22:2577-2637 (DSSP, here as "
                        "implemented in mdtraj: McGibbon et al. (2015) Biophys J 109:1528-1532, "
                        "doi 10.1016/j.bpj.2015.08.015); structures from the Protein Data Bank via MDAnalysis "
                        "(Michaud-Agrawal et al. (2011) J Comput Chem 32:2319-2327, doi 10.1002/jcc.21787)",
         "doi": "10.1002/bip.360221211", "package": "mdanalysistests (PyPI, sdist)", "version": VERSION,
         "labels_by": f"mdtraj {mdtraj.__version__}"},
        "LGPL-3.0-or-later (mdanalysistests package license); the underlying PDB entries are CC0",
        rows=len(rows), residues=n_res, reference_dssp3_agreement=agreement,
    )


if __name__ == "__main__":
    main()
