"""Helpers for the hands-on course "Deep Learning for Genomics".

One module per concern; import what you need, e.g.
``from course_utils import encoding, train``. Every module, one line each:

Sequences and motifs
* ``encoding``     one-hot DNA and protein, reverse complement, GC content
* ``kmers``        k-mer spectra (the classical baselines' features)
* ``motifs``       position weight matrices, logos' letter heights, scanning, ``matches`` (TOMTOM or similarity)
* ``alignment``    protein family alignments, sequence weights, identity
* ``simulate``     simulated DNA with planted motifs and ground truth
* ``sampling``     matched subsets that remove a known shortcut (GC content)

Training, evaluation, interpretation
* ``train``        seeded training loop ``fit``, ``predict``, ``model_device``, the one device choice
* ``seeding``      every seed in one place (``COURSE_SEED_OFFSET`` shifts them all)
* ``metrics``      per-prediction scores, the bootstraps and ``difference`` (the test of difference)
* ``comparison``   fair comparisons over seeds and sizes: ``Comparison``, ``seed_summary``, ``learning_curve``
* ``baselines``    the non-deep models every deep model must beat, tuned on validation
* ``interpret``    filters back to motifs; saliency, in-silico mutagenesis, integrated gradients, seqlets
* ``plots``        the course style and the plots notebooks reuse

Domains
* ``expression``   splits, gene clusters and landmark genes of expression matrices
* ``mave``         multiplex assays of variant effect (regression scores, noise ceilings)
* ``structure``    protein secondary structure: windows, Q3/Q8 over chains, Viterbi
* ``protein``      protein sequences as fixed-length inputs and composition features
* ``coevolution``  contacts from an alignment (MI, APC, DCA)
* ``variants``     mutants and decoys of aligned protein sequences
* ``transfer``     freezing, feature extraction and multi-view inputs (transfer learning)
* ``labels``       label noise, calibration and negative sets
* ``confounding``  batch centring, group-held-out splits, out-of-fold scores
* ``methylation``  CpG methylation levels, neighbour features, CpG density, the kNN average (DeepCpG's CpG module)
* ``pileup``       simulated reads with known variants, pileup tensors, threshold and Bayesian callers (DeepVariant)
* ``lm``           a pretrained protein language model: masked-marginal scores, embeddings, Markov baselines

Course infrastructure
* ``data``         the data registry (provenance, checksums) and loaders
* ``validate``     one validator per kind of input
* ``exercises``    checked exercises (``questions/`` holds each notebook's)
* ``progress``     the learner's local record and the instructor's class view
* ``checklist``    the capstone's project checklist
* ``envcheck``     what is installed, against the pins (or Colab's needs)

Importing the package has no side effects (no seeds set, no files read, no
threads configured).
"""

__version__ = "0.1.0"
