"""The Flask application factory; twin of `fastapi_impl/app.py`.

Serve with `gunicorn 'services.flask_impl.app:create_app()'`.
FastAPI's twin also has a `lifespan`: a WSGI server sends no startup or shutdown
event, and gunicorn's `threads` is this app's thread pool.
"""

from __future__ import annotations

from flask import Flask
from flask_cors import CORS

from services.flask_impl import database, methods, middleware
from services.flask_impl.body import StrictJsonProvider
from services.flask_impl.docs import mount_docs
from services.flask_impl.errors import register_error_handlers
from services.flask_impl.routes import articles, comments, favorites, health, profiles, tags, users
from shared import cors, logs
from shared.settings import Settings

API_PREFIX = "/api"


def create_app(settings: Settings | None = None) -> Flask:
    """Build the app for `settings` (the environment by default), migrating an SQLite database."""
    settings = (settings or Settings.from_env()).ensure_safe()
    app = Flask(__name__)
    app.url_map.merge_slashes = False  # `//` is an unknown route (404), as on FastAPI, not a redirect
    app.json = StrictJsonProvider(app)  # RFC 8259's JSON only; keeps the schemas' key order
    database.init_app(app, settings)

    CORS(
        app,
        origins=list(settings.cors_origins),
        methods=list(cors.ALLOW_METHODS),
        allow_headers=list(cors.ALLOW_HEADERS),
        expose_headers=[logs.REQUEST_ID_HEADER],
        max_age=cors.MAX_AGE_SECONDS,
        send_wildcard="*" in settings.cors_origins,  # answer `*` as Starlette does, not the origin
        always_send=False,  # no CORS headers on requests without an Origin, as Starlette
    )
    register_error_handlers(app)
    middleware.init_app(app, settings)
    methods.init_app(app, settings)  # HEAD and OPTIONS answers' `Allow`, refused preflights
    # Routers in the order requests are matched against them: the benchmark's cheap routes, then
    # the most requested resources, the probes last (README, "Performance": route matching).
    if settings.benchmark_endpoints:  # benchmark-only routes (bench/), never in a normal deployment
        from services.flask_impl.routes import bench

        app.register_blueprint(bench.router, url_prefix=API_PREFIX)
    for module in (articles, comments, favorites, profiles, tags, users):
        app.register_blueprint(module.router, url_prefix=API_PREFIX)
    app.register_blueprint(health.router)
    mount_docs(app)
    return app
