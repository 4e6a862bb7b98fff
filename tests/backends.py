"""The backend configurations every suite runs against; fixtures tell them apart, tests never do.

`fastapi` is the FastAPI backend in its default sync mode (the thread pool), `fastapi-async`
the same code in its async mode (`postgresql+asyncpg://`, `sqlite+aiosqlite://`: the same
database through the asyncio driver, `shared.db.async_url`), `flask` the Flask backend.
"""

from __future__ import annotations

from dataclasses import dataclass

from shared import db


@dataclass(frozen=True)
class Backend:
    name: str
    app: str
    """Which application factory serves it: `fastapi` or `flask`."""
    async_mode: bool = False

    def database_url(self, url: str) -> str:
        """The database `url` as this configuration reaches it: the asyncio driver in async mode."""
        return db.async_url(url) if self.async_mode else db.sync_url(url)


ALL = (
    Backend("fastapi", "fastapi"),
    Backend("fastapi-async", "fastapi", async_mode=True),
    Backend("flask", "flask"),
)
BY_NAME = {backend.name: backend for backend in ALL}
NAMES = tuple(BY_NAME)
