"""The benchmark harness: `make bench` (full) and `make bench-quick` (the same pipeline, minimal sizes).

Servers and wrk run pinned to different cores; results land in
reports/bench/<timestamp>/ as results.json, summary.md and charts.
"""
