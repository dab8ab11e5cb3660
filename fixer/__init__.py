"""fixer: diagnose failing GitHub Actions runs and open verified fix pull requests."""

__version__ = "0.1.0"
