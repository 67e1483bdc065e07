"""Helpers for the hands-on course "Deep Learning for Genomics".

One module per concern; import what you need, e.g.
``from course_utils import sequences, train``. Importing the package has no
side effects (no seeds set, no files read, no threads configured).
"""

__version__ = "0.1.0"
