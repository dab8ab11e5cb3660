"""One parser per tool; the kinds they report, and so the parsers the scanner runs, are
found by :mod:`fixer.kinds`."""
