"""Exercises of notebook 08: transformers and DNA language models."""
from ..exercises import ValueExercise

q1 = ValueExercise(
    "08.q1",
    expected=(8, 4, 100, 100),
    types=(tuple,),
    hint="One weight for every (query position, key position) pair, for every head and every sequence. "
         "The embedding size d_model does not appear. Write the answer as a tuple, like a tensor's .shape.",
    solution="(8, 4, 100, 100): (batch, heads, query positions, key positions). Row i of one head's "
             "100 x 100 matrix says how position i spreads its attention over all 100 positions and sums "
             "to 1. This L x L matrix is why attention's cost grows with the square of the sequence length.",
    explain={
        (8, 100, 100): "that is the shape with the heads averaged (average_attn_weights=True); "
                       "our blocks keep one map per head.",
        (8, 4, 100, 32): "the last axis indexes key positions, not embedding dimensions: "
                         "each query position gets one weight per position it can look at.",
        (100, 100): "that is one map of one head of one sequence; add the batch and head axes in front.",
    },
    typical_wrong=[(8, 100, 100), (8, 4, 100, 32), (100, 100), (8, 100, 100, 4), [8, 4, 100, 100]],
)

q2 = ValueExercise(
    "08.q2",
    expected=4224,
    hint="nn.MultiheadAttention(embed_dim=32, num_heads=4) holds four 32 x 32 projections "
         "(query, key, value, output), each with a bias of 32. Does the number of heads change that?",
    solution="4 * (32 * 32 + 32) = 4224. The heads split the 32 dimensions into 4 groups of 8, so the count "
             "does not depend on num_heads. Check: train.count_parameters(nn.MultiheadAttention(32, 4)).",
    explain={
        4096: "close: you counted the four weight matrices but not their biases (4 x 32).",
        3168: "you counted query, key and value but not the output projection that mixes the heads.",
        16896: "the heads share the 32 dimensions (4 heads of 8), they do not each get a full 32 x 32 set.",
        1056: "that is one projection's worth (32 x 32 + 32): a layer has four of them.",
    },
    typical_wrong=[4096, 3168, 16896, 1056],
)

q3 = ValueExercise(
    "08.q3",
    expected=False,
    hint="Without positional encoding (and with kernel=1, no local convolution) every token is only its embedding. Self-attention compares tokens "
         "with each other; then we average over positions. Does any step know where a token sits?",
    solution="False: the prediction does not change. Self-attention without positions is permutation-"
             "equivariant (shuffling the input shuffles the outputs the same way) and mean pooling is "
             "permutation-invariant, so the model sees a bag of letters. It could not tell whether a "
             "motif is at the start or the end, which is exactly what the long-range task asks. "
             "Positional encodings (learned or sinusoidal) break this symmetry.",
    explain={True: "try it: attention scores q_i . k_j depend only on the two tokens' embeddings, so "
                   "shuffling the positions shuffles the rows and columns of the attention matrix together "
                   "and the mean over positions comes out the same."},
    typical_wrong=[True],
)
