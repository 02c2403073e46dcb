# Two commands for a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
HOST ?= 127.0.0.1:8000
CHROMIUM := /usr/bin/chromium
SOFFICE := /usr/bin/soffice

# Development defaults; production sets DEBUG=0, SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS itself.
export DEBUG ?= 1

.PHONY: setup setup-production run serve test lint bench

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check ".[dev]"
	@rm -f $(VENV)/.installed-*
	@touch $@

setup: $(STAMP)
	@mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py import_documents starter/higher-law.jsonl.gz
	$(PY) manage.py load_demo_accounts
	$(PY) manage.py load_demo_experts
	$(PY) manage.py ensure_search_index

# Production set-up: schema, static files, search index. Never demo accounts, passwords or starter data.
setup-production: $(STAMP)
	@test -n "$$SECRET_KEY" || { echo "make serve needs SECRET_KEY, e.g. export SECRET_KEY=\$$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')"; exit 1; }
	@mkdir -p var
	DEBUG=0 $(PY) manage.py migrate --noinput
	DEBUG=0 $(PY) manage.py createcachetable
	DEBUG=0 $(PY) manage.py collectstatic --noinput --verbosity 0
	DEBUG=0 $(PY) manage.py ensure_search_index

# gunicorn with DEBUG off (settings: README "Running in production"), the dispatcher beside it.
serve: setup-production
	@echo "Serving on $${BIND:-127.0.0.1:8000} with DEBUG off; the deadline dispatcher runs beside it."
	@DEBUG=0 $(PY) manage.py run_dispatcher & dispatcher=$$!; \
	trap 'kill $$dispatcher 2>/dev/null' EXIT INT TERM; \
	DEBUG=0 $(VENV)/bin/gunicorn config.wsgi -c config/gunicorn.py

run: setup
	@echo "Serving http://$(HOST)/ (demo accounts in README.md); the deadline dispatcher runs beside it."
	@$(PY) manage.py run_dispatcher & dispatcher=$$!; \
	trap 'kill $$dispatcher 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST)

# The browser tests drive Debian's chromium (Playwright never downloads a browser here); the official
# documents are checked by converting them to PDF with Debian's LibreOffice.
APT_INSTALL = if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $(2) $(1); \
	elif command -v sudo >/dev/null; then sudo apt-get update -qq && sudo apt-get install -y -qq $(2) $(1); \
	else echo "The tests need Debian's $(1): apt-get install $(1)"; exit 1; fi

$(CHROMIUM):
	@$(call APT_INSTALL,chromium)

$(SOFFICE):
	@$(call APT_INSTALL,libreoffice-writer-nogui,--no-install-recommends)

test: setup $(CHROMIUM) $(SOFFICE)
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
