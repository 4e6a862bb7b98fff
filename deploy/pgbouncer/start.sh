#!/bin/sh
# Render /etc/pgbouncer/templates/*.template with envsubst (every variable of the environment, as the
# official nginx image does) into $PGBOUNCER_RUN_DIR, then run PgBouncer in the foreground on it.
set -eu
run_dir="${PGBOUNCER_RUN_DIR:-/tmp/pgbouncer}"
mkdir -p "$run_dir"
defined=$(env | sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\)=.*/${\1}/p' | tr '\n' ' ')
for template in /etc/pgbouncer/templates/*.template; do
  envsubst "$defined" < "$template" > "$run_dir/$(basename "$template" .template)"
done
chmod 600 "$run_dir"/*
exec pgbouncer "$run_dir/pgbouncer.ini"
