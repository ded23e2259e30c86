# gongjian — make demo | make test | make bench | make lint
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
PIP     = $(BIN)/python -m pip
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: demo test test-pg lint format bench lock messages run clean install

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("gongjian needs Python >= 3.11") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade "pip>=24"

$(VENV)/.installed: $(BIN)/python pyproject.toml requirements/constraints.txt
	$(PIP) install --quiet -c requirements/constraints.txt -e ".[test]"
	touch $@

## Browser assets from the npm registry at install time, served by the app (no CDN, none committed):
## Apache ECharts for the cockpit's charts, pinned in package.json and package-lock.json.
ECHARTS = src/gongjian/cockpit/static/cockpit/vendor/echarts.min.js
$(ECHARTS): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	mkdir -p $(dir $@)
	cp node_modules/echarts/dist/echarts.min.js $@

install: $(VENV)/.installed $(ECHARTS)

# What running needs, without the test tools: `make demo` on a fresh machine installs only this.
$(VENV)/.installed-run: $(BIN)/python pyproject.toml requirements/constraints.txt
	$(PIP) install --quiet -c requirements/constraints.txt -e .
	touch $@

## Start the platform with the demo data on http://$(HOST):$(PORT)
demo: $(VENV)/.installed-run $(ECHARTS)
	GONGJIAN_ENV=development $(BIN)/gongjian migrate --noinput -v 0
	GONGJIAN_ENV=development $(BIN)/gongjian load_demo
	# The demo accounts log in with the published password alone (no second factor; docs/security.md).
	# The worker runs the background jobs (imports, documents) beside the server and is stopped with it.
	GONGJIAN_ENV=development $(BIN)/gongjian worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	GONGJIAN_ENV=development GONGJIAN_MFA_ROLES= $(BIN)/gongjian runserver --noreload $(HOST):$(PORT)

## Run the whole suite (SQLite by default; set GONGJIAN_DATABASE_URL for PostgreSQL); prints the 20 slowest tests
test: install
	$(BIN)/pytest --durations=20

## ruff, the layer contract (.importlinter: imports point down, no cycles) and the duplicate-code check (pylint)
lint: install
	$(BIN)/ruff check src
	$(BIN)/ruff format --check src
	$(BIN)/lint-imports
	$(BIN)/pylint src/gongjian

format: install
	$(BIN)/ruff format src
	$(BIN)/ruff check --fix src

bench: install
	$(BIN)/gongjian bench

## Recompute the pinned constraints from the current environment
lock: install
	$(PIP) freeze --exclude-editable | grep -vi '^gongjian' > requirements/constraints.new
	{ head -2 requirements/constraints.txt; cat requirements/constraints.new; } > requirements/constraints.txt.tmp
	mv requirements/constraints.txt.tmp requirements/constraints.txt; rm requirements/constraints.new

## Extract the translatable strings into the one catalogue (zh_Hans; English is the msgids) and compile it
## (needs GNU gettext). Translate every new entry, then commit django.po and django.mo: a machine without
## gettext cannot compile the catalogue. core/tests/test_translations.py runs the same extraction.
messages: install
	cd src/gongjian && GONGJIAN_VAR_DIR=$(CURDIR)/var ../../$(BIN)/python -m gongjian makemessages -l zh_Hans --no-obsolete --ignore 'tests/*' --ignore '*/tests/*'
	cd src/gongjian && GONGJIAN_VAR_DIR=$(CURDIR)/var ../../$(BIN)/python -m gongjian compilemessages

clean:
	rm -rf $(VENV) var node_modules $(dir $(ECHARTS))
