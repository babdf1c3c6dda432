"""Plausible wrong answers for the chapter 2 assignment (source/02_preparing_data/02_preparing_data.ipynb).

Not a module to import: each section, starting with a line ``# %% <answer grade_id>``, is the full
code that replaces that autograded answer cell. Every wrong answer passes the visible tests of its
exercise and fails at least one hidden test (checked by tests/test_grading.py).
"""

# %% prep-fit-standard-scaler
# Mistake: uses the sample standard deviation (ddof=1, pandas' .std() default), which divides by n - 1,
# where StandardScaler divides by n.
def fit_standard_scaler(X_train):
    """Learn the mean and the scale of each column."""
    X = np.asarray(X_train, dtype=float)
    mean = X.mean(axis=0)
    scale = X.std(axis=0, ddof=1)
    scale[scale == 0] = 1.0
    return mean, scale

# %% prep-scale-train-test
# Mistake: standardises the test data with their own mean and standard deviation (fit_transform on the
# test set) instead of the training statistics.
def scale_train_and_test(X_train, X_test):
    """Standardise training and test data."""
    def standardise(X):
        X = np.asarray(X, dtype=float)
        scale = X.std(axis=0)
        scale[scale == 0] = 1.0
        return (X - X.mean(axis=0)) / scale
    return standardise(X_train), standardise(X_test)

# %% prep-iqr-outlier-mask
# Mistake: puts the fences at the mean plus or minus k standard deviations (a z-score rule) instead of
# k interquartile ranges beyond the quartiles.
def iqr_outlier_mask(X, k=1.5):
    """True where a value lies outside the fences of its column."""
    X = np.asarray(X, dtype=float)
    mean, std = X.mean(axis=0), X.std(axis=0)
    return (X < mean - k * std) | (X > mean + k * std)

# %% prep-median-imputer
# Mistake: fills the gaps with the column means of the training data instead of their medians.
def impute_median(X_train, X_test):
    """Fill NaN in training and test data with per-column statistics of the training data."""
    filled_train = np.array(X_train, dtype=float)
    filled_test = np.array(X_test, dtype=float)
    means = np.nanmean(filled_train, axis=0)
    for filled in (filled_train, filled_test):
        rows, cols = np.nonzero(np.isnan(filled))
        filled[rows, cols] = means[cols]
    return filled_train, filled_test

# %% prep-cluster-fish
# Mistake: leaves out the StandardScaler, so K-Means clusters the raw measurements and the weight, in
# grams, decides the clusters.
def cluster_fish(features, n_clusters, random_state):
    """K-Means on the fish measurements."""
    return KMeans(n_clusters=n_clusters, n_init=10, random_state=random_state).fit_predict(features)

# %% prep-scaling-ari
# Mistake: uses the unadjusted Rand index (rand_score), which is not corrected for chance and is much
# higher than the adjusted one.
def scaling_ari(features, true_labels, n_clusters, random_state):
    """Rand index of K-Means vs the true labels, without and with StandardScaler."""
    from sklearn.metrics import rand_score
    raw = KMeans(n_clusters=n_clusters, n_init=10, random_state=random_state).fit_predict(features)
    scaled = make_pipeline(StandardScaler(),
                           KMeans(n_clusters=n_clusters, n_init=10, random_state=random_state)).fit_predict(features)
    return {"raw": float(rand_score(true_labels, raw)), "scaled": float(rand_score(true_labels, scaled))}
