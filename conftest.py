"""Keep the tests from writing the learner's progress file in the home directory."""
import os
import tempfile

os.environ.setdefault("COURSE_PROGRESS_FILE", os.path.join(tempfile.mkdtemp(prefix="course-progress-"), "progress.json"))
