"""``GET /health``: the state of the database, Redis, Tesseract and the workers.

No token needed, and nothing secret in it: no URLs, hosts, passwords or
tokens, only states, versions and counts. 200 with ``"status": "ok"`` when
uploads will be processed; 503 with ``"degraded"`` when something they need
is down or missing (no database, no Redis, no worker, a missing tool).
The tool probe runs subprocesses, so its answer is kept for a minute.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from flask import Blueprint, current_app, jsonify
from redis.exceptions import RedisError
from rq import Worker
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from hoso.api.services import Services, services
from hoso.errors import ToolError
from hoso.ocr import tesseract
from hoso.tools import probe

bp = Blueprint("health", __name__)
TOOLS_TTL_S = 60.0
_tools_lock = threading.Lock()


@bp.get("/health")
def health() -> Any:
    svc = services()
    report = {"database": _database(svc), "redis": _redis(svc), "tesseract": _tools(svc)}
    workers = report["redis"].pop("workers", None)
    report["workers"] = workers
    ok = (report["database"]["status"] == "ok" and report["redis"]["status"] == "ok"
          and not report["tesseract"]["missing"] and bool(workers))
    return jsonify({"status": "ok" if ok else "degraded", **report}), 200 if ok else 503


def _database(svc: Services) -> dict[str, Any]:
    try:
        with svc.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as e:
        current_app.logger.warning("health: database unreachable: %s", e)
        return {"status": "unavailable", "backend": svc.engine.dialect.name}
    return {"status": "ok", "backend": svc.engine.dialect.name}


def _redis(svc: Services) -> dict[str, Any]:
    try:
        svc.redis.ping()
        workers = Worker.count(connection=svc.redis)
    except RedisError as e:
        current_app.logger.warning("health: redis unreachable: %s", e)
        return {"status": "unavailable"}
    return {"status": "ok", "workers": workers}


def _tools(svc: Services) -> dict[str, Any]:
    """Tesseract's version and languages and what is missing, probed at most once a minute."""
    cache = current_app.extensions.setdefault("hoso.health", {})
    with _tools_lock:
        if "report" not in cache or time.monotonic() - cache["at"] > TOOLS_TTL_S:
            cache["report"] = _probe(svc)
            cache["at"] = time.monotonic()
        return cache["report"]


def _probe(svc: Services) -> dict[str, Any]:
    try:
        version, languages = tesseract.version(), sorted(tesseract.languages())
    except ToolError:
        version, languages = None, []
    return {"version": version, "languages": languages, "missing": list(probe(svc.settings).missing)}
