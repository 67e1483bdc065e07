"""One place where every random choice of the course gets its seed.

A lesson must hold for other seeds, not only for the one a notebook was stored
with. Every seeded helper of ``course_utils`` (``train.set_seed``, ``train.fit``,
``simulate``, ``sampling``, the bootstraps, ...) and every random generator a
notebook makes (``seeding.rng(0)``) passes its seed through ``shifted``, which
adds the integer in the environment variable ``COURSE_SEED_OFFSET`` (default 0).

    COURSE_SEED_OFFSET=1 jupyter lab     # every seed moves by one: new weights,
                                         # batch orders, dropout masks, simulations,
                                         # subsamples and bootstrap draws

The registry's fixed data splits do not move (they are part of the data).
``make test-seeds`` runs every notebook under two other offsets and lets only
the checkpoint cells judge, so a lesson that holds for one seed only fails there.
"""
import os

import numpy as np

ENV = "COURSE_SEED_OFFSET"


def offset():
    """The seed offset (an int) read from ``COURSE_SEED_OFFSET``; 0 when unset.

    Raises ``ValueError`` naming the fix when the variable is not a whole number.
    """
    raw = os.environ.get(ENV, "").strip()
    if not raw:
        return 0
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{ENV}={raw!r} is not a whole number: set it to e.g. 1 or 2, or unset it") from None
    if value < 0:
        raise ValueError(f"{ENV}={value} is negative: use 0 (the stored run) or a positive offset such as 1")
    return value


def shifted(seed):
    """``seed + offset()``: the seed a helper really uses (an int >= 0).

    Parameters
    ----------
    seed : int (Python or numpy integer, not bool), at least 0.
    """
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed must be a whole number such as 0, got {type(seed).__name__} {seed!r}")
    if seed < 0:
        raise ValueError(f"seed must be 0 or more, got {seed}")
    return int(seed) + offset()


def rng(seed):
    """A numpy ``Generator`` seeded with ``shifted(seed)``; use it instead of ``np.random.default_rng(seed)``."""
    return np.random.default_rng(shifted(seed))
