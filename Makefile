# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test lint format migrate demo worker beat messages clean bench-pdf bench bench-scale

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed (found %s)" % sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet ".[dev]"
	touch $(STAMP)

## The site with demo data on the embedded default (SQLite, tasks in-process).
## Links in mail and iCal point at the port it serves on, unless SITE_URL is set.
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: $(STAMP)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo
	@echo "Serving http://127.0.0.1:$(PORT)/ (links in mail and iCal: $$SITE_URL)"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## Lint and the whole test suite (PostgreSQL when DATABASE_URL is set, else SQLite).
test: $(STAMP) lint
	$(BIN)/python -m pytest

## ruff, and the floors of docs/architecture.md (import-linter: no upward import).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrate: $(STAMP)
	$(BIN)/python manage.py migrate --no-input

demo: $(STAMP)
	$(BIN)/python manage.py seed_demo

## Render representative PDFs; prints median seconds and peak memory per document.
bench-pdf: $(STAMP)
	$(BIN)/python manage.py migrate --no-input -v0
	$(BIN)/python manage.py bench_pdf

# The benchmarks run with production settings: a fresh secret, plain HTTP on 127.0.0.1 and
# the configured database (DATABASE_URL; the SQLite file when unset). PostgreSQL counts.
BENCH_ENV = DJANGO_ENV=production ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false \
	SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	KETENSTATISTIEK_KEYS="$$($(BIN)/python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')" \
	DATABASE_URL="$${DATABASE_URL:-sqlite:///$(CURDIR)/db.sqlite3}"

## Pages against a bare view under gunicorn, with wrk (apt-get install -y wrk); see docs/performance.md.
bench: $(STAMP)
	$(BENCH_ENV) $(BIN)/python manage.py migrate --no-input -v0
	$(BENCH_ENV) $(BIN)/python manage.py collectstatic --no-input -v0
	$(BENCH_ENV) $(BIN)/python manage.py bench_pages $(BENCH_ARGS)

## Median server time per page at demo size and inside a 200-council programme (PostgreSQL only).
bench-scale: $(STAMP)
	$(BENCH_ENV) $(BIN)/python manage.py migrate --no-input -v0
	$(BENCH_ENV) $(BIN)/python manage.py collectstatic --no-input -v0
	$(BENCH_ENV) $(BIN)/python manage.py bench_scale $(BENCH_ARGS)

## A Celery worker and beat by hand (needs CELERY_BROKER_URL or REDIS_URL).
worker: $(STAMP)
	$(BIN)/celery -A ketenoverleg worker --loglevel=INFO --concurrency=2

beat: $(STAMP)
	$(BIN)/celery -A ketenoverleg beat --loglevel=INFO

## Refresh the English catalogue after changing texts (needs GNU gettext).
messages: $(STAMP)
	$(BIN)/python manage.py makemessages --locale en --ignore '.venv/*' --no-obsolete
	$(BIN)/python manage.py compilemessages --locale en --ignore '.venv/*'

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles media documents
