"""Bearer tokens and who may see and change what.

Every ``/api/v1`` request carries ``Authorization: Bearer <token>``; the
token's SHA-256 is looked up (:func:`hoso.store.users.authenticate`) and the
user is kept in ``g.user`` (a detached :class:`~hoso.store.models.User`).

Role rules:

- ``clerk`` (counter staff): reads and writes only the dossiers of their own
  office (and the batches uploaded from it); another office's dossier, its
  documents and batches answer 404, exactly as if they did not exist, and
  lists leave them out. A dossier a clerk creates is always in their office.
- ``archivist`` (digitization team): reads and writes every office's
  dossiers (they scan archive boxes for all of them); no user management.
- ``admin``: everything, including ``/users`` (the only role allowed there;
  others get 403).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import g, request
from sqlalchemy import Select

from hoso.api.errors import Forbidden, ResourceNotFound, Unauthorized
from hoso.api.services import services
from hoso.store import users
from hoso.store.db import session_scope
from hoso.store.models import Batch, Document, Dossier, Role, User

F = TypeVar("F", bound=Callable[..., Any])


def authenticate_request() -> None:
    """``before_request`` of the ``/api/v1`` blueprint: sets ``g.user`` or raises 401."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if not header:
        raise Unauthorized()
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("Tiêu đề Authorization phải có dạng: Bearer <mã truy cập>.")
    # Looked up without the write lock (see ``Services.readers``); the token's use, when due, is
    # written in its own short transaction.
    with session_scope(services().readers) as session:
        found = users.lookup(session, token)
    if found is None:
        raise Unauthorized("Mã truy cập không hợp lệ, đã bị thu hồi, hoặc tài khoản đã bị khoá.")
    token_id, user, due = found
    if due:
        with session_scope(services().sessions) as session:
            users.mark_used(session, token_id)
    g.user = user


def current_user() -> User:
    return g.user


def is_restricted(user: User) -> bool:
    """Whether ``user`` is limited to their own office (clerks)."""
    return user.role == Role.CLERK.value


def require_role(*roles: Role) -> Callable[[F], F]:
    """A view decorator: 403 unless the user has one of ``roles``."""
    allowed = {r.value for r in roles}

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if current_user().role not in allowed:
                raise Forbidden()
            return view(*args, **kwargs)
        return wrapped  # type: ignore[return-value]
    return decorate


def can_access_office(user: User, office: str) -> bool:
    """Whether ``user`` may read and write records of ``office``."""
    return not is_restricted(user) or office == user.office


def check_dossier(user: User, dossier: Dossier | None, code: str = "") -> Dossier:
    """``dossier`` when ``user`` may see it; otherwise 404 as if it did not exist."""
    if dossier is None or not can_access_office(user, dossier.office):
        raise ResourceNotFound(f"Không tìm thấy hồ sơ {code!r}." if code else "Không tìm thấy hồ sơ.")
    return dossier


def check_document(user: User, document: Document | None) -> Document:
    """``document`` when ``user`` may see it: its dossier's office, or, for a batch's document
    not yet routed to a dossier, the batch's office."""
    if document is not None:
        owner = document.dossier or document.batch
        if (not is_restricted(user) if owner is None else can_access_office(user, owner.office)):
            return document
    raise ResourceNotFound("Không tìm thấy tài liệu.")


def check_batch(user: User, batch: Batch | None) -> Batch:
    """``batch`` when ``user`` may see it (a clerk: the batches of their office)."""
    if batch is None or not can_access_office(user, batch.office):
        raise ResourceNotFound("Không tìm thấy lô tài liệu.")
    return batch


def scope_dossiers(user: User, query: Select[Any]) -> Select[Any]:
    """``query`` over dossiers limited to what ``user`` may see."""
    return query.where(Dossier.office == user.office) if is_restricted(user) else query
