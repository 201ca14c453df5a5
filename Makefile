# Two commands for a fresh machine: `make demo` and `make test`. Everything else is optional.
VENV ?= .venv
BIN := $(VENV)/bin
PYTHON ?= python3
PLAN ?= fixtures/plans/example-good.docx
HELDOUT := $(sort $(filter-out %-second,$(wildcard fixtures/labelled/heldout*)))

.PHONY: setup demo test serve bench train evaluate fixtures clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip==25.3

$(VENV)/.deps: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q .
	touch $@

$(VENV)/.deps-test: pyproject.toml $(VENV)/.deps
	$(BIN)/pip install -q ".[test]"
	touch $@

# Install the package itself (not editable), so everything runs against what `pip install .` ships.
setup: $(VENV)/.deps
	$(BIN)/pip install -q --no-deps --force-reinstall .

demo: setup
	$(BIN)/pathway-audit check $(PLAN)

test: setup $(VENV)/.deps-test
	$(BIN)/ruff check .
	$(BIN)/pytest -q

serve: setup
	$(BIN)/pathway-audit serve --workers 2

bench: setup $(VENV)/.deps-test
	$(BIN)/python benchmarks/run.py

train: setup $(VENV)/.deps-test
	$(BIN)/pathway-audit train fixtures --out models

evaluate: setup
	for set in $(HELDOUT); do \
	  $(BIN)/pathway-audit evaluate $$set $$([ -d $$set-second ] && echo --second-labels $$set-second) || exit 1; \
	done

fixtures: setup
	$(BIN)/python fixtures/build.py fixtures/plans fixtures/labelled/dev $(HELDOUT)

clean:
	rm -rf $(VENV) build *.egg-info
