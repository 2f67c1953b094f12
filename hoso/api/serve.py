"""``hoso serve``: the API under waitress (a pure-Python threaded WSGI server).

This module imports neither Flask nor waitress until the command runs, so
that other ``hoso`` commands stay quick to start.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import sys
from typing import Any

from hoso import config
from hoso.errors import HosoError

log = logging.getLogger("hoso.api")


def register(sub: Any) -> None:
    """Add ``serve`` to the ``hoso`` subcommands."""
    s = sub.add_parser("serve", help="chạy API HTTP (JSON /api/v1, /health) bằng waitress")
    s.add_argument("--host", default=None, help="địa chỉ lắng nghe (mặc định: HOSO_API_HOST hoặc 127.0.0.1)")
    s.add_argument("--port", type=int, default=None, help="cổng (mặc định: HOSO_API_PORT hoặc 8000)")
    s.add_argument("--threads", type=int, default=None, help="số luồng xử lý yêu cầu (mặc định: HOSO_API_THREADS)")
    s.set_defaults(func=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    flags = {"api_host": args.host, "api_port": args.port, "api_threads": args.threads}
    settings = dataclasses.replace(config.load(), **{k: v for k, v in flags.items() if v is not None})
    if not 0 < settings.api_port < 65536 or settings.api_threads < 1:
        print("error: --port phải trong 1..65535 và --threads ≥ 1", file=sys.stderr)
        return 2
    import waitress

    from hoso.api.app import create_app
    try:
        app = create_app(settings)          # migrates the database first
    except HosoError as e:
        print(f"error: {e.message} ({e.detail})", file=sys.stderr)
        return 1
    logging.getLogger("hoso").setLevel(logging.INFO)
    log.info("hoso API on http://%s:%d (%d threads)", settings.api_host, settings.api_port, settings.api_threads)
    # waitress buffers a whole body before the app sees it, and answers one over its own limit
    # in plain text: give it room so that the app's JSON 413 answers an upload a little too large.
    waitress.serve(app, host=settings.api_host, port=settings.api_port, threads=settings.api_threads,
                   ident="hoso", max_request_body_size=2 * settings.upload_limit_bytes)
    return 0
