# Devolution: `make run` to use it, `make dev` to change it, `make test` to check it. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DEVOLUTION := $(VENV)/bin/devolution
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
APT_PACKAGES := chromium graphviz fonts-liberation libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# `make run` serves as people are served: gunicorn, 2 x cores + 1 workers (at most 9), DEBUG
# off unless asked for (`DEBUG=true make run`). `make dev` serves with Django's development
# server, which reloads on every change, DEBUG on unless DEBUG=false.
WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 1); w=$$((2 * n + 1)); echo $$((w > 9 ? 9 : w)))
TIMEOUT ?= 120

.PHONY: run dev data test bench lint install install-dev system npm assets check-security clean

## Install everything, migrate, load London and demo accounts, serve on http://127.0.0.1:8000 through gunicorn (static files by whitenoise)
# Beside the server: the background task worker that sends notifications, and the hourly
# run of `devolution send-digests`; both stop when the server does. The worker is the
# database queue's, or RQ's when the queue is in Redis (TASKS_BACKEND=rq, the default
# with REDIS_URL; ADR 27): django-tasks-rq's jobs need its job class. It says when /readyz
# answers that it is ready. Each request is logged by Django (core.observability), with its id.
RQ_WORKER := rqworker --job-class django_tasks_rq.Job default
TASK_WORKER ?= $(if $(or $(filter rq,$(TASKS_BACKEND)),$(and $(REDIS_URL),$(if $(TASKS_BACKEND),,rq))),$(RQ_WORKER),db-worker --no-reload)
run: data
	@echo "Devolution is at http://$(HOST):$(PORT)/ ($(WORKERS) workers; DEBUG=true make run for Django's debug pages)"
	@$(DEVOLUTION) $(TASK_WORKER) & worker=$$!; \
	( trap 'kill $$pause 2>/dev/null; exit' TERM; \
	  while true; do $(DEVOLUTION) send-digests; sleep 3600 & pause=$$!; wait $$pause; done ) & digests=$$!; \
	( for i in $$(seq 120); do sleep 1; \
	    if $(PY) -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=5)' \
	      http://$(HOST):$(PORT)/readyz 2>/dev/null; then echo "Devolution is ready at http://$(HOST):$(PORT)/"; exit; fi; \
	  done; echo "Devolution is not ready after 2 minutes: see http://$(HOST):$(PORT)/readyz" ) & ready=$$!; \
	trap 'kill $$worker $$digests $$ready 2>/dev/null' EXIT INT TERM; \
	DEBUG=$(or $(DEBUG),false) $(VENV)/bin/gunicorn devolution.wsgi:application \
		--bind $(HOST):$(PORT) --workers $(WORKERS) --timeout $(TIMEOUT) --no-control-socket

## The same, served by Django's development server, which reloads when the code changes (DEBUG on)
dev: data
	@echo "Devolution is at http://$(HOST):$(PORT)/ (development server)"
	DEBUG=$(or $(DEBUG),true) $(DEVOLUTION) runserver $(HOST):$(PORT)

# What both serve: the schema, London's data, the demo accounts and the static files.
data: install
	$(DEVOLUTION) migrate --noinput
	$(DEVOLUTION) load-london
	$(DEVOLUTION) demo-accounts
	$(DEVOLUTION) collectstatic --noinput --verbosity 0

## Install what the tests need, lint, type-check, check the import contracts and run the tests on SQLite (and PostgreSQL when DATABASE_URL names one)
test: install-dev lint
	$(DEVOLUTION) collectstatic --noinput --verbosity 0
	DATABASE_URL= $(PY) -m pytest -q -n 2 --dist loadgroup
	@if [[ "$$DATABASE_URL" == postgres* ]]; then \
		echo "== the same tests on PostgreSQL ($$DATABASE_URL) =="; \
		$(PY) -m pytest -q -n 2 --dist loadgroup -m "not browser"; \
	fi

## The speed bars of QUALITY.md, printed as ratios; exits non-zero when one is missed
# Its own databases are SQLite files; with DATABASE_URL naming a PostgreSQL server and
# REDIS_URL a Redis, the load run (P8 under a day's mix) is run there too.
bench: install-dev
	DATABASE_URL= LOAD_DATABASE_URL=$(DATABASE_URL) $(DEVOLUTION) bench

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy devolution
	$(VENV)/bin/lint-imports --no-cache

## Django's deployment checks on the production settings, with keys as long and random as a deployment's must be
check-security: install-dev
	SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))') \
		AUDIT_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))') \
		ALLOWED_HOSTS=devolution.example DJANGO_SETTINGS_MODULE=devolution.settings.production \
		EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend EMAIL_HOST=mail.devolution.example \
		DEFAULT_FROM_EMAIL=devolution@devolution.example \
		$(DEVOLUTION) check --deploy --fail-level WARNING

install: $(VENV)/.installed assets system
install-dev: install $(VENV)/.installed-dev

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt pyproject.toml $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet -r requirements.txt
	$(VENV)/bin/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $@

npm: node_modules/.package-lock.json
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## The NHS.UK styles without their remote font (ADR 3), and the NHS.UK script
assets: build/static/core/nhsuk.css
build/static/core/nhsuk.css: node_modules/.package-lock.json devolution/core/assets/nhsuk.scss
	npm run --silent build

## Debian packages: Chromium for browser tests, Graphviz for the organogram, Pango for PDFs
system:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v dot >/dev/null || missing="$$missing graphviz"; \
	ldconfig -p | grep -q libpangoft2-1.0 || missing="$$missing libpangoft2-1.0-0"; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(APT_PACKAGES) >/dev/null; \
	fi

clean:
	rm -rf $(VENV) node_modules var static build
