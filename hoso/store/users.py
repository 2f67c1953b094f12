"""Users, their roles and API tokens (only a token's SHA-256 is stored)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hoso.errors import AlreadyExists, InvalidValue, UnknownUser
from hoso.store import audit
from hoso.store.models import ApiToken, AuditEntity, Role, User
from hoso.store.types import nfc, utcnow

TOKEN_PREFIX = "hoso_"


LAST_USED_PRECISION = timedelta(minutes=1)


def hash_token(token: str) -> str:
    """The SHA-256 hex digest under which a token is stored and looked up."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def parse_role(role: str) -> Role:
    try:
        return Role(role.strip().lower())
    except ValueError:
        allowed = ", ".join(r.value for r in Role)
        raise InvalidValue(f"Vai trò không hợp lệ: {role!r} (chỉ nhận {allowed}).") from None


def add_user(session: Session, name: str, role: str, office: str = "", *,
             actor_id: int | None = None) -> User:
    """A new active user; :class:`AlreadyExists` when the name is taken."""
    name = " ".join((nfc(name) or "").split())
    if not name:
        raise InvalidValue("Tên người dùng không được để trống.")
    user = User(name=name, role=parse_role(role).value, office=" ".join(office.split()), active=True)
    if session.scalar(select(User.id).where(User.name == name)) is not None:
        raise AlreadyExists(f"Đã có người dùng tên {name!r}.")
    try:
        with session.begin_nested():
            session.add(user)
    except IntegrityError as e:      # added by someone else meanwhile
        raise AlreadyExists(f"Đã có người dùng tên {name!r}.", detail=str(e.orig)) from e
    audit.record(session, actor_id, "user.add", AuditEntity.USER, user.id,
                 {"name": (None, user.name), "role": (None, user.role), "office": (None, user.office)})
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.name)))


def get_user(session: Session, name: str) -> User:
    """The user named ``name``; :class:`UnknownUser` when there is none."""
    user = session.scalar(select(User).where(User.name == " ".join(name.split())))
    if user is None:
        raise UnknownUser(f"Không tìm thấy người dùng {name!r}.")
    return user


def disable_user(session: Session, name: str, *, actor_id: int | None = None) -> User:
    """Disable a user: their tokens stop working; the row and its history stay."""
    user = get_user(session, name)
    if user.active:
        user.active = False
        audit.record(session, actor_id, "user.disable", AuditEntity.USER, user.id, {"active": (True, False)})
    return user


def create_token(session: Session, user: User, label: str = "", *, actor_id: int | None = None) -> str:
    """A new API token for ``user``: the plaintext is returned here, once, and never stored."""
    if not user.active:
        raise InvalidValue(f"Người dùng {user.name!r} đã bị khoá.")
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, token_hash=hash_token(plaintext), label=label.strip())
    session.add(token)
    session.flush()
    audit.record(session, actor_id, "token.create", AuditEntity.TOKEN, token.id,
                 {"user_id": (None, user.id), "label": (None, token.label)})
    return plaintext


def revoke_token(session: Session, token_id: int, *, actor_id: int | None = None) -> ApiToken:
    """Revoke a token by id (idempotent)."""
    token = session.get(ApiToken, token_id)
    if token is None:
        raise InvalidValue(f"Không có mã truy cập số {token_id}.")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record(session, actor_id, "token.revoke", AuditEntity.TOKEN, token.id,
                     {"revoked_at": (None, token.revoked_at)})
    return token


def authenticate(session: Session, token: str) -> User | None:
    """The active user holding ``token``, or ``None`` (unknown, revoked, disabled user).

    Marks the token as used now, at most once a minute (``LAST_USED_PRECISION``): a
    request is not a database write just for that.
    """
    found = lookup(session, token)
    if found is None:
        return None
    token_id, user, due = found
    if due:
        mark_used(session, token_id)
    return user


def lookup(session: Session, token: str) -> tuple[int, User, bool] | None:
    """Without writing: the id of ``token``, its active user, and whether its use is due to be
    written (:func:`mark_used`); ``None`` for an unknown or revoked token or a disabled user."""
    found = session.execute(
        select(ApiToken, User).join(User, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == hash_token(token), ApiToken.revoked_at.is_(None), User.active.is_(True))
    ).first()
    if found is None:
        return None
    api_token, user = found
    due = api_token.last_used_at is None or utcnow() - api_token.last_used_at >= LAST_USED_PRECISION
    return api_token.id, user, due


def mark_used(session: Session, token_id: int) -> None:
    """Write that token ``token_id`` was used now."""
    session.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=utcnow()))

