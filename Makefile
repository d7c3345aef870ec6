# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: run test install validate bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,postgres,server]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python -m web.run

test: $(STAMP)
	$(BIN)/sharewise validate
	$(BIN)/python -m pytest $(PYTEST_ARGS)

validate: $(STAMP)
	$(BIN)/sharewise validate

bench: $(STAMP)
	$(BIN)/sharewise bench

clean:
	rm -rf $(VENV) build *.egg-info
