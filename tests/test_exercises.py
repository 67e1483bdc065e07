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
