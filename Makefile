# Everything runs from the project's own virtualenv; `make install` builds it.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/conduit_test

.PHONY: install run seed test lint typecheck pytest test-pg test-live test-compose test-hardening test-scale publish-tests fuzz screenshots browser scale-tools bench-tools clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,bench,site]'
	touch $@

## Both backends side by side on SQLite: FastAPI on :8001, Flask on :8002; the comparison site on :8000
## (PORTS=site,fastapi,flask to move them, e.g. PORTS=9000,9001,9002).
run: install
	$(BIN)/python -m tools.run_local $(if $(PORTS),--ports $(PORTS))

## Fill the database named by DATABASE_URL (default: the SQLite file) with demo data.
seed: install
	$(BIN)/python -m shared.seed --articles $(or $(ARTICLES),1000)

## Lint, types, and the whole test suite (both backends, in-process, on SQLite).
test: lint typecheck pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

pytest: install
	$(BIN)/python -m pytest --junitxml=reports/tests/junit.xml

## The database-facing suites again on PostgreSQL (PG_URL names a database you can drop).
## Every suite target writes its JUnit XML to reports/<suite>/junit.xml (`make publish-tests` collects them).
test-pg: install
	$(BIN)/python -m tools.pg_database reset "$(PG_URL)"
	CONDUIT_TEST_DATABASE_URL="$(PG_URL)" $(BIN)/python -m pytest tests/contract tests/shared tests/services tests/bench/test_databases.py \
	  --junitxml=reports/pg/junit.xml

## Races, database outage, hostile input, auth attacks: both backends under gunicorn, on SQLite and
## on PG_URL (dropped and recreated). Writes the figures to reports/hardening/summary.md.
test-hardening: install
	$(BIN)/python -m tools.pg_database reset "$(PG_URL)"
	CONDUIT_HARDENING=1 CONDUIT_TEST_DATABASE_URL="$(PG_URL)" $(BIN)/python -m pytest tests/hardening -q \
	  --junitxml=reports/hardening/junit.xml
	@cat reports/hardening/summary.md

## What docker compose runs, without Docker: the compose services' own commands and gunicorn configs
## on PG_URL (dropped and recreated), two instances per backend, the contract suite round-robin, SIGTERM.
## (Cheap password hashing: the suite registers a thousand users, and hashing cost is not under test.)
test-compose: install
	$(BIN)/python -m tools.pg_database reset "$(PG_URL)"
	PASSWORD_HASH_PROFILE=CHEAPEST $(BIN)/python -m tools.compose_check --database-url "$(PG_URL)" --instances 2 -q \
	  --junitxml=reports/compose/junit.xml

## The scale-out stack with Debian's nginx and PgBouncer on the templates compose mounts (deploy/), on
## PG_URL (dropped and recreated): two instances per backend behind nginx, PgBouncer in front of
## PostgreSQL; the contract suite and the load test through nginx, a rolling restart, the connection
## budget. Needs `make scale-tools`. Writes the figures to reports/scale/summary.md.
test-scale: install
	$(BIN)/python -m tools.pg_database reset "$(PG_URL)"
	CONDUIT_SCALE=1 CONDUIT_TEST_DATABASE_URL="$(PG_URL)" $(BIN)/python -m pytest tests/scale -q \
	  --junitxml=reports/scale/junit.xml
	@cat reports/scale/summary.md

## The contract suite over real HTTP against both backends started as servers.
test-live: install
	$(BIN)/python -m tools.run_local --check --junitxml=reports/live/junit.xml

## Publish the suites' reports (every reports/<suite>/junit.xml present) as docs/tests/report.json, with the
## date, the commit (COMMIT=<sha> when the suites ran at another one) and the machine; the site shows it.
publish-tests: install
	$(BIN)/python -m sitegen.testruns $(if $(REPORTS),--reports $(REPORTS)) $(if $(COMMIT),--commit $(COMMIT))

## A long run of the generated tests (schemathesis and the differential test) on both backends.
fuzz: install
	CONDUIT_FUZZ_EXAMPLES=$(or $(EXAMPLES),500) $(BIN)/python -m pytest tests/services/test_schemathesis.py tests/services/test_differential.py

## Refresh the README's screenshots of the docs pages and the site (needs the browser: `make browser`).
screenshots: install
	CONDUIT_REQUIRE_BROWSER=1 CONDUIT_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest tests/services/test_docs_browser.py
	CONDUIT_REQUIRE_BROWSER=1 CONDUIT_SCREENSHOTS=reports/screenshots $(BIN)/python -m pytest tests/sitegen/test_browser.py
	cp reports/screenshots/site-paired-source.png docs/screenshots/site-paired-source.png

## Debian's Chromium for the browser tests (root; Playwright's own browser download is not used).
browser:
	command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

## Debian's nginx and PgBouncer for `make test-scale` (root). Their system services stay stopped:
## the test starts its own processes, with its own configs, on free ports.
scale-tools:
	command -v nginx >/dev/null && command -v pgbouncer >/dev/null && command -v envsubst >/dev/null || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx pgbouncer gettext-base \
	  && for unit in nginx pgbouncer; do service $$unit stop >/dev/null 2>&1 || true; done; }

## Debian's wrk (the benchmark's load generator) and valgrind (its instruction counts), as root.
bench-tools:
	command -v wrk >/dev/null && command -v valgrind >/dev/null || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk valgrind)

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache

# ---------------------------------------------------------------------------
# Benchmarks (bench/): wrk and valgrind come from the OS (`make bench-tools`), the rest from `make install`.
# Results go to reports/bench/<timestamp>/: results.json, summary.md, PNG and SVG charts.
# ---------------------------------------------------------------------------
.PHONY: bench bench-quick bench-sweep bench-micro

## The full harness: the framework × server matrix up to 256 connections, the session trap, instructions per
## request (callgrind), the data-size sweep up to 1 000 000 articles, micro-benchmarks (~75 min on SQLite;
## ~105 min with DATABASE_URL naming PostgreSQL, where the sweep runs on both databases).
bench: install
	$(BIN)/python -m bench --profile full

## Only the data-size sweep (1 000 to 1 000 000 articles, 12 list reads, their plans and the 2x verdicts):
## ~20 min on SQLite; with DATABASE_URL on PostgreSQL too (~45 min; the published run took 41), ENGINE=postgresql
## for it alone (~25 min).
## PROFILE=quick and SIZES=1000,10000 make it smaller.
bench-sweep: install
	$(BIN)/python -m bench --only sweep --profile $(or $(PROFILE),full) $(if $(ENGINE),--engine $(ENGINE)) $(if $(SIZES),--sizes $(SIZES))

## Only the micro-benchmarks (each read of shared/ against its SQL on a raw cursor; under a minute), on the
## database DATABASE_URL names, else SQLite.
bench-micro: install
	$(BIN)/python -m bench --only micro --profile $(or $(PROFILE),full)

## The whole pipeline at minimal size (under 3 minutes): a smoke test, its figures are not for reading.
bench-quick: install
	$(BIN)/python -m bench --profile quick

# ---------------------------------------------------------------------------
# The comparison site (sitegen/): built from the code, the published runs and test report (docs/bench/,
# docs/tests/), and the local reports of the test targets (reports/<suite>/junit.xml) and `make bench-quick` /
# `make bench` (reports/bench/), shown beside the published ones; `make run` serves it.
# ---------------------------------------------------------------------------
.PHONY: site site-check

## The static comparison site into site/ (pages for missing reports say how to produce them).
site: install
	$(BIN)/python -m sitegen --out site

## The built site/ in Chromium: every page at desktop and phone widths, offline, no broken link.
site-check: install
	CONDUIT_REQUIRE_BROWSER=1 CONDUIT_SITE=site $(BIN)/python -m pytest tests/sitegen/test_browser.py
