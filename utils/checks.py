"""Assertions for exercise tests, with messages that help a learner.

Cluster labels are arbitrary names, so clusterings are compared as *partitions* (which points are
grouped together), centres after matching them one-to-one (Hungarian assignment), and linkage
matrices through the partitions they induce. Every failure raises :class:`CheckFailed` (an
``AssertionError``) whose message says what was checked, what was expected, what came back and,
where one is given, a hint.

A test cell runs its checks inside ``with checks.exercise(3, "an IQR outlier mask"):``, so that
every failure names the exercise it belongs to, and an error raised by the learner's code (or by
a check handed a result of the wrong kind) becomes a :class:`CheckFailed` message too: a learner
never meets a bare ``ValueError`` from a test.
"""

from __future__ import annotations

import ast
import inspect

import numpy as np
from scipy.cluster.hierarchy import fcluster, is_valid_linkage
from scipy.optimize import linear_sum_assignment
from scipy.spatial.distance import cdist

__all__ = [
    "CheckFailed",
    "exercise",
    "fail",
    "assert_close",
    "assert_equal",
    "assert_shape",
    "assert_type",
    "assert_does_not_call",
    "assert_same_partition",
    "assert_centres_match",
    "assert_linkage_equivalent",
    "same_partition",
]

_MAX_SHOWN = 5  # how many offending entries a message lists


class CheckFailed(AssertionError):
    """A check in an exercise test failed; the message explains why."""


class exercise:
    """Run an exercise's checks: every failure names the exercise, and errors become :class:`CheckFailed`.

    Put the whole test cell, hidden tests included, inside it::

        with checks.exercise(3, "an IQR outlier mask"):
            checks.assert_close(...)

    The traceback a learner sees ends where the check failed or their code raised.
    """

    def __init__(self, number: int, title: str):
        self.name = f"Exercise {number} ({title})"

    def __enter__(self):
        return self

    def __exit__(self, kind, err, traceback):
        __tracebackhide__ = True  # IPython and pytest leave this frame out of tracebacks
        if err is None or not isinstance(err, Exception):  # passed, or an interrupt (a grading timeout)
            return False
        if isinstance(err, CheckFailed):
            message = f"{self.name}, {err}"
        elif isinstance(err, NotImplementedError):
            message = (f"{self.name}: not answered yet.\nHint: replace `raise NotImplementedError()` with your "
                       "code, run that cell, then run this one again.")
        else:  # most likely the learner's function raised, or returned something the checks could not use
            message = (f"{self.name}: the checks stopped at an error, {type(err).__name__}: {err}\n"
                       "Hint: the traceback above shows where it happened; if it is in your function, call your "
                       "function on the example inputs of the task and look at what it returns.")
        raise CheckFailed(message).with_traceback(traceback) from None


def fail(what: str, problem: str, hint: str | None = None) -> None:
    """Raise :class:`CheckFailed`: ``what`` was checked, ``problem`` is what went wrong."""
    __tracebackhide__ = True  # IPython and pytest leave these frames out of tracebacks
    message = f"{what}: {problem}"
    if hint:
        message += f"\nHint: {hint}"
    raise CheckFailed(message)


def _show(value) -> str:
    """A short, readable form of a value for a message."""
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.6g}"
    if isinstance(value, np.generic):
        value = value.item()
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def assert_type(actual, types, *, what: str = "result", hint: str | None = None) -> None:
    """Check that ``actual`` is an instance of ``types`` (a type or a tuple of types)."""
    __tracebackhide__ = True
    if isinstance(actual, types):
        return
    names = " or ".join(t.__name__ for t in (types if isinstance(types, tuple) else (types,)))
    if actual is None:
        fail(what, f"expected a {names}, got None. Did you forget a `return` statement?", hint)
    fail(what, f"expected a {names}, got a {type(actual).__name__}.", hint)


def assert_does_not_call(function, *names: str, what: str | None = None, hint: str | None = None) -> None:
    """Check that ``function``'s source never mentions any of ``names`` (e.g. ``"silhouette_samples"``).

    For "from scratch" exercises: a learner who calls the library function they are asked to
    rebuild is told so. (It reads the source as written, so it guards against a slip, not a
    determined work-around.) A function whose source cannot be found passes.
    """
    __tracebackhide__ = True
    try:
        tree = ast.parse(inspect.getsource(function).strip() + "\n")
    except (OSError, TypeError, SyntaxError, IndentationError):
        return
    used = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)} | \
           {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    called = sorted(used & set(names))
    if called:
        name = getattr(function, "__name__", "your function")
        fail(what or name, f"{name} uses {', '.join(called)}, which this exercise asks you to write yourself.",
             hint or "compute it with NumPy from the definition in the task; use the library version only to "
                     "check your result.")


def assert_equal(actual, expected, *, what: str = "result", hint: str | None = None) -> None:
    """Check that ``actual == expected`` for a single value (a number, string, tuple, ...)."""
    __tracebackhide__ = True
    try:
        equal = bool(actual == expected)
    except Exception:  # e.g. an array compared with a scalar
        equal = False
    if not equal:
        fail(what, f"expected {_show(expected)}, got {_show(actual)}.", hint)


def assert_shape(actual, shape: tuple, *, what: str = "result", hint: str | None = None) -> None:
    """Check that ``actual`` is array-like with the given shape (``None`` in ``shape``: any length)."""
    __tracebackhide__ = True
    got = _as_array(actual, what, hint).shape
    if len(got) != len(shape) or any(w is not None and g != w for g, w in zip(got, shape)):
        want = "(" + ", ".join("any" if w is None else str(w) for w in shape) + ("," if len(shape) == 1 else "") + ")"
        fail(what, f"expected an array of shape {want}, got shape {got}.", hint)


def _as_array(value, what: str, hint: str | None, noun: str = "an array of values") -> np.ndarray:
    __tracebackhide__ = True
    if value is None:
        fail(what, "your function returned None. Did you forget a `return` statement?", hint)
    if isinstance(value, (dict, set, str)):
        fail(what, f"expected {noun}, got a {type(value).__name__} ({_show(value)}).", hint)
    try:
        return np.asarray(value)
    except Exception as err:  # e.g. a ragged list
        fail(what, f"could not turn the result into an array ({err}).", hint)


def _as_numbers(value, what: str, hint: str | None, noun: str = "an array of numbers") -> np.ndarray:
    """``value`` as a float array, or a failed check that says why it is not one."""
    __tracebackhide__ = True
    array = _as_array(value, what, hint, noun)
    if array.dtype.kind not in "biuf":
        kind = type(array.item()).__name__ if array.ndim == 0 else f"values of type {array.dtype}"
        fail(what, f"expected numbers, got {kind}.", hint)
    return array.astype(float)


def _shapes_match(actual: np.ndarray, expected: np.ndarray, what: str, hint: str | None) -> None:
    __tracebackhide__ = True
    if actual.shape != expected.shape:
        want = "one number" if expected.ndim == 0 else f"an array of shape {expected.shape}"
        got = "one number" if actual.ndim == 0 else f"an array of shape {actual.shape}"
        fail(what, f"expected {want}, got {got}.", hint)


def assert_close(actual, expected, *, what: str = "result", rtol: float = 1e-6, atol: float = 1e-8,
                 hint: str | None = None) -> None:
    """Check that ``actual`` equals ``expected`` up to floating-point tolerance.

    On failure the message gives the shapes or the number of entries that differ, the largest
    difference, and the first few offending positions with both values.
    """
    __tracebackhide__ = True
    expected = np.asarray(expected, dtype=float)
    actual = _as_numbers(actual, what, hint, "a number" if expected.ndim == 0 else "an array of numbers")
    _shapes_match(actual, expected, what, hint)
    if np.isnan(actual).any() and not np.isnan(expected).any():
        if actual.ndim == 0:
            fail(what, f"expected {_show(expected[()])}, got NaN.", hint)
        fail(what, f"{int(np.isnan(actual).sum())} value(s) are NaN; none should be.", hint)
    close = np.isclose(actual, expected, rtol=rtol, atol=atol, equal_nan=True)
    if close.all():
        return
    if actual.ndim == 0:
        fail(what, f"expected {_show(expected[()])}, got {_show(actual[()])}.", hint)
    bad = np.argwhere(~close)
    shown = "; ".join(f"at {tuple(int(i) for i in idx)}: expected {_show(expected[tuple(idx)])}, "
                      f"got {_show(actual[tuple(idx)])}" for idx in bad[:_MAX_SHOWN])
    biggest = np.nanmax(np.abs(actual - expected))
    fail(what, f"{len(bad)} of {close.size} value(s) differ (largest difference {biggest:.3g}); {shown}.", hint)


def same_partition(labels_a, labels_b, *, noise_label: int | None = -1) -> bool:
    """True if the two labelings group the points in the same way, whatever the label values.

    Points labelled ``noise_label`` (DBSCAN's -1) are not a cluster: they must be noise in both.
    Pass ``noise_label=None`` to treat every label as an ordinary cluster name.
    """
    a, b = np.asarray(labels_a).ravel(), np.asarray(labels_b).ravel()
    if a.shape != b.shape:
        return False
    if noise_label is not None:
        noise = a == noise_label
        if not np.array_equal(noise, b == noise_label):
            return False
        a, b = a[~noise], b[~noise]
    # Same partition  <=>  the pairs (a_i, b_i) are as many as the labels on either side.
    pairs = len(set(zip(a.tolist(), b.tolist())))
    return pairs == len(set(a.tolist())) == len(set(b.tolist()))


def assert_same_partition(actual, expected, *, what: str = "cluster labels", noise_label: int | None = -1,
                          hint: str | None = None) -> None:
    """Check that ``actual`` labels split the points into the same groups as ``expected``.

    Label values do not matter (``[0, 0, 1]`` and ``[5, 5, 2]`` are the same partition), except
    ``noise_label`` (-1 by default): noise points must be noise in both.
    """
    __tracebackhide__ = True
    actual = _as_array(actual, what, hint).ravel()
    expected = np.asarray(expected).ravel()
    if actual.shape != expected.shape:
        fail(what, f"expected one label per point ({expected.size} labels), got {actual.size}.", hint)
    if actual.dtype.kind not in "biufU":
        fail(what, f"expected labels as integers (or strings), got values of type {actual.dtype}.", hint)
    if actual.dtype.kind == "f" and not np.isfinite(actual).all():
        fail(what, f"{int((~np.isfinite(actual)).sum())} label(s) are NaN or infinite; every point needs a "
                   "cluster label.", hint)
    if same_partition(actual, expected, noise_label=noise_label):
        return
    if noise_label is not None:
        got_noise, want_noise = actual == noise_label, expected == noise_label
        if not np.array_equal(got_noise, want_noise):
            wrong = np.flatnonzero(got_noise != want_noise)
            fail(what, f"expected {int(want_noise.sum())} noise point(s) (label {noise_label}), got "
                        f"{int(got_noise.sum())}; {wrong.size} point(s) disagree, e.g. point(s) "
                        f"{wrong[:_MAX_SHOWN].tolist()}.", hint)
        actual, expected = actual[~want_noise], expected[~want_noise]
    n_got, n_want = len(np.unique(actual)), len(np.unique(expected))
    if n_got != n_want:
        fail(what, f"expected {n_want} cluster(s), got {n_got}.", hint)
    # Same number of clusters but a different grouping: match clusters as well as possible
    # and report the points that end up in the wrong one.
    want_ids, want_idx = np.unique(expected, return_inverse=True)
    got_ids, got_idx = np.unique(actual, return_inverse=True)
    overlap = np.zeros((len(want_ids), len(got_ids)), dtype=int)
    np.add.at(overlap, (want_idx, got_idx), 1)
    rows, cols = linear_sum_assignment(-overlap)
    misplaced = actual.size - overlap[rows, cols].sum()
    fail(what, f"the right number of clusters ({n_want}), but a different grouping: even with the "
                f"best matching of your labels to the expected ones, {misplaced} of {actual.size} "
                "point(s) are in the wrong cluster. (Label values themselves do not matter.)", hint)


def assert_centres_match(actual, expected, *, what: str = "cluster centres", rtol: float = 1e-5,
                         atol: float = 1e-6, hint: str | None = None) -> None:
    """Check two sets of centres (one per row) agree in some order, matched by Hungarian assignment."""
    __tracebackhide__ = True
    actual = _as_numbers(actual, what, hint)
    expected = np.asarray(expected, dtype=float)
    _shapes_match(actual, expected, what, hint)
    if not np.isfinite(actual).all():
        fail(what, "some centres contain NaN or infinite values (an empty cluster divided by 0?).", hint)
    rows, cols = linear_sum_assignment(cdist(expected, actual))
    matched = actual[cols[np.argsort(rows)]]
    close = np.isclose(matched, expected, rtol=rtol, atol=atol)
    if not close.all():
        bad_rows = np.flatnonzero(~close.all(axis=1))
        worst = np.abs(matched - expected).max()
        i = bad_rows[0]
        fail(what, f"after matching your centres to the expected ones (order does not matter), "
                    f"{bad_rows.size} of {len(expected)} differ (largest difference {worst:.3g}); e.g. "
                    f"expected {np.round(expected[i], 4).tolist()}, closest of yours is "
                    f"{np.round(matched[i], 4).tolist()}.", hint)


def assert_linkage_equivalent(actual, expected, *, what: str = "linkage matrix", rtol: float = 1e-6,
                              hint: str | None = None) -> None:
    """Check two scipy linkage matrices describe the same hierarchy.

    Cluster ids and the order of equal-height merges may differ; what must agree are the merge
    heights and, for every number of clusters k, the flat partition obtained by cutting the tree.
    """
    __tracebackhide__ = True
    actual = _as_numbers(actual, what, hint)
    expected = np.asarray(expected, dtype=float)
    _shapes_match(actual, expected, what, hint)
    if actual.ndim != 2 or actual.shape[1] != 4:
        fail(what, f"a linkage matrix has 4 columns (left, right, height, size); got shape {actual.shape}.", hint)
    try:
        is_valid_linkage(actual, throw=True, name="it")
    except (ValueError, TypeError) as err:  # e.g. a cluster used twice, or a size that does not add up
        fail(what, f"not a valid scipy linkage matrix: {err}", hint)
    heights_got, heights_want = np.sort(actual[:, 2]), np.sort(expected[:, 2])
    if not np.allclose(heights_got, heights_want, rtol=rtol):
        i = int(np.flatnonzero(~np.isclose(heights_got, heights_want, rtol=rtol))[0])
        fail(what, f"the merge heights differ: the {i + 1}-th lowest merge should be at "
                    f"{heights_want[i]:.6g}, yours is at {heights_got[i]:.6g}.", hint)
    # Cut both trees between every two distinct consecutive heights (a cut at a tie is ambiguous).
    for low, high in zip(heights_want[:-1], heights_want[1:]):
        if np.isclose(low, high, rtol=rtol):
            continue
        cut = (low + high) / 2
        got = fcluster(actual, t=cut, criterion="distance")
        want = fcluster(expected, t=cut, criterion="distance")
        if not same_partition(got, want, noise_label=None):
            fail(what, f"the heights agree, but cutting both trees at height {cut:.4g} gives "
                        f"{len(set(want))} expected clusters and a different partition from yours, "
                        "so your merges join different clusters.", hint)
