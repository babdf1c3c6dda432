"""Plausible wrong answers for the chapter 1 assignment (source/01_unsupervised_learning/01_unsupervised_learning.ipynb).

Not a module to import: each section, starting with a line ``# %% <answer grade_id>``, is the full
code that replaces that autograded answer cell. Every wrong answer passes the visible tests of its
exercise and fails at least one hidden test (checked by tests/test_grading.py).
"""

# %% intro-euclidean-distances
# Mistake: the |a|^2 + |b|^2 - 2 a.b shortcut without clipping: rounding makes some squared distances
# between identical points slightly negative, and their square root is nan.
def euclidean_distance_matrix(A, B):
    """Euclidean distance between every row of A and every row of B."""
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    squared = (A**2).sum(axis=1)[:, np.newaxis] + (B**2).sum(axis=1)[np.newaxis, :] - 2 * A @ B.T
    return np.sqrt(squared)

# %% intro-manhattan-distances
# Mistake: takes the absolute value after summing the differences instead of before, so differences
# of opposite signs cancel out (right only when one point is beyond the other in every feature).
def manhattan_distance_matrix(A, B):
    """Manhattan distance between every row of A and every row of B."""
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    return np.abs((A[:, np.newaxis, :] - B[np.newaxis, :, :]).sum(axis=2))

# %% intro-cosine-distances
# Mistake: divides the dot products by the lengths of the rows of A only, forgetting the lengths of
# the rows of B (right only when every row of B has length 1).
def cosine_distance_matrix(A, B):
    """Cosine distance between every row of A and every row of B."""
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    norms_A = np.linalg.norm(A, axis=1, keepdims=True)
    if (norms_A == 0).any() or (np.linalg.norm(B, axis=1) == 0).any():
        raise ValueError("cosine distance is undefined for a zero vector")
    return 1 - (A / norms_A) @ B.T

# %% intro-nearest-centroid-assignment
# Mistake: keeps the best centroid so far in a loop over the centroids, replacing it on `<=`
# instead of `<`, so ties go to the highest index instead of the lowest.
def assign_to_nearest_centroid(X, centroids, metric="euclidean"):
    """Index of the nearest centroid for every row of X."""
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
    return best

# %% intro-nearest-centroid-classifier
# Mistake: assumes the labels are 0, 1, ..., k-1 and returns the index of the nearest centroid
# instead of the label itself (wrong for labels such as "Kama" or 3, 7, 10).
def nearest_centroid_classify(X_train, y_train, X_new):
    """Predict the label of every row of X_new."""
    X_train = np.asarray(X_train, dtype=float)
    y_train = np.asarray(y_train)
    X_new = np.asarray(X_new, dtype=float)
    k = len(np.unique(y_train))
    centroids = np.array([X_train[y_train == label].mean(axis=0) for label in range(k)])
    distances = np.sqrt(((X_new[:, np.newaxis, :] - centroids[np.newaxis, :, :]) ** 2).sum(axis=2))
    return distances.argmin(axis=1)
