"""The API document and the offline docs page; twin of `fastapi_impl/docs.py`.

Flask does not know the schemas a view loads and dumps, so each route declares
them with `documented(...)`: what FastAPI reads from type hints. apispec's
MarshmallowPlugin turns those same marshmallow schemas into OpenAPI 3.0.3
components (flasgger's own converter writes Swagger 2.0 only), and flasgger
serves the result at /openapi.json with its bundled Swagger UI at /apidocs/.
`documented`, `operation_of` and `build_spec` have no twin: FastAPI builds its
document from the routes' signatures itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec_webframeworks.flask import FlaskPlugin
from flasgger import Swagger
from flask import Flask, Response, request
from marshmallow import Schema
from werkzeug.routing import Rule

from services.flask_impl.schemas.errors import GenericErrorModel
from services.flask_impl.schemas.fields import Timestamp
from shared import errors, headers

ALWAYS = (503,)
"""Any operation that uses the database can meet an outage."""
OPENAPI_VERSION = "3.0.3"  # flasgger's Swagger UI (3.x) renders OpenAPI 3.0, not 3.1
View = TypeVar("View", bound=Callable[..., Any])


@dataclass(frozen=True)
class Operation:
    """What one route takes and answers, for the document."""

    operation_id: str
    tags: tuple[str, ...]
    status: int
    response: type[Schema] | None
    body: type[Schema] | None
    query: type[Schema] | None
    path: type[Schema] | None
    errors: tuple[int, ...]
    auth: bool
    database: bool


def error_responses(*statuses: int, database: bool = True) -> dict[int, dict[str, Any]]:
    """Each status a route can answer, with the error envelope."""
    return {
        status: {
            "description": errors.DESCRIPTIONS[status],
            "content": {"application/json": {"schema": GenericErrorModel}},
        }
        for status in (*statuses, *(ALWAYS if database else ()))
    }


def documented(
    operation_id: str,
    *,
    tags: tuple[str, ...],
    status: int = 200,
    response: type[Schema] | None = None,
    body: type[Schema] | None = None,
    query: type[Schema] | None = None,
    path: type[Schema] | None = None,
    errors: tuple[int, ...] = (),
    auth: bool = False,
    database: bool = True,
) -> Callable[[View], View]:
    """Attach a route's `Operation` to its view; `mount_docs` reads it back."""
    operation = Operation(operation_id, tags, status, response, body, query, path, errors, auth, database)

    def attach(view: View) -> View:
        view.openapi = operation  # type: ignore[attr-defined]
        return view

    return attach


def operation_of(view: Callable[..., Any], rule: Rule, operation: Operation) -> dict[str, Any]:
    """The OpenAPI operation of one route, with schema classes that apispec turns into refs."""
    parameters: list[dict[str, Any]] = []
    path_fields = operation.path._declared_fields if operation.path else {}
    for name in rule.arguments:
        if name not in path_fields:
            parameters.append({"name": name, "in": "path", "required": True, "schema": {"type": "string"}})
    if operation.path:
        parameters.append({"in": "path", "schema": operation.path})
    if operation.query:
        parameters.append({"in": "query", "schema": operation.query})
    success: dict[str, Any] = {"description": "Successful Response"}
    if operation.response:
        success["content"] = {"application/json": {"schema": operation.response}}
    result: dict[str, Any] = {
        "tags": list(operation.tags),
        "summary": view.__name__.replace("_", " ").title(),
        "operationId": operation.operation_id,
        "responses": {
            operation.status: success,
            **error_responses(*operation.errors, database=operation.database),
        },
    }
    if parameters:
        result["parameters"] = parameters
    if operation.body:
        result["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": operation.body}},
        }
    if operation.auth:
        result["security"] = [{"Token": []}]
    return result


def build_spec(app: Flask) -> dict[str, Any]:
    """The whole document, from the app's rules and each view's `Operation`."""
    marshmallow = MarshmallowPlugin()
    spec = APISpec(
        title="Conduit API (Flask)",
        version="2.0.0",
        openapi_version=OPENAPI_VERSION,
        info={"description": "The RealWorld Conduit API, built with Flask and marshmallow."},
        plugins=[FlaskPlugin(), marshmallow],
    )
    marshmallow.map_to_openapi_type(Timestamp, "string", "date-time")  # type: ignore[no-untyped-call]
    spec.components.security_scheme(
        "Token",
        {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <jwt>`, the token that registering or logging in returned.",
        },
    )
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            view = app.view_functions[rule.endpoint]
            operation: Operation | None = getattr(view, "openapi", None)
            if operation is None:
                continue
            (method,) = (rule.methods or set()) - {"HEAD", "OPTIONS"}
            spec.path(view=view, operations={method.lower(): operation_of(view, rule, operation)}, app=app)
    return spec.to_dict()


def mount_docs(app: Flask) -> None:
    """The document at /openapi.json and Swagger UI at /apidocs/, loading nothing from another host."""
    Swagger(
        app,
        template=build_spec(app),
        config={
            "openapi": OPENAPI_VERSION,
            "headers": [],
            "specs": [
                {
                    "endpoint": "openapi",
                    "route": "/openapi.json",
                    # The document comes whole from apispec: flasgger adds nothing of its own.
                    "rule_filter": lambda _rule: False,
                    "model_filter": lambda _tag: False,
                }
            ],
            "static_url_path": "/apidocs/static",
            "swagger_ui": True,
            "specs_route": "/apidocs/",
            "title": "Conduit API (Flask) - Swagger UI",
            "auth": {},  # flasgger writes this into the page's script; left unset it is `None`, a JS error
        },
    )

    @app.after_request
    def docs_page_policy(response: Response) -> Response:
        if request.path.startswith("/apidocs") and response.mimetype == "text/html":
            response.headers["Content-Security-Policy"] = headers.DOCS_PAGE_POLICY
        return response
