"""A checker that says it trains "the notebook's" model trains exactly the class the notebook writes out.

The notebook writes its model out for the learner to read and the checker needs it without running the
notebook, so each keeps a copy; this test keeps the copies identical (as d2l's ``#@save`` keeps a book and its
package in step). Checkers that use a deliberately smaller variant say so in their docstring and are not listed.
"""
import inspect

import pytest

from course_utils.questions import nb02, nb04, nb06, nb08, nb15
from notebook_source import same_code, top_level

COPIES = [
    ("02_cnn_tf_binding.ipynb", "DeepBindCNN", nb02._DeepBindCNN),
    ("04_rnn_and_hybrids.ipynb", "PlainCNN", nb04.PlainCNN),
    ("06_autoencoders_expression.ipynb", "Autoencoder", nb06._Autoencoder),
    ("08_transformers_dna_lm.ipynb", "MotifScanner", nb08._MotifScanner),
    ("08_transformers_dna_lm.ipynb", "SmallCNN", nb08._SmallCNN),
    ("15_challenge_nature_of_data.ipynb", "ForwardCorrectedBCE", nb15._ForwardCorrectedBCE),
]


@pytest.mark.parametrize("notebook, name, checker_class", COPIES, ids=[f"{n[:2]}-{c}" for n, c, _ in COPIES])
def test_checker_model_is_the_notebooks(notebook, name, checker_class):
    assert same_code(top_level(notebook, name, "ClassDef"), inspect.getsource(checker_class)), (
        f"the checker's copy of {notebook}'s {name} differs from the notebook's: change both together")


def test_same_code_sees_a_changed_layer():
    a = "class A:\n    def f(self):\n        return conv(4, 16, 15)\n"
    b = "class _A:\n    '''doc'''\n    def f(self):\n        return conv(4, 16, 15)\n"
    assert same_code(a, b)
    assert not same_code(a, a.replace("16", "32"))


def test_budgets_are_the_notebooks():
    assert eval(top_level("04_rnn_and_hybrids.ipynb", "budget", "Assign"), {"dict": dict}) == nb04.BUDGET
    assert eval(top_level("15_challenge_nature_of_data.ipynb", "FIT", "Assign"), {"dict": dict}) == nb15.FIT
    assert eval(top_level("08_transformers_dna_lm.ipynb", "budget", "Assign"), {"dict": dict}) == {
        **nb08._BUDGET, "progress": False} or eval(top_level("08_transformers_dna_lm.ipynb", "budget", "Assign"),
                                                   {"dict": dict}) == nb08._BUDGET
