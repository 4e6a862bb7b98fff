"""The scale-out stack without Docker: PgBouncer, several instances of each backend, nginx in front.

Debian's `nginx` and `pgbouncer` run on the very templates docker compose mounts (deploy/nginx,
deploy/pgbouncer), rendered with envsubst and the compose services' own variables; only the
addresses change (127.0.0.1, free ports, a temporary directory). `make test-scale` drives it
(tests/scale/); every process is started here and stopped by its PID.
"""
