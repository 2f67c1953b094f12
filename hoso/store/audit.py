"""The audit log: who changed which record, field by field."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from hoso.store.models import AuditEntity, AuditLog

Changes = Mapping[str, tuple[Any, Any] | list[Any]]


def record(session: Session, user_id: int | None, action: str, entity: str, entity_id: int,
           changes: Changes | None = None) -> AuditLog:
    """Add one audit row (in the caller's transaction); ``changes`` is ``{field: (before, after)}``.

    Dates and datetimes in ``changes`` are kept as ISO 8601 strings.
    """
    entry = AuditLog(user_id=user_id, action=action, entity=AuditEntity(entity).value, entity_id=entity_id,
                     changes={name: [_plain(before), _plain(after)]
                              for name, (before, after) in (changes or {}).items()})
    session.add(entry)
    return entry


def changes_between(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """``{field: (before, after)}`` for the fields whose value differs (missing counts as ``None``)."""
    return {name: (before.get(name), after.get(name))
            for name in sorted(set(before) | set(after)) if before.get(name) != after.get(name)}


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value
