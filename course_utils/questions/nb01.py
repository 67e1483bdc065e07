"""Exercises of notebook 01: genomic data as tensors."""
from ..exercises import FunctionExercise, ValueExercise


def _reverse_complement(seq):
    return seq[::-1].translate(str.maketrans("ACGT", "TGCA"))


q1 = FunctionExercise(
    "01.q1",
    cases=[(("ACGT",), "ACGT"), (("AAAC",), "GTTT"), (("GATTACA",), "TGTAATC"), (("",), "")],
    hint="Reverse the string with seq[::-1], then swap A<->T and C<->G "
         "(str.maketrans and str.translate do the swap in one go).",
    solution="def reverse_complement(seq):\n"
             "    return seq[::-1].translate(str.maketrans('ACGT', 'TGCA'))",
    solution_value=_reverse_complement,
    typical_wrong=[lambda s: s[::-1],                                          # reverse only
                   lambda s: s.translate(str.maketrans("ACGT", "TGCA")),       # complement only
                   lambda s: s[::-1].translate(str.maketrans("ACGT", "UGCA"))],  # RNA complement
)

q2 = ValueExercise(
    "01.q2", expected=4096, types=(int,),
    hint="At each of the k positions there are 4 possible bases, independently.",
    solution="4**6 = 4096 distinct 6-mers, so a 6-mer count vector has 4096 columns, more than half as many "
             "as there are training peaks (6647). That is why the tuned 6-mer baseline needs a strong L2 "
             "penalty (a small C), and why k = 7 (16384 columns) is already too big for this notebook.",
    explain={1296: "6**4 counts 6 choices at 4 positions; we have 4 choices (A, C, G, T) at 6 positions.",
             24: "4 * 6 adds choices up; choices at independent positions multiply.",
             195: "that is the number of 6-mers inside ONE 200-bp sequence (200 - 6 + 1), "
                  "not the number of possible 6-mers."},
    typical_wrong=[1296, 24, 195, "4096"],
)

q3 = ValueExercise(
    "01.q3", expected=1.0, tolerance=0.01,
    hint="Information content of a column = 2 + sum over bases of p * log2(p), with 0 * log2(0) = 0.",
    solution="2 + 0.5*log2(0.5) + 0.5*log2(0.5) = 2 - 0.5 - 0.5 = 1 bit: the column halves the "
             "uncertainty, from 4 possible bases to 2.",
    explain={2.0: "2 bits is a column with ONE certain base; here two bases share the probability.",
             0.0: "0 bits is a uniform column (all four bases 0.25).",
             0.5: "remember the 2 bits of the uniform background: IC = 2 + sum p log2 p."},
    typical_wrong=[2.0, 0.0, 0.5, "1 bit"],
)

q4 = ValueExercise(
    "01.q4", expected="MA0496.4",
    hint="Look at the table of mean best scores per class: which motif scores higher in the MafK peaks?",
    solution="MA0496.4 (MAFK): its best site scores much higher in MafK peaks than in Oct4 peaks, "
             "while MA0142.1 (Pou5f1::Sox2) does the opposite.",
    explain={"MA0142.1": "MA0142.1 is Pou5f1::Sox2, the Oct4 partner motif: it scores high in the OCT4 peaks.",
             "MAFK": "give the JASPAR matrix id (like 'MA0142.1'), not the name."},
    typical_wrong=["MA0142.1", "MAFK", 496],
)

