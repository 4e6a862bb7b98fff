"""Community facts: computed from saved PyPI documents (no network), written, read back and checked.

The fixtures are PyPI's JSON answers of 2026-11-30 for fastapi, pydantic and
flasgger, cut down to the fields the parser reads (one entry per version:
its first upload, and whether every file of it is yanked).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sitegen import community, community_fetch

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures" / "pypi"
TAKEN = date(2026, 11, 30)


def document(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    return data


def values(name: str) -> dict[str, Any]:
    return {
        key: fact.get("value", fact.get("missing"))
        for key, fact in community_fetch.facts(document(name), TAKEN).items()
    }


@pytest.mark.parametrize(
    ("taken", "start"),
    [
        (date(2026, 11, 30), date(2024, 11, 30)),
        (date(2026, 3, 31), date(2024, 3, 31)),
        (date(2026, 2, 28), date(2024, 2, 28)),
    ],
)
def test_the_window_starts_24_months_before(taken: date, start: date) -> None:
    assert community_fetch.window_start(taken) == start


def test_a_shorter_month_ends_the_window_on_its_last_day() -> None:
    assert community_fetch.window_start(date(2026, 3, 31), months=1) == date(2026, 2, 28)
    assert community_fetch.window_start(date(2026, 1, 15), months=13) == date(2024, 12, 15)


def test_flasgger_facts_from_its_pypi_document() -> None:
    found = values("flasgger")
    assert found["first_release"] == "2015-07-27"
    assert found["releases_24_months"] == 0
    assert found["latest_release"] == "0.9.7.1 (2023-05-18)"
    assert found["last_upload"] == "0.9.7.2.dev2 (2023-06-10)"  # a pre-release after the latest release
    assert found["licence"] == "MIT"
    assert found["repository"] == "github.com/flasgger/flasgger"
    assert found["python"] == "classifiers 3.6"  # no Requires-Python
    assert found["organisation"].startswith("no PyPI organisation owns the project")
    assert "rochacbruno (owner)" in found["organisation"]


def test_fastapi_facts_match_the_figures_read_on_pypi() -> None:
    found = values("fastapi")
    assert found["first_release"] == "2018-12-08"
    assert found["latest_release"] == "0.165.0 (2026-11-18)"
    assert found["releases_24_months"] == 157
    assert found["licence"] == "MIT"
    assert found["python"] == "Requires-Python >=3.10; classifiers 3.10, 3.11, 3.12, 3.13, 3.14"
    facts = community_fetch.facts(document("fastapi"), TAKEN)
    assert "value" not in facts["organisation"]
    assert {fact["taken"] for fact in facts.values()} == {"2026-11-30"}
    assert {fact["source"] for fact in facts.values()} == {"https://pypi.org/pypi/fastapi/json"}


def test_a_fully_yanked_version_is_not_counted() -> None:
    data = document("pydantic")
    yanked = [
        version
        for version, files in data["releases"].items()
        if files
        and all(file["yanked"] for file in files)
        and files[0]["upload_time_iso_8601"][:10] > "2024-11-30"
    ]
    assert len(yanked) == 1  # the fixture holds one: the count below would be 52 with it
    found = values("pydantic")
    assert found["releases_24_months"] == 51
    assert found["organisation"] == "pydantic"
    assert found["repository"] == "github.com/pydantic/pydantic"  # not the Funding link to GitHub Sponsors


def test_a_document_without_licence_or_python_says_so() -> None:
    data = document("flasgger")
    data["info"].update(license=None, license_expression=None, classifiers=[], project_urls={})
    facts = community_fetch.facts(data, TAKEN)
    assert facts["licence"]["missing"] == "the metadata declares no licence"
    assert "missing" in facts["python"]
    assert "missing" in facts["repository"]


def test_the_written_file_reads_back_and_keeps_the_notes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = [("fastapi", "fastapi", "web framework"), ("flasgger", "flask", "API document UI")]
    monkeypatch.setattr(community_fetch, "PROJECTS", saved)
    out = tmp_path / "community.toml"
    note = {"text": "A note.", "source": "README.md", "quote": "Conduit", "taken": "2026-11-30"}
    out.write_text(community_fetch.render(TAKEN, [project("flasgger", notes=[note])]), encoding="utf-8")
    assert community_fetch.main(["--out", str(out), "--saved", str(FIXTURES), "--taken", "2026-11-30"]) == 0
    loaded = community.load(out)
    assert loaded is not None
    assert [(item.name, item.side, item.role) for item in loaded.projects] == saved
    fastapi, flasgger = loaded.projects
    assert flasgger.notes == (community.Note(**note),)
    assert flasgger.facts["latest_release"].value == "0.9.7.1 (2023-05-18)"
    assert fastapi.facts["releases_24_months"].value == 157
    assert loaded.taken == "2026-11-30"
    assert fastapi.facts["organisation"].value is None
    assert fastapi.facts["organisation"].missing


def project(name: str, notes: list[dict[str, str]] | None = None) -> dict[str, Any]:
    return {
        "name": name,
        "side": "flask",
        "role": "r",
        "page": f"https://pypi.org/project/{name}/",
        "facts": community_fetch.facts(document(name), TAKEN),
        "notes": notes or [],
    }


def test_a_missing_fact_names_the_file_and_the_key(tmp_path: Path) -> None:
    data = project("flasgger")
    del data["facts"]["licence"]
    path = tmp_path / "facts.toml"
    path.write_text(community_fetch.render(TAKEN, [data]), encoding="utf-8")
    with pytest.raises(ValueError, match=r"facts\.toml: project 'flasgger' has no 'licence'"):
        community.load(path)


def test_a_fact_needs_a_value_or_a_reason(tmp_path: Path) -> None:
    data = project("flasgger")
    data["facts"]["licence"] = {"taken": "2026-11-30", "source": "https://pypi.org/pypi/flasgger/json"}
    path = tmp_path / "facts.toml"
    path.write_text(community_fetch.render(TAKEN, [data]), encoding="utf-8")
    with pytest.raises(ValueError, match=r"project 'flasgger'\.licence needs exactly one"):
        community.load(path)


def test_no_file_is_no_facts(tmp_path: Path) -> None:
    assert community.load(tmp_path / "absent.toml") is None


def test_the_repository_file_is_complete_and_its_notes_hold() -> None:
    loaded = community.load(ROOT / community.FILE)
    assert loaded is not None
    assert [item.name for item in loaded.projects] == [name for name, _, _ in community.PROJECTS]
    for item in loaded.projects:
        for fact in item.facts.values():
            assert fact.source == f"https://pypi.org/pypi/{item.name}/json"
            assert date.fromisoformat(fact.taken) <= date.fromisoformat(loaded.taken)
    flasgger = next(item for item in loaded.projects if item.name == "flasgger")
    assert flasgger.notes  # the OpenAPI 3 gaps the Flask side works around
    assert community.unquoted(loaded, ROOT) == []


def test_a_note_whose_phrase_left_the_file_is_reported(tmp_path: Path) -> None:
    (tmp_path / "docs.py").write_text("flasgger writes Swagger 2.0\n", encoding="utf-8")
    note = community.Note(text="t", source="docs.py", quote="Swagger 2.0", taken="2026-11-30")
    stale = community.Note(text="t", source="docs.py", quote="OpenAPI 3.1", taken="2026-11-30")
    gone = community.Note(text="t", source="absent.py", quote="x", taken="2026-11-30")
    loaded = community.Community(
        "2026-11-30", 24, (community.Project("flasgger", "flask", "r", "p", {}, (note, stale, gone)),)
    )
    assert community.unquoted(loaded, tmp_path) == ["flasgger: docs.py", "flasgger: absent.py"]


def test_the_page_shows_the_date_the_sources_and_the_limits(site: Path) -> None:
    html = (site / "community.html").read_text(encoding="utf-8")
    loaded = community.load(ROOT / community.FILE)
    assert loaded is not None
    assert f"<strong>{loaded.taken}</strong>" in html
    for item in loaded.projects:
        assert f'href="https://pypi.org/pypi/{item.name}/json"' in html
        assert str(item.facts["latest_release"].value) in html
    assert 'id="not-measured"' in html
    assert "not available: no PyPI organisation owns the project" in html
