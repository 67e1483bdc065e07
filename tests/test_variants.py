"""Decoys and variants of aligned protein sequences (course_utils.variants)."""
from collections import Counter

import numpy as np
import pytest

from course_utils import variants

FAMILY = ["ACDE-FG", "ACDEHFG", "-CNEHFW", "KCDQ--W", "ACDEHYG"]


def test_match_columns_drops_insert_columns_and_fragments():
    rows, keep = variants.match_columns(["AC.DE", "ACkDE", "-C.--", "AC.DF"], max_gap_fraction=0.5)
    assert list(rows) == ["ACDE", "ACDE", "ACDF"] and keep.tolist() == [True, True, False, True]
    with pytest.raises(ValueError, match="same length"):
        variants.match_columns(["ACD", "AC"])
    with pytest.raises(ValueError, match="no match columns"):
        variants.match_columns(["a.", ".c"])


def test_gap_pattern():
    assert variants.gap_pattern("A-C.") == "x-x-"
    assert variants.gap_pattern(["AC", "-C"]) == ["xx", "-x"]


def test_mutate_changes_exactly_k_residues_and_never_a_gap():
    rng = np.random.default_rng(0)
    for k in (1, 3):
        m = variants.mutate("AC-DEF-G", k, rng)
        assert sum(a != b for a, b in zip(m, "AC-DEF-G")) == k
        assert variants.gap_pattern(m) == variants.gap_pattern("AC-DEF-G")
    with pytest.raises(ValueError, match="cannot mutate"):
        variants.mutate("A--", 2, rng)
    with pytest.raises(TypeError, match="Generator"):
        variants.mutate("ACD", 1, 0)


def test_shuffle_residues_keeps_gaps_and_composition():
    out = variants.shuffle_residues(FAMILY, np.random.default_rng(1))
    for a, b in zip(FAMILY, out):
        assert variants.gap_pattern(a) == variants.gap_pattern(b) and sorted(a) == sorted(b)


@pytest.mark.parametrize("keep_gaps", [True, False])
def test_scramble_columns_keeps_every_column_and_optionally_the_gap_patterns(keep_gaps):
    out = variants.scramble_columns(FAMILY, np.random.default_rng(2), keep_gaps=keep_gaps)
    for j in range(len(FAMILY[0])):
        assert Counter(s[j] for s in out) == Counter(s[j] for s in FAMILY)
    if keep_gaps:
        assert variants.gap_pattern(out) == variants.gap_pattern(FAMILY)


def test_scramble_columns_moves_gaps_when_asked():
    family = ["AAAA--", "CCCCCC", "DDDDDD", "EEEEEE"] * 5
    out = variants.scramble_columns(family, np.random.default_rng(3), keep_gaps=False)
    assert variants.gap_pattern(out) != variants.gap_pattern(family)


def test_scramble_columns_rejects_bad_input():
    with pytest.raises(ValueError, match="empty"):
        variants.scramble_columns([], np.random.default_rng(0))
    with pytest.raises(ValueError, match="same length"):
        variants.scramble_columns(["AC", "A"], np.random.default_rng(0))
