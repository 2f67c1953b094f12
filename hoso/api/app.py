"""The Flask app factory: settings, database (migrated), file store, Redis, blueprints."""

from __future__ import annotations

from flask import Blueprint, Flask
from redis import Redis

from hoso import config
from hoso.api import batches, documents, dossiers, errors, health, openapi, search, users
from hoso.api.auth import authenticate_request
from hoso.api.services import EXTENSION, Services
from hoso.config import Settings
from hoso.store.db import make_engine, migrate, session_factory
from hoso.store.files import FileStore

API_PREFIX = "/api/v1"


def create_app(settings: Settings | None = None, *, redis: Redis | None = None) -> Flask:
    """The API app for ``settings`` (the environment's by default).

    Migrates the database before answering; ``redis`` replaces the client of
    ``settings.redis_url`` (connected lazily). Every ``/api/v1`` route needs a
    Bearer token; ``/health`` does not.
    """
    settings = settings or config.load()
    app = Flask(__name__, static_folder=None)
    app.config.update(MAX_CONTENT_LENGTH=settings.upload_limit_bytes)
    app.json.ensure_ascii = False          # Vietnamese readable in the JSON
    app.json.sort_keys = False
    engine = make_engine(settings.database_url, immediate=True)  # requests read, then write
    migrate(engine)
    read_engine = make_engine(settings.database_url)
    app.extensions[EXTENSION] = Services(settings, engine, session_factory(engine), FileStore(settings.files_dir),
                                         read_engine, session_factory(read_engine), redis)
    errors.init_app(app)
    api = Blueprint("api", __name__, url_prefix=API_PREFIX)
    api.before_request(authenticate_request)
    for module in (dossiers, documents, batches, users, search, openapi):
        api.register_blueprint(module.bp)
    app.register_blueprint(api)
    app.register_blueprint(health.bp)
    return app
