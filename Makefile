# OpenReport. `make run` starts the demo on SQLite; `make test` runs the whole suite.
# Needs only Python 3.11 and make: everything else is installed into .venv from PyPI.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The demo's address, for links in emails (seed_demo points the demo site at it).
export WAGTAILADMIN_BASE_URL ?= http://$(HOST):$(PORT)
PYTEST_ARGS ?=

.PHONY: run test vendor bench install install-dev migrate seed lint format check messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo

RMS_PORT ?= 8765

# The reference RMS receiver runs beside the site, so approved demo reports export end to end,
# and the periodic jobs (delivery sweep, workflow timers) run every 30 seconds, as beat would.
run: seed
	@echo "OpenReport demo: http://$(HOST):$(PORT)/  (Wagtail admin: /admin/, staff tasks: /workflow/)"
	@echo "Reference RMS receiver: http://127.0.0.1:$(RMS_PORT)/ (received documents in .rms-receiver/)"
	$(BIN)/python manage.py run_rms_receiver --port $(RMS_PORT) --store .rms-receiver & receiver=$$!; \
	$(BIN)/python manage.py run_periodic_jobs --every 30 & jobs=$$!; \
	trap 'kill $$receiver $$jobs 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# axe-core (npm registry) for the accessibility checks; without npm those checks are skipped.
node_modules/axe-core/axe.min.js: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent; \
	else echo "npm not found: the browser accessibility checks will be skipped"; fi

# The citizen's scripts from npm, committed under forms_app/static (production needs no npm):
# `make vendor` copies them again after package.json changes (tests/forms_app/test_vendored.py
# checks that the committed copy is npm's).
VENDOR := forms_app/static/forms_app/vendor/accessible-autocomplete
vendor: node_modules/axe-core/axe.min.js
	mkdir -p $(VENDOR)
	cp node_modules/accessible-autocomplete/dist/accessible-autocomplete.min.js \
	   node_modules/accessible-autocomplete/dist/accessible-autocomplete.min.js.map \
	   node_modules/accessible-autocomplete/dist/accessible-autocomplete.min.css \
	   node_modules/accessible-autocomplete/dist/accessible-autocomplete.min.css.map \
	   node_modules/accessible-autocomplete/LICENSE.txt $(VENDOR)/

test: install-dev node_modules/axe-core/axe.min.js
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The benchmark (docs/performance.md): needs PostgreSQL and Redis on 127.0.0.1; starts and stops
# its own gunicorn, Celery workers and RMS receiver. BENCH_ARGS=--quick for a run of seconds.
BENCH_ARGS ?=

bench: install
	$(BIN)/python -m bench $(BENCH_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install-dev
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

# Refresh the French catalogue after changing interface text (needs GNU gettext), then
# translate the new entries in locale/fr/LC_MESSAGES/django.po and run `make messages` again.
messages: install
	$(BIN)/python manage.py makemessages -l fr --ignore=.venv --ignore=static --ignore=node_modules --no-obsolete
	$(BIN)/python manage.py compilemessages -l fr --ignore=.venv --ignore=node_modules

clean:
	rm -rf $(VENV) node_modules db.sqlite3 media static private-media .rms-receiver test-results .pytest_cache .ruff_cache
