"""Rebuild data/motifs/jaspar2024_core_vertebrates.json.gz with pyjaspar.

pyjaspar 4.0.0 bundles the JASPAR releases as SQLite files. We export the
latest version of every CORE vertebrate matrix of JASPAR 2024 as plain JSON:
a list of {matrix_id, name, tf_class, tf_family, counts} with counts as four
rows (A, C, G, T) of site counts.
"""
import json

from pyjaspar import jaspardb

from _common import DATA_DIR, register, write_gzip_text

RELEASE = "JASPAR2024"


# what a learner must know before using each set (written to the registry's "caveats" field)
CAVEATS = {
    "jaspar2024_core_vertebrates": "latest version of each matrix only; matrices rest on very different numbers "
                                   "of sites (from a handful to thousands); paralogous TFs have near-identical "
                                   "motifs, so a motif match does not name one TF",
}


def main():
    motifs = jaspardb(release=RELEASE).fetch_motifs(collection="CORE", tax_group=["vertebrates"],
                                                    all_versions=False)
    records = [{"matrix_id": m.matrix_id, "name": m.name, "tf_class": "; ".join(m.tf_class),
                "tf_family": "; ".join(m.tf_family),
                "counts": [[round(float(v), 3) for v in m.counts[b]] for b in "ACGT"]}
               for m in sorted(motifs, key=lambda m: m.matrix_id)]
    write_gzip_text(DATA_DIR / "motifs/jaspar2024_core_vertebrates.json.gz", json.dumps(records, indent=0) + "\n")
    register(
        "jaspar2024_core_vertebrates", "motifs/jaspar2024_core_vertebrates.json.gz", "motifs",
        f"{len(records)} JASPAR 2024 CORE vertebrate position frequency matrices (latest version of each); "
        "loads as {matrix_id: Motif} with counts of shape (4, width)",
        {"publication": "Rauluseviciute et al. (2024) JASPAR 2024. Nucleic Acids Res 52:D174-D182",
         "doi": "10.1093/nar/gkad1059", "package": "pyjaspar (PyPI)", "version": "4.0.0",
         "release": RELEASE},
        "CC-BY-4.0 (JASPAR data); pyjaspar is GPL-3.0", caveats=CAVEATS["jaspar2024_core_vertebrates"],
    )


if __name__ == "__main__":
    main()
