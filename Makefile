# Alumni Program — developer entry points. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: help venv run test lint fmt bench worker beat clean distclean

help:
	@echo "make run      - set up .venv, migrate, load demo data, serve http://$(HOST):$(PORT)/"
	@echo "make test     - full test suite against throwaway PostgreSQL + Redis (PYTEST_ARGS=...)"
	@echo "make lint     - ruff, ruff format --check, mypy, import contracts (layers), missing migrations"
	@echo "make fmt      - ruff --fix and ruff format"
	@echo "make bench    - run bench/*.py against throwaway PostgreSQL + Redis"
	@echo "make worker   - Celery worker (needs CELERY_BROKER_URL)"
	@echo "make beat     - Celery beat with the database scheduler"
	@echo "make clean    - remove caches and collected static files (distclean: also .venv, var/)"

venv: $(STAMP)

# Recreated only when a requirements file changes. On a bare Debian box python3 -m venv
# fails without ensurepip: as root we install python3-venv and try again.
$(STAMP): requirements.txt requirements-dev.txt
	@set -e; \
	if ! $(PY) -m pip --version >/dev/null 2>&1; then \
	  rm -rf $(VENV); \
	  if ! $(PYTHON) -m venv $(VENV); then \
	    rm -rf $(VENV); \
	    if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	      echo ">> python3 -m venv failed: installing python3-venv"; \
	      export DEBIAN_FRONTEND=noninteractive; \
	      apt-get update -qq && apt-get install -y -qq python3-venv; \
	      $(PYTHON) -m venv $(VENV); \
	    else \
	      echo "!! '$(PYTHON) -m venv' failed: install python3-venv (sudo apt-get install python3-venv)"; \
	      exit 1; \
	    fi; \
	  fi; \
	fi
	$(PY) -m pip install --disable-pip-version-check -q -r requirements-dev.txt
	@touch $(STAMP)

run: venv
	mkdir -p var
	$(PY) manage.py migrate --noinput
	SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} $(PY) manage.py load_demo
	@echo
	@echo "  Alumni Program: http://$(HOST):$(PORT)/"
	@echo
	SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} $(PY) manage.py runserver $(HOST):$(PORT)

# Without PYTEST_ARGS: the three steps of scripts/test-suite.sh (parallel suite, worker and browser
# tests, schema fuzz). With PYTEST_ARGS: one pytest run with those arguments.
test: venv
	@if [ -n "$(strip $(PYTEST_ARGS))" ]; then \
	  scripts/with-services.sh $(BIN)/pytest $(PYTEST_ARGS); \
	else \
	  PYTEST=$(BIN)/pytest scripts/with-services.sh scripts/test-suite.sh; \
	fi

lint: venv
	mkdir -p var
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/lint-imports
	$(PY) manage.py makemigrations --check --dry-run

fmt: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: venv
	scripts/with-services.sh bash bench/run_all.sh

worker: venv
	$(BIN)/celery -A alumni_program worker -l info

beat: venv
	$(BIN)/celery -A alumni_program beat -l info \
	  --scheduler django_celery_beat.schedulers:DatabaseScheduler

clean:
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -exec rm -rf {} +
	rm -rf .pytest_cache .mypy_cache .ruff_cache staticfiles test-artifacts

distclean: clean
	rm -rf $(VENV) var
