"""Assertions for exercise tests, with messages that help a learner.

Cluster labels are arbitrary names, so clusterings are compared as *partitions* (which points are
grouped together), centres after matching them one-to-one (Hungarian assignment), and linkage
matrices through the partitions they induce. Every failure raises :class:`CheckFailed` (an
``AssertionError``) whose message says what was checked, what was expected, what came back and,
where one is given, a hint.
"""

from __future__ import annotations

import numpy as np
from scipy.cluster.hierarchy import fcluster
from scipy.optimize import linear_sum_assignment
from scipy.spatial.distance import cdist

__all__ = [
    "CheckFailed",
    "assert_close",
    "assert_same_partition",
    "assert_centres_match",
    "assert_linkage_equivalent",
    "same_partition",
]

_MAX_SHOWN = 5  # how many offending entries a message lists


class CheckFailed(AssertionError):
    """A check in an exercise test failed; the message explains why."""


def _fail(what: str, problem: str, hint: str | None) -> None:
    __tracebackhide__ = True  # IPython and pytest leave these frames out of tracebacks
    message = f"{what}: {problem}"
    if hint:
        message += f"\nHint: {hint}"
    raise CheckFailed(message)


def _as_array(value, what: str, hint: str | None) -> np.ndarray:
    __tracebackhide__ = True
    if value is None:
        _fail(what, "your function returned None. Did you forget a `return` statement?", hint)
    try:
        return np.asarray(value)
    except Exception as err:  # e.g. a ragged list
        _fail(what, f"could not turn the result into an array ({err}).", hint)


def _shapes_match(actual: np.ndarray, expected: np.ndarray, what: str, hint: str | None) -> None:
    __tracebackhide__ = True
    if actual.shape != expected.shape:
        _fail(what, f"expected an array of shape {expected.shape}, got shape {actual.shape}.", hint)


def assert_close(actual, expected, *, what: str = "result", rtol: float = 1e-6, atol: float = 1e-8,
                 hint: str | None = None) -> None:
    """Check that ``actual`` equals ``expected`` up to floating-point tolerance.

    On failure the message gives the shapes or the number of entries that differ, the largest
    difference, and the first few offending positions with both values.
    """
    __tracebackhide__ = True
    actual = _as_array(actual, what, hint)
    expected = np.asarray(expected)
    _shapes_match(actual, expected, what, hint)
    if not np.issubdtype(actual.dtype, np.number) and not np.issubdtype(actual.dtype, np.bool_):
        _fail(what, f"expected numbers, got values of type {actual.dtype}.", hint)
    if np.isnan(actual.astype(float)).any() and not np.isnan(expected.astype(float)).any():
        _fail(what, f"{int(np.isnan(actual.astype(float)).sum())} value(s) are NaN; none should be.", hint)
    close = np.isclose(actual.astype(float), expected.astype(float), rtol=rtol, atol=atol, equal_nan=True)
    if close.all():
        return
    bad = np.argwhere(~close) if actual.ndim else np.zeros((1, 0), dtype=int)
    shown = "; ".join(
        f"at {tuple(int(i) for i in idx) if idx.size else '()'}: expected {expected[tuple(idx)]:.6g}, "
        f"got {actual[tuple(idx)]:.6g}"
        for idx in bad[:_MAX_SHOWN]
    )
    biggest = np.nanmax(np.abs(actual.astype(float) - expected.astype(float)))
    _fail(what, f"{len(bad)} of {close.size} value(s) differ (largest difference {biggest:.3g}); {shown}.", hint)


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
        _fail(what, f"expected one label per point ({expected.size} labels), got {actual.size}.", hint)
    if same_partition(actual, expected, noise_label=noise_label):
        return
    if noise_label is not None:
        got_noise, want_noise = actual == noise_label, expected == noise_label
        if not np.array_equal(got_noise, want_noise):
            wrong = np.flatnonzero(got_noise != want_noise)
            _fail(what, f"expected {int(want_noise.sum())} noise point(s) (label {noise_label}), got "
                        f"{int(got_noise.sum())}; {wrong.size} point(s) disagree, e.g. point(s) "
                        f"{wrong[:_MAX_SHOWN].tolist()}.", hint)
        actual, expected = actual[~want_noise], expected[~want_noise]
    n_got, n_want = len(np.unique(actual)), len(np.unique(expected))
    if n_got != n_want:
        _fail(what, f"expected {n_want} cluster(s), got {n_got}.", hint)
    # Same number of clusters but a different grouping: match clusters as well as possible
    # and report the points that end up in the wrong one.
    want_ids, want_idx = np.unique(expected, return_inverse=True)
    got_ids, got_idx = np.unique(actual, return_inverse=True)
    overlap = np.zeros((len(want_ids), len(got_ids)), dtype=int)
    np.add.at(overlap, (want_idx, got_idx), 1)
    rows, cols = linear_sum_assignment(-overlap)
    misplaced = actual.size - overlap[rows, cols].sum()
    _fail(what, f"the right number of clusters ({n_want}), but a different grouping: even with the "
                f"best matching of your labels to the expected ones, {misplaced} of {actual.size} "
                "point(s) are in the wrong cluster. (Label values themselves do not matter.)", hint)


def assert_centres_match(actual, expected, *, what: str = "cluster centres", rtol: float = 1e-5,
                         atol: float = 1e-6, hint: str | None = None) -> None:
    """Check two sets of centres (one per row) agree in some order, matched by Hungarian assignment."""
    __tracebackhide__ = True
    actual = _as_array(actual, what, hint).astype(float)
    expected = np.asarray(expected, dtype=float)
    _shapes_match(actual, expected, what, hint)
    if not np.isfinite(actual).all():
        _fail(what, "some centres contain NaN or infinite values (an empty cluster divided by 0?).", hint)
    rows, cols = linear_sum_assignment(cdist(expected, actual))
    matched = actual[cols[np.argsort(rows)]]
    close = np.isclose(matched, expected, rtol=rtol, atol=atol)
    if not close.all():
        bad_rows = np.flatnonzero(~close.all(axis=1))
        worst = np.abs(matched - expected).max()
        i = bad_rows[0]
        _fail(what, f"after matching your centres to the expected ones (order does not matter), "
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
    actual = _as_array(actual, what, hint).astype(float)
    expected = np.asarray(expected, dtype=float)
    _shapes_match(actual, expected, what, hint)
    if actual.ndim != 2 or actual.shape[1] != 4:
        _fail(what, f"a linkage matrix has 4 columns (left, right, height, size); got shape {actual.shape}.", hint)
    heights_got, heights_want = np.sort(actual[:, 2]), np.sort(expected[:, 2])
    if not np.allclose(heights_got, heights_want, rtol=rtol):
        i = int(np.flatnonzero(~np.isclose(heights_got, heights_want, rtol=rtol))[0])
        _fail(what, f"the merge heights differ: the {i + 1}-th lowest merge should be at "
                    f"{heights_want[i]:.6g}, yours is at {heights_got[i]:.6g}.", hint)
    # Cut both trees between every two distinct consecutive heights (a cut at a tie is ambiguous).
    for low, high in zip(heights_want[:-1], heights_want[1:]):
        if np.isclose(low, high, rtol=rtol):
            continue
        cut = (low + high) / 2
        got = fcluster(actual, t=cut, criterion="distance")
        want = fcluster(expected, t=cut, criterion="distance")
        if not same_partition(got, want, noise_label=None):
            _fail(what, f"the heights agree, but cutting both trees at height {cut:.4g} gives "
                        f"{len(set(want))} expected clusters and a different partition from yours, "
                        "so your merges join different clusters.", hint)
