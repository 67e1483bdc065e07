"""Rebuild data/sites/*.tsv.gz from the example data files bundled with logomaker.

logomaker 0.8.7 (PyPI) ships, under logomaker/examples/, the files its paper's
figures are drawn from. We take three (the WW-domain alignment is built by
another script) and write them as plain tables, keeping every row in the
original order:

* ``datafiles/ss_sequences.txt``: every human 5' splice site of the form
  NNNGYNNNN (exon -3..-1, intron +1..+6) in hg38 GENCODE, with the number of
  times it occurs; written as DNA letters (logomaker writes RNA, U -> T).
* ``datafiles/crp_sites.fa``: 358 E. coli CRP binding sites (26 bp) from
  RegulonDB; the FASTA header holds the site number, promoter and the site
  centre relative to the transcription start site.
* ``matrices/crp_energy_matrix.txt``: the CRP energy matrix (kcal/mol) that
  Kinney et al. (2010) inferred from the lac promoter sort-seq data ('sortseq').
"""
from _common import DATA_DIR, fetch_wheel, register, write_gzip_text

VERSION = "0.8.7"
EXAMPLES = "logomaker/examples"
LOGOMAKER = {"publication": "Tareen & Kinney (2020) Logomaker: beautiful sequence logos in Python. "
                            "Bioinformatics 36:2272-2274", "doi": "10.1093/bioinformatics/btz921"}
LICENSE = "MIT (logomaker package license; redistributed there as example data of the cited source)"


def data_lines(text):
    """Lines of a logomaker example file without its '#' comment header and blank lines."""
    return [line.rstrip("\r") for line in text.splitlines() if line.strip() and not line.startswith("#")]


def splice_sites(text):
    header, *rows = data_lines(text)
    if header.split("\t") != ["sequence", "count"]:
        raise ValueError(f"unexpected header in ss_sequences.txt: {header!r}")
    out = ["sequence\tcount"]
    for row in rows:
        seq, count = row.split("\t")
        out.append(f"{seq.replace('U', 'T')}\t{int(count)}")
    return out


def crp_sites(text):
    out = ["site_id\tpromoter\tposition\tsequence"]
    lines = data_lines(text)
    for header, seq in zip(lines[0::2], lines[1::2]):
        if not header.startswith(">") or seq.startswith(">"):
            raise ValueError(f"crp_sites.fa is not one header line + one sequence line per site near {header!r}")
        site_id, promoter, position = header[1:].split("\t")
        out.append(f"{int(site_id)}\t{promoter}\t{float(position):g}\t{seq.upper()}")
    return out


def energy_matrix(text):
    header, *rows = data_lines(text)
    if header.split("\t") != ["pos", "A", "C", "G", "T"]:
        raise ValueError(f"unexpected header in crp_energy_matrix.txt: {header!r}")
    out = [header]
    for row in rows:
        pos, *values = row.split("\t")
        out.append("\t".join([str(int(pos))] + [f"{float(v):.6g}" for v in values]))
    return out


# what a learner must know before using each set (written to the registry's "caveats" field)
CAVEATS = {
    "splice_sites_5p": "only sites of the form NNNGYNNNN (GT or GC introns); count is how often a 9-mer occurs "
                       "as an annotated splice site in the genome, not how well it splices (see mpsa for that)",
    "crp_sites": "binding sites only (no negatives shipped); several sites can sit in one promoter",
    "crp_energy_matrix": "inferred from the sortseq data, so it is not independent evidence when a model "
                         "trained on sortseq is compared with it",
}


def main():
    wheel = fetch_wheel("logomaker", VERSION)
    sets = [
        ("splice_sites_5p", "sites/splice_sites_5p_hg38.tsv.gz", "datafiles/ss_sequences.txt", splice_sites,
         "{n:,} distinct human 5' splice sites (9 nt: exon -3..-1, intron +1..+6, all NNNGYNNNN, i.e. GT or GC "
         "at intron +1,+2) from hg38 GENCODE; columns sequence (DNA letters), count = occurrences in the genome",
         {"publication": "Frankish et al. (2019) GENCODE reference annotation for the human and mouse genomes. "
                         "Nucleic Acids Res 47:D766-D773", "doi": "10.1093/nar/gky955"}),
        ("crp_sites", "sites/crp_sites.tsv.gz", "datafiles/crp_sites.fa", crp_sites,
         "{n} E. coli CRP binding sites from RegulonDB (26 bp each); columns site_id, promoter, "
         "position (site centre relative to the transcription start, bp), sequence",
         {"publication": "Salgado et al. (2013) RegulonDB v8.0: omics data sets, evolutionary conservation, "
                         "regulatory phrases, cross-validated gold standards and more. Nucleic Acids Res "
                         "41:D203-D213", "doi": "10.1093/nar/gks1201"}),
        ("crp_energy_matrix", "sites/crp_energy_matrix.tsv.gz", "matrices/crp_energy_matrix.txt", energy_matrix,
         "CRP binding energy matrix inferred from the lac promoter sort-seq data ('sortseq'): {n} positions; "
         "columns pos, A, C, G, T = energy contribution in kcal/mol (lower binds better)",
         {"publication": "Kinney, Murugan, Callan & Cox (2010) Using deep sequencing to characterize the "
                         "biophysical mechanism of a transcriptional regulatory sequence. PNAS 107:9158-9163",
          "doi": "10.1073/pnas.1004290107"}),
    ]
    for name, file, member, parse, description, source in sets:
        rows = parse(wheel.read(f"{EXAMPLES}/{member}").decode("utf-8"))
        write_gzip_text(DATA_DIR / file, "\n".join(rows) + "\n")
        register(name, file, "table", description.format(n=len(rows) - 1),
                 {**source, "package": "logomaker (PyPI)", "version": VERSION,
                  "files": [f"{EXAMPLES}/{member}"], "via": LOGOMAKER},
                 LICENSE, caveats=CAVEATS[name], rows=len(rows) - 1)


if __name__ == "__main__":
    main()
