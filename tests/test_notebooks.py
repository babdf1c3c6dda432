"""Static checks of every notebook: the course's conventions, which nbval (executing them) does not see.

Execution itself is nbval's job: `make test` runs every notebook in notebooks/ and source/.
"""

import ast
import re
from collections import Counter

import pytest

import course
from course import CHAPTERS, LESSONS, ROOT

ALL_NOTEBOOKS = LESSONS + [ROOT / "source" / c / f"{c}.ipynb" for c in CHAPTERS]

# Calls whose result depends on a random state unless one is given.
NEEDS_RANDOM_STATE = {
    "KMeans", "MiniBatchKMeans", "BisectingKMeans", "make_blobs", "make_moons", "make_circles",
    "make_classification", "TSNE", "NMF", "TruncatedSVD", "GaussianMixture", "BayesianGaussianMixture",
    "LatentDirichletAllocation", "train_test_split", "SpectralClustering", "kmeans_plusplus",
    "MDS", "Isomap", "shuffle", "resample",
}
# numpy's legacy global-state random functions: use a seeded np.random.default_rng(...) instead.
LEGACY_NUMPY_RANDOM = {"rand", "randn", "randint", "random", "seed", "choice", "normal", "uniform",
                       "permutation", "shuffle", "random_sample"}


def _code(nb):
    """The notebook's code, with IPython magics and shell escapes blanked out."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            yield cell, re.sub(r"^\s*[%!].*$", "", cell.source, flags=re.M)


def _call_name(node):
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: p.name)
def test_every_random_call_is_seeded(path):
    unseeded = []
    for cell, code in _code(course.read(path)):
        tree = ast.parse(code)
        # `KMeans().get_params()` only reads the defaults: nothing random runs.
        read_only = {id(n.func.value) for n in ast.walk(tree) if isinstance(n, ast.Call)
                     and isinstance(n.func, ast.Attribute) and n.func.attr == "get_params"}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or id(node) in read_only:
                continue
            name, kwargs = _call_name(node), {k.arg for k in node.keywords}
            line = ast.get_source_segment(code, node).splitlines()[0]
            given_start = any(k.arg == "init" and not isinstance(k.value, ast.Constant) for k in node.keywords)
            if (name in NEEDS_RANDOM_STATE and "random_state" not in kwargs and None not in kwargs
                    and not given_start):  # K-Means from given starting centres is deterministic
                unseeded.append(line)
            if name == "default_rng" and not node.args and "seed" not in kwargs:
                unseeded.append(line)
            func = node.func
            if (name in LEGACY_NUMPY_RANDOM and isinstance(func, ast.Attribute)
                    and isinstance(func.value, ast.Attribute) and func.value.attr == "random"):
                unseeded.append(line)
    assert not unseeded, f"{path.name}: unseeded random calls: {unseeded}"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lessons_have_their_outputs_and_no_warnings(path):
    nb = course.read(path)
    code_cells = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    assert all(c.execution_count for c in code_cells), f"{path.name}: run it and save it with outputs"
    counts = [c.execution_count for c in code_cells]
    assert counts == list(range(1, len(counts) + 1)), f"{path.name}: outputs are from an out-of-order run"
    for cell in code_cells:
        for out in cell.outputs:
            assert out.output_type != "error", f"{path.name}: stored error in\n{cell.source}"
            assert not (out.output_type == "stream" and out.name == "stderr"), \
                f"{path.name}: stored stderr (a warning?) in\n{cell.source}\n{out.text}"
    assert any("image/png" in o.get("data", {}) for c in code_cells for o in c.outputs), "a lesson has figures"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lessons_ask_learners_to_predict_before_they_run(path):
    """At least two paragraphs starting **Predict.**, each in the markdown cell right before the code
    cell that shows the answer."""
    cells = course.read(path).cells
    prompts = [i for i, c in enumerate(cells)
               if c.cell_type == "markdown" and re.search(r"^\*\*Predict\.\*\*", c.source, flags=re.M)]
    assert len(prompts) >= 2, f"{path.name}: a lesson asks the learner to predict at least twice"
    for i in prompts:
        assert i + 1 < len(cells) and cells[i + 1].cell_type == "code", \
            f"{path.name}: the cell after a Predict prompt runs the code that answers it"


def test_every_chapter_has_a_lesson():
    assert {p.stem for p in LESSONS} >= set(CHAPTERS)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_assignment_shape(chapter):
    nb = course.source_notebook(chapter)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "clear the source's outputs"
    for cell in nb.cells:
        if course.meta(cell):
            assert course.meta(cell)["schema_version"] == 3
    answers = [i for i, c in enumerate(nb.cells) if course.is_answer(c)]
    assert len(answers) >= 4, "an assignment has at least 4 autograded exercises"
    assert sum(course.is_manual(c) for c in nb.cells) >= 1, "and at least 1 manually graded question"
    code_cells = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    for i in answers:
        answer = nb.cells[i]
        tests = nb.cells[code_cells[code_cells.index(i) + 1]]
        gid = course.grade_id(answer)
        assert course.is_test(tests) and course.grade_id(tests) == f"{gid}-tests", \
            f"{gid}: the next code cell must be its test cell, `{gid}-tests`"
        assert tests.metadata.nbgrader["locked"] and tests.metadata.nbgrader["points"] > 0
        solution = course.region(answer.source, "BEGIN SOLUTION", "END SOLUTION")
        assert solution, gid
        assert solution[0].lstrip().startswith("# Pitfall: "), \
            f"{gid}: the solution starts with `# Pitfall: ...`, naming the exercise's headline mistake"
        assert course.region(tests.source, "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"), f"{gid}: no hidden tests"
        visible = tests.source.split("### BEGIN HIDDEN TESTS")[0]
        assert "checks." in visible, f"{gid}: visible tests should use utils.checks for their messages"
        number = course.exercise_numbers(nb)[gid]
        assert re.match(rf'with checks\.exercise\({number}, "[^"]+"\):\n', tests.source), \
            f'{gid}: the test cell runs inside `with checks.exercise({number}, "<title>"):`, so messages name it'
        assert nb.cells[i - 1].cell_type == "markdown" and "points" in nb.cells[i - 1].source, \
            f"{gid}: a markdown cell stating the task and its points comes first"


def test_grade_ids_are_unique_across_the_course():
    ids = Counter(course.grade_id(c) for chapter in CHAPTERS for c in course.source_notebook(chapter).cells
                  if course.grade_id(c))
    assert [gid for gid, n in ids.items() if n > 1] == []
