# Support Atlas. The two commands a user needs: `make build` and `make test`.
# Everything else is listed by `make help`.

PYTHON_REQ := 3.11
PYTHON     ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)
VENV       := .venv
PY         := $(VENV)/bin/python
DATA       := content/data
OUTPUT     := output
CHROMIUM   := /usr/bin/chromium

.DEFAULT_GOAL := help
.PHONY: help build test serve extract check diff bench clean lock site index translations python-check java-runtime hugo

help: ## list the targets
	@awk 'BEGIN{FS=":.*## "} /^[a-z-]+:.*## /{printf "  make %-8s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

build: $(VENV)/.build-deps ## install, extract, check, render, index (unchanged stages are skipped): the site in output/
	$(PY) -m extract build
	@echo "open $(OUTPUT)/index.html, or run 'make serve'"

test: $(VENV)/.build-deps $(VENV)/.test-deps $(CHROMIUM) node_modules/.installed java-runtime ## install test tools (Chromium, axe-core, the Nu validator) and run the test suite
	$(PY) -m pytest

serve: $(VENV)/.build-deps ## build, preview on http://127.0.0.1:8000 (PORT=...), rebuild on every edit and reload the page
	$(PY) -m extract serve --port $(or $(PORT),8000)

extract: $(VENV)/.build-deps ## extract sources/ into the tables in content/data/
	$(PY) -m extract run --out $(DATA)

check: $(VENV)/.build-deps ## validate the tables and fail if they are stale against sources/
	$(PY) -m extract check --tables $(DATA)

diff: $(VENV)/.build-deps ## keyed diff of the tables against the committed ones (REV=... for another revision)
	$(PY) -m extract diff $(or $(REV),HEAD) $(DATA) || test $$? -eq 1

bench: $(VENV)/.build-deps $(VENV)/.test-deps $(CHROMIUM) hugo ## benchmark 1 to 1000 document pairs (SIZES=1,10,100 for fewer) against stock Pelican and Hugo, and the reader side; writes BENCHMARKS.md
	$(PY) -m extract bench $(if $(SIZES),--sizes $(SIZES))

clean: ## remove the virtualenv, the built site and caches
	rm -rf $(VENV) $(OUTPUT) node_modules cache .pytest_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

translations: $(VENV)/.build-deps ## extract interface strings and merge them into each language's .po
	$(PY) -m babel.messages.frontend extract -F babel.cfg -k N_ -k t -k translate:2 -k translate_plural:2,3 --no-location --omit-header --sort-output -o theme/translations/messages.pot .
	$(VENV)/bin/pybabel update -i theme/translations/messages.pot -d theme/translations -D messages --omit-header --no-fuzzy-matching --ignore-obsolete

lock: ## re-pin the dependencies of pyproject.toml into the lock files (needs network)
	rm -rf /tmp/atlas-lock && $(PYTHON) -m venv /tmp/atlas-lock
	$(PYTHON) -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; print("\n".join(p["dependencies"]))' > /tmp/atlas-lock/build.in
	$(PYTHON) -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; print("\n".join(p["optional-dependencies"]["test"]))' > /tmp/atlas-lock/test.in
	/tmp/atlas-lock/bin/pip install -q -r /tmp/atlas-lock/build.in
	{ echo "# Pinned build dependencies: the exact set \`make build\` installs. Regenerate with \`make lock\`."; /tmp/atlas-lock/bin/pip freeze; } > requirements.lock
	/tmp/atlas-lock/bin/pip install -q -r /tmp/atlas-lock/test.in
	{ echo "# Pinned test-only dependencies (on top of requirements.lock). Regenerate with \`make lock\`."; /tmp/atlas-lock/bin/pip freeze | grep -vxFf requirements.lock; } > requirements-test.lock

site: $(VENV)/.build-deps
	$(PY) -m pelican content -o $(OUTPUT) -s pelican.conf.py -q

index: $(VENV)/.build-deps
	$(PY) -m pagefind --site $(OUTPUT) --silent

python-check:
	@test -n "$(PYTHON)" && command -v "$(PYTHON)" >/dev/null || { echo "error: Python $(PYTHON_REQ) not found: install python3.11 (e.g. apt-get install python3.11 python3.11-venv) and re-run"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' || { echo "error: $(PYTHON) is Python $$($(PYTHON) -c 'import platform; print(platform.python_version())'), Support Atlas needs $(PYTHON_REQ): install python3.11 or run 'make PYTHON=/path/to/python3.11 build'"; exit 1; }

$(VENV)/bin/python: | python-check
	$(PYTHON) -m venv $(VENV) || { echo "error: could not create $(VENV): install the venv module (apt-get install python3.11-venv)"; exit 1; }

# Reinstalls only when the lock file changes.
$(VENV)/.build-deps: requirements.lock | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

$(VENV)/.test-deps: requirements-test.lock $(VENV)/.build-deps
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.lock
	touch $@

# axe-core and vnu.jar from the npm registry, pinned by package-lock.json (no install scripts:
# vnu-jar's would download a Java runtime; Debian's is used instead).
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { command -v apt-get >/dev/null || { echo "error: npm is missing and apt-get is unavailable: install Node.js and npm, then re-run 'make test'"; exit 1; }; \
	  DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; }
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

# Hugo, the benchmark's second yardstick: Debian's package where apt can install it; where it cannot, the
# benchmark runs without it and says so in BENCHMARKS.md.
hugo:
	@command -v hugo >/dev/null || { command -v apt-get >/dev/null && { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo >/dev/null 2>&1 || \
	  { DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo >/dev/null; }; }; } || \
	  echo "note: hugo could not be installed; make bench runs without the Hugo reference"

java-runtime:
	@command -v java >/dev/null || { command -v apt-get >/dev/null || { echo "error: java is missing and apt-get is unavailable: install a Java runtime (17+) for the HTML validator, then re-run 'make test'"; exit 1; }; \
	  DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; }

$(CHROMIUM):
	@command -v apt-get >/dev/null || { echo "error: $(CHROMIUM) is missing and apt-get is unavailable: install Chromium so that $(CHROMIUM) exists, then re-run 'make test'"; exit 1; }
	DEBIAN_FRONTEND=noninteractive apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
