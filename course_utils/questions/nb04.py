"""Exercises of notebook 04: recurrent networks and CNN-RNN hybrids."""
from ..exercises import ThoughtExercise, ValueExercise

q1 = ValueExercise(
    "04.q1", expected=9728, types=(int,),
    hint="An LSTM has 4 gates (input, forget, cell, output). Each gate has a weight matrix for the input "
         "(hidden x input), one for the previous hidden state (hidden x hidden) and, in PyTorch, TWO bias "
         "vectors (b_ih and b_hh). A bidirectional layer has two independent LSTMs.",
    solution="Per direction: 4 gates x (32 x 4 input weights + 32 x 32 recurrent weights + 32 + 32 biases) "
             "= 4 x (128 + 1024 + 64) = 4,864. Two directions: 9,728. "
             "Check with train.count_parameters(nn.LSTM(4, 32, bidirectional=True)).",
    explain={4864: "that is one direction; bidirectional=True adds a second LSTM that reads the sequence backwards.",
             9472: "close: PyTorch keeps two bias vectors per gate (b_ih and b_hh), you counted one.",
             9216: "you left out the biases: each gate has two bias vectors of length 32 in PyTorch.",
             2432: "an LSTM has FOUR gates, each with its own weights; you counted one per direction."},
    typical_wrong=[4864, 9472, 9216, 2432, 9728.5],
)

q2 = ValueExercise(
    "04.q2", expected=13, types=(int,),
    hint="A convolution without padding gives L - w + 1 positions; nn.MaxPool1d(k) then keeps one value per "
         "block of k positions and drops an incomplete last block (it rounds down).",
    solution="64 - 11 + 1 = 54 positions after the convolution; 54 // 4 = 13 after pooling. "
             "So the BiLSTM of the hybrid reads 13 steps instead of 64 bases: the pooling is what makes "
             "DanQ-style models fast. Check with model.pool(model.conv(X[:1])).shape.",
    explain={14: "nn.MaxPool1d rounds DOWN: 54 / 4 = 13.5, and the incomplete last block is dropped.",
             16: "you pooled the input (64 / 4); the convolution first shortens it to 64 - 11 + 1 = 54.",
             54: "that is the length after the convolution; the max pooling divides it by 4.",
             13.5: "a sequence has a whole number of steps: nn.MaxPool1d rounds down."},
    typical_wrong=[14, 16, 54, 13.5],
)

q3 = ValueExercise(
    "04.q3", expected=12, types=(int,),
    hint="A filter can compare the order of the two motifs only if it covers at least one base of EACH site. "
         "The sites are separated by a gap of g bases; how wide must a window be to reach across it?",
    solution="One base of the first site + 10 gap bases + one base of the second site = 12. The plain CNN "
             "uses filters of width 11, so no filter ever sees both sites, and after global max pooling the "
             "two orders look the same. A filter of width 12 would touch both only at the smallest gap and "
             "with one base each; to see both whole sites across the largest gap (20) it would need "
             "13 + 20 + 11 = 44 positions.",
    explain={10: "a window as wide as the gap covers only background bases; it must also touch both sites.",
             11: "11 bases can touch at most one of the sites when they are 10 bases apart.",
             34: "that window holds both whole sites (13 + 10 + 11); the question asks for the smallest window "
                 "that covers at least one base of each.",
             44: "that window holds both whole sites across the LARGEST gap; the question asks for the "
                 "smallest window that touches both sites at the smallest gap."},
    typical_wrong=[10, 11, 34, 44],
)

q4 = ThoughtExercise(
    "04.q4",
    hint="Think about what a nanopore read looks like (a long current signal where each base depends on "
         "its neighbours on both sides) and what a bidirectional RNN sees at each time step.",
    solution="DeepNano (Boza et al. 2017) reads the raw nanopore current events with a bidirectional RNN: "
             "the current at each moment depends on several bases in the pore, so the base called at step t "
             "needs context from both earlier and later events, which a BiRNN provides; reads have variable "
             "length, which an RNN handles naturally. A plain CNN with global max pooling would throw away "
             "where in the read each event occurred, exactly the order information base calling needs.",
)
