"""Plausible wrong answers for the chapter 9 assignment (source/09_choosing_an_algorithm/09_choosing_an_algorithm.ipynb).

Not a module to import: each section is the full code that replaces one autograded answer cell.

- ``# %% <answer grade_id> pitfall``: the exercise's headline mistake (the first one) or another one
  the lesson warns about. A *visible* check must catch it, with a message naming the exercise
  (tests/test_exercises.py).
- ``# %% <answer grade_id>``: exactly one per exercise, a mistake that passes the visible checks and
  loses the points when graded (tests/test_grading.py). These run all together, so each one is
  self-contained and does not call the other answers (the setup cell's imports are available).
"""

# %% choose-median-time pitfall
# Mistake (headline): times a single run, the last of the repeats, instead of taking the median.
def median_time(func, setup=None, repeats=5, clock=process_time):
    """The time of the last of `repeats` calls."""
    for _ in range(repeats):
        args = () if setup is None else (setup(),)
        start = clock()
        func(*args)
        elapsed = clock() - start
    return elapsed

# %% choose-median-time pitfall
# Mistake (headline): times the setup along with the call: the clock starts before the input is made.
def median_time(func, setup=None, repeats=5, clock=process_time):
    """The median time of `repeats` calls, setup included."""
    times = []
    for _ in range(repeats):
        start = clock()
        if setup is None:
            func()
        else:
            func(setup())
        times.append(clock() - start)
    return float(np.median(times))

# %% choose-median-time pitfall
# Mistake: the mean of the repeats (the total time divided by their number), which one slow repeat drags up.
def median_time(func, setup=None, repeats=5, clock=process_time):
    """The mean time of `repeats` calls."""
    total = 0.0
    for _ in range(repeats):
        args = () if setup is None else (setup(),)
        start = clock()
        func(*args)
        total += clock() - start
    return total / repeats

# %% choose-median-time pitfall
# Mistake: reads the time with perf_counter (the wall clock) instead of the clock it is given.
def median_time(func, setup=None, repeats=5, clock=process_time):
    """The median wall-clock time of `repeats` calls."""
    times = []
    for _ in range(repeats):
        args = () if setup is None else (setup(),)
        start = perf_counter()
        func(*args)
        times.append(perf_counter() - start)
    return float(np.median(times))

# %% choose-median-time
# Mistake: takes the middle element of the sorted times, which is the median only for an odd number of
# repeats; for an even number it is the upper of the two middle times, not their mean.
def median_time(func, setup=None, repeats=5, clock=process_time):
    """The middle one of `repeats` sorted times."""
    times = []
    for _ in range(repeats):
        args = () if setup is None else (setup(),)
        start = clock()
        func(*args)
        times.append(clock() - start)
    return float(sorted(times)[len(times) // 2])

# %% choose-power-law pitfall
# Mistake (headline): fits the values against the sizes on linear axes.
def fit_power_law(sizes, values):
    """A straight line through the values against the sizes."""
    sizes = np.asarray(sizes, dtype=float)
    values = np.asarray(values, dtype=float)
    if (sizes <= 0).any() or (values <= 0).any():
        raise ValueError("sizes and values must be positive")
    slope, intercept = np.polyfit(sizes, values, 1)
    return float(slope), float(intercept)

# %% choose-power-law pitfall
# Mistake (headline): takes the log of the values only (a semi-log fit, for an exponential, not a power law).
def fit_power_law(sizes, values):
    """A straight line through log(values) against the sizes."""
    sizes = np.asarray(sizes, dtype=float)
    values = np.asarray(values, dtype=float)
    if (sizes <= 0).any() or (values <= 0).any():
        raise ValueError("sizes and values must be positive")
    slope, intercept = np.polyfit(sizes, np.log(values), 1)
    return float(slope), float(np.exp(intercept))

# %% choose-power-law pitfall
# Mistake: fits with log10 but turns the intercept back with exp, so the coefficient is wrong.
def fit_power_law(sizes, values):
    """Least-squares fit on log10 axes."""
    sizes = np.asarray(sizes, dtype=float)
    values = np.asarray(values, dtype=float)
    if (sizes <= 0).any() or (values <= 0).any():
        raise ValueError("sizes and values must be positive")
    slope, intercept = np.polyfit(np.log10(sizes), np.log10(values), 1)
    return float(slope), float(np.exp(intercept))

# %% choose-power-law pitfall
# Mistake: does not check for a value of 0: np.log returns -inf and the fit is spoilt without an error.
def fit_power_law(sizes, values):
    """Least-squares fit on log-log axes."""
    slope, intercept = np.polyfit(np.log(np.asarray(sizes, dtype=float)), np.log(np.asarray(values, dtype=float)), 1)
    return float(slope), float(np.exp(intercept))

# %% choose-power-law
# Mistake: the slope of the line through the first and the last measurement only. On an exact power law
# (the visible examples) it is the same line; on noisy measurements it is not the least-squares fit.
def fit_power_law(sizes, values):
    """The exponent and coefficient from the first and last measurement."""
    sizes = np.asarray(sizes, dtype=float)
    values = np.asarray(values, dtype=float)
    if (sizes <= 0).any() or (values <= 0).any():
        raise ValueError("sizes and values must be positive")
    slope = np.log(values[-1] / values[0]) / np.log(sizes[-1] / sizes[0])
    return float(slope), float(values[0] / sizes[0] ** slope)

# %% choose-memory pitfall
# Mistake (headline): reports the memory still allocated after the call as the peak.
def measure_memory(func, *args):
    """(result, MB allocated after the call, MB allocated after the call)."""
    tracemalloc.start()
    try:
        result = func(*args)
        current, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, current / 1e6, current / 1e6

# %% choose-memory pitfall
# Mistake: converts bytes to MiB (2**20 bytes) instead of MB (10**6 bytes).
def measure_memory(func, *args):
    """(result, peak MiB, MiB kept)."""
    tracemalloc.start()
    try:
        result = func(*args)
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak / 2**20, kept / 2**20

# %% choose-memory pitfall
# Mistake: never stops tracing.
def measure_memory(func, *args):
    """(result, peak MB, MB kept), tracing left on."""
    tracemalloc.start()
    result = func(*args)
    kept, peak = tracemalloc.get_traced_memory()
    return result, peak / 1e6, kept / 1e6

# %% choose-memory
# Mistake: stops tracing only when func returns normally: when func raises, tracing stays on.
def measure_memory(func, *args):
    """(result, peak MB, MB kept)."""
    tracemalloc.start()
    result = func(*args)
    kept, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, peak / 1e6, kept / 1e6

# %% choose-algorithm pitfall
# Mistake (headline): one algorithm for every dataset, K-Means: it cannot scale the units itself, it puts
# stray points in clusters, and it cuts the moons.
def choose_algorithm(task, n_clusters):
    """K-Means for everything."""
    return KMeans(n_clusters=n_clusters, n_init=10, random_state=42)

# %% choose-algorithm pitfall
# Mistake: Ward linkage for the meter readings, whose 10,000 points need about 450 MB of distances.
def choose_algorithm(task, n_clusters):
    """Ward for round clouds; the rest as it should be."""
    if task == "meter readings":
        return AgglomerativeClustering(n_clusters=n_clusters, linkage="ward")
    if task == "millimetres and kilograms":
        return make_pipeline(StandardScaler(), KMeans(n_clusters=n_clusters, n_init=10, random_state=42))
    return HDBSCAN(min_cluster_size=15, copy=True)

# %% choose-algorithm pitfall
# Mistake: forgets to scale the millimetres and kilograms.
def choose_algorithm(task, n_clusters):
    """The right families, without scaling."""
    if task in ("meter readings", "millimetres and kilograms"):
        return KMeans(n_clusters=n_clusters, n_init=10, random_state=42)
    return HDBSCAN(min_cluster_size=15, copy=True)

# %% choose-algorithm pitfall
# Mistake: DBSCAN with one eps for the dense moons and the sparse cloud.
def choose_algorithm(task, n_clusters):
    """DBSCAN for the moons; the rest as it should be."""
    if task == "meter readings":
        return KMeans(n_clusters=n_clusters, n_init=10, random_state=42)
    if task == "millimetres and kilograms":
        return make_pipeline(StandardScaler(), KMeans(n_clusters=n_clusters, n_init=10, random_state=42))
    if task == "stray points":
        return HDBSCAN(min_cluster_size=15, copy=True)
    return DBSCAN(eps=0.3, min_samples=5)

# %% choose-algorithm
# Mistake: the numbers of clusters of the drawn examples, hard-coded instead of n_clusters: right on the
# visible draws, wrong on the hidden ones with other numbers of clusters.
def choose_algorithm(task, n_clusters):
    """Right families, numbers of clusters copied from the figure."""
    if task == "meter readings":
        return KMeans(n_clusters=4, n_init=10, random_state=42)
    if task == "millimetres and kilograms":
        return make_pipeline(StandardScaler(), KMeans(n_clusters=3, n_init=10, random_state=42))
    return HDBSCAN(min_cluster_size=15, copy=True)
