"""Exercises of notebook 18: a pretrained protein language model (scoring, probing, few labels)."""
import functools
import hashlib
import json
import os
import pathlib

import numpy as np

from ..exercises import ExperimentExercise, FunctionExercise, NotAttempted, ThoughtExercise, is_blank

AMINO_ACIDS = "ACDEFGHIKLMNPQRSTVWY"

# ---------------------------------------------------------------- q1: score a mutation from the marginals


def _score_reference(marginals, wild_type, mutations, first_residue):
    total = 0.0
    for m in mutations.split(":"):
        wt, pos, mut = m[0], int(m[1:-1]) - first_residue, m[-1]
        if wild_type[pos] != wt:
            raise ValueError(f"{m}: the wild type has {wild_type[pos]} at residue {pos + first_residue}, not {wt}")
        total += marginals[pos, AMINO_ACIDS.index(mut)] - marginals[pos, AMINO_ACIDS.index(wt)]
    return float(total)


def _ignores_numbering(marginals, wild_type, mutations, first_residue):      # residue 1 = index 0 always
    total = 0.0
    for m in mutations.split(":"):
        pos = int(m[1:-1]) - 1
        total += marginals[pos, AMINO_ACIDS.index(m[-1])] - marginals[pos, AMINO_ACIDS.index(m[0])]
    return float(total)


def _sign_flipped(marginals, wild_type, mutations, first_residue):
    return -_score_reference(marginals, wild_type, mutations, first_residue)


def _first_mutation_only(marginals, wild_type, mutations, first_residue):
    return _score_reference(marginals, wild_type, mutations.split(":")[0], first_residue)


def _mutant_only(marginals, wild_type, mutations, first_residue):             # forgets the wild-type term
    return float(sum(marginals[int(m[1:-1]) - first_residue, AMINO_ACIDS.index(m[-1])] for m in mutations.split(":")))


def _cases():
    rng = np.random.default_rng(18)
    logits = rng.normal(size=(6, 20))
    marg = (logits - np.log(np.exp(logits).sum(1, keepdims=True))) / np.log(2)   # log2-probabilities, rows sum to 1
    wt = "MKTAYI"
    return [((marg, wt, "K3A", 2), _score_reference(marg, wt, "K3A", 2)),
            ((marg, wt, "M1W", 1), _score_reference(marg, wt, "M1W", 1)),
            ((marg, wt, "T4C:Y6G", 2), _score_reference(marg, wt, "T4C:Y6G", 2)),
            ((marg, wt, "A104L", 101), _score_reference(marg, wt, "A104L", 101)),
            ((marg, wt, "I6I", 1), 0.0)]


q1 = FunctionExercise(
    "18.q1",
    cases=_cases(),
    hint="marginals[i] holds log2 p(amino acid | wild type with position i masked), columns in the order "
         "'ACDEFGHIKLMNPQRSTVWY'. A mutation 'K3A' names the wild-type residue, its number in the protein's own "
         "numbering and the mutant residue; the registry's first_residue says which number row 0 has (GB1's "
         "fragment starts at residue 2). Score = log2 p(mutant) - log2 p(wild type) at that row; double mutants "
         "('T4C:Y5G') add the scores of their parts.",
    solution="def score(marginals, wild_type, mutations, first_residue):\n"
             "    total = 0.0\n"
             "    for m in mutations.split(':'):\n"
             "        i = int(m[1:-1]) - first_residue\n"
             "        total += marginals[i, AA.index(m[-1])] - marginals[i, AA.index(m[0])]\n"
             "    return total\n"
             "with AA = 'ACDEFGHIKLMNPQRSTVWY'. Both terms come from the SAME masked position, so the score says how "
             "much more (positive) or less (negative) plausible the model finds the mutant residue than the wild "
             "type in that context; adding the parts of a double mutant assumes no epistasis, as the notebook's "
             "scores do (lm.substitution_scores).",
    solution_value=_score_reference,
    typical_wrong=[_ignores_numbering, _sign_flipped, _first_mutation_only, _mutant_only],
)

# ---------------------------------------------------------------- q2: what likelihood measures

q2 = ThoughtExercise(
    "18.q2",
    hint="A masked language model learns which residues evolution tolerates at a position, in proteins that fold "
         "and work. What do the three assays measure: binding of a folded domain (GB1), how fast a peptide nucleates "
         "amyloid fibrils, how toxic an intrinsically disordered, aggregation-prone domain is in yeast? Would "
         "'more natural-looking' mean 'higher score' in each? Look at the sign of the hydrophobicity baseline too.",
    solution="Likelihood under a protein language model measures evolutionary plausibility: residues seen at such "
             "positions in natural, folded, functional proteins. That tracks assays of the protein's own function "
             "(GB1 binding IgG, which needs the fold), so the masked-marginal score correlates there. Amyloid beta "
             "nucleation and TDP-43 toxicity are gain-of-function, aggregation phenotypes: mutations that make the "
             "peptide stickier (often more hydrophobic) raise the measured score, while the LM may call them "
             "unnatural, and both are disordered regions with few homologues and weak constraints, where a small "
             "model (and even large ones) has little to learn. So a simple physical baseline (hydrophobicity) can "
             "beat the LM there, and the sign of the LM's correlation need not be positive. Zero-shot scores answer "
             "'is this protein still natural-like?', not 'what does this assay measure?'.",
    mentions=["likelihood = evolutionary plausibility / fitness of natural proteins",
              "GB1 measures the protein's own folded function",
              "nucleation and toxicity are gain-of-function aggregation phenotypes",
              "disordered regions: few constraints for the model to learn",
              "hydrophobicity is the physical driver of aggregation"],
)

# ---------------------------------------------------------------- q3: a better probe, checked on validation

# Validation Q3 the learner's features must reach: the hint's window of 9 last-layer vectors reaches 0.64, the
# notebook's one vector 0.57, the token embeddings 0.49 (tests/test_questions.py checks pass and fail).
GOAL_Q3 = 0.60
PROBE_C = 0.1
PROBE_ITERATIONS = 200   # the probe's fixed budget of lbfgs iterations (standardised features converge in about that)


_PROBE_Q3 = {}           # {"shape-SHA-256 of the train and valid features": validation Q3}, the last one only


@functools.lru_cache(maxsize=1)
def _hidden():
    """Hidden states of every layer for the train and valid chains of protein_ss_dssp (never the test chains)."""
    from .. import data, lm, structure

    model, tok = lm.load(data.load("protein_mlm"))
    chains = data.load("protein_ss_dssp")
    out = {}
    for split in ("train", "valid"):
        part = chains[chains.split == split]
        seqs = part.sequence.tolist()
        layers = tuple(range(model.config.num_hidden_layers + 1))
        states = lm.embed(model, tok, seqs, layer=layers)
        per_chain = [{layer: states[layer][i] for layer in layers} for i in range(len(seqs))]
        out[split] = (per_chain, np.concatenate(structure.label_indices(part.dssp3.tolist())))
    return out


def _probe_q3(X, y_train, y_valid):
    """Validation Q3 of the fixed probe on features ``X`` ({"train", "valid"} arrays): standardised features
    and a logistic regression, as the notebook's probe, with a fixed C and iteration budget.

    The fit takes about 20 s for the hint's 1,440 features per residue, so its result is kept by a digest
    of the features: checking the same features again (a re-check) reuses it, and a test run that sets
    ``COURSE_CHECKER_CACHE`` to a folder shares it between its parallel workers (the reference answer is
    checked by two test files).
    """
    import warnings

    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from threadpoolctl import threadpool_limits

    digest = hashlib.sha256()
    for split in ("train", "valid"):
        digest.update(np.ascontiguousarray(X[split]).data)
    key = f"{X['train'].shape[0]}x{X['train'].shape[1]}-{digest.hexdigest()}"
    shared = os.environ.get("COURSE_CHECKER_CACHE")
    stored = pathlib.Path(shared) / f"nb18-q3-{key}.json" if shared else None
    if key not in _PROBE_Q3 and stored is not None and stored.exists():
        _PROBE_Q3.clear()
        _PROBE_Q3[key] = json.loads(stored.read_text())["q3"]
    if key not in _PROBE_Q3:
        with threadpool_limits(1), warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)    # the iterations are the probe's fixed budget
            clf = make_pipeline(StandardScaler(), LogisticRegression(C=PROBE_C, max_iter=PROBE_ITERATIONS))
            clf.fit(X["train"], y_train)
        _PROBE_Q3.clear()
        _PROBE_Q3[key] = float((clf.predict(X["valid"]) == y_valid).mean())
        if stored is not None:
            partial = stored.with_suffix(f".{os.getpid()}.tmp")
            partial.write_text(json.dumps({"q3": _PROBE_Q3[key]}))
            os.replace(partial, stored)                              # whole file or none, for the other workers
    return _PROBE_Q3[key]


def _evaluate(make_features):
    if not callable(make_features):
        raise TypeError("pass a function make_features(layers) -> array (L, d): layers is a dict {layer index: "
                        f"(L, 160) hidden states of one chain}}; got a {type(make_features).__name__}")
    trial = make_features({layer: np.zeros((3, 160), dtype=np.float32) for layer in range(5)})
    if is_blank(trial):                       # before the (slow) embedding of every chain
        raise NotAttempted
    data_ = _hidden()
    X = {}
    for split, (chains, y) in data_.items():
        rows = []
        for layers in chains:
            f = np.asarray(make_features(dict(layers)), dtype=np.float64)
            length = len(next(iter(layers.values())))
            if f.ndim != 2 or f.shape[0] != length:
                raise ValueError(f"make_features must return one row per residue, shape ({length}, d); got {f.shape}")
            rows.append(f)
        X[split] = np.concatenate(rows)
        if len(X[split]) != len(y):
            raise ValueError("the features do not line up with the residues")
    if X["train"].shape[1] > 5000:
        raise ValueError(f"{X['train'].shape[1]} features per residue is more than this probe allows (5000)")
    q3 = _probe_q3(X, data_["train"][1], data_["valid"][1])
    report = (f"a logistic-regression probe (standardised features, C={PROBE_C}) on your {X['train'].shape[1]} "
              f"features per residue, trained on the training chains, reaches Q3 {q3:.2f} on the validation chains "
              f"(goal: at least {GOAL_Q3:.2f}); the test chains stay untouched")
    return q3 >= GOAL_Q3, report


def _last_layer(layers):
    return layers[max(layers)]


def _token_embeddings(layers):
    return layers[0]


def _window_of_last_layer(layers, half=4):
    h = layers[max(layers)]
    padded = np.pad(h, ((half, half), (0, 0)))
    return np.hstack([padded[i:i + len(h)] for i in range(2 * half + 1)])


q3 = ExperimentExercise(
    "18.q3", evaluate=_evaluate,
    hint="The notebook's probe uses one vector per residue from the last layer. Secondary structure is a property of "
         "a stretch of residues, and a linear probe cannot combine neighbours by itself. Build each residue's "
         "features from more than its own last-layer vector: its neighbours' vectors (a window, as notebook 12 did "
         "with one-hot residues), and/or other layers (layers[0] .. layers[4]). Pass a function "
         "make_features(layers) -> array (L, d); the checker fits the probe on the training chains and scores "
         "the validation chains.",
    solution="def make_features(layers, half=4):\n"
             "    h = layers[max(layers)]                          # last layer, (L, 160)\n"
             "    padded = np.pad(h, ((half, half), (0, 0)))\n"
             "    return np.hstack([padded[i:i + len(h)] for i in range(2 * half + 1)])\n"
             "A window of 9 residues of embeddings gives the linear probe the neighbourhood that defines a helix or a "
             "strand: validation Q3 rises clearly above the single-vector probe. Concatenating layers helps less: "
             "each layer already mixes the same neighbourhood.",
    solution_value=lambda: _window_of_last_layer,
    typical_wrong=[lambda: _last_layer, lambda: _token_embeddings],
    time_limit=300.0,
)
