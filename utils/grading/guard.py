"""The in-kernel half of tamper detection: how the kernel runs code, recorded before any student
code runs, and a verdict, after each test cell, on whether it still runs code that way.

:class:`utils.grading.GuardedExecute` calls :func:`record` right after the grading kernel starts and
:func:`verdict` after every test cell, through ``user_expressions`` (which the kernel evaluates
outside IPython's input and AST transformers). The other half, :mod:`utils.grading.tamper`, reads
the submission's code from outside the kernel. Neither stops a student who defeats this module
itself from inside the kernel; the README's threat model says what is left.
"""

from __future__ import annotations

import sys
import threading

# Namespaces whose callables the tests use: none may be replaced. Those imported after the
# baseline (by the setup cell) may hold only their own callables.
WATCHED_MODULES = ("builtins", "utils.checks", "numpy", "numpy.linalg", "pandas", "scipy.cluster.hierarchy",
                   "scipy.spatial.distance", "scipy.optimize", "scipy.sparse", "scipy.stats", "sklearn.cluster",
                   "sklearn.metrics", "sklearn.preprocessing", "sklearn.pipeline", "sklearn.decomposition",
                   "sklearn.mixture", "sklearn.manifold", "sklearn.neighbors")
# IPython machinery a cell must not replace.
SHELL_METHODS = ("run_cell", "run_cell_async", "run_ast_nodes", "run_code", "transform_cell", "transform_ast",
                 "showtraceback", "_showtraceback", "showsyntaxerror", "showindentationerror",
                 "user_expressions", "ex", "ev", "run_line_magic", "run_cell_magic", "excepthook")
_baseline: dict | None = None


def _shell():
    from IPython import get_ipython
    return get_ipython()


def _written_by_student(obj) -> bool:
    """True for a function, method, class or callable object defined in a notebook cell."""
    obj = getattr(obj, "__func__", obj)  # a bound method's function
    if not hasattr(obj, "__code__") and not isinstance(obj, type) and callable(obj):
        obj = type(obj)  # a callable instance: judge its class
    if getattr(obj, "__module__", None) == "__main__":
        return True
    # IPython compiles each cell under a name of its own (ipykernel: <tmp>/ipykernel_<pid>/<hash>.py).
    filename = getattr(getattr(obj, "__code__", None), "co_filename", "")
    return "ipykernel_" in filename or filename.startswith("<ipython-input")


def _module_of(obj) -> str:
    obj = getattr(obj, "__func__", obj)
    return getattr(obj, "__module__", None) or getattr(type(obj), "__module__", "") or ""


def _hooks(shell) -> dict:
    """Every list of callables IPython calls around a cell, by what it is."""
    manager = shell.input_transformer_manager
    return {
        "an input transformer": [*shell.input_transformers_cleanup, *shell.input_transformers_post,
                                 *manager.cleanup_transforms, *manager.line_transforms],
        "an AST transformer": list(shell.ast_transformers),
        **{f"a callback on IPython's {name!r} event": list(callbacks)
           for name, callbacks in shell.events.callbacks.items()},
        "a custom exception handler": [shell.CustomTB] if shell.custom_exceptions else [],
    }


def _namespaces() -> dict:
    return {name: dict(vars(sys.modules[name])) for name in WATCHED_MODULES if name in sys.modules}


def record() -> str:
    """Remember how this kernel runs code. Called once, before any student code runs."""
    global _baseline
    shell = _shell()
    _baseline = {
        "hooks": {what: list(found) for what, found in _hooks(shell).items()},
        "methods": {name: (getattr(type(shell), name, None), vars(shell).get(name)) for name in SHELL_METHODS},
        "traceback display": (type(shell.InteractiveTB), getattr(shell.InteractiveTB, "mode", None),
                              type(shell.SyntaxTB)),
        "sys hooks": (sys.excepthook, sys.displayhook, type(sys.stdout), type(sys.stderr)),
        "namespaces": _namespaces(),
    }
    return "recorded"


def verdict() -> str:
    """An empty string if the kernel still runs code as recorded; else what was changed."""
    if _baseline is None:
        return "the grading guard was not started"
    shell = _shell()
    problems = []
    for what, found in _hooks(shell).items():
        before = _baseline["hooks"].get(what, [])
        added = [hook for hook in found if not any(hook is b for b in before)]
        if "event" in what:  # matplotlib's inline backend registers its own when pyplot is imported
            added = [hook for hook in added if _written_by_student(hook) or not _module_of(hook).startswith(
                ("matplotlib", "IPython", "ipykernel"))]
        if added:
            problems.append(f"{what} was installed")
    for name, (method, own) in _baseline["methods"].items():
        if getattr(type(shell), name, None) is not method or vars(shell).get(name) is not own:
            problems.append(f"IPython's {name} was replaced")
    if (type(shell.InteractiveTB), getattr(shell.InteractiveTB, "mode", None),
            type(shell.SyntaxTB)) != _baseline["traceback display"]:
        problems.append("the traceback display was changed")
    if (sys.excepthook, sys.displayhook, type(sys.stdout), type(sys.stderr)) != _baseline["sys hooks"]:
        problems.append("sys.excepthook, sys.displayhook, sys.stdout or sys.stderr was replaced")
    if any(hook is not None for hook in (sys.gettrace(), sys.getprofile(), threading.gettrace(),
                                         threading.getprofile())):
        problems.append("a tracing or profiling hook is set")
    # Replaced (or removed) names in a namespace the tests use; names added later are the library's own.
    now = _namespaces()
    for module, names in now.items():
        before = _baseline["namespaces"].get(module)
        if before is not None:
            replaced = [n for n, v in before.items() if names.get(n, _MISSING) is not v
                        and not (module == "builtins" and n in _IPYTHON_BUILTINS)]
        else:  # imported after the baseline: its callables must be the library's own
            replaced = [n for n, v in names.items() if callable(v) and _written_by_student(v)]
        if replaced:
            problems.append(f"{module} was changed ({', '.join(sorted(replaced)[:5])})")
    return "; ".join(problems)


_MISSING = object()
# Builtins IPython itself adds and removes around every cell.
_IPYTHON_BUILTINS = {"_", "__", "___", "get_ipython", "display", "exit", "quit", "__IPYTHON__"}


def recover() -> str:
    """After a cell ran out of memory or processes, let that cost the cell alone.

    Stops every process the student's code started (the sandbox's process namespace holds only
    its init, the kernel and those), and drops the failed cell's traceback, whose frames would
    otherwise keep the memory it took.
    """
    import gc
    import os
    import signal
    import time

    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) not in (1, os.getpid()):
            try:
                os.kill(int(entry), signal.SIGKILL)
            except OSError:
                pass
    # Reap them all: a zombie still counts against the process limit, and a kernel left at the limit
    # cannot start the threads pyzmq needs to send a large message (a figure) later on.
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            if os.waitpid(-1, os.WNOHANG) == (0, 0):
                time.sleep(0.01)  # killed, not yet dead
        except ChildProcessError:  # none left
            break
    sys.last_type = sys.last_value = sys.last_traceback = None
    tb = getattr(_shell(), "InteractiveTB", None)
    if tb is not None and hasattr(tb, "tb"):
        tb.tb = None
    gc.collect()
    return "recovered"
