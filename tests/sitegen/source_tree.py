"""The paired source as the ease tests read it directly, and small trees written for them."""

from __future__ import annotations

from pathlib import Path

from sitegen import handwritten

ROOT = Path(__file__).resolve().parents[2]
FLASK = ROOT / "services" / "flask_impl"
FASTAPI = ROOT / "services" / "fastapi_impl"


def api_files(folder: Path) -> list[Path]:
    """The API's Python files under `folder`, sorted, without the benchmark-only ones."""
    return [
        path
        for path in sorted(folder.rglob("*.py"))
        if path.relative_to(folder).as_posix() not in handwritten.BENCHMARK_ONLY
    ]


def write(root: Path, relative: str, text: str) -> None:
    """Write `text` (UTF-8) to `root / relative`, creating its folders."""
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
