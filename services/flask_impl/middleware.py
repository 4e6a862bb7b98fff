"""Request ids, access lines and request limits, as request hooks; twin of `fastapi_impl/middleware.py`.

Flask has no middleware stack of its own for this; `before_request`,
`after_request` and `teardown_request` bracket every request, error pages included.
`target_length` has no twin: ASGI hands the raw path over in the scope.
"""

from __future__ import annotations

from time import perf_counter
from urllib.parse import quote

from flask import Flask, Response, g, request

from shared import headers, http, logs
from shared.settings import Settings


def target_length() -> int:
    """The length of the request target as the client sent it: the server's raw URI when it
    gives one (gunicorn's RAW_URI, REQUEST_URI elsewhere), else the path encoded again."""
    environ = request.environ
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if raw:
        return len(raw)
    query = environ.get("QUERY_STRING", "")
    path = quote(environ.get("PATH_INFO", ""), safe="/:@!$&'()*+,;=-._~", encoding="latin-1")
    return len(path) + (len(query) + 1 if query else 0)


def init_app(app: Flask, settings: Settings) -> None:
    """Tags each request with an id (logged, returned as `X-Request-ID`), adds the security headers
    and logs the access line."""
    logs.configure(settings.log_level)
    # werkzeug refuses a larger body with 413 (declared or streamed) before it is parsed.
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes

    @app.before_request
    def start() -> None:
        g.request_id = logs.new_request_id(request.headers.get(logs.REQUEST_ID_HEADER))
        g.request_id_token = logs.request_id.set(g.request_id)
        g.started = perf_counter()
        # The API's own limits (414, 431), before the route is looked up: werkzeug raises a
        # routing error only when the request is dispatched, after these hooks.
        http.check_request_size(target_length(), [(name, len(value)) for name, value in request.headers])

    @app.after_request
    def tag(response: Response) -> Response:
        response.headers[logs.REQUEST_ID_HEADER] = g.request_id
        policy = response.headers.get(headers.CONTENT_SECURITY_POLICY)
        response.headers.update(headers.security_headers(policy))
        if response.calculate_content_length() == 0:  # an empty answer (204, OPTIONS): no media type
            response.headers.pop("Content-Type", None)
        if settings.access_log:
            duration_ms = (perf_counter() - g.started) * 1000
            logs.log_access(request.method, request.path, response.status_code, duration_ms)
        return response

    @app.teardown_request
    def forget(_exc: BaseException | None) -> None:
        token = g.pop("request_id_token", None)
        if token is not None:
            logs.request_id.reset(token)
