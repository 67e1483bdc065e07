"""Rebuild data/mave/*.tsv.gz from the example data sets bundled with mavenn.

mavenn 1.1.4 (PyPI) ships, under mavenn/examples/datasets/, the multiplex
assays of variant effect (MAVEs) its tutorials train on. We keep every
measured column and make three changes so the course reads them uniformly:

* mavenn's ``x`` becomes ``sequence`` and its ``set`` (training / validation /
  test, mavenn's own random split) becomes ``split`` (train / valid / test);
* ``row`` is the 0-based row of the sequence in mavenn's file, so a subsampled
  or reordered table can always be traced back to the original;
* splice-site sequences are written as DNA (mavenn writes RNA, U -> T) so
  ``sequences.one_hot_dna`` reads them, and protein variants get a
  ``mutations`` column (e.g. ``D1K:E22G``) in the protein's published
  numbering, found against the wild type (the most common residue at every
  position of these single/double-mutant libraries).

Only GB1 (530,737 double mutants, 9 MB) is subsampled: 100,000 rows drawn
uniformly without replacement with numpy seed 0, written in their original order.

The two splicing replicates ``mpsa`` and ``mpsa_replicate`` measure mostly the
same sequences, but mavenn split each file at random on its own, so their split
labels agreed on only 45 % of the shared sequences: a learner joining them would
train on test sequences. Here ``mpsa_replicate`` takes the split of ``mpsa`` for
every shared sequence; sequences measured only in the replicate keep mavenn's
label.
"""
import io

import numpy as np
import pandas as pd
from _common import fetch_wheel, register, write_table

VERSION = "1.1.4"
SEED = 0
GB1_ROWS = 100_000
SPLITS = {"training": "train", "validation": "valid", "test": "test"}
MAVENN = {"publication": "Tareen et al. (2022) MAVE-NN: learning genotype-phenotype maps from multiplex "
                         "assays of variant effect. Genome Biol 23:98",
          "doi": "10.1186/s13059-022-02661-7"}
LICENSE = "MIT (mavenn package license; the data are redistributed there as example data of the cited study)"

# name: (publication, doi, first residue number or None for nucleic acids, description)
SETS = {
    "mpsa": (
        "Wong, Kinney & Krainer (2018) Quantitative activity profile and context dependence of all human "
        "5' splice sites. Mol Cell 71:1012-1026.e3", "10.1016/j.molcel.2018.07.033", None,
        "{n:,} human 5' splice sites (9 nt, exon -3..intron +6, DNA letters) from a massively parallel splicing "
        "assay in the BRCA2 exon 17 minigene, replicate 1; columns row, split (train/valid/test, mavenn's; "
        "mpsa_replicate uses the same split), sequence, tot_ct, ex_ct (read counts), y = log10 percent "
        "spliced in, consensus CAGGTAAGT = 2.0"),
    "mpsa_replicate": (
        "Wong, Kinney & Krainer (2018) Quantitative activity profile and context dependence of all human "
        "5' splice sites. Mol Cell 71:1012-1026.e3", "10.1016/j.molcel.2018.07.033", None,
        "{n:,} human 5' splice sites, second replicate of 'mpsa' (same assay and columns; split = mpsa's for "
        "the {shared:,} shared sequences, so a join on sequence keeps test out of train). The replicates "
        "correlate at r = {r:.2f}; a model scored against one replicate can exceed that r but not its square "
        "root, {ceiling:.2f}, the noise ceiling"),
    "sortseq": (
        "Kinney, Murugan, Callan & Cox (2010) Using deep sequencing to characterize the biophysical mechanism "
        "of a transcriptional regulatory sequence. PNAS 107:9158-9163", "10.1073/pnas.1004290107", None,
        "{n:,} mutagenized E. coli lac promoter sequences (75 bp, CRP and RNAP sites) sorted by expression "
        "into 10 fluorescence bins; columns row, split, sequence, ct_0..ct_9 = reads per bin, ct_0 lowest "
        "and ct_9 highest fluorescence"),
    "gb1": (
        "Olson, Wu & Sun (2014) A comprehensive biophysical description of pairwise epistasis throughout an "
        "entire protein domain. Curr Biol 24:2643-2651", "10.1016/j.cub.2014.09.072", 2,
        "{n:,} of 530,737 GB1 double mutants (residues 2-56, 55 aa; uniform subsample, seed 0) with IgG-Fc "
        "binding fitness; columns row, split, sequence, mutations, dist (=2), input_ct, selected_ct, "
        "y = log2 enrichment (selected/input) relative to wild type"),
    "amyloid": (
        "Seuma, Faure, Badia, Lehner & Bolognesi (2021) The genetic landscape for amyloid beta fibril "
        "nucleation accurately discriminates familial Alzheimer's disease mutations. eLife 10:e63364",
        "10.7554/eLife.63364", 1,
        "{n:,} single and double mutants of amyloid beta 1-42 (42 aa, '*' = stop codon) with nucleation "
        "score y and its standard error dy; columns row, split, sequence, mutations, dist (number of "
        "mutations), y, dy"),
    "tdp43": (
        "Bolognesi, Faure, Seuma, Schmiedel, Tartaglia & Lehner (2019) The mutational landscape of a "
        "prion-like domain. Nat Commun 10:4162", "10.1038/s41467-019-12101-z", 290,
        "{n:,} single and double mutants of the TDP-43 prion-like domain (residues 290-373, 84 aa, "
        "'*' = stop codon) with toxicity score y and its standard error dy; columns row, split, sequence, "
        "mutations, dist, y, dy"),
}


# what a learner must know before using each set (written to the registry's "caveats" field)
CAVEATS = {
    "mpsa": "split is mavenn's random split of sequences, shared with mpsa_replicate (join on sequence without "
            "leaking test into train); one minigene context (BRCA2 exon 17), so y is the activity of a 9-mer there, "
            "not in every gene; replicate r = 0.79, so r against one replicate is capped near 0.89",
    "mpsa_replicate": "split copied from mpsa for shared sequences (mavenn's own random split only for sequences "
                      "measured here alone); use it to estimate the noise ceiling: r between replicates 0.79, "
                      "ceiling for a model scored against one replicate sqrt(0.79) = 0.89, not 0.79",
    "sortseq": "split is mavenn's random split; every sequence is a mutant of one wild-type lac promoter, so "
               "the test set measures new mutation combinations, not new promoters; ct_0..ct_9 are raw reads "
               "per bin, not normalised across bins",
    "gb1": "uniform subsample (seed 0) of 530,737 double mutants; mavenn's random split, so each single mutation "
           "of a test double mutant was seen in training double mutants; y is noisy where input_ct is low",
    "amyloid": "mavenn's random split: test variants share single mutations with training variants; '*' marks "
               "stop codons (nonsense variants score low); y has a per-variant standard error dy",
    "tdp43": "mavenn's random split: test variants share single mutations with training variants; '*' marks "
             "stop codons; y is toxicity in yeast with a per-variant standard error dy",
}


def wild_type(seqs):
    """Most common letter at every position of equal-length sequences (ties: alphabetical)."""
    arr = np.array([list(s) for s in seqs])
    out = []
    for column in arr.T:
        letters, counts = np.unique(column, return_counts=True)
        out.append(letters[np.argmax(counts)])
    return "".join(out)


def mutation_list(seq, wt, first):
    """'D1K:E22G'-style list of the differences of ``seq`` from ``wt``; residue numbers start at ``first``."""
    return ":".join(f"{w}{i + first}{s}" for i, (w, s) in enumerate(zip(wt, seq)) if w != s)


def tidy(raw, first):
    """mavenn's table -> the course's columns (see the module docstring); returns (table, wild type)."""
    df = raw.rename(columns={"x": "sequence", "set": "split"})
    df.insert(0, "row", np.arange(len(df)))
    df["split"] = df["split"].map(SPLITS)
    if df["split"].isna().any():
        raise ValueError(f"unexpected set labels: {sorted(set(raw['set']) - set(SPLITS))}")
    wt = None
    if first is None:
        df["sequence"] = df["sequence"].str.replace("U", "T")
    else:
        wt = wild_type(df["sequence"])
        df["mutations"] = [mutation_list(s, wt, first) for s in df["sequence"]]
    measured = [c for c in raw.columns if c not in ("x", "set")]
    extra = ["mutations"] if first is not None else []
    return df[["row", "split", "sequence", *extra, *measured]], wt


def share_split(replicate, reference):
    """``replicate`` with the split of ``reference`` for every sequence both measured (others unchanged)."""
    shared = replicate["sequence"].map(reference.set_index("sequence")["split"])
    return replicate.assign(split=shared.fillna(replicate["split"])), int(shared.notna().sum())


def main():
    wheel = fetch_wheel("mavenn", VERSION)
    built = {}
    for name, (publication, doi, first, description) in SETS.items():
        member = f"mavenn/examples/datasets/{name}_data.csv.gz"
        raw = pd.read_csv(io.BytesIO(wheel.read(member)), compression="gzip", dtype={"set": str, "x": str})
        df, wt = tidy(raw, first)
        total = len(df)
        extra = {"rows_in_source": total}
        fill = {"n": len(df)}
        if name == "gb1":
            keep = np.sort(np.random.default_rng(SEED).choice(total, size=GB1_ROWS, replace=False))
            df = df.iloc[keep]
            fill["n"] = len(df)
        if name == "mpsa_replicate":
            df, shared = share_split(df, built["mpsa"])
            both = built["mpsa"].merge(df, on="sequence")
            r = float(np.corrcoef(both["y_x"], both["y_y"])[0, 1])
            fill.update(shared=shared, r=r, ceiling=np.sqrt(r))
            extra.update(rows_shared_with_mpsa=shared, replicate_r=round(r, 4), noise_ceiling_r=round(np.sqrt(r), 4),
                         split_rule="split of 'mpsa' for shared sequences; mavenn's own split for the others")
        built[name] = df
        file = f"mave/{name}.tsv.gz"
        write_table(df, file, float_format="%.6g")
        extra = {"rows": len(df), **extra}
        if wt is not None:
            extra.update(wild_type=wt, first_residue=first)
        register(
            name, file, "table", description.format(**fill),
            {"publication": publication, "doi": doi, "package": "mavenn (PyPI)", "version": VERSION,
             "files": [member], "via": MAVENN},
            LICENSE, caveats=CAVEATS[name], **extra,
        )


if __name__ == "__main__":
    main()
