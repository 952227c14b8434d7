# COBIOE interconnection platform. `make help` lists the targets.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install install-test vendor run worker test lint format check lock clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# The dependencies are listed in pyproject.toml; the project itself runs from the checkout
# and is not built, so pip installs the listed requirements under constraints.txt.
requirements = $(PY) -c 'import sys, tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; \
	print("\n".join(p["optional-dependencies"][sys.argv[1]] if sys.argv[1:] else p["dependencies"]))'

$(VENV)/.installed: $(VENV)/bin/python pyproject.toml constraints.txt
	$(requirements) > $(VENV)/requirements.txt
	$(PIP) install --quiet -c constraints.txt -r $(VENV)/requirements.txt
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(requirements) test > $(VENV)/requirements-test.txt
	$(PIP) install --quiet -c constraints.txt -r $(VENV)/requirements-test.txt
	@touch $@

install: $(VENV)/.installed vendor ## Create .venv, install the pinned dependencies and vendor the front-end libraries

# The front-end packages, from npm at the versions package-lock.json pins: Leaflet and its
# marker clusters, which the actor map serves, and axe-core for the accessibility tests.
# The site needs them to run, so without npm this stops with a message.
node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
		echo "npm is missing: the site's map needs Leaflet from npm (package.json)." >&2; \
		echo "Install Node.js and npm (for example: sudo apt-get install npm), then run make again." >&2; \
		exit 1; }
	npm ci --no-audit --no-fund
	@touch $@

# Leaflet copied from node_modules into the actors app's static files (git-ignored).
VENDORED := actors/static/actors/vendor/.vendored
$(VENDORED): node_modules/.package-lock.json scripts/vendor-static
	scripts/vendor-static
	@touch $@

vendor: $(VENDORED) ## Copy the front-end libraries from node_modules into the static files

install-test: $(VENV)/.installed-test vendor ## Also install the test and lint tools

# The scheduler of `make run`, as docker-compose.yml's: Wagtail's scheduled publishing
# every minute, and at each new hour the digest run (which does nothing when nobody is due).
# On TERM it stops its sleep too.
SCHEDULER = trap 'kill $$nap 2>/dev/null; exit 0' TERM; \
	while true; do \
		$(PY) manage.py publish_scheduled; \
		if [ "$$(date +%H)" != "$$hour" ]; then hour=$$(date +%H); $(PY) manage.py send_digests; fi; \
		sleep 60 & nap=$$!; wait $$nap; \
	done

# Links in the emails the worker sends, and the logins seed_demo prints, name this address.
run: export WAGTAILADMIN_BASE_URL ?= http://$(HOST):$(PORT)
run: install ## Run the site with demo content on SQLite, with the task worker and the scheduler
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "Starting the task worker, the scheduler and the site at http://$(HOST):$(PORT)/ (Ctrl-C stops them)"
	@$(PY) manage.py db_worker & worker=$$!; \
	( $(SCHEDULER) ) & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

worker: install ## Run the background task worker alone
	$(PY) manage.py db_worker

test: install-test ## Run the whole test suite (PostgreSQL when one answers, else SQLite)
	@scripts/ensure-chromium
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install-test ## ruff, Django's system checks and the migrations check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

format: install-test ## Format and fix the code with ruff
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

lock: $(VENV)/bin/python ## Re-resolve the dependencies and rewrite constraints.txt
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --upgrade pip && .lock-venv/bin/pip install --quiet ".[test]"
	{ echo "# Exact versions for every install (pip install -c constraints.txt ...). Refresh with \`make lock\`."; \
	  .lock-venv/bin/pip freeze | grep -v '^cobioe'; } > constraints.txt
	rm -rf .lock-venv build cobioe.egg-info

clean: ## Remove the virtualenv, node_modules, the SQLite database and collected files
	rm -rf $(VENV) node_modules actors/static/actors/vendor db.sqlite3 staticfiles .test-media \
		.pytest_cache .ruff_cache
