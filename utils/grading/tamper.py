"""The out-of-kernel half of tamper detection: reading a submission's code before it runs.

A graded notebook is ordinary learner code: functions, loops, plotting, printing, warnings, a few
magics, and imports of the libraries the course uses. Code that changes *how later cells run* or
*what the tests rely on* is tampering, and this module finds it by reading the code (it never runs
it), so a kernel the student controls cannot hide it:

- the tools of reaching into the interpreter (below): ``exec``, ``globals``, frames, hooks ...;
- the tools: ``exec``, ``eval``, ``compile``, ``__import__``, ``globals``, ``vars``,
  ``setattr``, ``delattr``, ``get_ipython`` (but the allowed magics), frame and code attributes,
  most dunder attributes, ``sys.settrace`` and the like, and IPython's input history (``In``,
  ``_ih``, ...), which holds the source of the test cells as they run;
- changing an imported module, class or function (``np.allclose = ...``, ``checks.fail = ...``);
- rebinding a module, class, function or builtin the tests use (``checks``, ``np``, ``KMeans``,
  ``len``), at the top level or ``global``. Rebinding the instructor's *data*
  (``fish = fish.dropna()``) is ordinary, and allowed;
- classes that redefine how their objects compare, convert or present themselves to numpy
  (``__eq__``, ``__array__``, ``__class__``, ...): that is how a return value lies to a check;
- magics other than :data:`ALLOWED_MAGICS`, and shell commands; the code that an allowed magic
  (``%time``, ``%timeit``) or ``timeit`` runs from a string is read like any other.

An import outside :data:`ALLOWED_IMPORTS` (``builtins``, ``IPython``, ``ctypes``, ``gc``, ``inspect``,
``importlib``, ``signal``, ``threading``, ``ast`` ... are how a cell reaches into the interpreter; others
are simply not the course's) is not tampering: :func:`imports_not_allowed` finds it, and the grader
does not run that cell, which costs only the exercise whose code it holds.

:func:`cell_problems` returns, for a student cell, the reasons it tampers (empty if none).
"""

from __future__ import annotations

import ast
import builtins
import re

from IPython.core.inputtransformer2 import TransformerManager

ALLOWED_IMPORTS = {
    "numpy", "pandas", "scipy", "sklearn", "matplotlib", "seaborn", "threadpoolctl", "math", "cmath",
    "statistics", "random", "itertools", "functools", "collections", "operator", "heapq", "bisect",
    "typing", "dataclasses", "enum", "numbers", "fractions", "decimal", "copy", "string", "re", "textwrap",
    "time", "datetime", "warnings", "json", "csv", "pathlib", "os", "sys", "pprint", "IPython.display",
    "utils.checks", "utils.datasets", "utils.plots",
    # what the lessons and tasks use or suggest (tests/test_sandbox.py reads all the notebooks to check)
    "difflib", "timeit", "tracemalloc",
}
# What to use instead of a module graded code may not import (the default for those not listed).
INSTEAD = {
    None: "NumPy, pandas, SciPy, scikit-learn, or the standard modules the lessons use (math, itertools, "
          "collections, difflib, ...)",
    "tqdm": "a plain loop: graded code needs no progress bar",
    "torch": "NumPy arrays", "tensorflow": "NumPy arrays", "jax": "NumPy arrays", "numba": "vectorised NumPy",
    "statsmodels": "SciPy or scikit-learn", "umap": "sklearn.manifold.TSNE, as in the lesson",
    "inspect": "the estimator's own attributes (KMeans().n_init, model.get_params())",
    "pickle": "the data the setup cell loads", "joblib": "the data the setup cell loads",
    "requests": "the data the setup cell loads (graded code has no network)",
    "urllib": "the data the setup cell loads (graded code has no network)",
}


def instead_of(module: str) -> str:
    """What to use instead of a module graded code may not import."""
    return INSTEAD.get(module.split(".")[0], INSTEAD[None])
ALLOWED_MAGICS = {"time", "timeit", "matplotlib", "who", "whos", "pinfo", "pinfo2"}
FORBIDDEN_NAMES = {"exec", "eval", "compile", "__import__", "globals", "vars", "setattr", "delattr",
                   "__builtins__", "breakpoint", "__loader__", "__spec__",
                   # IPython's input history, which holds the source of every cell run so far, tests included
                   "In", "Out", "_ih", "_oh", "_i", "_ii", "_iii", "_dh"}
# Attributes that reach into the interpreter (frames, code, namespaces, hooks).
FORBIDDEN_ATTRIBUTES = {
    "f_back", "f_globals", "f_locals", "f_builtins", "f_code", "f_trace", "tb_frame", "tb_next", "gi_frame",
    "gi_code", "cr_frame", "cr_code", "ag_frame", "co_code", "settrace", "setprofile", "_getframe",
    "excepthook", "displayhook", "breakpointhook", "modules", "meta_path", "path_hooks", "addaudithook",
    "set_custom_exc", "input_transformers_cleanup", "input_transformers_post", "ast_transformers",
    "register_magic_function", "patch",  # (unittest.mock's patch is setattr by another name)
}
ALLOWED_DUNDERS = {"__name__", "__doc__", "__init__", "__version__", "__file__", "__len__", "__repr__",
                   "__str__", "__iter__", "__next__", "__contains__", "__getitem__"}
# Special methods through which a returned object could answer a check's questions with lies.
FORBIDDEN_SPECIAL_METHODS = {
    "__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__bool__", "__hash__", "__float__",
    "__int__", "__index__", "__complex__", "__class__", "__instancecheck__", "__subclasscheck__",
    "__array__", "__array_ufunc__", "__array_function__", "__array_interface__", "__array_struct__",
    "__array_priority__", "__array_finalize__", "__array_wrap__", "__getattr__", "__getattribute__",
    "__setattr__", "__del__", "__init_subclass__", "__set_name__", "__class_getitem__",
}
BUILTIN_NAMES = set(dir(builtins))


def _python(source: str) -> ast.Module | None:
    """The cell as Python (magics turned into calls, as IPython runs them); None if it does not parse."""
    try:
        return ast.parse(TransformerManager().transform_cell(source))
    except (SyntaxError, ValueError):
        return None  # it fails when it runs, and changes nothing


def _root_name(node) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, ast.ListComp, ast.SetComp,
           ast.DictComp, ast.GeneratorExp)


def _bound_at_top(tree: ast.Module, *, imports: bool = True) -> set[str]:
    """Names a cell binds in the notebook's namespace (not inside functions, classes or comprehensions)."""
    names = {n for node in ast.walk(tree) if isinstance(node, ast.Global) for n in node.names}
    for stmt in tree.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(stmt.name)
            continue
        stack = [stmt]
        while stack:
            node = stack.pop()
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                if imports:
                    names.update(_import_targets(node))
            elif isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
                names.add(node.id)
            elif isinstance(node, ast.NamedExpr):
                names.add(node.target.id)
            stack += [child for child in ast.iter_child_nodes(node) if not isinstance(child, _SCOPES)]
    return names


def _import_targets(node) -> dict[str, str]:
    """{name bound: what it is bound to} for one import statement (``import numpy as np`` -> np: numpy)."""
    if isinstance(node, ast.Import):
        return {(a.asname or a.name.split(".")[0]): (a.name if a.asname else a.name.split(".")[0]) for a in node.names}
    return {(a.asname or a.name): f"{'.' * node.level}{node.module or ''}.{a.name}" for a in node.names}


def _top_level_imports(tree: ast.Module) -> dict[str, str]:
    found = {}
    for stmt in tree.body:
        for node in ast.walk(stmt) if not isinstance(stmt, _SCOPES[:3]) else ():
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                found.update(_import_targets(node))
    return found


def _imported_names(tree: ast.Module) -> set[str]:
    return {(a.asname or a.name).split(".")[0] for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))
            for a in n.names}


def _modules(node) -> list[str]:
    """The modules an import statement imports (``from a import b`` may import the module a.b)."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    return [f"{node.module}.{a.name}" for a in node.names]


def _allowed(module: str) -> bool:
    parts = module.split(".")
    return any(".".join(parts[:i]) in ALLOWED_IMPORTS for i in range(1, len(parts) + 1))


def _magic_problems(call: ast.Call) -> list[str]:
    """`get_ipython().<method>(...)`: only the allowed magics."""
    method = call.func.attr if isinstance(call.func, ast.Attribute) else None
    if method in ("run_line_magic", "run_cell_magic") and call.args and isinstance(call.args[0], ast.Constant):
        name = call.args[0].value
        return [] if name in ALLOWED_MAGICS else [f"uses the %{name} magic, which graded code may not use"]
    if method in ("system", "getoutput"):
        return ["runs a shell command"]
    return ["uses get_ipython(), which changes the kernel that grades the notebook"]


def _magic_calls(tree: ast.Module) -> list[ast.Call]:
    """The `get_ipython().<method>(...)` calls IPython turned the cell's magics into."""
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Call) and getattr(node.func.value.func, "id", None) == "get_ipython"]


def _timeit_names(tree: ast.Module, protected: dict) -> set[str]:
    """Names bound to the timeit module or to its functions (which run code given as a string)."""
    bound = {**protected, **{name: target for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))
                             for name, target in _import_targets(n).items()}}
    return {name for name, target in bound.items() if target and target.split(".")[0] == "timeit"}


def _embedded_code(tree: ast.Module, protected: dict) -> list[str]:
    """Code that the cell runs from strings: the statement of %time / %timeit, and timeit's string statements."""
    found = []
    for call in _magic_calls(tree):
        if call.func.attr in ("run_line_magic", "run_cell_magic"):
            found += [a.value for a in call.args[1:] if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    timeit = _timeit_names(tree, protected)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _root_name(node.func) in timeit:
            arguments = [*node.args, *(k.value for k in node.keywords)]
            found += [a.value for a in arguments if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    return found


def imports_not_allowed(source: str, protected: dict[str, str | None] | None = None) -> list[str]:
    """The modules this cell imports that graded code may not use (the grader does not run such a cell)."""
    tree = _python(source)
    if tree is None:
        return []
    found = [module for node in ast.walk(tree) if isinstance(node, ast.Import)
             or (isinstance(node, ast.ImportFrom) and not node.level) for module in _modules(node)
             if not _allowed(module)]
    for code in _embedded_code(tree, protected or {}):
        found += imports_not_allowed(code, protected)
    return sorted(set(found), key=found.index)


def cell_problems(source: str, protected: dict[str, str | None]) -> list[str]:
    """Why this student cell counts as tampering (empty if it does not).

    ``protected`` maps the names the instructor's cells import (modules, classes, functions) to what
    they are bound to, and the builtins the tests use to None: a student cell may use them and import
    them again (``import numpy as np``), but not bind them to anything else or change them.
    """
    tree = _python(source)
    if tree is None:
        return []
    problems = []
    imported = _imported_names(tree) | set(protected)
    magic_calls = set()
    for node in _magic_calls(tree):
        problems += _magic_problems(node)
        magic_calls.add(id(node.func.value.func))
    for code in _embedded_code(tree, protected):
        problems += cell_problems(code, protected)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            problems.append("a relative import")
        elif isinstance(node, ast.Name) and id(node) not in magic_calls and (
                node.id in FORBIDDEN_NAMES or node.id == "get_ipython" or re.fullmatch(r"_i\d+", node.id)):
            problems.append(f"uses {node.id}")
        elif isinstance(node, ast.Attribute):
            name = node.attr
            if name in FORBIDDEN_ATTRIBUTES or (name.startswith("__") and name.endswith("__")
                                                and name not in ALLOWED_DUNDERS):
                problems.append(f"uses the attribute {name}")
            if isinstance(node.ctx, (ast.Store, ast.Del)) and _root_name(node) in imported:
                problems.append(f"changes {ast.unparse(node)}, which belongs to a library or the course")
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "getattr" and len(node.args) >= 2:
            attr = node.args[1]
            if not (isinstance(attr, ast.Constant) and isinstance(attr.value, str)
                    and not attr.value.startswith("__") and attr.value not in FORBIDDEN_ATTRIBUTES):
                problems.append("uses getattr with a computed or special attribute name")
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                names = [item.name] if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) else \
                    [t.id for t in getattr(item, "targets", [getattr(item, "target", None)]) if isinstance(t, ast.Name)]
                for name in names:
                    if name in FORBIDDEN_SPECIAL_METHODS:
                        problems.append(f"defines {node.name}.{name}, which changes how its objects behave in checks")
    reimported = {name for name, target in _top_level_imports(tree).items() if protected.get(name) == target}
    rebound = sorted((_bound_at_top(tree, imports=False) | (_bound_at_top(tree) - reimported)) & set(protected))
    problems += [f"rebinds {name}, which the tests use" for name in rebound]
    return sorted(set(problems), key=problems.index)


def protected_names(instructor_cells: list[str], test_cells: list[str]) -> dict[str, str | None]:
    """What student cells may not rebind: {name: what it is bound to} for the modules, classes and
    functions the instructor's cells import, and {builtin: None} for the builtins the tests use."""
    names = {}
    for source in test_cells:
        tree = _python(source)
        if tree is not None:
            names.update(dict.fromkeys({n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} & BUILTIN_NAMES))
    for source in instructor_cells:
        tree = _python(source)
        if tree is not None:
            for node in ast.walk(tree):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    names.update(_import_targets(node))
    return names
