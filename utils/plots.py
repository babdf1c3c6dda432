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
    "plot_dendrogram",
    "plot_k_distance",
    "plot_core_border_noise",
    "plot_image_grid",
    "plot_embedding",
    "plot_scaling",
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


def plot_dendrogram(Z, labels=None, *, ax=None, orientation: str = "top", cut_height: float | None = None,
                    label_colours: dict | None = None, cluster_colours: dict | None = None,
                    leaf_font_size: float = 8, title: str | None = None, height_label: str = "merge height",
                    **dendrogram_kwargs):
    """The dendrogram of a scipy linkage matrix ``Z``, readable at the default size.

    ``labels`` names the leaves, one per original point (default: their row numbers, or no labels at
    all beyond 80 leaves, where they could not be read). ``label_colours`` maps a label to the colour
    of its text: leaves labelled by a known class keep the class's colour
    (``label_colours=CLASS_COLOURS["grains"]``).

    ``cut_height`` draws the cut as a dashed line and gives each flat cluster it makes (those of
    ``fcluster(Z, cut_height, "distance")`` with two or more points) a colour of its own from
    :func:`palette`, left to right, or the colour ``cluster_colours`` gives its fcluster label (e.g.
    from :func:`match_colours`, so that clusters and classes match); links above the cut, and every
    link when there is no cut, are dark grey. ``orientation`` is scipy's: ``"top"`` puts the leaves at the bottom, ``"right"`` on
    the left, which suits long labels. Without ``ax``, the figure is sized so that each leaf gets
    about 0.16 inch (at most 11 inches). Other keyword arguments go to
    ``scipy.cluster.hierarchy.dendrogram`` (e.g. ``truncate_mode="lastp", p=30``). Returns the Axes.
    """
    from scipy.cluster.hierarchy import dendrogram, fcluster, is_valid_linkage, leaves_list, maxdists

    Z = np.asarray(Z, dtype=float)
    is_valid_linkage(Z, throw=True, name="Z")
    n = len(Z) + 1
    if labels is not None:
        labels = [str(label) for label in labels]
        if len(labels) != n:
            raise ValueError(f"need one label per leaf: the tree has {n} leaves, got {len(labels)} labels")
    if orientation not in ("top", "bottom", "left", "right"):
        raise ValueError(f"orientation must be 'top', 'bottom', 'left' or 'right', got {orientation!r}")
    horizontal = orientation in ("top", "bottom")   # leaves side by side along the x axis
    truncated = dendrogram_kwargs.get("truncate_mode") == "lastp"
    n_leaves = min(n, dendrogram_kwargs.get("p", 30)) if truncated else n
    if ax is None:
        span = min(11.0, max(4.0, 0.16 * n_leaves + 1.5))
        _, ax = plt.subplots(figsize=(span, 4.5) if horizontal else (7.0, span), layout="constrained")

    dark = "#404040"
    if cut_height is None:
        def link_colour(node):
            return dark
    else:
        flat = fcluster(Z, cut_height, criterion="distance")
        highest = maxdists(Z)           # the highest merge inside each subtree
        first_leaf = np.arange(2 * n - 1)
        for k, left in enumerate(Z[:, 0].astype(int)):
            first_leaf[n + k] = first_leaf[left]
        sizes = np.bincount(flat)
        in_order = list(dict.fromkeys(flat[leaves_list(Z)].tolist()))     # flat clusters, left to right
        shared = [c for c in in_order if sizes[c] >= 2]
        colour_of = {**dict(zip(shared, palette(len(shared)))), **(cluster_colours or {})}

        def link_colour(node):
            if highest[node - n] <= cut_height:
                return colour_of[flat[first_leaf[node]]]
            return dark

    options = {"no_labels": labels is None and n_leaves > 80, "leaf_rotation": 90 if horizontal else 0,
               **dendrogram_kwargs}
    dendrogram(Z, labels=labels, ax=ax, orientation=orientation, link_color_func=link_colour,
               leaf_font_size=leaf_font_size, **options)

    if label_colours:
        for text in (ax.get_xticklabels() if horizontal else ax.get_yticklabels()):
            colour = label_colours.get(text.get_text())
            if colour is not None:
                text.set_color(colour)
    if cut_height is not None:
        n_clusters = len(np.unique(flat))
        line = ax.axhline if horizontal else ax.axvline
        line(cut_height, color="black", linestyle="--", linewidth=1)
        low, high = ax.get_ylim() if horizontal else ax.get_xlim()
        if cut_height > max(low, high):       # keep the cut in view (scipy stops just above the root)
            limits = (low, 1.05 * cut_height) if low <= high else (1.05 * cut_height, high)
            (ax.set_ylim if horizontal else ax.set_xlim)(*limits)
        note = f"cut at {cut_height:g}: {n_clusters} cluster{'s' * (n_clusters != 1)}"
        box = dict(facecolor="white", edgecolor="none", alpha=0.85, pad=1)   # readable over the links
        if horizontal:
            ax.annotate(note, xy=(0.99, cut_height), xycoords=("axes fraction", "data"), ha="right",
                        va="bottom", fontsize="small", bbox=box)
        else:
            ax.annotate(note, xy=(cut_height, 0.99), xycoords=("data", "axes fraction"), ha="left",
                        va="top", fontsize="small", rotation=90, xytext=(3, 0), textcoords="offset points",
                        bbox=box)
    (ax.set_ylabel if horizontal else ax.set_xlabel)(height_label)
    if title:
        ax.set_title(title)
    return ax


def plot_k_distance(k_distances, *, min_samples: int | None = None, eps: float | None = None, ax=None,
                    title: str | None = None, label: str | None = None, colour: str | None = None,
                    relative: bool = False):
    """The k-distance plot for choosing DBSCAN's ``eps``: every point's k-distance, sorted.

    ``k_distances`` holds one number per point: the distance to its ``min_samples``-th nearest
    point, **the point itself counted** as its own nearest (at distance 0), as scikit-learn counts
    it. A point is then a core point of ``DBSCAN(eps, min_samples)`` exactly when its k-distance is
    at most ``eps``. (``OPTICS(min_samples=...).fit(X).core_distances_`` are these distances.)

    The values are drawn in increasing order against their rank, so the curve shows, for any
    ``eps`` on the vertical axis, how many points would be core points. Given ``eps``, a dashed line
    marks it and the legend says how many points lie on or below it. ``min_samples`` only names the
    axis. Draw several curves on one Axes with ``label=`` (and ``colour=``); ``relative=True`` puts
    the share of the points (0 to 1) on the horizontal axis instead of their number, so that
    curves of groups of different sizes can be compared. Returns the Axes.
    """
    values = np.sort(np.asarray(k_distances, dtype=float).ravel())
    if np.asarray(k_distances).ndim != 1:
        raise ValueError("k_distances must be 1-D (one distance per point), got shape "
                         f"{np.shape(k_distances)}")
    if len(values) == 0 or not np.isfinite(values).all():
        raise ValueError("k_distances must be a non-empty array of finite numbers")
    ax = _new_ax(ax, figsize=(5.5, 4))
    first_curve = not ax.lines
    colour = colour or palette(1)[0]
    ranks = np.arange(1, len(values) + 1)
    x = ranks / len(values) if relative else ranks
    ax.plot(x, values, color=colour, linewidth=2, label=label)
    if eps is not None:
        n_core = int(np.searchsorted(values, eps, side="right"))   # points with k-distance <= eps
        ax.axhline(eps, color="black", linestyle="--", linewidth=1,
                   label=f"eps = {eps:.3g}: {n_core} of {len(values)} points are core")
        if 0 < n_core:
            ax.plot([x[n_core - 1]], [values[n_core - 1]], marker="o", color="black", markersize=5)
    name = ("distance to the nearest point" if min_samples == 1 else
            f"distance to the {_ordinal(min_samples)} nearest point" if min_samples else "k-distance")
    ax.set(xlabel=("share of the points" if relative else "points") + ", sorted by their k-distance",
           ylabel=name + ("\n(the point itself counted)" if min_samples else ""))
    ax.set_ylim(bottom=0)
    right = 1.0 if relative else len(values) + 1
    ax.set_xlim(0, right if first_curve else max(right, ax.get_xlim()[1]))
    if label is not None or eps is not None:
        ax.legend(loc="upper left", fontsize="small", frameon=False)
    if title:
        ax.set_title(title)
    return ax


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def plot_core_border_noise(X, labels, core, *, eps: float | None = None, ax=None, title: str | None = None,
                           xlabel: str | None = None, ylabel: str | None = None, legend: bool = True,
                           s: float = 40, colours: dict | None = None):
    """DBSCAN's three kinds of points: core (filled), border (hollow) and noise (grey crosses).

    ``X`` is an (n, 2) array or DataFrame, ``labels`` the cluster of each point (-1 for noise, as
    ``DBSCAN.labels_``), ``core`` marks the core points: a boolean mask of length n, or their
    indices (``DBSCAN.core_sample_indices_``). Core and border points take their cluster's colour
    (:func:`palette` in label order, as in :func:`plot_clusters`, or ``colours``). Given ``eps``, a
    circle of that radius is drawn around every core point: a point inside it is within reach of
    that core point (for small datasets; with hundreds of points the circles hide everything).
    The aspect is equal, so that distances and circles look like what they are. Returns the Axes.
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Circle

    points = np.asarray(X, dtype=float)
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(f"plot_core_border_noise draws 2-D points; X has shape {points.shape}")
    labels = np.asarray(labels)
    if labels.shape != (len(points),):
        raise ValueError(f"need one label per point: {len(points)} points, labels of shape {labels.shape}")
    core = np.asarray(core)
    if core.dtype == bool:
        if core.shape != (len(points),):
            raise ValueError(f"a boolean core mask needs one value per point, got shape {core.shape}")
        core_mask = core
    else:
        core_mask = np.zeros(len(points), dtype=bool)
        core_mask[core.astype(int).ravel()] = True
    noise = labels == -1
    if (core_mask & noise).any():
        raise ValueError("a core point cannot be noise: check that labels and core come from the same fit")

    ax = _new_ax(ax, figsize=(5.5, 4.5))
    cluster_ids = list(np.unique(labels[~noise]))
    colours = {**dict(zip(cluster_ids, palette(len(cluster_ids)))), **(colours or {})}
    if eps is not None:
        for p in np.flatnonzero(core_mask):
            ax.add_patch(Circle(points[p], eps, facecolor=colours[labels[p]], edgecolor=colours[labels[p]],
                                alpha=0.08, linewidth=0.8, zorder=1))
    if noise.any():
        ax.scatter(*points[noise].T, s=s, marker="x", color=NOISE_COLOUR, linewidths=1.5, zorder=2)
    for cid in cluster_ids:
        members = labels == cid
        ax.scatter(*points[members & core_mask].T, s=s, color=colours[cid], edgecolors="black",
                   linewidths=0.5, zorder=3)
        ax.scatter(*points[members & ~core_mask].T, s=s, facecolors="none", edgecolors=colours[cid],
                   linewidths=1.8, zorder=3)
    ax.set_aspect("equal")
    ax.autoscale_view()
    xl, yl = _axis_names(X, xlabel, ylabel)
    ax.set(xlabel=xl, ylabel=yl)
    if title:
        ax.set_title(title)
    if legend:
        integer_labels = labels.dtype.kind in "iu"
        handles = [Line2D([], [], linestyle="", marker="o", markersize=7, color=colours[c],
                          label=f"cluster {c}" if integer_labels else str(c)) for c in cluster_ids]
        handles += [Line2D([], [], linestyle="", marker="o", markersize=7, color="#555555", label="core"),
                    Line2D([], [], linestyle="", marker="o", markersize=7, markerfacecolor="none",
                           markeredgecolor="#555555", markeredgewidth=1.8, label="border"),
                    Line2D([], [], linestyle="", marker="x", markersize=7, color=NOISE_COLOUR,
                           markeredgewidth=1.5, label="noise")]
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small", frameon=False)
    return ax


def plot_image_grid(images, shape, titles=None, *, ncols: int | None = None, ax=None,
                    vmax: float | None = None, colorbar: bool = False, cell_size: float = 1.1,
                    title_size: float = 9):
    """Small images side by side, one per row of ``images``, each reshaped to ``shape``.

    ``images`` is an (n, rows * cols) array or DataFrame (one flattened image per row, as
    ``load_lcd_digits`` or ``NMF.components_`` give them) or an (n, rows, cols) array; ``shape`` is
    (rows, cols), e.g. ``datasets.LCD_SHAPE``. All images share one colour scale, so their values
    can be compared: if none is negative, grey from white (0) to black (``vmax``, default the largest
    value); if any is negative (PCA components), the diverging, colour-blind-safe "PuOr" map, orange
    below 0, white at 0 and purple above, from ``-vmax`` to ``vmax`` (default the largest absolute
    value). ``titles`` gives one title per image; ``ncols`` the number of columns (default: up to 10).
    ``colorbar=True`` adds one colour bar for the whole grid. ``ax`` may be an existing array of at
    least n Axes; Axes left over are hidden. Returns the (rows, columns) array of Axes.
    """
    shape = tuple(int(s) for s in shape)
    if len(shape) != 2 or min(shape) < 1:
        raise ValueError(f"shape must be (rows, cols) of an image, got {shape}")
    pixels = np.asarray(images, dtype=float)
    if pixels.ndim == 3 and pixels.shape[1:] != shape:
        raise ValueError(f"images of shape {pixels.shape[1:]} do not have the given shape {shape}")
    if pixels.ndim not in (2, 3) or pixels.ndim == 2 and pixels.shape[1] != shape[0] * shape[1]:
        raise ValueError(f"need one image of {shape[0]} x {shape[1]} = {shape[0] * shape[1]} pixels per row; "
                         f"got an array of shape {pixels.shape}")
    pixels = pixels.reshape(len(pixels), *shape)
    n = len(pixels)
    if n == 0:
        raise ValueError("no images to draw")
    if titles is not None:
        titles = [str(t) for t in titles]
        if len(titles) != n:
            raise ValueError(f"need one title per image: {n} images, {len(titles)} titles")

    signed = bool((pixels < 0).any())
    top = vmax if vmax is not None else float(np.abs(pixels).max()) or 1.0
    cmap, vmin = ("PuOr", -top) if signed else ("gray_r", 0.0)

    if ax is None:
        ncols = min(n, 10) if ncols is None else int(ncols)
        nrows = -(-n // ncols)
        width = cell_size * ncols * min(1.0, shape[1] / shape[0]) + (0.8 if colorbar else 0.0)
        height = nrows * (cell_size * min(1.0, shape[0] / shape[1]) + (0.3 if titles is not None else 0.05))
        _, axes = plt.subplots(nrows, ncols, figsize=(width, height), layout="constrained", squeeze=False)
    else:
        axes = np.asarray(ax, dtype=object)
        axes = axes.reshape(1, -1) if axes.ndim < 2 else axes
        if axes.size < n:
            raise ValueError(f"{n} images need at least {n} Axes, got {axes.size}")

    for i, a in enumerate(axes.flat):
        if i >= n:
            a.set_visible(False)
            continue
        image = a.imshow(pixels[i], cmap=cmap, vmin=vmin, vmax=top, interpolation="nearest")
        a.set_xticks([])
        a.set_yticks([])
        for spine in a.spines.values():
            spine.set_edgecolor("#bbbbbb")
        if titles is not None:
            a.set_title(titles[i], fontsize=title_size)
    if colorbar:
        axes.flat[0].figure.colorbar(image, ax=axes.ravel().tolist(), shrink=0.8)
    return axes


def plot_embedding(embedding, labels=None, *, names=None, ax=None, colours: dict | None = None,
                   title: str | None = None, axis_labels: Sequence[str] | None = None,
                   text_markers: bool = False, legend: bool = True, ticks: bool = True,
                   s: float = 20, alpha: float = 0.8, fontsize: float = 8):
    """A 2-D or 3-D embedding (PCA scores, a t-SNE map), one point per row, coloured by label.

    ``embedding`` is an (n, 2) or (n, 3) array or DataFrame; with 3 columns the points are drawn
    on 3-D Axes (``ax``, if given, must be one: ``fig.add_subplot(projection="3d")``). ``labels``
    (optional) gives each point's class or cluster: colours follow :func:`palette` in label order, as
    in :func:`plot_clusters`, or ``colours`` (e.g. ``CLASS_COLOURS["grains"]``), and a legend sits
    outside the plotting area. ``text_markers=True`` draws each point as the text of its label (the
    digits 0-9), which stays readable where there are more classes than clearly distinct colours.
    ``names`` (optional) writes one text per point next to it, at ``fontsize`` (company names).
    ``axis_labels`` names the axes (default: "component 1", "component 2", ...); ``ticks=False``
    hides the tick labels, for maps whose coordinates have no meaning (t-SNE). 2-D maps have an
    equal aspect, so that distances look like what they are. Returns the Axes.
    """
    points = np.asarray(embedding, dtype=float)
    if points.ndim != 2 or points.shape[1] not in (2, 3):
        raise ValueError(f"plot_embedding draws 2-D or 3-D points; the embedding has shape {points.shape}")
    n, dims = points.shape
    if labels is not None:
        labels = np.asarray(labels)
        if labels.shape != (n,):
            raise ValueError(f"need one label per point: {n} points, labels of shape {labels.shape}")
    if names is not None:
        names = [str(name) for name in names]
        if len(names) != n:
            raise ValueError(f"need one name per point: {n} points, {len(names)} names")
    if text_markers and labels is None:
        raise ValueError("text_markers=True draws each point as its label: give labels")
    if ax is None:
        fig = plt.figure(figsize=(6, 5) if dims == 2 else (6.5, 5.5), layout="constrained")
        ax = fig.add_subplot(projection="3d" if dims == 3 else None)
    elif (getattr(ax, "name", "") == "3d") != (dims == 3):
        raise ValueError(f"a {dims}-D embedding needs {'3-D' if dims == 3 else '2-D'} Axes")

    groups = [(None, np.ones(n, dtype=bool))] if labels is None else \
        [(label, labels == label) for label in np.unique(labels)]
    base = dict(zip([g for g, _ in groups], palette(len(groups))))
    colour_of = {**base, **(colours or {})}
    for label, members in groups:
        colour = colour_of[label]
        name = None if label is None else str(label)
        if text_markers:
            # The label's text, as a centred path, is the marker: one scatter per label is far
            # faster to draw than one Text per point. (A marker's size is its larger side.)
            from matplotlib.path import Path
            from matplotlib.textpath import TextPath

            glyph = TextPath((0, 0), name.replace("$", r"\$"), size=1)
            middle = (glyph.vertices.min(axis=0) + glyph.vertices.max(axis=0)) / 2
            size = fontsize * max(0.75, 0.6 * len(name))     # about the height of a digit at fontsize
            ax.scatter(*points[members].T, s=size**2, color=colour, linewidths=0,
                       marker=Path(glyph.vertices - middle, glyph.codes), label=name)
        else:
            ax.scatter(*points[members].T, s=s, color=colour, alpha=alpha, linewidths=0, label=name)
    axis_labels = list(axis_labels) if axis_labels is not None else [f"component {i + 1}" for i in range(dims)]
    if len(axis_labels) != dims:
        raise ValueError(f"need {dims} axis labels, got {len(axis_labels)}")
    setters = [ax.set_xlabel, ax.set_ylabel] + ([ax.set_zlabel] if dims == 3 else [])
    for setter, text in zip(setters, axis_labels):
        setter(text)
    if not ticks:
        ax.set_xticklabels([])
        ax.set_yticklabels([])
        if dims == 3:
            ax.set_zticklabels([])
    if dims == 2:
        ax.set_aspect("equal", adjustable="datalim")
    if title:
        ax.set_title(title)
    if legend and labels is not None:
        handles = [plt.Line2D([], [], linestyle="", marker="o", markersize=6, color=colour_of[label],
                              label=str(label)) for label, _ in groups]
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1), fontsize="small",
                  frameon=False)
    if names is not None and dims == 3:
        for point, text in zip(points, names):
            ax.text(*point, " " + text, fontsize=fontsize)
    elif names is not None:
        _place_names(ax, points, names, fontsize)
    return ax


def _place_names(ax, points, names, fontsize):
    """Write each name next to its point, on the first side where it overlaps no name and no point.

    Greedy: tries right, left, above and below each point in turn, and keeps the first side that is
    clear (or the right side, if none is). Done after the layout is fixed, so the figure should have
    its final size first (create it with ``figsize``, then pass ``ax``).
    """
    figure = ax.figure
    figure.draw_without_rendering()                   # fixes the layout, the limits and the aspect
    renderer = figure.canvas.get_renderer()
    sides = [((4, 1), "left", "bottom"), ((4, -1), "left", "top"), ((-4, 1), "right", "bottom"),
             ((-4, -1), "right", "top"), ((0, 5), "center", "bottom"), ((0, -5), "center", "top")]
    # Every point is an obstacle: a small square around it, in display units.
    centres = ax.transData.transform(points)
    half = 3.0 * figure.dpi / 72
    taken = [mpl.transforms.Bbox([c - half, c + half]) for c in centres]
    for index, (point, text) in enumerate(zip(points, names)):
        others = taken[:index] + taken[index + 1:]
        for offset, ha, va in sides:
            note = ax.annotate(text, point, xytext=offset, textcoords="offset points", ha=ha, va=va,
                               fontsize=fontsize)
            box = note.get_window_extent(renderer)
            if not any(box.overlaps(other) for other in others):
                break
            note.remove()
        else:
            offset, ha, va = sides[0]
            note = ax.annotate(text, point, xytext=offset, textcoords="offset points", ha=ha, va=va,
                               fontsize=fontsize)
            box = note.get_window_extent(renderer)
        taken.append(box)


def plot_scaling(sizes, values, *, spread=None, slope: float | None = None, ax=None, label: str | None = None,
                 colour: str | None = None, marker: str = "o", linestyle: str = "-",
                 xlabel: str = "number of points n", ylabel: str = "time (s)", title: str | None = None):
    """A measured cost (time, memory) against the size of the problem, on log-log axes.

    On log-log axes a power law ``values = a * sizes**b`` is a straight line whose slope is the
    exponent ``b``: doubling the size multiplies the cost by ``2**b``. ``sizes`` and ``values`` are
    positive numbers of one length, e.g. the median of repeated timings at each size. ``spread``, a
    pair ``(low, high)`` of arrays such as the fastest and the slowest repeat, is drawn as error bars.
    ``slope``, the exponent computed by the caller (e.g. a least-squares line through the logs), is
    added to the legend as ``"label (slope 2.0)"``. Call it again with the same ``ax`` to compare
    several series; the axes name their quantity and unit through ``xlabel`` and ``ylabel``.
    Returns the Axes.
    """
    sizes = np.asarray(sizes, dtype=float)
    values = np.asarray(values, dtype=float)
    if sizes.ndim != 1 or sizes.shape != values.shape:
        raise ValueError(f"sizes and values must be 1-D and of one length, got shapes {sizes.shape} and {values.shape}")
    if not (np.all(sizes > 0) and np.all(values > 0)):
        raise ValueError("a log-log plot needs positive sizes and values (a time or memory of 0 has no logarithm)")
    ax = _new_ax(ax, figsize=(6, 4.2))
    series = [line for line in ax.lines if not line.get_label().startswith("_")]   # not error-bar caps
    colour = colour or palette(len(series) + 1)[-1]
    text = label if slope is None else f"{label or 'measured'} (slope {slope:.1f})"
    ax.plot(sizes, values, marker=marker, linestyle=linestyle, color=colour, label=text)
    if spread is not None:
        low, high = (np.asarray(s, dtype=float) for s in spread)
        if low.shape != values.shape or high.shape != values.shape:
            raise ValueError("spread must be a pair (low, high) of arrays shaped like values")
        if np.any(low > values) or np.any(high < values):
            raise ValueError("spread must hold low <= values <= high")
        ax.errorbar(sizes, values, yerr=[values - low, high - values], fmt="none", ecolor=colour, capsize=3,
                    linewidth=1)
    ax.set_xscale("log")
    ax.set_yscale("log")
    for axis in (ax.xaxis, ax.yaxis):       # plain numbers (2,000 and 0.05), not 2 x 10^3 and 5 x 10^-2
        axis.set_major_formatter(_PlainLogFormatter())
        axis.set_minor_formatter(_PlainLogFormatter(labelOnlyBase=False, minor_thresholds=(2, 0.3)))
    ax.set(xlabel=xlabel, ylabel=ylabel)
    if title:
        ax.set_title(title)
    if text is not None:
        ax.legend(fontsize="small", frameon=False)
    return ax


class _PlainLogFormatter(mpl.ticker.LogFormatter):
    """Log-axis tick labels as plain numbers: 2,000 and 0.05 rather than 2 x 10^3 and 5 x 10^-2."""

    def _num_to_string(self, x, vmin, vmax):
        return f"{x:,.0f}" if x >= 1000 else f"{x:g}"

    def set_locs(self, locs=None):
        super().set_locs(locs)
        if self._sublabels is not None and len(self._sublabels) > 1:
            self._sublabels = {1, 2, 5}     # label 2 and 5 between the powers of 10: enough, and never crowded

