"""Micro-benchmarks (pytest-benchmark), run by the harness, never by `make test`: they time, not test."""
