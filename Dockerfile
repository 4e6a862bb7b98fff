# syntax=docker/dockerfile:1
# One image for both backends; docker-compose.yml picks the command.

# --- build: the project and its runtime dependencies into a virtualenv ---
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
COPY pyproject.toml README.md ./
COPY shared ./shared
COPY services ./services
# hadolint ignore=DL3013
RUN pip install .

# --- runtime: no compiler, no tests, not root ---
FROM python:3.11-slim AS runtime
ENV PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1
RUN useradd --create-home --uid 10001 conduit
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY alembic.ini ./
COPY deploy ./deploy
USER 10001
EXPOSE 8001 8002
HEALTHCHECK --interval=10s --timeout=5s --start-period=15s --retries=3 CMD ["python", "deploy/healthcheck.py"]
CMD ["gunicorn", "--config", "deploy/gunicorn_fastapi.py", "services.fastapi_impl.app:create_app()"]

# --- test: the runtime plus the test suite, the benchmark tools and the site generator (compose: contract, bench, site) ---
FROM runtime AS test
USER root
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends wrk \
 && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml README.md ./
COPY shared ./shared
COPY services ./services
COPY tests ./tests
COPY tools ./tools
COPY bench ./bench
COPY sitegen ./sitegen
# the published benchmark runs and test report (docs/bench/, docs/tests/), shown next to the mounted reports
COPY docs ./docs
# hadolint ignore=DL3013
RUN pip install --no-cache-dir '.[dev,bench,site]'
USER 10001
