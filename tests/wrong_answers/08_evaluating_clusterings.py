"""Plausible wrong answers for the chapter 8 assignment (source/08_evaluating_clusterings/08_evaluating_clusterings.ipynb).

Not a module to import: each section is the full code that replaces one autograded answer cell.

- ``# %% <answer grade_id> pitfall``: the exercise's headline mistake (or another one the lesson
  warns about). A *visible* check must catch it, with a message naming the exercise
  (tests/test_exercises.py).
- ``# %% <answer grade_id>``: exactly one per exercise, a mistake that passes the visible checks and
  loses the points when graded (tests/test_grading.py). These run all together, so each one is
  self-contained and does not call the other answers.
"""

# %% evaluate-silhouette-samples pitfall
# Mistake (headline): a(i) averaged over the whole cluster, the point itself (at distance 0)
# included, so the sum is divided by |C| instead of |C| - 1.
def silhouette_values(X, labels):
    """The silhouette s(i) of every point."""
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    distances = np.sqrt(((X[:, np.newaxis, :] - X[np.newaxis, :, :]) ** 2).sum(axis=2))
    s = np.zeros(len(X))
    for i in range(len(X)):
        own = labels == labels[i]
        if own.sum() == 1:
            continue
        a = distances[i, own].mean()
        b = min(distances[i, labels == other].mean() for other in np.unique(labels) if other != labels[i])
        s[i] = (b - a) / max(a, b)
    return s

# %% evaluate-silhouette-samples pitfall
# Mistake: b(i) as the mean distance to every point outside the cluster, instead of to the points
# of the nearest other cluster.
def silhouette_values(X, labels):
    """The silhouette s(i) of every point."""
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    distances = np.sqrt(((X[:, np.newaxis, :] - X[np.newaxis, :, :]) ** 2).sum(axis=2))
    s = np.zeros(len(X))
    for i in range(len(X)):
        own = labels == labels[i]
        if own.sum() == 1:
            continue
        a = distances[i, own].sum() / (own.sum() - 1)
        b = distances[i, ~own].mean()
        s[i] = (b - a) / max(a, b)
    return s

# %% evaluate-silhouette-samples pitfall
# Mistake: squared Euclidean distances (K-Means' quantity) instead of distances.
def silhouette_values(X, labels):
    """The silhouette s(i) of every point."""
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    distances = ((X[:, np.newaxis, :] - X[np.newaxis, :, :]) ** 2).sum(axis=2)
    s = np.zeros(len(X))
    for i in range(len(X)):
        own = labels == labels[i]
        if own.sum() == 1:
            continue
        a = distances[i, own].sum() / (own.sum() - 1)
        b = min(distances[i, labels == other].mean() for other in np.unique(labels) if other != labels[i])
        s[i] = (b - a) / max(a, b)
    return s

# %% evaluate-silhouette-samples pitfall
# Mistake: assumes the clusters are numbered 0, 1, ..., K - 1 (wrong for names such as "a", "b").
def silhouette_values(X, labels):
    """The silhouette s(i) of every point."""
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    distances = np.sqrt(((X[:, np.newaxis, :] - X[np.newaxis, :, :]) ** 2).sum(axis=2))
    k = len(np.unique(labels))
    s = np.zeros(len(X))
    for i in range(len(X)):
        own = labels == labels[i]
        if own.sum() == 1:
            continue
        a = distances[i, own].sum() / (own.sum() - 1)
        b = min(distances[i, labels == other].mean() for other in range(k) if other != labels[i])
        s[i] = (b - a) / max(a, b)
    return s

# %% evaluate-silhouette-samples pitfall
# Mistake: calls scikit-learn's silhouette_samples instead of computing the silhouette, which is
# what the exercise asks for (the right numbers, but nothing learnt).
def silhouette_values(X, labels):
    from sklearn.metrics import silhouette_samples
    return silhouette_samples(X, labels)

# %% evaluate-silhouette-samples
# Mistake: guards the division for a point alone in its cluster with max(|C| - 1, 1), which gives
# a(i) = 0 and so s(i) = 1 (a perfect score) instead of the convention s(i) = 0. The visible
# examples have no such point.
def silhouette_values(X, labels):
    """The silhouette s(i) of every point."""
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    distances = np.sqrt(((X[:, np.newaxis, :] - X[np.newaxis, :, :]) ** 2).sum(axis=2))
    s = np.zeros(len(X))
    for i in range(len(X)):
        own = labels == labels[i]
        a = distances[i, own].sum() / max(own.sum() - 1, 1)
        b = min(distances[i, labels == other].mean() for other in np.unique(labels) if other != labels[i])
        s[i] = (b - a) / max(a, b)
    return s

# %% evaluate-calinski-harabasz pitfall
# Mistake (headline): B / W without the degrees of freedom (K - 1) and (n - K).
def calinski_harabasz(X, labels):
    """The Calinski-Harabasz index."""
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    overall_mean = X.mean(axis=0)
    within = between = 0.0
    for cluster in np.unique(labels):
        points = X[labels == cluster]
        within += ((points - points.mean(axis=0)) ** 2).sum()
        between += len(points) * ((points.mean(axis=0) - overall_mean) ** 2).sum()
    return between / within

# %% evaluate-calinski-harabasz pitfall
# Mistake: B adds up the squared distances of the cluster means to the overall mean without
# weighting each by the size of its cluster.
def calinski_harabasz(X, labels):
    """The Calinski-Harabasz index."""
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    clusters = np.unique(labels)
    n, k = len(X), len(clusters)
    overall_mean = X.mean(axis=0)
    within = between = 0.0
    for cluster in clusters:
        points = X[labels == cluster]
        within += ((points - points.mean(axis=0)) ** 2).sum()
        between += ((points.mean(axis=0) - overall_mean) ** 2).sum()
    return (between / (k - 1)) / (within / (n - k))

# %% evaluate-calinski-harabasz
# Mistake: takes the number of clusters K to be the largest label + 1, which is right only for
# labels 0, 1, ..., K - 1 (the visible examples), not for the wine's 1, 2, 3, nor for names.
def calinski_harabasz(X, labels):
    """The Calinski-Harabasz index."""
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    n, k = len(X), int(labels.max()) + 1
    overall_mean = X.mean(axis=0)
    within = between = 0.0
    for cluster in np.unique(labels):
        points = X[labels == cluster]
        within += ((points - points.mean(axis=0)) ** 2).sum()
        between += len(points) * ((points.mean(axis=0) - overall_mean) ** 2).sum()
    return (between / (k - 1)) / (within / (n - k))

# %% evaluate-davies-bouldin pitfall
# Mistake (headline): averages R_jk over the other clusters k instead of taking the worst one.
def davies_bouldin(X, labels):
    """The Davies-Bouldin index."""
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    clusters = np.unique(labels)
    centroids = np.array([X[labels == c].mean(axis=0) for c in clusters])
    scatter = np.array([np.linalg.norm(X[labels == c] - m, axis=1).mean() for c, m in zip(clusters, centroids)])
    separation = np.linalg.norm(centroids[:, np.newaxis, :] - centroids[np.newaxis, :, :], axis=2)
    k = len(clusters)
    worst = [np.mean([(scatter[j] + scatter[i]) / separation[j, i] for i in range(k) if i != j]) for j in range(k)]
    return float(np.mean(worst))

# %% evaluate-davies-bouldin pitfall
# Mistake: the root mean square distance to the centroid as the scatter (one of the original
# paper's variants), instead of scikit-learn's mean distance.
def davies_bouldin(X, labels):
    """The Davies-Bouldin index."""
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    clusters = np.unique(labels)
    centroids = np.array([X[labels == c].mean(axis=0) for c in clusters])
    scatter = np.array([np.sqrt(((X[labels == c] - m) ** 2).sum(axis=1).mean()) for c, m in zip(clusters, centroids)])
    separation = np.linalg.norm(centroids[:, np.newaxis, :] - centroids[np.newaxis, :, :], axis=2)
    np.fill_diagonal(separation, np.inf)
    return float(((scatter[:, np.newaxis] + scatter[np.newaxis, :]) / separation).max(axis=1).mean())

# %% evaluate-davies-bouldin
# Mistake: averages the clusters' worst ratios over the points (each cluster weighted by its size)
# instead of over the clusters; the same for the visible examples, whose clusters are equal in size.
def davies_bouldin(X, labels):
    """The Davies-Bouldin index."""
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    clusters, sizes = np.unique(labels, return_counts=True)
    centroids = np.array([X[labels == c].mean(axis=0) for c in clusters])
    scatter = np.array([np.linalg.norm(X[labels == c] - m, axis=1).mean() for c, m in zip(clusters, centroids)])
    separation = np.linalg.norm(centroids[:, np.newaxis, :] - centroids[np.newaxis, :, :], axis=2)
    np.fill_diagonal(separation, np.inf)
    worst = ((scatter[:, np.newaxis] + scatter[np.newaxis, :]) / separation).max(axis=1)
    return float(np.average(worst, weights=sizes))

# %% evaluate-adjusted-rand pitfall
# Mistake (headline): the plain Rand index, the share of pairs on which the two labellings agree,
# not adjusted for chance.
def adjusted_rand(labels_true, labels_pred):
    """The adjusted Rand index."""
    table = pd.crosstab(np.asarray(labels_true), np.asarray(labels_pred)).to_numpy().astype(float)
    pairs = lambda counts: (counts * (counts - 1) / 2).sum()
    n = table.sum()
    all_pairs = n * (n - 1) / 2
    together_in_both = pairs(table)
    apart_in_both = all_pairs - pairs(table.sum(axis=1)) - pairs(table.sum(axis=0)) + together_in_both
    return float((together_in_both + apart_in_both) / all_pairs)

# %% evaluate-adjusted-rand pitfall
# Mistake: compares the label values point by point (an accuracy), as if cluster 0 had to be class 0.
def adjusted_rand(labels_true, labels_pred):
    """The adjusted Rand index."""
    return float(np.mean(np.asarray(labels_true) == np.asarray(labels_pred)))

# %% evaluate-adjusted-rand
# Mistake: no special case for a zero denominator, so two labellings that both put every point in
# one cluster (or both every point alone) give 0 / 0 = nan instead of 1.
def adjusted_rand(labels_true, labels_pred):
    """The adjusted Rand index."""
    table = pd.crosstab(np.asarray(labels_true), np.asarray(labels_pred)).to_numpy().astype(float)
    pairs = lambda counts: (counts * (counts - 1) / 2).sum()
    n = table.sum()
    expected = pairs(table.sum(axis=1)) * pairs(table.sum(axis=0)) / (n * (n - 1) / 2)
    maximum = (pairs(table.sum(axis=1)) + pairs(table.sum(axis=0))) / 2
    with np.errstate(invalid="ignore", divide="ignore"):
        return float(np.float64(pairs(table) - expected) / np.float64(maximum - expected))

# %% evaluate-choose-clustering pitfall
# Mistake (headline): takes the largest Davies-Bouldin index as the best, like the other two.
def choose_clustering(X, candidates):
    """Score the candidates; name the one all three indices prefer, if any."""
    rows = {}
    for name, labels in candidates.items():
        if 2 <= len(np.unique(labels)) < len(X):
            rows[name] = [silhouette_score(X, labels), calinski_harabasz_score(X, labels), davies_bouldin_score(X, labels)]
        else:
            rows[name] = [np.nan] * 3
    scores = pd.DataFrame.from_dict(rows, orient="index", columns=["silhouette", "calinski_harabasz", "davies_bouldin"])
    if scores["silhouette"].isna().all():
        return scores, None
    best = {scores["silhouette"].idxmax(), scores["calinski_harabasz"].idxmax(), scores["davies_bouldin"].idxmax()}
    return scores, best.pop() if len(best) == 1 else None

# %% evaluate-choose-clustering pitfall
# Mistake: always returns the silhouette's favourite, never saying that the indices disagree.
def choose_clustering(X, candidates):
    """Score the candidates; name the one all three indices prefer, if any."""
    rows = {}
    for name, labels in candidates.items():
        if 2 <= len(np.unique(labels)) < len(X):
            rows[name] = [silhouette_score(X, labels), calinski_harabasz_score(X, labels), davies_bouldin_score(X, labels)]
        else:
            rows[name] = [np.nan] * 3
    scores = pd.DataFrame.from_dict(rows, orient="index", columns=["silhouette", "calinski_harabasz", "davies_bouldin"])
    if scores["silhouette"].isna().all():
        return scores, None
    return scores, scores["silhouette"].idxmax()

# %% evaluate-choose-clustering
# Mistake: scores every candidate without checking its number of clusters, so a candidate with a
# single cluster (or one point per cluster) makes scikit-learn raise a ValueError.
def choose_clustering(X, candidates):
    """Score the candidates; name the one all three indices prefer, if any."""
    scores = pd.DataFrame(
        {"silhouette": [silhouette_score(X, labels) for labels in candidates.values()],
         "calinski_harabasz": [calinski_harabasz_score(X, labels) for labels in candidates.values()],
         "davies_bouldin": [davies_bouldin_score(X, labels) for labels in candidates.values()]},
        index=list(candidates))
    best = {scores["silhouette"].idxmax(), scores["calinski_harabasz"].idxmax(), scores["davies_bouldin"].idxmin()}
    return scores, best.pop() if len(best) == 1 else None
