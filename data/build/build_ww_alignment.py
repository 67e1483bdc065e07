"""Rebuild data/protein/ww_domain_alignment.tsv.gz from logomaker's example data.

logomaker 0.8.7 (PyPI) ships the Pfam WW-domain family alignment (PF00397, the
RP15 representative-proteome set, 4,025 domains) as
``logomaker/examples/datafiles/ww_sequences.fa``. We keep every record as it is,
one row per domain: ``id`` (UniProt accession/start-end, e.g. ``P46937/173-202``
for the first WW domain of human YAP1) and ``sequence``, the aligned row of 44
columns in Pfam's A2M convention: upper-case letters and ``-`` are match
columns (31 of them), ``.`` and lower-case letters are insertions.
"""
from _common import fetch_wheel, register, write_gzip_text, DATA_DIR

MEMBER = "logomaker/examples/datafiles/ww_sequences.fa"
FILE = "protein/ww_domain_alignment.tsv.gz"


def read_fasta(text):
    """Records ``[id, sequence]`` of a FASTA text; ``#`` comment lines are skipped."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith(">"):
            out.append([line[1:].split()[0], ""])
        else:
            out[-1][1] += line
    return out


# what a learner must know before using each set (written to the registry's "caveats" field)
CAVEATS = {
    "ww_domain_alignment": "many sequences are close homologues (several domains per protein, orthologues "
                           "across species): reweight by similarity, and split by cluster rather than at random; "
                           "'.' and lower-case insertions are not aligned columns",
}


def main():
    wheel = fetch_wheel("logomaker", "0.8.7")
    records = read_fasta(wheel.read(MEMBER).decode("utf-8"))
    lengths = {len(s) for _, s in records}
    if len(lengths) != 1:
        raise SystemExit(f"expected one alignment length, got {sorted(lengths)}")
    rows = ["id\tsequence"] + [f"{name}\t{seq}" for name, seq in records]
    write_gzip_text(DATA_DIR / FILE, "\n".join(rows) + "\n")
    register(
        "ww_domain_alignment", FILE, "table",
        f"Pfam WW-domain alignment (PF00397, RP15): {len(records):,} domains x {lengths.pop()} aligned "
        "columns; columns id (UniProt accession/start-end) and sequence (A2M: upper case and '-' are the "
        "31 match columns, '.' and lower case are insertions)",
        {"publication": "Finn et al. (2014) Pfam: the protein families database. Nucleic Acids Res "
                        "42:D222-D230; distributed with Tareen & Kinney (2020) Logomaker: beautiful "
                        "sequence logos in Python. Bioinformatics 36:2272-2274",
         "doi": "10.1093/bioinformatics/btz921", "doi_pfam": "10.1093/nar/gkt1223",
         "package": "logomaker (PyPI)", "version": "0.8.7", "files": [MEMBER], "pfam_family": "PF00397"},
        "Pfam data CC0-1.0; logomaker is MIT", caveats=CAVEATS["ww_domain_alignment"],
    )


if __name__ == "__main__":
    main()
