"""Plausible wrong answers for the chapter 5 assignment (source/05_choosing_k/05_choosing_k.ipynb).

Not a module to import: each section, starting with a line ``# %% <answer grade_id>`` (a mistake only the
hidden tests catch, checked by tests/test_grading.py) or ``# %% <answer grade_id> pitfall`` (the
exercise's headline mistake, which a visible check must catch, checked by tests/test_exercises.py), is the
full code that replaces that autograded answer cell.
"""

# %% choosek-find-knee pitfall
# Mistake: copies the lesson's shortcut (1 - x - y) / sqrt(2), the distance to the chord of a
# *decreasing* normalised curve only; for an increasing curve the chord is another line.
def find_knee(ks, values):
    """The k whose normalised point is farthest below the chord from (0, 1) to (1, 0)."""
    ks = np.asarray(ks)
    values = np.asarray(values, dtype=float)
    x = (ks - ks.min()) / (ks.max() - ks.min())
    y = (values - values.min()) / (values.max() - values.min())
    return int(ks[np.argmax((1 - x - y) / np.sqrt(2))])

# %% choosek-find-knee pitfall
# Mistake: handles increasing curves by flipping them, then uses the lesson's shortcut without an
# absolute value, so a curve that lies below its rising chord (sorted k-distances) gets its first point.
def find_knee(ks, values):
    """The k farthest from the chord, increasing curves flipped first."""
    ks = np.asarray(ks)
    values = np.asarray(values, dtype=float)
    x = (ks - ks.min()) / (ks.max() - ks.min())
    y = (values - values.min()) / (values.max() - values.min())
    if values[-1] > values[0]:
        y = 1 - y
    return int(ks[np.argmax((1 - x - y) / np.sqrt(2))])

# %% choosek-find-knee pitfall
# Mistake: normalises the positions 0, 1, ..., m - 1 instead of the values of k, which is only the
# same when the ks are evenly spaced.
def find_knee(ks, values):
    """The k farthest from the chord, with x the position of k in the list."""
    ks = np.asarray(ks)
    values = np.asarray(values, dtype=float)
    x = np.arange(len(ks)) / (len(ks) - 1)
    y = (values - values.min()) / (values.max() - values.min())
    dx, dy = x[-1] - x[0], y[-1] - y[0]
    distance = np.abs(dx * (y - y[0]) - dy * (x - x[0])) / np.hypot(dx, dy)
    return int(ks[np.argmax(distance)])

# %% choosek-find-knee
# Mistake: sorts the distances and takes the last one, so of several equally distant points it
# returns the largest k, not the smallest.
def find_knee(ks, values):
    """The k farthest from the chord."""
    ks = np.asarray(ks)
    values = np.asarray(values, dtype=float)
    x = (ks - ks.min()) / (ks.max() - ks.min())
    y = (values - values.min()) / (values.max() - values.min())
    dx, dy = x[-1] - x[0], y[-1] - y[0]
    distance = np.abs(dx * (y - y[0]) - dy * (x - x[0])) / np.hypot(dx, dy)
    return int(ks[np.argsort(distance)[-1]])

# %% choosek-neighbour-cluster pitfall
# Mistake: the nearest *centre* among the other clusters (K-Means' notion of near), instead of the
# smallest mean distance to the other cluster's points.
def neighbour_cluster(X, labels):
    """For every point, the other cluster with the nearest centre."""
    from scipy.spatial.distance import cdist
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    clusters = np.unique(labels)
    centres = np.array([X[labels == c].mean(axis=0) for c in clusters])
    distance = cdist(X, centres)
    distance[labels[:, np.newaxis] == clusters[np.newaxis, :]] = np.inf
    return clusters[np.argmin(distance, axis=1)]

# %% choosek-neighbour-cluster pitfall
# Mistake: forgets to leave the point's own cluster out, so most points get their own cluster.
def neighbour_cluster(X, labels):
    """For every point, the cluster whose points are closest on average."""
    from scipy.spatial.distance import cdist
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    clusters = np.unique(labels)
    mean_distance = np.column_stack([cdist(X, X[labels == c]).mean(axis=1) for c in clusters])
    return clusters[np.argmin(mean_distance, axis=1)]

# %% choosek-neighbour-cluster
# Mistake: returns the position of the neighbouring cluster among the sorted labels instead of its
# label, which is only the same when the labels are 0, 1, ..., K - 1.
def neighbour_cluster(X, labels):
    """For every point, the other cluster whose points are closest on average."""
    from scipy.spatial.distance import cdist
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    clusters = np.unique(labels)
    mean_distance = np.column_stack([cdist(X, X[labels == c]).mean(axis=1) for c in clusters])
    mean_distance[labels[:, np.newaxis] == clusters[np.newaxis, :]] = np.inf
    return np.argmin(mean_distance, axis=1)

# %% choosek-gap-choice pitfall
# Mistake: takes the k of the largest gap, which for data without clusters is wherever the noise
# puts it, so the answer is never "one cluster".
def gap_choice(ks, inertia, reference_inertia):
    """The k with the largest gap."""
    log_ref = np.log(np.asarray(reference_inertia, dtype=float))
    gap = log_ref.mean(axis=0) - np.log(np.asarray(inertia, dtype=float))
    return int(np.asarray(ks)[np.argmax(gap)])

# %% choosek-gap-choice
# Mistake: leaves out the factor sqrt(1 + 1/B) of s(k), which matters when there are few references.
def gap_choice(ks, inertia, reference_inertia):
    """The smallest k with gap(k) >= gap(next k) - s(next k)."""
    log_ref = np.log(np.asarray(reference_inertia, dtype=float))
    gap = log_ref.mean(axis=0) - np.log(np.asarray(inertia, dtype=float))
    s = log_ref.std(axis=0)
    for i in range(len(gap) - 1):
        if gap[i] >= gap[i + 1] - s[i + 1]:
            return int(list(ks)[i])
    return None

# %% choosek-fewest-bins pitfall
# Mistake: compares the *mean* of the bins' standard deviations with max_std, which hides the worst
# bin, so it returns too few bins.
def fewest_bins(X, measure, max_std, ks, random_state):
    """The smallest k whose bins have, on average, a standard deviation of measure <= max_std."""
    measure = np.asarray(measure, dtype=float)
    for k in ks:
        labels = KMeans(n_clusters=k, n_init=10, random_state=random_state).fit_predict(X)
        if np.mean([measure[labels == c].std() for c in np.unique(labels)]) <= max_std:
            return int(k)
    return None

# %% choosek-fewest-bins
# Mistake: when no k meets the need it returns the largest k tried instead of None, as if more bins
# always had to do.
def fewest_bins(X, measure, max_std, ks, random_state):
    """The smallest k whose bins all have a standard deviation of measure <= max_std."""
    measure = np.asarray(measure, dtype=float)
    for k in ks:
        labels = KMeans(n_clusters=k, n_init=10, random_state=random_state).fit_predict(X)
        if max(measure[labels == c].std() for c in np.unique(labels)) <= max_std:
            break
    return int(k)
