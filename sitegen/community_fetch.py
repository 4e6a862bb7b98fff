"""Refresh `docs/community.toml` from PyPI's JSON API: `python -m sitegen.community_fetch`.

Every fact is computed from one document, `https://pypi.org/pypi/<name>/json`,
and written with the date it was taken and that URL. The notes of the file
(facts read from this repository's code, such as what the Flask side works
around in flasgger) are kept as they are. `--saved FOLDER` reads `<name>.json`
files saved earlier instead of the network, dated by their modification time
or by `--taken YYYY-MM-DD`.
"""

from __future__ import annotations

import argparse
import calendar
import json
import re
import tomllib
import urllib.request
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sitegen.community import FILE, PROJECTS, ROOT, WINDOW_MONTHS

API = "https://pypi.org/pypi/{name}/json"
PYTHON_CLASSIFIER = re.compile(r"^Programming Language :: Python :: (\d+\.\d+)$")
REPOSITORY_LABELS = ("source", "repository", "code", "homepage")
"""Project-URL labels tried first for the repository (a `Funding` link may point at GitHub Sponsors)."""
REPOSITORY = re.compile(r"^https?://(?:www\.)?github\.com/([^/]+)/([^/#?]+)", re.IGNORECASE)


def window_start(taken: date, months: int = WINDOW_MONTHS) -> date:
    """The same day `months` months before `taken` (that month's last day when it is shorter)."""
    year, month = divmod(taken.year * 12 + taken.month - 1 - months, 12)
    return date(year, month + 1, min(taken.day, calendar.monthrange(year, month + 1)[1]))


def _fact(value: Any, taken: date, source: str, how: str) -> dict[str, Any]:
    return {"value": value, "taken": taken.isoformat(), "source": source, "how": how}


def _missing(reason: str, taken: date, source: str) -> dict[str, Any]:
    return {"missing": reason, "taken": taken.isoformat(), "source": source}


def _first_uploads(data: dict[str, Any]) -> dict[str, tuple[str, bool]]:
    """{version: (first upload time ISO 8601, every file yanked)} for versions with files."""
    return {
        version: (min(file["upload_time_iso_8601"] for file in files), all(file["yanked"] for file in files))
        for version, files in data["releases"].items()
        if files
    }


def facts(data: dict[str, Any], taken: date, months: int = WINDOW_MONTHS) -> dict[str, dict[str, Any]]:
    """The facts of one project from its PyPI JSON document, as of `taken`.

    Returns {fact: {"value" | "missing", "taken", "source", "how"}}; the keys
    are community.FACTS. Upload times are UTC; a version counts as released on
    the first upload of any of its files; a version whose every file is yanked
    is left out of the count.
    """
    info = data["info"]
    source = API.format(name=info["name"].lower())
    uploads = _first_uploads(data)
    since = window_start(taken, months)
    recent = [
        version
        for version, (when, yanked) in uploads.items()
        if not yanked and since < date.fromisoformat(when[:10]) <= taken
    ]
    found: dict[str, dict[str, Any]] = {
        "first_release": _fact(
            min(when for when, _ in uploads.values())[:10], taken, source, "earliest upload time of any file"
        ),
        "releases_24_months": _fact(
            len(recent),
            taken,
            source,
            f"versions first uploaded after {since.isoformat()} and on or before {taken.isoformat()}, "
            "fully yanked versions left out",
        ),
        "latest_release": _fact(
            f"{info['version']} ({uploads[info['version']][0][:10]})",
            taken,
            source,
            "the version PyPI shows as current, and its first upload",
        ),
    }
    newest_version, (newest, _) = max(uploads.items(), key=lambda item: item[1][0])
    found["last_upload"] = _fact(
        f"{newest_version} ({newest[:10]})",
        taken,
        source,
        "the newest upload of any version, pre-releases included",
    )
    licence = info.get("license_expression") or info.get("license") or ""
    classifiers = [
        classifier.rsplit(" :: ", 1)[-1]
        for classifier in info["classifiers"]
        if classifier.startswith("License ::")
    ]
    if licence and "\n" not in licence:
        found["licence"] = _fact(licence, taken, source, "License-Expression, else the License field")
    elif classifiers:
        found["licence"] = _fact(", ".join(classifiers), taken, source, "licence classifier")
    else:
        found["licence"] = _missing("the metadata declares no licence", taken, source)
    found["organisation"] = _organisation(data, taken, source)
    found["repository"] = _repository(info, taken, source)
    found["python"] = _python(info, taken, source)
    return found


def _organisation(data: dict[str, Any], taken: date, source: str) -> dict[str, Any]:
    ownership = data.get("ownership") or {}
    organisation = ownership.get("organization")
    if organisation:
        return _fact(organisation, taken, source, "the PyPI organisation that owns the project")
    users = [f"{role['user']} ({role['role'].lower()})" for role in ownership.get("roles", [])]
    reason = "no PyPI organisation owns the project"
    return _missing(f"{reason}; its PyPI roles: {', '.join(users)}" if users else reason, taken, source)


def _repository(info: dict[str, Any], taken: date, source: str) -> dict[str, Any]:
    urls = sorted(
        (info.get("project_urls") or {}).items(),
        key=lambda item: (item[0].lower() not in REPOSITORY_LABELS, item[0].lower()),
    )
    for _label, url in urls:
        match = REPOSITORY.match(url)
        if match and match.group(1).lower() != "sponsors":
            owner, name = match.group(1), match.group(2).removesuffix(".git")
            return _fact(
                f"github.com/{owner}/{name}",
                taken,
                source,
                "the GitHub repository of the project URLs (Source, Repository, Code or Homepage first)",
            )
    return _missing("the project URLs name no GitHub repository", taken, source)


def _python(info: dict[str, Any], taken: date, source: str) -> dict[str, Any]:
    requires = (info.get("requires_python") or "").strip()
    versions = sorted(
        (
            match.group(1)
            for classifier in info["classifiers"]
            if (match := PYTHON_CLASSIFIER.match(classifier))
        ),
        key=lambda version: tuple(int(part) for part in version.split(".")),
    )
    parts = []
    if requires:
        parts.append(f"Requires-Python {requires}")
    if versions:
        parts.append(f"classifiers {', '.join(versions)}")
    if not parts:
        return _missing(
            "the metadata declares neither Requires-Python nor a version classifier", taken, source
        )
    return _fact("; ".join(parts), taken, source, "Requires-Python and the Python version classifiers")


def fetch(name: str) -> dict[str, Any]:
    """PyPI's JSON document of one project (network; raises urllib's errors)."""
    with urllib.request.urlopen(API.format(name=name), timeout=30) as response:
        document: dict[str, Any] = json.load(response)
    return document


def _string(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's for these characters)."""
    return json.dumps(value, ensure_ascii=False)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{key} = {_value(item)}" for key, item in value.items()) + " }"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def render(taken: date, projects: list[dict[str, Any]]) -> str:
    """The whole file: a header, then one `[[project]]` table per project with its facts and notes."""
    lines = [
        "# Community facts, each with the date it was taken and its source.",
        "# Refresh the PyPI facts with `python -m sitegen.community_fetch`; the notes are kept as written.",
        f"taken = {_string(taken.isoformat())}",
        f"window_months = {WINDOW_MONTHS}",
    ]
    for project in projects:
        lines += ["", "[[project]]"]
        lines += [f"{key} = {_value(project[key])}" for key in ("name", "side", "role", "page")]
        lines += [f"{key} = {_value(value)}" for key, value in project["facts"].items()]
        for note in project.get("notes", []):
            lines += ["", "[[project.notes]]", *(f"{key} = {_value(value)}" for key, value in note.items())]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sitegen.community_fetch", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--out", type=Path, default=ROOT / FILE, help=f"the file to refresh (default {FILE})")
    parser.add_argument("--saved", type=Path, help="read <name>.json from this folder instead of PyPI")
    parser.add_argument(
        "--taken", type=date.fromisoformat, help="the date of the saved documents (default: their file date)"
    )
    args = parser.parse_args(argv)
    old = tomllib.loads(args.out.read_text(encoding="utf-8")) if args.out.is_file() else {"project": []}
    notes = {project["name"]: project.get("notes", []) for project in old["project"]}
    taken = datetime.now(UTC).date()
    projects = []
    for name, side, role in PROJECTS:
        if args.saved:
            path = args.saved / f"{name}.json"
            data = json.loads(path.read_text(encoding="utf-8"))
            taken = args.taken or datetime.fromtimestamp(path.stat().st_mtime, UTC).date()
        else:
            data = fetch(name)
        projects.append(
            {
                "name": name,
                "side": side,
                "role": role,
                "page": f"https://pypi.org/project/{name}/",
                "facts": facts(data, taken),
                "notes": notes.get(name, []),
            }
        )
    args.out.write_text(render(taken, projects), encoding="utf-8")
    print(f"wrote {args.out} ({len(projects)} projects, taken {taken.isoformat()})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
