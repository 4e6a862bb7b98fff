"""The sweep's statement capture and plans, in-process on a small seeded SQLite database."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from bench import scaling, sweep_plans, sweep_reads
from shared import migrate
from shared.db import make_engine
from shared.seed import seed


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('sweep') / 'seeded.sqlite3'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    seed(engine, articles=60, progress=False)
    engine.dispose()
    return url


def test_capture_records_each_statement_with_its_parameters(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.sqlite3'}")

    def call() -> None:
        with engine.connect() as connection:
            connection.execute(text("SELECT :a"), {"a": 1})
            connection.execute(text("SELECT 2"))

    sent = sweep_plans.captured(engine, call)
    assert [(sql, list(parameters)) for sql, parameters in sent] == [("SELECT ?", [1]), ("SELECT 2", [])]
    assert sweep_plans.captured(engine, lambda: None) == []  # the listener is gone after the call
    engine.dispose()


def test_subjects_come_from_the_counters_and_follows(seeded: str) -> None:
    found = scaling.subjects(seeded)
    assert found["all"] == {"name": None, "articles": 60}
    assert found["popular_tag"]["articles"] >= found["rare_tag"]["articles"] >= 1
    assert found["author"]["articles"] >= 1
    assert found["feed"]["follows"] >= 1
    assert found["feed"]["articles"] >= 1
    assert found["favorited"]["name"] == "demo"


def test_every_read_sends_a_fixed_small_number_of_statements_each_explained(seeded: str) -> None:
    found = scaling.subjects(seeded)
    plans = sweep_plans.plans(seeded, found)
    assert list(plans) == [read.name for read in sweep_reads.READS]
    for read in sweep_reads.READS:
        entry = plans[read.name]
        assert entry["offset"] == sweep_reads.offset(read, found)
        assert entry["count"] == len(entry["statements"]) == 2, read.name
        for statement in entry["statements"]:
            assert statement["sql"].startswith("SELECT")
            assert statement["plan"], statement["sql"]
            assert statement["execution_ms"] is None  # SQLite's EXPLAIN QUERY PLAN gives no time
    deep = plans["list deep"]["statements"][-1]
    assert 40 in deep["parameters"]  # offset = deep_offset(60) = 40, sent as a bound parameter


def test_postgresql_times_are_read_from_explain_analyze() -> None:
    plan = ["Limit  (cost=0.29..1.53 rows=20 width=8)", "Planning Time: 0.210 ms", "Execution Time: 0.058 ms"]
    assert sweep_plans.timings(plan) == {"execution_ms": 0.058, "planning_ms": 0.21}
    assert sweep_plans.timings(["SCAN articles"]) == {"execution_ms": None, "planning_ms": None}


def test_parameters_are_kept_as_json() -> None:
    assert sweep_plans.jsonable({"limit": 20, "tag": "x", "when": object}) == {
        "limit": 20,
        "tag": "x",
        "when": str(object),
    }
    assert sweep_plans.jsonable((1, None, "a")) == [1, None, "a"]


def test_bytes_are_kept_as_their_length() -> None:
    """The feed's mask (a bytes parameter, a memoryview once SQLAlchemy binds it for sqlite3)."""
    mask = b"\x00" * 49_376 + b"\x01"
    assert sweep_plans.jsonable([1, mask, memoryview(mask), bytearray(3)]) == [
        1,
        "<49,377 bytes>",
        "<49,377 bytes>",
        "<3 bytes>",
    ]


def test_the_rare_tag_is_the_least_used_tag_that_fills_a_page(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'tags.sqlite3'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    counts = {"one": 1, "nineteen": 19, "twenty": 20, "twentyfive": 25, "many": 300}
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO users (username, email, password_hash, created_at)"
                " VALUES ('demo', 'demo@x.example', 'x', '2026-01-01 00:00:00')"
            )
        )
        for name, count in counts.items():
            insert = text("INSERT INTO tags (name, articles_count) VALUES (:name, :count)")
            connection.execute(insert, {"name": name, "count": count})
        found = sweep_reads.subjects(connection)
        assert found["rare_tag"] == {"name": "twenty", "articles": sweep_reads.LIMIT}
        assert found["popular_tag"] == {"name": "many", "articles": 300}
        connection.execute(text("UPDATE tags SET articles_count = 5 WHERE articles_count >= 20"))
        connection.execute(text("UPDATE tags SET articles_count = 3 WHERE name = 'nineteen'"))
        # No tag fills a page: the most used one stands in, so the page is as full as it can be.
        assert sweep_reads.subjects(connection)["rare_tag"] == {"name": "many", "articles": 5}
    engine.dispose()
