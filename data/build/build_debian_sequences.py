"""Rebuild the genome and sequence sets under data/genomes/ from Debian packages.

* ``drosophila_upstream``: Biostrings (r-bioc-biostrings) ships
  extdata/dm3_upstream2000.fa.gz, the 2,000 bp upstream of every RefSeq
  transcript of D. melanogaster (UCSC dm3, downloaded by the Biostrings
  authors on 27 May 2014). Transcripts of one gene often share the same
  upstream sequence, so we drop exact duplicates and sequences with N, then keep
  the ``N_UPSTREAM`` whose SHA-1 of the transcript id sorts first (a
  deterministic pseudo-random pick that no library version can change), in file
  order. Soft-masked repeats (lower case) are upper-cased.
* ``yeast_chr1``: the ``yeastSEQCHR1`` object of Biostrings, S. cerevisiae
  chromosome I (230,208 bp, SGD 2003), exported with Rscript.
* ``chlamydia_genome`` and ``chlamydia_cds``: seqinr (r-cran-seqinr) ships
  sequences/ct.gbk.gz, the GenBank record of Chlamydia trachomatis D/UW-3/CX
  (1,042,519 bp, circular) with 895 annotated CDS. We export the genome and a
  table of the complete CDS: the one CDS that spans the origin (CT875) is split
  into two partial features in the file and is left out.

Tables hold one sequence per row (column ``sequence``, upper case DNA), so they
load with the plain "table" loader.
"""
import gzip
import hashlib
from pathlib import Path

import pandas as pd
from Bio import SeqIO

from _common import read_fasta, register, write_table
from _debian import ensure_packages, rscript

N_UPSTREAM = 2000
OUT = "genomes"
BIOSTRINGS = Path("/usr/lib/R/site-library/Biostrings")
SEQINR = Path("/usr/lib/R/site-library/seqinr")


# what a learner must know before using each set (written to the registry's "caveats" field)
CAVEATS = {
    "drosophila_upstream": "no labels and no split; upstream regions of alternative transcripts of one gene can "
                           "overlap, so near-identical stretches may fall on both sides of a random split",
    "yeast_chr1": "one sequence, no annotation; the ends are telomeric repeats and low-complexity sequence",
    "chlamydia_genome": "one circular genome written from position 1 (a gene spanning the origin, CT875, is "
                        "split across the two ends); coordinates in chlamydia_cds are 1-based and inclusive",
    "chlamydia_cds": "one genome only, so any split is within-genome; genes with a note (e.g. a programmed "
                     "frameshift) do not read as one clean open reading frame",
}


def drosophila_upstream(version):
    records = read_fasta(gzip.open(BIOSTRINGS / "extdata/dm3_upstream2000.fa.gz", "rt").read())
    rows, seen = [], set()
    for header, seq in records:
        name, region = header.split()[:2]      # NM_078863_up_2000_chr2L_16764737_f chr2L:16764737-16766736
        seq = seq.upper()
        if len(seq) != 2000 or set(seq) - set("ACGT") or seq in seen:
            continue
        seen.add(seq)
        chrom, span = region.split(":")
        start, end = (int(x) for x in span.split("-"))
        rows.append({"id": name.split("_up_")[0], "chrom": chrom, "start": start, "end": end,
                     "strand": "+" if name.endswith("_f") else "-", "sequence": seq})
    keep = sorted(range(len(rows)), key=lambda i: hashlib.sha1(rows[i]["id"].encode()).hexdigest())[:N_UPSTREAM]
    df = pd.DataFrame([rows[i] for i in sorted(keep)])
    write_table(df, f"{OUT}/drosophila_upstream2000.tsv.gz")
    register("drosophila_upstream", f"{OUT}/drosophila_upstream2000.tsv.gz", "table",
             f"{len(df)} D. melanogaster promoter-upstream sequences (2,000 bp upstream of RefSeq transcript starts, "
             f"dm3), picked from {len(rows)} unique N-free sequences of {len(records)}; columns id (RefSeq), chrom, "
             "start, end (1-based, genome + strand), strand, sequence (upper case, in transcript orientation)",
             {"publication": "Adams et al. (2000) The genome sequence of Drosophila melanogaster. "
                             "Science 287:2185-2195 (release dm3/BDGP5 via the UCSC Genome Browser)",
              "doi": "10.1126/science.287.5461.2185", "package": "r-bioc-biostrings (Debian)",
              "version": version, "file": "extdata/dm3_upstream2000.fa.gz"},
             "Artistic-2.0 (Biostrings); UCSC genome data are free for use", caveats=CAVEATS["drosophila_upstream"])


def yeast_chr1(version):
    tmp = rscript('data(yeastSEQCHR1, package = "Biostrings")\n'
                  'writeLines(toupper(yeastSEQCHR1), "chrI.txt")\n')
    seq = (tmp / "chrI.txt").read_text().strip()
    df = pd.DataFrame([{"id": "chrI", "sequence": seq}])
    write_table(df, f"{OUT}/yeast_chr1.tsv.gz")
    register("yeast_chr1", f"{OUT}/yeast_chr1.tsv.gz", "table",
             f"S. cerevisiae chromosome I, one row: columns id ('chrI'), sequence ({len(seq):,} bp, upper case)",
             {"publication": "Bussey et al. (1995) The nucleotide sequence of chromosome I from Saccharomyces "
                             "cerevisiae. PNAS 92:3809-3813 (SGD sequence of Nov 2003)",
              "doi": "10.1073/pnas.92.9.3809", "package": "r-bioc-biostrings (Debian)",
              "version": version, "object": "data(yeastSEQCHR1)"},
             "Artistic-2.0 (Biostrings); SGD data are free for use", caveats=CAVEATS["yeast_chr1"])


def chlamydia(version):
    with gzip.open(SEQINR / "sequences/ct.gbk.gz", "rt") as fh:
        record = SeqIO.read(fh, "genbank")
    genome = str(record.seq).upper()
    source = {"publication": "Stephens et al. (1998) Genome sequence of an obligate intracellular pathogen of "
                             "humans: Chlamydia trachomatis. Science 282:754-759",
              "doi": "10.1126/science.282.5389.754", "package": "r-cran-seqinr (Debian)",
              "version": version, "file": "sequences/ct.gbk.gz (GenBank AE001273, D/UW-3/CX)"}
    write_table(pd.DataFrame([{"id": "AE001273", "sequence": genome}]), f"{OUT}/chlamydia_genome.tsv.gz")
    register("chlamydia_genome", f"{OUT}/chlamydia_genome.tsv.gz", "table",
             f"Chlamydia trachomatis D/UW-3/CX complete circular genome, one row: columns id ('AE001273'), "
             f"sequence ({len(genome):,} bp, upper case, + strand). CDS coordinates in chlamydia_cds",
             source, "GPL-2+ (seqinr); GenBank data are free for use", caveats=CAVEATS["chlamydia_genome"])

    rows, n_cds = [], 0
    for f in record.features:
        if f.type != "CDS":
            continue
        n_cds += 1
        loc = str(f.location)
        if "<" in loc or ">" in loc:
            continue
        q = f.qualifiers
        pid = next(x for x in q["db_xref"] if x.startswith("PID:"))
        seq = str(f.extract(record.seq)).upper()
        rows.append({"id": q.get("gene", [pid])[0], "start": int(f.location.start) + 1, "end": int(f.location.end),
                     "strand": "+" if f.location.strand == 1 else "-", "length": len(seq),
                     "product": q.get("product", [""])[0], "note": q.get("exception", [""])[0],
                     "sequence": seq})
    df = pd.DataFrame(rows).sort_values(["start", "end"], kind="stable")
    write_table(df, f"{OUT}/chlamydia_cds.tsv.gz")
    register("chlamydia_cds", f"{OUT}/chlamydia_cds.tsv.gz", "table",
             f"{len(df)} complete protein-coding genes (CDS) of the Chlamydia trachomatis genome ({n_cds} annotated; "
             "the origin-spanning CT875 is left out): columns id (gene name or PID), start, end (1-based, inclusive, "
             "on chlamydia_genome), strand (+/-), length (bp), product, note (e.g. a programmed frameshift), "
             "sequence (CDS in coding orientation, start to stop codon)",
             source, "GPL-2+ (seqinr); GenBank data are free for use", caveats=CAVEATS["chlamydia_cds"])


def main():
    versions = ensure_packages("r-bioc-biostrings", "r-cran-seqinr")
    drosophila_upstream(versions["r-bioc-biostrings"])
    yeast_chr1(versions["r-bioc-biostrings"])
    chlamydia(versions["r-cran-seqinr"])


if __name__ == "__main__":
    main()
