"""Exercises of notebook 17: the capstone (coding sequence in the Chlamydia genome)."""
import functools

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from .. import data, encoding, kmers, metrics
from ..exercises import ExperimentExercise, ThoughtExercise, ValueExercise

L = 150          # window length (bp), as in the notebook
MIN_GAP = 1000   # bp every test window must keep from every train or valid window
SPLITS = ("train", "valid", "test", "gap")


@functools.lru_cache(maxsize=1)
def windows():
    """Non-overlapping 150-bp tiles of every CDS, read on the gene's strand (label 1) and on the other
    strand (label 0): ``(left, sequence, label, genome_length)``, ``left`` the 0-based start on the genome."""
    genome = data.load("chlamydia_genome").sequence.iloc[0]
    cds = data.load("chlamydia_cds")
    left, seqs, label = [], [], []
    for start, end, strand in zip(cds.start, cds.end, cds.strand):
        for a in range(start - 1, end - L + 1, 2 * L):
            plus = genome[a:a + L]
            minus = encoding.reverse_complement(plus)
            coding, other = (plus, minus) if strand == "+" else (minus, plus)
            left += [a, a]
            seqs += [coding, other]
            label += [1, 0]
    return np.array(left), seqs, np.array(label), len(genome)


def _circular_gap(a, b, n):
    """Smallest distance (bp) between windows starting at ``a`` and at ``b`` on a circular genome of length n."""
    b = np.sort(b)
    i = np.searchsorted(b, a)
    near = np.stack([b[(i - 1) % len(b)], b[i % len(b)]], 1)
    d = np.abs(a[:, None] - near)
    d = np.minimum(d, n - d)
    return int(max(d.min() - L, 0)) if len(a) else n


def _evaluate_split(split_fn):
    if not callable(split_fn):
        raise TypeError(f"pass your split FUNCTION (def my_split(left, genome_length): ...), "
                        f"not a {type(split_fn).__name__}")
    left, seqs, label, n = windows()
    split = np.asarray(split_fn(left.copy(), n)).astype(str)
    if split.shape != left.shape:
        raise ValueError(f"my_split must return one label per window ({len(left)}), got shape {split.shape}")
    odd = sorted(set(np.unique(split)) - set(SPLITS))
    if odd:
        raise ValueError(f"use only the labels {SPLITS} ('gap' drops a window), got {odd}")
    parts = {s: np.flatnonzero(split == s) for s in SPLITS}
    for s, least in (("train", 0.4), ("valid", 0.05), ("test", 0.1)):
        if len(parts[s]) < least * len(left):
            return False, (f"{s} holds {len(parts[s])} of {len(left)} windows (goal: at least {least:.0%}); "
                           "keep enough windows to train and to test")
    gap = _circular_gap(left[parts["test"]], left[np.r_[parts["train"], parts["valid"]]], n)
    if gap < MIN_GAP:
        return False, (f"a test window lies {gap} bp from a train or valid window (goal: at least {MIN_GAP} bp; "
                       "remember the genome is circular, its two ends touch)")
    rng = np.random.default_rng(0)
    tr = rng.permutation(parts["train"])[:2000]
    te = rng.permutation(parts["test"])[:1500]
    feats = kmers.kmer_counts([seqs[i] for i in np.r_[tr, te]], 3)
    model = make_pipeline(StandardScaler(), LogisticRegression(C=0.1, max_iter=1000))
    model.fit(feats[:len(tr)], label[tr])
    auroc = metrics.auroc(label[te], model.predict_proba(feats[len(tr):])[:, 1])
    gc = metrics.auroc(label[te], encoding.gc_content([seqs[i] for i in te]))
    ok = auroc > gc + 0.2
    return ok, (f"train {len(parts['train'])}, valid {len(parts['valid'])}, test {len(parts['test'])} windows; "
                f"closest test-train/valid distance {gap} bp (goal: at least {MIN_GAP}); 3-mer logistic "
                f"regression test AUROC {auroc:.2f} vs GC content {gc:.2f} (goal: at least 0.2 above GC)")


def _reference_split(left, genome_length):
    where = left / genome_length
    split = np.where((where >= 0.4) & (where < 0.6), "test", "train")
    split[(where >= 0.6) & (where < 0.7)] = "valid"
    for boundary in (0.4, 0.6):
        split[np.abs(left - boundary * genome_length) < 1200] = "gap"
    return split


def _random_split(left, genome_length):
    return np.random.default_rng(0).choice(["train", "train", "train", "valid", "test"], size=len(left))


def _blocks_without_gap(left, genome_length):
    where = left / genome_length
    return np.where(where < 0.6, "train", np.where(where < 0.8, "valid", "test"))


def _tiny_train(left, genome_length):
    where = left / genome_length
    return np.where(where < 0.1, "train", np.where(where < 0.3, "valid", "test"))


q1 = ExperimentExercise(
    "17.q1", evaluate=_evaluate_split,
    hint="Turn each window's start into a position along the genome (left / genome_length), give one contiguous "
         "stretch to test, another to valid, the rest to train, then relabel as 'gap' every window within "
         "about 1,200 bp of a boundary between test and anything else. Mind the origin: the genome is circular.",
    solution="def my_split(left, genome_length):\n"
             "    where = left / genome_length\n"
             "    split = np.where((where >= 0.4) & (where < 0.6), 'test', 'train')\n"
             "    split[(where >= 0.6) & (where < 0.7)] = 'valid'\n"
             "    for boundary in (0.4, 0.6):\n"
             "        split[np.abs(left - boundary * genome_length) < 1200] = 'gap'\n"
             "    return split\n"
             "Test is the middle fifth of the genome, valid the tenth after it, with a gap on both sides of test. "
             "A test window at the end of the genome would sit next to a train window at its start (circular "
             "genome): that is why test is in the middle here.",
    solution_value=lambda: _reference_split,
    typical_wrong=[lambda: _random_split, lambda: _blocks_without_gap, lambda: _tiny_train],
)

q2 = ValueExercise(
    "17.q2", expected=49, types=(int,),
    hint="In frame 2 the convolution starts at index 2 of the 150-bp window; a width-3, stride-3 filter fits "
         "once per complete codon that follows.",
    solution="From index 2 there are 148 bases left: 49 complete codons (147 bases) and one base left over. "
             "nn.Conv1d(4, 32, kernel_size=3, stride=3) applied to x[:, :, 2:] gives (148 - 3) // 3 + 1 = 49 positions.",
    explain={50: "that is frame 0: 150 bases hold 50 codons; frame 2 starts two bases later.",
             148: "that is the number of bases, not of codons (the filter moves 3 bases per step).",
             146: "that is the stride-1 count (148 - 3 + 1): this filter moves 3 bases per step."},
    typical_wrong=[50, 148, 146, 48],
)

q3 = ThoughtExercise(
    "17.q3",
    hint="Name the task exactly (which windows, which negatives, which genome), the number with its interval, "
         "the baselines it was compared with, what the ablation says, and what was NOT tested.",
    solution="On held-out 100-kb blocks of one Chlamydia trachomatis genome, a small (about 1,500-parameter) frame-aware CNN "
             "separates 150-bp windows read on a gene's coding strand from intergenic and antisense windows "
             "with the test AUROC printed above (mean and sd over 3 seeds); the tuned k-mer logistic regression "
             "is lower by the paired-bootstrap interval printed above, and GC content alone is near chance. The "
             "same network made blind to the reading frame falls back to about the k-mer model's level, and it picks a consistent "
             "reading frame in almost every coding window: it wins by reading codons in frame. Not shown: a "
             "frame-aware codon-usage baseline (which might close the gap), other "
             "genomes (a different GC content or codon usage), gene starts and stops, short or atypical genes, "
             "or a comparison with Prodigal or GeneMark, the tools a genome annotator would use.",
)
