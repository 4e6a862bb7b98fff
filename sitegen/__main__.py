"""`python -m sitegen`: build the comparison site (what `make site` runs), and optionally serve it.

With `--serve HOST:PORT` the site is served after the build until interrupted:
the compose `site` service builds from the mounted reports, then serves.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from sitegen.build import ROOT, Options, build
from sitegen.serve import server


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitegen", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "site", help="output folder (default site/)")
    parser.add_argument(
        "--reports", type=Path, default=ROOT / "reports", help="reports folder (default reports/)"
    )
    parser.add_argument(
        "--fastapi-url", default="http://localhost:8001", help="the FastAPI backend's base URL"
    )
    parser.add_argument("--flask-url", default="http://localhost:8002", help="the Flask backend's base URL")
    parser.add_argument("--serve", metavar="HOST:PORT", help="serve the site there after building it")
    args = parser.parse_args(argv)
    options = Options(
        root=ROOT, out=args.out, reports=args.reports, fastapi_url=args.fastapi_url, flask_url=args.flask_url
    )
    written = build(options)
    print(f"wrote {len(written)} pages to {args.out}", flush=True)
    if args.serve:
        host, _, port = args.serve.rpartition(":")
        # As a container's first process, SIGTERM is ignored unless handled: stop as on Ctrl-C.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        with server(args.out, host or "127.0.0.1", int(port)) as httpd:
            print(f"serving {args.out} on http://{args.serve}/", flush=True)
            with contextlib.suppress(KeyboardInterrupt):
                httpd.serve_forever()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
