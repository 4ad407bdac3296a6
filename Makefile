# OpenProvince. `make run` and `make test` work on a fresh machine with only Python 3.11+.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

.PHONY: help run test test-sqlite test-postgres setup setup-dev migrate demo messages \
        makemessages serve-prod collectstatic lint typecheck bench screenshot lock clean

help:
	@echo "make run         set up, migrate, load the demo province, serve on http://$(HOST):$(PORT)"
	@echo "make test        set up and run the whole suite (SQLite; PostgreSQL too if TEST_DATABASE_URL)"
	@echo "make lint        ruff + mypy"
	@echo "make bench       page weight and HTTP throughput figures"
	@echo "make serve-prod  Granian (WSGI) with production settings"

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed"'
	$(PYTHON) -m venv $(VENV)

# Re-install only when a lock file changes.
$(VENV)/.base-installed: requirements/base.lock | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements/base.lock
	touch $@

$(VENV)/.dev-installed: requirements/dev.lock $(VENV)/.base-installed
	$(BIN)/python -m pip install -q -r requirements/dev.lock
	touch $@

setup: $(VENV)/.base-installed messages
setup-dev: $(VENV)/.dev-installed messages

messages: $(VENV)/.base-installed
	@$(BIN)/python -m openprovince.core.i18n_compile

migrate: setup
	$(MANAGE) migrate --noinput -v 0

demo: migrate
	$(MANAGE) load_demo_province

run: demo
	@$(BIN)/python -m openprovince.core.banner http://$(HOST):$(PORT)/
	DEBUG=1 TASKS_EMBEDDED_WORKER=1 $(MANAGE) runserver $(HOST):$(PORT)

test: setup-dev
	$(MAKE) test-sqlite
	@if [ -n "$$TEST_DATABASE_URL" ]; then $(MAKE) test-postgres; \
	 else echo "TEST_DATABASE_URL not set: PostgreSQL run skipped"; fi

test-sqlite: setup-dev
	env -u TEST_DATABASE_URL $(BIN)/pytest $(PYTEST_ARGS)

test-postgres: setup-dev
	$(BIN)/pytest $(PYTEST_ARGS)

lint: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check . || true
	$(BIN)/mypy .

# Production server. SECRET_KEY comes from the environment; for local trials a key is kept
# in var/prod_secret_key. Behind a TLS proxy that sets X-Forwarded-Proto.
collectstatic: setup
	DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=$${SECRET_KEY:-$$(bin/prod-secret-key)} \
	  $(MANAGE) collectstatic --noinput -v 0

serve-prod: collectstatic migrate
	DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=$${SECRET_KEY:-$$(bin/prod-secret-key)} \
	  $(BIN)/granian --interface wsgi --host $(HOST) --port $(PORT) \
	  --workers $${WORKERS:-1} --blocking-threads $${THREADS:-1} --no-ws config.wsgi:application

bench: setup-dev
	$(BIN)/python -m bench.run

screenshot: setup-dev
	$(BIN)/python tools/screenshot.py docs/img/home.png

makemessages: setup-dev
	$(MANAGE) makemessages -l vi -l en --no-obsolete --ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*' --ignore 'bench/*'

lock: setup-dev
	$(BIN)/pip-compile -q --strip-extras --no-emit-index-url --no-emit-find-links -o requirements/base.lock pyproject.toml
	$(BIN)/pip-compile -q --strip-extras --extra dev --no-emit-index-url --no-emit-find-links -o requirements/dev.lock pyproject.toml

clean:
	rm -rf $(VENV) var/static
