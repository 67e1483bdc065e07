"""Exercises of notebook 00: how the course checks your answers."""
from ..exercises import FunctionExercise, ValueExercise


def _gc_fraction(seq):
    return (seq.count("G") + seq.count("C")) / len(seq)


q1 = ValueExercise(
    "00.q1", expected=4, types=(int,),
    hint="One channel per letter of the DNA alphabet.",
    solution="4: one channel each for A, C, G and T.",
    explain={5: "N is not a channel of its own: it is encoded as all zeros (or 0.25 in every channel).",
             20: "20 channels is for protein (the 20 amino acids)."},
    typical_wrong=[5, 20, "4"],
)

q2 = FunctionExercise(
    "00.q2",
    cases=[(("GGCC",), 1.0), (("ATAT",), 0.0), (("ACGT",), 0.5), (("GATTACA",), 2 / 7),
           (("GGGA",), 0.75), (("CCCCAT",), 4 / 6), (("TTTG",), 0.25)],   # G and C counts differ
    hint="Count the G's and the C's (str.count), then divide by the length of the sequence.",
    solution="def gc_fraction(seq):\n    return (seq.count('G') + seq.count('C')) / len(seq)",
    solution_value=_gc_fraction,
    typical_wrong=[lambda s: s.count("G") + s.count("C"),            # a count, not a fraction
                   lambda s: s.count("GC") / len(s),                 # counts the dinucleotide GC
                   lambda s: (s.count("A") + s.count("T")) / len(s),   # AT fraction
                   lambda s: 2 * s.count("G") / len(s),               # assumes as many C as G
                   lambda s: s.count("G") / len(s),                   # G only
                   lambda s: (s.count("G") + s.count("C")) / 4],       # assumes length 4
)
