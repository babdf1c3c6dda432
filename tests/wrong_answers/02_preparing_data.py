"""Plausible wrong answers for the chapter 2 assignment (source/02_preparing_data/02_preparing_data.ipynb).

Not a module to import: each section is the full code that replaces one autograded answer cell.

- ``# %% <answer grade_id> pitfall``: the exercise's headline mistake (or another one the lesson warns
  about). A *visible* check must catch it, with a message that names the exercise
  (tests/test_exercises.py).
- ``# %% <answer grade_id>``: exactly one per exercise, a mistake that passes every visible check and
  loses the points when graded (tests/test_grading.py).
"""

# %% prep-fit-standard-scaler pitfall
# Mistake: the sample standard deviation (ddof=1, pandas' .std() default), which divides by n - 1 where
# StandardScaler divides by n.
def fit_standard_scaler(X_train):
    """Learn the mean and the scale of each column."""
    X = np.asarray(X_train, dtype=float)
    mean = X.mean(axis=0)
    scale = X.std(axis=0, ddof=1)
    scale[scale == 0] = 1.0
    return mean, scale

# %% prep-fit-standard-scaler pitfall
# Mistake: pandas' .std(), which is the sample standard deviation (ddof=1) too.
def fit_standard_scaler(X_train):
    """Learn the mean and the scale of each column."""
    frame = pd.DataFrame(X_train)
    scale = frame.std().to_numpy().copy()
    scale[scale == 0] = 1.0
    return frame.mean().to_numpy(), scale

# %% prep-fit-standard-scaler
# Mistake: the one-pass formula sqrt(mean(x**2) - mean(x)**2). Exact on small numbers, it loses every digit
# to cancellation when the values are large and their spread small (timestamps near 1.7e9 seconds).
def fit_standard_scaler(X_train):
    """Learn the mean and the scale of each column."""
    X = np.asarray(X_train, dtype=float)
    mean = X.mean(axis=0)
    scale = np.sqrt(np.maximum((X ** 2).mean(axis=0) - mean ** 2, 0.0))
    scale[scale == 0] = 1.0
    return mean, scale

# %% prep-scale-train-test pitfall
# Mistake: standardises the test data with their own mean and standard deviation (fit_transform on the test
# set) instead of the training statistics.
def scale_train_and_test(X_train, X_test):
    """Standardise training and test data."""
    def standardise(X):
        mean, scale = fit_standard_scaler(X)
        return (np.asarray(X, dtype=float) - mean) / scale
    return standardise(X_train), standardise(X_test)

# %% prep-scale-train-test pitfall
# Mistake: learns mean and scale from the training and test data together, so the test data leak in.
def scale_train_and_test(X_train, X_test):
    """Standardise training and test data."""
    mean, scale = fit_standard_scaler(np.vstack([X_train, X_test]))
    return (np.asarray(X_train, dtype=float) - mean) / scale, (np.asarray(X_test, dtype=float) - mean) / scale

# %% prep-scale-train-test
# Mistake: computes the training mean and standard deviation itself, without Exercise 1's care for
# constant columns: a constant training column has scale 0, and its test values become inf or NaN.
def scale_train_and_test(X_train, X_test):
    """Standardise training and test data, both with the statistics of the training data."""
    X_train = np.asarray(X_train, dtype=float)
    mean, scale = X_train.mean(axis=0), X_train.std(axis=0)
    return (X_train - mean) / scale, (np.asarray(X_test, dtype=float) - mean) / scale

# %% prep-iqr-outlier-mask pitfall
# Mistake: <= and >= at the fences, so a value lying exactly on a fence is flagged.
def iqr_outlier_mask(X, k=1.5):
    """True where a value lies outside Tukey's fences of its column."""
    X = np.asarray(X, dtype=float)
    q1, q3 = np.quantile(X, [0.25, 0.75], axis=0)
    return (X <= q1 - k * (q3 - q1)) | (X >= q3 + k * (q3 - q1))

# %% prep-iqr-outlier-mask pitfall
# Mistake: the quartiles of the whole array instead of one pair per column.
def iqr_outlier_mask(X, k=1.5):
    """True where a value lies outside Tukey's fences."""
    X = np.asarray(X, dtype=float)
    q1, q3 = np.quantile(X, [0.25, 0.75])
    return (X < q1 - k * (q3 - q1)) | (X > q3 + k * (q3 - q1))

# %% prep-iqr-outlier-mask
# Mistake: ignores k and always uses Tukey's usual 1.5.
def iqr_outlier_mask(X, k=1.5):
    """True where a value lies strictly outside Tukey's fences of its column."""
    X = np.asarray(X, dtype=float)
    q1, q3 = np.quantile(X, [0.25, 0.75], axis=0)
    return (X < q1 - 1.5 * (q3 - q1)) | (X > q3 + 1.5 * (q3 - q1))

# %% prep-median-imputer pitfall
# Mistake: fills the test data's gaps with the medians of the test data themselves.
def impute_median(X_train, X_test):
    """Fill NaN with per-column medians."""
    def fill(X):
        filled = np.array(X, dtype=float)
        rows, cols = np.nonzero(np.isnan(filled))
        filled[rows, cols] = np.nanmedian(filled, axis=0)[cols]
        return filled
    return fill(X_train), fill(X_test)

# %% prep-median-imputer pitfall
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

# %% prep-median-imputer pitfall
# Mistake: np.median, which is NaN for every column with a gap.
def impute_median(X_train, X_test):
    """Fill NaN in training and test data with the per-column medians of the training data."""
    filled_train = np.array(X_train, dtype=float)
    filled_test = np.array(X_test, dtype=float)
    medians = np.median(filled_train, axis=0)
    for filled in (filled_train, filled_test):
        rows, cols = np.nonzero(np.isnan(filled))
        filled[rows, cols] = medians[cols]
    return filled_train, filled_test

# %% prep-median-imputer
# Mistake: takes the medians of the complete rows only (dropna first), throwing away every known value that
# shares a row with a gap.
def impute_median(X_train, X_test):
    """Fill NaN in training and test data with the per-column medians of the training data."""
    filled_train = np.array(X_train, dtype=float)
    filled_test = np.array(X_test, dtype=float)
    medians = np.median(filled_train[~np.isnan(filled_train).any(axis=1)], axis=0)
    for filled in (filled_train, filled_test):
        rows, cols = np.nonzero(np.isnan(filled))
        filled[rows, cols] = medians[cols]
    return filled_train, filled_test

# %% prep-held-out-ari pitfall
# Mistake: the plain Rand index (rand_score), not corrected for chance.
def held_out_ari(model, X_train, X_test, y_test):
    """Rand index of the model's clusters of X_test vs y_test."""
    from sklearn.metrics import rand_score
    model.fit(X_train)
    return float(rand_score(y_test, model.predict(X_test)))

# %% prep-held-out-ari pitfall
# Mistake: fits the model again on the test data (fit_predict), so they are scaled with their own statistics.
def held_out_ari(model, X_train, X_test, y_test):
    """Adjusted Rand index of the model's clusters of X_test vs y_test."""
    model.fit(X_train)
    return float(adjusted_rand_score(y_test, model.fit_predict(X_test)))

# %% prep-held-out-ari
# Mistake: fits the model on the training and test data together, so the test data leak into the scaler and
# the centres. On the lesson's wine split it makes no difference (Section 2); on other data it does.
def held_out_ari(model, X_train, X_test, y_test):
    """Adjusted Rand index of the model's clusters of X_test vs y_test."""
    model.fit(np.vstack([np.asarray(X_train, dtype=float), np.asarray(X_test, dtype=float)]))
    return float(adjusted_rand_score(y_test, model.predict(np.asarray(X_test, dtype=float))))

# %% prep-cluster-catch pitfall
# Mistake: no scaler. The errors are taken out, but K-Means clusters the raw measurements, so the weight in
# grams decides the clusters.
def cluster_catch(catch, n_clusters, random_state):
    """K-Means clusters of a catch, errors left out of the fit."""
    X = np.asarray(catch, dtype=float)
    q1, q3 = np.quantile(X, [0.25, 0.75], axis=0)
    suspect = ((X < q1 - 3 * (q3 - q1)) | (X > q3 + 3 * (q3 - q1))).any(axis=1)
    model = KMeans(n_clusters=n_clusters, n_init=10, random_state=random_state).fit(X[~suspect])
    return model.predict(X)

# %% prep-cluster-catch pitfall
# Mistake: the lesson's fish pipeline as it is: StandardScaler and KMeans fitted on the whole catch, so the
# recording error gets a cluster of its own.
def cluster_catch(catch, n_clusters, random_state):
    """K-Means on the standardised catch."""
    return make_pipeline(StandardScaler(),
                         KMeans(n_clusters=n_clusters, n_init=10, random_state=random_state)).fit_predict(catch)

# %% prep-cluster-catch pitfall
# Mistake: RobustScaler instead of removing the errors: its median and IQR ignore the error, but K-Means does not.
def cluster_catch(catch, n_clusters, random_state):
    """K-Means on the robustly scaled catch."""
    return make_pipeline(RobustScaler(),
                         KMeans(n_clusters=n_clusters, n_init=10, random_state=random_state)).fit_predict(catch)

# %% prep-cluster-catch pitfall
# Mistake: Normalizer, which rescales each fish (row) instead of each measurement (column).
def cluster_catch(catch, n_clusters, random_state):
    """K-Means on the row-normalised catch."""
    from sklearn.preprocessing import Normalizer
    return make_pipeline(Normalizer(),
                         KMeans(n_clusters=n_clusters, n_init=10, random_state=random_state)).fit_predict(catch)

# %% prep-cluster-catch
# Mistake: finds the errors by z-scores. One error stands out, but several inflate the mean and standard
# deviation the z-scores divide by, and hide each other.
def cluster_catch(catch, n_clusters, random_state):
    """K-Means on the standardised catch, fitted without the rows with a z-score above 3."""
    X = np.asarray(catch, dtype=float)
    suspect = (np.abs(X - X.mean(axis=0)) / X.std(axis=0) > 3).any(axis=1)
    model = make_pipeline(StandardScaler(), KMeans(n_clusters=n_clusters, n_init=10, random_state=random_state))
    return model.fit(X[~suspect]).predict(X)
