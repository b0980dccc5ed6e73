# The interface to the project: people, CI (.ci/run) and the README use these targets.
# `make` alone lists them. Every target that runs project code first runs `install`.

PORT ?= 8000
PYTEST_ARGS ?=

VENV := .venv
PY := $(VENV)/bin/python
# uv is the only thing we need before the venv exists. When it is not on PATH we install it
# with pip and call it as a module, which works whether or not pip's script dir is on PATH.
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")

# Celery needs a broker; without one the settings run tasks in-process, which is right for
# `make run` but means a worker or beat would have nothing to talk to. The URL may come from
# the shell or from the env file the settings read (ENV_FILE, default .env; empty = none).
define require_broker
@if [ -z "$${CELERY_BROKER_URL:-}" ] && ! grep -Eqs \
	    '^[[:space:]]*(export[[:space:]]+)?CELERY_BROKER_URL=[^[:space:]]' "$${ENV_FILE-.env}"; then \
	  echo "CELERY_BROKER_URL is not set, neither in the environment nor in the env file ($${ENV_FILE-.env})."; \
	  echo "Set it to your Redis, e.g. CELERY_BROKER_URL=redis://127.0.0.1:6379/0 make $@"; \
	  exit 1; \
	fi
endef

.DEFAULT_GOAL := help
.PHONY: help install run test lint fmt worker beat bench loadtest

help: ## List the targets.
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z]+):.*## /  make \1\t/'

install: ## Create or update .venv exactly as uv.lock pins it (dev tools included).
	@if ! command -v uv >/dev/null 2>&1 && ! python3 -m uv --version >/dev/null 2>&1; then \
	  echo "uv not found; installing it with pip"; \
	  python3 -m pip install --quiet uv \
	    || PIP_BREAK_SYSTEM_PACKAGES=1 python3 -m pip install --quiet --user uv \
	    || { echo "Could not install uv. Install it (https://docs.astral.sh/uv/) or python3-pip."; exit 1; }; \
	fi
	$(UV) sync --frozen

# A first run gets its own secret key; an existing .env is never overwritten.
.env:
	@umask 077 && python3 -c 'import secrets; print(f"SECRET_KEY={secrets.token_urlsafe(50)}\nDEBUG=true")' > $@
	@echo "Wrote $@ with a new SECRET_KEY and DEBUG=true"

run: install .env ## Migrate, load the demo data and serve on 127.0.0.1:PORT (default 8000; SQLite unless DATABASE_URL is set).
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "Serving on http://127.0.0.1:$(PORT)"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install ## ruff, mypy and pytest against throwaway PostgreSQL and Redis. PYTEST_ARGS="-k foo" passes through.
	bash scripts/run-tests.sh $(PYTEST_ARGS)

# mypy loads the settings (django-stubs), which refuse to start without a SECRET_KEY.
lint: install ## ruff check, ruff format --check and mypy.
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	SECRET_KEY="$${SECRET_KEY:-mypy-only-not-a-secret}" $(VENV)/bin/mypy

# Fixes first, then format, as ruff recommends. The leading '-' lets formatting still happen
# when some findings need a human; `make lint` is the target that fails on them.
fmt: install ## Apply ruff's fixes and format the code.
	-$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

worker: install ## Run a Celery worker on all queues (needs CELERY_BROKER_URL).
	$(require_broker)
	$(VENV)/bin/celery -A mentorship worker -Q default,ranking,notifications -l info

# The schedule state file goes to the data dir so it does not litter the checkout.
beat: install ## Run the Celery beat scheduler; run exactly one (needs CELERY_BROKER_URL).
	$(require_broker)
	@mkdir -p "$${DATA_DIR:-.data}"
	$(VENV)/bin/celery -A mentorship beat -l info --schedule "$${DATA_DIR:-.data}/celerybeat-schedule"

bench: install ## Run the benchmarks (results go in docs/benchmarks.md).
	@if [ -f scripts/bench.sh ]; then bash scripts/bench.sh; else echo "no benchmarks yet"; fi

loadtest: install ## Load-test gunicorn + worker on the large demo with locust (results go in docs/benchmarks.md; ~5 min).
	bash scripts/loadtest.sh
