import numpy as np
import pytest

from course_utils.checklist import CAPSTONE_ITEMS, Checklist


def test_capstone_checklist_starts_empty_and_reports_missing(capsys):
    check = Checklist.capstone()
    assert check.missing() == list(CAPSTONE_ITEMS)
    check.report()
    out = capsys.readouterr().out
    assert f"0 of {len(CAPSTONE_ITEMS)} done" in out and out.count("(MISSING)") == len(CAPSTONE_ITEMS)
    with pytest.raises(AssertionError, match="missing"):
        check.assert_complete()


def test_done_records_evidence_in_order(capsys):
    check = Checklist({"a": "first step", "b": "second step"})
    check.done("b", "shown with number 0.91")
    assert check.is_done("b") and not check.is_done("a")
    assert check.missing() == ["a"]
    check.done("a", "shown with number 0.50", passed=np.bool_(True))
    check.assert_complete()
    lines = check.lines()
    assert lines[0].endswith("2 of 2 done")
    assert lines[1] == "[x] a: shown with number 0.50" and lines[2].startswith("[x] b:")
    assert "[x] a" in repr(check)


def test_a_failed_check_is_not_ticked():
    check = Checklist([("split", "no leakage")])
    with pytest.raises(AssertionError, match="cannot be ticked"):
        check.done("split", "3 test windows overlap training windows", passed=False)
    assert check.missing() == ["split"]


def test_bad_inputs():
    with pytest.raises(ValueError, match="at least one item"):
        Checklist({})
    with pytest.raises(ValueError, match="pair"):
        Checklist([("split", "")])
    with pytest.raises(ValueError, match="unique"):
        Checklist([("a", "x"), ("a", "y")])
    check = Checklist({"a": "step"})
    with pytest.raises(KeyError, match="items are"):
        check.done("nope", "some evidence here")
    with pytest.raises(ValueError, match="sentence"):
        check.done("a", "")
    with pytest.raises(TypeError, match="True or False"):
        check.done("a", "some evidence here", passed="yes")
