# Two commands are all a reader or contributor needs: `make serve` and `make test`.
# Both create .venv-<python version> and install the pinned requirements first, once.
# Any Python readers have, 3.11 to 3.13: `make test PYTHON=python3.13`. Each gets its own venv.
PYTHON ?= python3
PYVER := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
VENV ?= .venv-$(PYVER)
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
# One page end to end: `make test PAGE=what-is-mlops` (pytest -k on the page's name).
PAGE ?=
PYTEST_PAGE := $(if $(PAGE),-k "$(PAGE)",)

.PHONY: serve test browser promtool shim update-examples reader-check lock upgrade run benchmark mlflow-ui build install clean audit

$(BIN)/activate: requirements.txt pyproject.toml
	@$(PYTHON) -c pass 2>/dev/null || { echo "$(PYTHON) does not run: run make PYTHON=<a Python 3.11, 3.12 or 3.13>"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13) and f"Python 3.11, 3.12 or 3.13 is needed, and $(PYTHON) is {sys.version.split()[0]}: run make PYTHON=python3.12 ...")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(BIN)/activate

install: $(BIN)/activate

## Serve the site at http://127.0.0.1:8000 and rebuild on every change.
serve: install
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

## Run every test: snippets, notebooks, site build, links, privacy, workflows, real browser.
## Two workers: the two cores of a CI machine, handed one test at a time, the slow ones first
## (tests/conftest.py), so that neither sits idle while the other ends on a long page.
WORKERS := -n 2 --maxschedchunk=1
test: install browser promtool shim
	$(BIN)/python -m pytest $(WORKERS) $(PYTEST_PAGE)

# Debian packages some tests need: installed when missing and possible, else a hint.
# $(call debian,<package>,<why>,<command>...): installed unless one of the commands exists.
# apt-get needs root: run as root (a container) it runs directly; run as a user with passwordless
# sudo (GitHub's runners) only apt-get runs through `sudo -n`, which fails rather than prompt.
# `env` passes DEBIAN_FRONTEND through sudo, which drops the caller's environment.
define debian
@for command in $(3); do command -v $$command >/dev/null && exit 0; done; \
if [ "$$(id -u)" = 0 ]; then as_root=; \
elif sudo -n true 2>/dev/null; then as_root="sudo -n"; \
else as_root=no; fi; \
{ [ "$$as_root" != no ] && command -v apt-get >/dev/null && \
  echo "Installing Debian's $(1) $(2)$${as_root:+ (through sudo)}..." && \
  $$as_root apt-get update -qq && \
  $$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null; } || \
echo "No $(firstword $(3)) found: install Debian's $(1) package $(2) (sudo apt-get install $(1))."
endef

## The offline copy's search shim (hooks/offline.py), the one npm package the build needs:
## `npm ci --omit=dev` installs it alone (Lighthouse, for `make audit`, is a dev dependency).
shim:
	@test -f node_modules/iframe-worker/shim/index.js || { command -v npm >/dev/null && \
		npm ci --omit=dev --no-audit --no-fund --loglevel=error; } || \
		echo "No iframe-worker shim: install Node.js and npm (then make shim) for the offline copy and its tests."

## Chromium for the browser tests. Without it they skip with a hint; under CI (CI=true) they fail.
browser:
	$(call debian,chromium,for the browser tests,chromium chromium-browser google-chrome)

## promtool, which ships only with Prometheus (not on PyPI), checks and unit-tests the production
## loop's alerting rules. Without it those tests skip with a hint; under CI they fail.
promtool:
	$(call debian,prometheus,for promtool and the alerting-rule tests,promtool)

## The check's own run of each page, as a reader pastes it (tests/test_copy_paste.py), writing
## what it finds: each print's #> lines into the snippet or page line it sits under, the figures,
## the notebook, and what the page loads at run time; then the pages' requirement sets.
## `make update-examples PAGE=what-is-mlops` for one page.
update-examples: install
	$(BIN)/python -m pytest tests/test_copy_paste.py --update-examples $(WORKERS) $(PYTEST_PAGE)
	$(BIN)/python -m docsite.requirements

## Each page's code from that page's requirements.txt alone, in a fresh venv of $(PYTHON) with
## nothing else in it, then its notebook in a kernel of that venv (docsite/reader_check.py).
## uv caches the downloads. `make reader-check PYTHON=python3.13 PAGE=capstone` for one page.
reader-check: install
	$(BIN)/python -m docsite.reader_check --python "$$(command -v $(PYTHON))" $(PAGE)

## Re-resolve requirements.txt from requirements.in, for Python 3.11+ on every system at once,
## keeping every pin it can (run it after editing requirements.in); then the pages' sets.
lock: install
	$(BIN)/uv pip compile --quiet --universal --python-version 3.11.0 \
		--custom-compile-command "make lock" requirements.in -o requirements.txt
	$(BIN)/python -m docsite.requirements

## Every direct pin to its newest release that resolves (but those marked `# hold:` in
## requirements.in), then lock, reinstall, refresh every output, and run the suite. It prints
## which shown outputs changed; review them with `git diff` before committing.
upgrade: install
	$(BIN)/python -m docsite.upgrade
	$(BIN)/uv pip compile --quiet --universal --python-version 3.11.0 --upgrade \
		--custom-compile-command "make lock" requirements.in -o requirements.txt
	$(MAKE) --no-print-directory update-examples
	@echo "Shown outputs, figures and notebooks that changed:"
	@git diff --stat -- snippets docs/figures docs/notebooks
	$(MAKE) --no-print-directory test

## Run one snippet as a reader would: make run SNIPPET=snippets/dataset/preview.py
## Like the tests, it runs in a fresh temp folder beside copies of the files its page offers for
## download (docsite/sandbox.py); figures and files it writes stay in that folder.
run: install
	@test -f "$(SNIPPET)" || { echo "usage: make run SNIPPET=snippets/<page>/<file>.py"; exit 2; }
	$(BIN)/python -m docsite.sandbox "$(SNIPPET)"

## Time the pages' comparisons and rewrite the committed records (snippets/*/bench_*.json).
## Then run `make update-examples`: the pages print their timings from those records.
benchmark: install
	$(BIN)/python -m docsite.benchmark

## Track the MLflow runs of the MLOps page into .mlflow/ and browse them at http://127.0.0.1:5000
mlflow-ui: install
	rm -rf .mlflow
	MLFLOW_STORE="$(CURDIR)/.mlflow" $(MAKE) --no-print-directory run SNIPPET=snippets/what-is-mlops/track_experiments.py
	MLFLOW_DISABLE_TELEMETRY=true $(BIN)/mlflow ui --host 127.0.0.1 --port 5000 --workers 1 \
		--backend-store-uri "sqlite:///$(CURDIR)/.mlflow/mlflow.db"

## Build the static site into site/ (what CI publishes), with the offline copy as a zip
## (docsite/offline.py) and the whole course, in nav order, as a PDF printed by Chromium
## (docsite/pdf.py), both in site/downloads/.
build: install shim browser
	$(BIN)/mkdocs build --strict
	$(BIN)/python -m docsite.offline site
	$(BIN)/python -m docsite.pdf site

## Lighthouse (mobile) scores for every page, beside the same docs built with stock Material
## settings, median of 3 runs; writes reports/lighthouse-mobile.md. Needs Node.js, npm, chromium.
## `make audit PRESET=desktop` for the desktop preset; about 20 minutes either way.
PRESET ?= mobile
audit: install
	npm ci --no-audit --no-fund --loglevel=error
	$(BIN)/python -m docsite.lighthouse --preset $(PRESET) --runs 3

clean:
	rm -rf .venv .venv-* site .pytest_cache .ruff_cache .mlflow .cache node_modules
