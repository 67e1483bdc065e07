"""envcheck compares what is installed with the pins and reports, never crashes."""
import builtins
import subprocess
import sys

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


def test_module_runs_from_the_command_line():
    run = subprocess.run([sys.executable, "-m", "course_utils.envcheck"], capture_output=True, text=True)
    assert "CPU cores:" in run.stdout and run.returncode in (0, 1)
