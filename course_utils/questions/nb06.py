"""Exercises of notebook 06 (autoencoders on single-cell expression)."""
from ..exercises import ThoughtExercise, ValueExercise

q1 = ValueExercise(
    "06.q1",
    expected=0.674,
    tolerance=0.01,
    hint="Use the unscaled matrix `pbmc['X_log']`: a gene with no UMI in a cell is exactly 0 there. "
         "`(A == 0)` is a boolean array and `.mean()` of booleans is the fraction of True.",
    solution="`float((pbmc['X_log'] == 0).mean())` = 0.674: two thirds of all gene-by-cell values are zero. "
             "Many are 'dropouts' (the mRNA was there but not captured), which is why corrupting the input "
             "by zeroing entries, as a denoising autoencoder does, is a natural noise model for single cells.",
    explain={0.0: "that is the scaled matrix `X`: scaling subtracts each gene's mean, so zeros become negative "
                  "numbers. Count zeros in `pbmc['X_log']` instead.",
             0.326: "that is the fraction of NON-zero values. Count the entries equal to 0.",
             67.4: "give a fraction between 0 and 1, not a percentage."},
    typical_wrong=[0.0, 0.326, 67.4],
)

q2 = ValueExercise(
    "06.q2",
    expected=197375,
    hint="A `nn.Linear(a, b)` layer has a*b weights plus b biases. The model has four linear layers: "
         "765 -> 128 -> 2 (encoder) and 2 -> 128 -> 765 (decoder). Check with `train.count_parameters`.",
    solution="(765*128 + 128) + (128*2 + 2) + (2*128 + 128) + (128*765 + 765) = 197,375, or "
             "`train.count_parameters(Autoencoder(765, 2))`. Almost all of them sit in the two layers that "
             "touch the 765 genes; the bottleneck itself costs a few hundred. About 200,000 parameters "
             "fitted on 392 training cells is one reason the autoencoder overfits where PCA does not.",
    explain={196352: "you counted the weights but forgot the biases (one per output unit of each layer).",
             98306: "that is the encoder only; the decoder has about as many parameters again."},
    typical_wrong=[196352, 98306, 1530],
)

q3 = ValueExercise(
    "06.q3",
    expected=0.771,
    tolerance=0.006,
    hint="Fit `PCA(32, random_state=0)` on `X_train`, then fit `KNeighborsClassifier(15)` on the raw codes "
         "of the training cells (no StandardScaler) and `.score` it on the codes of `X_test` and `y_test`.",
    solution="`pca = PCA(32, random_state=0).fit(X_train)`; "
             "`KNeighborsClassifier(15).fit(pca.transform(X_train), y_train).score(pca.transform(X_test), y_test)` "
             "gives 0.771, far above the 0.610 of the standardised codes. Unscaled, the first components "
             "(large variance, cell-type structure) dominate the distances; standardised, each of the 24 "
             "small late components weighs as much as the first, and they carry mostly noise. A code that "
             "reconstructs well can still be a poor space for neighbours: how you use it matters.",
    explain={0.61: "that is the accuracy WITH the StandardScaler, from the table above. Leave the scaler out."},
    typical_wrong=[0.61, 0.5],
)

q4 = ThoughtExercise(
    "06.q4",
    hint="Look at the two panels of the sweep figure: which bottleneck size minimises the held-out MSE, "
         "and which one gives the best cell-type accuracy? What is each number measuring?",
    solution="Reconstruction error rewards reproducing all 765 genes of a cell, including technical noise "
             "and genes that have nothing to do with cell identity, so it keeps falling as the bottleneck "
             "grows. Cell-type accuracy only needs the few directions that separate cell types, which a "
             "4-8 dimensional code already holds. Choosing the size (or the model) by validation MSE "
             "therefore optimises the wrong thing for cell typing. Select on the downstream task instead "
             "(accuracy on held-out labelled cells, cluster agreement, or known marker genes), keep PCA as a "
             "baseline, and report both numbers. This is the review's remark that a better reconstruction "
             "does not mean a better model.",
)
