"""nginx and PgBouncer in compose: their templates, variables and settings agree with the backends.

Read from the files themselves, without an engine: every variable a template uses is given by
its compose service (and none is given for nothing); the rendered nginx config's timeouts sit
around gunicorn's, its body limit is MAX_BODY_BYTES, its request-id rule is the backends' and its
own error answers are the API's envelopes; PgBouncer pools transactions with the backends' waits.
`make test-scale` runs the same templates with the real programs.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from types import ModuleType
from typing import Any

import pytest

from shared import errors, headers, limits, logs
from shared.settings import Settings
from tools.compose_check import service
from tools.run_local import ROOT
from tools.scale.render import compose_environment, compose_file, placeholders, render

NGINX = ROOT / "deploy" / "nginx" / "templates" / "default.conf.template"
PGBOUNCER = ROOT / "deploy" / "pgbouncer" / "templates"
sys.path.insert(0, str(ROOT / "deploy"))  # the gunicorn configs import each other from there


def config(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "deploy" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gunicorn_common, gunicorn_limits = config("gunicorn_common"), config("gunicorn_limits")
REASONS = {502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"}


@pytest.fixture(scope="module")
def nginx_conf() -> str:
    return render(NGINX, compose_environment("nginx", {}))


def directive(conf: str, name: str) -> str:
    """The value of the one `name ...;` directive in `conf`."""
    found = re.findall(rf"^\s*{name}\s+([^;]+);", conf, re.MULTILINE)
    assert len(found) == 1, f"{name}: {found}"
    return found[0].strip()


def seconds(value: str) -> float:
    return float(value.removesuffix("s"))


def test_each_template_gets_exactly_its_variables_from_compose() -> None:
    nginx = compose_environment("nginx", {})
    assert placeholders(NGINX) == set(nginx)
    pgbouncer = compose_environment("pgbouncer", {})
    used = set().union(*(placeholders(template) for template in PGBOUNCER.glob("*.template")))
    assert used == set(pgbouncer)


def test_the_templates_are_mounted_where_the_images_read_them() -> None:
    services = compose_file()["services"]
    assert services["nginx"]["image"].startswith("nginx:1.")
    assert services["nginx"]["volumes"] == ["./deploy/nginx/templates:/etc/nginx/templates:ro"]
    assert services["nginx"]["ports"] == ["127.0.0.1:8001:8001", "127.0.0.1:8002:8002"]
    assert services["pgbouncer"]["volumes"] == ["./deploy/pgbouncer/templates:/etc/pgbouncer/templates:ro"]
    assert services["pgbouncer"]["build"] == {"context": "deploy/pgbouncer"}
    assert "/etc/pgbouncer/templates/*.template" in (ROOT / "deploy/pgbouncer/start.sh").read_text()
    assert "ports" not in services["pgbouncer"], "only the backends reach PgBouncer"


def test_nginx_proxies_each_port_to_its_backends_replicas(nginx_conf: str) -> None:
    env = compose_environment("nginx", {})
    services = compose_file()["services"]
    for name in ("fastapi", "flask"):
        port = services[name]["environment"]["BIND"].rsplit(":", 1)[1]
        assert env[f"{name.upper()}_PORT"] == port
        assert env[f"{name.upper()}_SERVERS"] == f"server {name}:{port};", "the service name: every replica"
        assert f"listen 0.0.0.0:{port};" in nginx_conf
        assert re.search(rf"^\s*{port} {name};", nginx_conf, re.MULTILINE), "the port picks the upstream"


def test_nginx_timeouts_sit_around_gunicorns(nginx_conf: str) -> None:
    """An answer may take longer than gunicorn's TIMEOUT (gunicorn acts first), an idle connection
    to an instance is closed by nginx before gunicorn's KEEPALIVE closes it."""
    assert seconds(directive(nginx_conf, "proxy_read_timeout")) > gunicorn_common.timeout
    assert seconds(directive(nginx_conf, "proxy_send_timeout")) > gunicorn_common.timeout
    for idle in re.findall(r"^\s*keepalive_timeout\s+(\S+);", nginx_conf, re.MULTILINE):
        assert seconds(idle) < gunicorn_common.keepalive
    assert "non_idempotent" in directive(nginx_conf, "proxy_next_upstream")


def test_nginx_passes_what_the_api_answers_itself(nginx_conf: str) -> None:
    assert int(directive(nginx_conf, "client_max_body_size")) == Settings().max_body_bytes
    _, size = directive(nginx_conf, "large_client_header_buffers").split()
    assert int(size.removesuffix("k")) * 1024 >= gunicorn_limits.limit_request_field_size
    assert int(size.removesuffix("k")) * 1024 > max(limits.HEADER_MAX, limits.URL_MAX + 20)


def test_nginx_keeps_the_request_ids_the_backends_keep(nginx_conf: str) -> None:
    rule = re.search(r'"~(\^[^"]+)" \$http_x_request_id;', nginx_conf)
    assert rule is not None
    assert rule.group(1) == logs.ACCEPTED_ID.pattern
    assert "proxy_set_header X-Request-ID $conduit_request_id;" in nginx_conf


def error_pages(conf: str) -> dict[int, tuple[int, dict[str, Any], dict[str, str]]]:
    """nginx's own error answers: the status it refused with -> (status answered, JSON body, headers)."""
    found = {}
    for code, block in re.findall(r"location = /\.errors/(\d+) \{(.*?)\n    \}", conf, re.DOTALL):
        assert re.search(rf"^\s*error_page {code} = /\.errors/{code};", conf, re.MULTILINE), code
        assert "internal;" in block, code
        status, body = re.findall(r"return (\d+) '([^']*)';", block)[-1]
        added = dict(re.findall(r'add_header (\S+) "?(.*?)"? always;', block))
        found[int(code)] = (int(status), json.loads(body), added)
    return found


def test_nginx_refuses_in_the_apis_envelope(nginx_conf: str) -> None:
    expected = {
        # nginx's 400 is a request it cannot parse (not a body), its 494 a header field over its
        # buffers: the form of the backends' answer to any status their framework raises outside the
        # known ones (`errors.for_http_status`), 494 as the standard 431.
        400: (400, errors.ApiError({"request": ["bad request"]}).body()),
        404: (404, errors.route_not_found().body()),
        413: (413, errors.too_large().body()),
        414: (414, errors.uri_too_long(limits.URL_MAX).body()),
        494: (431, errors.for_http_status(431, "Request Header Fields Too Large").body()),
        **{code: (code, errors.for_http_status(code, reason).body()) for code, reason in REASONS.items()},
    }
    pages = error_pages(nginx_conf)
    assert {code: (status, body) for code, (status, body, _) in pages.items()} == expected
    for code, (_, _, added) in pages.items():
        assert added.pop("X-Request-ID") == "$conduit_request_id", code
        assert added == headers.security_headers(None), code


def test_nginx_answers_a_second_authorization_header_as_the_api_does(nginx_conf: str) -> None:
    """nginx refuses it itself (400) before a backend can: answered 401 `token: is invalid`."""
    block = re.search(r"location = /\.errors/400 \{(.*?)\n    \}", nginx_conf, re.DOTALL)
    assert block is not None
    branch = re.search(r"if \(\$http_authorization\) \{\s*return (\d+) '([^']*)';", block.group(1))
    assert branch is not None
    assert (int(branch.group(1)), json.loads(branch.group(2))) == (401, errors.token_invalid().body())


def test_pgbouncer_pools_transactions_with_the_backends_waits() -> None:
    env = compose_environment("pgbouncer", {})
    ini = render(PGBOUNCER / "pgbouncer.ini.template", env)
    assert "pool_mode = transaction" in ini
    settings = Settings.from_env(compose_environment("fastapi", {}))
    assert f"query_wait_timeout = {settings.limits.pool_timeout:g}" in ini
    assert f"server_connect_timeout = {settings.limits.connect_timeout}" in ini
    assert f"SET statement_timeout = {settings.limits.statement_timeout_ms}" in ini
    assert f"max_db_connections = {env['PGBOUNCER_POOL_SIZE']}" in ini
    assert settings.limits.transaction_pooling, "the backends behind it prepare nothing on the server"
    migrate = compose_file()["services"]["migrate"]
    assert "@db:5432/" in migrate["environment"]["DATABASE_URL"], "the migration goes straight to PostgreSQL"


def test_backends_started_without_pgbouncer_keep_their_session_settings() -> None:
    """make test-compose and the hardening suite run compose's backends straight on PostgreSQL:
    there DB_TRANSACTION_POOLING must not apply (it would drop the statement timeout)."""
    url = "postgresql+psycopg://postgres@127.0.0.1:5432/x"
    direct = Settings.from_env(service(compose_file(), "flask", url)[1])
    pooled = Settings.from_env(service(compose_file(), "flask", url, pooled=True)[1])
    assert (direct.limits.transaction_pooling, pooled.limits.transaction_pooling) == (False, True)
