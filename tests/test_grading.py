"""The whole grading round trip, for every chapter in source/, with stock nbgrader commands.

In a copy of the course: generate the release, then autograde these submissions and check the
exact score of every graded cell:

- ``solution``: the release filled in with the instructor's answers -> every autograded point;
- ``blank``: the untouched release -> 0 everywhere, and the run does not crash;
- ``wrong``: every answer replaced by its plausible wrong answer (tests/wrong_answers/), which
  passes the visible tests -> 0 for every test cell (the hidden tests catch it);
- ``warning``: the solution, with every function emitting a warning on stderr, as libraries do
  -> still every point (stock nbgrader would give 0: checked too);
- ``deleted-cells``: the solution with every test cell deleted -> nbgrader puts them back and
  they run, so every point.

Then feedback is generated (no hidden test and no solution may reach it) and grades exported.
"""

import ast
import csv
import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbgrader.api import Gradebook

import course
from course import CHAPTERS, ROOT

NBGRADER = str(Path(sys.executable).with_name("nbgrader"))
# The instructor's kernels, not the test suite's strict-warnings ones.
ENV = {k: v for k, v in os.environ.items() if k != "IPYTHONDIR"}
ENV["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{ENV.get('PATH', '')}"  # nbgrader runs alembic


def nbgrader(course_dir, *args, check=True):
    result = subprocess.run([NBGRADER, *args], cwd=course_dir, env=ENV, capture_output=True, text=True,
                            timeout=900)
    if check and result.returncode:
        pytest.fail(f"nbgrader {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def answers_from(source_nb):
    return {course.grade_id(c): c.source for c in source_nb.cells if course.is_answer(c) or course.is_manual(c)}


def filled(release_nb, answers):
    """The release notebook with the given answer cells replaced."""
    nb = nbformat.from_dict(release_nb)
    for cell in nb.cells:
        if course.grade_id(cell) in answers:
            cell.source = answers[course.grade_id(cell)]
    return nb


def submissions(chapter, release_nb, source_nb):
    solution = answers_from(source_nb)
    noisy = {gid: course.with_warnings(code) if gid in _answer_ids(source_nb) else code
             for gid, code in solution.items()}
    deleted = filled(release_nb, solution)
    deleted.cells = [c for c in deleted.cells if not course.is_test(c)]
    return {
        "solution": filled(release_nb, solution),
        "blank": release_nb,
        "wrong": filled(release_nb, course.hidden_wrong_answers(chapter)),
        "warning": filled(release_nb, noisy),
        "warning-stock-nbgrader": filled(release_nb, noisy),
        "deleted-cells": deleted,
    }


def _answer_ids(nb):
    return {course.grade_id(c) for c in nb.cells if course.is_answer(c)}


def scores(course_dir, chapter, student):
    """{grade_id: (auto_score, max_score, needs_manual_grade)} from the gradebook."""
    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gb:
        nb = gb.find_submission_notebook(chapter, chapter, student)
        return {g.name: (g.auto_score, g.max_score, g.needs_manual_grade) for g in nb.grades}


@pytest.fixture(scope="module", params=CHAPTERS)
def graded(request, tmp_path_factory):
    chapter = request.param
    course_dir = tmp_path_factory.mktemp(chapter)
    shutil.copy(ROOT / "nbgrader_config.py", course_dir)
    shutil.copytree(ROOT / "source" / chapter, course_dir / "source" / chapter)
    nbgrader(course_dir, "generate_assignment", chapter, "--force")
    release_nb = course.read(course_dir / "release" / chapter / f"{chapter}.ipynb")
    source_nb = course.source_notebook(chapter)
    for student, nb in submissions(chapter, release_nb, source_nb).items():
        folder = course_dir / "submitted" / student / chapter
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{chapter}.ipynb")
    # Stock nbgrader first, on its own student, to show what the course's configuration fixes.
    nbgrader(course_dir, "autograde", chapter, "--create", "--student", "warning-stock-nbgrader",
             "--IgnorePattern.enabled=False")
    nbgrader(course_dir, "autograde", chapter, "--create",
             "--CourseDirectory.student_id_exclude=warning-stock-nbgrader")
    nbgrader(course_dir, "generate_feedback", chapter)
    nbgrader(course_dir, "export")
    return chapter, course_dir, source_nb, release_nb


def _test_cells(nb):
    return {course.grade_id(c): c.metadata.nbgrader.points for c in nb.cells if course.is_test(c)}


def _manual_cells(nb):
    return {course.grade_id(c): c.metadata.nbgrader.points for c in nb.cells if course.is_manual(c)}


def test_solution_gets_every_autograded_point(graded):
    chapter, course_dir, source_nb, _ = graded
    got = scores(course_dir, chapter, "solution")
    assert {gid: got[gid][0] for gid in _test_cells(source_nb)} == _test_cells(source_nb)
    for gid in _manual_cells(source_nb):
        assert got[gid][2], f"{gid}: an answered manual question must wait for the instructor"


def test_blank_release_gets_zero(graded):
    chapter, course_dir, source_nb, _ = graded
    got = scores(course_dir, chapter, "blank")
    for gid in [*_test_cells(source_nb), *_manual_cells(source_nb)]:
        assert got[gid][0] == 0, f"{gid}: the untouched release scored {got[gid][0]}"


def test_wrong_answers_lose_their_hidden_test_points(graded):
    chapter, course_dir, source_nb, _ = graded
    got = scores(course_dir, chapter, "wrong")
    tested_by = {f"{gid}-tests": gid for gid in course.hidden_wrong_answers(chapter)}
    assert set(tested_by) == set(_test_cells(source_nb)), \
        "tests/wrong_answers/ must have one wrong answer for every autograded exercise"
    assert {gid: got[gid][0] for gid in tested_by} == dict.fromkeys(tested_by, 0)


def test_wrong_answers_pass_the_visible_tests(graded):
    """Each wrong answer is plausible: the tests the student can see do not catch it."""
    chapter, course_dir, _, release_nb = graded
    nb = filled(release_nb, course.hidden_wrong_answers(chapter))
    NotebookClient(nb, timeout=120, allow_errors=True,
                   resources={"metadata": {"path": str(course_dir)}}).execute(env=ENV)
    failures = {course.grade_id(c): o.get("evalue", "") for c in nb.cells if course.is_test(c)
                for o in c.outputs if o.output_type == "error"}
    assert failures == {}, f"visible tests catch these wrong answers: {failures}"


def test_library_warnings_do_not_cost_points(graded):
    chapter, course_dir, source_nb, _ = graded
    points = _test_cells(source_nb)
    got = scores(course_dir, chapter, "warning")
    assert {gid: got[gid][0] for gid in points} == points
    stock = scores(course_dir, chapter, "warning-stock-nbgrader")
    assert {gid: stock[gid][0] for gid in points} == dict.fromkeys(points, 0), \
        "stock nbgrader was expected to give 0 to every test cell with a warning on stderr"


def test_deleted_test_cells_are_restored_and_graded(graded):
    chapter, course_dir, source_nb, _ = graded
    got = scores(course_dir, chapter, "deleted-cells")
    assert {gid: got[gid][0] for gid in _test_cells(source_nb)} == _test_cells(source_nb)


def _feedback_text(course_dir, chapter, student):
    page = (course_dir / "feedback" / student / chapter / f"{chapter}.html").read_text()
    page = re.sub(r"<(style|script)\b.*?</\1>", "", page, flags=re.S)  # keep what a reader sees
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_feedback_shows_no_hidden_test_and_no_solution(graded):
    chapter, course_dir, source_nb, _ = graded
    secrets = course.secret_lines(source_nb)
    assert secrets, "the source should have solutions and hidden tests to hide"
    for student in ("wrong", "blank", "solution"):
        text = _feedback_text(course_dir, chapter, student)
        assert "HIDDEN TESTS" not in text
        submitted = course.read(course_dir / "submitted" / student / chapter / f"{chapter}.ipynb")
        own = "\n".join(c.source for c in submitted.cells)  # a student may see their own code
        leaked = [line for line in secrets if line in text and line not in own]
        assert not leaked, f"feedback for {student!r} gives away: {leaked[:3]}"


def test_feedback_explains_failures(graded):
    chapter, course_dir, _, _ = graded
    text = _feedback_text(course_dir, chapter, "wrong")
    assert "CheckFailed" in text, "a failed hidden test should show its message"
    assert "Traceback" not in text


def test_grades_export(graded):
    chapter, course_dir, source_nb, _ = graded
    with open(course_dir / "grades.csv") as f:
        rows = {r["student_id"]: r for r in csv.DictReader(f) if r["assignment"] == chapter}
    total = sum(_test_cells(source_nb).values()) + sum(_manual_cells(source_nb).values())
    assert float(rows["solution"]["max_score"]) == total
    assert float(rows["solution"]["score"]) == sum(_test_cells(source_nb).values())
    assert float(rows["blank"]["score"]) == 0


def test_a_broken_submission_does_not_stop_the_others(tmp_path):
    """A submission that hangs, kills its kernel or is not a notebook at all costs its author
    points, is reported by name, and every other submission is graded as usual."""
    chapter = CHAPTERS[0]
    shutil.copy(ROOT / "nbgrader_config.py", tmp_path)
    shutil.copytree(ROOT / "source" / chapter, tmp_path / "source" / chapter)
    nbgrader(tmp_path, "generate_assignment", chapter, "--force")
    release_nb = course.read(tmp_path / "release" / chapter / f"{chapter}.ipynb")
    solution = answers_from(course.source_notebook(chapter))
    first, *_ = sorted(_answer_ids(release_nb), key=list(solution).index)
    name = next(n.name for n in ast.parse(solution[first]).body if isinstance(n, ast.FunctionDef))
    endless = {**solution, first: f"def {name}(*args, **kwargs):\n    while True:  # never returns\n        pass\n"}
    crash = {**solution, first: "import os\nos._exit(1)  # kills the kernel\n"}
    for student, content in [("good", filled(release_nb, solution)), ("endless", filled(release_nb, endless)),
                             ("crash", filled(release_nb, crash)), ("not-a-notebook", None)]:
        folder = tmp_path / "submitted" / student / chapter
        folder.mkdir(parents=True)
        if content is None:
            (folder / f"{chapter}.ipynb").write_text('{"cells": [ this is not JSON')
        else:
            nbformat.write(content, folder / f"{chapter}.ipynb")

    result = nbgrader(tmp_path, "autograde", chapter, "--create", "--Execute.timeout=10", check=False)

    assert result.returncode != 0, "nbgrader should report that some submissions could not be graded"
    log = result.stdout + result.stderr
    for student in ("crash", "not-a-notebook"):
        assert f"for student '{student}'" in log, f"the error log should name {student!r}"
    points = _test_cells(release_nb)
    good = scores(tmp_path, chapter, "good")
    assert {gid: good[gid][0] for gid in points} == points
    # Each call of the endless function is interrupted after the timeout; the notebook runs on.
    stuck = scores(tmp_path, chapter, "endless")
    assert stuck[f"{first}-tests"][0] == 0
    graded_nb = course.read(tmp_path / "autograded" / "endless" / chapter / f"{chapter}.ipynb")
    assert all(c.execution_count for c in graded_nb.cells if c.cell_type == "code" and c.source.strip()), \
        "grading should go on past an interrupted cell, to the end of the notebook"
