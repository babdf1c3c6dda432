"""Hostile and broken submissions, graded in one nbgrader run beside correct ones.

Every case is made from a chapter's release and instructor notebooks, so the suite covers every
chapter in source/ with no change. Each case states the score of every test cell it must get (or
that nbgrader must name the student and the problem), and the run as a whole must leave the
gradebook intact and grade the well-behaved students normally.

`make test` runs it for one chapter, in rotation (by the number of commits); `make test-adversarial`
runs every chapter (ADVERSARIAL_CHAPTERS=all, or a comma-separated list of chapters).
"""

from __future__ import annotations

import ast
import os
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from typing import Callable

import nbformat
import pytest

import course
from course import CHAPTERS, ROOT


def _chapters():
    wanted = os.environ.get("ADVERSARIAL_CHAPTERS", "rotate")
    if wanted == "all":
        return CHAPTERS
    if wanted != "rotate":
        return [c for c in wanted.split(",") if c in CHAPTERS]
    try:
        commits = int(subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=ROOT, capture_output=True,
                                     text=True, check=True).stdout)
    except (OSError, subprocess.CalledProcessError, ValueError):
        commits = 0
    return [CHAPTERS[commits % len(CHAPTERS)]]


@dataclass
class Chapter:
    """What a case needs to know about a chapter."""
    name: str
    release: nbformat.NotebookNode
    solution: dict            # answer grade_id -> the instructor's code
    tests: list               # [(test grade_id, points)] in notebook order
    answers: list             # answer grade_ids in notebook order
    imports: dict             # {name: import statement} of the setup's imports

    def solved(self, **replaced):
        return course.filled(self.release, {**self.solution, **replaced})

    def full(self):
        return dict(self.tests)

    def zero(self):
        return {gid: 0 for gid, _ in self.tests}

    def through(self, k):
        """Full points for the first k test cells, 0 after."""
        return {gid: (points if i < k else 0) for i, (gid, points) in enumerate(self.tests)}

    def function_name(self, answer):
        tree = ast.parse(self.solution[answer])
        return next(n.name for n in tree.body if isinstance(n, ast.FunctionDef))

    @property
    def middle(self):
        return len(self.tests) // 2


def with_cell(nb, code, *, after=None):
    """A copy of nb with a new code cell (the student's own) at the top, or after the cell `after`."""
    nb = nbformat.from_dict(nb)
    index = 0 if after is None else next(i for i, c in enumerate(nb.cells) if course.grade_id(c) == after) + 1
    nb.cells.insert(index, nbformat.v4.new_code_cell(code))
    return nb


def edited(nb, edit):
    nb = nbformat.from_dict(nb)
    edit(nb)
    return nb


@dataclass
class Case:
    name: str
    build: Callable          # Chapter -> notebook, or bytes for a file that is not one, or None: no file
    expect: Callable         # Chapter -> {test grade_id: points}, or ERROR, or NOT_SUBMITTED
    what: str                # what the case is
    tampering: bool = False  # the log must report tampering by this student
    stopped: bool = False    # the log must report that grading of this student stopped
    log_says: str = ""       # and the log must say this about the problem


def ERROR(ch):
    """nbgrader reports the student by name and grades nothing for them."""
    return "error"


def NOT_SUBMITTED(ch):
    """nbgrader sees no submission: nothing is graded, and the export gives the student 0."""
    return "not submitted"


TAMPER = {
    "input-transformer": "get_ipython().input_transformers_post.append(\n"
                         "    lambda lines: ['pass\\n'] if any('checks.' in line for line in lines) else lines)",
    "ast-transformer": "import ast\nclass Empty(ast.NodeTransformer):\n    def visit_Module(self, node):\n"
                       "        return ast.Module(body=[], type_ignores=[])\nget_ipython().ast_transformers.append(Empty())",
    "event-callback": "get_ipython().events.register('pre_run_cell', lambda info: None)",
    "exception-handler": "get_ipython().set_custom_exc((Exception,), lambda *args, **kwargs: None)",
    "traceback-display": "get_ipython().showtraceback = lambda *args, **kwargs: None",
    "xmode-magic": "%xmode Minimal",
    "trace-hook": "import sys\nsys.settrace(lambda *args: None)",
    "no-op-checks": "from utils import checks\nchecks.assert_close = checks.assert_same_partition = lambda *a, **k: None",
    "fake-checks": "import contextlib\nclass checks:\n"
                   "    exercise = staticmethod(lambda *a, **k: contextlib.suppress(BaseException))",
    "patched-numpy": "import numpy\nnumpy.isclose = lambda a, b, **k: numpy.ones(numpy.broadcast(a, b).shape, bool)",
    "patched-builtins": "import builtins\nbuiltins.isinstance = lambda *args: True",
    "exec-string": "exec('from utils import checks; checks.fail = lambda *a, **k: None')",
    "input-history": "def peek():\n    return In[-1]\nprint(peek())",
}

CASES = [
    Case("solution", lambda ch: ch.solved(), Chapter.full, "the instructor's answers"),
    Case("blank", lambda ch: ch.release, Chapter.zero, "the untouched release"),
    Case("ordinary-extras", lambda ch: with_cell(ch.solved(), (
        "import numpy as np\nfrom utils import checks\nimport warnings\nimport matplotlib.pyplot as plt\n"
        "%matplotlib inline\n%time total = sum(range(1000))\nwarnings.warn('just a warning')\n"
        "fig, ax = plt.subplots()\nax.plot([1, 2, 3])\nplt.show()\nprint('my own notes')"), after=ch.tests[0][0]),
         Chapter.full, "ordinary learner code between exercises: imports again, plots, prints, warns, times"),
    Case("forged-blank", lambda ch: with_cell(ch.release, TAMPER["input-transformer"]), Chapter.zero,
         "a blank submission whose first cell empties every later test cell", tampering=True),
    *[Case(f"tamper-{name}", lambda ch, code=code: with_cell(ch.solved(), code), Chapter.zero,
           f"correct answers after a cell that tampers: {name}", tampering=True) for name, code in TAMPER.items()],
    Case("tamper-in-answer", lambda ch: ch.solved(**{ch.answers[-1]: ch.solution[ch.answers[-1]] +
                                                     "\nimport builtins\nbuiltins.len = len\n"}),
         lambda ch: ch.through(len(ch.tests) - 1), "the last answer cell also patches builtins", tampering=True),
    Case("imports-inside", lambda ch: ch.solved(**{gid: course.with_imports_inside(code, ch.imports)
                                                  for gid, code in ch.solution.items() if gid in ch.answers}),
         Chapter.full, "every correct answer imports what it needs inside its function"),
    Case("import-not-allowed", lambda ch: ch.solved(**{ch.answers[0]: ch.solution[ch.answers[0]].replace(
        "### BEGIN SOLUTION", "### BEGIN SOLUTION\n    import pickle  # not a module graded code may use")}),
         lambda ch: {**ch.full(), ch.tests[0][0]: 0}, "the first answer imports pickle: that exercise alone scores 0",
         log_says="did not run: it imports pickle"),
    # Reaching for what the sandbox hides: each attempt fails, and costs nothing else.
    Case("read-solutions", lambda ch: with_cell(ch.solved(), (
        "import os\nfor folder, _, files in os.walk('../../..'):\n    for name in files:\n"
        "        path = os.path.join(folder, name)\n        try:\n            print(path, open(path).read()[:3000])\n"
        "        except OSError as err:\n            print(path, err)\n"
        f"print(open('../../../source/{ch.name}/{ch.name}.ipynb').read())")), Chapter.full,
        "prints every file it can find, and the instructor's notebook"),
    Case("read-other-student", lambda ch: with_cell(ch.solved(), f"print(open('../../solution/{ch.name}/{ch.name}.ipynb').read())"),
         Chapter.full, "reads another student's submission"),
    Case("write-gradebook", lambda ch: with_cell(ch.solved(), "open('../../../gradebook.db', 'ab').write(b'x' * 4096)"),
         Chapter.full, "appends to the gradebook"),
    Case("write-release", lambda ch: with_cell(ch.solved(), f"open('../../../release/{ch.name}/{ch.name}.ipynb', 'w').write('{{}}')"),
         Chapter.full, "overwrites the release"),
    Case("network", lambda ch: with_cell(ch.solved(), "import pandas\npandas.read_csv('http://example.com/grades.csv')"),
         Chapter.full, "downloads from the internet"),
    # Crashes and runaways.
    Case("sys-exit", lambda ch: with_cell(ch.solved(), "import sys\nsys.exit(3)", after=ch.tests[0][0]), Chapter.full,
         "calls sys.exit after the first test cell"),
    Case("segfault", lambda ch: with_cell(ch.solved(), "import os\nos.kill(os.getpid(), 11)",
                                          after=ch.tests[ch.middle - 1][0]),
         lambda ch: ch.through(ch.middle), "a segmentation fault half-way", stopped=True),
    Case("crash-after-last-test", lambda ch: with_cell(ch.solved(), "import os\nos._exit(1)", after=ch.tests[-1][0]),
         Chapter.full, "the kernel dies after the last test", stopped=True),
    Case("memory-bomb", lambda ch: with_cell(ch.solved(), (
        "def bomb():\n    blocks = []\n    while True:\n        blocks.append(bytearray(2**28))\nbomb()"),
        after=ch.tests[0][0]), Chapter.full, "allocates memory until it fails"),
    Case("process-bomb", lambda ch: with_cell(ch.solved(), (
        "import os, time\nfor _ in range(100_000):\n    if os.fork() == 0:\n        time.sleep(60)\n        os._exit(0)"),
        after=ch.tests[0][0]), Chapter.full, "forks until it fails"),
    Case("huge-output", lambda ch: with_cell(ch.solved(), "print('x' * 100_000_000)", after=ch.tests[0][0]),
         Chapter.full, "prints 100 MB"),
    Case("endless-loop", lambda ch: ch.solved(**{ch.answers[-1]: (
        f"def {ch.function_name(ch.answers[-1])}(*args, **kwargs):\n    while True:\n        pass\n")}),
        lambda ch: ch.through(len(ch.tests) - 1), "the last answer never returns"),
    Case("ignores-interrupts", lambda ch: with_cell(ch.solved(), (
        "while True:\n    try:\n        while True:\n            pass\n    except KeyboardInterrupt:\n        pass"),
        after=ch.tests[ch.middle - 1][0]), lambda ch: ch.through(ch.middle), "a loop that catches every interrupt",
        stopped=True),
    # Edited notebooks.
    Case("deleted-test-cells", lambda ch: edited(ch.solved(), lambda nb: setattr(
        nb, "cells", [c for c in nb.cells if not course.is_test(c)])), Chapter.full, "every test cell deleted"),
    Case("edited-test-cells", lambda ch: edited(ch.solved(), lambda nb: [
        setattr(c, "source", "pass") for c in nb.cells if course.is_test(c)]), Chapter.full, "every test replaced by `pass`"),
    Case("duplicated-test-cell", lambda ch: edited(ch.solved(), lambda nb: nb.cells.insert(
        *next((i + 1, nbformat.from_dict(c)) for i, c in enumerate(nb.cells) if course.is_test(c)))),
        Chapter.full, "the first test cell copied"),
    Case("duplicate-cell-ids", lambda ch: edited(ch.solved(), lambda nb: [
        setattr(c, "id", nb.cells[0].id) for c in nb.cells[1:4]]), Chapter.full, "cells sharing one id"),
    Case("edited-points", lambda ch: edited(ch.solved(), lambda nb: [
        c.metadata.nbgrader.update(points=100) for c in nb.cells if course.is_test(c)]), Chapter.full,
        "every test cell claims 100 points"),
    Case("edited-checksums", lambda ch: edited(ch.solved(), lambda nb: [
        c.metadata.nbgrader.update(checksum="0" * 32) for c in nb.cells if course.meta(c)]), Chapter.full,
        "every checksum changed"),
    Case("removed-grade-flags", lambda ch: edited(ch.solved(), lambda nb: [
        c.metadata.pop("nbgrader") for c in nb.cells if course.is_test(c)]), Chapter.full,
        "the nbgrader metadata of every test cell removed"),
    Case("renamed-grade-ids", lambda ch: edited(ch.solved(), lambda nb: [
        c.metadata.nbgrader.update(grade_id=c.metadata.nbgrader.grade_id + "-mine") for c in nb.cells
        if course.is_test(c)]), Chapter.full, "every test cell's grade id renamed"),
    Case("deleted-last-answer", lambda ch: edited(ch.solved(), lambda nb: setattr(
        nb, "cells", [c for c in nb.cells if course.grade_id(c) != ch.answers[-1]])),
        lambda ch: ch.through(len(ch.tests) - 1), "the last answer cell deleted"),
    # Files that are not the notebook.
    Case("invalid-json", lambda ch: b'{"cells": [ this is not JSON', ERROR, "a file that is not JSON",
         log_says="Notebook does not appear to be JSON"),
    Case("empty-file", lambda ch: b"", ERROR, "an empty file", log_says="Notebook does not appear to be JSON"),
    Case("wrong-name", lambda ch: ("renamed", ch.solved()), ERROR, "the notebook saved under another name",
         log_says="Skipping unknown notebook"),
    Case("missing-notebook", lambda ch: None, NOT_SUBMITTED, "a submission folder without the notebook"),
]


class ChapterSuite:
    """Every case of one chapter. A class per chapter (made below) so that `pytest -n 2 --dist loadscope`
    grades each chapter once, on one worker, and the chapters side by side."""
    chapter: str

    @pytest.fixture(scope="class")
    @classmethod
    def run(cls, tmp_path_factory):
        """Every case of the chapter, graded in one nbgrader run, then feedback generated."""
        name = cls.chapter
        course_dir = tmp_path_factory.mktemp(f"adversarial-{name}")
        release = course.new_course(course_dir, name)
        source = course.source_notebook(name)
        answers = [course.grade_id(c) for c in source.cells if course.is_answer(c)]
        chapter = Chapter(name, release, course.answers_from(source),
                          [(course.grade_id(c), c.metadata.nbgrader.points) for c in source.cells if course.is_test(c)],
                          answers, course.setup_imports(release))
        for case in CASES:
            folder = course_dir / "submitted" / case.name / name
            folder.mkdir(parents=True)
            content = case.build(chapter)
            if isinstance(content, tuple):  # (another file name, notebook)
                nbformat.write(content[1], folder / f"{content[0]}.ipynb")
            elif isinstance(content, bytes):
                (folder / f"{name}.ipynb").write_bytes(content)
            elif content is not None:
                nbformat.write(content, folder / f"{name}.ipynb")
        start = time.monotonic()
        result = course.nbgrader(course_dir, "autograde", name, "--create", check=False)
        seconds = time.monotonic() - start
        feedback = course.nbgrader(course_dir, "generate_feedback", name, check=False)
        print(f"\n{name}: {len(CASES)} submissions graded in {seconds:.0f} s")
        return chapter, course_dir, result.stdout + result.stderr, feedback

    @pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
    def test_case(self, run, case):
        chapter, course_dir, log, _ = run
        expected = case.expect(chapter)
        assert case.log_says in log
        if expected == "error":
            assert f"for student '{case.name}'" in log, f"nbgrader should name {case.name!r} in its errors"
            assert not (course_dir / "autograded" / case.name).exists()
            return
        if expected == "not submitted":
            assert not (course_dir / "autograded" / case.name).exists()
            return
        got = course.scores(course_dir, chapter.name, case.name)
        assert {gid: got[gid][0] for gid in expected} == expected, case.what
        if case.tampering:
            assert f"Tampering by student '{case.name}'" in log
        if case.stopped:
            assert f"Grading of student '{case.name}' stopped" in log


    def test_tampering_is_shown_in_the_test_cells(self, run):
        chapter, course_dir, _, _ = run
        nb = course.read(course_dir / "autograded" / "tamper-input-transformer" / chapter.name / f"{chapter.name}.ipynb")
        for cell in nb.cells:
            if course.is_test(cell):
                (output,) = cell.outputs
                assert output.ename == "TamperingDetected" and "input_transformers_post" in output.evalue


    def test_no_secret_reaches_a_hostile_student(self, run):
        """What hostile students printed, and their feedback, hold no hidden test and no solution they did
        not write themselves."""
        chapter, course_dir, _, _ = run
        secrets = course.secret_lines(course.source_notebook(chapter.name))
        for case in ("read-solutions", "read-other-student", "tamper-input-history"):
            own = "\n".join(c.source for c in course.read(course_dir / "submitted" / case / chapter.name /
                                                           f"{chapter.name}.ipynb").cells)
            graded = course.read(course_dir / "autograded" / case / chapter.name / f"{chapter.name}.ipynb")
            printed = "\n".join(str(output) for cell in graded.cells for output in cell.get("outputs", []))
            feedback = course.feedback_text(course_dir, chapter.name, case)
            for where, text in (("printed", printed), ("feedback", feedback)):
                leaked = [line for line in secrets if line in text and line not in own]
                assert not leaked, f"{case}: {where} holds {leaked[:2]}"


    def test_a_module_graded_code_may_not_use_is_named_in_its_exercise(self, run):
        chapter, course_dir, log, _ = run
        nb = course.read(course_dir / "autograded" / "import-not-allowed" / chapter.name / f"{chapter.name}.ipynb")
        (output,) = course.tests_of(nb, chapter.answers[0]).outputs
        assert output.ename == "ImportNotAllowed" and "pickle" in output.evalue and "instead" in output.evalue, output
        assert "Tampering by student 'import-not-allowed'" not in log

    def test_huge_output_is_cut(self, run):
        chapter, course_dir, _, _ = run
        path = course_dir / "autograded" / "huge-output" / chapter.name / f"{chapter.name}.ipynb"
        assert path.stat().st_size < 5_000_000
        assert "output cut after" in path.read_text()


    def test_the_gradebook_is_intact(self, run):
        chapter, course_dir, _, _ = run
        with sqlite3.connect(course_dir / "gradebook.db") as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            students = {row[0] for row in db.execute("SELECT id FROM student")}
        assert students == {case.name for case in CASES if case.expect is not NOT_SUBMITTED}


    def test_an_unknown_assignment_is_a_clear_error(self, run):
        chapter, course_dir, _, _ = run
        result = course.nbgrader(course_dir, "autograde", "no-such-assignment", check=False)
        assert result.returncode != 0
        assert "no-such-assignment" in result.stdout + result.stderr


for _name in _chapters():
    globals()[f"Test_{_name}"] = type(f"Test_{_name}", (ChapterSuite,), {"chapter": _name})
