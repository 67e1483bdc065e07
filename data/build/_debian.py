"""Shared pieces of the build scripts that read Debian packages.

The Bioconductor and metastudent data ship as Debian packages. A build script
installs them with apt-get (root only; otherwise it says what to run), records
the exact Debian version with dpkg, and runs small R snippets with Rscript that
export plain tab-separated tables. None of this is needed to *use* the data.
"""
import os
import subprocess
import tempfile
from pathlib import Path


def ensure_packages(*packages):
    """Install the Debian ``packages`` that are missing; return ``{package: version}``."""
    missing = [p for p in packages if version(p) is None]
    if missing:
        if os.geteuid() != 0:
            raise SystemExit(f"missing Debian packages {missing}: run `sudo apt-get install -y "
                             f"{' '.join(missing)}` and rerun this script")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", *missing], check=True, env=env)
    return {p: version(p) for p in packages}


def version(package):
    """The installed Debian version of ``package`` (``dpkg-query``), or None if it is not installed."""
    out = subprocess.run(["dpkg-query", "-W", "-f=${Status}\t${Version}", package],
                         capture_output=True, text=True)
    if out.returncode != 0 or not out.stdout.startswith("install ok installed"):
        return None
    return out.stdout.split("\t")[1]


def rscript(code):
    """Run R ``code`` with Rscript in a fresh temporary folder and return that folder (a Path).

    The code sees the folder as its working directory, so ``write.table(x, "x.tsv")``
    lands there.
    """
    tmp = Path(tempfile.mkdtemp(prefix="course-debian-"))
    (tmp / "export.R").write_text(code)
    subprocess.run(["Rscript", "--vanilla", "export.R"], check=True, cwd=tmp)
    return tmp
