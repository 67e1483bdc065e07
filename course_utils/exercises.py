"""Checked exercises in the style of Kaggle Learn: check, hint, solution.

A notebook cell looks like::

    answer = ____          # replace ____ with your answer
    q1.check(answer)

``check`` never raises: it reports one of three outcomes,

* ``not attempted`` -- the answer is still the ``____`` placeholder,
* ``incorrect``     -- with a message that says what is wrong,
* ``correct``.

Exercise kinds:

* ``ValueExercise``    -- a number, string, bool or list compared with the
  expected value (floats with a tolerance).
* ``FunctionExercise`` -- a function the learner writes, run on test cases.
* ``ThoughtExercise``  -- an open question; ``check`` shows the model answer.

Every exercise keeps its reference ``solution_value`` and a few
``typical_wrong`` answers so the tests can prove the checker accepts the first
and rejects the others (see ``tests/test_exercises.py``).
"""
import math

import numpy as np

NOT_ATTEMPTED = "not attempted"
INCORRECT = "incorrect"
CORRECT = "correct"


class _Blank:
    """The placeholder a learner replaces with an answer."""

    def __repr__(self):
        return "____"


____ = _Blank()


class Result:
    """Outcome of ``Exercise.check``: ``status`` is one of the three outcomes."""

    _STYLE = {CORRECT: ("Correct", "#2e7d32"), INCORRECT: ("Incorrect", "#c62828"),
              NOT_ATTEMPTED: ("Not attempted", "#1565c0")}

    def __init__(self, status, message):
        self.status = status
        self.message = message

    def __bool__(self):
        return self.status == CORRECT

    def __repr__(self):
        return f"{self._STYLE[self.status][0]}: {self.message}"

    def _repr_html_(self):
        label, colour = self._STYLE[self.status]
        return f'<span style="color:{colour}"><b>{label}:</b></span> {self.message}'


class Exercise:
    """Base class: a question with a hint and a solution.

    Parameters
    ----------
    name : str, e.g. ``"01.q1"`` (notebook number and question).
    hint : str, shown by ``hint()``.
    solution : str, the explanation (and code) shown by ``solution()``.
    solution_value : the reference answer, checked by the tests.
    typical_wrong : list of answers learners often give; each must be rejected.
    """

    def __init__(self, name, hint, solution, solution_value=None, typical_wrong=()):
        self.name = name
        self._hint = hint
        self._solution = solution
        self.solution_value = solution_value
        self.typical_wrong = list(typical_wrong)

    def check(self, answer=____):
        """Check ``answer``; returns a ``Result`` that displays itself."""
        if self._is_blank(answer):
            return Result(NOT_ATTEMPTED, "replace ____ with your answer, then run the cell again. "
                                         f"Stuck? Run {self.name.split('.')[-1]}.hint().")
        try:
            problem = self._problem(answer)
        except Exception as err:  # a learner's function may raise anything
            problem = f"checking your answer raised {type(err).__name__}: {err}"
        if problem:
            return Result(INCORRECT, problem)
        return Result(CORRECT, self._praise())

    def _is_blank(self, answer):
        return isinstance(answer, _Blank)

    def _problem(self, answer):
        """Return None if ``answer`` is right, else a message saying what is wrong."""
        raise NotImplementedError

    def _praise(self):
        return "well done."

    def hint(self):
        """Print a hint."""
        print(f"Hint: {self._hint}")

    def solution(self):
        """Print the solution."""
        print(f"Solution: {self._solution}")


def _describe_type(types):
    if set(types) == {int, float}:
        return "a number"
    names = {int: "an integer", float: "a number", str: "a string", bool: "True or False",
             list: "a list", dict: "a dict", tuple: "a tuple"}
    return " or ".join(names.get(t, t.__name__) for t in types)


class ValueExercise(Exercise):
    """An exercise whose answer is a value.

    Parameters
    ----------
    expected : the right answer (number, string, bool, list of numbers/strings).
    tolerance : float, absolute tolerance for numbers (and lists of numbers).
    types : tuple of accepted Python types (numpy scalars count as numbers).
    explain : dict mapping a known wrong answer to a teaching message.
    normalize : callable applied to string answers before comparing (default:
        strip and upper-case).
    """

    def __init__(self, name, expected, hint, solution, tolerance=0.0, types=None,
                 explain=None, normalize=None, typical_wrong=()):
        super().__init__(name, hint, solution, solution_value=expected, typical_wrong=typical_wrong)
        self.expected = expected
        self.tolerance = tolerance
        self.types = types or self._default_types(expected)
        self.explain = explain or {}
        self.normalize = normalize or (lambda s: s.strip().upper())

    @staticmethod
    def _default_types(expected):
        if isinstance(expected, bool):
            return (bool,)
        if isinstance(expected, (int, float)):
            return (int, float)
        return (type(expected),)

    def _coerce(self, answer):
        if isinstance(answer, np.generic):
            answer = answer.item()
        if isinstance(answer, np.ndarray):
            answer = answer.tolist()
        if isinstance(answer, tuple) and list in self.types:
            answer = list(answer)
        return answer

    def _problem(self, answer):
        answer = self._coerce(answer)
        numeric = self.types == (int, float)
        if numeric and isinstance(answer, bool) or not isinstance(answer, self.types):
            return (f"expected {_describe_type(self.types)}, but your answer is a "
                    f"{type(answer).__name__} ({answer!r}).")
        for wrong, message in self.explain.items():
            if self._equal(answer, wrong):
                return message
        if not self._equal(answer, self.expected):
            if numeric:
                return f"{answer!r} is not right. Check your working, or run hint()."
            return f"{answer!r} is not the answer. Run hint() for a nudge."
        return None

    def _equal(self, a, b):
        if isinstance(a, str) and isinstance(b, str):
            return self.normalize(a) == self.normalize(b)
        if isinstance(a, (int, float)) and not isinstance(a, bool) and isinstance(b, (int, float)):
            return math.isclose(a, b, abs_tol=self.tolerance, rel_tol=0.0)
        if isinstance(a, list) and isinstance(b, list):
            return len(a) == len(b) and all(self._equal(x, y) for x, y in zip(a, b))
        return a == b


class FunctionExercise(Exercise):
    """An exercise whose answer is a function, run on test cases.

    Parameters
    ----------
    cases : list of ``(args, expected)`` pairs; ``args`` is a tuple.
    compare : callable ``compare(got, expected) -> bool``; default ``==`` for
        plain values and ``np.allclose`` for arrays.
    """

    def __init__(self, name, cases, hint, solution, solution_value, typical_wrong=(), compare=None):
        super().__init__(name, hint, solution, solution_value=solution_value, typical_wrong=typical_wrong)
        self.cases = cases
        self.compare = compare or _default_compare

    def _is_blank(self, answer):
        """A function whose body is still ``return ____`` counts as not attempted."""
        if isinstance(answer, _Blank):
            return True
        try:
            return callable(answer) and isinstance(answer(*self.cases[0][0]), _Blank)
        except Exception:
            return False

    def _problem(self, answer):
        if not callable(answer):
            return f"expected a function (def ...), but your answer is a {type(answer).__name__}."
        for args, expected in self.cases:
            shown = ", ".join(repr(a) if not isinstance(a, np.ndarray) else f"array{a.shape}" for a in args)
            try:
                got = answer(*args)
            except Exception as err:
                return f"your function raised {type(err).__name__}: {err} when called with ({shown})."
            if not self.compare(got, expected):
                return f"called with ({shown}) your function returned {_short(got)}; expected {_short(expected)}."
        return None

    def _praise(self):
        return f"your function passes all {len(self.cases)} test cases."


class ThoughtExercise(Exercise):
    """An open question with no single right answer: ``check`` shows the model answer."""

    def __init__(self, name, hint, solution):
        super().__init__(name, hint, solution)

    def check(self, answer=____):
        if isinstance(answer, _Blank) or not str(answer).strip():
            return Result(NOT_ATTEMPTED, "write your thoughts in the string, then compare with solution().")
        return Result(CORRECT, "thanks for thinking it through; compare with solution().")


def _default_compare(got, expected):
    if isinstance(expected, np.ndarray):
        got = np.asarray(got)
        return got.shape == expected.shape and np.allclose(got, expected, atol=1e-6)
    if isinstance(expected, float):
        return isinstance(got, (int, float, np.floating)) and math.isclose(got, expected, abs_tol=1e-6)
    return type(got) is type(expected) and got == expected


def _short(x):
    if isinstance(x, np.ndarray):
        if x.size <= 12 and x.dtype.kind in "biuf":   # small numeric arrays: show the values
            return np.array2string(x, precision=3, separator=", ")
        return f"an array of shape {x.shape}"
    text = repr(x)
    return text if len(text) < 80 else text[:77] + "..."
