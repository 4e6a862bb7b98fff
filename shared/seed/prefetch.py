"""Make the next batch while the database loads this one: a generator run ahead in a worker thread.

Building rows is Python (it holds the GIL); loading them is mostly waiting on the
database (PostgreSQL's server process, or SQLite's C code, which releases the GIL).
On two cores the two overlap. The worker only builds rows: everything that talks to
the database stays on the caller's thread, in the seed's transaction. The order of
items, and so the data, is the same as without the worker.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from queue import Empty, Full, Queue
from typing import TypeVar, cast

T = TypeVar("T")
DEPTH = 2
"""Batches made ahead: one being loaded, one ready, one in the making."""
POLL_SECONDS = 0.1


@dataclass(frozen=True)
class _Failed:
    error: BaseException


_DONE = object()


def prefetch(items: Iterable[T], depth: int = DEPTH) -> Iterator[T]:
    """The items of `items`, in order, computed up to `depth` ahead in a worker thread.

    An exception raised while computing an item is raised here, where that item would
    have come. Closing the iterator early (or an exception in the consumer) stops the
    worker before this returns.
    """
    queue: Queue[object] = Queue(maxsize=depth)
    stop = threading.Event()

    def offer(item: object) -> bool:
        while not stop.is_set():
            try:
                queue.put(item, timeout=POLL_SECONDS)
            except Full:
                continue
            return True
        return False

    def produce() -> None:
        try:
            for item in items:
                if not offer(item):
                    return
        except BaseException as error:  # handed to the consumer, which re-raises it
            offer(_Failed(error))
            return
        offer(_DONE)

    worker = threading.Thread(target=produce, name="seed-prefetch", daemon=True)
    worker.start()
    try:
        while True:
            try:
                item = queue.get(timeout=POLL_SECONDS)
            except Empty:
                if not worker.is_alive() and queue.empty():
                    raise RuntimeError("the prefetch worker ended without a result") from None
                continue
            if item is _DONE:
                return
            if isinstance(item, _Failed):
                raise item.error
            yield cast("T", item)
    finally:
        stop.set()
        worker.join()
