"""Checked exercises in the style of Kaggle Learn: check, hint, solution.

A notebook cell looks like::

    answer = ____          # replace ____ with your answer
    q1.check(answer)

``check`` never raises: it reports one of these outcomes,

* ``not attempted`` -- the answer is still the ``____`` placeholder,
* ``incorrect``     -- with a message that says what is wrong,
* ``correct``,
* ``answered``      -- for an open (thought) question: the text is recorded, never
  marked correct, and the model answer is shown to compare with.

Exercise kinds:

* ``ValueExercise``    -- a number, string, bool or list compared with the
  expected value (floats with a tolerance).
* ``FunctionExercise`` -- a function the learner writes, run on test cases.
* ``ThoughtExercise``  -- an open question; ``check`` records the answer and shows
  the model answer and what a good answer mentions.
* ``ExperimentExercise`` -- the learner changes a model or a data step and
  passes the result (a trained model, predictions, a split); the exercise
  measures it (e.g. held-out AUROC, chromosomes shared between splits) and
  says what it measured.

A correct check is recorded on this computer (``course_utils.progress``), so a
learner or a workshop helper can see which exercises are done.

Every exercise keeps its reference ``solution_value`` and a few
``typical_wrong`` answers so the tests can prove the checker accepts the first
and rejects the others (see ``tests/test_exercises.py``).
"""
import copy
import inspect
import math
import random
import re
import signal
import sys
import threading

import numpy as np

from . import progress, validate

NOT_ATTEMPTED = "not attempted"
INCORRECT = "incorrect"
CORRECT = "correct"
ANSWERED = "answered"


class TimeLimit(BaseException):
    """Raised inside a learner's code when a check's time limit is up.

    A ``BaseException`` (like ``KeyboardInterrupt``), so a learner's
    ``try: ... except Exception:`` cannot swallow it and run on forever.
    """


class _Blank:
    """The placeholder a learner replaces with an answer."""

    def __repr__(self):
        return "____"


____ = _Blank()


class NotAttempted(Exception):
    """Raised by an ``evaluate`` function when the learner's answer still returns ``____``."""


def is_blank(x):
    """True if ``x`` is the ``____`` placeholder (e.g. what an unfinished learner function returns)."""
    return isinstance(x, _Blank)


class Result:
    """Outcome of ``Exercise.check``: ``status`` is one of the three outcomes."""

    _STYLE = {CORRECT: ("Correct", "#2e7d32"), INCORRECT: ("Incorrect", "#c62828"),
              NOT_ATTEMPTED: ("Not attempted", "#1565c0"), ANSWERED: ("Answered", "#6a1b9a")}

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

    def reference(self):
        """The reference answer (built first if ``solution_value`` is a function of no arguments
        and this is an ``ExperimentExercise``)."""
        return self._build(self.solution_value)

    def wrong_answers(self):
        """The typical wrong answers, built like ``reference()``."""
        return [self._build(w) for w in self.typical_wrong]

    def _build(self, value):
        return value

    def check(self, answer=____):
        """Check ``answer``; returns a ``Result`` that displays itself."""
        if self._is_blank(answer):
            return Result(NOT_ATTEMPTED, "replace ____ with your answer, then run the cell again. "
                                         f"Stuck? Run {self.name.split('.')[-1]}.hint().")
        try:
            problem = self._problem(answer)
        except NotAttempted:
            return Result(NOT_ATTEMPTED, "your function still returns ____: fill it in, then run the cell again.")
        except Exception as err:  # a learner's function may raise anything
            problem = f"checking your answer raised {type(err).__name__}: {err}"
        if problem:
            result = Result(INCORRECT, problem)
        else:
            result = Result(CORRECT, self._praise())
        progress.record(self.name, result.status)
        return result

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
        answer = as_plain(answer)
        if isinstance(answer, tuple) and list in self.types:
            answer = list(answer)
        return answer

    def _problem(self, answer):
        answer = self._coerce(answer)
        numeric = self.types == (int, float)
        if isinstance(answer, float) and int in self.types and float not in self.types and answer.is_integer():
            answer = int(answer)                       # 976.0 is the integer 976
        if (isinstance(answer, bool) and bool not in self.types) or not isinstance(answer, self.types):
            how = ""
            if isinstance(answer, list) and len(answer) == 1 and list not in self.types:
                how = " Take the single element out: answer[0] (or .item() on an array or tensor)."
            return (f"expected {_describe_type(self.types)}, but your answer is a "
                    f"{type(answer).__name__} ({_short(answer)}).{how}")
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
    cases : list of ``(args, expected)`` pairs; ``args`` is a tuple. The learner's
        function gets a deep copy of ``args``, so changing its input in place
        cannot corrupt the cases. Include cases that tell the typical wrong
        implementations apart (``typical_wrong`` lists them; the tests run each).
    compare : callable ``compare(got, expected) -> bool``; default ``==`` for
        plain values and ``np.allclose`` for arrays.
    time_limit : float, seconds one call may take (enforced where the platform
        has ``SIGALRM``, i.e. Linux and macOS, in the main thread).
    """

    def __init__(self, name, cases, hint, solution, solution_value, typical_wrong=(), compare=None,
                 time_limit=10.0):
        super().__init__(name, hint, solution, solution_value=solution_value, typical_wrong=typical_wrong)
        self.cases = cases
        self.compare = compare or _default_compare
        self.time_limit = time_limit

    def check(self, answer=____):
        """Run ``answer`` once on each test case (on copies, with a time limit)."""
        if isinstance(answer, _Blank):
            return super().check(answer)
        if not callable(answer):
            return self._record(Result(INCORRECT, f"expected a function (def ...), but your answer is a "
                                                  f"{type(answer).__name__}."))
        for i, (args, expected) in enumerate(self.cases):
            shown = ", ".join(repr(a) if not isinstance(a, np.ndarray) else f"array{a.shape}" for a in args)
            try:
                got = _call_with_limit(answer, copy.deepcopy(args), self.time_limit)
            except TimeLimit:
                return self._record(Result(INCORRECT, f"your function did not return within {self.time_limit:g} s "
                                                      f"when called with ({shown}): look for a loop that never ends."))
            except Exception as err:   # a learner's function may raise anything
                return self._record(Result(INCORRECT, f"your function raised {type(err).__name__}: {err} "
                                                      f"when called with ({shown})."))
            if isinstance(got, _Blank):
                return super().check(____) if i == 0 else self._record(
                    Result(INCORRECT, "your function still returns ____ for some inputs."))
            try:
                same = self.compare(as_plain(got) if not isinstance(expected, np.ndarray) else got, expected)
            except Exception:   # a ragged list, strings where numbers belong, an odd dtype ...
                same = False
            if not same:
                return self._record(Result(INCORRECT, f"called with ({shown}) your function returned "
                                                      f"{_short(got)}; expected {_short(expected)}."))
        return self._record(Result(CORRECT, self._praise()))

    def _record(self, result):
        progress.record(self.name, result.status)
        return result

    def _praise(self):
        return f"your function passes all {len(self.cases)} test cases."


class ThoughtExercise(Exercise):
    """An open question with no single right answer.

    ``check`` never says "correct": it records the learner's text as answered
    and shows the model answer and, if given, what a good answer mentions, so
    the learner compares for themselves. An empty, very short or "I don't know"
    answer gets a nudge instead.

    Parameters
    ----------
    mentions : list of str, the ideas a good answer touches (shown after answering).
    """

    NON_ANSWERS = re.compile(r"^\W*(i\s*(do\s*n[o']?t|dont)\s*know|idk|no\s*idea|not\s*sure|dunno|pass|"
                             r"nothing|no|yes|maybe|\?+|-+|\.+)\W*$", re.I)

    def __init__(self, name, hint, solution, mentions=()):
        super().__init__(name, hint, solution)
        self.mentions = list(mentions)

    def check(self, answer=____):
        if isinstance(answer, _Blank) or (isinstance(answer, str) and not answer.strip()):
            return Result(NOT_ATTEMPTED, "write your thoughts in the string, then compare with solution().")
        if not isinstance(answer, str):
            return Result(INCORRECT, f"write your answer as a sentence in quotes, e.g. \"because ...\"; "
                                     f"got a {type(answer).__name__} ({_short(answer)}).")
        if self.NON_ANSWERS.match(answer.strip()) or len(answer.split()) < 4:
            return Result(INCORRECT, "have a go in a sentence or two (a guess is fine: say why you think so), "
                                     f"then run the cell again; {self.name.split('.')[-1]}.hint() gives a nudge.")
        progress.record(self.name, ANSWERED, kind="thought")
        compare = f" A good answer mentions: {'; '.join(self.mentions)}." if self.mentions else ""
        return Result(ANSWERED, f"recorded (open questions are not marked). Compare with the model answer: "
                                f"{self._solution}{compare}")


class ExperimentExercise(Exercise):
    """The learner changes a model or a data step; the exercise measures the result.

    Parameters
    ----------
    evaluate : callable ``evaluate(answer) -> (ok, report)``: ``answer`` is what the
        learner built (a trained model, an array of predictions, a split, ...);
        ``ok`` says whether it meets the goal and ``report`` says what was
        measured, e.g. ``"held-out AUROC 0.93 (goal: at least 0.90)"``. It should
        raise ``TypeError``/``ValueError`` with a clear message for an answer of
        the wrong kind; the message is shown to the learner.
    solution_value : the reference answer, or a function with no arguments that
        builds it (used by the tests; may train a small model).
    typical_wrong : wrong answers (or functions with no arguments that build them).
    time_limit : float, seconds the whole evaluation (training included) may take,
        enforced from outside the learner's code where the platform has SIGALRM.

    The learner's global random state (Python, numpy, torch) is the same after
    ``check`` as before, whatever the evaluation draws.
    """

    def __init__(self, name, evaluate, hint, solution, solution_value=None, typical_wrong=(), time_limit=600.0):
        super().__init__(name, hint, solution, solution_value=solution_value, typical_wrong=typical_wrong)
        self.evaluate = evaluate
        self.time_limit = time_limit
        self._report = ""

    def _build(self, value):
        """Call ``value`` if it is a function that takes no arguments (a builder), else return it."""
        if callable(value) and not isinstance(value, type):
            try:
                params = inspect.signature(value).parameters.values()
            except (TypeError, ValueError):
                return value
            if all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in params):
                return value()
        return value

    def _problem(self, answer):
        with _kept_random_state():
            try:
                ok, report = _call_with_limit(self.evaluate, (answer,), self.time_limit)
            except TimeLimit:
                return (f"the evaluation did not finish within {self.time_limit:g} s: make the model smaller or "
                        "train fewer epochs, and look for a loop that never ends")
        self._report = report
        return None if ok else f"{report}. Change your model or data step and run it again (hint() helps)."

    def _praise(self):
        return f"{self._report}."


def as_plain(x):
    """A numpy scalar, 0-d array or one-element tensor as the plain Python number it holds.

    Arrays with more elements become lists; anything else is returned unchanged.
    """
    if type(x).__module__.startswith("torch"):
        x = validate.to_numpy(x)          # a tensor on any device; other torch objects stay as they are
    if isinstance(x, np.generic):
        return x.item()
    if isinstance(x, np.ndarray):
        return x.item() if x.ndim == 0 else x.tolist()
    return x


class _kept_random_state:
    """Context manager: Python's, numpy's and (if imported) torch's global random state are restored on exit."""

    def __enter__(self):
        torch = sys.modules.get("torch")
        self._states = (random.getstate(), np.random.get_state(),
                        torch.get_rng_state() if torch is not None else None)
        return self

    def __exit__(self, *exc):
        python_state, numpy_state, torch_state = self._states
        random.setstate(python_state)
        np.random.set_state(numpy_state)
        if torch_state is not None:
            sys.modules["torch"].set_rng_state(torch_state)
        return False


def _call_with_limit(fn, args, seconds):
    """``fn(*args)``, raising ``TimeLimit`` after ``seconds`` where SIGALRM exists (main thread only)."""
    if not hasattr(signal, "SIGALRM") or threading.current_thread() is not threading.main_thread():
        return fn(*args)

    def _alarm(signum, frame):
        raise TimeLimit

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return fn(*args)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _default_compare(got, expected):
    if isinstance(expected, np.ndarray):
        got = np.asarray(got)
        return got.shape == expected.shape and np.allclose(got, expected, atol=1e-6)
    if isinstance(expected, float):
        return (isinstance(got, (int, float, np.floating)) and not isinstance(got, bool)
                and math.isclose(got, expected, abs_tol=1e-6))
    return type(got) is type(expected) and got == expected


def _short(x):
    if isinstance(x, np.ndarray):
        if x.size <= 12 and x.dtype.kind in "biuf":   # small numeric arrays: show the values
            return np.array2string(x, precision=3, separator=", ")
        return f"an array of shape {x.shape}"
    text = repr(x)
    return text if len(text) < 80 else text[:77] + "..."
