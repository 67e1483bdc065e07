"""Rebuild data/methylation/imr90_chr22_cpg.tsv.gz from Debian's ``r-bioc-bsseq``.

``bsseq`` ships ``BS.chr22``: whole-genome bisulfite sequencing of human
chromosome 22 of the IMR90 fibroblast cell line (Lister et al. 2009), two
technical replicates (two DNA extractions of the same cells), CpG calls of
both strands merged into one locus per CpG, coordinates on **hg18**. Every one
of its 494,728 loci is kept (each is covered in at least one replicate), in
genome order, with five integer columns and a split:

* ``pos``: 1-based position of the C of the CpG on chr22 (hg18);
* ``m1``, ``cov1``, ``m2``, ``cov2``: methylated reads and all reads at the CpG
  in replicate 1 and replicate 2 (both strands summed);
* ``split``: train / valid / test by 500-kb genomic block: block
  ``pos // 500000``, blocks with index ``% 5`` in 0-2 train, 3 valid, 4 test
  (neighbouring CpGs are correlated, so a random split of CpGs leaks).

Run as root (apt-get): ``python data/build/build_debian_methylation.py``.
"""
import pandas as pd

from _common import register, write_table
from _debian import ensure_packages, rscript

FILE = "methylation/imr90_chr22_cpg.tsv.gz"
BLOCK_BP = 500_000
SPLIT_OF_BLOCK = {0: "train", 1: "train", 2: "train", 3: "valid", 4: "test"}

R_EXPORT = r"""
suppressMessages(library(bsseq))
data(BS.chr22, package = "bsseq")
M <- getCoverage(BS.chr22, type = "M")
C <- getCoverage(BS.chr22, type = "Cov")
stopifnot(all(as.character(seqnames(BS.chr22)) == "chr22"))
out <- data.frame(pos = start(BS.chr22), m1 = M[, 1], cov1 = C[, 1], m2 = M[, 2], cov2 = C[, 2])
write.table(out, "bs_chr22.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
"""

# what a learner must know before using the set (written to the registry's "caveats" field)
CAVEATS = {
    "imr90_chr22_cpg": (
        "one cell line (IMR90 fibroblasts), one chromosome, coordinates on hg18 (not hg19/hg38: do not join with "
        "annotations of another build). Every locus of the package is kept, so coverage ranges from 0 in one "
        "replicate to over 200: filter before calling a level (notebook 19 keeps CpGs with at least 10 reads over "
        "both replicates pooled and treats the rest as unobserved). The two replicates are technical (same cells), "
        "so they agree more than two samples would. Neighbouring CpGs share their state: use the 500-kb block "
        "split column, never a random split of CpGs. No sequence ships with it; loci are CpGs with reads, so "
        "positions give CpG density but not GC content"),
}


def main():
    versions = ensure_packages("r-bioc-bsseq")
    tmp = rscript(R_EXPORT)
    df = pd.read_csv(tmp / "bs_chr22.tsv", sep="\t", dtype="int64")
    df = df.sort_values("pos", kind="stable").reset_index(drop=True)
    if not df["pos"].is_unique:
        raise SystemExit("BS.chr22 has duplicated positions: the export changed, check the package")
    df["split"] = (df["pos"] // BLOCK_BP % 5).map(SPLIT_OF_BLOCK)
    write_table(df, FILE)
    counts = df["split"].value_counts()
    pooled = df["cov1"] + df["cov2"]
    register(
        "imr90_chr22_cpg", FILE, "table",
        f"Whole-genome bisulfite sequencing of human chr22 (hg18) in IMR90 fibroblasts, {len(df):,} CpGs "
        f"(both strands merged) in genome order: pos (1-based C of the CpG), m1/cov1 and m2/cov2 (methylated and "
        f"total reads in technical replicates 1 and 2), split (train {counts['train']:,} / valid {counts['valid']:,} "
        f"/ test {counts['test']:,} CpGs, by {BLOCK_BP // 1000}-kb block: block index pos // {BLOCK_BP} modulo 5 is "
        f"0-2 train, 3 valid, 4 test). Median pooled coverage {int(pooled.median())} reads",
        {"publication": "Lister R et al. (2009) Human DNA methylomes at base resolution show widespread epigenomic "
                        "differences. Nature 462:315-322; object built by Hansen KD, Langmead B, Irizarry RA (2012) "
                        "BSmooth: from whole genome bisulfite sequencing reads to differentially methylated regions. "
                        "Genome Biol 13:R83 (doi:10.1186/gb-2012-13-10-r83)",
         "doi": "10.1038/nature08514", "package": "r-bioc-bsseq (Debian)", "version": versions["r-bioc-bsseq"],
         "object": "BS.chr22 (BSseq; getCoverage type M and Cov)"},
        "Artistic-2.0", caveats=CAVEATS["imr90_chr22_cpg"],
        genome_build="hg18", block_bp=BLOCK_BP, split_rule="pos // block_bp % 5: 0-2 train, 3 valid, 4 test")


if __name__ == "__main__":
    main()
