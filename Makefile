# The two commands of the README:
#   make demo   set up, then run fixer on a bundled broken repository
#   make test   set up, then run the whole test suite (lint, types, tests)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
NODE_TOOLS := tests/node/node_modules/.package-lock.json

.PHONY: setup demo test lint typecheck pytest bench clean

setup: $(BIN)/fixer $(NODE_TOOLS)

# fixer needs Python 3.11+: an older $(PYTHON) stops here, before any .venv is made, and a
# .venv left by an older Python (or by a failed install) is removed rather than reused.
NEW_ENOUGH := import sys; sys.exit(sys.version_info < (3, 11))

$(BIN)/fixer: pyproject.toml
	@$(PYTHON) -c '$(NEW_ENOUGH)' 2>/dev/null || { \
	  echo "fixer needs Python 3.11 or later; '$(PYTHON)' is $$($(PYTHON) --version 2>&1)." >&2; \
	  echo "Name a newer one, e.g.: make $(or $(MAKECMDGOALS),setup) PYTHON=python3.11" >&2; \
	  exit 1; }
	@if [ -e $(VENV) ] && ! $(BIN)/python -c '$(NEW_ENOUGH)' 2>/dev/null; then \
	  echo "removing $(VENV), made by another Python"; rm -rf $(VENV); fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip || { rm -rf $(VENV); exit 1; }
	$(BIN)/python -m pip install --quiet -e '.[dev]' || { rm -rf $(VENV); exit 1; }
	@touch $@

$(NODE_TOOLS): tests/node/package.json tests/node/package-lock.json
	cd tests/node && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

demo: setup
	$(BIN)/fixer demo

lint: $(BIN)/fixer
	$(BIN)/ruff check .
	$(BIN)/ruff format --check fixer tests bench

typecheck: $(BIN)/fixer
	$(BIN)/mypy fixer

pytest: setup
	$(BIN)/python -m pytest

test: lint typecheck pytest

bench: $(BIN)/fixer
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) tests/node/node_modules .pytest_cache .mypy_cache .ruff_cache
