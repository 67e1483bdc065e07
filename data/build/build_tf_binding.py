"""Rebuild data/tf_binding/oct4_mafk.tsv.gz from the janggu package's bundled peaks.

janggu 0.10.2 (PyPI) ships 200-bp ChIP-seq peak sequences that its examples use
to classify Oct4 (sample.fa, sample_test.fa) against MafK (sample2.fa,
sample2_test.fa) binding sites. We keep every sequence, label Oct4 = 1 and
MafK = 0, and split mostly by chromosome: chr8 and chr9 plus janggu's own test
files (which come from every chromosome) -> "test", chr7 -> "valid", the rest ->
"train". No test peak overlaps a training or validation peak.
"""
from _common import DATA_DIR, fetch_wheel, read_fasta, register, write_gzip_text

FILES = {"sample.fa": ("Oct4", 1, None), "sample_test.fa": ("Oct4", 1, "test"),
         "sample2.fa": ("MafK", 0, None), "sample2_test.fa": ("MafK", 0, "test")}
SPLIT_BY_CHROM = {"chr8": "test", "chr9": "test", "chr7": "valid"}


# what a learner must know before using each set (written to the registry's "caveats" field)
CAVEATS = {
    "oct4_mafk": "mostly split by chromosome: 718 of the 906 test peaks are on chr8 and chr9, the other 188 (21 "
                 "%) come from janggu's own test files on other chromosomes (12 on chr7, the validation "
                 "chromosome); no test peak overlaps a training or validation peak, but nearby peaks can share "
                 "regional composition; Oct4 and MafK peaks come from different ChIP-seq experiments and differ "
                 "in GC content (0.460 vs 0.388 over all letters, notebook 01): check a GC-only baseline",
}


def main():
    wheel = fetch_wheel("janggu", "0.10.2")
    rows = ["region\tsequence\ttf\tlabel\tsplit"]
    for fname, (tf, label, forced_split) in FILES.items():
        for region, seq in read_fasta(wheel.read(f"janggu/resources/{fname}").decode()):
            split = forced_split or SPLIT_BY_CHROM.get(region.split(":")[0], "train")
            rows.append(f"{region}\t{seq}\t{tf}\t{label}\t{split}")
    write_gzip_text(DATA_DIR / "tf_binding/oct4_mafk.tsv.gz", "\n".join(rows) + "\n")
    register(
        "oct4_mafk", "tf_binding/oct4_mafk.tsv.gz", "table",
        "7,997 ChIP-seq peak sequences (200 bp, human) bound by Oct4 (label 1) or MafK (label 0); "
        "columns region, sequence, tf, label, split (train/valid/test, mostly by chromosome: see caveats)",
        {"publication": "Kopp et al. (2020) Deep learning for genomics using Janggu. Nat Commun 11:3488",
         "doi": "10.1038/s41467-020-17155-y", "package": "janggu (PyPI)", "version": "0.10.2",
         "files": sorted(FILES)},
        "GPL-3.0", caveats=CAVEATS["oct4_mafk"],
    )


if __name__ == "__main__":
    main()
