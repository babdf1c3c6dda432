# Loaded by every kernel that the test suite starts (IPYTHONDIR=tests/ipython, set by the Makefile):
# DeprecationWarning and FutureWarning raised while a notebook runs are errors, so CI fails on them.
# Installed after IPython's own filters, so it also wins for warnings attributed to the notebook.
import warnings

warnings.filterwarnings("error", category=DeprecationWarning)
warnings.filterwarnings("error", category=FutureWarning)
