"""The hardening and scale suites start real servers and take minutes.

They run with `make test-hardening` and `make test-scale`.
"""

from __future__ import annotations

import os

collect_ignore = [] if os.environ.get("CONDUIT_HARDENING") else ["hardening"]
if not os.environ.get("CONDUIT_SCALE"):
    collect_ignore.append("scale")
