"""The whole grading round trip, for every chapter in source/, with the course's nbgrader config.

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
Hostile and broken submissions are tests/test_adversarial.py's.
"""

import csv
import re

import nbformat
import pytest
from nbclient import NotebookClient

import course
from course import CHAPTERS


def submissions(chapter, release_nb, source_nb):
    solution = course.answers_from(source_nb)
    noisy = {gid: course.with_warnings(code) if gid in _answer_ids(source_nb) else code
             for gid, code in solution.items()}
    deleted = course.filled(release_nb, solution)
    deleted.cells = [c for c in deleted.cells if not course.is_test(c)]
    return {
        "solution": course.filled(release_nb, solution),
        "blank": release_nb,
        "wrong": course.filled(release_nb, course.hidden_wrong_answers(chapter)),
        "warning": course.filled(release_nb, noisy),
        "warning-stock-nbgrader": course.filled(release_nb, noisy),
        "deleted-cells": deleted,
    }


def _answer_ids(nb):
    return {course.grade_id(c) for c in nb.cells if course.is_answer(c)}


@pytest.fixture(scope="module", params=CHAPTERS)
def graded(request, tmp_path_factory):
    chapter = request.param
    course_dir = tmp_path_factory.mktemp(chapter)
    release_nb = course.new_course(course_dir, chapter)
    source_nb = course.source_notebook(chapter)
    for student, nb in submissions(chapter, release_nb, source_nb).items():
        folder = course_dir / "submitted" / student / chapter
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{chapter}.ipynb")
    # Stock nbgrader first, on its own student, to show what the course's configuration fixes.
    course.nbgrader(course_dir, "autograde", chapter, "--create", "--student", "warning-stock-nbgrader",
             "--IgnorePattern.enabled=False")
    course.nbgrader(course_dir, "autograde", chapter, "--create",
             "--CourseDirectory.student_id_exclude=warning-stock-nbgrader")
    course.nbgrader(course_dir, "generate_feedback", chapter)
    course.nbgrader(course_dir, "export")
    return chapter, course_dir, source_nb, release_nb


def _test_cells(nb):
    return {course.grade_id(c): c.metadata.nbgrader.points for c in nb.cells if course.is_test(c)}


def _manual_cells(nb):
    return {course.grade_id(c): c.metadata.nbgrader.points for c in nb.cells if course.is_manual(c)}


def test_solution_gets_every_autograded_point(graded):
    chapter, course_dir, source_nb, _ = graded
    got = course.scores(course_dir, chapter, "solution")
    assert {gid: got[gid][0] for gid in _test_cells(source_nb)} == _test_cells(source_nb)
    for gid in _manual_cells(source_nb):
        assert got[gid][2], f"{gid}: an answered manual question must wait for the instructor"


def test_blank_release_gets_zero(graded):
    chapter, course_dir, source_nb, _ = graded
    got = course.scores(course_dir, chapter, "blank")
    for gid in [*_test_cells(source_nb), *_manual_cells(source_nb)]:
        assert got[gid][0] == 0, f"{gid}: the untouched release scored {got[gid][0]}"


def test_wrong_answers_lose_their_hidden_test_points(graded):
    chapter, course_dir, source_nb, _ = graded
    got = course.scores(course_dir, chapter, "wrong")
    tested_by = {f"{gid}-tests": gid for gid in course.hidden_wrong_answers(chapter)}
    assert set(tested_by) == set(_test_cells(source_nb)), \
        "tests/wrong_answers/ must have one wrong answer for every autograded exercise"
    assert {gid: got[gid][0] for gid in tested_by} == dict.fromkeys(tested_by, 0)


def test_wrong_answers_pass_the_visible_tests(graded):
    """Each wrong answer is plausible: the tests the student can see do not catch it."""
    chapter, course_dir, _, release_nb = graded
    nb = course.filled(release_nb, course.hidden_wrong_answers(chapter))
    NotebookClient(nb, timeout=120, allow_errors=True,
                   resources={"metadata": {"path": str(course_dir)}}).execute(env=course.INSTRUCTOR_ENV)
    failures = {course.grade_id(c): o.get("evalue", "") for c in nb.cells if course.is_test(c)
                for o in c.outputs if o.output_type == "error"}
    assert failures == {}, f"visible tests catch these wrong answers: {failures}"


def test_library_warnings_do_not_cost_points(graded):
    chapter, course_dir, source_nb, _ = graded
    points = _test_cells(source_nb)
    got = course.scores(course_dir, chapter, "warning")
    assert {gid: got[gid][0] for gid in points} == points
    stock = course.scores(course_dir, chapter, "warning-stock-nbgrader")
    assert {gid: stock[gid][0] for gid in points} == dict.fromkeys(points, 0), \
        "stock nbgrader was expected to give 0 to every test cell with a warning on stderr"


def test_deleted_test_cells_are_restored_and_graded(graded):
    chapter, course_dir, source_nb, _ = graded
    got = course.scores(course_dir, chapter, "deleted-cells")
    assert {gid: got[gid][0] for gid in _test_cells(source_nb)} == _test_cells(source_nb)


def test_feedback_shows_no_hidden_test_and_no_solution(graded):
    chapter, course_dir, source_nb, _ = graded
    secrets = course.secret_lines(source_nb)
    assert secrets, "the source should have solutions and hidden tests to hide"
    for student in ("wrong", "blank", "solution"):
        text = course.feedback_text(course_dir, chapter, student)
        assert "HIDDEN TESTS" not in text
        submitted = course.read(course_dir / "submitted" / student / chapter / f"{chapter}.ipynb")
        own = "\n".join(c.source for c in submitted.cells)  # a student may see their own code
        leaked = [line for line in secrets if line in text and line not in own]
        assert not leaked, f"feedback for {student!r} gives away: {leaked[:3]}"


def test_feedback_explains_failures(graded):
    """Each failed hidden test says which exercise and which check failed, with a hint, and nothing more."""
    chapter, course_dir, source_nb, _ = graded
    text = course.feedback_text(course_dir, chapter, "wrong")
    assert "Traceback" not in text
    for number in course.exercise_numbers(source_nb).values():
        found = re.search(rf"CheckFailed: Exercise {number} \(.*?\n(Hint: .+)?", text)
        assert found, f"the feedback should say that a check of Exercise {number} failed"
    assert "Hint:" in text


def test_grades_export(graded):
    chapter, course_dir, source_nb, _ = graded
    with open(course_dir / "grades.csv") as f:
        rows = {r["student_id"]: r for r in csv.DictReader(f) if r["assignment"] == chapter}
    total = sum(_test_cells(source_nb).values()) + sum(_manual_cells(source_nb).values())
    assert float(rows["solution"]["max_score"]) == total
    assert float(rows["solution"]["score"]) == sum(_test_cells(source_nb).values())
    assert float(rows["blank"]["score"]) == 0
