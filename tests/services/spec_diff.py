"""Compare two OpenAPI documents as the API they describe, not as text.

FastAPI writes OpenAPI 3.1 (nullable as `anyOf [..., {"type": "null"}]`), apispec
writes 3.0.3 (`nullable: true`), and the two name and nest components their own
way. Both are normalized to one plain form, with every `$ref` inlined, before
they are compared operation by operation.
"""

from __future__ import annotations

from typing import Any

METHODS = ("get", "put", "post", "delete", "patch")
CONSTRAINTS = ("format", "minLength", "maxLength", "pattern", "minimum", "maximum", "maxItems", "default")


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = {
            **document["components"]["schemas"][name],
            **{k: v for k, v in schema.items() if k != "$ref"},
        }
    return schema


def normalize(document: dict[str, Any], schema: dict[str, Any] | None) -> dict[str, Any] | None:
    """A schema as {type, nullable, required, properties, items, constraints}, references inlined."""
    if schema is None:
        return None
    schema = _resolve(document, schema)
    nullable = bool(schema.get("nullable", False))
    variants = schema.get("anyOf") or schema.get("oneOf")
    if variants:
        others = [v for v in variants if v.get("type") != "null"]
        nullable = nullable or len(others) < len(variants)
        if len(others) == 1:
            inner = normalize(document, others[0]) or {}
            return {**inner, "nullable": nullable or inner.get("nullable", False)}
    kind = schema.get("type")
    if isinstance(kind, list):
        nullable = nullable or "null" in kind
        kinds = [k for k in kind if k != "null"]
        kind = kinds[0] if len(kinds) == 1 else sorted(kinds)
    result: dict[str, Any] = {"type": kind, "nullable": nullable}
    for key in CONSTRAINTS:
        if key in schema:
            result[key] = schema[key]
    if "properties" in schema:
        result["properties"] = {
            name: normalize(document, value) for name, value in sorted(schema["properties"].items())
        }
        result["required"] = sorted(schema.get("required", []))
    if "items" in schema:
        result["items"] = normalize(document, schema["items"])
    if isinstance(schema.get("additionalProperties"), dict):
        result["additionalProperties"] = normalize(document, schema["additionalProperties"])
    return result


def _body_schema(document: dict[str, Any], holder: dict[str, Any] | None) -> dict[str, Any] | None:
    if not holder:
        return None
    content = holder.get("content") or {}
    media = content.get("application/json")
    return normalize(document, media.get("schema")) if media else None


def operations(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every operation as `"METHOD /path"` -> its normalized contract."""
    found: dict[str, dict[str, Any]] = {}
    for path, item in document["paths"].items():
        for method in METHODS:
            if method not in item:
                continue
            operation = item[method]
            request_body = operation.get("requestBody")
            found[f"{method.upper()} {path}"] = {
                "operationId": operation.get("operationId"),
                "tags": sorted(operation.get("tags", [])),
                "security": bool(operation.get("security")),
                "parameters": {
                    f"{parameter['in']}:{parameter['name']}": {
                        "required": bool(parameter.get("required", False)),
                        "schema": normalize(document, parameter.get("schema")),
                    }
                    for parameter in operation.get("parameters", [])
                },
                "requestBody": {
                    "required": bool(request_body.get("required", False)),
                    "schema": _body_schema(document, request_body),
                }
                if request_body
                else None,
                "responses": {
                    str(status): _body_schema(document, response)
                    for status, response in sorted(operation["responses"].items())
                },
            }
    return found


def differences(left: Any, right: Any, where: str, names: tuple[str, str]) -> list[str]:
    """Readable lines naming the operation and field where two normalized values differ."""
    if isinstance(left, dict) and isinstance(right, dict):
        lines: list[str] = []
        for key in sorted(set(left) | set(right), key=str):
            if key not in right:
                lines.append(f"{where}.{key}: only in {names[0]}")
            elif key not in left:
                lines.append(f"{where}.{key}: only in {names[1]}")
            else:
                lines.extend(differences(left[key], right[key], f"{where}.{key}", names))
        return lines
    if left != right:
        return [f"{where}: {names[0]} has {left!r}, {names[1]} has {right!r}"]
    return []


def compare(
    left: dict[str, Any], right: dict[str, Any], names: tuple[str, str] = ("fastapi", "flask")
) -> list[str]:
    """Every difference between the APIs two documents describe; empty when they agree."""
    ours, theirs = operations(left), operations(right)
    lines: list[str] = []
    for key in sorted(set(ours) | set(theirs)):
        if key not in theirs:
            lines.append(f"{key}: only in {names[0]}")
        elif key not in ours:
            lines.append(f"{key}: only in {names[1]}")
        else:
            lines.extend(differences(ours[key], theirs[key], key, names))
    security = (left["components"].get("securitySchemes"), right["components"].get("securitySchemes"))
    lines.extend(differences(*security, "securitySchemes", names))
    return lines
