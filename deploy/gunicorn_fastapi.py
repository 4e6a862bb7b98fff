"""gunicorn for the FastAPI backend, with uvicorn workers: `gunicorn -c deploy/gunicorn_fastapi.py ...`.

Used as is by docker compose and by CI's production check (tools/compose_check.py).
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from gunicorn_common import *  # noqa: F403

bind = os.environ.get("BIND", "0.0.0.0:8001")
worker_class = "uvicorn_worker.UvicornWorker"  # uvloop + httptools when installed
