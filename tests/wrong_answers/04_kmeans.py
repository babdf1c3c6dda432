"""Plausible wrong answers for the chapter 4 assignment (source/04_kmeans/04_kmeans.ipynb).

Not a module to import: each section, starting with a line ``# %% <answer grade_id>``, is the full
code that replaces that autograded answer cell. Every wrong answer passes the visible tests of its
exercise and fails at least one hidden test (checked by tests/test_grading.py).
"""

# %% kmeans-assignment-step
# Mistake: measures closeness with the Manhattan distance (sum of absolute differences) instead of
# the Euclidean distance; the two agree on easy examples but pick different centres in general.
def assign_to_nearest(X, centres):
    """Index of the nearest centre for every row of X."""
    X = np.asarray(X, dtype=float)
    centres = np.asarray(centres, dtype=float)
    return np.argmin(np.abs(X[:, np.newaxis, :] - centres[np.newaxis, :, :]).sum(axis=2), axis=1)

# %% kmeans-update-step
# Mistake: the empty-cluster rule is forgotten: the mean of no points is NaN, so an empty
# cluster's centre becomes NaN instead of staying where it was.
def update_centres(X, labels, centres):
    """Move each centre to the mean of its points."""
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    return np.array([X[labels == j].mean(axis=0) for j in range(len(centres))])

# %% kmeans-lloyd-loop
# Mistake: returns the labels of the last assignment step, computed with the centres *before*
# the last update, instead of assigning the points to the returned centres (wrong when the loop
# stops at max_iter).
def lloyd_kmeans(X, initial_centres, max_iter=100, tol=1e-6):
    """Lloyd's algorithm from the given initial centres."""
    X = np.asarray(X, dtype=float)
    centres = np.array(initial_centres, dtype=float)
    for n_iter in range(1, max_iter + 1):
        labels = assign_to_nearest(X, centres)
        new_centres = update_centres(X, labels, centres)
        moved = np.linalg.norm(new_centres - centres, axis=1).max()
        centres = new_centres
        if moved <= tol:
            break
    return centres, labels, n_iter

# %% kmeans-plusplus-init
# Mistake: samples with probability proportional to the distance, not the squared distance.
def kmeans_plus_plus(X, k, rng):
    """Choose k initial centres among the rows of X by k-means++ sampling."""
    X = np.asarray(X, dtype=float)
    n = len(X)
    chosen = [rng.integers(n)]
    while len(chosen) < k:
        dist = np.linalg.norm(X[:, np.newaxis, :] - X[chosen][np.newaxis, :, :], axis=2).min(axis=1)
        chosen.append(rng.choice(n, p=dist / dist.sum()))
    return X[chosen]

# %% kmeans-inertia
# Mistake: ignores the labels and measures each point against its nearest centre, which differs
# from the assigned centre whenever the labels are not nearest-centre labels.
def inertia(X, labels, centres):
    """Sum of squared distances from each point to its centre."""
    X = np.asarray(X, dtype=float)
    centres = np.asarray(centres, dtype=float)
    squared = ((X[:, np.newaxis, :] - centres[np.newaxis, :, :]) ** 2).sum(axis=2)
    return float(squared.min(axis=1).sum())

# %% kmeans-stock-clusters
# Mistake: scales the columns (days) with StandardScaler instead of the rows (companies) with
# Normalizer, so the clusters still follow the size of the moves, not their pattern.
def cluster_stocks(movements, n_clusters, random_state):
    """Cluster companies by their daily price movements."""
    pipeline = make_pipeline(StandardScaler(), KMeans(n_clusters=n_clusters, n_init=10, random_state=random_state))
    return pd.Series(pipeline.fit_predict(movements), index=movements.index)
