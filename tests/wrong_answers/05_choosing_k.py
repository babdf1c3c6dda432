"""Plausible wrong answers for the chapter 5 assignment (source/05_choosing_k/05_choosing_k.ipynb).

Not a module to import: each section, starting with a line ``# %% <answer grade_id>``, is the full
code that replaces that autograded answer cell. Every wrong answer passes the visible tests of its
exercise and fails at least one hidden test (checked by tests/test_grading.py).
"""

# %% choosek-inertia-curve
# Mistake: leaves n_init out, so since scikit-learn 1.4 each K gets a single k-means++ run ("auto"),
# which often stops in a poor local minimum when there are many clusters.
def inertia_curve(X, ks, random_state):
    """Inertia of KMeans for every k in ks."""
    return np.array([KMeans(n_clusters=k, random_state=random_state).fit(X).inertia_ for k in ks])

# %% choosek-find-knee
# Mistake: copies the lesson's shortcut (1 - x - y) / sqrt(2), the distance to the chord of a
# *decreasing* normalised curve only; for an increasing curve the chord is another line.
def find_knee(ks, values):
    """The k whose normalised point is farthest below the chord from (0, 1) to (1, 0)."""
    ks = np.asarray(ks)
    values = np.asarray(values, dtype=float)
    x = (ks - ks.min()) / (ks.max() - ks.min())
    y = (values - values.min()) / (values.max() - values.min())
    return int(ks[np.argmax((1 - x - y) / np.sqrt(2))])

# %% choosek-silhouette-curve
# Mistake: standardises X before clustering (as the lesson did for the grains) although the task says
# to use X as it is; on already standardised data nothing changes, on other data every score does.
def silhouette_curve(X, ks, random_state):
    """Mean silhouette of the KMeans labels for every k in ks."""
    Z = StandardScaler().fit_transform(X)
    return np.array([silhouette_score(Z, KMeans(n_clusters=k, n_init=10, random_state=random_state).fit_predict(Z))
                     for k in ks])

# %% choosek-best-k-silhouette
# Mistake: turns the position of the best score into K by adding 2, as if ks were always 2, 3, 4, ...
def best_k_by_silhouette(X, ks, random_state):
    """The k with the highest mean silhouette."""
    scores = [silhouette_score(X, KMeans(n_clusters=k, n_init=10, random_state=random_state).fit_predict(X))
              for k in ks]
    return int(np.argmax(scores)) + 2
