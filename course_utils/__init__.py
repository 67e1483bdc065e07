"""Helpers for the hands-on course "Deep Learning for Genomics".

One module per concern; import what you need, e.g.
``from course_utils import encoding, train``:

* ``encoding`` one-hot DNA/protein, reverse complement, GC content
* ``kmers`` k-mer spectra;  ``motifs`` motifs, PWMs, scanning, motif similarity
* ``alignment`` protein alignments and sequence weights; ``coevolution`` contacts from alignments
* ``structure`` secondary structure (windows, Q3, Viterbi); ``protein`` composition features
* ``expression`` landmark genes; ``mave`` MAVE models; ``variants`` decoys; ``labels`` label noise;
  ``confounding`` batch-aware splits; ``progress`` the learner's local record
* ``validate`` the one check per kind of input that every function uses
* ``data`` the data registry; ``simulate`` ground-truth data; ``sampling`` matched sets
* ``train`` seeded training loop; ``metrics``; ``baselines``; ``interpret``; ``plots``
* ``exercises`` checked exercises (``questions/`` holds each notebook's)

Importing the package has no side effects (no seeds set, no files read, no
threads configured).
"""

__version__ = "0.1.0"
