# `make run` serves the app with demo data on http://127.0.0.1:8000; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install run test lint migrate seed clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: install
	PNP_DEV_LOGIN=$${PNP_DEV_LOGIN:-1} $(PY) -m app serve

migrate: install
	$(PY) -m app migrate

seed: install
	$(PY) -m app seed

lint: install
	$(PY) -m ruff check .
	$(PY) -m mypy

test: install lint
	$(PY) -m pytest

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
