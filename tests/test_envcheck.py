"""envcheck compares what is installed with the pins and reports, never crashes."""
import builtins
import subprocess
import sys

import pytest

from course_utils import envcheck


def test_report_flags_a_version_that_differs_from_the_pin(monkeypatch, capsys):
    real = envcheck.metadata.version
    monkeypatch.setattr(envcheck.metadata, "version", lambda name: "1.21.0" if name == "numpy" else real(name))
    info = envcheck.report()
    out = capsys.readouterr().out
    assert any("numpy 1.21.0 is installed but the course is tested with" in p for p in info["problems"])
    assert "Everything is ready." not in out and "(tested: " in out


def test_local_build_labels_count_as_the_pinned_release():
    assert envcheck._same_release("2.13.0+cpu", "2.13.0")
    assert not envcheck._same_release("1.13.0", "2.13.0")


def test_report_survives_torch_that_cannot_be_imported(monkeypatch):
    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name == "torch":
            raise ImportError("libtorch missing")
        return real_import(name, *args, **kwargs)
    monkeypatch.setattr(builtins, "__import__", fake_import)
    info = envcheck.report(print_it=False)
    assert any("torch cannot be imported (libtorch missing)" in p for p in info["problems"])


def test_report_names_a_course_device_that_cannot_work(monkeypatch):
    monkeypatch.setenv("COURSE_DEVICE", "gpu")
    info = envcheck.report(print_it=False)
    assert any("COURSE_DEVICE='gpu'" in p for p in info["problems"])


@pytest.mark.slow
def test_module_runs_from_the_command_line():
    run = subprocess.run([sys.executable, "-m", "course_utils.envcheck"], capture_output=True, text=True)
    assert "CPU cores:" in run.stdout and run.returncode in (0, 1)


def test_on_colab_the_check_is_what_the_course_needs_not_the_laptop_pins(monkeypatch, capsys):
    """Colab-like versions (numpy 2.0, pandas 2.2, scikit-learn 1.6, Python not 3.11, no jupyterlab/nbval/pytest)."""
    monkeypatch.setenv("COURSE_ENV", "colab")
    colab = {"numpy": "2.0.2", "pandas": "2.2.2", "scikit-learn": "1.6.1", "numba": "0.60.0", "torch": "2.6.0+cu124",
             "matplotlib": "3.10.0", "seaborn": "0.13.2", "scipy": "1.14.1", "tqdm": "4.67.1"}
    real = envcheck.metadata.version

    def version(name):
        if name in ("jupyterlab", "nbval", "pytest"):
            raise envcheck.metadata.PackageNotFoundError(name)
        return colab.get(name) or real(name)
    monkeypatch.setattr(envcheck.metadata, "version", version)
    monkeypatch.setattr(envcheck.sys, "version_info", (3, 12, 0))
    info = envcheck.report()
    out = capsys.readouterr().out
    assert info["colab"] and info["problems"] == [], info["problems"]
    assert "Everything is ready." in out and "pip install numpy" not in out
    colab["numpy"] = "1.26.4"
    info = envcheck.report(print_it=False)
    assert info["problems"] == [] and any("numpy 1.26.4 is older" in n and "do not reinstall" in n
                                          for n in info["notes"])


def test_on_colab_a_missing_course_package_points_to_the_setup_cell(monkeypatch):
    monkeypatch.setenv("COURSE_ENV", "colab")
    real = envcheck.metadata.version

    def version(name):
        if name == "memelite":
            raise envcheck.metadata.PackageNotFoundError(name)
        return real(name)
    monkeypatch.setattr(envcheck.metadata, "version", version)
    info = envcheck.report(print_it=False)
    assert any(p.startswith("memelite is not installed: run the notebook's first code cell") for p in info["problems"])
