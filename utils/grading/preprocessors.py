"""The nbgrader preprocessors the course adds (configured in nbgrader_config.py).

- :class:`GuardedExecute` replaces nbgrader's ``Execute`` preprocessor when autograding. It runs the
  notebook in a sandboxed kernel (:mod:`utils.grading.sandbox`), zeroes the test cells that follow
  tampering (:mod:`utils.grading.tamper` reads the code, :mod:`utils.grading.guard` watches the
  kernel), keeps the points already earned when a kernel dies or hangs, and caps each cell's output.
- :class:`SafeFeedback` keeps hidden tests' source out of the feedback.
"""

from __future__ import annotations

import ast
import time

from jupyter_core.utils import run_sync
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.v4 import new_output
from nbgrader.preprocessors import Execute, NbGraderPreprocessor, OverwriteCells
from nbgrader.utils import is_grade, is_locked, is_solution
from traitlets import Integer

from . import tamper
from .sandbox import SandboxedKernelManager

_GUARD = "__import__('utils.grading.guard', fromlist=['guard'])"


class SafeFeedback(NbGraderPreprocessor):
    """Feedback shows what a test found, never how: each error is cut to its last line
    (``CheckFailed: Exercise 2 (...), ...: expected 3, got 2``), and a test cell keeps only its errors.

    A traceback quotes the failing test's source, and anything else a test cell printed could come
    from the student's code; a hidden test's source must not reach the student either way.
    """

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        if _is_test(cell):
            cell.outputs = [o for o in cell.outputs if o.get("output_type") == "error"]
        for output in cell.outputs:
            if output.get("output_type") == "error":
                output["traceback"] = [f"{output['ename']}: {output['evalue']}"]
        return cell, resources


class RobustOverwriteCells(OverwriteCells):
    """nbgrader's ``OverwriteCells``, which puts the instructor's cells back, surviving edited metadata.

    When a student duplicates a cell or renames its grade id, nbgrader (0.9) leaves nbgrader
    metadata without a ``grade_id`` behind and then fails on it, so the whole submission goes
    ungraded (jupyter/nbgrader#1083). Such a cell is the student's own: drop its metadata, and the
    instructor's cell is restored from the gradebook as if it had been deleted.
    """

    @staticmethod
    def _drop_orphaned_metadata(nb):
        for cell in nb.cells:
            if "nbgrader" in cell.metadata and "grade_id" not in cell.metadata.nbgrader:
                del cell.metadata["nbgrader"]

    def preprocess(self, nb, resources):
        self._drop_orphaned_metadata(nb)
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, index):
        cell, resources = super().preprocess_cell(cell, resources, index)
        if "nbgrader" in cell.metadata and "grade_id" not in cell.metadata.nbgrader:
            del cell.metadata["nbgrader"]
        return cell, resources


def _is_test(cell) -> bool:
    return cell.cell_type == "code" and is_grade(cell) and not is_solution(cell)


def _error(ename: str, evalue: str):
    return new_output("error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


class GuardedExecute(Execute):
    """nbgrader's ``Execute``, for submissions that may be broken or hostile.

    - Tampering: a test cell that runs after code that changes how cells run, the course's checks,
      the libraries the tests call or Python's builtins scores 0, with the reason in its output and
      in the log, by student.
    - Crashes: when the kernel dies (``sys.exit`` is not a death, ``os._exit`` and a segfault are),
      the cells already run keep their results, and the rest are marked as not run.
    - Runaways: a cell is interrupted after ``timeout`` seconds; a kernel that does not answer within
      ``responsive_timeout`` seconds after that is stopped, and the rest is marked as not run.
    - Exhaustion: after a cell runs out of memory or processes, the guard stops the processes it
      started and drops its traceback, so that it costs that cell alone.
    - Output: a cell's output beyond ``max_output_chars`` is dropped, with a note.
    - Imports: a student cell that imports a module graded code may not use is not run; that costs
      the exercise whose answer it holds (its test cell says why), and nothing else.
    """

    def __init__(self, *args, **kwargs):
        # nbgrader's Execute passes its own kernel manager class, which would win over any config.
        kwargs.setdefault("kernel_manager_class", SandboxedKernelManager)
        super().__init__(*args, **kwargs)

    responsive_timeout = Integer(5, help="Seconds an interrupted kernel has to answer before it is stopped.") \
        .tag(config=True)
    max_output_chars = Integer(1_000_000, help="Characters of output kept per cell.").tag(config=True)

    def preprocess(self, nb, resources=None, km=None):
        self._student = (resources or {}).get("nbgrader", {}).get("student", "?")
        self._stopped = None          # why the kernel is gone, once it is
        self._guard_started = False
        self._output_chars = {}       # cell index -> characters of output kept so far
        self._tampering, self._not_run = self._scan(nb)
        self._tampered_since = None   # the reasons that zero every test cell from here on
        # Answer cells left unrun for an import graded code may not use: {its test cell's grade id: why}.
        self._unanswered = {}
        for i, why in self._not_run.items():
            if grade_id := nb.cells[i].metadata.get("nbgrader", {}).get("grade_id"):
                self._unanswered[f"{grade_id}-tests"] = why
        return super().preprocess(nb, resources, km)

    # --- tampering ------------------------------------------------------------------------------

    @staticmethod
    def _scan(nb) -> tuple[dict[int, str], dict[int, str]]:
        """Read the student's code cells, never running them: ({cell index: why it tampers},
        {cell index: why it is not run}, for cells that import a module graded code may not use)."""
        code = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code"]
        protected = tamper.protected_names([c.source for _, c in code if is_locked(c)],
                                           [c.source for _, c in code if _is_test(c)])
        tampering, not_run = {}, {}
        for index, cell in code:
            if not is_locked(cell) and not _is_test(cell):
                problems = tamper.cell_problems(cell.source, protected)
                modules = tamper.imports_not_allowed(cell.source, protected)
                if problems:
                    tampering[index] = "; ".join(problems)
                elif modules:
                    not_run[index] = "; ".join(f"it imports {m}, which graded code may not use: use "
                                               f"{tamper.instead_of(m)} instead" for m in modules)
        return tampering, not_run

    def _ask_guard(self, expression: str) -> str | None:
        """Evaluate a guard expression in the kernel, outside IPython's transformers; None if it fails."""
        msg_id = self.kc.execute("", silent=True, store_history=False, user_expressions={"guard": expression})
        deadline = time.monotonic() + self.responsive_timeout
        while time.monotonic() < deadline:
            try:
                reply = run_sync(self.kc.get_shell_msg)(timeout=max(0.01, deadline - time.monotonic()))
            except Exception as err:  # queue.Empty on timeout; anything else means no answer either
                self.log.debug("no answer from the grading guard: %r", err)
                return None
            if reply["parent_header"].get("msg_id") != msg_id:
                continue
            result = reply["content"].get("user_expressions", {}).get("guard", {})
            if result.get("status") != "ok":
                self.log.debug("the grading guard failed: %r", reply["content"])
                return None
            try:
                return ast.literal_eval(result["data"]["text/plain"])
            except (KeyError, ValueError, SyntaxError):
                return None
        return None

    def _tamper_reason(self, index: int) -> str | None:
        """Why the test cell at ``index`` cannot be trusted, or None. Once tampered, always tampered."""
        if self._tampered_since is None:
            earlier = [f"cell {i + 1}: {why}" for i, why in self._tampering.items() if i < index]
            if earlier:
                self._tampered_since = f"your code in {earlier[0]}"
        if self._tampered_since is None and not self._stopped:
            verdict = self._ask_guard(f"{_GUARD}.verdict()")
            if verdict is None:
                self._tampered_since = "the grading kernel stopped answering the course's integrity check"
            elif verdict:
                self._tampered_since = f"code that ran before this cell changed the grading kernel: {verdict}"
        return self._tampered_since

    # --- execution ------------------------------------------------------------------------------

    def _stop(self, why: str, index: int) -> None:
        """The kernel is gone or beyond reach: stop it; the cells after this one do not run."""
        self._stopped = why
        self.log.error("Grading of student '%s' stopped at cell %d: %s. The cells run before keep their "
                       "results; the test cells after it score 0.", self._student, index + 1, why)
        try:
            run_sync(self.km.shutdown_kernel)(now=True)
        except Exception:  # it is already dead
            pass

    def _run(self, cell, resources, index):
        """Run one code cell; a dead or unresponsive kernel stops the run instead of failing it."""
        try:
            return super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            cell.outputs.append(_error("KernelDied", "the kernel died while this cell ran (os._exit, a crash, "
                                                     "or a limit of the grading sandbox)."))
            self._stop(f"the kernel died in cell {index + 1}", index)
        except CellTimeoutError:  # no output from a kernel that should have finished: it is stuck
            cell.outputs.append(_error("KernelStuck", "the kernel stopped answering in this cell."))
            self._stop(f"the kernel stopped answering in cell {index + 1}", index)
        except Exception as err:  # e.g. garbled messages from a kernel that can no longer start threads
            cell.outputs.append(_error("KernelBroken", f"the kernel failed while this cell ran ({type(err).__name__})."))
            self._stop(f"the kernel failed in cell {index + 1} ({type(err).__name__}: {err})", index)
        return cell, resources

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        if not self._guard_started:
            self._guard_started = True
            if self._ask_guard(f"{_GUARD}.record()") != "recorded":
                self.log.warning("The grading guard did not start for student '%s'.", self._student)
        if self._stopped:
            cell.outputs = [_error("NotRun", f"this cell did not run: {self._stopped}.")]
            cell.execution_count = None
        elif index in self._not_run:
            cell.outputs = [_error("ImportNotAllowed", f"this cell did not run: {self._not_run[index]}.")]
            cell.execution_count = None
            self.log.warning("Student '%s': cell %d did not run: %s.", self._student, index + 1, self._not_run[index])
        else:
            cell, resources = self._run(cell, resources, index)
            errors = {o.get("ename") for o in cell.outputs if o.get("output_type") == "error"}
            exhausted = any("MemoryError" in e or e == "BlockingIOError" for e in errors)  # (numpy: _ArrayMemoryError)
            if exhausted and not self._stopped:
                self._ask_guard(f"{_GUARD}.recover()")  # the exhaustion costs this cell alone
            timed_out = "CellTimeoutError" in errors
            if timed_out and not self._stopped and self._ask_guard("1") != 1:
                self._stop(f"cell {index + 1} ran past the {self.timeout} s limit and ignored the interrupt", index)
        if _is_test(cell):
            why = self._unanswered.get(cell.metadata["nbgrader"].get("grade_id"))
            if why and any(o.get("output_type") == "error" for o in cell.outputs):
                cell.outputs = [_error("ImportNotAllowed", f"your answer to this exercise did not run: {why}.")]
            reason = self._tamper_reason(index)
            if reason:
                cell.outputs = [_error("TamperingDetected", f"this test cell scores 0 because {reason}. Graded code "
                                       "may not change how later cells run, the course's checks, the libraries "
                                       "the tests call, or Python's builtins.")]
                self.log.error("Tampering by student '%s' (test cell '%s' scores 0): %s", self._student,
                               cell.metadata["nbgrader"].get("grade_id"), reason)
        return cell, resources

    def output(self, outs, msg, display_id, cell_index):
        """Keep at most ``max_output_chars`` characters of a cell's output."""
        content = msg.get("content", {})
        size = len(content.get("text", "")) + sum(len(str(v)) for v in content.get("data", {}).values())
        kept = self._output_chars.get(cell_index, 0)
        if kept >= self.max_output_chars:
            return None
        self._output_chars[cell_index] = kept + size
        if kept + size > self.max_output_chars:
            note = new_output("stream", name="stdout",
                              text=f"\n[output cut after {self.max_output_chars:,} characters]\n")
            outs.append(note)
            return note
        return super().output(outs, msg, display_id, cell_index)
