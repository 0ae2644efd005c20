# The few commands a person needs. `make run` and `make test` are the two in the README.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: install run test lint format migrate demo film bench loadtest clean

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

run: demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

film:
	bash scripts/make_demo_film.sh

# Benchmarks (not part of make test): learner pages on SQLite, L&D reports on PostgreSQL at
# 10,000 staff x 50 courses, certificate rendering. Each prints a table; JSON in bench/results/.
bench: install
	$(BIN)/python -m bench.pages --requests 40
	$(BIN)/python -m bench.compliance
	$(BIN)/python -m bench.certificates --renders 1000

# The learner journey under load: gunicorn + production settings + PostgreSQL + Redis, 5 minutes,
# then again with PostgreSQL restarted two minutes in. Loopback only; stops by itself.
LOADTEST_USERS ?= 50
LOADTEST_MINUTES ?= 5
loadtest: install
	$(BIN)/python -m bench.loadtest --users $(LOADTEST_USERS) --minutes $(LOADTEST_MINUTES)
	$(BIN)/python -m bench.loadtest --users $(LOADTEST_USERS) --minutes $(LOADTEST_MINUTES) --restart-db-at 120

clean:
	rm -rf $(VENV) db.sqlite3 static private
