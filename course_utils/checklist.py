"""A small project checklist: the steps of an honest genomics deep-learning project.

A learner ticks each item as the evidence appears, with the evidence written out::

    check = Checklist.capstone()
    check.done("split", "10 blocks of 104 kb; no test window within 1,000 bp of a train window",
               passed=min_distance >= 1000)
    check.report()          # every item, done or missing, with its evidence
    check.assert_complete() # in a checkpoint: fails while an item is missing

``done(..., passed=False)`` refuses to tick the item (raises ``AssertionError``
with the evidence), so a checklist cannot claim a step whose check failed.
"""
import numpy as np

CAPSTONE_ITEMS = {
    "provenance": "data provenance shown: source, version, checksum verified",
    "split": "split by genome blocks with a gap; no test window overlaps a training window (asserted)",
    "shortcut": "one-feature shortcut baseline (GC content, GC3) on the same test set",
    "baseline": "tuned baseline (k-mer logistic regression, k and C chosen on validation)",
    "model": "model written out and trained with early stopping on validation",
    "seeds": ">= 3 seeds with spread, or a bootstrap interval, for every compared number",
    "ablation": "ablation that isolates why the model wins",
    "interpretation": "interpretation: what the model uses, checked against known biology",
    "claim": "an honest claim sentence with numbers and intervals",
}


class Checklist:
    """An ordered list of project steps, each done (with evidence) or missing.

    Parameters
    ----------
    items : dict ``{key: description}`` or list of ``(key, description)`` pairs, in
        the order the steps are done. Keys are short names (``"split"``).
    title : str, printed above the report.
    """

    def __init__(self, items, title="Project checklist"):
        pairs = list(items.items()) if isinstance(items, dict) else list(items)
        if not pairs:
            raise ValueError("a checklist needs at least one item, e.g. {'split': 'no leakage between splits'}")
        for pair in pairs:
            if not (isinstance(pair, tuple) and len(pair) == 2 and all(isinstance(s, str) and s.strip() for s in pair)):
                raise ValueError(f"each item must be a (key, description) pair of non-empty strings, got {pair!r}")
        keys = [k for k, _ in pairs]
        if len(set(keys)) != len(keys):
            raise ValueError(f"item keys must be unique, got {keys}")
        self.title = title
        self.items = dict(pairs)
        self.evidence = {}

    @classmethod
    def capstone(cls):
        """The course's capstone checklist (``CAPSTONE_ITEMS``)."""
        return cls(CAPSTONE_ITEMS, title="Capstone checklist")

    def _key(self, key):
        if key not in self.items:
            raise KeyError(f"no checklist item {key!r}; the items are {list(self.items)}")
        return key

    def done(self, key, evidence, passed=True):
        """Tick item ``key`` with ``evidence`` (a sentence with the numbers that show it).

        Parameters
        ----------
        key : str, one of the item keys.
        evidence : str, what was shown (at least a few words).
        passed : bool, the check behind the evidence; ``False`` refuses to tick the item.

        Raises
        ------
        KeyError for an unknown item, ValueError for empty evidence,
        AssertionError when ``passed`` is false.
        """
        self._key(key)
        if not isinstance(evidence, str) or len(evidence.split()) < 2:
            raise ValueError(f"evidence for {key!r} must be a sentence with the numbers that show it, got {evidence!r}")
        if not isinstance(passed, (bool, np.bool_)):
            raise TypeError(f"passed must be True or False (the result of the check), got {type(passed).__name__}")
        if not bool(passed):
            raise AssertionError(f"checklist item {key!r} cannot be ticked, its check failed: {evidence}")
        self.evidence[key] = evidence
        print(f"[x] {key}: {evidence}")

    def is_done(self, key):
        """True if item ``key`` has been ticked."""
        return self._key(key) in self.evidence

    def missing(self):
        """Keys of the items not yet done, in checklist order."""
        return [k for k in self.items if k not in self.evidence]

    def lines(self):
        """The report as a list of lines: ``[x] key: evidence`` or ``[ ] key: description (MISSING)``."""
        out = [f"{self.title}: {len(self.evidence)} of {len(self.items)} done"]
        for key, description in self.items.items():
            if key in self.evidence:
                out.append(f"[x] {key}: {self.evidence[key]}")
            else:
                out.append(f"[ ] {key}: {description} (MISSING)")
        return out

    def report(self):
        """Print every item, done or missing, with its evidence."""
        print("\n".join(self.lines()))

    def assert_complete(self):
        """Raise ``AssertionError`` naming the missing items, if any."""
        missing = self.missing()
        if missing:
            raise AssertionError(f"checklist incomplete, missing: {missing}")

    def __repr__(self):
        return "\n".join(self.lines())
