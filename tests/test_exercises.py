"""The exercise framework itself: three outcomes, type errors, tolerances, functions."""
import numpy as np

from course_utils.exercises import (CORRECT, INCORRECT, NOT_ATTEMPTED, FunctionExercise, ThoughtExercise,
                                    ValueExercise, ____)

number = ValueExercise("t.q1", expected=0.25, tolerance=0.01, hint="h", solution="s",
                       explain={0.5: "that is the chance AUROC, not the chance AUPRC"})
word = ValueExercise("t.q2", expected="MA0142.1", hint="h", solution="s")
func = FunctionExercise("t.q3", cases=[((2,), 4), ((3,), 9)], hint="h", solution="s",
                        solution_value=lambda x: x * x)


def test_blank_is_not_attempted_and_never_raises():
    for q in (number, word, func, ThoughtExercise("t.q4", "h", "s")):
        result = q.check(____)
        assert result.status == NOT_ATTEMPTED and not result
        assert "____" in result.message or "thoughts" in result.message


def test_function_still_returning_the_blank_is_not_attempted():
    assert func.check(lambda x: ____).status == NOT_ATTEMPTED


def test_numbers_within_tolerance_and_numpy_scalars_are_accepted():
    assert number.check(0.255).status == CORRECT
    assert number.check(np.float32(0.25)).status == CORRECT
    assert number.check(0.3).status == INCORRECT


def test_wrong_type_gets_a_clear_message():
    result = number.check("0.25")
    assert result.status == INCORRECT
    assert "expected a number" in result.message and "str" in result.message
    assert number.check(True).status == INCORRECT


def test_known_wrong_answer_gets_its_teaching_message():
    assert number.check(0.5).message == "that is the chance AUROC, not the chance AUPRC"


def test_strings_are_compared_case_insensitively():
    assert word.check(" ma0142.1 ").status == CORRECT
    assert word.check("MA0496.4").status == INCORRECT


def test_function_exercise_reports_the_failing_case_and_exceptions():
    result = func.check(lambda x: x + x)
    assert result.status == INCORRECT and "(3)" in result.message and "9" in result.message
    crashed = func.check(lambda x: 1 / 0)
    assert crashed.status == INCORRECT and "ZeroDivisionError" in crashed.message
    assert "expected a function" in func.check(4).message
    assert func.check(lambda x: x ** 2).status == CORRECT


def test_result_displays_itself():
    result = number.check(0.25)
    assert repr(result).startswith("Correct") and "Correct" in result._repr_html_()
    assert bool(result)


# --- regression tests for the checker itself (issue 8) ---

def _fx(**kw):
    from course_utils.exercises import FunctionExercise
    base = dict(name="t.q1", cases=[(([3, 1, 2],), [1, 2, 3]), (([5, 4],), [4, 5])],
                hint="h", solution="s", solution_value=lambda xs: sorted(xs))
    base.update(kw)
    return FunctionExercise(**base)


def test_function_exercise_gives_the_learner_copies_of_the_cases():
    from course_utils.exercises import CORRECT
    q = _fx()
    def in_place(xs):
        xs.sort()
        xs.append(99)              # corrupts its input
        return xs[:-1]
    q.check(in_place)
    assert q.cases[0][0][0] == [3, 1, 2], "the learner's function changed the stored test case"
    assert q.check(q.solution_value).status == CORRECT


def test_function_exercise_calls_the_function_once_per_case():
    calls = []
    def counting(xs):
        calls.append(list(xs))
        return sorted(xs)
    _fx().check(counting)
    assert calls == [[3, 1, 2], [5, 4]]


def test_function_exercise_stops_a_function_that_never_returns():
    import time
    from course_utils.exercises import INCORRECT
    def forever(xs):
        while True:
            time.sleep(0.01)
    start = time.time()
    result = _fx(time_limit=0.3).check(forever)
    assert time.time() - start < 3
    assert result.status == INCORRECT and "did not return within 0.3 s" in result.message


def test_function_exercise_blank_body_is_not_attempted():
    from course_utils.exercises import NOT_ATTEMPTED, ____
    assert _fx().check(lambda xs: ____).status == NOT_ATTEMPTED


def test_value_exercise_accepts_numpy_and_torch_scalars_of_the_right_value():
    import numpy as np
    import torch
    from course_utils.exercises import CORRECT, ValueExercise
    q = ValueExercise("t.q2", expected=1.0, hint="h", solution="s", tolerance=1e-6)
    for answer in (np.float32(1.0), np.array(1.0), torch.tensor(1.0), torch.tensor([1.0]).sum(), np.int64(1)):
        result = q.check(answer)
        assert result.status == CORRECT, (answer, result.message)
    qi = ValueExercise("t.q3", expected=976, types=(int,), hint="h", solution="s")
    assert qi.check(np.int64(976)).status == CORRECT
    assert qi.check(torch.tensor(976)).status == CORRECT


def test_value_exercise_message_says_how_to_unwrap_a_one_element_array():
    import numpy as np
    from course_utils.exercises import INCORRECT, ValueExercise
    q = ValueExercise("t.q4", expected=1.0, hint="h", solution="s")
    result = q.check(np.array([1.0]))
    assert result.status == INCORRECT and ".item()" in result.message and "1.;" not in result.message


def test_thought_exercise_is_never_marked_correct_and_nudges_non_answers(tmp_path, monkeypatch):
    from course_utils import progress
    from course_utils.exercises import ANSWERED, INCORRECT, ThoughtExercise
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(tmp_path / "p.json"))
    q = ThoughtExercise("t.q5", hint="h", solution="GC content is a shortcut.", mentions=["GC content", "matching"])
    for bad in (None, 42, True, "yes", "I don't know", "idk", "?", "no idea at all"[:7], "GC"):
        assert q.check(bad).status == INCORRECT, bad
    result = q.check("the filters learn GC content instead")
    assert result.status == ANSWERED and not result
    assert "GC content is a shortcut." in result.message and "matching" in result.message
    assert repr(result).startswith("Answered")
    entry = progress.load()["t.q5"]
    assert entry["status"] == "answered" and entry["kind"] == "thought" and entry["ever_correct"] is False


def test_experiment_exercise_reports_what_it_measured():
    from course_utils.exercises import CORRECT, INCORRECT, ExperimentExercise
    def evaluate(answer):
        if not isinstance(answer, (int, float)):
            raise TypeError("pass the number of filters as an int")
        return answer >= 8, f"{answer} filters (goal: at least 8)"
    q = ExperimentExercise("t.q6", evaluate=evaluate, hint="h", solution="s", solution_value=16)
    ok = q.check(16)
    assert ok.status == CORRECT and "16 filters" in ok.message
    bad = q.check(4)
    assert bad.status == INCORRECT and "4 filters (goal: at least 8)" in bad.message
    wrong_type = q.check("many")
    assert wrong_type.status == INCORRECT and "pass the number of filters as an int" in wrong_type.message


def test_checks_are_recorded_in_the_progress_file(tmp_path, monkeypatch):
    from course_utils import progress
    from course_utils.exercises import ValueExercise
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(tmp_path / "p.json"))
    q = ValueExercise("00.q1", expected=4, types=(int,), hint="h", solution="s")
    q.check(5)
    assert progress.load()["00.q1"]["status"] == "incorrect"
    q.check(4)
    q.check(5)
    entry = progress.load()["00.q1"]
    assert entry["status"] == "incorrect" and entry["ever_correct"] is True
    summary = progress.show()
    assert summary.loc["00", "correct"] == 1 and summary.loc["00", "total"] >= 2
    progress.reset()
    assert progress.load() == {}


def test_experiment_exercise_with_an_unfinished_function_is_not_attempted():
    from course_utils.exercises import NOT_ATTEMPTED, ExperimentExercise, NotAttempted, ____, is_blank

    def evaluate(fn):
        out = fn(3)
        if is_blank(out):
            raise NotAttempted
        return out > 2, f"value {out}"
    q = ExperimentExercise("t.q7", evaluate=evaluate, hint="h", solution="s", solution_value=lambda x: x)
    assert q.check(lambda x: ____).status == NOT_ATTEMPTED
