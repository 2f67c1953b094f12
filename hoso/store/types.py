"""Column types shared by the models: UTC datetimes, NFC strings, JSON.

The types behave the same on SQLite and PostgreSQL, so that code above the
store never checks which database it talks to.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from sqlalchemy import JSON, DateTime, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

# JSON everywhere, JSONB on PostgreSQL (indexable, compact). Assign a new
# value to change one: in-place edits of a loaded dict/list are not tracked.
JSONType = JSON().with_variant(JSONB(), "postgresql")


def utcnow() -> datetime:
    """Now, timezone-aware, in UTC: the one clock of the store."""
    return datetime.now(UTC)


def nfc(value: str | None) -> str | None:
    """``value`` in Unicode NFC (TCVN 6909); ``None`` stays ``None``."""
    return None if value is None else unicodedata.normalize("NFC", value)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime stored in UTC; naive datetimes are refused.

    SQLite has no time zone type: values are stored as naive UTC and come
    back with ``tzinfo=UTC``. PostgreSQL stores ``timestamptz``; values come
    back converted to UTC whatever the session's ``TimeZone``.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: use an aware one (hoso.store.types.utcnow)")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class NFCString(TypeDecorator[str]):
    """A string normalised to NFC when written and when compared in a query.

    The models also normalise on attribute assignment (see ``models.py``),
    so the Python object and the row agree before a flush.
    """

    impl = String
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return nfc(value)
