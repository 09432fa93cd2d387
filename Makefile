# Leergang Toegang — `make run` to try it, `make test` to test it. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# The public address in e-mail links and the Wagtail Site record (README: "Public address").
export WAGTAILADMIN_BASE_URL ?= http://$(HOST):$(PORT)
PYTEST_ARGS ?=
# pytest-xdist: one worker per core; a test module stays on one worker, so data a module builds
# once (tests/shared_data.py) is built once per run.
WORKERS ?= auto
XDIST := -n $(WORKERS) --dist loadfile

.PHONY: run install install-test assets migrate demo test test-sqlite test-pg check lint format messages bench clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

node_modules/.installed: package.json package-lock.json .npmrc
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed
install-test: $(VENV)/.installed-test node_modules/.installed
assets: node_modules/.installed

migrate: install
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) demo_data

## Serve the site with demo data on SQLite at http://127.0.0.1:8000
run: demo
	@echo "== Leergang Toegang: http://$(HOST):$(PORT)/  (accounts: see README, password leergang-demo)"
	$(MANAGE) runserver $(HOST):$(PORT)

## Django's checks, migrations in step with the models, ruff (lint, complexity, security, format)
check: install-test
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=leergang.settings.test $(MANAGE) check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## Every test: checks, the suite on SQLite (with the browser journeys, against the database
## `make run` serves), then every test but the browser journeys again on a throwaway PostgreSQL.
## Both passes run in parallel (pytest-xdist, WORKERS=auto); docs/testing.md has the timings.
test: check
	@./scripts/ensure-chromium.sh || true
	@./scripts/ensure-redis.sh || true
	@echo "== Test suite on SQLite (with the browser journeys)"
	$(PY) -m pytest $(XDIST) $(PYTEST_ARGS)
	@if [ "$$(id -u)" = 0 ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  echo "== Test suite on PostgreSQL (without the browser journeys, which ran above)"; \
	  ./scripts/with-postgres.sh $(PY) -m pytest $(XDIST) -m "not bench and not e2e" $(PYTEST_ARGS); \
	else \
	  echo ""; \
	  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
	  echo "!! PostgreSQL is not installed and cannot be installed without root:"; \
	  echo "!! the suite ran on SQLite ONLY. Install postgresql and run 'make test-pg'."; \
	  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
	fi

test-sqlite: check
	@./scripts/ensure-chromium.sh || true
	$(PY) -m pytest $(XDIST) $(PYTEST_ARGS)

## The browser journeys run on SQLite only (they are skipped on PostgreSQL).
test-pg: check
	./scripts/with-postgres.sh $(PY) -m pytest $(XDIST) -m "not bench and not e2e" $(PYTEST_ARGS)

## Benchmarks (timings live here, never in the unit tests)
bench: install-test
	$(PY) -m pytest tests/perf -m bench -q -s -n 0

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Extract and compile the Dutch translations (needs GNU gettext; the .mo files are committed)
messages: install
	for d in leergang content modules quizzes; do (cd $$d && ../$(PY) ../manage.py makemessages -l nl --no-obsolete >/dev/null); done
	$(MANAGE) makemessages -l nl --no-obsolete -i "leergang/*" -i "content/*" -i "modules/*" -i "quizzes/*" -i ".venv/*" -i "node_modules/*" -i "tests/*"
	$(MANAGE) compilemessages -i .venv -i node_modules

clean:
	rm -rf $(VENV) node_modules db.sqlite3 staticfiles media *.egg-info
