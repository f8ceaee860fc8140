# Two commands: `make run` serves the shop, `make test` runs every test. Both set themselves up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export HOST PORT

# A per-checkout secret in .secret-key, generated once and read by shop/settings.py; production sets
# DJANGO_SECRET_KEY (or DJANGO_SECRET_KEY_FILE) instead.
SECRET_KEY_FILE := $(shell test -s .secret-key || $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > .secret-key; echo .secret-key)

.PHONY: run test bench loadtest setup lint migrate seed static run-dynamodb clean

$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

setup: $(BIN)/.installed

# The front-end clients the tests drive (aws-amplify), exactly as package-lock.json pins them.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

migrate: setup
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_shop --if-empty --no-progress

static: setup
	$(BIN)/python manage.py collectstatic --noinput -v0

# `make run` serves plain http://127.0.0.1: production's HTTPS redirect and Secure-only cookies are
# turned off here, explicitly (README "Security"); set them to 1 to try the production behaviour.
LOCAL_HTTP := DJANGO_SECURE_SSL_REDIRECT=$${DJANGO_SECURE_SSL_REDIRECT:-0} DJANGO_SECURE_COOKIES=$${DJANGO_SECURE_COOKIES:-0}

run: seed static
	$(LOCAL_HTTP) $(BIN)/gunicorn --config deploy/gunicorn.conf.py shop.wsgi:application

# The shop on DynamoDB: AWS_ENDPOINT_URL if set, else moto's server (serialized) on 127.0.0.1:4566 for this run.
run-dynamodb: migrate static
	$(LOCAL_HTTP) BIN=$(BIN) deploy/local_dynamodb.sh

test: setup node_modules/.installed
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

# Timings (pytest-benchmark) live apart from the tests, which assert counts and never time.
bench: setup
	$(BIN)/pytest benchmarks -p no:cacheprovider --benchmark-columns=min,median,max,rounds

# Two instances on PostgreSQL + Redis + DynamoDB (local, serialized moto) under load, on 127.0.0.1 only,
# bounded in time (README "Load test"); kept out of `make test`.
loadtest: setup
	$(BIN)/python -m benchmarks.loadtest

lint: setup
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache

# AWS (README "Deploy"): region, credentials and endpoint from boto3's standard configuration.
.PHONY: provision deploy-static
provision: setup
	$(BIN)/python -m deploy provision

deploy-static: setup
	$(BIN)/python -m deploy static --wait
