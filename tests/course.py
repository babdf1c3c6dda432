"""What the tests need to know about the course's notebooks: chapters, cell kinds, regions."""

import ast
import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted(p.name for p in (ROOT / "source").iterdir() if (p / f"{p.name}.ipynb").is_file())
LESSONS = sorted((ROOT / "notebooks").glob("*.ipynb"))


NBGRADER = str(Path(sys.executable).with_name("nbgrader"))
# The instructor's kernels, not the test suite's strict-warnings ones.
INSTRUCTOR_ENV = {k: v for k, v in os.environ.items() if k != "IPYTHONDIR"}
INSTRUCTOR_ENV["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"  # for alembic


def nbgrader(course_dir, *args, check=True):
    """Run an nbgrader command in a course folder, as an instructor would."""
    result = subprocess.run([NBGRADER, *args], cwd=course_dir, env=INSTRUCTOR_ENV, capture_output=True, text=True,
                            timeout=1800)
    if check and result.returncode:
        pytest.fail(f"nbgrader {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def new_course(course_dir, chapter):
    """A course folder with one chapter's source, released; returns the release notebook."""
    shutil.copy(ROOT / "nbgrader_config.py", course_dir)
    shutil.copytree(ROOT / "source" / chapter, course_dir / "source" / chapter)
    nbgrader(course_dir, "generate_assignment", chapter, "--force")
    return read(course_dir / "release" / chapter / f"{chapter}.ipynb")


def scores(course_dir, chapter, student):
    """{grade_id: (auto_score, max_score, needs_manual_grade)} from the gradebook."""
    with Gradebook(f"sqlite:///{Path(course_dir) / 'gradebook.db'}") as gb:
        nb = gb.find_submission_notebook(chapter, chapter, student)
        return {g.name: (g.auto_score, g.max_score, g.needs_manual_grade) for g in nb.grades}


def feedback_text(course_dir, chapter, student):
    """The text a student reads in their feedback page (no markup, no styles or scripts)."""
    page = (Path(course_dir) / "feedback" / student / chapter / f"{chapter}.html").read_text()
    page = re.sub(r"<(style|script)\b.*?</\1>", "", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def read(path):
    return nbformat.read(path, as_version=4)


def source_notebook(chapter):
    return read(ROOT / "source" / chapter / f"{chapter}.ipynb")


def release_notebook(chapter):
    return read(ROOT / "release" / chapter / f"{chapter}.ipynb")


def meta(cell):
    return cell.metadata.get("nbgrader", {})


def is_answer(cell):
    """An autograded answer cell: code the student writes, graded by a test cell."""
    return cell.cell_type == "code" and bool(meta(cell).get("solution")) and not meta(cell).get("grade")


def is_test(cell):
    """An autograded test cell: locked, with points."""
    return cell.cell_type == "code" and bool(meta(cell).get("grade")) and not meta(cell).get("solution")


def is_manual(cell):
    """A manually graded answer: the student writes it, the instructor grades it."""
    return bool(meta(cell).get("solution")) and bool(meta(cell).get("grade"))


def grade_id(cell):
    return meta(cell).get("grade_id")


def region(text, begin, end):
    """The lines strictly between `begin` and `end` markers, for every such region in text."""
    return re.findall(rf"^[ \t]*### {begin}[^\n]*\n(.*?)^[ \t]*### {end}", text, flags=re.M | re.S)


def secret_lines(nb):
    """Lines found only in solutions, hidden tests and model answers of a source notebook.

    Lines that also appear in what students are given (task text, visible tests, setup) are not
    secrets, however specific they look.
    """
    secret, public = set(), []
    for cell in nb.cells:
        text = cell.source
        if is_answer(cell):
            secret.update(line for b in region(text, "BEGIN SOLUTION", "END SOLUTION") for line in telling_lines(b))
            text = re.sub(r"### BEGIN SOLUTION.*?### END SOLUTION", "", text, flags=re.S)
        elif is_test(cell):
            secret.update(line for b in region(text, "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
                          for line in telling_lines(b))
            text = re.sub(r"### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS", "", text, flags=re.S)
        elif is_manual(cell):
            secret.update(line.strip() for line in text.splitlines() if len(line.strip()) >= 40)
            text = ""
        public.append(text)
    public = "\n".join(public)
    return sorted(line for line in secret if line not in public)


def telling_lines(code):
    """Lines of code long and specific enough that finding one elsewhere means it leaked."""
    lines = (line.strip() for line in code.splitlines())
    return [line for line in lines if len(line) >= 20 and not line.startswith("#")]


def answers_from(source_nb):
    """{grade_id: source} of the instructor's answers (autograded and manual)."""
    return {grade_id(c): c.source for c in source_nb.cells if is_answer(c) or is_manual(c)}


def filled(release_nb, answers):
    """A copy of the release notebook with the given answer cells replaced."""
    nb = nbformat.from_dict(release_nb)
    for cell in nb.cells:
        if grade_id(cell) in answers:
            cell.source = answers[grade_id(cell)]
    return nb


def _wrong_answer_sections(chapter):
    """[(answer grade_id, kind, code)] from tests/wrong_answers/<chapter>.py; kind is "pitfall" or "hidden".

    A section starts with ``# %% <grade_id> pitfall`` (the exercise's headline mistake, which a
    visible check catches) or ``# %% <grade_id>`` (a mistake that only the hidden tests catch).
    """
    text = (ROOT / "tests" / "wrong_answers" / f"{chapter}.py").read_text()
    parts = re.split(r"^# %% (\S+)(?:[ \t]+(pitfall))?[ \t]*$", text, flags=re.M)
    return [(parts[i], parts[i + 1] or "hidden", parts[i + 2].strip("\n") + "\n") for i in range(1, len(parts), 3)]


def hidden_wrong_answers(chapter):
    """{answer grade_id: code}: for each exercise, a wrong answer that only the hidden tests catch."""
    return {gid: code for gid, kind, code in _wrong_answer_sections(chapter) if kind == "hidden"}


def pitfalls(chapter):
    """{answer grade_id: [code, ...]}: each exercise's headline mistakes, which a visible check catches."""
    found = {}
    for gid, kind, code in _wrong_answer_sections(chapter):
        if kind == "pitfall":
            found.setdefault(gid, []).append(code)
    return found


def exercise_numbers(nb):
    """{answer grade_id: N} from the ``### Exercise N: ...`` heading in the markdown cell before each answer."""
    numbers = {}
    for before, cell in zip(nb.cells, nb.cells[1:]):
        if is_answer(cell):
            found = re.search(r"^### Exercise (\d+):", before.source, flags=re.M)
            numbers[grade_id(cell)] = int(found.group(1)) if found else None
    return numbers


def tests_of(nb, answer_gid):
    """The test cell of an answer cell."""
    return next(c for c in nb.cells if is_test(c) and grade_id(c) == f"{answer_gid}-tests")


def with_warnings(code):
    """The same code, with every top-level function first emitting a warning, as libraries do.

    `stacklevel=2` attributes the warning to the caller (the test cell), as pandas and
    scikit-learn do for their deprecation and convergence warnings.
    """
    tree = ast.parse(code)
    warn = ast.parse('import warnings\nwarnings.warn("simulated library warning", UserWarning, stacklevel=2)').body
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            has_docstring = isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
            node.body[int(has_docstring):int(has_docstring)] = warn
    return ast.unparse(tree) + "\n"


def setup_imports(nb):
    """{name: an import statement that binds it} for the names the locked cells of nb import."""
    found = {}
    for cell in nb.cells:
        if cell.cell_type == "code" and meta(cell).get("locked"):
            for node in ast.walk(ast.parse(cell.source)):
                if isinstance(node, ast.Import):
                    for alias in node.names:
                        found[alias.asname or alias.name.split(".")[0]] = ast.unparse(ast.Import([alias]))
                elif isinstance(node, ast.ImportFrom):
                    for alias in node.names:
                        found[alias.asname or alias.name] = ast.unparse(ast.ImportFrom(node.module, [alias], 0))
    return found


def with_imports_inside(code, imports):
    """The same code, with every top-level function importing, first thing, the setup's names it uses."""
    tree = ast.parse(code)
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            used = sorted({n.id for n in ast.walk(node) if isinstance(n, ast.Name)} & set(imports))
            has_docstring = isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
            node.body[int(has_docstring):int(has_docstring)] = [ast.parse(imports[name]).body[0] for name in used]
    return ast.unparse(tree) + "\n"
