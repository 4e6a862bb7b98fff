"""gunicorn for the Flask backend, with threaded workers: `gunicorn -c deploy/gunicorn_flask.py ...`.

Used as is by docker compose and by CI's production check (tools/compose_check.py).
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from gunicorn_common import *  # noqa: F403

bind = os.environ.get("BIND", "0.0.0.0:8002")
worker_class = "gthread"
threads = int(os.environ.get("THREADS", "8"))
"""Requests one worker serves at once; the database pool is sized to match (DB_POOL_SIZE)."""
