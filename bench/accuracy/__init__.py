"""fixer's accuracy on real code: the harness behind ``bench/realcode.py``.

Each project of :mod:`bench.accuracy.corpus` is fetched from the package index as an
sdist at a pinned version, turned into a git repository with a CI workflow, checked with
the real mypy and ruff, given to ``fixer fix`` as a GitHub Actions log archive, and every
fix fixer commits is then checked on its own terms (:mod:`bench.accuracy.judge`), never
taking fixer's word for it.
"""
