# Two commands are all a reader or contributor needs: `make serve` and `make test`.
# Both create .venv and install the pinned requirements first, once.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test update-examples run build install clean

$(BIN)/activate: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11) and "Python 3.11 is required: run make PYTHON=python3.11 ...")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(BIN)/activate

install: $(BIN)/activate

## Serve the site at http://127.0.0.1:8000 and rebuild on every change.
serve: install
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

## Run every test: snippets, site build, links, privacy, workflows.
test: install
	$(BIN)/python -m pytest

## Re-run every snippet and rewrite its #> output lines in place.
update-examples: install
	$(BIN)/python -m pytest tests/test_snippets.py --update-examples

## Run one snippet as a reader would: make run SNIPPET=snippets/dataset/preview.py
## It runs in the snippet's own folder (beside its .sql files) with snippets/ importable.
run: install
	@test -f "$(SNIPPET)" || { echo "usage: make run SNIPPET=snippets/<page>/<file>.py"; exit 2; }
	cd "$(dir $(SNIPPET))" && PYTHONPATH="$(CURDIR)/snippets" "$(CURDIR)/$(BIN)/python" "$(notdir $(SNIPPET))"

## Build the static site into site/ (what CI publishes).
build: install
	$(BIN)/mkdocs build --strict

clean:
	rm -rf $(VENV) site .pytest_cache .ruff_cache
