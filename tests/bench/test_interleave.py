"""bench/interleave.py: two calls timed in alternation, on a clock the test drives."""

from __future__ import annotations

import pytest

from bench import interleave


class Clock:
    """A `perf_counter` stand-in: time moves only when a call spends it."""

    def __init__(self) -> None:
        self.now = 0.0
        self.log: list[str] = []

    def __call__(self) -> float:
        return self.now

    def call(self, name: str, cost: float) -> interleave.Call:
        def run() -> None:
            self.now += cost
            self.log.append(name)

        return run


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr("bench.interleave.time.perf_counter", fake)
    return fake


def test_ratio_is_first_over_second_per_call(clock: Clock) -> None:
    result = interleave.ratio(clock.call("a", 0.003), clock.call("b", 0.001), rounds=5, seconds=0.01)
    assert result.ratio == pytest.approx(3.0)
    assert result.low == pytest.approx(3.0)
    assert result.high == pytest.approx(3.0)
    assert result.first_us == pytest.approx(3000.0)
    assert result.second_us == pytest.approx(1000.0)
    assert result.rounds == 5


def test_calls_per_round_fill_the_time_on_the_slower_side(clock: Clock) -> None:
    result = interleave.ratio(clock.call("a", 0.001), clock.call("b", 0.004), rounds=1, seconds=0.02)
    assert result.calls == 5
    assert result.ratio == pytest.approx(0.25)


def test_order_swaps_every_round(clock: Clock) -> None:
    interleave.ratio(clock.call("a", 0.01), clock.call("b", 0.01), rounds=3, seconds=0.01)
    timed = clock.log[6:]  # after calibrating each side (three calls each)
    assert timed == ["a", "b", "b", "a", "a", "b"]


def test_rounds_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        interleave.ratio(lambda: None, lambda: None, rounds=0, seconds=0.01)
