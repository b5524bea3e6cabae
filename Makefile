# Short names for the everyday commands; each is exactly what the README and CI run.
.PHONY: install test lint format bench

install:
	python3 -m venv .venv && .venv/bin/pip install -q -e '.[dev]'

test:
	python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' && .venv/bin/python -m pytest

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

format:
	.venv/bin/ruff check --fix . && .venv/bin/ruff format .

bench:
	.venv/bin/python bench/run.py
