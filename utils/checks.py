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

import functools
import importlib
import inspect
import sys
import types
from typing import NamedTuple

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
    "ban",
    "BANNABLE",
    "fitted_estimators",
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
        self.monitor = None        # watches the learner's calls once the test bans something (see ban)

    def __enter__(self):
        _ACTIVE.append(self)
        return self

    def __exit__(self, kind, err, traceback):
        __tracebackhide__ = True  # IPython and pytest leave this frame out of tracebacks
        _ACTIVE.remove(self)
        violation = None
        if self.monitor is not None:
            self.monitor.close()
            violation = self.monitor.violation
        if violation is not None and err is not violation:  # the learner's code caught it, or failed after it
            err = violation
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


# --- bans: "from scratch", enforced on the objects themselves -------------------------------------

# What an exercise may ban, by the name its task gives it, with every object that does that work:
# the class, the function form of the same algorithm, its variants, and the internals it hands the
# work to. Names are public dotted paths (private modules only for those internals).
BANNABLE: dict[str, tuple[str, ...]] = {
    "cdist": ("scipy.spatial.distance.cdist", "scipy.spatial.distance.pdist", "sklearn.metrics.pairwise_distances",
              "sklearn.metrics.pairwise.euclidean_distances", "sklearn.metrics.pairwise.manhattan_distances",
              "sklearn.metrics.pairwise.cosine_distances", "sklearn.metrics.pairwise.cosine_similarity",
              "sklearn.metrics.pairwise.nan_euclidean_distances", "sklearn.metrics.DistanceMetric"),
    "NearestCentroid": ("sklearn.neighbors.NearestCentroid",),
    "StandardScaler": ("sklearn.preprocessing.StandardScaler", "sklearn.preprocessing.scale"),
    "SimpleImputer": ("sklearn.impute.SimpleImputer", "sklearn.impute.KNNImputer"),
    "vq": ("scipy.cluster.vq.vq", "scipy.cluster.vq.py_vq", "sklearn.metrics.pairwise_distances_argmin",
           "sklearn.metrics.pairwise_distances_argmin_min"),
    "KMeans": ("sklearn.cluster.KMeans", "sklearn.cluster.k_means", "sklearn.cluster.MiniBatchKMeans",
               "sklearn.cluster.BisectingKMeans", "scipy.cluster.vq.kmeans", "scipy.cluster.vq.kmeans2"),
    "kmeans_plusplus": ("sklearn.cluster.kmeans_plusplus", "sklearn.cluster._kmeans._kmeans_plusplus"),
    "linkage": ("scipy.cluster.hierarchy.linkage", "scipy.cluster.hierarchy.single", "scipy.cluster.hierarchy.complete",
                "scipy.cluster.hierarchy.average", "scipy.cluster.hierarchy.weighted",
                "scipy.cluster.hierarchy.centroid", "scipy.cluster.hierarchy.median", "scipy.cluster.hierarchy.ward",
                "scipy.cluster.hierarchy.fclusterdata", "scipy.cluster._hierarchy.mst_single_linkage",
                "scipy.cluster._hierarchy.nn_chain", "scipy.cluster._hierarchy.fast_linkage",
                "sklearn.cluster.AgglomerativeClustering", "sklearn.cluster.FeatureAgglomeration",
                "sklearn.cluster.ward_tree", "sklearn.cluster.linkage_tree"),
    "fcluster": ("scipy.cluster.hierarchy.fcluster", "scipy.cluster.hierarchy.fclusterdata",
                 "scipy.cluster.hierarchy.cut_tree", "scipy.cluster._hierarchy.cluster_dist",
                 "scipy.cluster._hierarchy.cluster_in", "scipy.cluster._hierarchy.cluster_maxclust_dist",
                 "scipy.cluster._hierarchy.cluster_maxclust_monocrit", "scipy.cluster._hierarchy.cluster_monocrit"),
    "cophenet": ("scipy.cluster.hierarchy.cophenet", "scipy.cluster._hierarchy.cophenetic_distances"),
    "DBSCAN": ("sklearn.cluster.DBSCAN", "sklearn.cluster.dbscan", "sklearn.cluster._dbscan_inner.dbscan_inner"),
    "OPTICS": ("sklearn.cluster.OPTICS", "sklearn.cluster.cluster_optics_dbscan", "sklearn.cluster.cluster_optics_xi",
               "sklearn.cluster.compute_optics_graph"),
    "HDBSCAN": ("sklearn.cluster.HDBSCAN",),
    "silhouette_samples": ("sklearn.metrics.silhouette_samples", "sklearn.metrics.silhouette_score"),
    "calinski_harabasz_score": ("sklearn.metrics.calinski_harabasz_score",),
    "davies_bouldin_score": ("sklearn.metrics.davies_bouldin_score",),
    "adjusted_rand_score": ("sklearn.metrics.adjusted_rand_score", "sklearn.metrics.rand_score",
                            "sklearn.metrics.cluster.pair_confusion_matrix"),
    "PCA": ("sklearn.decomposition.PCA", "sklearn.decomposition.IncrementalPCA", "sklearn.decomposition.KernelPCA",
            "sklearn.decomposition.SparsePCA", "sklearn.decomposition.MiniBatchSparsePCA",
            "sklearn.decomposition.TruncatedSVD", "sklearn.utils.extmath.randomized_svd"),
    "multivariate_normal": ("scipy.stats.multivariate_normal",),
    "logsumexp": ("scipy.special.logsumexp",),
    "GaussianMixture": ("sklearn.mixture.GaussianMixture", "sklearn.mixture.BayesianGaussianMixture",
                        "sklearn.mixture._gaussian_mixture._estimate_log_gaussian_prob",
                        "sklearn.mixture._gaussian_mixture._compute_precision_cholesky"),
}
# Libraries whose functions may call a banned object on behalf of an allowed function that the learner
# called (silhouette_score -> silhouette_samples, when only silhouette_samples is banned).
_LIBRARIES = ("sklearn", "scipy")


def _resolve(dotted: str):
    """The object at a dotted path, importing the longest module prefix that exists."""
    parts = dotted.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for part in parts[cut:]:
            obj = getattr(obj, part)
        return obj
    raise ValueError(f"cannot find {dotted}")


class _Rule(NamedTuple):
    label: str                # the public name, for messages
    owner: object = None      # a class (or an object): the call counts when its first argument is (an instance of) it
    inner: object = None      # a wrapper's code: counts when the frame's locals hold this object
    record: list | None = None  # None: a ban; else a list the instances of `owner` are added to


def _first_argument(frame):
    code = frame.f_code
    if code.co_argcount:
        return frame.f_locals.get(code.co_varnames[0])
    if code.co_flags & inspect.CO_VARARGS:
        args = frame.f_locals.get(code.co_varnames[code.co_kwonlyargcount])
        return args[0] if args else None
    return None


def _learner_code(function):
    """The code object of a function defined in the notebook, or None."""
    while isinstance(function, functools.partial):
        function = function.func
    function = getattr(function, "__func__", function)               # a bound method
    if not isinstance(function, types.FunctionType) and callable(function) and not isinstance(function, type):
        function = getattr(type(function), "__call__", None)          # a callable object of the learner's class
    if isinstance(function, types.FunctionType) and function.__globals__.get("__name__") == "__main__":
        return function.__code__
    return None


class _Monitor:
    """A profile hook (``sys.setprofile``) that sees every Python call while an exercise's checks run.

    It counts how deep the learner's code is on the stack, and judges the calls to banned objects
    made from there: by identity of the code that runs, so an alias, a module attribute, an import
    inside the function, a closure, a default argument or a subclass are all the same object. Objects
    with no Python code of their own (compiled internals) are swapped for a Python stand-in, in every
    module and in the learner's functions, for as long as the exercise runs.
    """

    def __init__(self):
        self.learner_files: set[str] = set()
        self.rules: dict = {}             # code -> [_Rule]
        self.banned_ids: dict[int, str] = {}
        self.undo: list = []              # what puts each swapped object back
        self.stand_ins: dict[int, object] = {}
        self.learner_globals: dict | None = None
        self.function_name, self.hint = "your function", None
        self.depth = 0
        self.violation: CheckFailed | None = None
        self.previous = sys.getprofile()
        sys.setprofile(self)

    def close(self):
        sys.setprofile(self.previous)
        for put_back in reversed(self.undo):
            put_back()
        if self.stand_ins:                # modules imported meanwhile may have copied a stand-in
            for module in list(sys.modules.values()):
                namespace = getattr(module, "__dict__", None) if isinstance(module, types.ModuleType) else None
                for key, value in list((namespace or {}).items()):
                    if id(value) in self.stand_ins:
                        namespace[key] = self.stand_ins[id(value)]
        self.undo, self.stand_ins = [], {}

    def __call__(self, frame, event, arg):
        if self.previous is not None:     # a hook that was there first (the mutation tool's recorder) still runs
            self.previous(frame, event, arg)
        if event == "call":
            code = frame.f_code
            if code.co_filename in self.learner_files:
                self.depth += 1
            elif self.depth and code in self.rules:
                self._judge(frame, self.rules[code])
        elif event == "return" and frame.f_code.co_filename in self.learner_files:
            self.depth -= 1

    # --- what is watched ---------------------------------------------------------------------------

    def add_learner(self, function, code) -> None:
        self.learner_files.add(code.co_filename)
        self.learner_globals = getattr(getattr(function, "__func__", function), "__globals__", None)

    def watch(self, label: str, obj, record: list | None = None) -> None:
        """Judge (or, with ``record``, collect the instances of) every call of ``obj``'s Python code."""
        self.banned_ids.setdefault(id(obj), label)
        if isinstance(obj, type):
            for klass in obj.__mro__[:-1]:            # every method it has, but object's
                for attr in vars(klass).values():
                    attr = getattr(attr, "__func__", attr)
                    for layer in _layers(attr):
                        self._add(layer.__code__, _Rule(label, obj, record=record))
        elif not isinstance(obj, types.BuiltinFunctionType) and type(obj).__module__ not in ("builtins", "numpy") \
                and not _layers(obj) and any(isinstance(v, types.FunctionType) for v in vars(type(obj)).values()):
            for klass in type(obj).__mro__[:-1]:       # an object with methods (scipy.stats.multivariate_normal)
                for attr in vars(klass).values():
                    for layer in _layers(getattr(attr, "__func__", attr)):
                        self._add(layer.__code__, _Rule(label, obj, record=record))
        elif _layers(obj):
            layers = _layers(obj)
            for outer, inner in zip(layers, layers[1:]):  # decorator wrappers share one code object
                self._add(outer.__code__, _Rule(label, None, inner=inner, record=record))
            self._add(layers[-1].__code__, _Rule(label, None, record=record))
        elif record is None:
            self._swap(label, obj)

    def _add(self, code, rule: _Rule) -> None:
        if rule not in self.rules.setdefault(code, []):
            self.rules[code].append(rule)

    def _swap(self, label: str, obj) -> None:
        """Put a Python stand-in wherever the learner's code could reach ``obj`` (compiled code has no frames)."""
        def stand_in(*args, **kwargs):
            return obj(*args, **kwargs)
        self._add(stand_in.__code__, _Rule(label, None, inner=obj))
        self.stand_ins[id(stand_in)] = obj
        namespaces = [vars(m) for m in list(sys.modules.values()) if isinstance(m, types.ModuleType)]
        if self.learner_globals is not None:
            namespaces.append(self.learner_globals)
        for namespace in namespaces:
            for key, value in list(namespace.items()):
                if value is obj:
                    self.undo.append(functools.partial(namespace.__setitem__, key, value))
                    namespace[key] = stand_in
        for function in list((self.learner_globals or {}).values()):
            if isinstance(function, types.FunctionType) and function.__code__.co_filename in self.learner_files:
                for cell in function.__closure__ or ():
                    if cell.cell_contents is obj:
                        self.undo.append(functools.partial(setattr, cell, "cell_contents", obj))
                        cell.cell_contents = stand_in
                if function.__defaults__ and any(d is obj for d in function.__defaults__):
                    self.undo.append(functools.partial(setattr, function, "__defaults__", function.__defaults__))
                    function.__defaults__ = tuple(stand_in if d is obj else d for d in function.__defaults__)

    # --- judging a call ----------------------------------------------------------------------------

    def _judge(self, frame, rules) -> None:
        for rule in rules:
            first = _first_argument(frame) if rule.owner is not None else None
            if rule.owner is not None and not (first is rule.owner or isinstance(rule.owner, type) and (
                    isinstance(first, rule.owner) or isinstance(first, type) and issubclass(first, rule.owner))):
                continue
            if rule.inner is not None and not any(v is rule.inner for v in frame.f_locals.values()):
                continue
            if rule.record is not None:
                if isinstance(first, rule.owner) and not any(first is seen for seen in rule.record):
                    rule.record.append(first)
            elif not self._on_behalf_of_a_library(frame):
                self.violation = CheckFailed(f"{self.function_name}: it calls {rule.label}, which this exercise asks "
                                             f"you to write yourself.\nHint: {self.hint}")
                raise self.violation

    def _on_behalf_of_a_library(self, frame) -> bool:
        """True when the learner called an allowed scikit-learn or SciPy function, which made this call itself."""
        caller = frame.f_back
        entry = None
        while caller is not None and caller.f_code.co_filename not in self.learner_files:
            entry, caller = caller, caller.f_back
        if entry is None or caller is None:
            return entry is not None
        if entry.f_globals.get("__name__", "").partition(".")[0] not in _LIBRARIES:
            return False             # numpy, pandas, functools, a helper of the notebook...: the learner's own call
        # A banned object handed over as an argument (np.apply_along_axis(banned, ...)) is the learner's use too.
        return not any(id(value) in self.banned_ids for value in entry.f_locals.values())


def _layers(obj) -> list:
    """A Python function and the functions it wraps (``__wrapped__``), outermost first; [] for anything else."""
    layers = []
    while isinstance(obj, types.FunctionType) and all(obj is not seen for seen in layers):
        layers.append(obj)
        obj = getattr(obj, "__wrapped__", None)
    return layers


_ACTIVE: list[exercise] = []


def _monitor() -> _Monitor:
    if not _ACTIVE:
        raise RuntimeError("checks.ban and checks.estimators_used work inside `with checks.exercise(...):`")
    current = _ACTIVE[-1]
    if current.monitor is None:
        current.monitor = _Monitor()
    return current.monitor


def _banned_objects(capabilities) -> dict[str, object]:
    found = {}
    for capability in capabilities:
        if capability not in BANNABLE:
            raise ValueError(f"checks.ban: unknown capability {capability!r}; add it to checks.BANNABLE")
        for dotted in BANNABLE[capability]:
            found[dotted] = _resolve(dotted)
    return found


def ban(function, *capabilities: str, hint: str | None = None) -> None:
    """For the rest of this exercise's checks, ``function`` may not use any of ``capabilities``.

    Each capability is a name of :data:`BANNABLE` (``"DBSCAN"`` bans ``sklearn.cluster.DBSCAN``,
    ``sklearn.cluster.dbscan`` and what they hand the work to). The ban is on the objects, whatever
    the learner calls them: a call of one of them from the learner's code, directly or through a
    helper of theirs, fails the exercise with a message that names it. Calls that scikit-learn or
    SciPy make on behalf of an allowed function stay allowed, and so do the test's own calls.
    Call it at the top of the test cell, inside ``with checks.exercise(...)``.
    """
    __tracebackhide__ = True
    objects = _banned_objects(capabilities)
    name = getattr(function, "__name__", None) or "your function"
    hint = hint or "compute it with NumPy from the definition in the task; use the library only to check your result."
    inner = function
    while isinstance(inner, functools.partial):
        inner = inner.func
    for dotted, obj in objects.items():
        if inner is obj or getattr(inner, "__func__", None) is obj or \
                (isinstance(obj, type) and isinstance(getattr(inner, "__self__", None), obj)):
            fail(name, f"{name} is {dotted} itself, which this exercise asks you to write yourself.", hint)
    code = _learner_code(function)
    if code is None:
        fail(name, f"expected a function you write with `def {name}(...)`, got {_show(function)}.", hint)
    monitor = _monitor()
    monitor.function_name, monitor.hint = name, hint
    monitor.add_learner(function, code)
    for dotted, obj in objects.items():
        monitor.watch(dotted, obj)


def estimators_used(function, *args, classes, **kwargs):
    """Call ``function(*args, **kwargs)``; return its result and the instances of ``classes`` that its code
    created or used (to check the parameters it chose, such as ``random_state`` or ``max_iter``)."""
    __tracebackhide__ = True
    code = _learner_code(function)
    if code is None:
        name = getattr(function, "__name__", None) or "your function"
        fail(name, f"expected a function you write with `def {name}(...)`, got {_show(function)}.")
    monitor = _monitor()
    monitor.add_learner(function, code)
    used: list = []
    for klass in classes if isinstance(classes, tuple) else (classes,):
        monitor.watch(f"{klass.__module__}.{klass.__name__}", klass, record=used)
    try:
        result = function(*args, **kwargs)
    finally:
        for code_rules in monitor.rules.values():
            code_rules[:] = [rule for rule in code_rules if rule.record is not used]
    return result, used

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
