"""Mutation testing of the course's tests: do they catch wrong answers?

For every autograded exercise, this makes wrong variants of the instructor's answer (mutants) and
grades each one against the exercise's test cell, hidden tests included, in the course's sandboxed
grading kernel (``utils/grading/mutation.py`` says how: a fork per mutant, no state shared).

    .venv/bin/python tools/mutants.py 07_dbscan                # one chapter: tests/mutants/results/07_dbscan.json
    .venv/bin/python tools/mutants.py --all                    # every chapter (make test-mutants)
    .venv/bin/python tools/mutants.py --report                 # docs/mutants.md from the stored results

The mutants, by kind:

- automatic, from the answer's code: a flipped comparison (``<`` -> ``<=``, ``==`` -> ``!=``), a swapped
  operator (``+`` -> ``-``, ``*`` -> ``/``), an integer constant off by one (but a seed: another seed
  is not a wrong answer), ``axis`` 0 <-> 1,
  ``argmin`` <-> ``argmax``, ``min`` <-> ``max``, ``mean`` <-> ``sum``, ``any`` <-> ``all``, ``and`` <-> ``or``,
  a dropped ``not`` or ``~``;
- made in the kernel from what the visible checks pass: a parameter ignored (fixed to its value in
  the first visible check), and the visible answers hard-coded;
- hand-written, in ``tests/mutants/<chapter>.py``: each banned capability used directly (a *cheat*),
  from which the tool makes three mutants, the direct call, an aliased import and a module
  attribute; other wrong answers; and unusual *correct* answers, which must keep their points;
- the pitfalls and hidden-only wrong answers of ``tests/wrong_answers/<chapter>.py``.

A mutant that passes but gives the instructor's outputs on every call the tests make (exactly, up to
rounding (a relative 1e-9), or as the same partition, for cluster labels) is *equivalent* on the
tests' inputs, and is left out of the score.
A survivor that the task itself accepts (another right value of a free choice, such as
``min_cluster_size=16`` where 15 is suggested) is declared equivalent by hand, with the reason, in
``tests/mutants/<chapter>.toml``; every other survivor needs a reason there too, and counts against
the bars. ``tests/test_mutants.py``
holds the bars: 90 % of the mutants caught over the course, 75 % in every exercise.
"""

from __future__ import annotations

import argparse
import ast
import copy
import json
import os
import re
import sys
import time
import tomllib
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))
import course  # noqa: E402  (tests/course.py: how to read the course's notebooks)

MUTANTS_DIR = ROOT / "tests" / "mutants"
RESULTS_DIR = MUTANTS_DIR / "results"
REPORT = ROOT / "docs" / "mutants.md"
COURSE_BAR, EXERCISE_BAR = 0.90, 0.75
BAN_FORMS = ("direct call", "aliased import", "module attribute")


@dataclass
class Mutant:
    id: str                 # unique within its exercise, stable while the line it changes does not change
    kind: str               # see the module's docstring
    description: str
    code: str               # replaces the answer cell
    capability: str = ""    # for a cheat: the banned capability it uses
    expect: str = "caught"  # "caught", or "passes" for a correct answer


# --- automatic mutants -----------------------------------------------------------------------------

_COMPARE = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq, ast.NotEq: ast.Eq,
            ast.Is: ast.IsNot, ast.IsNot: ast.Is, ast.In: ast.NotIn, ast.NotIn: ast.In}
_BINARY = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult, ast.FloorDiv: ast.Mult,
           ast.Pow: ast.Mult, ast.MatMult: ast.Mult, ast.Mod: ast.FloorDiv}
_SYMBOL = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=", ast.Is: "is",
           ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in", ast.Add: "+", ast.Sub: "-", ast.Mult: "*",
           ast.Div: "/", ast.FloorDiv: "//", ast.Pow: "**", ast.MatMult: "@", ast.Mod: "%", ast.And: "and",
           ast.Or: "or"}
_NAMES = {}
for _a, _b, _label in [("argmin", "argmax", "argmin <-> argmax"), ("nanargmin", "nanargmax", "argmin <-> argmax"),
                       ("idxmin", "idxmax", "argmin <-> argmax"), ("min", "max", "min <-> max"),
                       ("minimum", "maximum", "min <-> max"), ("nanmin", "nanmax", "min <-> max"),
                       ("mean", "sum", "mean <-> sum"), ("nanmean", "nansum", "mean <-> sum"),
                       ("any", "all", "any <-> all")]:
    _NAMES[_a], _NAMES[_b] = (_b, _label), (_a, _label)


# Seeds are not mutated: another seed is not a wrong answer (the course grades what holds over seeds).
_SEEDS = {"random_state", "seed"}


class _Numbered(ast.NodeTransformer):
    """Visits every node in one fixed order, numbering them; replaces node number ``target``."""

    def __init__(self, target=None, replace=None):
        self.count, self.target, self.replace, self.nodes = -1, target, replace, []

    def visit(self, node):
        self.count += 1
        self.nodes.append(node)
        if self.count == self.target:
            return self.replace(node)
        return self.generic_visit(node)


def _solution_lines(source: str) -> range:
    lines = source.splitlines()
    begin = next((i for i, line in enumerate(lines) if "### BEGIN SOLUTION" in line), -1)
    end = next((i for i, line in enumerate(lines) if "### END SOLUTION" in line), len(lines))
    return range(begin + 2, end + 1)      # 1-based line numbers strictly between the markers


def _is_string(node) -> bool:
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str))


def _variants(node, parent_fields):
    """[(label, change, function that returns the mutated node)] for one node."""
    found = []
    if isinstance(node, ast.Compare):
        for j, op in enumerate(node.ops):
            if type(op) in _COMPARE:
                def flip(n, j=j):
                    n.ops[j] = _COMPARE[type(n.ops[j])]()
                    return n
                found.append(("flipped comparison", f"`{_SYMBOL[type(op)]}` -> `{_SYMBOL[_COMPARE[type(op)]]}`", flip))
    elif isinstance(node, (ast.BinOp, ast.AugAssign)) and type(node.op) in _BINARY:
        if not (isinstance(node, ast.BinOp) and (_is_string(node.left) or _is_string(node.right))):
            def swap(n):
                n.op = _BINARY[type(n.op)]()
                return n
            found.append(("swapped operator", f"`{_SYMBOL[type(node.op)]}` -> `{_SYMBOL[_BINARY[type(node.op)]]}`",
                          swap))
    elif isinstance(node, ast.BoolOp):
        def other(n):
            n.op = ast.Or() if isinstance(n.op, ast.And) else ast.And()
            return n
        found.append(("and <-> or", f"`{_SYMBOL[type(node.op)]}` -> `{'or' if isinstance(node.op, ast.And) else 'and'}`",
                      other))
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.Not, ast.Invert)):
        symbol = "not" if isinstance(node.op, ast.Not) else "~"
        found.append((f"dropped {symbol}", f"`{symbol}` dropped", lambda n: n.operand))
    elif isinstance(node, ast.keyword) and node.arg == "axis" and isinstance(node.value, ast.Constant) \
            and type(node.value.value) is int:
        new = 0 if node.value.value != 0 else 1
        def axis(n, new=new):
            n.value = ast.Constant(new)
            return n
        found.append(("axis 0 <-> 1", f"`axis={node.value.value}` -> `axis={new}`", axis))
    elif isinstance(node, ast.Constant) and type(node.value) is int and not parent_fields & {"axis", *_SEEDS}:
        for step in (1, -1):
            def shift(n, step=step):
                return ast.Constant(n.value + step)
            found.append(("off-by-one constant", f"`{node.value}` -> `{node.value + step}`", shift))
    elif isinstance(node, ast.Call):
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
        if name in _NAMES:
            new, label = _NAMES[name]
            def rename(n, new=new):
                if isinstance(n.func, ast.Attribute):
                    n.func.attr = new
                else:
                    n.func.id = new
                return n
            found.append((label, f"`{name}` -> `{new}`", rename))
    return found


def automatic_mutants(answer: str) -> list[Mutant]:
    """Every single-change variant of the solution part of an answer cell."""
    tree = ast.parse(answer)
    inside = _solution_lines(answer)
    lines = answer.splitlines()
    numbering = _Numbered()
    numbering.visit(tree)
    parents = {}
    for parent in numbering.nodes:
        for field_name, value in ast.iter_fields(parent):
            for child in value if isinstance(value, list) else [value]:
                if isinstance(child, ast.AST):
                    parents[id(child)] = (field_name, parent)
    original = ast.unparse(tree)
    mutants, seen, counts = [], {original}, {}
    for index, node in enumerate(numbering.nodes):
        line = getattr(node, "lineno", None) or getattr(parents.get(id(node), (None, None))[1], "lineno", None)
        if line not in inside:
            continue
        field_name, parent = parents.get(id(node), ("", None))
        parent_fields = {field_name, getattr(parent, "arg", None) if isinstance(parent, ast.keyword) else ""}
        for label, change, mutate in _variants(node, parent_fields):
            mutated = _Numbered(index, lambda n, mutate=mutate: mutate(n)).visit(copy.deepcopy(tree))
            code = ast.unparse(ast.fix_missing_locations(mutated))
            if code in seen:
                continue
            seen.add(code)
            where = re.sub(r"\s+#.*$", "", lines[line - 1]).strip()
            key = f"{change} in `{where}`"
            counts[key] = counts.get(key, 0) + 1
            if counts[key] > 1:
                key += f" (#{counts[key]})"
            mutants.append(Mutant(key, label, f"line {line}: {change} in `{where}`", code + "\n"))
    return mutants


# --- hand-written mutants --------------------------------------------------------------------------

def _sections(path: Path) -> list[tuple[str, str, str, str]]:
    """[(answer grade_id, kind, rest of the header, code)] from a file of `# %% <grade_id> <kind> ...` sections."""
    if not path.is_file():
        return []
    parts = re.split(r"^# %% (\S+)(?:[ \t]+(\S+))?([^\n]*)$", path.read_text(), flags=re.M)
    return [(parts[i], parts[i + 1] or "hidden", parts[i + 2].strip(), parts[i + 3].strip("\n") + "\n")
            for i in range(1, len(parts), 4)]


def _first_comment(code: str) -> str:
    found = re.match(r"\s*#\s*(.+)", code)
    return found.group(1).strip() if found else ""


def ban_forms(code: str) -> dict[str, str]:
    """The three forms of a cheat: as written (``from m import N``), aliased (``... as my_n``), and a
    module attribute (``import m as m_module`` ... ``m_module.N``)."""
    tree = ast.parse(code)
    imported = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and not node.level:
            for alias in node.names:
                imported[alias.asname or alias.name] = (node.module, alias.name)
    if not imported:
        raise ValueError("a cheat imports what it uses with `from <module> import <name>`")

    class Aliased(ast.NodeTransformer):
        def visit_ImportFrom(self, node):
            node.names = [ast.alias(a.name, f"my_{a.name.lower()}") for a in node.names]
            return node

        def visit_Name(self, node):
            if node.id in imported:
                node.id = f"my_{imported[node.id][1].lower()}"
            return node

    class Attribute(ast.NodeTransformer):
        def visit_ImportFrom(self, node):
            if node.level:
                return node
            return ast.Import([ast.alias(node.module, node.module.rsplit(".", 1)[-1] + "_module")])

        def visit_Name(self, node):
            if node.id in imported:
                module, name = imported[node.id]
                return ast.copy_location(ast.Attribute(ast.Name(module.rsplit(".", 1)[-1] + "_module", ast.Load()),
                                                       name, node.ctx), node)
            return node

    return {"direct call": code,
            "aliased import": ast.unparse(ast.fix_missing_locations(Aliased().visit(copy.deepcopy(tree)))) + "\n",
            "module attribute": ast.unparse(ast.fix_missing_locations(Attribute().visit(copy.deepcopy(tree)))) + "\n"}


def hand_written(chapter: str) -> dict[str, list[Mutant]]:
    """{answer grade_id: [Mutant]} from tests/mutants/<chapter>.py and tests/wrong_answers/<chapter>.py."""
    found: dict[str, list[Mutant]] = {}
    for gid, kind, rest, code in _sections(MUTANTS_DIR / f"{chapter}.py"):
        what = _first_comment(code)
        if kind == "cheat":
            for form, variant in ban_forms(code).items():
                found.setdefault(gid, []).append(Mutant(f"cheat {rest}: {form}", f"ban: {form}",
                                                        f"{what} ({form})", variant, capability=rest))
        elif kind in ("wrong", "correct"):
            found.setdefault(gid, []).append(Mutant(f"{kind}: {what}", "hand-written" if kind == "wrong" else "correct",
                                                    what, code, expect="passes" if kind == "correct" else "caught"))
        else:
            raise ValueError(f"tests/mutants/{chapter}.py: unknown kind {kind!r} for {gid}")
    for gid, kind, code in course._wrong_answer_sections(chapter):
        what = _first_comment(code)
        found.setdefault(gid, []).append(Mutant(f"{kind}: {what}", "pitfall" if kind == "pitfall" else "hidden-only",
                                                what, code))
    return found


def bans(test_source: str) -> list[str]:
    """The capabilities a test cell bans (the arguments of its `checks.ban(function, "A", "B", ...)`)."""
    found = []
    for node in ast.walk(ast.parse(test_source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "ban":
            found += [a.value for a in node.args[1:] if isinstance(a, ast.Constant)]
    return found


def exercises(chapter: str) -> list[dict]:
    """Each autograded exercise of a chapter: its answer, tests (full and visible), function and mutants."""
    source, release = course.source_notebook(chapter), course.release_notebook(chapter)
    numbers = course.exercise_numbers(source)
    written = hand_written(chapter)
    found = []
    for before, cell in zip(source.cells, source.cells[1:]):
        if not course.is_answer(cell):
            continue
        gid = course.grade_id(cell)
        function = next(n.name for n in ast.parse(cell.source).body if isinstance(n, ast.FunctionDef))
        title = re.search(r"### Exercise \d+: (.+?) \(\d+ points?\)", before.source)
        tests = course.tests_of(source, gid).source
        found.append({"grade_id": gid, "number": numbers[gid], "title": title.group(1) if title else gid,
                      "function": function, "answer": cell.source, "tests": tests,
                      "visible_tests": course.tests_of(release, gid).source, "bans": bans(tests),
                      "points": course.tests_of(source, gid).metadata.nbgrader.points,
                      "mutants": automatic_mutants(cell.source) + written.get(gid, [])})
    return found


# --- running -----------------------------------------------------------------------------------------

def _grading_settings() -> tuple[float, str]:
    """(the cell time limit, the stderr pattern nbgrader ignores) from nbgrader_config.py."""
    from traitlets.config import PyFileConfigLoader
    config = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
    return float(config.Execute.timeout), config.IgnorePattern.pattern


def run_chapter(chapter: str, workers: int = 2, only: set[str] | None = None, log=print) -> dict:
    """Grade every mutant of a chapter in one sandboxed kernel; the results, by exercise."""
    from nbclient import NotebookClient
    from utils.grading.sandbox import SandboxedKernelManager

    limit, ignore = _grading_settings()
    source = course.source_notebook(chapter)
    by_answer = {e["grade_id"]: e for e in exercises(chapter)}
    client = NotebookClient(nbformat.v4.new_notebook(), timeout=None, allow_errors=True,
                            kernel_manager_class=SandboxedKernelManager,
                            resources={"metadata": {"path": str(ROOT / "release" / chapter)}})

    def execute(code):
        cell = nbformat.v4.new_code_cell(code)
        client.nb.cells = [cell]
        client.execute_cell(cell, 0)
        errors = [o for o in cell.outputs if o.output_type == "error"]
        text = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
        return errors, text

    results = {"chapter": chapter, "date": date.today().isoformat(), "exercises": {}}
    start = time.monotonic()
    env = {k: v for k, v in os.environ.items() if k != "IPYTHONDIR"}  # the grading kernel's own settings
    with client.setup_kernel(env=env):
        for index, cell in enumerate(source.cells):
            if cell.cell_type != "code":
                continue
            gid = course.grade_id(cell)
            exercise = by_answer.get(gid)
            if exercise and (only is None or gid in only):
                mutants = [asdict(m) for m in exercise["mutants"]]
                call = (f"print(__import__('utils.grading.mutation', fromlist=['_']).run({exercise['function']!r}, "
                        f"{exercise['answer']!r}, {exercise['visible_tests']!r}, {exercise['tests']!r}, "
                        f"{mutants!r}, limit={limit}, workers={workers}, ignore={ignore!r}))")
                began = time.monotonic()
                errors, text = execute(call)
                if errors:
                    raise RuntimeError(f"{chapter} {gid}: the mutation run failed: {errors[0].evalue}")
                outcome = json.loads(text.strip().splitlines()[-1])
                if "error" in outcome:
                    raise RuntimeError(f"{chapter} {gid}: the instructor's answer or its tests failed: {outcome['error']}")
                results["exercises"][gid] = _merge(exercise, outcome)
                summary = score(results["exercises"][gid])
                log(f"{chapter} Ex {exercise['number']}: {summary['caught']}/{summary['counted']} caught "
                    f"({summary['equivalent']} equivalent, {summary['survivors']} survivors), "
                    f"{time.monotonic() - began:.0f} s")
            errors, _ = execute(cell.source)
            if errors and (course.is_test(cell) or not course.is_answer(cell)) and course.meta(cell).get("locked"):
                raise RuntimeError(f"{chapter}, cell {index} ({gid}) fails with the instructor's answers: "
                                   f"{errors[0].ename}: {errors[0].evalue}")
    results["seconds"] = round(time.monotonic() - start, 1)
    return results


def _merge(exercise: dict, outcome: dict) -> dict:
    verdicts = {r["id"]: r for r in outcome["results"]}
    mutants = []
    for mutant in [asdict(m) for m in exercise["mutants"]] + [r for r in outcome["results"] if "code" in r]:
        verdict = verdicts[mutant["id"]]
        error = verdict.get("error", "")
        mutants.append({"id": mutant["id"], "kind": mutant.get("kind") or verdict.get("kind"),
                        "description": mutant.get("description") or verdict.get("description"),
                        "expect": mutant.get("expect", "caught"), "capability": mutant.get("capability", ""),
                        "verdict": verdict["verdict"], "error": error.splitlines()[0][:200] if error else "",
                        "by_ban": "which this exercise asks you to write yourself" in error,
                        "equivalent": verdict.get("equivalent"), "seconds": verdict.get("seconds"),
                        "code": mutant["code"]})
    return {"number": exercise["number"], "title": exercise["title"], "points": exercise["points"],
            "bans": exercise["bans"], "calls": outcome["calls"], "visible_calls": outcome["visible_calls"],
            "mutants": mutants}


def equivalent(mutant: dict, declared: dict) -> str | None:
    """Why a surviving mutant is equivalent, or None: the same outputs as the instructor's answer on every
    call the tests make (found by the run), or a reason given by hand (the task accepts it)."""
    if mutant["expect"] != "caught" or mutant["verdict"] != "survived":
        return None
    return mutant["equivalent"] or declared.get(mutant["id"])


def score(exercise: dict, declared: dict | None = None) -> dict:
    """Counts for one exercise's results: mutants counted (correct answers and equivalents left out), caught...
    ``declared``: {mutant id: reason} of the mutants declared equivalent by hand."""
    declared = declared or {}
    wrong = [m for m in exercise["mutants"] if m["expect"] == "caught"]
    equivalent_ = [m for m in wrong if equivalent(m, declared)]
    counted = [m for m in wrong if not equivalent(m, declared)]
    caught = [m for m in counted if m["verdict"] == "caught"]
    bans_ = [m for m in wrong if m["kind"].startswith("ban: ")]
    correct = [m for m in exercise["mutants"] if m["expect"] == "passes"]
    return {"mutants": len(wrong), "equivalent": len(equivalent_), "counted": len(counted), "caught": len(caught),
            "survivors": len(counted) - len(caught), "rate": len(caught) / len(counted) if counted else 1.0,
            "ban": len(bans_), "ban_caught": sum(m["by_ban"] for m in bans_),
            "correct": len(correct), "correct_pass": sum(m["verdict"] == "survived" for m in correct)}


# --- the report ---------------------------------------------------------------------------------------

def reasons(chapter: str) -> dict[str, dict[str, dict[str, str]]]:
    """{"survivors" | "equivalent": {answer grade_id: {mutant id: reason}}} from tests/mutants/<chapter>.toml.

    A survivor listed under ``equivalent`` is one the task itself accepts (another right value of a
    free choice): it is left out of the counts like those found equivalent by their outputs. One listed
    under ``survivors`` is a wrong answer the tests let through, with the reason why that is accepted.
    """
    path = MUTANTS_DIR / f"{chapter}.toml"
    data = tomllib.loads(path.read_text()) if path.is_file() else {}
    return {kind: data.get(kind, {}) for kind in ("survivors", "equivalent")}


def load_results() -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text()) for p in sorted(RESULTS_DIR.glob("*.json"))}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def report(results: dict[str, dict]) -> str:
    rows, survivors, equivalents = [], [], []
    total = {"counted": 0, "caught": 0, "mutants": 0, "equivalent": 0, "ban": 0, "ban_caught": 0, "correct": 0,
             "correct_pass": 0}
    forms = {form: [0, 0] for form in BAN_FORMS}
    for chapter, result in results.items():
        why = reasons(chapter)
        for gid, exercise in result["exercises"].items():
            declared = why["equivalent"].get(gid, {})
            counts = score(exercise, declared)
            for key in total:
                total[key] += counts[key]
            for m in exercise["mutants"]:
                if m["kind"].startswith("ban: "):
                    form = m["kind"][5:]
                    forms[form][0] += 1
                    forms[form][1] += m["by_ban"]
                if m["expect"] == "caught" and m["verdict"] == "survived":
                    entry = (chapter[:2], exercise["number"], m["description"])
                    if m["equivalent"]:
                        equivalents.append((*entry, f"{m['equivalent']} outputs on all {exercise['calls']} calls "
                                                    "of the tests"))
                    elif m["id"] in declared:
                        equivalents.append((*entry, f"by hand: {declared[m['id']]}"))
                    else:
                        survivors.append((*entry, why["survivors"].get(gid, {}).get(m["id"], "**no reason given**")))
            ban_text = f"{counts['ban_caught']}/{counts['ban']}" if counts["ban"] else "–"
            rows.append(f"| {chapter[:2]} | {exercise['number']} | {_cell(exercise['title'])} | {counts['mutants']} | "
                        f"{counts['equivalent']} | {counts['caught']}/{counts['counted']} | {counts['rate']:.0%} | "
                        f"{counts['survivors']} | {ban_text} | {counts['correct_pass']}/{counts['correct']} |")
    rate = total["caught"] / total["counted"] if total["counted"] else 1.0
    seconds = sum(r.get("seconds", 0) for r in results.values())
    lines = [
        "# Mutation testing: do the tests catch wrong answers?",
        "",
        "Generated by `tools/mutants.py --report` from `tests/mutants/results/` (rerun with `make test-mutants`;",
        "`tools/mutants.py` says how mutants are made and graded). A mutant is a wrong variant of the",
        "instructor's answer, graded against the exercise's test cell, hidden tests included, in the sandboxed",
        "grading kernel; it is *caught* when the cell would score 0. A surviving mutant that gives the",
        "instructor's outputs on every call the tests make (exactly, up to rounding, or as the same partition,",
        "for cluster labels) is *equivalent* on the tests' inputs and is not counted; so is one that the task",
        "itself accepts (another right value of a free choice), declared by hand with the reason in",
        "`tests/mutants/<chapter>.toml`. The bars: 90 % caught over the course, 75 % in every exercise.",
        "",
        f"**{total['caught']} of {total['counted']} counted mutants caught ({rate:.1%})**; "
        f"{total['mutants']} mutants made, {total['equivalent']} equivalent. Ban mutants caught by the ban: "
        f"{total['ban_caught']} of {total['ban']} ("
        + ", ".join(f"{form} {c}/{n}" for form, (n, c) in forms.items()) + "). "
        f"Unusual correct answers that keep their points: {total['correct_pass']} of {total['correct']}. "
        f"Run time: {seconds / 60:.0f} min over {len(results)} chapters "
        f"({', '.join(sorted({r['date'] for r in results.values()}))}).",
        "",
        "| ch | ex | exercise | mutants | equivalent | caught | rate | survivors | ban mutants caught by the ban "
        "| correct answers kept |",
        "|---|---|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        "## Survivors, with the reason each one is allowed to survive",
        "",
        "| ch | ex | mutant | reason |",
        "|---|---|---|---|",
        *[f"| {c} | {n} | {_cell(d)} | {_cell(r)} |" for c, n, d, r in survivors],
        "",
        "## Equivalent mutants (left out of the counts)",
        "",
        "| ch | ex | mutant | why it is equivalent |",
        "|---|---|---|---|",
        *[f"| {c} | {n} | {_cell(d)} | {_cell(r)} |" for c, n, d, r in equivalents],
        "",
    ]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("chapters", nargs="*", help="chapters to run (default with --all: every chapter)")
    parser.add_argument("--all", action="store_true", help="run every chapter")
    parser.add_argument("--report", action="store_true", help=f"write {REPORT.relative_to(ROOT)} from the results")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="mutants graded side by side")
    args = parser.parse_args(argv)
    chapters = course.CHAPTERS if args.all else args.chapters
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    for chapter in chapters:
        if chapter not in course.CHAPTERS:
            parser.error(f"no chapter {chapter!r}; chapters: {', '.join(course.CHAPTERS)}")
        result = run_chapter(chapter, workers=args.workers)
        (RESULTS_DIR / f"{chapter}.json").write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
        print(f"{chapter}: {result['seconds']:.0f} s")
    if args.report or args.all:
        REPORT.write_text(report(load_results()))
        print(f"wrote {REPORT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
