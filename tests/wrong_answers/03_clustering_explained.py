"""Plausible wrong answers for the chapter 3 assignment (source/03_clustering_explained/03_clustering_explained.ipynb).

Not a module to import: each section is the full code that replaces that autograded answer cell.
``# %% <answer grade_id> pitfall`` sections are the exercise's headline mistake, which a visible check
catches (tests/test_exercises.py); the single ``# %% <answer grade_id>`` section of each exercise passes
the visible tests and fails at least one hidden test (tests/test_grading.py).
"""

# %% explain-within-ss pitfall
# Mistake: counts and sums the clusters with np.bincount(labels) and looks up each point's mean with
# means[labels], so the labels must be 0..k-1: negative labels raise ValueError, strings TypeError.
def within_ss(X, labels):
    """Within-cluster sum of squares W."""
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    counts = np.bincount(labels)
    sums = np.zeros((len(counts), X.shape[1]))
    np.add.at(sums, labels, X)
    means = sums / np.maximum(counts, 1)[:, np.newaxis]
    return float(((X - means[labels]) ** 2).sum())

# %% explain-within-ss pitfall
# Mistake: loops over range(labels.max() + 1), so a cluster with a negative label is silently skipped
# (and string labels fail).
def within_ss(X, labels):
    """Within-cluster sum of squares W."""
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    total = 0.0
    for k in range(labels.max() + 1):
        members = X[labels == k]
        if len(members):
            total += ((members - members.mean(axis=0)) ** 2).sum()
    return float(total)

# %% explain-within-ss pitfall
# Mistake: adds up distances instead of squared distances.
def within_ss(X, labels):
    """Within-cluster sum of squares W."""
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    return float(sum(np.linalg.norm(X[labels == v] - X[labels == v].mean(axis=0), axis=1).sum()
                     for v in np.unique(labels)))

# %% explain-within-ss
# Mistake: written for points in the plane, it adds up the squared differences of the first two
# features only, so a third feature is ignored (and 1-D data fail).
def within_ss(X, labels):
    """Within-cluster sum of squares W."""
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    total = 0.0
    for value in np.unique(labels):
        members = X[labels == value]
        mean = members.mean(axis=0)
        total += ((members[:, 0] - mean[0]) ** 2 + (members[:, 1] - mean[1]) ** 2).sum()
    return float(total)

# %% explain-merge-cost pitfall
# Mistake: takes the squared distance between the two cluster means as the cost, ignoring how many
# points move (that is centroid linkage, not the increase of W that Ward linkage minimises).
def merge_cost(X, labels, a, b):
    """Increase of W when clusters a and b merge."""
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    return float(((X[labels == a].mean(axis=0) - X[labels == b].mean(axis=0)) ** 2).sum())

# %% explain-merge-cost pitfall
# Mistake: returns the W of the merged cluster, not by how much W grows.
def merge_cost(X, labels, a, b):
    """Increase of W when clusters a and b merge."""
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    merged = X[(labels == a) | (labels == b)]
    return float(((merged - merged.mean(axis=0)) ** 2).sum())

# %% explain-merge-cost
# Mistake: measures each cluster's mean against the mean of *all* the points instead of the mean of
# a and b together; the two agree only when the other clusters are centred on that same point.
def merge_cost(X, labels, a, b):
    """Increase of W when clusters a and b merge."""
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    overall = X.mean(axis=0)
    return float(sum((labels == v).sum() * ((X[labels == v].mean(axis=0) - overall) ** 2).sum() for v in (a, b)))

# %% explain-kmeans-diagnosis pitfall
# Mistake: blames the start whenever K-Means disagrees with the truth ("more restarts will fix it"),
# without asking which of the two partitions K-Means' own objective prefers.
def diagnose_kmeans(X, y_true, kmeans_labels):
    """Why K-Means disagrees with the true groups."""
    return "same" if adjusted_rand_score(y_true, kmeans_labels) == 1.0 else "stuck"

# %% explain-kmeans-diagnosis pitfall
# Mistake: compares the two W the wrong way round, reading K-Means' lower W as a worse run.
def diagnose_kmeans(X, y_true, kmeans_labels):
    """Why K-Means disagrees with the true groups."""
    X = np.asarray(X, dtype=float)
    if adjusted_rand_score(y_true, kmeans_labels) == 1.0:
        return "same"

    def w(labels):
        labels = np.asarray(labels)
        return sum(((X[labels == v] - X[labels == v].mean(axis=0)) ** 2).sum() for v in np.unique(labels))

    return "stuck" if w(kmeans_labels) < w(y_true) else "objective"

# %% explain-kmeans-diagnosis pitfall
# Mistake: compares label values instead of groupings, so the right clusters under other names are
# not recognised as the same.
def diagnose_kmeans(X, y_true, kmeans_labels):
    """Why K-Means disagrees with the true groups."""
    X = np.asarray(X, dtype=float)
    if np.array_equal(np.asarray(y_true), np.asarray(kmeans_labels)):
        return "same"

    def w(labels):
        labels = np.asarray(labels)
        return sum(((X[labels == v] - X[labels == v].mean(axis=0)) ** 2).sum() for v in np.unique(labels))

    return "stuck" if w(y_true) < w(kmeans_labels) else "objective"

# %% explain-kmeans-diagnosis
# Mistake: calls two labelings "the same" when they nearly agree (ARI above 0.95), so a K-Means answer
# that moves a few points, because its objective prefers that, is not diagnosed.
def diagnose_kmeans(X, y_true, kmeans_labels):
    """Why K-Means disagrees with the true groups."""
    X = np.asarray(X, dtype=float)
    if adjusted_rand_score(y_true, kmeans_labels) > 0.95:
        return "same"

    def w(labels):
        labels = np.asarray(labels)
        return sum(((X[labels == v] - X[labels == v].mean(axis=0)) ** 2).sum() for v in np.unique(labels))

    return "stuck" if w(y_true) < w(kmeans_labels) else "objective"

# %% explain-choose-clusterer pitfall
# Mistake: one family for every shape, the usual default: K-Means.
def choose_clusterer(shape, n_clusters):
    """A clustering model for the shape."""
    return KMeans(n_clusters=n_clusters, n_init=10, random_state=42)

# %% explain-choose-clusterer pitfall
# Mistake: single linkage for the moons with outliers, which it separated when they were clean; the
# stray points bridge the moons, and the farthest one becomes a cluster of its own.
def choose_clusterer(shape, n_clusters):
    """A clustering model for the shape."""
    if shape in ("rings", "moons with outliers"):
        return AgglomerativeClustering(n_clusters=n_clusters, linkage="single")
    if shape in ("stretched", "dense and sparse"):
        return GaussianMixture(n_components=n_clusters, covariance_type="full", random_state=42)
    return KMeans(n_clusters=n_clusters, n_init=10, random_state=42)

# %% explain-choose-clusterer pitfall
# Mistake: a density method for the dense and sparse blobs, whose single eps cannot fit both densities.
def choose_clusterer(shape, n_clusters):
    """A clustering model for the shape."""
    if shape == "rings":
        return AgglomerativeClustering(n_clusters=n_clusters, linkage="single")
    if shape in ("moons with outliers", "dense and sparse"):
        return DBSCAN(eps=0.3, min_samples=5)
    if shape == "stretched":
        return GaussianMixture(n_components=n_clusters, covariance_type="full", random_state=42)
    return KMeans(n_clusters=n_clusters, n_init=10, random_state=42)

# %% explain-choose-clusterer pitfall
# Mistake: a Gaussian mixture for the stretched clouds, but with round (spherical) components.
def choose_clusterer(shape, n_clusters):
    """A clustering model for the shape."""
    if shape == "rings":
        return AgglomerativeClustering(n_clusters=n_clusters, linkage="single")
    if shape == "stretched":
        return GaussianMixture(n_components=n_clusters, covariance_type="spherical", random_state=42)
    if shape == "moons with outliers":
        return DBSCAN(eps=0.3, min_samples=5)
    if shape == "dense and sparse":
        return GaussianMixture(n_components=n_clusters, covariance_type="full", random_state=42)
    return KMeans(n_clusters=n_clusters, n_init=10, random_state=42)

# %% explain-choose-clusterer
# Mistake: the right families, but the number of clusters is copied from the drawings (2 rings, 3
# stretched clouds, 3 dense and sparse blobs, 3 touching blobs) instead of taken from n_clusters.
def choose_clusterer(shape, n_clusters):
    """A clustering model for the shape."""
    if shape == "rings":
        return AgglomerativeClustering(n_clusters=2, linkage="single")
    if shape in ("stretched", "dense and sparse"):
        return GaussianMixture(n_components=3, covariance_type="full", random_state=42)
    if shape == "moons with outliers":
        return DBSCAN(eps=0.3, min_samples=5)
    return KMeans(n_clusters=3, n_init=10, random_state=42)
