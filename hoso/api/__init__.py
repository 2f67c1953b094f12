"""The HTTP API: JSON under ``/api/v1`` (Bearer tokens), ``/health``, an OpenAPI document.

``create_app(settings=None, *, redis=None)`` builds the Flask app; ``hoso serve``
runs it under waitress. Modules: ``app`` (the factory), ``auth`` (tokens, role
rules), ``errors`` (JSON errors), one blueprint module per resource
(``dossiers``, ``documents``, ``batches``, ``users``, ``health``, ``openapi``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask
    from redis import Redis

    from hoso.config import Settings

__all__ = ["create_app"]


def create_app(settings: Settings | None = None, *, redis: Redis | None = None) -> Flask:
    """The API app; see :func:`hoso.api.app.create_app` (imported here on call, so that
    ``hoso`` commands that import ``hoso.api.serve`` do not load Flask)."""
    from hoso.api.app import create_app as factory
    return factory(settings, redis=redis)
