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

.PHONY: run install install-test assets css migrate demo test test-sqlite test-pg check lint format messages bench clean

# Python packages with uv (installed from PyPI into the venv: seconds, where pip takes half a
# minute), with pip when uv cannot be had or fails. INSTALLER=pip uses pip only.
INSTALLER ?= uv
define python_install
	@if [ "$(INSTALLER)" = uv ] && { test -x $(BIN)/uv || $(PY) -m pip install --quiet uv; } \
	  && $(BIN)/uv pip install --quiet --python $(PY) $(1); then \
	  echo "== installed $(1) with uv"; \
	else \
	  echo "== installing $(1) with pip"; \
	  $(PY) -m pip install --quiet --upgrade pip && $(PY) -m pip install --quiet $(1); \
	fi
endef

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(call python_install,-e .)
	touch $@

# The test extra (pytest, Playwright, ruff, ...) only for the targets that test.
$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(call python_install,-e ".[test]")
	touch $@

# npm packages: axe-core for the browser journeys, and the NL Design System sources of
# static/vendor/nlds.css (`make css`). Serving the site needs no npm: the CSS is committed.
node_modules/.installed: package.json package-lock.json .npmrc
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test node_modules/.installed
assets: node_modules/.installed

## Select the NL Design System CSS the templates use into static/vendor/nlds.css (commit it)
css: install assets
	$(PY) scripts/build_css.py

migrate: install
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) demo_data --skip-checks  # migrate ran them

## Serve the site with demo data on SQLite at http://127.0.0.1:8000
run: demo
	@echo "== Leergang Toegang: http://$(HOST):$(PORT)/  (accounts: see README, password leergang-demo)"
	$(MANAGE) runserver --skip-checks $(HOST):$(PORT)  # migrate and demo_data ran the checks

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
	@./scripts/ensure-bench-tools.sh || true  # wrk (tests/perf/test_wrk.py) and redis-server (the cache tests); CI: must
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
	@./scripts/ensure-bench-tools.sh || true
	$(PY) -m pytest $(XDIST) $(PYTEST_ARGS)

## The browser journeys run on SQLite only (they are skipped on PostgreSQL).
test-pg: check
	@./scripts/ensure-bench-tools.sh || true
	./scripts/with-postgres.sh $(PY) -m pytest $(XDIST) -m "not bench and not e2e" $(PYTEST_ARGS)

## Benchmarks (docs/performance.md; timings live here, never in the unit tests): the large data
## set on a throwaway PostgreSQL, gunicorn with production settings and Redis, loaded with wrk
## against the bare-Django ceiling; a table, PASS/FAIL per target, bench/results.json. Then the
## sociale kaart's query counts at 5,000 entries. Fails when a target fails.
## BENCH_ARGS="--seconds 5 --mixed-seconds 20" for a shorter run.
BENCH_ARGS ?=
bench: install-test
	@./scripts/ensure-bench-tools.sh
	@status=0; ./scripts/with-postgres.sh $(PY) -m bench.run $(BENCH_ARGS) || status=$$?; \
	  $(PY) -m pytest tests/perf -m bench -q -s -n 0 || status=$$?; exit $$status

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
