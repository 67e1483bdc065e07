"""Rebuild data/localization/swissprot_localization.tsv.gz from Debian's
metastudent-data (SwissProt proteins with GO cellular-component annotations,
release 2014-01).

Steps (every choice is deterministic):

1. Sequences: ``blastdbcmd -db goasp.fasta -entry all`` (ncbi-blast+) prints the
   392,822 proteins of dataset_201401/CCO as FASTA; goasp_annot.dat lists each
   protein's GO cellular-component terms.
2. Compartments. A term counts for compartment c if it is c or lies below c in
   GO (fullTransitiveClosureGO.txt, is_a and part_of), e.g. nucleolus ->
   nucleus, mitochondrial inner membrane -> mitochondrion:

     nucleus GO:0005634, cytoplasm GO:0005737, mitochondrion GO:0005739,
     extracellular GO:0005576 (extracellular region), plasma_membrane GO:0005886

   In GO every organelle lies inside the cytoplasm, so a term below an
   intracellular membrane-bounded organelle (GO:0043231) does not count as
   cytoplasm; if it is below none of the five (ER, Golgi, vacuole, chloroplast,
   vesicles, ...) it marks the protein as "elsewhere". Terms below none of these
   (membrane, cell, protein complex, ...) say nothing about the compartment.
3. Keep a protein only if its terms name exactly one of the five compartments
   and nothing "elsewhere" (multi-localised proteins are dropped), its sequence
   has 50-1000 residues of the 20 standard amino acids, and no earlier protein
   has the identical sequence.
4. Redundancy: SwissProt holds many orthologues of one protein. Per compartment
   we take the ``N_CANDIDATES`` proteins whose SHA-1 of the accession sorts
   first, cluster the pooled candidates with CD-HIT at 40 % identity (word size
   2, one thread), keep each cluster's representative, and then take the first
   ``N_PER_CLASS`` representatives per compartment in the same hash order. No
   two proteins in the file share more than 40 % identity (CD-HIT's measure),
   so a random split does not leak close homologues.
5. ``split``: train / valid / test = 70 / 15 / 15 % by a second hash of the
   accession.

SwissProt also holds bacteria and archaea: they have no nucleus or
mitochondria, so "cytoplasm" and "plasma_membrane" mix kingdoms while
"nucleus" and "mitochondrion" are eukaryotic only. The headers carry no
organism, so this cannot be balanced here; say so where it matters.
"""
import collections
import hashlib
import subprocess
import tempfile
from pathlib import Path

import pandas as pd

from _common import register, write_table
from _debian import ensure_packages

BASE = Path("/usr/share/metastudent-data/dataset_201401")
COMPARTMENTS = {"nucleus": "GO:0005634", "cytoplasm": "GO:0005737", "mitochondrion": "GO:0005739",
                "extracellular": "GO:0005576", "plasma_membrane": "GO:0005886"}
MEMBRANE_BOUNDED_ORGANELLE = "GO:0043231"
N_CANDIDATES = 2500
N_PER_CLASS = 800
MIN_LEN, MAX_LEN = 50, 1000
AMINO_ACIDS = set("ACDEFGHIKLMNPQRSTVWY")
FILE = "localization/swissprot_localization.tsv.gz"


def sha1(text):
    return hashlib.sha1(text.encode()).hexdigest()


def ancestors():
    """``{term: set of ancestor terms}`` from the transitive closure (child, relation, ancestor, distance)."""
    anc = collections.defaultdict(set)
    with open(BASE / "fullTransitiveClosureGO.txt") as fh:
        for line in fh:
            term, _, ancestor, _ = line.rstrip("\n").split("\t")
            anc[term].add(ancestor)
    return anc


def compartments_of(term, anc):
    """The compartments ``term`` names: a subset of COMPARTMENTS, ``{"elsewhere"}``, or empty."""
    above = anc.get(term, set()) | {term}
    found = {c for c, go in COMPARTMENTS.items() if go in above}
    if term != COMPARTMENTS["cytoplasm"] and MEMBRANE_BOUNDED_ORGANELLE in above:
        found.discard("cytoplasm")
        if not found:
            found = {"elsewhere"}
    return found


def read_sequences():
    """``{accession: sequence}`` of the CCO BLAST database, via blastdbcmd."""
    out = subprocess.run(["blastdbcmd", "-db", str(BASE / "CCO/goasp.fasta"), "-entry", "all"],
                         capture_output=True, text=True, check=True).stdout
    seqs = {}
    for block in out.split(">")[1:]:
        header, seq = block.split("\n", 1)
        seqs[header.split("|")[0]] = seq.replace("\n", "")
    return seqs


def cd_hit(records, identity=0.4, word=2):
    """Accessions of the CD-HIT representatives of ``records`` (a list of ``(accession, sequence)``)."""
    tmp = Path(tempfile.mkdtemp(prefix="course-cdhit-"))
    (tmp / "in.fa").write_text("".join(f">{a}\n{s}\n" for a, s in records))
    subprocess.run(["cd-hit", "-i", "in.fa", "-o", "out.fa", "-c", str(identity), "-n", str(word),
                    "-T", "1", "-M", "2000", "-d", "0"], check=True, cwd=tmp, stdout=subprocess.DEVNULL)
    return {line[1:].strip() for line in (tmp / "out.fa").read_text().splitlines() if line.startswith(">")}


def main():
    versions = ensure_packages("metastudent-data", "ncbi-blast+", "cd-hit")
    anc = ancestors()
    seqs = read_sequences()
    label, terms_of, n_single = {}, {}, collections.Counter()
    with open(BASE / "CCO/goasp_annot.dat") as fh:
        for line in fh:
            acc, *terms = line.rstrip("\n").split("\t")
            found = set().union(*(compartments_of(t, anc) for t in set(terms)))
            if len(found) == 1 and "elsewhere" not in found:
                label[acc] = found.pop()
                terms_of[acc] = ",".join(sorted(set(terms)))
                n_single[label[acc]] += 1
    seen, candidates = set(), collections.defaultdict(list)
    for acc in sorted(label, key=sha1):
        seq = seqs[acc]
        if not MIN_LEN <= len(seq) <= MAX_LEN or set(seq) - AMINO_ACIDS or seq in seen:
            continue
        seen.add(seq)
        if len(candidates[label[acc]]) < N_CANDIDATES:
            candidates[label[acc]].append(acc)
    pooled = [(a, seqs[a]) for c in COMPARTMENTS for a in candidates[c]]
    keep = cd_hit(pooled)
    rows = []
    for c in COMPARTMENTS:
        for acc in [a for a in candidates[c] if a in keep][:N_PER_CLASS]:
            bucket = int(sha1("split:" + acc), 16) % 100
            rows.append({"id": acc, "location": c, "go_terms": terms_of[acc], "length": len(seqs[acc]),
                         "split": "train" if bucket < 70 else "valid" if bucket < 85 else "test",
                         "sequence": seqs[acc]})
    df = pd.DataFrame(rows)
    write_table(df, FILE)
    counts = df["location"].value_counts()
    register(
        "swissprot_localization", FILE, "table",
        f"{len(df)} SwissProt proteins (50-1000 aa, <=40 % identity to each other) with exactly one of 5 "
        "subcellular compartments from GO cellular-component annotations; columns id (UniProt accession), "
        "location (" + ", ".join(f"{c} {counts.get(c, 0)}" for c in COMPARTMENTS) + "), go_terms (annotated CC "
        "terms), length (aa), split (train/valid/test 70/15/15), sequence (one-letter amino acids)",
        {"publication": "Hamp et al. (2013) Homology-based inference sets the bar high for protein function "
                        "prediction. BMC Bioinformatics 14(Suppl 3):S7 (metastudent; UniProtKB/Swiss-Prot and GO "
                        "annotations of January 2014)",
         "doi": "10.1186/1471-2105-14-S3-S7", "package": "metastudent-data (Debian)",
         "version": versions["metastudent-data"], "files": "dataset_201401/CCO/goasp.fasta (BLAST db), "
         "goasp_annot.dat, fullTransitiveClosureGO.txt",
         "tools": {"ncbi-blast+ (blastdbcmd)": versions["ncbi-blast+"],
                   "cd-hit (Fu et al. 2012, doi:10.1093/bioinformatics/bts565)": versions["cd-hit"]}},
        "GPL-2+ (metastudent-data); UniProtKB/Swiss-Prot and GO annotations CC-BY-4.0",
        compartments=COMPARTMENTS,
        single_compartment_proteins={c: n_single[c] for c in COMPARTMENTS},
        rule="exactly one compartment (GO descendants, organelles not counted as cytoplasm), 50-1000 aa, "
             f"standard amino acids, unique, CD-HIT 40 %, first {N_PER_CLASS} per class by SHA-1 of accession",
    )


if __name__ == "__main__":
    main()
