# The targets a newcomer looks for. Every target installs what it needs first.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INDEX ?= data/index
QUESTION ?= 永吉街道去年收到多少信息公开申请？
HOST ?= 127.0.0.1
PORT ?= 7860

.PHONY: install run test test-fast lint bench scale fuzz clean lock

$(BIN)/reportqa: pyproject.toml requirements.lock
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]' -c requirements.lock
	touch $(BIN)/reportqa

install: $(BIN)/reportqa
	@bash scripts/system-deps.sh

# ingest corpus/ (unchanged files are skipped, so this only does work when the index is missing
# or stale), answer one sample question, then serve the chat and print its address
run: install
	$(BIN)/reportqa ingest corpus --index $(INDEX)
	$(BIN)/reportqa ask "$(QUESTION)" --index $(INDEX)
	$(BIN)/reportqa serve --index $(INDEX) --host $(HOST) --port $(PORT)

# the gates first (lint, format, types, the layers' contract), then every test
test: lint
	$(BIN)/pytest -q

test-fast: install
	$(BIN)/pytest -q -m "not slow"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: install
	$(BIN)/pip install --quiet -e '.[dev,bench]' -c requirements.lock
	$(BIN)/python benchmarks/ingest.py
	$(BIN)/python benchmarks/ask.py
	$(BIN)/python benchmarks/load.py

# 100, 500 and 2,000 generated reports: about an hour on 2 cores
scale: install
	$(BIN)/python benchmarks/scale.py

fuzz: install
	$(BIN)/python benchmarks/fuzz.py --seconds 600

clean:
	rm -rf $(VENV) data .pytest_cache .hypothesis

# the transitive versions 'make install' pins (after a change to pyproject.toml)
lock: install
	$(BIN)/pip freeze --exclude-editable | grep -v '^reportqa' > requirements.lock.new
	{ sed -n '1,3p' requirements.lock; cat requirements.lock.new; } > requirements.lock.tmp
	mv requirements.lock.tmp requirements.lock && rm requirements.lock.new
