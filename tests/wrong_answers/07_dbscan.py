"""Plausible wrong answers for the chapter 7 assignment (source/07_dbscan/07_dbscan.ipynb).

Not a module to import: each section is the full code that replaces one autograded answer cell.
A section ``# %% <answer grade_id> pitfall`` is the exercise's headline mistake: a visible check
must catch it (tests/test_exercises.py). A section ``# %% <answer grade_id>`` is a mistake that
only the hidden tests catch: it passes the visible tests and loses the cell's points
(tests/test_grading.py). Each wrong answer stands on its own (it does not call another exercise's
function), because the graded "wrong" submission replaces every answer at once.
"""

# %% dbscan-point-types pitfall
# Mistake: the point is not counted in its own neighbourhood, so a core point needs min_samples
# *other* points within eps, one more than scikit-learn asks for.
def point_types(X, eps, min_samples):
    """The kind of every point of X for DBSCAN(eps, min_samples)."""
    X = np.asarray(X, dtype=float)
    within = cdist(X, X) <= eps
    np.fill_diagonal(within, False)                 # "a point is not its own neighbour"
    core = within.sum(axis=1) >= min_samples
    border = ~core & within[:, core].any(axis=1)
    return np.where(core, "core", np.where(border, "border", "noise"))

# %% dbscan-point-types pitfall
# Mistake: a border point is taken to be any non-core point with a neighbour, core or not.
def point_types(X, eps, min_samples):
    """The kind of every point of X for DBSCAN(eps, min_samples)."""
    X = np.asarray(X, dtype=float)
    within = cdist(X, X) <= eps
    counts = within.sum(axis=1)
    core = counts >= min_samples
    border = ~core & (counts > 1)
    return np.where(core, "core", np.where(border, "border", "noise"))

# %% dbscan-point-types
# Mistake: compares squared distances with eps (not eps squared), to save the square root. The
# visible checks all use eps = 1, where the two agree; any other eps changes the neighbourhoods.
def point_types(X, eps, min_samples):
    """The kind of every point of X for DBSCAN(eps, min_samples)."""
    X = np.asarray(X, dtype=float)
    squared = ((X[:, np.newaxis, :] - X[np.newaxis, :, :]) ** 2).sum(axis=2)
    within = squared <= eps
    core = within.sum(axis=1) >= min_samples
    border = ~core & within[:, core].any(axis=1)
    return np.where(core, "core", np.where(border, "border", "noise"))

# %% dbscan-from-scratch pitfall
# Mistake: the textbook loop without its relabelling step: a point visited before its cluster is
# found is marked noise, and stays noise when the cluster reaches it later (it should become a
# border point).
def dbscan(X, eps, min_samples):
    """Cluster X with DBSCAN(eps, min_samples)."""
    X = np.asarray(X, dtype=float)
    within = cdist(X, X) <= eps
    unvisited, noise = -2, -1
    labels = np.full(len(X), unvisited)
    cluster = -1
    for p in range(len(X)):
        if labels[p] != unvisited:
            continue
        if within[p].sum() < min_samples:
            labels[p] = noise
            continue
        cluster += 1
        labels[p] = cluster
        queue = list(np.flatnonzero(within[p]))
        while queue:
            q = queue.pop()
            if labels[q] != unvisited:              # forgets: a noise point reached here is a border point
                continue
            labels[q] = cluster
            if within[q].sum() >= min_samples:
                queue.extend(np.flatnonzero(within[q]))
    return labels

# %% dbscan-from-scratch pitfall
# Mistake: grows clusters from every point that joins, border points included, so clusters leak
# through border points into noise and into each other.
def dbscan(X, eps, min_samples):
    """Cluster X with DBSCAN(eps, min_samples)."""
    X = np.asarray(X, dtype=float)
    within = cdist(X, X) <= eps
    core = within.sum(axis=1) >= min_samples
    labels = np.full(len(X), -1)
    cluster = 0
    for start in np.flatnonzero(core):
        if labels[start] != -1:
            continue
        labels[start] = cluster
        to_grow = [start]
        while to_grow:
            point = to_grow.pop()
            for neighbour in np.flatnonzero(within[point]):
                if labels[neighbour] == -1:
                    labels[neighbour] = cluster
                    to_grow.append(neighbour)       # also from border points
        cluster += 1
    return labels

# %% dbscan-from-scratch pitfall
# Mistake: hands the work to scikit-learn instead of writing the algorithm.
def dbscan(X, eps, min_samples):
    """Cluster X with DBSCAN(eps, min_samples)."""
    return DBSCAN(eps=eps, min_samples=min_samples).fit_predict(X)

# %% dbscan-from-scratch
# Mistake: numbers the clusters by their first core point, then renumbers them with np.unique,
# assuming noise (-1) is always the smallest label present and shifting everything down by one.
# With no noise at all (min_samples=1, or a huge eps), the first cluster becomes -1.
def dbscan(X, eps, min_samples):
    """Cluster X with DBSCAN(eps, min_samples)."""
    X = np.asarray(X, dtype=float)
    within = cdist(X, X) <= eps
    core = within.sum(axis=1) >= min_samples
    labels = np.full(len(X), -1)
    for start in np.flatnonzero(core):
        if labels[start] != -1:
            continue
        labels[start] = start                       # the cluster's name: its first core point
        to_grow = [start]
        while to_grow:
            point = to_grow.pop()
            for neighbour in np.flatnonzero(within[point]):
                if labels[neighbour] == -1:
                    labels[neighbour] = start
                    if core[neighbour]:
                        to_grow.append(neighbour)
    return np.unique(labels, return_inverse=True)[1] - 1     # "noise is label 0 after np.unique"

# %% dbscan-eps-from-knee pitfall
# Mistake: asks NearestNeighbors for min_samples neighbours without passing X again, which leaves
# each point out of its own neighbours: the distance to the min_samples-th *other* point, one too far.
def eps_from_knee(X, min_samples):
    """eps at the knee of the sorted k-distances of X."""
    distances, _ = NearestNeighbors(n_neighbors=min_samples).fit(X).kneighbors()
    curve = np.sort(distances[:, -1])
    return float(curve[knee_index(curve)])

# %% dbscan-eps-from-knee pitfall
# Mistake: finds the knee of the k-distances in the order of the points, without sorting them.
def eps_from_knee(X, min_samples):
    """eps at the knee of the sorted k-distances of X."""
    X = np.asarray(X, dtype=float)
    k_distances = np.sort(cdist(X, X), axis=1)[:, min_samples - 1]
    return float(k_distances[knee_index(k_distances)])

# %% dbscan-eps-from-knee
# Mistake: removes "the point itself" by dropping the zero distances, which also drops a point's
# duplicates (other points at distance 0): with repeated points the k-distances come out too large.
def eps_from_knee(X, min_samples):
    """eps at the knee of the sorted k-distances of X."""
    X = np.asarray(X, dtype=float)
    distances = cdist(X, X)
    k_distances = np.array([np.sort(row[row > 0])[min_samples - 2] for row in distances])
    curve = np.sort(k_distances)
    return float(curve[knee_index(curve)])

# %% dbscan-new-points pitfall
# Mistake: gives a new point the cluster of the nearest training point within eps, border points
# included, although border points do not extend a cluster.
def label_new_points(model, X, X_new):
    """Label new points with a DBSCAN model fitted on X."""
    distances = cdist(np.asarray(X_new, dtype=float), np.asarray(X, dtype=float))
    nearest = distances.argmin(axis=1)
    return np.where(distances.min(axis=1) <= model.eps, model.labels_[nearest], -1)

# %% dbscan-new-points pitfall
# Mistake: forgets eps: every new point gets the cluster of its nearest core point, so nothing is
# ever an anomaly.
def label_new_points(model, X, X_new):
    """Label new points with a DBSCAN model fitted on X."""
    core = model.core_sample_indices_
    nearest = cdist(np.asarray(X_new, dtype=float), np.asarray(X, dtype=float)[core]).argmin(axis=1)
    return model.labels_[core][nearest]

# %% dbscan-new-points
# Mistake: stops at the first core point within eps (in the order of the training points) instead of
# the nearest one; a new point within eps of core points of two clusters can get the farther cluster.
def label_new_points(model, X, X_new):
    """Label new points with a DBSCAN model fitted on X."""
    X = np.asarray(X, dtype=float)
    labels = np.full(len(X_new), -1)
    for i, point in enumerate(np.asarray(X_new, dtype=float)):
        for c in model.core_sample_indices_:
            if np.linalg.norm(point - X[c]) <= model.eps:
                labels[i] = model.labels_[c]
                break
    return labels

# %% dbscan-varied-density pitfall
# Mistake: DBSCAN with one eps, chosen at the knee of the k-distance plot: one density threshold
# cannot keep the dense clusters apart and the sparse one together.
def cluster_varied_density(X):
    """Cluster X, whose clusters differ in density and shape."""
    X = np.asarray(X, dtype=float)
    curve = np.sort(NearestNeighbors(n_neighbors=5).fit(X).kneighbors(X)[0][:, -1])
    return DBSCAN(eps=curve[knee_index(curve)], min_samples=5).fit_predict(X)

# %% dbscan-varied-density pitfall
# Mistake: HDBSCAN with its default min_cluster_size=5, far below the stated cluster size of 30 or
# more, which makes it unstable: on the first visible dataset it merges the two tight blobs.
def cluster_varied_density(X):
    """Cluster X, whose clusters differ in density and shape."""
    return HDBSCAN(copy=True).fit_predict(X)

# %% dbscan-varied-density
# Mistake: OPTICS with its xi threshold tuned until both visible datasets passed; its steepness
# rule is fragile, and on other data of the same kind it splits or drops whole clusters.
def cluster_varied_density(X):
    """Cluster X, whose clusters differ in density and shape."""
    return OPTICS(min_samples=10, xi=0.1, min_cluster_size=0.05, algorithm="brute").fit_predict(X)
