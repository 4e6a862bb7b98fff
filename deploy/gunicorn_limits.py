"""The request limits and keep-alive gunicorn enforces itself, for every gunicorn that serves a backend.

Read by both config files (through `gunicorn_common`) and by `gunicorn.conf.py` at the
project root, which gunicorn loads when no config file is named (the development
command). Each is set above the API's own limit (`shared/limits.py`), which both
backends enforce in the error envelope, so a client meets gunicorn's own HTML page
only past these: a request line over 8 190 bytes (414; gunicorn's maximum), a header
field over 32 768 bytes or more than 200 header fields (431). uvicorn (the FastAPI
workers) sets none of these: the API's envelope answers at any size there.
"""

import os

limit_request_line = 8190
"""Bytes of the request line (method, target, version): gunicorn's maximum; the API's URL_MAX is 8 000."""
limit_request_field_size = 32768
"""Bytes of one header field: four times the API's HEADER_MAX (8 192), so the API answers 431 first."""
limit_request_fields = 200
"""Header fields per request: twice the API's HEADERS_MAX (100), so the API answers 431 first."""

keepalive = int(os.environ.get("KEEPALIVE", "5"))
"""Seconds an idle keep-alive connection stays open (gunicorn's default is 2). Measured with the
load test (tests/hardening/test_load.py, Flask's development command, THREADS=4, 256 clients,
SQLite) while 8 busy processes loaded this 2-core machine, interleaved: with 2 s, 3 of 4 runs
lost requests to closed connections (1, 84 and 148 `ReadError`s); with 5 s, none of 4 did."""
