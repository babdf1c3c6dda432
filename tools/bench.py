"""Time every notebook (cell by cell) and the autograding of every chapter; report medians.

    make bench                      # all notebooks, 3 runs each
    .venv/bin/python tools/bench.py --repeat 5 notebooks/04_kmeans.ipynb source/04_kmeans/04_kmeans.ipynb

Given notebooks, it grades only the chapters whose assignment is among them.

    .venv/bin/python tools/bench.py --repeat 5 --sandbox-overhead 04_kmeans 02_preparing_data

compares autograding with the course's sandboxed, tamper-checking Execute and with stock nbgrader's.

Machines here are shared and noisy, so each figure is the median of --repeat runs, and grading is
reported as a ratio to the time the same notebook takes to run. Results: bench-results/*.json.
"""

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import os
import time
from datetime import datetime
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
import course  # noqa: E402  (tests/course.py: how to read the course's notebooks)

CELL_TARGET, CELL_LIMIT, NOTEBOOK_LIMIT = 2.0, 8.0, 30.0


def _seconds(cell):
    timing = cell.metadata.get("execution", {})
    start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
    if not (start and end):
        return 0.0
    return (datetime.fromisoformat(end.replace("Z", "+00:00")) -
            datetime.fromisoformat(start.replace("Z", "+00:00"))).total_seconds()


def run_notebook(path):
    """(wall seconds including kernel start, [seconds per code cell])."""
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=600, allow_errors=True, resources={"metadata": {"path": str(path.parent)}}).execute()
    wall = time.perf_counter() - start
    return wall, [_seconds(c) for c in nb.cells if c.cell_type == "code"], nb


def bench_notebook(path, repeat):
    walls, cells = [], []
    for _ in range(repeat):
        wall, per_cell, nb = run_notebook(path)
        walls.append(wall)
        cells.append(per_cell)
    per_cell = [statistics.median(run[i] for run in cells) for i in range(len(cells[0]))]
    code = [c for c in nb.cells if c.cell_type == "code"]
    slowest = sorted(range(len(per_cell)), key=per_cell.__getitem__, reverse=True)[:3]
    return {
        "notebook": str(path.relative_to(ROOT)),
        "median_seconds": round(statistics.median(walls), 2),
        "runs": [round(w, 2) for w in walls],
        "cells": len(per_cell),
        "cells_over_2s": sum(t > CELL_TARGET for t in per_cell),
        "cells_over_8s": sum(t > CELL_LIMIT for t in per_cell),
        "slowest": [{"cell": i + 1, "seconds": round(per_cell[i], 2),
                     "first_line": code[i].source.splitlines()[0] if code[i].source else ""} for i in slowest],
    }


def bench_grading(chapter, repeat):
    """Median seconds to autograde one submission (the filled-in solution) of a chapter."""
    nbgrader = str(Path(sys.executable).with_name("nbgrader"))
    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"  # for alembic
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        shutil.copy(ROOT / "nbgrader_config.py", tmp)
        shutil.copytree(ROOT / "source" / chapter, tmp / "source" / chapter)
        subprocess.run([nbgrader, "generate_assignment", chapter, "--force"], cwd=tmp, check=True, capture_output=True)
        release = course.read(tmp / "release" / chapter / f"{chapter}.ipynb")
        solution = {course.grade_id(c): c.source for c in course.source_notebook(chapter).cells
                    if course.is_answer(c) or course.is_manual(c)}
        for cell in release.cells:
            cell.source = solution.get(course.grade_id(cell), cell.source)
        times = []
        for i in range(repeat):
            folder = tmp / "submitted" / f"student{i}" / chapter
            folder.mkdir(parents=True)
            nbformat.write(release, folder / f"{chapter}.ipynb")
            start = time.perf_counter()
            subprocess.run([nbgrader, "autograde", chapter, "--create", "--student", f"student{i}"],
                           cwd=tmp, check=True, capture_output=True)
            times.append(time.perf_counter() - start)
        # A class is graded with one command: nbgrader's own start-up is paid once.
        class_size = 5
        for i in range(class_size):
            folder = tmp / "submitted" / f"class{i}" / chapter
            folder.mkdir(parents=True)
            nbformat.write(release, folder / f"{chapter}.ipynb")
        start = time.perf_counter()
        subprocess.run([nbgrader, "autograde", chapter, "--create", "--student", "class*"],
                       cwd=tmp, check=True, capture_output=True)
        per_submission_in_class = (time.perf_counter() - start) / class_size
    return {"chapter": chapter, "median_seconds_per_submission": round(statistics.median(times), 2),
            "runs": [round(t, 2) for t in times],
            "seconds_per_submission_in_a_class_of_5": round(per_submission_in_class, 2)}


def bench_sandbox(chapter, repeat):
    """Autograde one correct submission with the course's config and with stock nbgrader's Execute
    (no sandbox, no tamper checks), alternating so that both see the same machine load."""
    nbgrader = str(Path(sys.executable).with_name("nbgrader"))
    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"  # for alembic
    config = (ROOT / "nbgrader_config.py").read_text()
    stock = config.replace('"utils.grading.preprocessors.GuardedExecute"', '"nbgrader.preprocessors.Execute"')
    assert stock != config
    times = {"sandboxed": [], "stock": []}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        shutil.copytree(ROOT / "source" / chapter, tmp / "source" / chapter)
        (tmp / "nbgrader_config.py").write_text(config)
        subprocess.run([nbgrader, "generate_assignment", chapter, "--force"], cwd=tmp, check=True, capture_output=True)
        release = course.filled(course.read(tmp / "release" / chapter / f"{chapter}.ipynb"),
                                course.answers_from(course.source_notebook(chapter)))
        for i in range(repeat):
            for kind, text in (("sandboxed", config), ("stock", stock)):
                (tmp / "nbgrader_config.py").write_text(text)
                student = f"{kind}{i}"
                folder = tmp / "submitted" / student / chapter
                folder.mkdir(parents=True)
                nbformat.write(release, folder / f"{chapter}.ipynb")
                start = time.perf_counter()
                subprocess.run([nbgrader, "autograde", chapter, "--create", "--student", student],
                               cwd=tmp, check=True, capture_output=True)
                times[kind].append(time.perf_counter() - start)
    sandboxed, plain = statistics.median(times["sandboxed"]), statistics.median(times["stock"])
    return {"chapter": chapter, "sandboxed_seconds": round(sandboxed, 2), "stock_seconds": round(plain, 2),
            "ratio": round(sandboxed / plain, 3), "runs": {k: [round(t, 2) for t in v] for k, v in times.items()}}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every lesson and assignment source")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-grading", action="store_true")
    parser.add_argument("--sandbox-overhead", metavar="CHAPTER", nargs="+",
                        help="only compare autograding with and without the sandbox, for these chapters")
    args = parser.parse_args()
    if args.sandbox_overhead:
        for chapter in args.sandbox_overhead:
            r = bench_sandbox(chapter, args.repeat)
            print(f"{chapter:34} sandboxed {r['sandboxed_seconds']:6.2f} s   stock {r['stock_seconds']:6.2f} s   "
                  f"ratio {r['ratio']:.3f}   runs {r['runs']}")
        return
    paths = [p.resolve() for p in args.notebooks] or [
        *course.LESSONS, *(ROOT / "source" / c / f"{c}.ipynb" for c in course.CHAPTERS)]

    results = {"notebooks": [], "grading": []}
    print(f"{'notebook':62} {'median s':>8} {'cells':>5} {'>2s':>4} {'>8s':>4}  slowest cell")
    for path in paths:
        r = bench_notebook(path, args.repeat)
        results["notebooks"].append(r)
        top = r["slowest"][0]
        flag = "  OVER 30 s" if r["median_seconds"] > NOTEBOOK_LIMIT else ""
        print(f"{r['notebook']:62} {r['median_seconds']:8.2f} {r['cells']:5} {r['cells_over_2s']:4} "
              f"{r['cells_over_8s']:4}  #{top['cell']} {top['seconds']:.2f} s `{top['first_line'][:40]}`{flag}")
    if not args.no_grading:
        source_time = {Path(r["notebook"]).stem: r["median_seconds"] for r in results["notebooks"]
                       if r["notebook"].startswith("source/")}
        print(f"\n{'assignment':26} {'autograde one s':>16} {'per student in class of 5 s':>28} "
              f"{'notebook run s':>15} {'ratio':>6}")
        # The chapters whose assignment was timed above (all of them by default).
        for chapter in [c for c in course.CHAPTERS if c in source_time]:
            g = bench_grading(chapter, args.repeat)
            g["notebook_seconds"] = source_time.get(chapter)
            per = g["seconds_per_submission_in_a_class_of_5"]
            g["ratio"] = round(per / g["notebook_seconds"], 2) if g["notebook_seconds"] else None
            results["grading"].append(g)
            print(f"{chapter:26} {g['median_seconds_per_submission']:16.2f} {per:28.2f} "
                  f"{g['notebook_seconds'] or 0:15.2f} {g['ratio'] or 0:6.2f}")
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    name = "bench.json" if not args.notebooks else f"bench-{'-'.join(p.stem[:2] for p in paths)}.json"
    (out / name).write_text(json.dumps(results, indent=2))
    print(f"\nwritten to {out / name}")


if __name__ == "__main__":
    main()
