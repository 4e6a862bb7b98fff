"""Developer tooling: the local launcher and database helpers (not part of either backend)."""
