"""Every exercise of every notebook: the reference answer passes, typical wrong
answers fail with a message, the blank placeholder reports 'not attempted'."""
import importlib
import pkgutil

import pytest

import course_utils.questions
from course_utils.exercises import (ANSWERED, CORRECT, INCORRECT, NOT_ATTEMPTED, Exercise, ExperimentExercise,
                                   ThoughtExercise, ____)


def all_exercises(mark_slow=False):
    """Every exercise as a pytest param; with ``mark_slow``, experiment exercises (their checkers train
    or fit a model, seconds to a minute) carry the ``slow`` mark, which ``make unit`` leaves out."""
    found = []
    for mod in pkgutil.iter_modules(course_utils.questions.__path__):
        module = importlib.import_module(f"course_utils.questions.{mod.name}")
        for attr, obj in vars(module).items():
            if isinstance(obj, Exercise):
                marks = pytest.mark.slow if mark_slow and isinstance(obj, ExperimentExercise) else ()
                found.append(pytest.param(obj, id=f"{mod.name}.{attr}", marks=marks))
    return found


EXERCISES = all_exercises()
CHECKED = all_exercises(mark_slow=True)        # the same exercises, for the tests that run their checkers


def test_there_are_exercises():
    assert len(EXERCISES) >= 3


@pytest.mark.parametrize("q", EXERCISES)
def test_blank_is_not_attempted(q):
    assert q.check(____).status == NOT_ATTEMPTED


@pytest.mark.parametrize("q", CHECKED)
def test_reference_solution_is_accepted(q):
    if isinstance(q, ThoughtExercise):
        answered = q.check("because the network uses the cheapest evidence")
        assert answered.status == ANSWERED and "model answer" in answered.message
        for not_an_answer in (None, 42, "ok", ["a list"], "I don't know", "no idea"):
            assert q.check(not_an_answer).status == INCORRECT, f"{q.name} accepted {not_an_answer!r}"
        return
    result = q.check(q.reference())
    assert result.status == CORRECT, result.message


@pytest.mark.parametrize("q", [p for p in CHECKED if not isinstance(p.values[0], ThoughtExercise)])
def test_typical_wrong_answers_are_rejected_with_a_message(q):
    assert q.typical_wrong, f"{q.name} lists no typical wrong answers"
    for wrong in q.wrong_answers():
        result = q.check(wrong)
        assert result.status == INCORRECT, f"{q.name} accepted {wrong!r}"
        assert len(result.message) > 15


@pytest.mark.parametrize("q", EXERCISES)
def test_hint_and_solution_print_something(q, capsys):
    q.hint()
    q.solution()
    out = capsys.readouterr().out
    assert out.count("Hint:") == 1 and out.count("Solution:") == 1


def test_every_function_exercise_rejects_at_least_three_typical_wrong_implementations():
    from course_utils.exercises import FunctionExercise
    for p in EXERCISES:
        q = p.values[0]
        if isinstance(q, FunctionExercise):
            assert len([w for w in q.typical_wrong if callable(w)]) >= 3, f"{q.name}: list 3+ wrong implementations"
