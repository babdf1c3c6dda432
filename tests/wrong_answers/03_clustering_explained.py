"""Plausible wrong answers for the chapter 3 assignment (source/03_clustering_explained/03_clustering_explained.ipynb).

Not a module to import: each section, starting with a line ``# %% <answer grade_id>``, is the full
code that replaces that autograded answer cell. Every wrong answer passes the visible tests of its
exercise and fails at least one hidden test (checked by tests/test_grading.py).
"""

# %% explain-within-ss
# Mistake: assumes the labels are 0..k-1 and loops over range(labels.max() + 1), so a cluster with a
# negative label is never counted (and string labels fail).
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

# %% explain-between-ss
# Mistake: takes the overall mean as the mean of the cluster means, which is the mean of all points
# only when every cluster has the same size.
def between_ss(X, labels):
    """Between-cluster sum of squares B."""
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    values = np.unique(labels)
    means = np.array([X[labels == v].mean(axis=0) for v in values])
    sizes = np.array([(labels == v).sum() for v in values])
    overall_mean = means.mean(axis=0)
    return float((sizes * ((means - overall_mean) ** 2).sum(axis=1)).sum())

# %% explain-decomposition
# Mistake: uses the label values as row indices into the array of cluster means (means[labels]),
# which is right only when the labels are exactly 0..k-1.
def sum_of_squares(X, labels):
    """(T, W, B) of the rows of X."""
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    values, sizes = np.unique(labels, return_counts=True)
    means = np.array([X[labels == v].mean(axis=0) for v in values])
    overall_mean = X.mean(axis=0)
    T = float(((X - overall_mean) ** 2).sum())
    W = float(((X - means[labels]) ** 2).sum())
    B = float((sizes * ((means - overall_mean) ** 2).sum(axis=1)).sum())
    return T, W, B

# %% explain-family-scores
# Mistake: forgets to standardise X, so eps (and every distance) is measured in the raw units and a
# stretched feature dominates.
def family_scores(X, y_true, eps=0.3):
    """ARI of one algorithm per family."""
    k = len(np.unique(y_true))
    models = {
        "centroid": KMeans(n_clusters=k, n_init=10, random_state=42),
        "connectivity": AgglomerativeClustering(n_clusters=k, linkage="single"),
        "density": DBSCAN(eps=eps, min_samples=5),
        "distribution": GaussianMixture(n_components=k, covariance_type="full", random_state=42),
    }
    return {family: float(adjusted_rand_score(y_true, model.fit_predict(X))) for family, model in models.items()}

# %% explain-best-family
# Mistake: scores each family by the accuracy of the raw label values (labels == y_true) instead of
# the adjusted Rand index, so the arbitrary cluster numbers decide.
def best_family(X, y_true, eps=0.3):
    """Family with the best score."""
    X_scaled = StandardScaler().fit_transform(X)
    k = len(np.unique(y_true))
    models = {
        "centroid": KMeans(n_clusters=k, n_init=10, random_state=42),
        "connectivity": AgglomerativeClustering(n_clusters=k, linkage="single"),
        "density": DBSCAN(eps=eps, min_samples=5),
        "distribution": GaussianMixture(n_components=k, covariance_type="full", random_state=42),
    }
    scores = {family: np.mean(model.fit_predict(X_scaled) == np.asarray(y_true)) for family, model in models.items()}
    return max(scores, key=scores.get)
