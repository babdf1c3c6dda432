"""Grade wrong variants of an answer (mutants) against its tests, each in a fork of the grading kernel.

``tools/mutants.py`` drives a sandboxed grading kernel through an assignment, as nbgrader would, and
calls :func:`run` in it before each answer cell. :func:`run` forks a *template* from the kernel, as it
stands just before the answer cell; the template runs the instructor's answer and its tests once,
recording every call the tests make of the answer's function (inputs and outputs); then, for each
mutant, it forks a fresh copy of itself that runs the mutant in place of the answer, then the tests,
hidden ones included. A mutant is *caught* when the test cell would score 0 under the course's
nbgrader configuration: it raises, or writes to stderr anything but a Python warning, or runs past
the cell time limit. A mutant that passes is compared with the instructor's answer on every recorded
call: the same outputs (or, for cluster labels, the same partition) make it *equivalent* on the
tests' inputs. No state passes between mutants, and the kernel itself is left as it was.
"""

from __future__ import annotations

import ast
import copy
import io
import json
import os
import re
import select
import signal
import sys
import time

import numpy as np

_LITERALS = (bool, int, float, str, type(None))


class _Recorder:
    """A profile hook that records the inputs and the output of every call of one function's code."""

    def __init__(self, code):
        self.code, self.calls, self._open = code, [], []
        self.previous = sys.getprofile()

    def __call__(self, frame, event, arg):
        if frame.f_code is self.code:
            if event == "call":
                names = self.code.co_varnames[:self.code.co_argcount + self.code.co_kwonlyargcount]
                self._open.append((frame, {name: _copy(frame.f_locals[name]) for name in names}))
            elif event == "return" and self._open and self._open[-1][0] is frame:
                _, inputs = self._open.pop()
                self.calls.append((inputs, _copy(arg)))


def _copy(value):
    try:
        return copy.deepcopy(value)
    except Exception:  # a generator, a module...: keep the object itself
        return value


def _same(got, expected) -> str | None:
    """"identical", "equal up to rounding", "same partition" (cluster labels under other names) or None."""
    try:
        if _equal(got, expected):
            return "identical"
        if _equal(got, expected, rtol=1e-9):
            return "equal up to rounding"
        a, b = np.asarray(got), np.asarray(expected)
        if a.shape == b.shape and a.ndim == 1 and a.dtype.kind in "iu" and b.dtype.kind in "iu":
            from utils.checks import same_partition
            if same_partition(a, b):
                return "same partition"
    except Exception:
        pass
    return None


def _equal(a, b, rtol: float = 0.0) -> bool:
    """The same value (with ``rtol``: floats equal up to that relative difference)."""
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return type(a) is type(b) and len(a) == len(b) and all(_equal(x, y, rtol) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k], rtol) for k in a)
    if hasattr(a, "equals") and type(a) is type(b):  # pandas
        if not rtol or not hasattr(a, "to_numpy"):
            return bool(a.equals(b))
        same_columns = not hasattr(a, "columns") or a.columns.equals(b.columns)
        return a.index.equals(b.index) and same_columns and _equal(a.to_numpy(), b.to_numpy(), rtol)
    if isinstance(a, (np.ndarray, np.generic, float)) or isinstance(b, (np.ndarray, np.generic, float)):
        a, b = np.asarray(a), np.asarray(b)
        if a.shape != b.shape or a.dtype.kind != b.dtype.kind and not {a.dtype.kind, b.dtype.kind} <= set("iuf"):
            return False
        if rtol and a.dtype.kind in "iufc":
            return bool(np.allclose(a, b, rtol=rtol, atol=0, equal_nan=True))
        return bool(np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
    return type(a) is type(b) and bool(a == b)


def _literal(value) -> bool:
    if isinstance(value, (tuple, list)):
        return len(value) <= 20 and all(_literal(v) for v in value)
    return isinstance(value, _LITERALS) and not (isinstance(value, float) and not np.isfinite(value))


def _shell():
    from IPython import get_ipython
    return get_ipython()


def _execute(source: str, filename: str) -> None:
    """Run a cell's code in the notebook's namespace, as IPython would (magics included)."""
    shell = _shell()
    code = shell.transform_cell(source) if shell is not None else source
    exec(compile(code, filename, "exec"), shell.user_ns if shell is not None else sys.modules["__main__"].__dict__)


def _namespace() -> dict:
    shell = _shell()
    return shell.user_ns if shell is not None else sys.modules["__main__"].__dict__


def _quiet() -> io.StringIO:
    """In a fork, nothing may reach the kernel's own output streams: send them to a buffer and /dev/null."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    buffer = io.StringIO()
    sys.stdout = io.StringIO()
    sys.stderr = buffer
    return buffer


def _ignored_parameter_mutants(answer: str, function: str, first_call: dict) -> list[dict]:
    """One mutant per parameter that the tests first pass a plain value (a number, a string...): the
    function body starts by setting the parameter to that value, whatever it is given."""
    tree = ast.parse(answer)
    mutants = []
    definition = next((n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == function), None)
    if definition is None:
        return []
    for name, value in first_call.items():
        if not _literal(value):
            continue
        mutated = copy.deepcopy(tree)
        node = next(n for n in mutated.body if isinstance(n, ast.FunctionDef) and n.name == function)
        has_docstring = isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
        node.body.insert(int(has_docstring), ast.parse(f"{name} = {value!r}").body[0])
        mutants.append({"id": f"ignores {name}", "kind": "ignores a parameter",
                        "description": f"ignores `{name}`: always {value!r}, its value in the first visible check",
                        "code": ast.unparse(mutated) + "\n"})
    return mutants


def _hard_coded_mutant(function: str) -> dict:
    return {"id": "hard-coded visible answers", "kind": "hard-coded visible answer",
            "description": "returns the instructor's outputs for the visible checks' inputs (the first one otherwise)",
            "code": f"def {function}(*args, **kwargs):\n    return __import__('utils.grading.mutation', "
                    f"fromlist=['_']).replay({function!r}, args, kwargs)\n"}


_VISIBLE_CALLS: list = []


def replay(function: str, args, kwargs):
    """The hard-coded mutant: the recorded output of the visible call with the same inputs."""
    names = list(_VISIBLE_CALLS[0][0]) if _VISIBLE_CALLS else []
    given = {**dict(zip(names, args)), **kwargs}
    for inputs, output in _VISIBLE_CALLS:
        if inputs.keys() == given.keys() and all(_equal_input(given[k], inputs[k]) for k in inputs):
            return copy.deepcopy(output)
    return copy.deepcopy(_VISIBLE_CALLS[0][1]) if _VISIBLE_CALLS else None


def _equal_input(a, b) -> bool:
    try:
        return _equal(a, b) or a is b
    except Exception:
        return a is b


class OutOfTime(BaseException):
    """The test cell ran past the grader's time limit."""


def _out_of_time(signum, frame):
    raise OutOfTime("the test cell ran past the time limit, as the grader would interrupt it")


def _grade(mutant: dict, function: str, tests: str, calls: list, limit: float, ignore: str) -> dict:
    """In a fresh fork: the mutant's verdict."""
    stderr = _quiet()
    result = {"id": mutant["id"], "verdict": "survived", "error": "", "equivalent": None}
    start = time.monotonic()
    try:
        _execute(mutant["code"], "<mutant answer>")
    except BaseException as err:
        result["answer_error"] = f"{type(err).__name__}: {err}"[:300]
    signal.signal(signal.SIGALRM, _out_of_time)
    signal.setitimer(signal.ITIMER_REAL, limit)    # as the grader interrupts a cell at its time limit
    try:
        _execute(tests, "<test cell>")
    except BaseException as err:
        result["verdict"] = "caught"
        result["error"] = f"{type(err).__name__}: {err}"[:600]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    result["seconds"] = round(time.monotonic() - start, 3)
    if result["verdict"] == "survived":
        text = stderr.getvalue()
        if text and not re.search(ignore, text):
            result.update(verdict="caught", error=f"stderr: {text[:300]}")
        elif result["seconds"] > limit:
            result.update(verdict="caught", error=f"the test cell took {result['seconds']:.1f} s, over the limit")
    if result["verdict"] == "survived" and calls:
        candidate = _namespace().get(function)
        verdicts = []
        signal.setitimer(signal.ITIMER_REAL, limit)
        try:
            for inputs, expected in calls:
                try:
                    verdicts.append(_same(candidate(**_copy(inputs)), expected))
                except Exception:        # raised where the instructor's answer may have raised too
                    verdicts.append("identical" if expected is None else None)
        except OutOfTime:
            verdicts.append(None)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        if all(verdicts):
            result["equivalent"] = next((v for v in ("same partition", "equal up to rounding") if v in verdicts),
                                        "identical")
        result["calls_compared"] = len(calls)
    return result


def run(function: str, answer: str, visible_tests: str, tests: str, mutants: list[dict], *, limit: float = 20,
        workers: int = 2, ignore: str = r"\b[A-Z]\w*Warning\b") -> str:
    """Grade every mutant of one answer; a JSON list of verdicts (see the module's docstring).

    ``answer`` is the instructor's answer cell, ``visible_tests`` its test cell as students get it,
    ``tests`` the full test cell. The kernel's own state does not change.
    """
    read, write = os.pipe()
    template = os.fork()
    if template == 0:  # the template: the instructor's answer and its tests, recorded
        os.close(read)
        try:
            output = json.dumps(_template(function, answer, visible_tests, tests, mutants, limit, workers, ignore))
        except BaseException as err:
            output = json.dumps({"error": f"{type(err).__name__}: {err}"})
        with os.fdopen(write, "w") as pipe:
            pipe.write(output)
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        output = pipe.read()
    os.waitpid(template, 0)
    return output


def _template(function, answer, visible_tests, tests, mutants, limit, workers, ignore) -> dict:
    _quiet()
    _execute(answer, "<instructor answer>")
    solution = _namespace()[function]
    recorder = _Recorder(solution.__code__)
    sys.setprofile(recorder)
    try:
        _execute(visible_tests, "<test cell>")
        visible = len(recorder.calls)
        _execute(tests, "<test cell>")
    finally:
        sys.setprofile(None)
    _VISIBLE_CALLS[:] = recorder.calls[:visible]
    calls = recorder.calls[visible:]             # the full test cell's calls: visible and hidden
    extra = _ignored_parameter_mutants(answer, function, _VISIBLE_CALLS[0][0]) if _VISIBLE_CALLS else []
    if _VISIBLE_CALLS:
        extra.append(_hard_coded_mutant(function))
    results, running = [], {}
    queue = [*mutants, *extra]
    while queue or running:
        while queue and len(running) < workers:
            mutant = queue.pop(0)
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(read)
                try:
                    output = json.dumps(_grade(mutant, function, tests, calls, limit, ignore))
                except BaseException as err:
                    output = json.dumps({"id": mutant["id"], "verdict": "caught", "error": f"{type(err).__name__}"})
                with os.fdopen(write, "w") as pipe:
                    pipe.write(output)
                os._exit(0)
            os.close(write)
            running[read] = (pid, mutant, time.monotonic(), [])
        ready, _, _ = select.select(list(running), [], [], 0.5)
        now = time.monotonic()
        for fd in list(running):
            pid, mutant, started, chunks = running[fd]
            if fd in ready:
                chunk = os.read(fd, 1 << 16)
                if chunk:
                    chunks.append(chunk)
                    continue
                os.close(fd)
                _, status = os.waitpid(pid, 0)
                del running[fd]
                try:
                    result = json.loads(b"".join(chunks))
                except ValueError:
                    result = {"id": mutant["id"], "verdict": "caught",
                              "error": f"the kernel died ({_death(status)})"}
            elif now - started > limit + 5:      # not even the alarm stopped it
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                os.close(fd)
                del running[fd]
                result = {"id": mutant["id"], "verdict": "caught", "error": "timed out"}
            else:
                continue
            if mutant.get("kind") in ("ignores a parameter", "hard-coded visible answer"):
                result.update(kind=mutant["kind"], description=mutant["description"], code=mutant["code"])
            results.append(result)
    return {"results": results, "calls": len(calls), "visible_calls": visible}


def _death(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signal {os.WTERMSIG(status)}"
    return f"exit status {os.WEXITSTATUS(status)}"
