"""Plausible wrong answers for the chapter 4 assignment (source/04_kmeans/04_kmeans.ipynb).

Not a module to import: each section is the full code that replaces one autograded answer cell.

- ``# %% <answer grade_id> pitfall``: the exercise's headline mistake (the first one) or another one
  the lesson warns about. A *visible* check must catch it, with a message naming the exercise
  (tests/test_exercises.py).
- ``# %% <answer grade_id>``: exactly one per exercise, a mistake that passes the visible checks and
  loses the points when graded (tests/test_grading.py). These run all together, so each one is
  self-contained and does not call the other answers (``assign_to_nearest`` is given by the setup cell).
"""

# %% kmeans-inertia pitfall
# Mistake (headline): adds up the distances instead of the squared distances.
def inertia(X, labels, centres):
    """Sum of distances from each point to its assigned centre."""
    X = np.asarray(X, dtype=float)
    centres = np.asarray(centres, dtype=float)
    return float(np.sqrt(((X - centres[np.asarray(labels)]) ** 2).sum(axis=1)).sum())

# %% kmeans-inertia
# Mistake: ignores the labels and measures each point against its nearest centre, which differs
# from the assigned centre whenever the labels are not nearest-centre labels.
def inertia(X, labels, centres):
    """Sum of squared distances from each point to its centre."""
    X = np.asarray(X, dtype=float)
    centres = np.asarray(centres, dtype=float)
    squared = ((X[:, np.newaxis, :] - centres[np.newaxis, :, :]) ** 2).sum(axis=2)
    return float(squared.min(axis=1).sum())

# %% kmeans-update-step pitfall
# Mistake (headline): the empty-cluster rule is forgotten: the mean of no points is NaN, so an empty
# cluster's centre becomes NaN instead of staying where it was.
def update_centres(X, labels, centres):
    """Move each centre to the mean of its points."""
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    return np.array([X[labels == j].mean(axis=0) for j in range(len(centres))])

# %% kmeans-update-step pitfall
# Mistake: writes the new centres into the array it was given, so the caller's centres change.
def update_centres(X, labels, centres):
    """Move each centre to the mean of its points, in place."""
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    for j in range(len(centres)):
        if (labels == j).any():
            centres[j] = X[labels == j].mean(axis=0)
    return centres

# %% kmeans-update-step
# Mistake: copies the centres without making them floats: with integer starting centres the copy is an
# integer array, and every mean stored into it loses its decimals.
def update_centres(X, labels, centres):
    """Move each centre to the mean of its points; a centre with no points stays where it is."""
    X = np.asarray(X)
    labels = np.asarray(labels)
    new_centres = np.array(centres, copy=True)      # keeps the dtype of `centres`
    for j in range(len(new_centres)):
        members = labels == j
        if members.any():
            new_centres[j] = X[members].mean(axis=0)
    return new_centres

# %% kmeans-lloyd-loop pitfall
# Mistake (headline): returns the labels of the last assignment step, made with the centres *before*
# the last update, instead of assigning the points to the returned centres (wrong when the loop stops
# at max_iter).
def lloyd_kmeans(X, initial_centres, max_iter=100, tol=1e-6):
    """Lloyd's algorithm from the given initial centres."""
    X = np.asarray(X, dtype=float)
    centres = np.array(initial_centres, dtype=float)
    for n_iter in range(1, max_iter + 1):
        labels = assign_to_nearest(X, centres)
        new_centres = np.array([X[labels == j].mean(axis=0) if (labels == j).any() else centres[j]
                                for j in range(len(centres))])
        moved = np.linalg.norm(new_centres - centres, axis=1).max()
        centres = new_centres
        if moved <= tol:
            break
    return centres, labels, n_iter

# %% kmeans-lloyd-loop pitfall
# Mistake: does not count the last round, the one in which nothing moves.
def lloyd_kmeans(X, initial_centres, max_iter=100, tol=1e-6):
    """Lloyd's algorithm from the given initial centres."""
    X = np.asarray(X, dtype=float)
    centres = np.array(initial_centres, dtype=float)
    n_iter = 0
    while n_iter < max_iter:
        labels = assign_to_nearest(X, centres)
        new_centres = np.array([X[labels == j].mean(axis=0) if (labels == j).any() else centres[j]
                                for j in range(len(centres))])
        moved = np.linalg.norm(new_centres - centres, axis=1).max()
        centres = new_centres
        if moved <= tol:
            break
        n_iter += 1
    return centres, assign_to_nearest(X, centres), max(n_iter, 1)

# %% kmeans-lloyd-loop
# Mistake: ignores `tol` and stops only when no centre moves at all (as the lesson's drawing loop
# does), so it runs rounds in which the centres move by less than tol.
def lloyd_kmeans(X, initial_centres, max_iter=100, tol=1e-6):
    """Lloyd's algorithm from the given initial centres."""
    X = np.asarray(X, dtype=float)
    centres = np.array(initial_centres, dtype=float)
    for n_iter in range(1, max_iter + 1):
        labels = assign_to_nearest(X, centres)
        new_centres = np.array([X[labels == j].mean(axis=0) if (labels == j).any() else centres[j]
                                for j in range(len(centres))])
        unchanged = np.array_equal(new_centres, centres)
        centres = new_centres
        if unchanged:
            break
    return centres, assign_to_nearest(X, centres), n_iter

# %% kmeans-random-partition-start pitfall
# Mistake (headline): every point draws its group on its own, as in the lesson: with few points per
# group some groups stay empty, and their mean is NaN.
def random_partition_start(X, k, rng):
    """Starting centres: the means of k random groups."""
    X = np.asarray(X, dtype=float)
    groups = rng.integers(k, size=len(X))
    return np.array([X[groups == j].mean(axis=0) for j in range(k)])

# %% kmeans-random-partition-start pitfall
# Mistake: returns k random data points, which is Forgy's start, not a random partition.
def random_partition_start(X, k, rng):
    """Starting centres: k different random points."""
    X = np.asarray(X, dtype=float)
    return X[rng.choice(len(X), size=k, replace=False)]

# %% kmeans-random-partition-start pitfall
# Mistake: shuffles X itself with rng.shuffle, which reorders the caller's array in place.
def random_partition_start(X, k, rng):
    """Starting centres: the means of k random groups of (nearly) equal size."""
    rng.shuffle(X)
    return np.array([X[j::k].mean(axis=0) for j in range(k)])

# %% kmeans-random-partition-start
# Mistake: cuts the shuffled points into blocks of ceil(n / k) instead of dealing them out in turn.
# When k divides n this is a random partition too, but otherwise the last groups get fewer points or
# none (5 points, k = 4: blocks of 2, 2 and 1, and an empty fourth group).
def random_partition_start(X, k, rng):
    """Starting centres: the means of k random groups."""
    X = np.asarray(X, dtype=float)
    size = int(np.ceil(len(X) / k))
    groups = rng.permutation(len(X)) // size
    return np.array([X[groups == j].mean(axis=0) for j in range(k)])

# %% kmeans-plusplus-init pitfall
# Mistake (headline): samples with probability proportional to the distance, not the squared distance.
def kmeans_plus_plus(X, k, rng):
    """Choose k initial centres among the rows of X by k-means++ sampling."""
    X = np.asarray(X, dtype=float)
    n = len(X)
    chosen = [rng.integers(n)]
    while len(chosen) < k:
        dist = np.linalg.norm(X[:, np.newaxis, :] - X[chosen][np.newaxis, :, :], axis=2).min(axis=1)
        chosen.append(rng.choice(n, p=dist / dist.sum()))
    return X[chosen]

# %% kmeans-plusplus-init
# Mistake: d2 is the squared distance to the most recently chosen centre, not to the nearest chosen
# centre. With k = 2 the two are the same, and on the 7 example points with seed 0 the draws agree too.
def kmeans_plus_plus(X, k, rng):
    """Choose k initial centres among the rows of X by k-means++ sampling."""
    X = np.asarray(X, dtype=float)
    n = len(X)
    chosen = [rng.integers(n)]
    while len(chosen) < k:
        d2 = ((X - X[chosen[-1]]) ** 2).sum(axis=1)
        chosen.append(rng.choice(n, p=d2 / d2.sum()))
    return X[chosen]

# %% kmeans-stable-groups pitfall
# Mistake (headline): compares cluster numbers across runs: each company's most frequent number
# decides its group, although every run numbers its clusters in its own way.
def stable_groups(labelings, min_share):
    """Groups of companies by their most frequent cluster number."""
    usual = labelings.mode().iloc[0]
    counts = usual.map(usual.value_counts())
    return pd.Series(np.where(counts > 1, usual, -1), index=labelings.columns)

# %% kmeans-stable-groups pitfall
# Mistake: reads a single run (the first) as the answer.
def stable_groups(labelings, min_share):
    """The clusters of the first run."""
    return pd.Series(np.asarray(labelings)[0], index=labelings.columns)

# %% kmeans-stable-groups pitfall
# Mistake: partners need a share strictly above min_share, so a share equal to it does not count.
def stable_groups(labelings, min_share):
    """Groups of companies that share a cluster in more than min_share of the runs."""
    from scipy.sparse.csgraph import connected_components
    labels = np.asarray(labelings)
    share = (labels[:, :, np.newaxis] == labels[:, np.newaxis, :]).mean(axis=0)
    _, component = connected_components(share > min_share, directed=False)
    size = np.bincount(component)
    return pd.Series(np.where(size[component] > 1, component, -1), index=labelings.columns)

# %% kmeans-stable-groups
# Mistake: groups each company with its own partners only, without following chains of partners:
# when A-B and B-C are partners but A-C are not, the chain is cut in two.
def stable_groups(labelings, min_share):
    """Groups of companies that share a cluster in at least min_share of the runs."""
    labels = np.asarray(labelings)
    share = (labels[:, :, np.newaxis] == labels[:, np.newaxis, :]).mean(axis=0)
    groups = np.full(labels.shape[1], -1)
    next_group = 0
    for i in range(labels.shape[1]):
        if groups[i] != -1:
            continue
        members = np.flatnonzero((share[i] >= min_share) & (groups == -1))
        if len(members) > 1:                       # i itself and at least one partner
            groups[members] = next_group
            next_group += 1
    return pd.Series(groups, index=labelings.columns)
