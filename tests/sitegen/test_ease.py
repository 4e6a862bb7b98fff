"""Ease of development: lines, hand-written declarations, packages and the example, against direct counts."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from sitegen import ease, pairs
from sitegen.build import NAV
from sitegen.site import Options, Site
from tests.sitegen.source_tree import FASTAPI, FLASK, ROOT, api_files, write


@pytest.fixture(scope="module")
def measured() -> ease.Ease:
    return ease.measure(ROOT)


@pytest.mark.parametrize(
    ("relative", "concern"),
    [
        ("app.py", "app"),
        ("routes/tags.py", "routes"),
        ("schemas/__init__.py", "schemas"),
        ("__init__.py", "__init__"),
    ],
)
def test_a_file_belongs_to_its_folder_or_its_own_name(relative: str, concern: str) -> None:
    assert ease.concern_of(relative) == concern


def test_concerns_count_the_lines_of_a_fixture_tree(tmp_path: Path) -> None:
    write(tmp_path, "services/fastapi_impl/app.py", "import os\n\n\n# comment\nx = 1\n")
    write(tmp_path, "services/flask_impl/app.py", "x = 1\n")
    write(tmp_path, "services/fastapi_impl/routes/a.py", '"""Doc."""\n\ny = 2\n')
    write(tmp_path, "services/fastapi_impl/routes/bench.py", "z = 3\nz = 4\n")
    write(tmp_path, "services/flask_impl/routes/a.py", "y = 2\ny = 3\n")
    found = {concern.name: concern for concern in ease.concerns(pairs.discover(tmp_path))}
    assert set(found) == {"app", "routes", "routes/bench"}
    assert found["app"].sides == {"fastapi": ease.Lines(5, 2), "flask": ease.Lines(1, 1)}
    assert found["routes"].sides == {"fastapi": ease.Lines(3, 1), "flask": ease.Lines(2, 2)}
    assert found["routes/bench"].sides == {"fastapi": ease.Lines(2, 2), "flask": ease.Lines(0, 0)}
    assert not found["routes/bench"].api
    assert found["routes"].api


def test_the_api_total_is_every_line_of_each_side_but_the_benchmark_routes(measured: ease.Ease) -> None:
    for side, folder in (("fastapi", FASTAPI), ("flask", FLASK)):
        direct = sum(len(path.read_text(encoding="utf-8").splitlines()) for path in api_files(folder))
        assert measured.totals[side].lines == direct
        assert 0 < measured.totals[side].code < direct


def test_each_side_needs_its_framework_beyond_the_core(measured: ease.Ease) -> None:
    needs = measured.needs
    core = {item.name for item in needs["shared"].closure}
    fastapi = {item.name.lower() for item in needs["fastapi"].closure}
    flask = {item.name.lower() for item in needs["flask"].closure}
    assert {"fastapi", "pydantic", "starlette"} <= fastapi
    assert {"flask", "marshmallow", "flasgger", "werkzeug"} <= flask
    assert "SQLAlchemy" in core
    assert not (core & {item.name for item in needs["fastapi"].closure})
    for part in needs.values():
        assert part.bytes == sum(item.bytes for item in part.closure) > 0


def test_the_example_is_cut_from_the_files_at_its_lines(measured: ease.Ease) -> None:
    example = measured.example
    for side in ("fastapi", "flask"):
        snippets = example.snippets[side]
        assert snippets[-1].symbol == "list_tags"
        assert any(snippet.path.endswith("schemas/tags.py") for snippet in snippets)
        for snippet in snippets:
            lines = (ROOT / snippet.path).read_text(encoding="utf-8").splitlines()
            assert "\n".join(lines[snippet.start - 1 : snippet.end]) == snippet.text
        assert example.lines(side) == sum(snippet.text.count("\n") + 1 for snippet in snippets)
    assert "tags_response" in {snippet.symbol for snippet in example.snippets["flask"]}


def test_the_hand_written_lists_are_sorted_by_kind_and_side(measured: ease.Ease) -> None:
    hand = measured.hand_written
    assert hand.documented["fastapi"] == []
    assert hand.documented["flask"]
    assert hand.error_types["flask"] == []
    assert hand.error_types["fastapi"]
    kinds = hand.error_kinds("fastapi")
    assert len(kinds) == len(set(kinds)) < len(hand.error_types["fastapi"])  # one type, two messages
    assert all(hand.handlers[side] and hand.messages[side] for side in ("fastapi", "flask"))


def test_the_page_shows_the_figures(site: Path, measured: ease.Ease) -> None:
    html = (site / "ease.html").read_text(encoding="utf-8")
    assert f"{measured.totals['fastapi'].lines:,} lines on the FastAPI side" in html
    assert f"{measured.totals['flask'].lines:,} on the Flask side" in html
    assert f"{len(measured.hand_written.documented['flask'])} on the Flask side" in html
    assert 'id="cold-start"' in html
    assert "list_tags" in html


def test_without_a_cold_start_file_the_page_says_how_to_make_one(tmp_path: Path, measured: ease.Ease) -> None:
    site = Site(Options(), tmp_path, NAV)
    site.page("ease.html", "ease.html.j2", ease=replace(measured, cold_start=None))
    html = (tmp_path / "ease.html").read_text(encoding="utf-8")
    assert "No cold-start measurement yet" in html
    assert "python -m sitegen.cold_start" in html
