"""Figures the course draws more than once, one function each.

Every function draws on the Axes it is given (``ax=``) or on a new figure, and returns the
Axes (an array of Axes for grids), so a notebook can add titles or annotations afterwards.
Nothing here calls ``plt.show()``: the notebook decides when a figure is shown.

Colours come from :func:`palette`, which is colour-blind safe; noise points (label ``-1``, as
DBSCAN returns them) are always drawn in :data:`NOISE_COLOUR`, a neutral grey that no cluster uses.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

__all__ = [
    "NOISE_COLOUR",
    "CENTRE_MARKER",
    "palette",
    "CLASS_COLOURS",
    "plot_clusters",
    "match_colours",
    "plot_clusters_vs_labels",
    "plot_kmeans_steps",
    "plot_elbow",
    "plot_silhouette",
]

NOISE_COLOUR = "#999999"
CENTRE_MARKER = "X"

# seaborn's "colorblind" palette (Okabe-Ito hues) without its grey, which is kept for noise,
# reordered so that the first four (the common case) are the easiest to tell apart.
# Written out rather than imported: importing seaborn would double the import time of this module.
_BASE = ["#0173b2", "#de8f05", "#029e73", "#cc78bc", "#d55e00", "#56b4e9", "#ca9161",
         "#fbafe4", "#ece133"]


def palette(n: int) -> list[str]:
    """``n`` colour-blind-safe colours as hex strings, distinct from :data:`NOISE_COLOUR`.

    Up to 9 colours are qualitative (seaborn "colorblind"). There are no more clearly distinct
    colour-blind-safe hues, so for more than 9 the colours are spread evenly over the perceptually
    uniform "viridis" map instead (neighbouring clusters then look alike: prefer fewer colours).
    """
    if n < 0:
        raise ValueError(f"palette(n) needs n >= 0, got {n}")
    if n <= len(_BASE):
        return _BASE[:n]
    cmap = mpl.colormaps["viridis"].resampled(n)
    return [mpl.colors.to_hex(cmap(i)) for i in range(n)]


# One colour per class of each labelled course dataset, so that a class looks the same in every
# chapter and every figure (pass ``colours=CLASS_COLOURS["grains"]``, or ``class_colours=`` to
# :func:`match_colours` and :func:`plot_clusters_vs_labels`).
CLASS_COLOURS = {
    "grains": dict(zip(["Kama", "Rosa", "Canadian"], _BASE)),
    "fish": dict(zip(["Bream", "Roach", "Smelt", "Pike"], _BASE)),
    "wine": dict(zip(["Barolo", "Grignolino", "Barbera"], _BASE)),
    "iris": dict(zip(["setosa", "versicolor", "virginica"], _BASE)),
}


def _new_ax(ax, figsize=(5, 4)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _axis_names(X, xlabel, ylabel):
    """Axis labels: the given ones, else a DataFrame's column names, else generic names."""
    if hasattr(X, "columns"):  # a pandas DataFrame
        default = [str(c) for c in X.columns[:2]]
    else:
        default = ["feature 1", "feature 2"]
    return xlabel or default[0], ylabel or default[1]


def _is_noise(labels: np.ndarray, noise_label) -> np.ndarray:
    # Only compare with the noise label when the labels are numbers: string labels
    # (e.g. species names) never mean noise.
    if noise_label is None or labels.dtype.kind not in "iuf":
        return np.zeros(labels.shape, dtype=bool)
    return labels == noise_label


def plot_clusters(X, labels, centres=None, *, ax=None, title: str | None = None,
                  noise_label=-1, xlabel: str | None = None, ylabel: str | None = None,
                  legend: bool = True, label_names: dict | None = None, colours: dict | None = None,
                  s: float = 20, alpha: float = 0.8, centre_size: float = 220):
    """Scatter 2-D points coloured by cluster; optional centres drawn as large ``X`` markers.

    ``X`` is an (n, 2) array or DataFrame (its column names label the axes). ``labels`` may be
    any values (cluster numbers, species names); ``noise_label`` points are grey and drawn first,
    so clusters stay visible on top. Row ``k`` of ``centres`` is the centre of cluster ``k`` (the
    scikit-learn convention) and gets that cluster's colour. ``label_names`` maps a label to its
    legend text; ``colours`` maps a label to its colour (default: :func:`palette` in label order).
    Returns the Axes.
    """
    ax = _new_ax(ax)
    points = np.asarray(X, dtype=float)
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(f"plot_clusters draws 2-D points; X has shape {points.shape}")
    labels = np.asarray(labels)
    if labels.shape != (len(points),):
        raise ValueError(f"need one label per point: {len(points)} points, labels of shape {labels.shape}")

    noise = _is_noise(labels, noise_label)
    cluster_ids = list(np.unique(labels[~noise]))
    integer_labels = labels.dtype.kind in "iu"
    if centres is not None and integer_labels:
        # A centre whose cluster is empty still needs a colour of its own.
        cluster_ids = sorted(set(cluster_ids) | set(range(len(centres))))
    colours = {**dict(zip(cluster_ids, palette(len(cluster_ids)))), **(colours or {})}
    names = label_names or {}

    if noise.any():
        ax.scatter(*points[noise].T, s=s * 0.6, c=NOISE_COLOUR, alpha=alpha, label="noise",
                   linewidths=0)
    for cid in cluster_ids:
        mask = labels == cid
        if mask.any():
            ax.scatter(*points[mask].T, s=s, color=colours[cid], alpha=alpha, linewidths=0,
                       label=names.get(cid, f"cluster {cid}" if integer_labels else str(cid)))
    if centres is not None:
        centres = np.asarray(centres, dtype=float)
        # Row k is the centre of cluster k (integer labels), else of the k-th label in sorted order.
        keys = range(len(centres)) if integer_labels else cluster_ids[:len(centres)]
        ax.scatter(*centres.T, s=centre_size, marker=CENTRE_MARKER,
                   c=[colours[k] for k in keys], edgecolors="black",
                   linewidths=1.5, zorder=3, label="centres")

    xl, yl = _axis_names(X, xlabel, ylabel)
    ax.set(xlabel=xl, ylabel=yl)
    if title:
        ax.set_title(title)
    if legend:
        # Outside the plotting area, so the legend never hides points.
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small", frameon=False,
                  markerscale=0.8)
    return ax


def match_colours(clusters, truth, centres=None, *, noise_label=-1, class_colours: dict | None = None):
    """Colours for a clustering and for known labels, matched so that agreement looks alike.

    Each true class is paired with the cluster it shares most points with (one-to-one, largest
    overlaps first), and the pair gets one colour: the class's own colour from ``class_colours``
    (e.g. ``CLASS_COLOURS["grains"]``) if given, else one from :func:`palette`. Classes and clusters
    left unpaired get colours of their own. Returns ``(cluster_colours, class_colours)``, two dicts
    for the ``colours=`` of :func:`plot_clusters`.
    """
    clusters, truth = np.asarray(clusters), np.asarray(truth)
    noise = _is_noise(clusters, noise_label)
    cluster_ids = np.unique(clusters[~noise])
    if centres is not None and clusters.dtype.kind in "iu":
        cluster_ids = np.union1d(cluster_ids, np.arange(len(centres)))
    classes = np.unique(truth)
    overlap = np.array([[np.sum((truth == c) & (clusters == k)) for k in cluster_ids] for c in classes])
    # Greedy one-to-one matching: good enough for colours, and it spares importing scipy.
    rows, cols = [], []
    for flat in np.argsort(-overlap, axis=None, kind="stable"):
        i, j = divmod(int(flat), len(cluster_ids))
        if i not in rows and j not in cols:
            rows.append(i)
            cols.append(j)

    fixed = {c: class_colours[c] for c in classes if class_colours and c in class_colours}
    spare = iter(c for c in palette(len(cluster_ids) + len(classes) + len(fixed)) if c not in fixed.values())
    colour_of_class = {c: fixed.get(c) or next(spare) for c in classes}
    cluster_colours = {cluster_ids[j].item(): colour_of_class[classes[i]] for i, j in zip(rows, cols)}
    cluster_colours.update({k.item(): next(spare) for k in cluster_ids if k.item() not in cluster_colours})
    cluster_colours = {k.item(): cluster_colours[k.item()] for k in cluster_ids}  # in label order
    return cluster_colours, colour_of_class


def plot_clusters_vs_labels(X, clusters, truth, centres=None, *, ax=None,
                            titles=("clusters", "true labels"), figsize=(11, 4),
                            class_colours: dict | None = None, **kwargs):
    """Two panels: the clusters (with optional centres) and the known labels, colours matched.

    Colours come from :func:`match_colours`, so agreement shows as the same colour in both
    panels; ``class_colours`` (e.g. ``CLASS_COLOURS["grains"]``) fixes the colour of each class.
    ``ax`` may be an existing pair of Axes; other keyword arguments go to :func:`plot_clusters`.
    Returns the array of the two Axes.
    """
    if ax is None:
        _, axes = plt.subplots(1, 2, figsize=figsize, sharex=True, sharey=True, layout="constrained")
    else:
        axes = np.asarray(ax).ravel()
    cluster_colours, truth_colours = match_colours(clusters, truth, centres, class_colours=class_colours,
                                                   noise_label=kwargs.get("noise_label", -1))
    plot_clusters(X, clusters, centres, ax=axes[0], title=titles[0], colours=cluster_colours, **kwargs)
    plot_clusters(X, truth, ax=axes[1], title=titles[1], colours=truth_colours, **kwargs)
    return axes


def plot_kmeans_steps(X, centres_history: Sequence, labels_history: Sequence, *,
                      n_steps: int | None = None, ax=None, figsize=None,
                      xlabel: str | None = None, ylabel: str | None = None):
    """A grid of Lloyd iterations: one column per iteration, assignment on top, update below.

    ``centres_history[t]`` are the centres before iteration ``t`` (so ``centres_history[0]`` is
    the initialisation) and ``labels_history[t]`` the assignment to them; the update panel shows
    the move from ``centres_history[t]`` (hollow) to ``centres_history[t + 1]``. Shows the first
    ``n_steps`` iterations (default: all). ``ax`` may be an existing (2, n_steps) array of Axes.
    Returns the (2, n_steps) array of Axes.
    """
    n_available = min(len(labels_history), len(centres_history) - 1)
    n_steps = n_available if n_steps is None else n_steps
    if not 1 <= n_steps <= n_available:
        raise ValueError(f"n_steps must be between 1 and {n_available}, got {n_steps}")
    if ax is None:
        _, axes = plt.subplots(2, n_steps, figsize=figsize or (3.2 * n_steps, 6.2),
                               sharex=True, sharey=True, layout="constrained", squeeze=False)
    else:
        axes = np.asarray(ax).reshape(2, n_steps)
    xl, yl = _axis_names(X, xlabel, ylabel)

    for t in range(n_steps):
        old, new = np.asarray(centres_history[t]), np.asarray(centres_history[t + 1])
        top, bottom = axes[0, t], axes[1, t]
        plot_clusters(X, labels_history[t], old, ax=top, legend=False, s=10,
                      title=f"iteration {t + 1}: assign", xlabel=xl, ylabel=yl)
        plot_clusters(X, labels_history[t], new, ax=bottom, legend=False, s=10,
                      title=f"iteration {t + 1}: update", xlabel=xl, ylabel=yl)
        # Where the centres were, and an arrow to where the update moved them.
        bottom.scatter(*old.T, s=120, marker=CENTRE_MARKER, facecolors="none",
                       edgecolors="black", linewidths=1, zorder=3)
        for a, b in zip(old, new):
            if not np.allclose(a, b):
                bottom.annotate("", xy=b, xytext=a, zorder=4,
                                arrowprops=dict(arrowstyle="->", color="black", lw=1.2))
    # Shared axes: label only the outer ones.
    for a in axes.flat:
        a.label_outer()
    return axes


def plot_elbow(ks, inertias, *, ax=None, knee=None, title: str | None = None,
               ylabel: str = "inertia (within-cluster sum of squares)"):
    """Inertia (or any score) against the number of clusters K, with the knee marked if given.

    ``knee`` is a value of K; it is drawn as a dashed vertical line and labelled. Returns the Axes.
    """
    ax = _new_ax(ax)
    ks = np.asarray(ks)
    inertias = np.asarray(inertias, dtype=float)
    if ks.shape != inertias.shape:
        raise ValueError(f"ks and inertias differ in length: {ks.shape} vs {inertias.shape}")
    colour = palette(1)[0]
    ax.plot(ks, inertias, marker="o", color=colour)
    if knee is not None:
        ax.axvline(knee, color="black", linestyle="--", linewidth=1)
        ax.annotate(f"knee: K = {knee}", xy=(knee, 1), xycoords=("data", "axes fraction"),
                    xytext=(5, -15), textcoords="offset points", fontsize="small")
    ax.set_xticks(ks)
    ax.set(xlabel="number of clusters K", ylabel=ylabel)
    if title:
        ax.set_title(title)
    return ax


def plot_silhouette(X_or_values, labels, *, ax=None, metric: str = "euclidean", noise_label=-1,
                    title: str | None = None, colours: dict | None = None, gap: float | None = None):
    """The silhouette plot: every sample's silhouette, sorted within its cluster, and their mean.

    ``X_or_values`` is either the data, an (n, d) array or DataFrame (the silhouettes are then
    computed with scikit-learn's ``silhouette_samples`` and ``metric``), or the n per-sample
    silhouette values themselves, a 1-D array (for silhouettes computed some other way).
    ``labels`` gives each sample's cluster. Each cluster is one horizontal band, one row per sample,
    sorted from its highest to its lowest value and labelled with the cluster's name at the left;
    the dashed vertical line is the mean silhouette of the drawn samples (``silhouette_score``).

    Noise points (``noise_label``, -1 as DBSCAN returns them) have no silhouette: they are left
    out, both of the bands and of the computation, and the title says how many there were.
    Colours follow :func:`plot_clusters` (:func:`palette` in label order, or ``colours``), so a
    silhouette plot and a scatter plot of the same labels match. ``gap`` is the space between two
    bands, in rows (default: 2% of the samples, at least 2). Returns the Axes.
    """
    labels = np.asarray(labels)
    if labels.ndim != 1:
        raise ValueError(f"labels must be 1-D (one label per sample), got shape {labels.shape}")
    data = np.asarray(X_or_values, dtype=float)
    if len(data) != len(labels):
        raise ValueError(f"need one label per sample: {len(data)} samples, {len(labels)} labels")
    noise = _is_noise(labels, noise_label)
    kept = labels[~noise]
    cluster_ids = list(np.unique(kept))
    if data.ndim == 1:
        values = data[~noise]
    elif data.ndim == 2:
        if not 2 <= len(cluster_ids) <= len(kept) - 1:
            raise ValueError("the silhouette needs at least 2 clusters and fewer clusters than samples; "
                             f"got {len(cluster_ids)} cluster(s) for {len(kept)} sample(s)")
        from sklearn.metrics import silhouette_samples  # here: importing sklearn is slow
        values = silhouette_samples(data[~noise], kept, metric=metric)
    else:
        raise ValueError(f"X_or_values must be data (2-D) or silhouette values (1-D), got shape {data.shape}")

    ax = _new_ax(ax, figsize=(5, 4.5))
    colours = {**dict(zip(cluster_ids, palette(len(cluster_ids)))), **(colours or {})}
    integer_labels = labels.dtype.kind in "iu"
    gap = max(2, round(0.02 * len(values))) if gap is None else gap
    # Bands from the top down, in label order, like a legend.
    y_top = 0.0
    for cid in cluster_ids:
        band = np.sort(values[kept == cid])[::-1]
        rows = y_top - np.arange(len(band)) - 0.5
        name = f"cluster {cid}" if integer_labels else str(cid)
        ax.fill_betweenx(rows, 0, band, facecolor=colours[cid], edgecolor=colours[cid], linewidth=0.5,
                         alpha=0.9, label=name)
        ax.text(-0.02, y_top - len(band) / 2, str(cid), ha="right", va="center", fontsize="small",
                transform=ax.get_yaxis_transform())
        y_top -= len(band) + gap
    mean = float(values.mean()) if len(values) else float("nan")
    ax.axvline(mean, color="black", linestyle="--", linewidth=1.2, label=f"mean {mean:.3f}")
    ax.axvline(0, color="black", linewidth=0.6)
    ax.set_ylim(y_top + gap - 0.5, 0.5)
    ax.set_xlim(min(-0.1, float(values.min()) - 0.05) if len(values) else -0.1, 1.0)
    ax.set_yticks([])
    ax.set(xlabel="silhouette coefficient", ylabel="samples, grouped by cluster")
    ax.yaxis.set_label_coords(-0.09, 0.5)   # clear of the cluster names
    title = title or f"silhouette plot, {len(cluster_ids)} clusters"
    if noise.any():
        title += f" ({int(noise.sum())} noise points left out)"
    ax.set_title(title)
    ax.legend(handles=[ax.lines[0]], loc="lower right", fontsize="small", frameon=False)
    return ax
