# Candor: `make run` serves the demo; `make test` runs ruff and the whole suite.
# Needs only Python 3.11+, make and git; everything else is installed into .venv.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
INSTALLED := $(VENV)/.installed
PG_DEFAULT_URL := postgresql+psycopg://postgres@127.0.0.1:5432/test
#: Every package at the version the suite was run with (see `make constraints`).
CONSTRAINTS := constraints.txt
EXTRAS := dev,redis,saml
#: `make run PORT=5001` serves on another port; links in development e-mail follow it.
PORT ?= 5000
BASE_URL ?= http://127.0.0.1:$(PORT)
# The server and the job worker `make run` starts both write links with it.
export BASE_URL

.PHONY: run test lint test-sqlite test-postgres install migrate seed clean constraints worker background-worker

run: migrate background-worker
	$(FLASK) seed-demo --if-empty
	@echo "Candor is starting at $(BASE_URL) (Ctrl-C stops it)"
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

# Background jobs: with REDIS_URL set they wait on Redis for a worker; `make run` starts
# one beside the server (Ctrl-C stops both: they share the terminal's process group).
# Without REDIS_URL the app runs jobs in a thread of its own and needs no worker.
background-worker: migrate
	@if [ -n "$${REDIS_URL:-}" ]; then \
		echo "REDIS_URL is set: starting a job worker"; \
		$(FLASK) jobs worker & \
	fi

worker: migrate
	$(FLASK) jobs worker

install: $(INSTALLED)

$(INSTALLED): pyproject.toml $(CONSTRAINTS)
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Candor needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c $(CONSTRAINTS) -e '.[$(EXTRAS)]'
	touch $(INSTALLED)

# The newest versions pyproject.toml allows, resolved in a fresh virtualenv and written to
# constraints.txt; run `make test` before committing the result.
constraints:
	rm -rf .venv-constraints
	$(PYTHON) -m venv .venv-constraints
	.venv-constraints/bin/python -m pip install --quiet --upgrade pip
	.venv-constraints/bin/python -m pip install --quiet -e '.[$(EXTRAS)]'
	{ sed -n '/^#/p' $(CONSTRAINTS); .venv-constraints/bin/python -m pip freeze --exclude-editable; } > $(CONSTRAINTS).new
	mv $(CONSTRAINTS).new $(CONSTRAINTS)
	rm -rf .venv-constraints

migrate: install
	$(FLASK) db upgrade

test: lint test-sqlite test-postgres

lint: install
	$(BIN)/ruff check .

test-sqlite: install
	env -u TEST_DATABASE_URL $(BIN)/python -m pytest

# PostgreSQL runs when TEST_DATABASE_URL is set or the local server answers; under
# CI=true it is required.
test-postgres: install
	@url="$${TEST_DATABASE_URL:-}"; \
	if [ -z "$$url" ] && $(BIN)/python -c 'import socket; socket.create_connection(("127.0.0.1", 5432), 1)' 2>/dev/null; then \
		url="$(PG_DEFAULT_URL)"; \
	fi; \
	if [ -z "$$url" ]; then \
		if [ "$${CI:-}" = "true" ]; then echo "CI=true but no PostgreSQL: set TEST_DATABASE_URL" >&2; exit 1; fi; \
		echo "PostgreSQL not reachable: skipping the PostgreSQL run (set TEST_DATABASE_URL to force it)"; \
		exit 0; \
	fi; \
	echo "Running the suite on PostgreSQL"; \
	TEST_DATABASE_URL="$$url" $(BIN)/python -m pytest

clean:
	rm -rf $(VENV) .venv-constraints .pytest_cache .ruff_cache *.egg-info
