"""Notebook 17, exercise 1, played as a learner: a contiguous test stretch with gaps.

The answer is built the way the hint says, from the notebook's own code and state; the typical wrong
attempt is the first thing a learner tries.
"""
from play import hint_passes_wrong_fails

HINT = """\
def my_split(left, genome_length):
    where = left / genome_length
    split = np.where((where >= 0.4) & (where < 0.6), 'test', 'train')
    split[(where >= 0.6) & (where < 0.7)] = 'valid'
    for boundary in (0.4, 0.6):
        split[np.abs(left - boundary * genome_length) < 1200] = 'gap'
    return split

answer = my_split
"""

WRONG = """\
def my_split(left, genome_length):   # every fifth window to test: neighbours of test windows train
    return np.where(np.arange(len(left)) % 5 == 0, 'test', 'train')

answer = my_split
"""


def test_q1_as_a_learner(tmp_path, monkeypatch):
    hint_passes_wrong_fails("17_capstone.ipynb", "q1", HINT, WRONG, tmp_path, monkeypatch)
