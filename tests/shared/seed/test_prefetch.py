"""Batches made ahead in a worker thread: same order, errors where they belong, no thread left behind."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from shared.seed.prefetch import prefetch


def _workers() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == "seed-prefetch"]


def test_items_come_in_order() -> None:
    assert list(prefetch(iter(range(100)), depth=3)) == list(range(100))
    assert list(prefetch(iter([]))) == []
    assert _workers() == []


def test_an_error_comes_where_its_item_would_have() -> None:
    def items() -> Iterator[int]:
        yield 1
        yield 2
        raise ValueError("third")

    seen: list[int] = []

    def consume() -> None:
        for item in prefetch(items()):
            seen.append(item)

    with pytest.raises(ValueError, match="third"):
        consume()
    assert seen == [1, 2]
    assert _workers() == []


def test_stopping_early_stops_the_worker() -> None:
    made = []

    def items() -> Iterator[int]:
        for number in range(1000):
            made.append(number)
            yield number

    stream = prefetch(items(), depth=2)
    assert next(stream) == 0
    stream.close()
    assert _workers() == []
    assert len(made) < 10


def test_an_error_in_the_consumer_stops_the_worker() -> None:
    def consume() -> None:
        for item in prefetch(iter(range(1000))):
            if item == 5:
                raise KeyError(item)

    with pytest.raises(KeyError):
        consume()
    assert _workers() == []
