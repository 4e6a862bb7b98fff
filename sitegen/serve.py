"""Serve the built site as static files: `make run` puts it on :8000 next to both backends.

The standard library's threaded HTTP server is enough for a handful of static
pages on a developer's machine or in the compose `site` service.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


class QuietHandler(SimpleHTTPRequestHandler):
    """Static files without a log line per request (the launcher's terminal belongs to the backends)."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".md": "text/markdown; charset=utf-8"}  # noqa: RUF012

    def log_message(self, format: str, *args: Any) -> None:
        pass


def server(directory: Path, host: str, port: int) -> ThreadingHTTPServer:
    return ThreadingHTTPServer((host, port), partial(QuietHandler, directory=str(directory)))


def _serve_without_signals(httpd: ThreadingHTTPServer) -> None:
    """Serve with Ctrl-C and SIGTERM blocked here, so they reach the main thread (its `signal.pause()`)."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    httpd.serve_forever()


@contextmanager
def serving(directory: Path, host: str, port: int) -> Iterator[str]:
    """The site served from a background thread for the duration; yields its URL."""
    httpd = server(directory, host, port)
    thread = threading.Thread(target=_serve_without_signals, args=(httpd,), name="site", daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
