"""Rebuild data/localization/swissprot_localization.tsv.gz from Debian's
metastudent-data (SwissProt proteins with GO annotations, release 2014-01).

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
   Terms that place a protein in *another* organism or in a virus particle
   (``NOT_OWN_CELL``: below "other organism" GO:0044215, which holds "host cell
   nucleus", "host cell cytoplasm", symbiont-containing vacuoles and other
   organisms' membranes, or below "virion" GO:0019012) map to no compartment.
   GO files them under "extracellular region" (via "extraorganismal space"), so
   the first version of this set labelled viral proteins found in the host
   nucleus "extracellular". A protein with such a term is left out: these are
   viral proteins, effectors of bacteria and parasites, and toxins acting on
   other organisms (counted in the registry's ``excluded_other_organism``).
3. Keep a protein only if its terms name exactly one of the five compartments,
   nothing "elsewhere" and nothing in another organism or virion
   (multi-localised proteins are dropped), its sequence has 50-1000 residues of
   the 20 standard amino acids, and no earlier protein has the identical sequence.
4. Redundancy: SwissProt holds many orthologues of one protein. Per compartment
   we take the ``N_CANDIDATES`` proteins whose SHA-1 of the accession sorts
   first, cluster the pooled candidates with CD-HIT at 40 % identity (word size
   2, one thread), keep each cluster's representative, and then take the first
   ``N_PER_CLASS`` representatives per compartment in the same hash order. No
   two proteins in the file share more than 40 % identity (CD-HIT's measure),
   so a random split does not leak close homologues.
5. ``split``: train / valid / test = 70 / 15 / 15 % by a second hash of the
   accession.
6. ``kingdom``: the source names no organism (the FASTA headers hold only the
   accession and GO terms, the BLAST database has no taxonomy, and no Debian or
   PyPI package maps these accessions to species), so the kingdom is a GO-based
   proxy from the protein's terms in all three ontologies (CCO, BPO, MFO):
   ``eukaryote`` if any term is or lies below a marker only eukaryotes have
   (``EUKARYOTE_MARKERS``: nucleus, mitochondrion, ER, Golgi, plastid,
   cytoskeleton, cilium, synapse, spliceosomal splicing, ubiquitination,
   endocytosis, ...), else ``prokaryote`` if one is below a marker only bacteria
   and archaea have (``PROKARYOTE_MARKERS``: outer membrane, periplasm,
   peptidoglycan, lipid A, bacterial flagellum, pilus, S-layer, nucleoid, SOS
   response, ...), else ``unknown``. Eukaryotic markers win because
   eukaryotes carry some bacterial pathways in their organelles (e.g. lipid A
   synthesis in plant mitochondria). ``kingdom_evidence`` lists the markers found.
   Nucleus and mitochondrion proteins are eukaryotic by definition; for the
   other three classes the proxy finds the kingdom of a minority of proteins
   (registry: ``kingdom_counts``), so "unknown" is common and mixes kingdoms.
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
NOT_OWN_CELL = {"GO:0044215": "other organism", "GO:0019012": "virion"}
EUKARYOTE_MARKERS = {
    "GO:0005634": "nucleus", "GO:0005739": "mitochondrion", "GO:0005783": "endoplasmic reticulum",
    "GO:0005794": "Golgi apparatus", "GO:0005768": "endosome", "GO:0005764": "lysosome", "GO:0005773": "vacuole",
    "GO:0042579": "microbody", "GO:0009536": "plastid", "GO:0012505": "endomembrane system",
    "GO:0015629": "actin cytoskeleton", "GO:0015630": "microtubule cytoskeleton", "GO:0005929": "cilium",
    "GO:0005813": "centrosome", "GO:0043005": "neuron projection", "GO:0045202": "synapse",
    "GO:0030054": "cell junction", "GO:0005578": "proteinaceous extracellular matrix",
    "GO:0005681": "spliceosomal complex", "GO:0000398": "mRNA splicing, via spliceosome",
    "GO:0016567": "protein ubiquitination", "GO:0006897": "endocytosis", "GO:0006887": "exocytosis",
    "GO:0006914": "autophagy", "GO:0000278": "mitotic cell cycle", "GO:0007275": "multicellular organismal "
    "development",
}
PROKARYOTE_MARKERS = {
    "GO:0009279": "cell outer membrane", "GO:0042597": "periplasmic space",
    "GO:0009274": "peptidoglycan-based cell wall", "GO:0030313": "cell envelope",
    "GO:0009288": "bacterial-type flagellum", "GO:0009289": "pilus", "GO:0030115": "S-layer",
    "GO:0043590": "bacterial nucleoid", "GO:0042716": "plasma membrane-derived chromatophore",
    "GO:0030075": "bacterial thylakoid",
    "GO:0044222": "anammoxosome", "GO:0009252": "peptidoglycan biosynthetic process",
    "GO:0009273": "peptidoglycan-based cell wall biogenesis", "GO:0009245": "lipid A biosynthetic process",
    "GO:0009103": "lipopolysaccharide biosynthetic process", "GO:0019350": "teichoic acid biosynthetic process",
    "GO:0071973": "bacterial-type flagellar cell motility",
    "GO:0044780": "bacterial-type flagellum assembly", "GO:0009432": "SOS response",
}
EXACT_PROKARYOTE_MARKERS = {"GO:0009295": "nucleoid"}   # its children include the mitochondrial nucleoid
N_CANDIDATES = 2500
N_PER_CLASS = 800
MIN_LEN, MAX_LEN = 50, 1000
AMINO_ACIDS = set("ACDEFGHIKLMNPQRSTVWY")
FILE = "localization/swissprot_localization.tsv.gz"
# what a learner must know before using the set (written to the registry's "caveats" field)
CAVEATS = {
    "swissprot_localization": "labels come from GO annotations (2014), many of them inferred electronically, "
                              "not from experiments; random split by accession, safe because no two proteins "
                              "share more than 40 % identity; kingdom is confounded with the label (nucleus and "
                              "mitochondrion are eukaryotic only; cytoplasm, plasma_membrane and extracellular "
                              "mix bacteria and eukaryotes) and is only a GO-based proxy, 'unknown' for most "
                              "proteins of those three classes; viral and other proteins annotated to a host "
                              "cell or virion are left out",
}


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
    """The compartments ``term`` names: a subset of COMPARTMENTS, ``{"elsewhere"}``, ``{"other_organism"}``
    (a place in another organism or a virion: no compartment of the protein's own cell), or empty."""
    above = anc.get(term, set()) | {term}
    if above & NOT_OWN_CELL.keys():
        return {"other_organism"}
    found = {c for c, go in COMPARTMENTS.items() if go in above}
    if term != COMPARTMENTS["cytoplasm"] and MEMBRANE_BOUNDED_ORGANELLE in above:
        found.discard("cytoplasm")
        if not found:
            found = {"elsewhere"}
    return found


def kingdom_of(terms, anc):
    """``(kingdom, evidence)``: the GO-marker proxy of step 6; evidence = the sorted marker ids found."""
    euk, prok = set(), set()
    for term in terms:
        above = anc.get(term, set()) | {term}
        euk |= above & EUKARYOTE_MARKERS.keys()
        prok |= above & PROKARYOTE_MARKERS.keys()
        prok |= {term} & EXACT_PROKARYOTE_MARKERS.keys()
    if euk:
        return "eukaryote", ",".join(sorted(euk))
    if prok:
        return "prokaryote", ",".join(sorted(prok))
    return "unknown", ""


def read_sequences():
    """``{accession: sequence}`` of the CCO BLAST database, via blastdbcmd."""
    out = subprocess.run(["blastdbcmd", "-db", str(BASE / "CCO/goasp.fasta"), "-entry", "all"],
                         capture_output=True, text=True, check=True).stdout
    seqs = {}
    for block in out.split(">")[1:]:
        header, seq = block.split("\n", 1)
        seqs[header.split("|")[0]] = seq.replace("\n", "")
    return seqs


def read_terms(ontology, accessions):
    """``{accession: set of GO terms}`` from ``<ontology>/goasp_annot.dat`` for the given accessions."""
    terms = collections.defaultdict(set)
    with open(BASE / ontology / "goasp_annot.dat") as fh:
        for line in fh:
            acc, *ts = line.rstrip("\n").split("\t")
            if acc in accessions:
                terms[acc].update(ts)
    return terms


def cd_hit(records, identity=0.4, word=2):
    """Accessions of the CD-HIT representatives of ``records`` (a list of ``(accession, sequence)``)."""
    tmp = Path(tempfile.mkdtemp(prefix="course-cdhit-"))
    (tmp / "in.fa").write_text("".join(f">{a}\n{s}\n" for a, s in records))
    subprocess.run(["cd-hit", "-i", "in.fa", "-o", "out.fa", "-c", str(identity), "-n", str(word),
                    "-T", "1", "-M", "2000", "-d", "0"], check=True, cwd=tmp, stdout=subprocess.DEVNULL)
    return {line[1:].strip() for line in (tmp / "out.fa").read_text().splitlines() if line.startswith(">")}


def old_label(terms, anc):
    """The label the first version gave (host and virion terms counted as extracellular), or None."""
    found = set()
    for term in terms:
        above = anc.get(term, set()) | {term}
        f = {c for c, go in COMPARTMENTS.items() if go in above}
        if term != COMPARTMENTS["cytoplasm"] and MEMBRANE_BOUNDED_ORGANELLE in above:
            f.discard("cytoplasm")
            f = f or {"elsewhere"}
        found |= f
    return found.pop() if len(found) == 1 and "elsewhere" not in found else None


def main():
    versions = ensure_packages("metastudent-data", "ncbi-blast+", "cd-hit")
    anc = ancestors()
    names = dict(line.rstrip("\n").split("\t", 1) for line in open(BASE / "nameMapping.txt"))
    seqs = read_sequences()
    label, terms_of, n_single = {}, {}, collections.Counter()
    excluded, excluded_terms = collections.Counter(), set()
    with open(BASE / "CCO/goasp_annot.dat") as fh:
        for line in fh:
            acc, *terms = line.rstrip("\n").split("\t")
            terms = set(terms)
            per_term = {t: compartments_of(t, anc) for t in terms}
            found = set().union(*per_term.values())
            if "other_organism" in found:
                excluded_terms |= {t for t, f in per_term.items() if "other_organism" in f}
                excluded[old_label(terms, anc) or "not single-compartment anyway"] += 1
            elif len(found) == 1 and "elsewhere" not in found:
                label[acc] = found.pop()
                terms_of[acc] = ",".join(sorted(terms))
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
    chosen = {c: [a for a in candidates[c] if a in keep][:N_PER_CLASS] for c in COMPARTMENTS}
    accessions = {a for accs in chosen.values() for a in accs}
    all_terms = collections.defaultdict(set)
    for ontology in ("CCO", "BPO", "MFO"):
        for acc, ts in read_terms(ontology, accessions).items():
            all_terms[acc] |= ts
    rows = []
    for c in COMPARTMENTS:
        for acc in chosen[c]:
            bucket = int(sha1("split:" + acc), 16) % 100
            kingdom, evidence = kingdom_of(all_terms[acc], anc)
            rows.append({"id": acc, "location": c, "kingdom": kingdom, "kingdom_evidence": evidence,
                         "go_terms": terms_of[acc], "length": len(seqs[acc]),
                         "split": "train" if bucket < 70 else "valid" if bucket < 85 else "test",
                         "sequence": seqs[acc]})
    df = pd.DataFrame(rows)
    write_table(df, FILE)
    counts = df["location"].value_counts()
    kingdoms = pd.crosstab(df["location"], df["kingdom"])
    kingdom_counts = {c: {k: int(kingdoms.loc[c, k]) for k in kingdoms.columns if kingdoms.loc[c, k]}
                      for c in COMPARTMENTS}
    print("excluded (other organism or virion terms), by the label the first version gave:", dict(excluded))
    print("kingdom per class:", kingdom_counts)
    register(
        "swissprot_localization", FILE, "table",
        f"{len(df)} SwissProt proteins (50-1000 aa, <=40 % identity to each other) with exactly one of 5 "
        "subcellular compartments from GO cellular-component annotations (proteins annotated to a host cell or "
        "virion left out); columns id (UniProt accession), location ("
        + ", ".join(f"{c} {counts.get(c, 0)}" for c in COMPARTMENTS) + "), kingdom (eukaryote / prokaryote / "
        "unknown: a GO-marker proxy, the source names no organism), kingdom_evidence (the marker GO terms), "
        "go_terms (annotated CC terms), length (aa), split (train/valid/test 70/15/15), sequence (one-letter "
        "amino acids)",
        {"publication": "Hamp et al. (2013) Homology-based inference sets the bar high for protein function "
                        "prediction. BMC Bioinformatics 14(Suppl 3):S7 (metastudent; UniProtKB/Swiss-Prot and GO "
                        "annotations of January 2014)",
         "doi": "10.1186/1471-2105-14-S3-S7", "package": "metastudent-data (Debian)",
         "version": versions["metastudent-data"], "files": "dataset_201401/CCO/goasp.fasta (BLAST db), "
         "CCO, BPO and MFO goasp_annot.dat, fullTransitiveClosureGO.txt, nameMapping.txt",
         "tools": {"ncbi-blast+ (blastdbcmd)": versions["ncbi-blast+"],
                   "cd-hit (Fu et al. 2012, doi:10.1093/bioinformatics/bts565)": versions["cd-hit"]}},
        "GPL-2+ (metastudent-data); UniProtKB/Swiss-Prot and GO annotations CC-BY-4.0",
        caveats=CAVEATS["swissprot_localization"],
        compartments=COMPARTMENTS,
        single_compartment_proteins={c: n_single[c] for c in COMPARTMENTS},
        rule="exactly one compartment (GO descendants, organelles not counted as cytoplasm), no term in another "
             "organism or virion, 50-1000 aa, standard amino acids, unique, CD-HIT 40 %, first "
             f"{N_PER_CLASS} per class by SHA-1 of accession",
        not_own_cell_roots=NOT_OWN_CELL,
        excluded_other_organism=dict(sorted(excluded.items())),
        excluded_terms={t: names.get(t, "") for t in sorted(excluded_terms)},
        kingdom_markers={"eukaryote": EUKARYOTE_MARKERS,
                         "prokaryote": {**PROKARYOTE_MARKERS, **{t: f"{n} (this term only)"
                                                                 for t, n in EXACT_PROKARYOTE_MARKERS.items()}}},
        kingdom_counts=kingdom_counts,
    )


if __name__ == "__main__":
    main()
