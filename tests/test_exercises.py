"""Each exercise's visible checks catch its headline pitfall, and say which exercise failed.

For every chapter, one kernel runs the release with the instructor's answers filled in. Before each
answer cell runs, every pitfall of that exercise (tests/wrong_answers/, sections marked
``pitfall``) is put in its place and the exercise's *visible* test cell is run: it must fail with a
:class:`utils.checks.CheckFailed` whose message names the exercise ("Exercise N (...)"). Then the
correct answer and its visible tests run, and must pass.
"""

import nbformat
import pytest
from nbclient import NotebookClient

import course
from course import CHAPTERS, ROOT


def _error(client, code):
    """Run code in the client's kernel; the error output it produced, or None."""
    cell = nbformat.v4.new_code_cell(code)
    client.nb.cells = [cell]  # nbclient stores the executed cell at its index in client.nb
    client.execute_cell(cell, 0)
    return next((o for o in cell.outputs if o.output_type == "error"), None)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_exercise_has_a_pitfall(chapter):
    answers = course.exercise_numbers(course.source_notebook(chapter))
    assert set(course.pitfalls(chapter)) == set(answers), \
        f"tests/wrong_answers/{chapter}.py needs a `# %% <grade_id> pitfall` section for every exercise"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_each_pitfall_fails_a_visible_check_that_names_its_exercise(chapter):
    release = course.release_notebook(chapter)
    solutions = {course.grade_id(c): c.source for c in course.source_notebook(chapter).cells if course.is_answer(c)}
    numbers = course.exercise_numbers(release)
    pitfalls = course.pitfalls(chapter)
    client = NotebookClient(nbformat.v4.new_notebook(), timeout=120, allow_errors=True,
                            resources={"metadata": {"path": str(ROOT / "release" / chapter)}})
    problems = []
    with client.setup_kernel():
        for index, cell in enumerate(release.cells):
            if cell.cell_type != "code":
                continue
            gid = course.grade_id(cell)
            if course.is_answer(cell):
                visible_tests = course.tests_of(release, gid).source
                for code in pitfalls.get(gid, []):
                    mistake = code.splitlines()[0]
                    error = _error(client, code) or _error(client, visible_tests)
                    if error is None:
                        problems.append(f"{gid}: the visible tests pass this pitfall: {mistake}")
                    elif error.ename != "CheckFailed":
                        problems.append(f"{gid}: the pitfall {mistake!r} raised {error.ename}, not CheckFailed: "
                                        f"{error.evalue}")
                    elif f"Exercise {numbers[gid]} (" not in error.evalue:
                        problems.append(f"{gid}: the message does not name Exercise {numbers[gid]}: {error.evalue}")
                source = solutions[gid]
            else:
                source = cell.source
            error = _error(client, source)
            assert error is None, f"{chapter}, cell {index} ({gid}) fails with the instructor's answers: " \
                                  f"{error.ename}: {error.evalue}"
    assert not problems, "\n".join(problems)
