"""Plausible wrong answers for the chapter 1 assignment (source/01_unsupervised_learning/01_unsupervised_learning.ipynb).

Not a module to import: each section is the full code that replaces one autograded answer cell.

- ``# %% <answer grade_id> pitfall``: the exercise's headline mistake (or another one the lesson
  warns about). A *visible* check must catch it, with a message naming the exercise
  (tests/test_exercises.py).
- ``# %% <answer grade_id>``: exactly one per exercise, a mistake that passes the visible checks and
  loses the points when graded (tests/test_grading.py). These run all together, so each one is
  self-contained and does not call the other answers.
"""

# %% intro-distance-matrix pitfall
# Mistake (headline): the |a|^2 + |b|^2 - 2 a.b expansion without clipping. Far from the origin
# (map coordinates in metres) rounding makes some squared self-distances negative, and their square
# root is nan.
def distance_matrix(A, B, metric="euclidean"):
    """Distance between every row of A and every row of B."""
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    if metric == "cosine":
        norms_A = np.linalg.norm(A, axis=1, keepdims=True)
        norms_B = np.linalg.norm(B, axis=1, keepdims=True)
        if (norms_A == 0).any() or (norms_B == 0).any():
            raise ValueError("cosine distance is undefined for a zero vector")
        return 1 - (A / norms_A) @ (B / norms_B).T
    if metric == "euclidean":
        squared = (A**2).sum(axis=1)[:, np.newaxis] + (B**2).sum(axis=1)[np.newaxis, :] - 2 * A @ B.T
        return np.sqrt(squared)
    if metric == "manhattan":
        return np.abs(A[:, np.newaxis, :] - B[np.newaxis, :, :]).sum(axis=2)
    raise ValueError(f"unknown metric {metric!r}")

# %% intro-distance-matrix pitfall
# Mistake: the same expansion, clipped at 0 as scikit-learn's euclidean_distances does: no nan any
# more, but far from the origin identical points still come out centimetres apart.
def distance_matrix(A, B, metric="euclidean"):
    """Distance between every row of A and every row of B."""
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    if metric == "cosine":
        norms_A = np.linalg.norm(A, axis=1, keepdims=True)
        norms_B = np.linalg.norm(B, axis=1, keepdims=True)
        if (norms_A == 0).any() or (norms_B == 0).any():
            raise ValueError("cosine distance is undefined for a zero vector")
        return 1 - (A / norms_A) @ (B / norms_B).T
    if metric == "euclidean":
        squared = (A**2).sum(axis=1)[:, np.newaxis] + (B**2).sum(axis=1)[np.newaxis, :] - 2 * A @ B.T
        return np.sqrt(np.maximum(squared, 0))
    if metric == "manhattan":
        return np.abs(A[:, np.newaxis, :] - B[np.newaxis, :, :]).sum(axis=2)
    raise ValueError(f"unknown metric {metric!r}")

# %% intro-distance-matrix pitfall
# Mistake: Manhattan distance with the absolute value taken after summing the differences, so
# differences of opposite signs cancel out.
def distance_matrix(A, B, metric="euclidean"):
    """Distance between every row of A and every row of B."""
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    if metric == "cosine":
        norms_A = np.linalg.norm(A, axis=1, keepdims=True)
        norms_B = np.linalg.norm(B, axis=1, keepdims=True)
        if (norms_A == 0).any() or (norms_B == 0).any():
            raise ValueError("cosine distance is undefined for a zero vector")
        return 1 - (A / norms_A) @ (B / norms_B).T
    diffs = A[:, np.newaxis, :] - B[np.newaxis, :, :]
    if metric == "euclidean":
        return np.sqrt((diffs**2).sum(axis=2))
    if metric == "manhattan":
        return np.abs(diffs.sum(axis=2))
    raise ValueError(f"unknown metric {metric!r}")

# %% intro-distance-matrix pitfall
# Mistake: returns the cosine similarity instead of the cosine distance (1 - similarity), which
# turns "nearest" into "farthest".
def distance_matrix(A, B, metric="euclidean"):
    """Distance between every row of A and every row of B."""
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    if metric == "cosine":
        norms_A = np.linalg.norm(A, axis=1, keepdims=True)
        norms_B = np.linalg.norm(B, axis=1, keepdims=True)
        if (norms_A == 0).any() or (norms_B == 0).any():
            raise ValueError("cosine distance is undefined for a zero vector")
        return (A / norms_A) @ (B / norms_B).T
    diffs = A[:, np.newaxis, :] - B[np.newaxis, :, :]
    if metric == "euclidean":
        return np.sqrt((diffs**2).sum(axis=2))
    if metric == "manhattan":
        return np.abs(diffs).sum(axis=2)
    raise ValueError(f"unknown metric {metric!r}")

# %% intro-distance-matrix
# Mistake: cosine distance that divides the dot products by the lengths of the rows of A only,
# forgetting the lengths of the rows of B (right only when every row of B has length 1, as the
# compass directions of the visible check do).
def distance_matrix(A, B, metric="euclidean"):
    """Distance between every row of A and every row of B."""
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    if metric == "cosine":
        norms_A = np.linalg.norm(A, axis=1, keepdims=True)
        if (norms_A == 0).any() or (np.linalg.norm(B, axis=1) == 0).any():
            raise ValueError("cosine distance is undefined for a zero vector")
        return 1 - (A / norms_A) @ B.T
    diffs = A[:, np.newaxis, :] - B[np.newaxis, :, :]
    if metric == "euclidean":
        return np.sqrt((diffs**2).sum(axis=2))
    if metric == "manhattan":
        return np.abs(diffs).sum(axis=2)
    raise ValueError(f"unknown metric {metric!r}")

# %% intro-nearest-centroid-assignment pitfall
# Mistake (headline): the argmin over the wrong axis of the (n, k) distance matrix: axis=0 gives,
# for each centroid, the index of its nearest point.
def assign_to_nearest_centroid(X, centroids, metric="euclidean", max_distance=None):
    """Index of the nearest centroid for every row of X, or -1 if even that one is too far."""
    distances = distance_matrix(X, centroids, metric=metric)
    labels = np.argmin(distances, axis=0)
    if max_distance is not None:
        labels[distances.min(axis=0) > max_distance] = -1
    return labels

# %% intro-nearest-centroid-assignment pitfall
# Mistake: a point gets -1 as soon as it is farther than max_distance from *some* centroid, instead
# of only when even its nearest centroid is that far.
def assign_to_nearest_centroid(X, centroids, metric="euclidean", max_distance=None):
    """Index of the nearest centroid for every row of X, or -1 if even that one is too far."""
    distances = distance_matrix(X, centroids, metric=metric)
    labels = np.argmin(distances, axis=1)
    if max_distance is not None:
        labels[(distances > max_distance).any(axis=1)] = -1
    return labels

# %% intro-nearest-centroid-assignment
# Mistake: keeps the best centroid so far in a loop over the centroids, replacing it on `<=`
# instead of `<`, so ties go to the highest index instead of the lowest.
def assign_to_nearest_centroid(X, centroids, metric="euclidean", max_distance=None):
    """Index of the nearest centroid for every row of X, or -1 if even that one is too far."""
    X = np.asarray(X, dtype=float)
    centroids = np.asarray(centroids, dtype=float)
    if metric not in ("euclidean", "manhattan", "cosine"):
        raise ValueError(f"unknown metric {metric!r}")
    best = np.zeros(len(X), dtype=int)
    best_distance = np.full(len(X), np.inf)
    for j, c in enumerate(centroids):
        if metric == "euclidean":
            d = np.sqrt(((X - c) ** 2).sum(axis=1))
        elif metric == "manhattan":
            d = np.abs(X - c).sum(axis=1)
        else:
            d = 1 - X @ c / (np.linalg.norm(X, axis=1) * np.linalg.norm(c))
        closer = d <= best_distance
        best[closer] = j
        best_distance[closer] = d[closer]
    if max_distance is not None:
        best[best_distance > max_distance] = -1
    return best

# %% intro-nearest-centroid-classifier pitfall
# Mistake (headline): assumes the labels are 0, 1, ..., k-1 and returns the index of the nearest
# centroid instead of the label itself (wrong for labels such as "Kama", or 3, 7, 10).
def nearest_centroid_classify(X_train, y_train, X_new):
    """Predict the label of every row of X_new."""
    X_train = np.asarray(X_train, dtype=float)
    y_train = np.asarray(y_train)
    X_new = np.asarray(X_new, dtype=float)
    k = len(np.unique(y_train))
    centroids = np.array([X_train[y_train == label].mean(axis=0) for label in range(k)])
    distances = np.sqrt(((X_new[:, np.newaxis, :] - centroids[np.newaxis, :, :]) ** 2).sum(axis=2))
    return distances.argmin(axis=1)

# %% intro-nearest-centroid-classifier pitfall
# Mistake: the median of each class instead of its mean as the class centroid.
def nearest_centroid_classify(X_train, y_train, X_new):
    """Predict the label of every row of X_new."""
    X_train = np.asarray(X_train, dtype=float)
    y_train = np.asarray(y_train)
    X_new = np.asarray(X_new, dtype=float)
    classes = np.unique(y_train)
    centroids = np.array([np.median(X_train[y_train == c], axis=0) for c in classes])
    distances = np.sqrt(((X_new[:, np.newaxis, :] - centroids[np.newaxis, :, :]) ** 2).sum(axis=2))
    return classes[distances.argmin(axis=1)]

# %% intro-nearest-centroid-classifier
# Mistake: builds the centroids in the order in which the labels first appear in y_train, but names
# them with np.unique (sorted order), so centroids and labels get out of step when the labels do not
# appear in sorted order.
def nearest_centroid_classify(X_train, y_train, X_new):
    """Predict the label of every row of X_new."""
    X_train = np.asarray(X_train, dtype=float)
    y_train = np.asarray(y_train)
    X_new = np.asarray(X_new, dtype=float)
    in_order_seen = list(dict.fromkeys(y_train.tolist()))
    centroids = np.array([X_train[y_train == label].mean(axis=0) for label in in_order_seen])
    distances = np.sqrt(((X_new[:, np.newaxis, :] - centroids[np.newaxis, :, :]) ** 2).sum(axis=2))
    return np.unique(y_train)[distances.argmin(axis=1)]

# %% intro-name-clusters pitfall
# Mistake (headline): takes cluster k to be the k-th label in sorted order, as if cluster numbers
# meant something.
def name_clusters(clusters, labels):
    """Name every cluster after the label that more than half of its points carry (None if no label does)."""
    clusters = np.asarray(clusters)
    names = np.unique(np.asarray(labels))
    return {k.item(): names[k] for k in np.unique(clusters)}

# %% intro-name-clusters pitfall
# Mistake: the share of the *label's* points that fall in the cluster instead of the share of the
# *cluster's* points that carry the label, so a small pure cluster of a large class is called a mix.
def name_clusters(clusters, labels):
    """Name every cluster after the label that more than half of its points carry (None if no label does)."""
    clusters = np.asarray(clusters)
    labels = np.asarray(labels)
    names = {}
    for k in np.unique(clusters):
        values, counts = np.unique(labels[clusters == k], return_counts=True)
        class_sizes = np.array([(labels == v).sum() for v in values])
        share = counts / class_sizes
        names[k.item()] = values[share.argmax()] if share.max() > 0.5 else None
    return names

# %% intro-name-clusters
# Mistake: assumes the cluster ids are 0, 1, ..., K-1 (as KMeans numbers them), so ids such as -1
# (DBSCAN's noise) or 7 are lost and clusters that do not exist get a key.
def name_clusters(clusters, labels):
    """Name every cluster after the label that more than half of its points carry (None if no label does)."""
    clusters = np.asarray(clusters)
    labels = np.asarray(labels)
    names = {}
    for k in range(len(np.unique(clusters))):
        values, counts = np.unique(labels[clusters == k], return_counts=True)
        if len(counts) and counts.max() > counts.sum() / 2:
            names[k] = values[counts.argmax()]
        else:
            names[k] = None
    return names
