"""utils.checks: partitions not label values, matched centres, linkage equivalence, helpful messages."""

import numpy as np
import pytest
from scipy.cluster.hierarchy import linkage
from sklearn.cluster import DBSCAN, KMeans
from sklearn.datasets import make_blobs, make_moons

from utils import checks
from utils.checks import CheckFailed


@pytest.fixture(scope="module")
def blobs():
    X, _ = make_blobs(n_samples=120, centers=3, random_state=0)
    return X, KMeans(3, n_init=10, random_state=0).fit(X)


# --- partitions -----------------------------------------------------------------------------------

def test_permuted_labels_are_the_same_partition(blobs):
    X, model = blobs
    permuted = np.array([2, 0, 1])[model.labels_]
    checks.assert_same_partition(permuted, model.labels_)
    checks.assert_same_partition(permuted.tolist(), model.labels_ + 10)  # lists, other names


def test_kmeans_with_another_seed_is_the_same_partition():
    X, _ = make_blobs(n_samples=120, centers=3, cluster_std=0.5, random_state=0)  # well separated
    a = KMeans(3, n_init=1, random_state=0).fit(X).labels_
    b = KMeans(3, n_init=1, random_state=3).fit(X).labels_
    assert not np.array_equal(a, b)  # the label values differ...
    checks.assert_same_partition(a, b)  # ...the partition does not


def test_wrong_partition_fails_with_a_count(blobs):
    X, model = blobs
    wrong = model.labels_.copy()
    moved = np.flatnonzero(wrong == wrong[0])[:4]
    wrong[moved] = (wrong[0] + 1) % 3
    with pytest.raises(CheckFailed, match="4 of 120 point"):
        checks.assert_same_partition(wrong, model.labels_, hint="look again")


def test_merging_two_clusters_is_reported_as_a_cluster_count():
    with pytest.raises(CheckFailed, match="expected 3 cluster"):
        checks.assert_same_partition([0, 0, 1, 1, 1, 1], [0, 0, 1, 1, 2, 2])


def test_splitting_is_not_the_same_partition_even_when_counts_match():
    # a is {0,1},{2,3}; b is {0,2},{1,3}: both have 2 clusters of 2 points
    assert not checks.same_partition([0, 0, 1, 1], [0, 1, 0, 1])
    with pytest.raises(CheckFailed, match="different grouping"):
        checks.assert_same_partition([0, 0, 1, 1], [0, 1, 0, 1])


def test_one_to_many_is_caught_in_both_directions():
    assert not checks.same_partition([0, 0, 0, 0], [0, 0, 1, 1])
    assert not checks.same_partition([0, 0, 1, 1], [0, 0, 0, 0])


def test_noise_must_match_noise():
    X, _ = make_moons(200, noise=0.1, random_state=0)
    labels = DBSCAN(eps=0.12, min_samples=5).fit_predict(X)
    assert (labels == -1).any()
    renamed = np.where(labels == -1, -1, labels + 5)
    checks.assert_same_partition(renamed, labels)
    noise_as_cluster = np.where(labels == -1, labels.max() + 1, labels)
    with pytest.raises(CheckFailed, match="noise point"):
        checks.assert_same_partition(noise_as_cluster, labels)


def test_all_noise():
    checks.assert_same_partition([-1, -1, -1], np.full(3, -1))
    with pytest.raises(CheckFailed, match="expected 3 noise"):
        checks.assert_same_partition([0, 0, 0], [-1, -1, -1])


def test_noise_label_can_be_turned_off():
    assert checks.same_partition([-1, -1, 0], [3, 3, 4], noise_label=None)
    assert not checks.same_partition([-1, -1, 0], [3, 3, 4])


def test_wrong_length_and_none_are_explained():
    with pytest.raises(CheckFailed, match="one label per point"):
        checks.assert_same_partition([0, 1], [0, 1, 1])
    with pytest.raises(CheckFailed, match="returned None"):
        checks.assert_same_partition(None, [0, 1, 1])


# --- centres --------------------------------------------------------------------------------------

def test_centres_in_any_order_match(blobs):
    _, model = blobs
    checks.assert_centres_match(model.cluster_centers_[::-1], model.cluster_centers_)


def test_wrong_centre_fails_with_the_closest_one(blobs):
    _, model = blobs
    wrong = model.cluster_centers_.copy()
    wrong[1] += 0.5
    with pytest.raises(CheckFailed, match="1 of 3 differ"):
        checks.assert_centres_match(wrong, model.cluster_centers_)


def test_centres_with_nan_are_explained():
    with pytest.raises(CheckFailed, match="NaN"):
        checks.assert_centres_match([[0.0, 0.0], [np.nan, np.nan]], [[0.0, 0.0], [1.0, 1.0]])


def test_centres_of_the_wrong_shape():
    with pytest.raises(CheckFailed, match=r"shape \(3, 2\).*shape \(2, 2\)"):
        checks.assert_centres_match(np.zeros((2, 2)), np.zeros((3, 2)))


def test_matching_is_one_to_one():
    # Both of yours sit on the first expected centre: greedy nearest matching would pass this.
    with pytest.raises(CheckFailed):
        checks.assert_centres_match([[0.0, 0.0], [0.0, 0.0]], [[0.0, 0.0], [5.0, 5.0]])


# --- linkage matrices -----------------------------------------------------------------------------

def _relabel(Z):
    """The same tree with the two children of every merge swapped (ids differ, tree does not)."""
    Z = Z.copy()
    Z[:, [0, 1]] = Z[:, [1, 0]]
    return Z


def test_linkage_equivalent_to_itself_and_with_swapped_children():
    X, _ = make_blobs(30, centers=3, random_state=1)
    Z = linkage(X, "average")
    checks.assert_linkage_equivalent(_relabel(Z), Z)


def test_linkage_with_tied_merges_in_another_order():
    # Four points on a square: the two bottom/top pairs merge at the same height in either order.
    X = np.array([[0, 0], [1, 0], [0, 5], [1, 5]], dtype=float)
    Z = linkage(X, "single")
    swapped = Z.copy()
    swapped[[0, 1]] = swapped[[1, 0]]
    swapped[2, :2] = swapped[2, [1, 0]]
    checks.assert_linkage_equivalent(swapped, Z)


def test_different_linkage_fails():
    X, _ = make_blobs(30, centers=3, random_state=1)
    with pytest.raises(CheckFailed, match="merge heights differ"):
        checks.assert_linkage_equivalent(linkage(X, "single"), linkage(X, "complete"))


def test_same_heights_different_merges_fail():
    X = np.array([[0.0], [1.0], [10.0], [11.0]])
    Z = linkage(X, "single")  # {0,1} and {2,3} at height 1, then all at 9
    wrong = Z.copy()
    wrong[0, :2] = [0, 2]  # joins 0 with 2 at height 1 instead
    wrong[1, :2] = [1, 3]
    with pytest.raises(CheckFailed, match="different partition"):
        checks.assert_linkage_equivalent(wrong, Z)


# --- plain numbers --------------------------------------------------------------------------------

def test_close_arrays_pass_and_far_ones_report_where():
    checks.assert_close([1.0, 2.0 + 1e-12], [1.0, 2.0])
    with pytest.raises(CheckFailed, match=r"1 of 3 value\(s\) differ.*at \(2,\): expected 4, got 3") as info:
        checks.assert_close([1, 2, 3], [1, 2, 4], what="distances", hint="square the differences")
    assert str(info.value).startswith("distances:") and "Hint: square the differences" in str(info.value)


def test_close_scalars_and_shapes():
    checks.assert_close(np.float64(2.5), 2.5)
    with pytest.raises(CheckFailed, match="expected 3, got 2"):
        checks.assert_close(2.0, 3.0)
    with pytest.raises(CheckFailed, match="shape"):
        checks.assert_close(np.zeros(3), np.zeros((3, 1)))


def test_nan_is_reported():
    with pytest.raises(CheckFailed, match="NaN"):
        checks.assert_close([np.nan, 1.0], [0.0, 1.0])


def test_a_failed_check_is_an_assertion_error():
    """nbgrader and pytest both treat it as a failed test, not a crash."""
    assert issubclass(CheckFailed, AssertionError)


# --- messages a learner can cause, whatever they return -------------------------------------------

@pytest.mark.parametrize("returned", [None, "3", {"k": 3}, [1, 2], np.nan, [[1, 2], [3]], object()])
def test_any_result_gives_a_message_not_a_crash(returned):
    for check in (lambda: checks.assert_close(returned, 3.0, what="the number"),
                  lambda: checks.assert_close(returned, [1.0, 2.0, 3.0], what="the values"),
                  lambda: checks.assert_same_partition(returned, [0, 0, 1], what="labels"),
                  lambda: checks.assert_centres_match(returned, [[0.0, 0.0]], what="centres"),
                  lambda: checks.assert_shape(returned, (3,), what="labels"),
                  lambda: checks.assert_equal(returned, "ward", what="linkage"),
                  lambda: checks.assert_linkage_equivalent(returned, linkage(np.eye(3)), what="tree")):
        with pytest.raises(CheckFailed):
            check()


def test_scalars_read_expected_then_got():
    with pytest.raises(CheckFailed, match=r"^number of clusters: expected 3, got 2\.\nHint: pass k"):
        checks.assert_close(2, 3, what="number of clusters", hint="pass k")
    with pytest.raises(CheckFailed, match=r"expected one number, got an array of shape \(2,\)"):
        checks.assert_close([1, 2], 3, what="inertia")
    with pytest.raises(CheckFailed, match=r"expected 'ward', got 'single'"):
        checks.assert_equal("single", "ward", what="linkage")
    with pytest.raises(CheckFailed, match=r"expected a DataFrame, got a list"):
        import pandas as pd
        checks.assert_type([1], pd.DataFrame, what="table")
    with pytest.raises(CheckFailed, match=r"expected an array of shape \(any, 2\), got shape \(3,\)"):
        checks.assert_shape([1, 2, 3], (None, 2), what="points")
    checks.assert_shape(np.zeros((5, 2)), (None, 2))


def test_exercise_names_itself_in_every_failure():
    with pytest.raises(CheckFailed, match=r"^Exercise 3 \(an IQR mask\), outliers: expected 2, got 1\."):
        with checks.exercise(3, "an IQR mask"):
            checks.assert_close(1, 2, what="outliers")
    with pytest.raises(CheckFailed, match=r"^Exercise 3 \(an IQR mask\), mask: hand-made"):
        with checks.exercise(3, "an IQR mask"):
            checks.fail("mask", "hand-made")


def test_exercise_turns_errors_into_messages():
    with pytest.raises(CheckFailed, match=r"^Exercise 1 \(x\): not answered yet"):
        with checks.exercise(1, "x"):
            raise NotImplementedError()
    with pytest.raises(CheckFailed, match=r"^Exercise 2 \(y\): the checks stopped at an error, ZeroDivisionError"):
        with checks.exercise(2, "y"):
            1 / 0
    with pytest.raises(KeyboardInterrupt):  # an interrupt (a grading timeout) is not a failed check
        with checks.exercise(2, "y"):
            raise KeyboardInterrupt
    with checks.exercise(4, "z"):  # passing checks pass
        checks.assert_close(1.0, 1.0)


def test_an_invalid_linkage_matrix_is_explained():
    Z = linkage(np.array([[0.0], [1.0], [5.0]]))
    broken = Z.copy()
    broken[1, :2] = [0, 0]  # the same point merged twice
    with pytest.raises(CheckFailed, match="not a valid scipy linkage matrix"):
        checks.assert_linkage_equivalent(broken, Z)


# --- bans: enforced on the objects, however the learner reaches them --------------------------------

def learner(code, name):
    """The function `name` defined by `code` as a notebook cell defines it (in __main__, a file of its own)."""
    namespace = {"__name__": "__main__"}
    exec(compile(code, f"<answer cell {name}>", "exec"), namespace)
    return namespace[name]


DIRECT_FORMS = {
    "setup import": "from sklearn.metrics import silhouette_samples\n"
                    "def mine(X, labels):\n    return silhouette_samples(X, labels)\n",
    "alias": "from sklearn.metrics import silhouette_samples as per_point\n"
             "def mine(X, labels):\n    return per_point(X, labels)\n",
    "module attribute": "import sklearn.metrics as skm\n"
                        "def mine(X, labels):\n    return skm.silhouette_samples(X, labels)\n",
    "private module": "import sklearn.metrics.cluster._unsupervised as u\n"
                      "def mine(X, labels):\n    return u.silhouette_samples(X, labels)\n",
    "import inside": "def mine(X, labels):\n    from sklearn.metrics import silhouette_samples\n"
                     "    return silhouette_samples(X, labels)\n",
    "the score": "from sklearn.metrics import silhouette_score\n"
                 "def mine(X, labels):\n    return silhouette_score(X, labels) + 0 * X[:, 0]\n",
    "in a container": "from sklearn import metrics\nTOOLS = {'s': metrics.silhouette_samples}\n"
                      "def mine(X, labels):\n    return TOOLS['s'](X, labels)\n",
    "partial": "import functools\nfrom sklearn.metrics import silhouette_samples\n"
               "f = functools.partial(silhouette_samples, metric='euclidean')\n"
               "def mine(X, labels):\n    return f(X, labels)\n",
    "default argument": "from sklearn.metrics import silhouette_samples\n"
                        "def mine(X, labels, how=silhouette_samples):\n    return how(X, labels)\n",
    "closure": "from sklearn.metrics import silhouette_samples\ndef make():\n    s = silhouette_samples\n"
               "    def mine(X, labels):\n        return s(X, labels)\n    return mine\nmine = make()\n",
    "helper of the learner": "from sklearn.metrics import silhouette_samples\n"
                             "def helper(X, labels):\n    return silhouette_samples(X, labels)\n"
                             "def mine(X, labels):\n    return helper(X, labels)\n",
    "handed to map": "from sklearn.metrics import silhouette_samples\n"
                     "def mine(X, labels):\n    return list(map(silhouette_samples, [X], [labels]))[0]\n",
    "swallowed": "from sklearn.metrics import silhouette_samples\nimport numpy as np\n"
                 "def mine(X, labels):\n    try:\n        return silhouette_samples(X, labels)\n"
                 "    except Exception:\n        return np.zeros(len(X))\n",
}


@pytest.mark.parametrize("form", DIRECT_FORMS)
def test_a_ban_catches_every_way_of_reaching_the_object(form, blobs):
    X, model = blobs
    mine = learner(DIRECT_FORMS[form], "mine")
    with pytest.raises(CheckFailed, match=r"Exercise 1 \(silhouette\), mine: it calls sklearn\.metrics\.silhouette_"):
        with checks.exercise(1, "silhouette"):
            checks.ban(mine, "silhouette_samples", hint="write it from a(i) and b(i).")
            mine(X, model.labels_)
    import sys
    import sklearn.metrics
    assert sys.getprofile() is None
    assert sklearn.metrics.silhouette_samples.__module__ == "sklearn.metrics.cluster._unsupervised"


def test_a_banned_class_is_caught_through_instances_and_subclasses(blobs):
    X, _ = blobs
    forms = {
        "instance": "from sklearn.cluster import DBSCAN as Density\n"
                    "def mine(X):\n    return Density(eps=0.5).fit_predict(X)\n",
        "made beforehand": "from sklearn import cluster\nmodel = cluster.DBSCAN(eps=0.5)\n"
                           "def mine(X):\n    return model.fit(X).labels_\n",
        "subclass": "from sklearn.cluster import DBSCAN\nclass Mine(DBSCAN):\n    pass\n"
                    "def mine(X):\n    return Mine().fit_predict(X)\n",
        "the function form": "import sklearn.cluster as skc\ndef mine(X):\n    return skc.dbscan(X)[1]\n",
    }
    for form, code in forms.items():
        mine = learner(code, "mine")
        with pytest.raises(CheckFailed, match="mine: it calls sklearn.cluster.(DBSCAN|dbscan)"):
            with checks.exercise(2, "DBSCAN from scratch"):
                checks.ban(mine, "DBSCAN")
                mine(X)


def test_a_banned_object_with_methods_is_caught_through_them():
    mine = learner("import numpy as np\nfrom scipy.stats import multivariate_normal as mvn\n"
                   "def mine(X):\n    return mvn(np.zeros(2), np.eye(2)).logpdf(X)\n", "mine")
    again = learner("import scipy.stats\ndef mine(X):\n    return scipy.stats.multivariate_normal.logpdf(X, [0, 0])\n",
                    "mine")
    for function in (mine, again):
        with pytest.raises(CheckFailed, match="it calls scipy.stats.multivariate_normal"):
            with checks.exercise(1, "the E-step"):
                checks.ban(function, "multivariate_normal")
                function(np.zeros((3, 2)))


def test_compiled_internals_are_swapped_for_the_exercise_and_put_back():
    import scipy.cluster._hierarchy as compiled
    original = compiled.cophenetic_distances
    mine = learner("import numpy as np\nfrom scipy.cluster import _hierarchy\nfrom scipy.cluster._hierarchy import "
                   "cophenetic_distances as cd\ndef mine(Z, n):\n    d = np.zeros(n * (n - 1) // 2)\n"
                   "    cd(Z, d, n)\n    return d\n", "mine")
    Z = linkage(np.array([[0.0], [1.0], [5.0]]))
    with pytest.raises(CheckFailed, match="it calls scipy.cluster._hierarchy.cophenetic_distances"):
        with checks.exercise(3, "cophenetic"):
            checks.ban(mine, "cophenet")
            mine(Z, 3)
    assert compiled.cophenetic_distances is original and mine.__globals__["cd"] is original


def test_a_ban_allows_the_test_own_calls_and_the_libraries_internal_ones(blobs):
    from sklearn.metrics import silhouette_samples, silhouette_score
    X, model = blobs
    honest = learner("import numpy as np\nfrom scipy.spatial.distance import cdist\n"
                     "def mine(X, labels):\n    import sklearn.metrics as m\n"
                     "    D = cdist(X, X)\n    assert m.adjusted_rand_score(labels, labels) == 1\n"
                     "    return D.mean(axis=1)\n", "mine")
    with checks.exercise(1, "silhouette"):
        checks.ban(honest, "silhouette_samples")
        honest(X, model.labels_)
        silhouette_samples(X, model.labels_)       # the test's own reference
    # adjusted_rand_score calls pair_confusion_matrix itself: allowed when only the latter... is banned
    ari = learner("from sklearn.metrics import adjusted_mutual_info_score\n"
                  "def mine(a, b):\n    return adjusted_mutual_info_score(a, b)\n", "mine")
    with checks.exercise(4, "ARI"):
        checks.ban(ari, "adjusted_rand_score")
        ari([0, 0, 1], [1, 1, 0])
    assert silhouette_score(X, model.labels_) > 0


def test_a_function_that_is_the_banned_object_is_told_so():
    from sklearn.cluster import dbscan
    with pytest.raises(CheckFailed, match="dbscan is sklearn.cluster.dbscan itself"):
        with checks.exercise(2, "DBSCAN from scratch"):
            checks.ban(dbscan, "DBSCAN")
    with pytest.raises(CheckFailed, match="expected a function you write with `def"):
        with checks.exercise(2, "DBSCAN from scratch"):
            checks.ban(np.vectorize(len), "DBSCAN")
    with pytest.raises(ValueError, match="unknown capability"):    # an author's slip, outside the checks
        checks.ban(learner("def f():\n    pass\n", "f"), "dbscan")
    with pytest.raises(RuntimeError, match="inside `with checks.exercise"):
        checks.ban(learner("def f():\n    pass\n", "f"), "DBSCAN")


def test_estimators_used_records_what_the_learner_fitted():
    from sklearn.cluster import KMeans as K
    fit = learner("from sklearn.cluster import KMeans\nfrom sklearn.pipeline import make_pipeline\n"
                  "from sklearn.preprocessing import StandardScaler\n"
                  "def fit(X, seed):\n    return make_pipeline(StandardScaler(), KMeans(2, n_init=3, random_state=7))"
                  ".fit_predict(X)\n", "fit")
    X = np.random.default_rng(0).normal(size=(30, 2))
    with checks.exercise(3, "seeds"):
        labels, used = checks.estimators_used(fit, X, 1, classes=K)
        K(2, n_init=1, random_state=0).fit(X)       # the test's own model is not the learner's
    assert len(labels) == 30 and [m.random_state for m in used] == [7]


