"""HEAD, OPTIONS, CORS preflights and `Allow`, as RFC 9110 says; twin of `fastapi_impl/methods.py`.

werkzeug already serves HEAD wherever GET is (dropping the body) and OPTIONS on
every rule. These hooks give its answers the API's `Allow`, and refuse a preflight
that asks for more than the API allows (`shared.cors`) in the error envelope, where
flask-cors would answer 200 and only leave its headers out. `without_body` and the
`Methods` middleware have no twin here: werkzeug does their work itself.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request
from flask_cors.core import FLASK_CORS_EVALUATED
from werkzeug.exceptions import HTTPException

from shared import cors, http
from shared.settings import Settings

HTTP_METHODS = ("DELETE", "GET", "PATCH", "POST", "PUT")


def allowed_methods(path: str) -> str | None:
    """The `Allow` of the most specific rule this path fits, or None when none fits.

    werkzeug's own `Allow` merges every rule that fits: `/api/articles/feed` also
    fits `/api/articles/<slug>`, whose methods do not belong to it.
    """
    adapter = current_app.url_map.bind("")
    fitting: dict[tuple[int, str], list[str]] = {}
    for method in HTTP_METHODS:
        try:
            rule, _ = adapter.match(path, method=method, return_rule=True)
        except HTTPException:
            continue
        fitting.setdefault((len(rule.arguments), rule.rule), []).append(method)
    return http.allow(fitting[min(fitting)]) if fitting else None


def check_preflight(allowed_origins: tuple[str, ...]) -> None:
    """Refuse (400, the envelope) a CORS preflight the API does not allow; anything else passes."""
    origin, request_method = request.headers.get(cors.ORIGIN), request.headers.get(cors.REQUEST_METHOD)
    if request.method != "OPTIONS" or origin is None or request_method is None:
        return  # a preflight is OPTIONS with both headers (Fetch standard, "CORS-preflight request")
    cors.check_preflight(
        origin,
        request_method,
        request.headers.get(cors.REQUEST_HEADERS),
        request.headers.get(cors.REQUEST_PRIVATE_NETWORK),
        allowed_origins,
    )


def answer_options(response: Response) -> Response:
    """werkzeug's answer to OPTIONS, with the API's `Allow` (RFC 9110 §9.3.7); a refused preflight
    without the CORS headers flask-cors adds to every answer, as on FastAPI, where it never reaches
    Starlette's `CORSMiddleware`."""
    if request.method != "OPTIONS":
        return response
    if "Allow" in response.headers:
        response.headers["Allow"] = allowed_methods(request.path) or response.headers["Allow"]
    if response.status_code >= 400 and cors.REQUEST_METHOD in request.headers:
        for name in {
            name for name, _ in response.headers.items() if name.lower().startswith("access-control-")
        }:
            del response.headers[name]
        setattr(response, FLASK_CORS_EVALUATED, True)  # flask-cors's own mark: it adds nothing back
    return response


def init_app(app: Flask, settings: Settings) -> None:
    """The hooks; call it after `middleware.init_app`, whose request id every answer carries."""
    app.before_request(lambda: check_preflight(settings.cors_origins))
    app.after_request(answer_options)
