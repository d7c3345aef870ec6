# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: run test test-fast lint format install validate bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,postgres,server]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python -m web.run

# The whole suite: validation, scenarios, engine, records, web, browser and slow tests (what CI runs).
test: $(STAMP)
	$(BIN)/sharewise validate
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The edit-test loop: everything but the real-browser and slow tests.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not browser and not slow" $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

validate: $(STAMP)
	$(BIN)/sharewise validate

bench: $(STAMP)
	$(BIN)/sharewise bench

clean:
	rm -rf $(VENV) build *.egg-info
