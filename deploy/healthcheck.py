"""The container's HEALTHCHECK: exit 0 when this backend's `/healthz` answers 200 (stdlib only)."""

from __future__ import annotations

import os
import sys
import urllib.request

port = os.environ.get("BIND", "0.0.0.0:8001").rsplit(":", 1)[-1]
try:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=3) as response:
        sys.exit(0 if response.status == 200 else 1)
except OSError:
    sys.exit(1)
