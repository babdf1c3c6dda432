"""What the course adds to nbgrader to grade untrusted code, configured in nbgrader_config.py.

- :mod:`utils.grading.preprocessors`: ``GuardedExecute`` (runs a submission in the sandbox, zeroes the
  test cells that follow tampering, survives crashes and runaways) and ``SafeFeedback`` (no test source in the feedback);
- :mod:`utils.grading.sandbox`: the bubblewrap sandbox around every grading kernel;
- :mod:`utils.grading.tamper`: reads a submission's code, before it runs, for tampering;
- :mod:`utils.grading.guard`: runs in the grading kernel and watches how it runs code.

Importing this package imports nothing else, so the kernel-side guard loads fast.
"""
