"""fixer: diagnose failing GitHub Actions runs and open verified fix pull requests."""

import os

__version__ = "0.1.0"

# GitPython refuses to be imported when no git is on PATH; fixer then still diagnoses, and
# a command that needs git fails on its first git run with a ToolError that says so.
os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")
