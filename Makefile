# The few commands a person needs. `make run` and `make test` are the two in the README.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: install services lock run test test-fast lint format migrate demo film bench loadtest clean

# Every package, direct and transitive, comes from requirements.lock with its hashes, and nothing
# else: pip refuses a package the lock does not pin, and `prune` removes what an older lock left.
$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python scripts/lockfile.py check
	$(BIN)/python -m pip install --quiet --require-hashes --only-binary :all: -r requirements.lock
	$(BIN)/python scripts/lockfile.py prune
	$(BIN)/python -m pip check
	touch $@

install: $(VENV)/.installed

# The tests' own OpenID Connect provider (oidc-provider-mock, on loopback) lives in a venv of its
# own: it needs Python 3.12, and its lock pins each of its packages with their hashes.
OIDC_VENV := .venv-oidc
$(OIDC_VENV)/.installed: services/oidc-provider/requirements.lock
	test -x $(OIDC_VENV)/bin/python || $$(bash scripts/python312.sh) -m venv $(OIDC_VENV)
	$(OIDC_VENV)/bin/python -m pip install --quiet --require-hashes --only-binary :all: \
		-r services/oidc-provider/requirements.lock
	touch $@

# And a real learning record store for the xAPI tests: Ralph (services/lrs/app.py), in its own venv.
LRS_VENV := .venv-lrs
$(LRS_VENV)/.installed: services/lrs/requirements.lock
	test -x $(LRS_VENV)/bin/python || $(PYTHON) -m venv $(LRS_VENV)
	$(LRS_VENV)/bin/python -m pip install --quiet --require-hashes --only-binary :all: \
		-r services/lrs/requirements.lock
	touch $@

# And a SCORM runtime for the browser tests to play exported packages in as an LMS would
# (scorm-again), with the published SCORM schema files their manifests are checked against;
# from services/scorm-runtime/package-lock.json, which pins each package with its integrity hash.
SCORM_RUNTIME := services/scorm-runtime
$(SCORM_RUNTIME)/node_modules/.installed: $(SCORM_RUNTIME)/package-lock.json
	cd $(SCORM_RUNTIME) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

services: $(OIDC_VENV)/.installed $(LRS_VENV)/.installed $(SCORM_RUNTIME)/node_modules/.installed

# Refresh the lock on purpose, after changing a pin in pyproject.toml. pip-compile keeps every
# pin it can and records each file's hash; the lock names no download address.
PIP_TOOLS := pip-tools==7.6.2
lock:
	test -x .tools/bin/pip-compile || ($(PYTHON) -m venv .tools && .tools/bin/python -m pip install --quiet $(PIP_TOOLS))
	.tools/bin/pip-compile --quiet --generate-hashes --allow-unsafe --extra dev --strip-extras \
		--no-emit-find-links --no-emit-index-url --no-emit-trusted-host \
		--output-file requirements.lock pyproject.toml
	$(PYTHON) scripts/lockfile.py check

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

run: demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: install services
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The inner loop: the test database kept between runs, and the browser journeys and slow tests
# left out. CI always runs the whole suite (make test).
test-fast: install services
	mkdir -p .test-db
	BRIDGE_TEST_DB=$(CURDIR)/.test-db/test.sqlite3 $(BIN)/python -m pytest --reuse-db -q -n 2 \
		-m "not browser and not slow" $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

film:
	bash scripts/make_demo_film.sh

# Benchmarks (not part of make test): learner pages on SQLite (and against the course's size),
# L&D reports on PostgreSQL at
# 10,000 staff x 50 courses, certificate rendering, the ESR import of a 10,000-person file. Each
# prints a table; JSON in bench/results/.
bench: install
	$(BIN)/python -m bench.pages --requests 40
	$(BIN)/python -m bench.course_size
	$(BIN)/python -m bench.compliance
	$(BIN)/python -m bench.certificates --renders 1000
	$(BIN)/python -m bench.esr_import

# The learner journey under load: gunicorn + production settings + PostgreSQL + Redis, 5 minutes,
# then again with PostgreSQL restarted two minutes in. Loopback only; stops by itself.
LOADTEST_USERS ?= 50
LOADTEST_MINUTES ?= 5
loadtest: install
	$(BIN)/python -m bench.loadtest --users $(LOADTEST_USERS) --minutes $(LOADTEST_MINUTES)
	$(BIN)/python -m bench.loadtest --users $(LOADTEST_USERS) --minutes $(LOADTEST_MINUTES) --restart-db-at 120

clean:
	rm -rf $(VENV) .tools db.sqlite3 static private
