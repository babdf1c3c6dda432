"""nbgrader configuration for the course (run nbgrader commands from this folder).

Everything here is stock nbgrader except `utils.grading.ShortenTracebacks`; each setting says why.
"""
import os

c = get_config()  # noqa: F821 (provided by nbgrader)

c.CourseDirectory.course_id = "unsupervised-learning-in-python"
# The course folder is wherever this file is, so commands work from a copy of the course too.
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(c.CourseDirectory.root, "gradebook.db")
# Data files fetched into a source folder must never be copied into a release.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "*.csv", "*.zip"]

# --- autograding --------------------------------------------------------------------------------
# An endless loop costs the cells that wait on it (each interrupted after the timeout), not the run;
# a submission that crashes its kernel is reported by name and the others are still graded.
c.Execute.timeout = 120
c.Execute.interrupt_on_timeout = True
# Stock nbgrader gives 0 points to a test cell with any stderr output, so a correct answer
# whose library call emits a warning would score nothing. Drop Python warnings from stderr
# before grades are saved; errors (failed asserts, exceptions) still score 0.
c.IgnorePattern.enabled = True
c.IgnorePattern.pattern = r"\b[A-Z]\w*Warning\b"
# A student who deleted a test (or answer) cell gets it back from the database, so it still runs.
c.OverwriteCells.add_missing_cells = True

# --- feedback -------------------------------------------------------------------------------------
# Stock feedback shows the autograded notebook, hidden tests included; and a failing hidden
# test's traceback would quote its source. Strip both.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbgrader.preprocessors.ClearHiddenTests",
    "utils.grading.ShortenTracebacks",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
