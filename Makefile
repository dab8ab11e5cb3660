# The two commands of the README:
#   make demo   set up, then run fixer on a bundled broken repository
#   make test   set up, then run the whole test suite (lint, types, tests)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
NODE_TOOLS := tests/node/node_modules/.package-lock.json

.PHONY: setup demo test lint typecheck pytest bench clean

setup: $(BIN)/fixer $(NODE_TOOLS)

$(BIN)/fixer: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
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
