"""Exercises of notebook 02: a CNN for transcription factor binding."""
from ..exercises import ThoughtExercise, ValueExercise

q1 = ValueExercise(
    "02.q1", expected=976, types=(int,),
    hint="Each filter has one weight per input channel per position (4 x width) plus one bias.",
    solution="16 filters x (4 channels x 15 positions) weights + 16 biases = 960 + 16 = 976. "
             "Check with train.count_parameters(nn.Conv1d(4, 16, 15)).",
    explain={960: "you counted the weights; each filter also has a bias.",
             240: "that is 16 x 15: each position of a filter has one weight per CHANNEL (A, C, G, T).",
             64: "4 x 16 ignores the filter width."},
    typical_wrong=[960, 240, 64, 976.5],
)

q2 = ValueExercise(
    "02.q2", expected=186, types=(int,),
    hint="Without padding, a filter of width w fits at L - w + 1 offsets.",
    solution="200 - 15 + 1 = 186 positions, so each filter gives 186 activations per strand "
             "before the global max pooling keeps only the largest.",
    explain={185: "off by one: a width-15 filter fits at offsets 0 to 185, that is 186 offsets.",
             200: "that would need padding; nn.Conv1d pads nothing by default.",
             214: "a convolution without padding makes the output SHORTER than the input."},
    typical_wrong=[185, 200, 214],
)

q3 = ThoughtExercise(
    "02.q3",
    hint="Look at the logos of the filters that vote for Oct4, at the GC content of the two classes, "
         "and at what global max pooling can and cannot see.",
    solution="The MafK peaks carry a strong, frequent motif, so 'MARE present' is the cheapest evidence "
             "for MafK; 'no MARE and GC-rich' is then enough for Oct4, because in this data Oct4 peaks are "
             "more GC-rich than MafK peaks. The network learns whatever separates the labels, not "
             "necessarily the biology we expect: a shortcut. Notebook 16 returns to such confounders.",
)
