"""Test settings for every test and notebook run (nbval kernels inherit the environment).

* COURSE_DEVICE=cpu: the stored notebook outputs are CPU results, so a machine with
  a GPU runs the reference notebooks on its CPU too and gets the same numbers.
* COURSE_PROGRESS_FILE: checks made by tests go to a temporary file, not the
  learner's progress record in the home directory.
"""
import os
import tempfile

os.environ.setdefault("COURSE_DEVICE", "cpu")
os.environ.setdefault("COURSE_PROGRESS_FILE", os.path.join(tempfile.mkdtemp(prefix="course-progress-"), "progress.json"))

# The delivery tests (website, browser, nbgitpuller, Colab cell) need extra tools and minutes:
# `make test-delivery` runs them; `make test` leaves them out.
collect_ignore = [] if os.environ.get("COURSE_DELIVERY_TESTS") else ["tests/delivery"]
