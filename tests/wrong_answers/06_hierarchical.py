"""Plausible wrong answers for the chapter 6 assignment (source/06_hierarchical/06_hierarchical.ipynb).

Not a module to import: each section, starting with a line ``# %% <answer grade_id>`` (a mistake
only the hidden tests catch) or ``# %% <answer grade_id> pitfall`` (the exercise's headline mistake,
which a visible check catches), is the full code that replaces that autograded answer cell.
"""

# %% hier-agglomerate pitfall
# Mistake: average linkage takes the plain mean of the two merged rows (WPGMA, scipy's "weighted"),
# instead of weighting each by the size of its cluster.
def agglomerate(D, method="single"):
    D = np.array(D, dtype=float)
    n = len(D)
    np.fill_diagonal(D, np.inf)
    ids = np.arange(n)
    sizes = np.ones(n)
    Z = np.empty((n - 1, 4))
    for k in range(n - 1):
        i, j = sorted(np.unravel_index(np.argmin(D), D.shape))
        Z[k] = [ids[i], ids[j], D[i, j], sizes[i] + sizes[j]]
        if method == "single":
            merged = np.minimum(D[i], D[j])
        elif method == "complete":
            merged = np.maximum(D[i], D[j])
        else:
            merged = (D[i] + D[j]) / 2
        D[i, :] = D[:, i] = merged
        D[j, :] = D[:, j] = np.inf
        D[i, i] = np.inf
        sizes[i] += sizes[j]
        ids[i] = n + k
    return Z

# %% hier-agglomerate pitfall
# Mistake: names a merged cluster by the row of the matrix that holds it, instead of giving it the
# new id n + k, so a later merge refers to a cluster that was already used.
def agglomerate(D, method="single"):
    D = np.array(D, dtype=float)
    n = len(D)
    np.fill_diagonal(D, np.inf)
    sizes = np.ones(n)
    Z = np.empty((n - 1, 4))
    for k in range(n - 1):
        i, j = sorted(np.unravel_index(np.argmin(D), D.shape))
        Z[k] = [i, j, D[i, j], sizes[i] + sizes[j]]
        if method == "single":
            merged = np.minimum(D[i], D[j])
        elif method == "complete":
            merged = np.maximum(D[i], D[j])
        else:
            merged = (sizes[i] * D[i] + sizes[j] * D[j]) / (sizes[i] + sizes[j])
        D[i, :] = D[:, i] = merged
        D[j, :] = D[:, j] = np.inf
        D[i, i] = np.inf
        sizes[i] += sizes[j]
    return Z

# %% hier-agglomerate
# Mistake: copies D without making it float, so an integer distance matrix (Manhattan distances on a
# grid) cannot hold np.inf, nor the mean of two distances.
def agglomerate(D, method="single"):
    D = np.array(D)
    n = len(D)
    np.fill_diagonal(D, np.inf)
    ids = np.arange(n)
    sizes = np.ones(n)
    Z = np.empty((n - 1, 4))
    for k in range(n - 1):
        i, j = sorted(np.unravel_index(np.argmin(D), D.shape))
        Z[k] = [ids[i], ids[j], D[i, j], sizes[i] + sizes[j]]
        if method == "single":
            merged = np.minimum(D[i], D[j])
        elif method == "complete":
            merged = np.maximum(D[i], D[j])
        else:
            merged = (sizes[i] * D[i] + sizes[j] * D[j]) / (sizes[i] + sizes[j])
        D[i, :] = D[:, i] = merged
        D[j, :] = D[:, j] = np.inf
        D[i, i] = np.inf
        sizes[i] += sizes[j]
        ids[i] = n + k
    return Z

# %% hier-cut-at-height pitfall
# Mistake: applies every merge whose own height is at most the cut, ignoring inversions: a merge
# below the cut whose subtree holds a merge above it still joins all its points.
def cut_at_height(Z, height):
    Z = np.asarray(Z, dtype=float)
    n = len(Z) + 1
    labels = np.arange(n)
    members = [[i] for i in range(n)]
    for k, (a, b, h, _) in enumerate(Z):
        members.append(members[int(a)] + members[int(b)])
        if h <= height:
            labels[members[n + k]] = n + k
    return labels

# %% hier-cut-at-height
# Mistake: a merge exactly at the height is left out (< instead of <=), unlike fcluster.
def cut_at_height(Z, height):
    Z = np.asarray(Z, dtype=float)
    n = len(Z) + 1
    labels = np.arange(n)
    members = [[i] for i in range(n)]
    highest = np.zeros(2 * n - 1)
    for k, (a, b, h, _) in enumerate(Z):
        a, b = int(a), int(b)
        highest[n + k] = max(h, highest[a], highest[b])
        members.append(members[a] + members[b])
        if highest[n + k] < height:
            labels[members[n + k]] = n + k
    return labels

# %% hier-cophenetic-correlation pitfall
# Mistake: correlates the two full square matrices, diagonal included: every point paired with itself
# adds a (0, 0) pair on which both agree perfectly.
def cophenetic_correlation(X, Z):
    X = np.asarray(X, dtype=float)
    n = len(X)
    cophenetic = np.zeros((n, n))
    members = [[i] for i in range(n)]
    for a, b, height, _ in np.asarray(Z, dtype=float):
        left, right = members[int(a)], members[int(b)]
        cophenetic[np.ix_(left, right)] = height
        cophenetic[np.ix_(right, left)] = height
        members.append(left + right)
    return float(np.corrcoef(squareform(pdist(X)).ravel(), cophenetic.ravel())[0, 1])

# %% hier-cophenetic-correlation
# Mistake: takes a pair's cophenetic distance to be the lowest cut that puts the two points together,
# the highest merge anywhere in the subtree that joins them; with an inversion (centroid linkage) that
# is higher than the height of the merge that joins them.
def cophenetic_correlation(X, Z):
    X = np.asarray(X, dtype=float)
    n = len(X)
    cophenetic = np.zeros((n, n))
    members = [[i] for i in range(n)]
    top = [0.0] * n
    for a, b, height, _ in np.asarray(Z, dtype=float):
        a, b = int(a), int(b)
        level = max(height, top[a], top[b])
        cophenetic[np.ix_(members[a], members[b])] = level
        cophenetic[np.ix_(members[b], members[a])] = level
        members.append(members[a] + members[b])
        top.append(level)
    i, j = np.triu_indices(n, k=1)
    return float(np.corrcoef(pdist(X), cophenetic[i, j])[0, 1])

# %% hier-linkage-for-shape pitfall
# Mistake: Ward, scikit-learn's default, for every shape.
def linkage_for(shape):
    return "ward"

# %% hier-linkage-for-shape
# Mistake: single linkage for the small group beside the large one, because it works on the sample
# shown (seed 0); on most other samples a stray point of the large group becomes a cluster instead.
def linkage_for(shape):
    return {"rings": "single", "blobs in noise": "ward", "small beside large": "single"}[shape]
