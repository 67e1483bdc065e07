"""Messages of FunctionExercise show small numeric arrays by value, large ones by shape."""
import numpy as np

from course_utils.exercises import FunctionExercise


def _exercise(expected):
    return FunctionExercise("xx.q1", cases=[((), expected)], hint="h", solution="s",
                            solution_value=lambda: expected)


def test_small_array_answers_are_shown_by_value():
    result = _exercise(np.array([0.5, 1.0])).check(lambda: np.array([1.0, 1.0]))
    assert result.status == "incorrect"
    assert "[1., 1.]" in result.message and "[0.5, 1. ]" in result.message


def test_large_array_answers_are_shown_by_shape():
    result = _exercise(np.zeros(50)).check(lambda: np.ones(50))
    assert "shape (50,)" in result.message
