"""``pytest.collection-error``: a test module pytest could not import (``ERROR collecting``).

Read by :class:`~fixer.kinds.pytest_test_failed.PytestParser` from the ``ERRORS`` section
(``ImportError while importing test module ...``, the traceback, ``E   ModuleNotFoundError:
No module named 'requests'``) and the summary's ``ERROR tests/test_client.py``; pytest then
stops (``Interrupted: 1 error during collection``, exit code 2), so no test ran. Not
fixable: which distribution provides a module, and where the job should install it, is
the project's decision.
"""

from __future__ import annotations

from fixer.kinds.base import Kind
from fixer.kinds.pytest_test_failed import COLLECTION, PytestParser


class PytestCollectionError(Kind):
    id = COLLECTION
    title = "A test module that cannot be imported"
    parser = PytestParser
    recognizes = (
        "pytest: `ERROR collecting` a test module, with the exception importing it raised"
        " (`ModuleNotFoundError: No module named ...` names the missing module)"
    )
    not_fixable = (
        "which distribution provides the module and where the job installs it is the"
        " project's decision"
    )
