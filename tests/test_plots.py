"""Unit tests for utils.plots: what each figure function draws and returns."""

import matplotlib

matplotlib.use("Agg")  # no display in CI; must come before pyplot is imported

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.axes import Axes

from utils import plots


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def blobs():
    rng = np.random.default_rng(42)
    centres = np.array([[0.0, 0.0], [5.0, 5.0], [0.0, 5.0]])
    labels = np.repeat([0, 1, 2], 20)
    X = centres[labels] + rng.normal(scale=0.5, size=(60, 2))
    return X, labels, centres


def _rgb(colour):
    return np.asarray(mcolors.to_rgb(colour))


def _facecolours(collection):
    return {mcolors.to_hex(c, keep_alpha=False) for c in collection.get_facecolors()}


def _n_points(ax, exclude_label="centres"):
    return sum(len(c.get_offsets()) for c in ax.collections if c.get_label() != exclude_label)


# --- palette -------------------------------------------------------------------------------------

@pytest.mark.parametrize("n", [0, 1, 3, 9, 10, 15])
def test_palette_has_n_distinct_valid_colours(n):
    colours = plots.palette(n)
    assert len(colours) == n
    assert len(set(colours)) == n
    assert all(mcolors.is_color_like(c) for c in colours)


@pytest.mark.parametrize("n", [5, 12])
def test_palette_never_uses_the_noise_grey(n):
    noise = _rgb(plots.NOISE_COLOUR)
    for c in plots.palette(n):
        assert np.abs(_rgb(c) - noise).max() > 0.05


def test_palette_rejects_negative_n():
    with pytest.raises(ValueError):
        plots.palette(-1)


# --- plot_clusters -------------------------------------------------------------------------------

def test_plot_clusters_returns_axes_and_draws_every_point_once(blobs):
    X, labels, _ = blobs
    ax = plots.plot_clusters(X, labels)
    assert isinstance(ax, Axes)
    assert _n_points(ax) == len(X)
    # One collection per cluster, each in a single colour, all colours different.
    colours = [_facecolours(c) for c in ax.collections]
    assert len(colours) == 3 and all(len(c) == 1 for c in colours)
    assert len(set().union(*colours)) == 3
    assert set().union(*colours) == set(plots.palette(3))


def test_plot_clusters_uses_the_axes_passed_in(blobs):
    X, labels, centres = blobs
    fig, axes = plt.subplots(1, 2)
    returned = plots.plot_clusters(X, labels, centres, ax=axes[1], title="right")
    assert returned is axes[1]
    assert len(axes[0].collections) == 0
    assert axes[1].get_title() == "right"
    assert len(fig.axes) == 2


def test_plot_clusters_draws_centres_in_their_cluster_colour(blobs):
    X, labels, centres = blobs
    ax = plots.plot_clusters(X, labels, centres)
    (drawn,) = [c for c in ax.collections if c.get_label() == "centres"]
    np.testing.assert_allclose(drawn.get_offsets(), centres)
    for k in range(3):
        (cluster,) = [c for c in ax.collections if c.get_label() == f"cluster {k}"]
        np.testing.assert_allclose(drawn.get_facecolors()[k][:3], cluster.get_facecolors()[0][:3])
    # The centres are a different marker from the points and drawn on top.
    assert drawn.get_zorder() > max(c.get_zorder() for c in ax.collections if c is not drawn)
    assert not np.allclose(drawn.get_sizes(), ax.collections[0].get_sizes())


def test_plot_clusters_draws_noise_grey(blobs):
    X, labels, _ = blobs
    labels = labels.copy()
    labels[:7] = -1
    ax = plots.plot_clusters(X, labels)
    (noise,) = [c for c in ax.collections if c.get_label() == "noise"]
    assert len(noise.get_offsets()) == 7
    r, g, b = noise.get_facecolors()[0][:3]
    assert r == pytest.approx(g) == pytest.approx(b)  # grey: no hue
    assert _facecolours(noise) == {plots.NOISE_COLOUR}
    others = set().union(*(_facecolours(c) for c in ax.collections if c is not noise))
    assert plots.NOISE_COLOUR not in others
    assert _n_points(ax) == len(X)


class _Frame:
    """The two things plot_clusters uses of a pandas DataFrame (importing pandas would double
    this file's run time): column names and conversion to an array."""

    def __init__(self, values, columns):
        self.values, self.columns = values, columns

    def __array__(self, dtype=None, copy=None):
        return np.asarray(self.values, dtype=dtype)


def test_plot_clusters_string_labels_and_dataframe_axis_names(blobs):
    X, labels, _ = blobs
    df = _Frame(X, ["width", "length"])
    names = np.array(["Kama", "Rosa", "Canadian"])[labels]
    ax = plots.plot_clusters(df, names)
    assert ax.get_xlabel() == "width" and ax.get_ylabel() == "length"
    legend_texts = {t.get_text() for t in ax.get_legend().get_texts()}
    assert legend_texts == {"Kama", "Rosa", "Canadian"}


def test_plot_clusters_empty_cluster_centre_still_drawn(blobs):
    X, labels, centres = blobs
    four = np.vstack([centres, [[10.0, 10.0]]])  # cluster 3 has no points
    ax = plots.plot_clusters(X, labels, four, legend=False)
    (drawn,) = [c for c in ax.collections if c.get_label() == "centres"]
    assert len(drawn.get_offsets()) == 4
    assert len({tuple(fc) for fc in drawn.get_facecolors()}) == 4
    assert ax.get_legend() is None


def test_plot_clusters_rejects_bad_shapes(blobs):
    X, labels, _ = blobs
    with pytest.raises(ValueError):
        plots.plot_clusters(np.c_[X, X], labels)
    with pytest.raises(ValueError):
        plots.plot_clusters(X, labels[:-1])


# --- plot_kmeans_steps ---------------------------------------------------------------------------

def _lloyd_history(X, centres, n_iter):
    history_c, history_l = [centres], []
    for _ in range(n_iter):
        labels = np.argmin(((X[:, None] - centres) ** 2).sum(-1), axis=1)
        centres = np.array([X[labels == k].mean(0) for k in range(len(centres))])
        history_l.append(labels)
        history_c.append(centres)
    return history_c, history_l


def test_plot_kmeans_steps_grid_shape_and_content(blobs):
    X, _, _ = blobs
    cs, ls = _lloyd_history(X, X[[0, 1, 2]], 4)
    axes = plots.plot_kmeans_steps(X, cs, ls, n_steps=3)
    assert axes.shape == (2, 3)
    assert all(isinstance(a, Axes) for a in axes.flat)
    for t in range(3):
        top, bottom = axes[0, t], axes[1, t]
        assert "assign" in top.get_title() and "update" in bottom.get_title()
        assert _n_points(top) == len(X)
        (c_top,) = [c for c in top.collections if c.get_label() == "centres"]
        (c_bottom,) = [c for c in bottom.collections if c.get_label() == "centres"]
        np.testing.assert_allclose(c_top.get_offsets(), cs[t])
        np.testing.assert_allclose(c_bottom.get_offsets(), cs[t + 1])


def test_plot_kmeans_steps_defaults_to_all_steps_and_accepts_axes(blobs):
    X, _, _ = blobs
    cs, ls = _lloyd_history(X, X[[0, 1, 2]], 2)
    assert plots.plot_kmeans_steps(X, cs, ls).shape == (2, 2)
    fig, given = plt.subplots(2, 2)
    returned = plots.plot_kmeans_steps(X, cs, ls, ax=given)
    assert returned.shape == (2, 2) and returned[1, 1] is given[1, 1]
    with pytest.raises(ValueError):
        plots.plot_kmeans_steps(X, cs, ls, n_steps=3)


# --- plot_elbow ----------------------------------------------------------------------------------

def test_plot_elbow_line_and_knee():
    ks = np.arange(1, 8)
    inertias = 100.0 / ks
    ax = plots.plot_elbow(ks, inertias, knee=3)
    assert isinstance(ax, Axes)
    line = ax.lines[0]
    np.testing.assert_array_equal(line.get_xdata(), ks)
    np.testing.assert_allclose(line.get_ydata(), inertias)
    knee_lines = [ln for ln in ax.lines[1:] if np.allclose(ln.get_xdata(), 3)]
    assert len(knee_lines) == 1
    assert any("K = 3" in t.get_text() for t in ax.texts)
    assert ax.get_xlabel() and ax.get_ylabel()


def test_plot_elbow_without_knee_on_given_axes():
    fig, ax = plt.subplots()
    returned = plots.plot_elbow([1, 2, 3], [9.0, 4.0, 3.0], ax=ax, title="elbow")
    assert returned is ax
    assert len(ax.lines) == 1 and not ax.texts
    assert ax.get_title() == "elbow"
    with pytest.raises(ValueError):
        plots.plot_elbow([1, 2], [1.0])


# --- plot_clusters_vs_labels ---------------------------------------------------------------------

def _colour_of(ax, label):
    (coll,) = [c for c in ax.collections if c.get_label() == label]
    return mcolors.to_hex(coll.get_facecolors()[0], keep_alpha=False)


def test_plot_clusters_vs_labels_matches_colours(blobs):
    X, labels, centres = blobs
    clusters = np.array([2, 0, 1])[labels]           # same partition, other cluster numbers
    names = np.array(["Kama", "Rosa", "Canadian"])[labels]
    axes = plots.plot_clusters_vs_labels(X, clusters, names, centres[[1, 2, 0]])
    assert axes.shape == (2,) and all(isinstance(a, Axes) for a in axes)
    assert _n_points(axes[0]) == _n_points(axes[1]) == len(X)
    for k, name in [(2, "Kama"), (0, "Rosa"), (1, "Canadian")]:
        assert _colour_of(axes[0], f"cluster {k}") == _colour_of(axes[1], name)


def test_plot_clusters_vs_labels_more_classes_than_clusters(blobs):
    X, labels, _ = blobs
    clusters = np.minimum(labels, 1)                  # classes 1 and 2 merged into one cluster
    fig, given = plt.subplots(1, 2)
    axes = plots.plot_clusters_vs_labels(X, clusters, labels, ax=given, legend=False)
    assert axes[0] is given[0] and axes[1] is given[1]
    truth_colours = [_facecolours(c).pop() for c in axes[1].collections]
    assert len(set(truth_colours)) == 3               # the unmatched class still gets its own colour
    assert _colour_of(axes[0], "cluster 0") == _colour_of(axes[1], "cluster 0")


def test_plot_clusters_colour_override(blobs):
    X, labels, _ = blobs
    ax = plots.plot_clusters(X, labels, colours={1: "#000000"})
    assert _colour_of(ax, "cluster 1") == "#000000"
    assert _colour_of(ax, "cluster 0") == plots.palette(3)[0]


def test_match_colours_pairs_each_class_with_its_cluster():
    clusters = np.array([1, 1, 1, 0, 0, 2, -1])
    truth = np.array(["a", "a", "b", "b", "b", "c", "c"])
    cluster_colours, class_colours = plots.match_colours(clusters, truth)
    assert set(cluster_colours) == {0, 1, 2}                 # noise gets no cluster colour
    assert class_colours["a"] == cluster_colours[1]
    assert class_colours["b"] == cluster_colours[0]
    assert class_colours["c"] == cluster_colours[2]
    assert len(set(cluster_colours.values())) == 3


# --- plot_silhouette -----------------------------------------------------------------------------

def _bands(ax):
    """{legend label: (x values of the band's outline, its extent in rows)} of a silhouette plot."""
    bands = {}
    for coll in ax.collections:
        vertices = np.concatenate([p.vertices for p in coll.get_paths()])
        bands[coll.get_label()] = (vertices[:, 0], np.ptp(vertices[:, 1]))
    return bands


def test_plot_silhouette_from_data_matches_sklearn(blobs):
    from sklearn.metrics import silhouette_samples, silhouette_score

    X, labels, _ = blobs
    labels = labels.copy()
    labels[:5] = 1                                    # unequal cluster sizes: 15, 25, 20
    ax = plots.plot_silhouette(X, labels)
    assert isinstance(ax, Axes)
    values = silhouette_samples(X, labels)
    bands = _bands(ax)
    assert set(bands) == {"cluster 0", "cluster 1", "cluster 2"}
    for k in range(3):
        xs, height = bands[f"cluster {k}"]
        mine = values[labels == k]
        # One row per sample, from 0 out to the sample's silhouette.
        assert height == pytest.approx(np.sum(labels == k) - 1)
        assert xs.max() == pytest.approx(max(mine.max(), 0)) and xs.min() == pytest.approx(min(mine.min(), 0))
        (coll,) = [c for c in ax.collections if c.get_label() == f"cluster {k}"]
        assert _facecolours(coll) == {plots.palette(3)[k]}    # the colours of plot_clusters
    (mean_line,) = [ln for ln in ax.lines if ln.get_linestyle() == "--"]
    np.testing.assert_allclose(mean_line.get_xdata(), silhouette_score(X, labels))
    assert ax.get_xlabel() and ax.get_title()


def test_plot_silhouette_bands_are_sorted_and_do_not_overlap():
    values = np.array([0.1, 0.9, 0.5, -0.2, 0.3, 0.7, 0.4])
    labels = np.array([0, 0, 0, 1, 1, 1, 1])
    ax = plots.plot_silhouette(values, labels, gap=3)
    spans = []
    for k, coll in enumerate(ax.collections):
        v = coll.get_paths()[0].vertices
        outline = v[~np.isclose(v[:, 0], 0)]           # the points at the samples' values
        order = np.argsort(-outline[:, 1])             # from the top down
        expected = np.sort(values[labels == k])[::-1]
        np.testing.assert_allclose(np.unique(outline[order, 0])[::-1], np.unique(expected)[::-1])
        assert np.all(np.diff(outline[order, 0]) <= 1e-12)   # highest first
        spans.append((v[:, 1].min(), v[:, 1].max()))
    (lo0, hi0), (lo1, hi1) = spans
    assert hi1 < lo0 and lo0 - hi1 >= 3 - 1e-9          # cluster 1 below cluster 0, with the gap
    (mean_line,) = [ln for ln in ax.lines if ln.get_linestyle() == "--"]
    np.testing.assert_allclose(mean_line.get_xdata(), values.mean())
    assert ax.get_xlim()[0] <= -0.2                     # negative values stay visible


def test_plot_silhouette_leaves_noise_out_and_uses_given_axes(blobs):
    from sklearn.metrics import silhouette_score

    X, labels, _ = blobs
    labels = labels.copy()
    labels[::6] = -1
    fig, axes = plt.subplots(1, 2)
    returned = plots.plot_silhouette(X, labels, ax=axes[1], title="with noise")
    assert returned is axes[1] and len(axes[0].collections) == 0
    assert "noise" not in " ".join(c.get_label() for c in returned.collections)
    assert len(returned.collections) == 3
    kept = labels != -1
    (mean_line,) = [ln for ln in returned.lines if ln.get_linestyle() == "--"]
    np.testing.assert_allclose(mean_line.get_xdata(), silhouette_score(X[kept], labels[kept]))
    assert "10 noise" in returned.get_title() and returned.get_title().startswith("with noise")


def test_plot_silhouette_string_labels_and_colour_override():
    values = np.linspace(-0.1, 0.8, 8)
    names = np.array(["Kama", "Rosa"] * 4)
    ax = plots.plot_silhouette(values, names, colours={"Rosa": "#000000"})
    assert {c.get_label() for c in ax.collections} == {"Kama", "Rosa"}
    (rosa,) = [c for c in ax.collections if c.get_label() == "Rosa"]
    assert _facecolours(rosa) == {"#000000"}
    assert {t.get_text() for t in ax.texts} >= {"Kama", "Rosa"}


def test_plot_silhouette_rejects_bad_input(blobs):
    X, labels, _ = blobs
    with pytest.raises(ValueError):
        plots.plot_silhouette(X, labels[:-1])            # one label per sample
    with pytest.raises(ValueError):
        plots.plot_silhouette(X, np.zeros(len(X), dtype=int))   # one cluster: no silhouette
    with pytest.raises(ValueError):
        plots.plot_silhouette(X[:, :, None], labels)     # neither data nor values


def test_match_colours_keeps_each_datasets_class_colours():
    grains = plots.CLASS_COLOURS["grains"]
    clusters = np.array([2, 2, 0, 0, 1, 1, 1])
    truth = np.array(["Kama", "Kama", "Rosa", "Rosa", "Canadian", "Canadian", "Rosa"])
    cluster_colours, class_colours = plots.match_colours(clusters, truth, class_colours=grains)
    assert class_colours == grains                             # a variety looks the same everywhere
    assert cluster_colours == {2: grains["Kama"], 0: grains["Rosa"], 1: grains["Canadian"]}
    # A fourth cluster, with no class of its own, gets a colour no class uses.
    cluster_colours, _ = plots.match_colours(np.array([2, 2, 0, 0, 1, 1, 3]), truth, class_colours=grains)
    assert cluster_colours[3] not in grains.values() and len(set(cluster_colours.values())) == 4


def test_every_dataset_palette_is_distinct_and_not_noise():
    for dataset, colours in plots.CLASS_COLOURS.items():
        assert len(set(colours.values())) == len(colours), dataset
        assert plots.NOISE_COLOUR not in colours.values(), dataset


# --- plot_dendrogram -----------------------------------------------------------------------------

def _link_colours(ax):
    return {mcolors.to_hex(c, keep_alpha=False) for coll in ax.collections for c in coll.get_colors()}


@pytest.fixture
def tree():
    from scipy.cluster.hierarchy import linkage

    # Three tight groups on a line, far apart: a cut at 5 gives exactly these three clusters.
    x = np.array([0.0, 0.5, 1.0, 20.0, 20.4, 40.0, 40.3, 40.9])
    return linkage(x[:, None], "complete"), ["a", "b", "c", "d", "e", "f", "g", "h"]


def test_plot_dendrogram_labels_and_label_colours(tree):
    Z, names = tree
    ax = plots.plot_dendrogram(Z, names, label_colours={"a": "#123456", "f": "#abcdef"})
    assert isinstance(ax, Axes)
    shown = {t.get_text(): mcolors.to_hex(t.get_color()) for t in ax.get_xticklabels()}
    assert set(shown) == set(names)
    assert shown["a"] == "#123456" and shown["f"] == "#abcdef"
    assert _link_colours(ax) == {"#404040"}                  # no cut: every link dark grey
    assert ax.get_ylabel() == "merge height"


def test_plot_dendrogram_cut_colours_each_cluster(tree):
    Z, names = tree
    ax = plots.plot_dendrogram(Z, names, cut_height=5)
    colours = _link_colours(ax)
    assert "#404040" in colours                               # the merges above the cut
    assert colours - {"#404040"} == set(plots.palette(3))     # one colour per flat cluster
    (cut,) = [ln for ln in ax.lines if ln.get_linestyle() == "--"]
    np.testing.assert_allclose(cut.get_ydata(), 5)
    assert any("3 clusters" in t.get_text() for t in ax.texts)


def test_plot_dendrogram_cluster_colours_override_and_cut_stays_in_view(tree):
    Z, names = tree
    from scipy.cluster.hierarchy import fcluster

    first = fcluster(Z, 5, "distance")[0]
    ax = plots.plot_dendrogram(Z, names, cut_height=5, cluster_colours={first: "#000000"})
    assert "#000000" in _link_colours(ax)
    high = plots.plot_dendrogram(Z, names, cut_height=100)
    assert high.get_ylim()[1] >= 100                          # a cut above the root is still drawn
    assert any("1 cluster" in t.get_text() for t in high.texts)


def test_plot_dendrogram_sideways_and_sized_by_leaves():
    from scipy.cluster.hierarchy import linkage

    X = np.random.default_rng(0).normal(size=(60, 3))
    names = [f"company {i}" for i in range(60)]
    ax = plots.plot_dendrogram(linkage(X, "average"), names, orientation="right")
    assert {t.get_text() for t in ax.get_yticklabels()} == set(names)
    assert ax.get_xlabel() == "merge height"
    width, height = ax.figure.get_size_inches()
    assert height >= 0.16 * 60 and width <= 11                # about 0.16 inch per leaf
    # Beyond 80 leaves without labels, no labels are drawn (they could not be read).
    many = plots.plot_dendrogram(linkage(np.random.default_rng(1).normal(size=(120, 2)), "ward"))
    assert [t.get_text() for t in many.get_xticklabels()] == []
    assert many.figure.get_size_inches()[0] <= 11


def test_plot_dendrogram_rejects_bad_input(tree):
    Z, names = tree
    with pytest.raises(ValueError):
        plots.plot_dendrogram(Z, names[:-1])                  # one label per leaf
    with pytest.raises(ValueError):
        plots.plot_dendrogram(Z, names, orientation="diagonal")
    with pytest.raises(ValueError):
        plots.plot_dendrogram(Z[:, :3])                       # not a linkage matrix


# --- plot_k_distance -----------------------------------------------------------------------------

def test_plot_k_distance_draws_the_sorted_distances_and_counts_core_points():
    k_distances = np.array([0.5, 0.1, 0.3, 2.0, 0.2])
    ax = plots.plot_k_distance(k_distances, min_samples=4, eps=0.3)
    assert isinstance(ax, Axes)
    curve = ax.lines[0]
    assert np.array_equal(curve.get_xdata(), np.arange(1, 6))
    assert np.array_equal(curve.get_ydata(), np.sort(k_distances))
    eps_line = next(line for line in ax.lines if "eps" in str(line.get_label()))
    assert np.allclose(eps_line.get_ydata(), 0.3)
    assert "3 of 5 points are core" in eps_line.get_label()   # 0.1, 0.2 and 0.3 (<= eps)
    assert "4th nearest point" in ax.get_ylabel() and "itself" in ax.get_ylabel()
    assert ax.get_ylim()[0] == 0


def test_plot_k_distance_compares_curves_on_given_axes():
    _, ax = plt.subplots()
    assert plots.plot_k_distance([1.0, 2.0], label="a", ax=ax) is ax
    plots.plot_k_distance([3.0, 1.0, 2.0], label="b", colour="red", ax=ax)
    assert [line.get_label() for line in ax.lines] == ["a", "b"]
    assert ax.get_ylabel() == "k-distance"


@pytest.mark.parametrize("bad", [np.ones((3, 2)), [], [1.0, np.nan]])
def test_plot_k_distance_rejects_bad_input(bad):
    with pytest.raises(ValueError):
        plots.plot_k_distance(bad)


# --- plot_core_border_noise ----------------------------------------------------------------------

@pytest.fixture
def dbscan_toy():
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.5, 0.5], [2.2, 0.0], [5.0, 5.0], [6.0, 5.0], [5.5, 5.5], [9.0, 0.0]])
    labels = np.array([0, 0, 0, 0, 1, 1, 1, -1])
    core = np.array([0, 1, 2, 4, 5, 6])     # point 3 is a border point of cluster 0, point 7 noise
    return X, labels, core


def test_plot_core_border_noise_marks_each_kind(dbscan_toy):
    X, labels, core = dbscan_toy
    ax = plots.plot_core_border_noise(X, labels, core)
    assert isinstance(ax, Axes)
    assert _n_points(ax) == len(X)
    assert ax.get_aspect() == 1.0
    filled = [c for c in ax.collections if len(c.get_offsets()) and len(c.get_facecolors())]
    hollow = [c for c in ax.collections if len(c.get_offsets()) and not len(c.get_facecolors())]
    assert sum(len(c.get_offsets()) for c in hollow) == 1                          # the border point
    assert np.allclose(hollow[0].get_offsets(), [[2.2, 0.0]])
    noise = [c for c in filled if _facecolours(c) == {plots.NOISE_COLOUR}]
    assert len(noise) == 1 and np.allclose(noise[0].get_offsets(), [[9.0, 0.0]])
    cores = [c for c in filled if c not in noise]
    assert sum(len(c.get_offsets()) for c in cores) == 6
    assert set().union(*(_facecolours(c) for c in cores)) == set(plots.palette(2))
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["cluster 0", "cluster 1", "core", "border", "noise"]


def test_plot_core_border_noise_mask_and_eps_circles(dbscan_toy):
    X, labels, core = dbscan_toy
    mask = np.zeros(len(X), dtype=bool)
    mask[core] = True
    _, ax = plt.subplots()
    assert plots.plot_core_border_noise(X, labels, mask, eps=1.2, ax=ax, legend=False) is ax
    assert len(ax.patches) == 6 and all(np.isclose(p.get_radius(), 1.2) for p in ax.patches)
    assert ax.get_legend() is None
    x_low, x_high = ax.get_xlim()
    assert x_low <= -1.2 and x_high >= 9.0      # the circles are inside the view


def test_plot_core_border_noise_rejects_inconsistent_input(dbscan_toy):
    X, labels, core = dbscan_toy
    with pytest.raises(ValueError):
        plots.plot_core_border_noise(X[:, :1], labels, core)
    with pytest.raises(ValueError):
        plots.plot_core_border_noise(X, labels[:-1], core)
    with pytest.raises(ValueError):
        plots.plot_core_border_noise(X, labels, np.ones(3, dtype=bool))
    with pytest.raises(ValueError):
        plots.plot_core_border_noise(X, labels, [0, 7])       # point 7 is noise, so it cannot be core


def test_plot_k_distance_relative_ranks_for_groups_of_different_sizes():
    ax = plots.plot_k_distance([0.3, 0.1, 0.2, 0.4], relative=True, label="four")
    plots.plot_k_distance([0.5, 0.6], relative=True, label="two", ax=ax)
    assert np.allclose(ax.lines[0].get_xdata(), [0.25, 0.5, 0.75, 1.0])
    assert np.allclose(ax.lines[1].get_xdata(), [0.5, 1.0])
    assert ax.get_xlim() == (0.0, 1.0)
    assert ax.get_xlabel().startswith("share of the points")
    # Without relative=True, the axis keeps room for the longest curve whatever the order of the calls.
    _, ax = plt.subplots()
    plots.plot_k_distance(np.arange(10.0), ax=ax)
    plots.plot_k_distance([1.0, 2.0], ax=ax)
    assert ax.get_xlim()[1] >= 10


# --- plot_image_grid -----------------------------------------------------------------------------

def test_plot_image_grid_draws_each_image_in_its_shape_and_hides_spare_axes():
    images = np.arange(7 * 6, dtype=float).reshape(7, 6)          # 7 images of 3 x 2 pixels
    axes = plots.plot_image_grid(images, (3, 2), titles=[f"image {i}" for i in range(7)], ncols=4)
    assert axes.shape == (2, 4)
    drawn = [a for a in axes.flat if a.get_visible()]
    assert len(drawn) == 7 and not axes.flat[7].get_visible()
    assert np.array_equal(drawn[2].images[0].get_array(), images[2].reshape(3, 2))
    assert [a.get_title() for a in drawn] == [f"image {i}" for i in range(7)]
    assert drawn[0].get_xticks().size == 0 and drawn[0].get_yticks().size == 0


def test_plot_image_grid_shares_one_scale_grey_or_diverging():
    positive = np.array([[0.0, 1.0, 2.0, 4.0], [0.0, 0.5, 0.5, 1.0]])
    axes = plots.plot_image_grid(positive, (2, 2))
    for a in axes.flat:
        assert a.images[0].get_cmap().name == "gray_r"
        assert a.images[0].get_clim() == (0.0, 4.0)                # one scale: the largest value
    signed = np.array([[-3.0, 1.0, 0.0, 2.0], [0.5, 0.5, -0.5, 1.0]])
    axes = plots.plot_image_grid(signed.reshape(2, 2, 2), (2, 2), vmax=5.0, colorbar=True)
    for a in axes.flat:
        assert a.images[0].get_cmap().name == "PuOr"
        assert a.images[0].get_clim() == (-5.0, 5.0)               # centred on 0
    assert len(axes.flat[0].figure.axes) == 3                      # two images and one colour bar


def test_plot_image_grid_on_given_axes_and_rejects_bad_input():
    fig, ax = plt.subplots(1, 3)
    axes = plots.plot_image_grid(np.ones((2, 4)), (2, 2), ax=ax)
    assert axes.shape == (1, 3) and axes.flat[0].figure is fig and not axes.flat[2].get_visible()
    with pytest.raises(ValueError):
        plots.plot_image_grid(np.ones((2, 5)), (2, 2))             # 5 pixels are not 2 x 2
    with pytest.raises(ValueError):
        plots.plot_image_grid(np.ones((2, 3, 3)), (2, 2))
    with pytest.raises(ValueError):
        plots.plot_image_grid(np.ones((2, 4)), (2, 2), titles=["only one"])
    with pytest.raises(ValueError):
        plots.plot_image_grid(np.ones((3, 4)), (2, 2), ax=ax[:2])


# --- plot_embedding ------------------------------------------------------------------------------

def test_plot_embedding_2d_colours_by_label_with_equal_aspect(blobs):
    X, labels, _ = blobs
    ax = plots.plot_embedding(X, labels, axis_labels=("t-SNE 1", "t-SNE 2"), ticks=False, title="map")
    assert isinstance(ax, Axes)
    assert _n_points(ax) == len(X)
    assert [_facecolours(c) for c in ax.collections] == [{c} for c in plots.palette(3)]
    assert ax.get_aspect() == 1.0
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == ("t-SNE 1", "t-SNE 2", "map")
    assert all(t.get_text() == "" for t in ax.get_xticklabels())
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["0", "1", "2"]


def test_plot_embedding_class_colours_names_and_text_markers():
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [3.0, 3.0]])
    varieties = np.array(["Kama", "Rosa", "Canadian", "Rosa"])
    ax = plots.plot_embedding(X, varieties, names=["a", "b", "c", "d"], colours=plots.CLASS_COLOURS["grains"])
    colour_of = {c.get_label(): _facecolours(c) for c in ax.collections}
    assert colour_of == {v: {plots.CLASS_COLOURS["grains"][v]} for v in ["Canadian", "Kama", "Rosa"]}
    assert sorted(t.get_text() for t in ax.texts) == ["a", "b", "c", "d"]
    # Text markers: each point drawn as its label (one scatter per label, the text as its marker),
    # in its label's colour; no labels, no legend.
    _, ax = plt.subplots()
    plots.plot_embedding(X, np.array([0, 1, 1, 7]), text_markers=True, ax=ax)
    assert [(c.get_label(), len(c.get_offsets())) for c in ax.collections] == [("0", 1), ("1", 2), ("7", 1)]
    assert _facecolours(ax.collections[2]) == {plots.palette(3)[2]}
    assert len({len(c.get_paths()[0].vertices) for c in ax.collections}) == 3      # three different glyphs
    ax = plots.plot_embedding(X)
    assert ax.get_legend() is None and _n_points(ax) == 4


def test_plot_embedding_3d():
    X = np.random.default_rng(0).normal(size=(30, 3))
    ax = plots.plot_embedding(X, np.repeat([0, 1, 2], 10), axis_labels=("a", "b", "c"))
    assert ax.name == "3d"
    assert sum(len(c._offsets3d[0]) for c in ax.collections) == 30
    assert ax.get_zlabel() == "c"
    fig = plt.figure()
    ax3 = fig.add_subplot(projection="3d")
    assert plots.plot_embedding(X, text_markers=False, ax=ax3) is ax3


def test_plot_embedding_rejects_bad_input():
    with pytest.raises(ValueError):
        plots.plot_embedding(np.ones((5, 4)))                          # neither 2-D nor 3-D
    with pytest.raises(ValueError):
        plots.plot_embedding(np.ones((5, 2)), labels=[0, 1])           # one label per point
    with pytest.raises(ValueError):
        plots.plot_embedding(np.ones((5, 2)), names=["a"])
    with pytest.raises(ValueError):
        plots.plot_embedding(np.ones((5, 2)), text_markers=True)       # text markers need labels
    _, ax = plt.subplots()
    with pytest.raises(ValueError):
        plots.plot_embedding(np.ones((5, 3)), ax=ax)                   # 3-D points on 2-D Axes


def test_plot_embedding_places_names_without_overlaps():
    # Six points in a tight row: written all to the right, the names would overlap.
    X = np.column_stack([np.arange(6) * 0.3, np.zeros(6)])
    fig, ax = plt.subplots(figsize=(4, 3))
    plots.plot_embedding(X, names=[f"company {i}" for i in range(6)], ax=ax)
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    assert len(boxes) == 6
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])


# --- plot_scaling --------------------------------------------------------------------------------

def test_plot_scaling_draws_a_log_log_series_with_its_slope_and_spread():
    ax = plots.plot_scaling([1000, 2000, 4000], [0.01, 0.04, 0.16], spread=([0.009, 0.03, 0.15], [0.02, 0.05, 0.2]),
                            slope=2.0, label="Ward", ylabel="fit time (s)")
    assert isinstance(ax, Axes)
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert ax.get_xlabel() == "number of points n" and ax.get_ylabel() == "fit time (s)"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Ward (slope 2.0)"]
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [0.01, 0.04, 0.16])
    assert ax.collections, "the spread is drawn as error bars"
    assert ax.xaxis.get_major_formatter()(1000) == "1,000"       # plain numbers, not 10^3
    assert ax.yaxis.get_major_formatter()(0.01) == "0.01"


def test_plot_scaling_series_share_axes_and_get_distinct_colours():
    ax = plots.plot_scaling([1, 2, 4], [1, 2, 4], label="a", spread=([0.5, 1, 3], [2, 3, 5]))
    plots.plot_scaling([1, 2, 4], [1, 4, 16], label="b", ax=ax)
    plots.plot_scaling([1, 2, 4], [2, 3, 4], label="c", ax=ax, colour="#000000")
    series = [line for line in ax.lines if not line.get_label().startswith("_")]
    assert [line.get_label() for line in series] == ["a", "b", "c"]
    assert len({mcolors.to_hex(line.get_color()) for line in series}) == 3
    assert mcolors.to_hex(series[2].get_color()) == "#000000"


@pytest.mark.parametrize("sizes, values, spread", [
    ([1, 2, 4], [1, 0, 4], None),                           # a zero has no logarithm
    ([1, 2], [1, 2, 3], None),                              # lengths differ
    ([1, 2, 4], [1, 2, 4], ([2, 2, 4], [3, 3, 5])),         # low above the value
])
def test_plot_scaling_rejects_bad_input(sizes, values, spread):
    with pytest.raises(ValueError):
        plots.plot_scaling(sizes, values, spread=spread)
