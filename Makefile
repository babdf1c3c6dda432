# The course's commands. `make course` and `make test` are the two in the README.
# Everything is installed into .venv from the lock file (uv.lock), so a fresh clone needs only
# python3 (>= 3.11) and make.

VENV    := $(CURDIR)/.venv
PY      := $(VENV)/bin/python
UV      := $(VENV)/bin/uv
UV_VERSION := 0.13.9
# jupyter refuses to start as root unless told to.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
CHAPTERS := $(notdir $(wildcard source/[0-9]*))
# nbgrader runs tools (alembic) from the environment by name.
export PATH := $(VENV)/bin:$(PATH)

.PHONY: course test test-adversarial test-mutants setup sandbox data release bench grade clean

## course: set up the environment and the data, then open the course in JupyterLab
course: setup data
	$(VENV)/bin/jupyter lab --ServerApp.root_dir=$(CURDIR) --LabApp.default_url=/lab/tree/notebooks $(ROOT_FLAG)

## test: set up, then run the whole test suite (unit tests, grading round trip, every notebook)
# Two pytest workers share two cores: one BLAS/OpenMP thread each avoids oversubscription,
# which slows scikit-learn's small fits down many times over.
# The adversarial suite runs for one chapter, in rotation; `make test-adversarial` runs every chapter.
test: setup sandbox data
	OMP_NUM_THREADS=1 IPYTHONDIR=$(CURDIR)/tests/ipython $(VENV)/bin/pytest -n 2 --dist loadfile --nbval-lax \
		--nbval-cell-timeout=120 tests notebooks source

## test-adversarial: the hostile and broken submissions of tests/test_adversarial.py, for every chapter
test-adversarial: setup sandbox data
	OMP_NUM_THREADS=1 ADVERSARIAL_CHAPTERS=all $(VENV)/bin/pytest -n 2 --dist loadscope tests/test_adversarial.py

## test-mutants: grade every chapter's mutants in the sandbox (tools/mutants.py), write docs/mutants.md, check the bars
# (`make test` grades one chapter's again, in rotation). Commit tests/mutants/results/ and docs/mutants.md.
test-mutants: setup sandbox data
	OMP_NUM_THREADS=1 $(PY) tools/mutants.py --all
	OMP_NUM_THREADS=1 $(VENV)/bin/pytest -q tests/test_mutants.py -k "not rotating"

## setup: create .venv and install the locked dependencies, with `utils` in editable mode
setup: $(VENV)/.synced
$(VENV)/.synced: uv.lock pyproject.toml Makefile
	test -x $(PY) || python3 -m venv $(VENV)
	test -x $(UV) || { $(PY) -m pip --version >/dev/null 2>&1 || $(PY) -m ensurepip --upgrade >/dev/null; \
		$(PY) -m pip install --quiet uv==$(UV_VERSION); }
	# Compile bytecode at install: imports then take a third of the time, even where
	# PYTHONDONTWRITEBYTECODE is set.
	UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --frozen --inexact --compile-bytecode
	# JupyterLab's defaults for this course: no pop-up asking learners to opt in to Jupyter's news,
	# and no update checks (the versions are locked).
	mkdir -p $(VENV)/share/jupyter/lab/settings
	echo '{"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": false}}' \
		> $(VENV)/share/jupyter/lab/settings/overrides.json
	touch $@

## sandbox: bubblewrap and util-linux (prlimit, setpriv), which sandbox the grading kernel (Linux only)
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
sandbox:
	@command -v bwrap >/dev/null && command -v prlimit >/dev/null && command -v setpriv >/dev/null || { \
		echo "Installing bubblewrap, which sandboxes the grading kernel"; \
		$(SUDO) apt-get install -y -q bubblewrap util-linux >/dev/null 2>&1 || { $(SUDO) apt-get update -q >/dev/null && \
		$(SUDO) apt-get install -y -q bubblewrap util-linux >/dev/null; } || { \
		echo "Could not install bubblewrap: install it with your package manager (it is Linux only)."; exit 1; }; }
	@bwrap --ro-bind / / --unshare-net true || { echo "bubblewrap is installed but cannot create a sandbox here \
		(are user namespaces disabled?)."; exit 1; }

## data: fetch and verify every data file (from data/, $$COURSE_DATA_MIRROR, or the internet)
data: setup
	$(PY) -m utils.datasets

## release: regenerate release/ from source/ with nbgrader (commit the result)
release: setup
	cd $(CURDIR) && for chapter in $(CHAPTERS); do \
		$(VENV)/bin/nbgrader generate_assignment --force $$chapter || exit 1; done

## bench: time every notebook, cell by cell, and the autograding of each chapter
bench: setup data
	IPYTHONDIR=$(CURDIR)/tests/ipython $(PY) tools/bench.py

## grade: autograde every submission of ASSIGNMENT, write feedback, export grades.csv
grade: setup sandbox data
	test -n "$(ASSIGNMENT)" || { echo "usage: make grade ASSIGNMENT=04_kmeans"; exit 2; }
	$(VENV)/bin/nbgrader autograde $(ASSIGNMENT) --create; status=$$?; \
	$(VENV)/bin/nbgrader generate_feedback $(ASSIGNMENT) && \
	$(VENV)/bin/nbgrader export && exit $$status

clean:
	rm -rf $(VENV) gradebook.db submitted feedback .pytest_cache
