"""Settings both gunicorn configs share: timeouts, shutdown, logging; each can be set from the environment."""

from __future__ import annotations

import os

from gunicorn_limits import *  # noqa: F403  (request line and header fields, above the API's own limits)

workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
timeout = int(os.environ.get("TIMEOUT", "30"))
"""A worker silent this long (a request stuck this long) is killed and replaced."""
graceful_timeout = int(os.environ.get("GRACEFUL_TIMEOUT", "20"))
"""On SIGTERM, in-flight requests get this long to finish before workers are killed."""
control_socket_disable = True  # one fixed socket path per user; several servers would share it
accesslog = None  # the app writes its own JSON access line, with the request id
errorlog = "-"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    # The app's own handler class (JSON lines on stdout): `shared.logs.configure()`, which each app
    # factory calls, replaces it on the root logger instead of adding a second one, so every event
    # is written once (tests/deploy/test_logging.py).
    "handlers": {"stdout": {"class": "shared.logs.JsonLinesHandler"}},
    "root": {"level": os.environ.get("LOG_LEVEL", "INFO"), "handlers": ["stdout"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
        "gunicorn.access": {"level": "WARNING", "handlers": [], "propagate": False},
    },
}
