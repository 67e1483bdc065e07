"""Notebook 04's exercise 3 scores on sequences the notebook never uses.

(That its PlainCNN and budget are the notebook's is tested with the other checkers' copies in
tests/test_checker_models_match_notebooks.py.)
"""
from course_utils.questions import nb04


def test_checker_scores_on_sequences_the_notebook_never_uses():
    X_fresh, _ = nb04._fresh_test_set()
    (X_train, _), (X_valid, _) = nb04._notebook_split()
    seen = {x.tobytes() for x in X_train} | {x.tobytes() for x in X_valid}
    assert not any(x.tobytes() in seen for x in X_fresh)
