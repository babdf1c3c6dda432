"""The course's helper package, imported as ``utils`` from every notebook.

- :mod:`utils.datasets`: the eight course datasets as tidy DataFrames, fetched and verified;
- :mod:`utils.plots`: one function per figure the course draws more than once;
- :mod:`utils.checks`: the assertions exercise tests use, with messages that help a learner;
- :mod:`utils.grading`: what the course adds to nbgrader to grade untrusted code (see nbgrader_config.py).
"""
