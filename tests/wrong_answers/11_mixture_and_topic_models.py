"""Plausible wrong answers for the chapter 11 assignment (source/11_mixture_and_topic_models/11_mixture_and_topic_models.ipynb).

Not a module to import: each section is the full code that replaces one autograded answer cell.

- ``# %% <answer grade_id> pitfall``: the exercise's headline mistake (the first one) or another one
  the lesson warns about. A *visible* check must catch it, with a message naming the exercise
  (tests/test_exercises.py).
- ``# %% <answer grade_id>``: exactly one per exercise, a mistake that passes the visible checks and
  loses the points when graded (tests/test_grading.py). These run all together, so each one is
  self-contained (the setup cell gives numpy, pandas, difflib and GaussianMixture).
"""

# %% mixture-e-step pitfall
# Mistake (headline): un-normalised responsibilities: weight x density, never divided by its sum over the
# components.
def responsibilities(X, weights, means, covariances):
    """Weight times density for every point and component."""
    from scipy.stats import multivariate_normal
    return np.column_stack([w * multivariate_normal(m, c).pdf(np.asarray(X, dtype=float))
                            for w, m, c in zip(weights, means, covariances)])

# %% mixture-e-step pitfall
# Mistake: leaves out the weights: normalises the densities alone, as if every component were equally likely.
def responsibilities(X, weights, means, covariances):
    """Each component's density at each point, normalised over the components."""
    from scipy.special import logsumexp
    from scipy.stats import multivariate_normal
    log_density = np.column_stack([multivariate_normal(m, c).logpdf(np.asarray(X, dtype=float))
                                   for m, c in zip(means, covariances)])
    return np.exp(log_density - logsumexp(log_density, axis=1, keepdims=True))

# %% mixture-e-step pitfall
# Mistake: keeps only the diagonal of each covariance matrix (the variances), so tilted components become
# axis-parallel ellipses.
def responsibilities(X, weights, means, covariances):
    """Responsibilities with each component's variances."""
    from scipy.special import logsumexp
    from scipy.stats import multivariate_normal
    log_weighted = np.column_stack([np.log(w) + multivariate_normal(m, np.diag(np.diag(c))).logpdf(np.asarray(X, dtype=float))
                                    for w, m, c in zip(weights, means, np.asarray(covariances, dtype=float))])
    return np.exp(log_weighted - logsumexp(log_weighted, axis=1, keepdims=True))

# %% mixture-e-step
# Mistake: normalises the densities themselves instead of their logarithms: right wherever some density is
# not rounded to 0.0, but for a point far from every component all densities underflow and 0 / 0 gives NaN.
def responsibilities(X, weights, means, covariances):
    """Weight times density, divided by its sum over the components."""
    from scipy.stats import multivariate_normal
    weighted = np.column_stack([w * multivariate_normal(m, c).pdf(np.asarray(X, dtype=float))
                                for w, m, c in zip(weights, means, covariances)])
    with np.errstate(invalid="ignore", divide="ignore"):
        return weighted / weighted.sum(axis=1, keepdims=True)

# %% mixture-bic-choice pitfall
# Mistake (headline): picks the k with the highest log-likelihood, which always grows with k.
def choose_n_components(X, ks, seeds, covariance_type="full", margin=2.0):
    """The k whose best fit has the highest average log-likelihood."""
    fits = {k: [GaussianMixture(n_components=k, covariance_type=covariance_type, random_state=s).fit(X) for s in seeds]
            for k in ks}
    bic = pd.Series({k: min(f.bic(X) for f in fits[k]) for k in ks})
    likelihood = pd.Series({k: max(f.score(X) for f in fits[k]) for k in ks})
    return int(likelihood.idxmax()), bic

# %% mixture-bic-choice pitfall
# Mistake: takes the highest BIC as the best, as if it were a score.
def choose_n_components(X, ks, seeds, covariance_type="full", margin=2.0):
    """The k with the highest BIC."""
    bic = pd.Series({k: min(GaussianMixture(n_components=k, covariance_type=covariance_type, random_state=s)
                            .fit(X).bic(X) for s in seeds) for k in ks})
    return int(bic.idxmax()), bic

# %% mixture-bic-choice pitfall
# Mistake: uses the first seed only.
def choose_n_components(X, ks, seeds, covariance_type="full", margin=2.0):
    """BIC of one fit per k."""
    bic = pd.Series({k: GaussianMixture(n_components=k, covariance_type=covariance_type, random_state=seeds[0])
                     .fit(X).bic(X) for k in ks})
    return int(min(k for k in ks if bic[k] <= bic.min() + margin)), bic

# %% mixture-bic-choice pitfall
# Mistake: averages the BIC over the seeds, so a poor local optimum of one seed counts against its k.
def choose_n_components(X, ks, seeds, covariance_type="full", margin=2.0):
    """Mean BIC over the seeds."""
    bic = pd.Series({k: np.mean([GaussianMixture(n_components=k, covariance_type=covariance_type, random_state=s)
                                 .fit(X).bic(X) for s in seeds]) for k in ks})
    return int(min(k for k in ks if bic[k] <= bic.min() + margin)), bic

# %% mixture-bic-choice
# Mistake: ignores the margin: returns the k of the lowest BIC even when a smaller k is within the margin.
def choose_n_components(X, ks, seeds, covariance_type="full", margin=2.0):
    """The k with the lowest BIC."""
    bic = pd.Series({k: min(GaussianMixture(n_components=k, covariance_type=covariance_type, random_state=s)
                            .fit(X).bic(X) for s in seeds) for k in ks})
    return int(bic.idxmin()), bic

# %% topics-top-words pitfall
# Mistake (headline): np.argsort sorts in increasing order, so these are the words of smallest weight.
def top_words(components, vocabulary, topic, n):
    """The n words of a topic, by np.argsort."""
    row = np.asarray(components, dtype=float)[topic]
    order = np.argsort(row)[:n]
    return pd.Series(row[order] / row.sum(), index=[list(vocabulary)[j] for j in order])

# %% topics-top-words pitfall
# Mistake: returns the raw weights, which depend on NMF's arbitrary scale, instead of shares.
def top_words(components, vocabulary, topic, n):
    """The n words of largest weight, with their weights."""
    row = pd.Series(np.asarray(components, dtype=float)[topic], index=list(vocabulary))
    return row[row > 0].sort_values(ascending=False).head(n)

# %% topics-top-words
# Mistake: lists n words even when fewer than n have a weight above 0, so words of weight 0 appear.
def top_words(components, vocabulary, topic, n):
    """The n words of largest weight, with their shares."""
    row = np.asarray(components, dtype=float)[topic]
    order = np.argsort(-row, kind="stable")[:n]
    return pd.Series(row[order] / row.sum(), index=[list(vocabulary)[j] for j in order])

# %% topics-recommend pitfall
# Mistake (headline): leaves the item in its own list, where it comes first with similarity 1.
def recommend(features, name, k):
    """The k items most similar to name."""
    from sklearn.preprocessing import normalize
    if name not in features.index:
        raise KeyError(f"{name!r} is not an item. Did you mean: {difflib.get_close_matches(name, features.index, n=3)}?")
    unit = pd.DataFrame(normalize(features), index=features.index)
    return (unit @ unit.loc[name]).nlargest(k)

# %% topics-recommend pitfall
# Mistake: ranks by the plain dot product of the features, without scaling them to length 1, so long
# feature vectors win.
def recommend(features, name, k):
    """The k items with the largest dot product with name."""
    if name not in features.index:
        raise KeyError(f"{name!r} is not an item. Did you mean: {difflib.get_close_matches(name, features.index, n=3)}?")
    return (features @ features.loc[name]).drop(name).nlargest(k)

# %% topics-recommend pitfall
# Mistake: lets pandas raise its own KeyError for an unknown name, which only repeats the name.
def recommend(features, name, k):
    """The k items most similar to name."""
    from sklearn.preprocessing import normalize
    unit = pd.DataFrame(normalize(features), index=features.index)
    return (unit @ unit.loc[name]).drop(name).nlargest(k)

# %% topics-recommend
# Mistake: divides each row by its length itself, so an all-zero row gets NaN similarities (0 / 0) instead
# of 0: it drops out of the ranking, or shows NaN, and an all-zero item gets no sensible answer.
def recommend(features, name, k):
    """The k items most similar to name, by cosine similarity."""
    if name not in features.index:
        raise KeyError(f"{name!r} is not an item. Did you mean: {difflib.get_close_matches(name, features.index, n=3)}?")
    with np.errstate(invalid="ignore", divide="ignore"):
        unit = features.div(np.linalg.norm(features.to_numpy(dtype=float), axis=1), axis=0)
    return (unit @ unit.loc[name]).drop(name).sort_values(ascending=False).head(k)
