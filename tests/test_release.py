"""release/ is what `make release` makes from source/ today, and gives nothing away."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import course
from course import CHAPTERS, ROOT

# nbgrader runs alembic from the environment by name.
ENV = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    """release/ regenerated from source/ in a copy of the course."""
    course_dir = tmp_path_factory.mktemp("course")
    shutil.copy(ROOT / "nbgrader_config.py", course_dir)
    shutil.copytree(ROOT / "source", course_dir / "source")
    for chapter in CHAPTERS:
        subprocess.run([str(Path(sys.executable).with_name("nbgrader")), "generate_assignment", chapter, "--force"],
                       cwd=course_dir, check=True, capture_output=True, env=ENV)
    return course_dir / "release"


def test_every_chapter_is_released():
    released = sorted(p.name for p in (ROOT / "release").iterdir() if p.is_dir())
    assert released == CHAPTERS


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_release_is_current(chapter, regenerated):
    fresh = course.read(regenerated / chapter / f"{chapter}.ipynb")
    committed = course.release_notebook(chapter)
    assert committed == fresh, f"release/{chapter} is stale: run `make release` and commit release/"
    extra = {p.name for p in (ROOT / "release" / chapter).iterdir()} ^ {p.name for p in (regenerated / chapter).iterdir()}
    assert not extra, f"release/{chapter} and a fresh release differ in files: {extra}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_release_has_no_solution_and_no_hidden_test(chapter):
    source, release = course.source_notebook(chapter), course.release_notebook(chapter)
    text = "\n".join(c.source for c in release.cells)
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
        assert marker not in text
    secret = course.secret_lines(source)
    assert secret, "the source should have solutions and hidden tests to hide"
    leaked = [line for line in secret if line in text]
    assert not leaked, f"release/{chapter} gives these away: {leaked[:5]}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_release_answers_are_stubs(chapter):
    for cell in course.release_notebook(chapter).cells:
        if course.is_answer(cell):
            assert "raise NotImplementedError" in cell.source, course.grade_id(cell)
        if course.is_manual(cell):
            assert cell.source.strip() == "YOUR ANSWER HERE", course.grade_id(cell)
