"""Pairing the two backends' files and aligning their definitions by name."""

from __future__ import annotations

from pathlib import Path

from sitegen import pairs
from sitegen.pysource import HEADER, Block

ROOT = Path(__file__).resolve().parents[2]


def blocks(*names: str) -> list[Block]:
    return [Block(name, "function", index, index, name, ()) for index, name in enumerate(names, start=1)]


def test_same_names_share_a_row_in_source_order() -> None:
    rows = pairs.align(
        blocks(HEADER, "a", "b", "only_left", "c"), blocks(HEADER, "a", "b", "c", "only_right")
    )
    assert [(row.name, row.fastapi is not None, row.flask is not None) for row in rows] == [
        (HEADER, True, True),
        ("a", True, True),
        ("b", True, True),
        ("only_left", True, False),
        ("c", True, True),
        ("only_right", False, True),
    ]


def test_different_names_in_one_place_get_a_row_each() -> None:
    rows = pairs.align(blocks("a", "x", "b"), blocks("a", "y", "b"))
    assert [(row.name, row.matched) for row in rows] == [("a", True), ("x", False), ("y", False), ("b", True)]


def test_a_file_on_one_side_only_is_still_listed() -> None:
    rows = pairs.align(blocks(HEADER, "a"), [])
    assert [(row.name, row.flask) for row in rows] == [(HEADER, None), ("a", None)]


def test_every_backend_file_is_paired_with_its_twin() -> None:
    found = pairs.discover(ROOT)
    relatives = [pair.relative for pair in found]
    for side, folder in pairs.SIDES.items():
        for path in (ROOT / folder).rglob("*.py"):
            assert path.relative_to(ROOT / folder).as_posix() in relatives, f"{side}: {path}"
    assert relatives[0] == "__init__.py", "top-level files first"
    articles = next(pair for pair in found if pair.relative == "routes/articles.py")
    assert articles.slug == "routes-articles"
    matched = {row.name for row in articles.rows if row.matched}
    assert {"create_article", "get_article", "delete_article", "router"} <= matched
    assert articles.lines("fastapi") == len(
        (ROOT / "services/fastapi_impl/routes/articles.py").read_text().splitlines()
    )
    assert len({pair.slug for pair in found}) == len(found), "one page per pair"
