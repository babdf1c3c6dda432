"""The grading kernel's sandbox, and both halves of tamper detection, one piece at a time.

tests/test_adversarial.py grades whole hostile submissions; these tests pin down each mechanism:
what a sandboxed kernel can reach, what the static scan flags (and what ordinary code it leaves
alone), and what the in-kernel guard notices when the static scan is out of the way.
"""

import ast
import re
import sys

import pytest
from nbformat.v4 import new_code_cell, new_notebook

import course
from utils.grading import tamper
from utils.grading.preprocessors import GuardedExecute


# --- the static scan ------------------------------------------------------------------------------

PROTECTED = {"np": "numpy", "pd": "pandas", "checks": "utils.checks", "KMeans": "sklearn.cluster.KMeans",
             "datasets": "utils.datasets", "len": None, "isinstance": None}

ORDINARY = {
    "a function": "def centres(X, labels):\n    import numpy as np\n    return np.array([X[labels == k].mean(0) for k in set(labels)])",
    "plotting": "%matplotlib inline\nimport matplotlib.pyplot as plt\nfig, ax = plt.subplots()\nax.plot([1, 2])\nplt.show()",
    "printing and warnings": "import warnings\nprint('hello')\nwarnings.warn('careful')",
    "timing magics": "%timeit sum(range(10))\n%time x = 1",
    "a helper and a loop": "def helper(x):\n    return x * 2\nresults = [helper(i) for i in range(3)]\nfor k in range(3):\n    pass",
    "new data from old": "fish = fish.dropna()\nX = fish.drop(columns='species').to_numpy()",
    "allowed imports": "from sklearn.cluster import DBSCAN\nimport scipy.cluster.hierarchy as sch\nfrom collections import Counter\nimport os, sys, math",
    "sys.exit": "import sys\nsys.exit(0)",
    "a syntax error": "def broken(:\n    pass",
    "a local named like a builtin": "def f(values):\n    len = 3\n    return len",
    "the setup's imports again": "import numpy as np\nimport pandas as pd\nfrom utils import checks\n"
                                 "from sklearn.cluster import KMeans",
}

TAMPERING = {
    "an input transformer": ("get_ipython().input_transformers_post.append(lambda lines: lines)", "get_ipython"),
    "an AST transformer": ("ip = get_ipython()\nip.ast_transformers.append(None)", "ast_transformers"),
    "a custom exception handler": ("get_ipython().set_custom_exc((Exception,), print)", "set_custom_exc"),
    "a forbidden magic": ("%xmode Minimal", "%xmode"),
    "a shell command": ("!cat /etc/passwd", "shell command"),
    "a trace hook": ("import sys\nsys.settrace(print)", "settrace"),
    "patched checks": ("checks.assert_close = print", "changes checks.assert_close"),
    "patched numpy": ("import numpy\nnumpy.isclose = print", "changes numpy.isclose"),
    "a fake checks": ("class checks:\n    pass", "rebinds checks"),
    "another module as np": ("import pandas as np", "rebinds np"),
    "an import, then a fake": ("import numpy as np\nnp = None", "rebinds np"),
    "a rebound builtin": ("isinstance = lambda *a: True", "rebinds isinstance"),
    "a global rebinding": ("def f():\n    global np\n    np = None", "rebinds np"),
    "exec": ("exec('x = 1')", "uses exec"),
    "computed getattr": ("getattr(checks, 'assert' + '_close')", "getattr"),
    "frames": ("def f(e):\n    return e.__traceback__.tb_frame.f_back", "f_back"),
    "input history": ("def peek():\n    return In[-1]", "uses In"),
    "numbered history": ("def peek():\n    return _i3", "uses _i3"),
    "a lying __eq__": ("class Always:\n    def __eq__(self, other):\n        return True", "__eq__"),
    "an __array__": ("class Fake:\n    def __array__(self, dtype=None):\n        return None", "__array__"),
    "history through a magic": ("%time print(In[-1])", "uses In"),
    "exec through a cell magic": ("%%timeit\nexec('x = 1')", "uses exec"),
    "code in a timeit string": ("import timeit\ntimeit.timeit('import builtins; builtins.len = abs', number=1)",
                                "changes builtins.len"),
    "an aliased timeit": ("from timeit import repeat as r\nr('globals()', number=1)", "uses globals"),
}

# Imports of modules graded code may not use: not tampering, but the cell is not run.
NOT_ALLOWED = {
    "builtins": ("import builtins", ["builtins"]),
    "ctypes": ("import ctypes", ["ctypes"]),
    "inside a function": ("def f():\n    import difflib, pickle\n    return pickle", ["pickle"]),
    "the grading guard": ("from utils.grading import guard", ["utils.grading.guard"]),
    "inspect": ("import inspect", ["inspect"]),
    "through a magic": ("%time import linecache", ["linecache"]),
    "through timeit": ("import timeit\ntimeit.timeit('import gc', number=1)", ["gc"]),
}


@pytest.mark.parametrize("name", ORDINARY)
def test_ordinary_code_is_not_tampering(name):
    assert tamper.cell_problems(ORDINARY[name], PROTECTED) == []


@pytest.mark.parametrize("name", TAMPERING)
def test_tampering_is_found_and_named(name):
    code, phrase = TAMPERING[name]
    problems = tamper.cell_problems(code, PROTECTED)
    assert any(phrase in p for p in problems), problems


@pytest.mark.parametrize("name", NOT_ALLOWED)
def test_imports_graded_code_may_not_use_are_found_and_cost_no_tampering(name):
    code, modules = NOT_ALLOWED[name]
    assert tamper.imports_not_allowed(code, PROTECTED) == modules
    assert not [p for p in tamper.cell_problems(code, PROTECTED) if "import" in p]
    assert tamper.instead_of(modules[0])


def _modules_in(source, markdown):
    """Modules a cell imports (code), or names in backticks that are modules (markdown, and strings in code:
    the hints)."""
    found = set()
    if not markdown:
        tree = tamper._python(source)
        for node in ast.walk(tree) if tree else ():
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                found.update(f"{node.module}.{a.name}" for a in node.names)
        texts = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)] \
            if tree else []
    else:
        texts = [source]
    for text in texts:
        for span in re.findall(r"`([^`\n]+)`", text) + re.findall(r"\bimport (\w+)", text):
            name = re.match(r"\s*(?:import |from )?([A-Za-z_]\w*)(?:\.|\s|$)", span)   # not a call: array([1])
            if name and (name[1] in sys.stdlib_module_names or name[1] in INSTALLED) and name[1] not in ALIASES:
                found.add(name[1])
    return found


INSTALLED = {"numpy", "pandas", "scipy", "sklearn", "matplotlib", "seaborn", "threadpoolctl"}
ALIASES = {"np", "pd", "plt", "sns"}   # the names the course imports modules under


def test_every_module_a_lesson_task_or_hint_uses_is_allowed():
    """A learner who does what a lesson or a hint shows, importing it where they need it, keeps their points."""
    found = {}
    for path in [*course.LESSONS, *(course.ROOT / "source" / c / f"{c}.ipynb" for c in course.CHAPTERS)]:
        for cell in course.read(path).cells:
            for module in _modules_in(cell.source, cell.cell_type == "markdown"):
                found.setdefault(module, set()).add(path.stem[:2])
    assert {"difflib", "timeit", "tracemalloc", "numpy", "sklearn.cluster.KMeans"} <= set(found)
    refused = {m: sorted(where) for m, where in found.items() if tamper.imports_not_allowed(f"import {m}")
               and not m.startswith("utils")}
    assert not refused, f"graded code may not import what the course uses: {refused}"


@pytest.mark.parametrize("chapter", course.CHAPTERS)
def test_a_test_cell_copied_as_the_students_own_code_is_not_tampering(chapter):
    # A student may copy a test cell, or strip its grade flags; the copy then runs as their code, so
    # the course's own checks must never use what the scan forbids (e.g. mock.patch).
    nb = course.source_notebook(chapter)
    tests = [c for c in nb.cells if course.is_test(c)]
    protected = tamper.protected_names([c.source for c in nb.cells if c.cell_type == "code" and
                                        course.meta(c).get("locked")], [c.source for c in tests])
    found = {course.grade_id(c): tamper.cell_problems(c.source, protected) for c in tests}
    assert tests and not any(found.values()), found


def test_protected_names_are_the_instructors_imports_and_the_builtins_tests_use():
    setup = "import numpy as np\nfrom utils import checks, datasets\nfish = datasets.load_fish()"
    tests = "with checks.exercise(1, 'x'):\n    _X = np.zeros(3)\n    checks.assert_close(len(_X), 3)"
    assert tamper.protected_names([setup, tests], [tests]) == {"np": "numpy", "checks": "utils.checks",
                                                               "datasets": "utils.datasets", "len": None}


# --- the sandbox ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def fake_course(tmp_path_factory):
    """A course folder with secrets around the submission being graded."""
    root = tmp_path_factory.mktemp("course")
    for path, text in {"source/ch/ch.ipynb": "HIDDEN TESTS", "gradebook.db": "GRADES",
                       "submitted/bob/ch/ch.ipynb": "BOB'S WORK", "feedback/bob/ch/ch.html": "BOB'S FEEDBACK",
                       "release/ch/ch.ipynb": "RELEASED", "autograded/alice/ch/ch.ipynb": "HIDDEN TESTS TOO",
                       "autograded/alice/ch/data.csv": "a,b\n1,2\n"}.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    return root


def _run(cells, cwd, *, scan=True, tests=()):
    """Run code cells through GuardedExecute (as autograding does); the executed notebook.

    Cells whose index is in ``tests`` are marked as nbgrader test cells worth 1 point.
    """
    nb = new_notebook(cells=[new_code_cell(code) for code in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for i in tests:
        nb.cells[i].metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True, "points": 1,
                                            "grade_id": f"test-{i}", "schema_version": 3}
    executor = GuardedExecute(timeout=20)
    if not scan:
        executor._scan = lambda nb: ({}, {})
    executor.preprocess(nb, {"metadata": {"path": str(cwd)}, "nbgrader": {"student": "alice"}})
    return nb


def _text(cell):
    return "".join(o.get("text", "") + o.get("evalue", "") + str(o.get("data", {}).get("text/plain", ""))
                   for o in cell.outputs)


def test_the_kernel_sees_only_the_submission_and_public_files(fake_course):
    cwd = fake_course / "autograded" / "alice" / "ch"
    probes = {
        "../../../source/ch/ch.ipynb": "HIDDEN TESTS", "../../../gradebook.db": "GRADES",
        "../../../submitted/bob/ch/ch.ipynb": "BOB'S WORK", "../../../feedback/bob/ch/ch.html": "BOB'S FEEDBACK",
        "ch.ipynb": "HIDDEN TESTS TOO",
    }
    cells = [f"print(repr(open({path!r}).read()))" for path in probes]
    cells += ["print(open('data.csv').read())", "print(open('../../../release/ch/ch.ipynb').read())"]
    nb = _run(cells, cwd)
    for cell, secret in zip(nb.cells, probes.values()):
        assert secret not in _text(cell), cell.source
    assert "a,b" in _text(nb.cells[-2]), "the submission's own files are readable"
    assert "RELEASED" in _text(nb.cells[-1]), "the course's release is readable"


def test_the_kernel_writes_only_its_scratch_space(fake_course):
    cwd = fake_course / "autograded" / "alice" / "ch"
    nb = _run(["open('../../../gradebook.db', 'a').write('forged')", "open('mine.txt', 'w').write('x')",
               "open('/tmp/scratch.txt', 'w').write('ok'); print(open('/tmp/scratch.txt').read())"], cwd)
    assert nb.cells[0].outputs[0].output_type == "error" and nb.cells[1].outputs[0].output_type == "error"
    assert "ok" in _text(nb.cells[2])
    assert (fake_course / "gradebook.db").read_text() == "GRADES"


def test_the_kernel_has_no_network_and_its_limits(fake_course):
    cwd = fake_course / "autograded" / "alice" / "ch"
    nb = _run([
        "import socket\ns = socket.socket()\ns.settimeout(3)\nprint(s.connect_ex(('1.1.1.1', 53)))",
        "import os, resource\nprint(os.getuid(), resource.getrlimit(resource.RLIMIT_AS)[0], "
        "resource.getrlimit(resource.RLIMIT_NPROC)[0])",
        "x = bytearray(6 * 2**30)",
        "print('still here')",
    ], cwd, scan=False)
    assert _text(nb.cells[0]).strip() != "0", "no connection can be made"
    uid, memory, processes = map(int, _text(nb.cells[1]).split())
    assert uid != 0 and memory <= 4 * 2**30 and processes <= 4096
    assert nb.cells[2].outputs[0].ename == "MemoryError"
    assert "still here" in _text(nb.cells[3]), "a memory bomb costs its cell, not the kernel"


def test_a_fork_bomb_costs_its_cell_alone(fake_course):
    # The bomb's children are killed and reaped: a zombie still counts against the process limit, and
    # a kernel left at the limit cannot start the thread pyzmq needs to send a figure, cells later.
    nb = _run(["import os, time\nfor _ in range(100_000):\n    if os.fork() == 0:\n        time.sleep(60)\n"
               "        os._exit(0)",
               "import os\nprint(sorted(open(f'/proc/{p}/stat').read().split()[2] for p in os.listdir('/proc') "
               "if p.isdigit()))",
               "from IPython.display import display\ndisplay({'text/plain': 'x' * 500_000}, raw=True)"],
              fake_course / "autograded" / "alice" / "ch", scan=False)
    assert nb.cells[0].outputs[0].ename == "BlockingIOError"
    states = _text(nb.cells[1]).strip()
    assert "Z" not in states and states.count(",") == 1, f"only the sandbox's init and the kernel are left: {states}"
    assert [o.output_type for o in nb.cells[2].outputs] == ["display_data"]


def test_the_kernel_runs_one_thread_unless_the_instructor_says_otherwise(fake_course, monkeypatch):
    # Kernels side by side with a thread per core each make OpenMP code ten times slower.
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "2")
    nb = _run(["import os\nprint(os.environ['OMP_NUM_THREADS'], os.environ['OPENBLAS_NUM_THREADS'])"],
              fake_course / "autograded" / "alice" / "ch")
    assert _text(nb.cells[0]).split() == ["1", "2"]


# --- the in-kernel guard, with the static scan out of the way ------------------------------------

RUNTIME_TAMPERING = {
    "an input transformer": "get_ipython().input_transformers_post.append(lambda lines: lines)",
    "an AST transformer": "import ast\nget_ipython().ast_transformers.append(ast.NodeTransformer())",
    "an event callback": "get_ipython().events.register('post_run_cell', lambda result: None)",
    "a custom exception handler": "get_ipython().set_custom_exc((ValueError,), lambda *a, **k: None)",
    "a replaced traceback": "get_ipython().showtraceback = lambda *a, **k: None",
    "the traceback mode": "%xmode Minimal",
    "a trace hook": "import sys\nsys.settrace(lambda *a: None)",
    "patched builtins": "import builtins\nbuiltins.abs = lambda x: 0",
    "patched checks": "from utils import checks\nchecks.fail = lambda *a, **k: None",
    "patched numpy": "import numpy\nnumpy.isclose = lambda *a, **k: True",
}


@pytest.mark.parametrize("name", RUNTIME_TAMPERING)
def test_the_guard_notices_what_the_scan_would_miss(fake_course, name):
    cwd = fake_course / "autograded" / "alice" / "ch"
    nb = _run(["import numpy, sklearn.metrics\nfrom utils import checks", "pass", RUNTIME_TAMPERING[name], "pass"], cwd,
              scan=False, tests=(1, 3))
    assert nb.cells[1].outputs == [], "before the tampering, the test cell is trusted"
    (output,) = nb.cells[3].outputs
    assert output.ename == "TamperingDetected" and "changed the grading kernel" in output.evalue


def test_the_guard_leaves_ordinary_code_alone(fake_course):
    cwd = fake_course / "autograded" / "alice" / "ch"
    cells = ["import numpy as np\nfrom utils import checks\nimport sklearn.cluster", *ORDINARY.values(), "pass"]
    cells = [c for c in cells if "sys.exit" not in c and "fish" not in c]
    nb = _run(cells, cwd, tests=(len(cells) - 1,))
    assert nb.cells[-1].outputs == [], _text(nb.cells[-1])
