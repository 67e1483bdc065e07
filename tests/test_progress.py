"""The progress record: concurrent writers lose nothing, damaged files are kept, the class view."""
import json
import multiprocessing
import warnings

import numpy as np
import pytest

from course_utils import progress
from course_utils.exercises import (CORRECT, INCORRECT, ExperimentExercise, FunctionExercise, ThoughtExercise,
                                    ValueExercise)


@pytest.fixture
def record_file(tmp_path, monkeypatch):
    p = tmp_path / "home" / ".course_utils" / "progress.json"
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(p))
    return p


def _writer(args):
    path, worker, n = args
    import os
    os.environ["COURSE_PROGRESS_FILE"] = path
    from course_utils import progress as prog
    for i in range(n):
        prog.record(f"{worker:02d}.q{i}", "correct" if i % 2 else "incorrect")


def test_several_kernels_recording_at_once_lose_nothing(record_file):
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        pool.map(_writer, [(str(record_file), w, 60) for w in range(4)])
    data = json.loads(record_file.read_text())
    assert len(data) == 240, f"{240 - len(data)} of 240 results were lost"
    assert data["03.q59"]["ever_correct"] is True and data["00.q0"]["status"] == "incorrect"
    assert not list(record_file.parent.glob("*.tmp")), "temporary files must not be left behind"


def test_a_damaged_file_is_moved_aside_never_overwritten(record_file):
    record_file.parent.mkdir(parents=True)
    record_file.write_text('{"01.q1": {"status": "corr')
    with pytest.warns(UserWarning, match="moved to"):
        assert progress.load() == {}
    backups = list(record_file.parent.glob("progress.json.damaged-*"))
    assert len(backups) == 1 and backups[0].read_text() == '{"01.q1": {"status": "corr'
    progress.record("01.q2", "correct")
    assert set(json.loads(record_file.read_text())) == {"01.q2"}


def test_entries_of_an_unexpected_shape_are_skipped_with_a_warning(record_file):
    record_file.parent.mkdir(parents=True)
    record_file.write_text(json.dumps({"01.q1": {"status": "correct", "ever_correct": True}, "01.q2": "correct",
                                       "01.q3": [1, 2], "01.q4": {"status": 5}}))
    with pytest.warns(UserWarning, match="skipped 3 entries"):
        assert list(progress.load()) == ["01.q1"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        summary = progress.show()
    assert summary.loc["01", "correct"] == 1


def test_show_counts_open_questions_apart(record_file):
    ThoughtExercise("02.q3", hint="h", solution="s").check("the network votes on GC-rich sequence instead")
    summary = progress.show()
    assert summary.loc["02", "questions answered"] == 1 and summary.loc["02", "correct"] == 0
    assert "q3" not in summary.loc["02", "open"]


def test_class_view_over_fake_learners(tmp_path, capsys):
    home = tmp_path / "home"
    learners = {"ada": {"01.q1": "correct", "01.q2": "incorrect"}, "bo": {"01.q1": "incorrect"},
                "cy": {"01.q1": "correct", "02.q3": "answered"}, "dee": {}}
    for name, entries in learners.items():
        f = home / name / ".course_utils" / "progress.json"
        f.parent.mkdir(parents=True)
        f.write_text(json.dumps({k: {"status": v, "ever_correct": v == "correct"} for k, v in entries.items()}))
    handed_in = tmp_path / "handed_in"
    handed_in.mkdir()
    (handed_in / "eve.json").write_text(json.dumps({"01.q1": {"status": "correct", "ever_correct": True}}))
    t = progress.class_table([home, handed_in / "eve.json"])
    assert t.loc["01.q1", "learners"] == 5
    assert (t.loc["01.q1", "completed"], t.loc["01.q1", "attempted"], t.loc["01.q1", "stuck"]) == (3, 4, 1)
    assert (t.loc["01.q2", "stuck"], t.loc["01.q2", "not started"]) == (1, 4)
    assert t.loc["02.q3", "completed"] == 1 and t.loc["02.q3", "kind"] == "thought"
    out = tmp_path / "class.csv"
    assert progress.main(["class", str(home), str(handed_in), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "5 learners" in printed and "stuck most: 01.q1 (1)" in printed.replace("01.q2 (1), ", "")
    assert out.read_text().startswith("exercise,notebook,kind,completed")
    with pytest.raises(FileNotFoundError, match="neither a progress file nor a folder"):
        progress.class_table([tmp_path / "nobody"])


def test_true_is_not_an_answer_to_an_integer_question(record_file):
    q = ValueExercise("t.q1", expected=1, types=(int,), hint="h", solution="s")
    assert q.check(True).status == INCORRECT and "integer" in q.check(True).message
    assert q.check(np.int64(1)).status == CORRECT and q.check(1.0).status == CORRECT


@pytest.mark.parametrize("odd", [[[1, 2], [3]], ["a", "b"], np.array(["x"]), np.array([1 + 2j]), {"a": 1}])
def test_check_never_raises_on_odd_return_values(record_file, odd):
    q = FunctionExercise("t.q2", cases=[((2,), np.array([4.0]))], hint="h", solution="s",
                         solution_value=lambda x: np.array([x * 2.0]))
    result = q.check(lambda x: odd)
    assert result.status == INCORRECT


def test_experiment_time_limit_cannot_be_swallowed_by_the_learners_try_except(record_file):
    def evaluate(fn):
        return fn(), "ran"

    def stubborn():
        while True:
            try:
                while True:
                    pass
            except Exception:          # a learner's catch-all
                continue
    q = ExperimentExercise("t.q3", evaluate=evaluate, hint="h", solution="s", time_limit=0.5)
    result = q.check(stubborn)
    assert result.status == INCORRECT and "did not finish within 0.5 s" in result.message


def test_experiment_checks_leave_the_global_random_state_as_they_found_it(record_file):
    import random
    import torch

    def evaluate(answer):
        np.random.seed(123), random.seed(123), torch.manual_seed(123)
        return True, f"drew {np.random.rand():.2f}"
    q = ExperimentExercise("t.q4", evaluate=evaluate, hint="h", solution="s")
    np.random.seed(7), random.seed(7), torch.manual_seed(7)
    expected = (np.random.rand(), random.random(), torch.rand(1).item())
    np.random.seed(7), random.seed(7), torch.manual_seed(7)
    assert q.check(1).status == CORRECT
    assert (np.random.rand(), random.random(), torch.rand(1).item()) == expected


def test_the_exercise_list_progress_reads_matches_the_question_modules_and_imports_nothing_heavy():
    import subprocess
    import sys
    from course_utils import questions
    assert json.loads(progress.CATALOG.read_text()) == questions.catalog(), (
        "course_utils/questions/catalog.json is out of date: run "
        "python -c 'from course_utils import questions; questions.write_catalog()'")
    code = ("import sys, course_utils.progress as p; p.show(); "
            "print(sorted(m for m in sys.modules if m.startswith(('torch', 'course_utils.questions.nb', "
            "'course_utils.exercises'))))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip().splitlines()[-1] == "[]", "progress must not import the question modules or torch"
