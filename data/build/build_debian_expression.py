"""Rebuild the microarray expression sets under data/expression/ from Debian's
Bioconductor data packages.

Three sets, each as two registry entries that share the sample order:

* ``<set>_expression``: a samples x genes table. First column ``sample``, then
  one column per probe set (Affymetrix ids), values as stored in the package
  (see each description), rounded to 3 decimals.
* ``<set>_samples``: one row per sample, first column ``sample``, then the
  sample annotation (labels, batches) exported with ``Biobase::pData()``.

Sources and the gene rule:

* Golub (r-bioc-multtest, ``golub``): all 3,051 genes x 38 samples as shipped
  (the package already filtered and normalised them).
* ALL (r-bioc-all, ``ALL``): 128 samples; of the 12,625 probe sets we keep the
  ``N_ALL`` with the largest variance across all samples (ddof=1; ties by probe
  id), in the chip's original order.
* bladderbatch (r-bioc-bladderbatch, ``bladderEset``): 57 samples in 5 batches;
  of the 22,283 probe sets we keep the ``N_BLADDER`` most variable, same rule.

The variance filter uses no labels, but it sees every sample, test samples
included (the usual unsupervised filter; say so where it matters).
"""
import pandas as pd

from _common import register, write_table
from _debian import ensure_packages, rscript

N_ALL = 5000
N_BLADDER = 5000
OUT = "expression"

R_EXPORT = r"""
suppressMessages(library(Biobase))
w <- function(x, f) write.table(x, f, sep = "\t", quote = FALSE, na = "", col.names = NA)
data(golub, package = "multtest")
rownames(golub) <- golub.gnames[, 3]
colnames(golub) <- sprintf("golub_%02d", seq_len(ncol(golub)))
w(t(golub), "golub_expression.tsv")
w(data.frame(class = ifelse(golub.cl == 1, "AML", "ALL"), label = golub.cl,
             row.names = colnames(golub)), "golub_samples.tsv")
data(ALL, package = "ALL")
w(t(exprs(ALL)), "all_expression.tsv")
w(pData(ALL), "all_samples.tsv")
data(bladderdata, package = "bladderbatch")
w(t(exprs(bladderEset)), "bladderbatch_expression.tsv")
w(pData(bladderEset), "bladderbatch_samples.tsv")
"""


# what a learner must know before using each set (written to the registry's "caveats" field)
CAVEATS = {
    "golub_expression": "38 samples for 3,051 genes and no split: cross-validate, and do any gene selection "
                        "inside the folds; values were normalised per array by the package",
    "golub_samples": "labels are imbalanced (27 ALL / 11 AML); no split column",
    "all_expression": "the 5,000 probe sets were chosen by variance over all 128 samples (no labels used, but "
                      "test samples included); no split column",
    "all_samples": "B versus T (cell_type) is easy; many clinical columns have missing values (e.g. relapse, "
                   "remission) and mol.biol has small classes",
    "bladderbatch_expression": "processing batch and cancer status are confounded (see bladderbatch_samples): "
                               "a classifier can learn the batch instead of the disease; probe sets chosen by "
                               "variance over all samples",
    "bladderbatch_samples": "batch and cancer are confounded: normals only in batches 2 and 3, biopsies only in "
                            "batches 4 and 5; split or correct by batch to see it",
}


def most_variable(X, n):
    """Columns of ``X`` (samples x genes) with the ``n`` largest variances, in their original order."""
    var = X.var(axis=0, ddof=1)
    order = sorted(range(X.shape[1]), key=lambda j: (-round(var.iloc[j], 12), X.columns[j]))
    return X.iloc[:, sorted(order[:n])].copy()


def write_expression(df, file):
    write_table(df, file, float_format="%.3f")


def write_samples(df, file):
    """Sample tables: whole numbers stay whole numbers even where a value is missing."""
    df = df.copy()
    for col in df.columns:
        if df[col].dtype.kind == "f" and (df[col].dropna() % 1 == 0).all():
            df[col] = df[col].astype("Int64")
    write_table(df.reset_index(), file)


def read(tmp, name):
    df = pd.read_csv(tmp / name, sep="\t", index_col=0, dtype={0: str}, keep_default_na=False, na_values=[""])
    df.index = df.index.astype(str)
    df.index.name = "sample"
    return df.copy()


def main():
    versions = ensure_packages("r-bioc-multtest", "r-bioc-all", "r-bioc-bladderbatch", "r-bioc-biobase")
    tmp = rscript(R_EXPORT)

    # --- Golub ---
    X = read(tmp, "golub_expression.tsv")
    s = read(tmp, "golub_samples.tsv")
    write_expression(X.reset_index(), f"{OUT}/golub_expression.tsv.gz")
    write_samples(s, f"{OUT}/golub_samples.tsv.gz")
    golub_src = {"publication": "Golub et al. (1999) Molecular classification of cancer: class discovery and class "
                                "prediction by gene expression monitoring. Science 286:531-537",
                 "doi": "10.1126/science.286.5439.531", "package": "r-bioc-multtest (Debian)",
                 "version": versions["r-bioc-multtest"], "object": "golub, golub.cl, golub.gnames"}
    register("golub_expression", f"{OUT}/golub_expression.tsv.gz", "table",
             f"Golub leukaemia microarray (Hu6800), {X.shape[0]} samples x {X.shape[1]} genes: column 'sample' "
             "then one column per probe set; values are the package's normalised expression "
             "(thresholded, log10, standardised per array), 3 decimals. Labels in golub_samples",
             golub_src, "LGPL-3+ (multtest)", caveats=CAVEATS["golub_expression"])
    register("golub_samples", f"{OUT}/golub_samples.tsv.gz", "table",
             f"{len(s)} Golub samples (same order as golub_expression): columns sample, class "
             f"(ALL {int((s['class'] == 'ALL').sum())} / AML {int((s['class'] == 'AML').sum())}), label (AML = 1)",
             golub_src, "LGPL-3+ (multtest)", caveats=CAVEATS["golub_samples"])

    # --- ALL ---
    X = read(tmp, "all_expression.tsv")
    s = read(tmp, "all_samples.tsv")
    n_probes = X.shape[1]
    X = most_variable(X, N_ALL)
    s.insert(0, "cell_type", s["BT"].str[0])
    write_expression(X.reset_index(), f"{OUT}/all_expression.tsv.gz")
    write_samples(s, f"{OUT}/all_samples.tsv.gz")
    all_src = {"publication": "Chiaretti et al. (2004) Gene expression profile of adult T-cell acute lymphocytic "
                              "leukemia identifies distinct subsets of patients with different response to therapy "
                              "and survival. Blood 103:2771-2778",
               "doi": "10.1182/blood-2003-09-3243", "package": "r-bioc-all (Debian)",
               "version": versions["r-bioc-all"], "object": "ALL (ExpressionSet, hgu95av2)"}
    counts = s["cell_type"].value_counts()
    register("all_expression", f"{OUT}/all_expression.tsv.gz", "table",
             f"ALL (adult acute lymphoblastic leukaemia, HG-U95Av2, RMA log2), {X.shape[0]} samples x {X.shape[1]} "
             f"probe sets: column 'sample' then the {N_ALL} of {n_probes} probe sets with the largest variance across "
             "all samples, in chip order, 3 decimals. Labels in all_samples",
             all_src, "Artistic-2.0", caveats=CAVEATS["all_expression"], n_probes_total=n_probes,
             gene_rule=f"top {N_ALL} by variance (ddof=1)")
    register("all_samples", f"{OUT}/all_samples.tsv.gz", "table",
             f"{len(s)} ALL patients (same order as all_expression): columns sample, cell_type (B {counts['B']} / "
             f"T {counts['T']}), BT (B/B1-B4/T/T1-T4 stage), mol.biol (molecular subtype: BCR/ABL, NEG, ALL1/AF4, "
             "E2A/PBX1, ...), sex, age, remission, relapse and the other pData columns",
             all_src, "Artistic-2.0", caveats=CAVEATS["all_samples"])

    # --- bladderbatch ---
    X = read(tmp, "bladderbatch_expression.tsv")
    s = read(tmp, "bladderbatch_samples.tsv").rename(columns={"sample": "sample_number"})
    n_probes = X.shape[1]
    X = most_variable(X, N_BLADDER)
    write_expression(X.reset_index(), f"{OUT}/bladderbatch_expression.tsv.gz")
    write_samples(s, f"{OUT}/bladderbatch_samples.tsv.gz")
    bladder_src = {"publication": "Dyrskjot et al. (2004) Gene expression in the urinary bladder: a common carcinoma "
                                  "in situ gene expression signature exists disregarding histopathological "
                                  "classification. Cancer Res 64:4040-4048; batches as used in Leek et al. (2010) "
                                  "Nat Rev Genet 11:733-739 (doi:10.1038/nrg2825)",
                   "doi": "10.1158/0008-5472.CAN-03-3620", "package": "r-bioc-bladderbatch (Debian)",
                   "version": versions["r-bioc-bladderbatch"], "object": "bladderdata: bladderEset (hgu133a)"}
    register("bladderbatch_expression", f"{OUT}/bladderbatch_expression.tsv.gz", "table",
             f"Bladder cancer microarray (HG-U133A, log2), {X.shape[0]} samples x {X.shape[1]} probe sets: column "
             f"'sample' then the {N_BLADDER} of {n_probes} probe sets with the largest variance across all samples, "
             "in chip order, 3 decimals. Batches and labels in bladderbatch_samples",
             bladder_src, "Artistic-2.0", caveats=CAVEATS["bladderbatch_expression"],
             n_probes_total=n_probes, gene_rule=f"top {N_BLADDER} by variance (ddof=1)")
    table = pd.crosstab(s["cancer"], s["batch"])
    register("bladderbatch_samples", f"{OUT}/bladderbatch_samples.tsv.gz", "table",
             f"{len(s)} bladder samples (same order as bladderbatch_expression): columns sample (GEO CEL name), "
             f"sample_number, outcome (Normal/sTCC-CIS/sTCC+CIS/mTCC/Biopsy), batch (1-{s['batch'].max()}, "
             "processing date), cancer (Normal/Cancer/Biopsy); batch and cancer are confounded: "
             + "; ".join(f"{c} in batches {sorted(table.columns[table.loc[c] > 0].tolist())}" for c in table.index),
             bladder_src, "Artistic-2.0", caveats=CAVEATS["bladderbatch_samples"])


if __name__ == "__main__":
    main()
