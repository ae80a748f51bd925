# The targets a newcomer looks for. Every target installs what it needs first.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INDEX ?= data/index
QUESTION ?= 永吉街道2024年主动公开了多少条政府信息？

.PHONY: install run test test-fast lint bench clean

$(BIN)/reportqa: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/reportqa

install: $(BIN)/reportqa
	@bash scripts/system-deps.sh

run: install
	$(BIN)/reportqa ingest corpus --index $(INDEX)
	$(BIN)/reportqa ask "$(QUESTION)" --index $(INDEX)

test: install
	$(BIN)/pytest -q

test-fast: install
	$(BIN)/pytest -q -m "not slow"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: install
	$(BIN)/python benchmarks/ingest.py

clean:
	rm -rf $(VENV) data .pytest_cache .hypothesis
