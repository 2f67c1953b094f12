"""Dossier records, files and search (the service issue).

- ``db``: ``make_engine(url)``, ``session_scope(engine)``, ``migrate(engine)``
- ``models``: the SQLAlchemy tables; ``states``: their state/role enums
- ``files``: ``FileStore``, content-addressed by SHA-256
- ``users``: users, roles, API tokens; ``audit``: the audit log
- ``commands``: ``hoso users …`` and ``hoso tokens …``

Submodules are imported by name; this package imports nothing itself, so
that ``hoso`` commands that need no database do not load SQLAlchemy.
"""
