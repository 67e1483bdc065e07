"""Test settings for every test and notebook run (nbval kernels inherit the environment).

* COURSE_DEVICE=cpu: the stored notebook outputs are CPU results, so a machine with
  a GPU runs the reference notebooks on its CPU too and gets the same numbers.
* COURSE_PROGRESS_FILE: checks made by tests go to a temporary file, not the
  learner's progress record in the home directory.
* COURSE_CHECKER_CACHE: a temporary folder where a slow checker keeps results by a
  digest of the answer, shared by the xdist workers (set here, in the controller).
"""
import os
import tempfile

os.environ.setdefault("COURSE_DEVICE", "cpu")
os.environ.setdefault("COURSE_PROGRESS_FILE", os.path.join(tempfile.mkdtemp(prefix="course-progress-"), "progress.json"))
# A folder the test run's parallel workers share for a checker's slow, deterministic result (notebook 18's
# probe fit), so that the reference answer checked by two test files is fitted once.
os.environ.setdefault("COURSE_CHECKER_CACHE", tempfile.mkdtemp(prefix="course-checker-cache-"))

# The delivery tests (website, browser, nbgitpuller, Colab cell) need extra tools and minutes:
# `make test-delivery` runs them; `make test` leaves them out.
collect_ignore = [] if os.environ.get("COURSE_DELIVERY_TESTS") else ["tests/delivery"]
