"""Fixtures of the site's tests: a reports folder as `make test` and `make bench-quick` leave it, from fakes.

The JUnit file is written here with the ids pytest gives this project's tests;
the benchmark run is the harness's own fake results, written by the harness's
own `bench.run.write` (results.json, summary.md and the charts).
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import quoteattr

import pytest

from bench import run
from sitegen import testruns
from sitegen.build import Options, build
from tests.bench import fake

BENCH_FOLDER = "20260101T000000Z"
PUBLISHED_COMMIT = "f00d123"
MACHINE = {"cpu": "Test CPU", "cores": 2, "memory_gib": 8.0, "python": "3.11.7"}
LIVE_CASES = [
    *(("tests.contract.test_articles", f"test_create_article[{b}]", "") for b in ("fastapi", "flask")),
    ("tests.contract.test_users", "test_login[flask]", ""),
]
"""The contract suite over HTTP (`make test-live`): every case passed."""
CASES = [
    *(
        ("tests.contract.test_articles", f"test_create_article[{b}]", "")
        for b in ("fastapi", "fastapi-async", "flask")
    ),
    *(("tests.contract.test_users", f"test_register[{b}]", "") for b in ("fastapi", "flask")),
    ("tests.contract.test_users", "test_login[flask]", "failure"),
    ("tests.contract.test_parity", "test_both_backends_answer_the_same_scenario_alike", ""),
    ("tests.services.test_docs", "test_both_documents_describe_the_same_api", ""),
    ("tests.services.test_docs", "test_documents_are_valid_openapi", ""),
    ("tests.services.test_schemathesis", "test_fastapi_conforms_to_its_document", ""),
    ("tests.services.test_schemathesis", "test_fastapi_conforms_to_its_document[GET /api/tags]", ""),
    ("tests.services.test_schemathesis", "test_fastapi_conforms_to_its_document[POST /api/users]", ""),
    ("tests.services.test_schemathesis", "test_flask_conforms_to_its_document[GET /api/tags]", ""),
    (
        "tests.services.test_schemathesis",
        "test_fastapi_async_mode_conforms_to_its_document[GET /api/tags]",
        "",
    ),
    ("tests.services.test_differential", "test_both_backends_answer_generated_requests_alike", ""),
    (
        "tests.services.test_docs_browser",
        "test_docs_page_renders_every_operation_offline[flask-/apidocs/-swagger]",
        "skipped",
    ),
    ("tests.shared.test_slugs", "test_slug_is_ascii", ""),
]


def junit_xml(cases: list[tuple[str, str, str]], timestamp: str = "2026-01-01T00:00:00+00:00") -> str:
    """A report shaped as pytest writes it: one suite, a child element for each outcome but a pass."""
    lines = []
    for module, name, outcome in cases:
        inner = f'<{outcome} message="boom: expected 200">trace</{outcome}>' if outcome else ""
        lines.append(f'<testcase classname="{module}" name={quoteattr(name)} time="0.010">{inner}</testcase>')
    return (
        '<?xml version="1.0" encoding="utf-8"?><testsuites name="pytest tests">'
        f'<testsuite name="pytest" errors="0" failures="1" skipped="1" tests="{len(cases)}" time="12.5" '
        f'timestamp="{timestamp}" hostname="ci">' + "".join(lines) + "</testsuite></testsuites>"
    )


@pytest.fixture(scope="session")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("reports")
    (folder / "tests").mkdir()
    (folder / "tests" / "junit.xml").write_text(junit_xml(CASES), encoding="utf-8")
    run.write(fake.results(), folder / "bench" / BENCH_FOLDER)
    return folder


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Published runs as docs/bench holds them: one folder per database, as the harness writes them."""
    folder = tmp_path_factory.mktemp("published")
    run.write(fake.results(), folder / "sqlite")
    run.write(fake.postgres_results(), folder / "postgresql")
    return folder


def write_suites(folder: Path, suites: dict[str, list[tuple[str, str, str]]]) -> Path:
    """`reports/<suite>/junit.xml` for each suite, as the Makefile's targets write them."""
    for number, (key, cases) in enumerate(suites.items()):
        (folder / key).mkdir(parents=True, exist_ok=True)
        stamp = f"2026-02-0{number + 1}T10:00:00+00:00"
        (folder / key / "junit.xml").write_text(junit_xml(cases, stamp), encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def published_tests(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """docs/tests/report.json as `make publish-tests` writes it: `make test` with a failure, and test-live."""
    reports = write_suites(tmp_path_factory.mktemp("ci-reports"), {"tests": CASES, "live": LIVE_CASES})
    target = tmp_path_factory.mktemp("docs-tests") / "report.json"
    testruns.publish(reports, target, PUBLISHED_COMMIT, MACHINE)
    return target


@pytest.fixture(scope="session")
def site(
    tmp_path_factory: pytest.TempPathFactory, reports: Path, published: Path, published_tests: Path
) -> Path:
    """The site built from the repository, the fake reports and the fake published runs and tests."""
    out = tmp_path_factory.mktemp("built") / "site"
    build(Options(out=out, reports=reports, published=published, published_tests=published_tests))
    return out


@pytest.fixture(scope="session")
def bare_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site with no test report, no local run and nothing published."""
    out = tmp_path_factory.mktemp("bare") / "site"
    empty = tmp_path_factory.mktemp("no-reports")
    build(Options(out=out, reports=empty, published=empty, published_tests=empty / "report.json"))
    return out


@pytest.fixture(scope="session")
def fresh_clone_site(
    tmp_path_factory: pytest.TempPathFactory, published: Path, published_tests: Path
) -> Path:
    """The site of a fresh clone: no local report, only the runs and the tests the repository publishes."""
    out = tmp_path_factory.mktemp("fresh") / "site"
    none = tmp_path_factory.mktemp("none")
    build(Options(out=out, reports=none, published=published, published_tests=published_tests))
    return out
