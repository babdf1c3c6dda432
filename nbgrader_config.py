"""nbgrader configuration for the course (run nbgrader commands from this folder).

Everything here is stock nbgrader except three preprocessors from `utils.grading.preprocessors`
(RobustOverwriteCells, GuardedExecute, SafeFeedback); each setting says why.
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
# Submissions are untrusted code. GuardedExecute replaces nbgrader's Execute: it runs each notebook
# in a sandboxed kernel (bubblewrap: no source/, gradebook, other submissions or network; limited
# memory and processes), zeroes the test cells that follow tampering, keeps the points already
# earned when a kernel dies, and caps each cell's output. See README, "Threat model".
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "utils.grading.preprocessors.RobustOverwriteCells",  # OverwriteCells, surviving edited metadata
    "nbgrader.preprocessors.CheckCellMetadata",
]
c.Autograde.autograde_preprocessors = [
    "utils.grading.preprocessors.GuardedExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
# A runaway cell is interrupted after 20 s: the slowest graded cell measured in the course takes
# 1.4 s (3.6 s on a machine loaded 4x over). A kernel that ignores the interrupt is stopped 5 s
# later (GuardedExecute.responsive_timeout).
c.Execute.timeout = 20
c.Execute.interrupt_on_timeout = True
# Stock nbgrader gives 0 points to a test cell with any stderr output, so a correct answer
# whose library call emits a warning would score nothing. Drop Python warnings from stderr
# before grades are saved; errors (failed asserts, exceptions) still score 0.
c.IgnorePattern.enabled = True
c.IgnorePattern.pattern = r"\b[A-Z]\w*Warning\b"
# A student who deleted a test (or answer) cell gets it back from the database, so it still runs.
c.OverwriteCells.add_missing_cells = True

# --- feedback -------------------------------------------------------------------------------------
# Stock feedback shows the autograded notebook, hidden tests included; a failing hidden test's
# traceback would quote its source, and a test cell's printed output may come from the student's
# code. Strip all three: test cells keep only their one-line error messages.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbgrader.preprocessors.ClearHiddenTests",
    "utils.grading.preprocessors.SafeFeedback",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
