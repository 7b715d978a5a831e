# The two commands a newcomer needs: `make run` and `make test`.
# Everything else the project needs is installed by these targets.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_PASSWORD_FILE := .demo-password

.PHONY: run test lint format check audit assets clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Python 3.12 or newer is needed (see .python-version); set PYTHON=python3.13")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.installed-runtime

# The demo password is made once, kept out of git, and printed on every run.
$(DEMO_PASSWORD_FILE): | $(BIN)/python
	@$(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(12))' > $@

# Links printed and emailed (SITE_URL) point at the address served, unless set.
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: $(VENV)/.installed-runtime $(DEMO_PASSWORD_FILE)
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py load_demo --password "$$(cat $(DEMO_PASSWORD_FILE))"
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.installed-dev
	SECRET_KEY=$${SECRET_KEY:-tests-only-not-a-secret} $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: $(VENV)/.installed-dev
	DEBUG=true $(BIN)/python manage.py check
	DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run

# Known vulnerabilities in the pinned requirements (pip-audit); see .ci/audit_requirements.py.
audit: $(VENV)/.installed-dev
	$(BIN)/python .ci/audit_requirements.py requirements.txt requirements-dev.txt

# Rebuild static/ from GOV.UK Frontend (needs Node.js; running the app does not).
assets:
	bash frontend/build.sh

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

# Load test, side by side with a static file of the same size: builds a scratch
# PostgreSQL database (127.0.0.1:5432), serves 1,000 actions with gunicorn on
# loopback, measures with wrk (installed from Debian if missing), drops the database
# and writes docs/benchmarks.md. Takes about two minutes; see bench/run.py.
.PHONY: bench
bench: $(VENV)/.installed-runtime
	$(BIN)/python -m bench.run
