# Two commands: `make run` serves the shop, `make test` runs every test. Both set themselves up.
# Python 3.11, 3.12 and 3.13 are supported: `make test PYTHON=python3.13` uses its own virtualenv.
PYTHON ?= python3
# pyenv's shims run only the selected version: a python3.13 that is installed but not selected is
# found among pyenv's versions instead.
PYTHON_BIN := $(shell $(PYTHON) -c 'import sys; print(sys.executable)' 2>/dev/null || \
	ls -1 $${PYENV_ROOT:-$$HOME/.pyenv}/versions/*/bin/$(PYTHON) 2>/dev/null | tail -1)
PY_VERSION := $(shell $(PYTHON_BIN) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
VENV ?= $(if $(filter python3,$(PYTHON)),.venv,.venv-$(PY_VERSION))
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export HOST PORT

# A per-checkout secret in .secret-key, generated once and read by shop/settings.py; production sets
# DJANGO_SECRET_KEY (or DJANGO_SECRET_KEY_FILE) instead.
SECRET_KEY_FILE := $(shell test -s .secret-key || $(PYTHON_BIN) -c "import secrets; print(secrets.token_urlsafe(50))" > .secret-key; echo .secret-key)

.PHONY: run test bench loadtest setup setup-run lint lock migrate seed static run-dynamodb clean

# Dependencies are locked with hashes (make lock): requirements.txt is what serving needs (make run),
# requirements-dev.txt adds the tests and tools (make test).
PIP_INSTALL = $(BIN)/pip install --quiet --disable-pip-version-check --require-hashes --no-deps

$(BIN)/python:
	@test -n "$(PYTHON_BIN)" || { echo "error: no $(PYTHON) found; the shop needs Python 3.11 or newer (3.11, 3.12 and 3.13 are tested)" >&2; exit 1; }
	@$(PYTHON_BIN) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "error: $(PYTHON) is Python %d.%d; the shop needs Python 3.11 or newer (3.11, 3.12 and 3.13 are tested), e.g. make test PYTHON=python3.11" % sys.version_info[:2])'
	$(PYTHON_BIN) -m venv $(VENV)

$(BIN)/.installed-run: requirements.txt | $(BIN)/python
	$(PIP_INSTALL) -r requirements.txt
	touch $@

$(BIN)/.installed-test: requirements-dev.txt | $(BIN)/python
	$(PIP_INSTALL) -r requirements-dev.txt
	touch $@ $(BIN)/.installed-run

setup-run: $(BIN)/.installed-run
setup: $(BIN)/.installed-test

# The JavaScript the tests drive (aws-amplify, axe-core), exactly as package-lock.json pins it.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# Regenerates both locks from requirements*.in, for every supported Python (uv's universal resolution).
lock: setup
	$(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes requirements.in -o requirements.txt
	$(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes requirements-dev.in -o requirements-dev.txt
	npm install --package-lock-only --no-audit --no-fund --loglevel=error

migrate: setup-run
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_shop --if-empty --no-progress

static: setup-run
	$(BIN)/python manage.py collectstatic --noinput -v0

# `make run` serves plain http://127.0.0.1: production's HTTPS redirect and Secure-only cookies are
# turned off here, explicitly (README "Security"), and email goes to files in .mail/ instead of SES.
LOCAL_HTTP := DJANGO_SECURE_SSL_REDIRECT=$${DJANGO_SECURE_SSL_REDIRECT:-0} DJANGO_SECURE_COOKIES=$${DJANGO_SECURE_COOKIES:-0} \
	EMAIL_BACKEND=$${EMAIL_BACKEND:-file}

run: seed static
	$(LOCAL_HTTP) $(BIN)/gunicorn --config deploy/gunicorn.conf.py shop.asgi:application

# The shop on DynamoDB: AWS_ENDPOINT_URL if set, else moto's server (serialized) on 127.0.0.1:4566 for this run.
run-dynamodb: migrate static
	$(LOCAL_HTTP) BIN=$(BIN) deploy/local_dynamodb.sh

test: setup node_modules/.package-lock.json
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

# Timings live apart from the tests, which assert counts and never time: pages and the API against a bare
# Django view served the same way (wrk, from Debian's package), then the listing and search timings.
bench: setup
	@command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
	$(BIN)/python -m benchmarks.serving
	$(BIN)/pytest benchmarks -p no:cacheprovider --benchmark-columns=min,median,max,rounds

# Two instances on PostgreSQL + Redis + DynamoDB (local, serialized moto) under load, on 127.0.0.1 only,
# bounded in time (README "Load test"); kept out of `make test`.
loadtest: setup
	$(BIN)/python -m benchmarks.loadtest

lint: setup
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache node_modules

# AWS (README "Deploy"): region, credentials and endpoint from boto3's standard configuration.
.PHONY: provision deploy-static
provision: setup-run
	$(BIN)/python -m deploy provision

deploy-static: setup-run
	$(BIN)/python -m deploy static --wait
