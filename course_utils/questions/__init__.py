"""Exercise definitions, one module per notebook (nbXX.py)."""
