"""The hardening suite starts real servers and takes minutes: it runs with `make test-hardening`."""

from __future__ import annotations

import os

collect_ignore = [] if os.environ.get("CONDUIT_HARDENING") else ["hardening"]
