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
