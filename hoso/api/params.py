"""Reading what a request sends: JSON bodies, text values, pages of a list, dates.

Anything malformed is a 400 ``invalid_value`` with a Vietnamese message that
names the parameter.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from flask import request

from hoso.api.serialize import LOCAL_TIME
from hoso.errors import InvalidValue

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100


def json_body(allowed: Collection[str], required: Collection[str] = ()) -> dict[str, Any]:
    """The request's JSON object; 400 for another body, an unknown key or a missing one."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise InvalidValue("Nội dung yêu cầu phải là một đối tượng JSON (Content-Type: application/json).")
    unknown = sorted(set(body) - set(allowed))
    if unknown:
        raise InvalidValue(f"Trường không được hỗ trợ: {', '.join(unknown)}. "
                           f"Chỉ nhận: {', '.join(sorted(allowed))}.")
    missing = [key for key in required if not body.get(key)]
    if missing:
        raise InvalidValue(f"Thiếu trường bắt buộc: {', '.join(missing)}.")
    return body


def text(value: Any, name: str, *, max_length: int = 500) -> str:
    """``value`` as NFC text with single spaces; 400 when it is not a string or too long."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidValue(f"Trường {name} phải là chuỗi ký tự.")
    cleaned = " ".join(unicodedata.normalize("NFC", value).split())
    if len(cleaned) > max_length:
        raise InvalidValue(f"Trường {name} dài quá {max_length} ký tự.")
    return cleaned


@dataclass(frozen=True, slots=True)
class PageRequest:
    page: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def page_request() -> PageRequest:
    """``?page=`` (from 1) and ``?per_page=`` (1 to 100, default 20)."""
    page = _positive_int("page", 1)
    per_page = _positive_int("per_page", DEFAULT_PER_PAGE)
    if per_page > MAX_PER_PAGE:
        raise InvalidValue(f"Tham số per_page tối đa là {MAX_PER_PAGE}.")
    return PageRequest(page, per_page)


def _positive_int(name: str, default: int) -> int:
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise InvalidValue(f"Tham số {name} phải là số nguyên dương.")
    return int(raw)


def time_arg(name: str, *, end_of_day: bool = False) -> datetime | None:
    """``?name=`` as an aware datetime: ISO 8601 date or datetime, in Vietnam's time unless it
    carries an offset. A date alone is the start of that day, or its last microsecond with
    ``end_of_day`` (so that ``created_to=2025-07-15`` includes the whole day)."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    try:
        if len(raw) == 10:
            day = date.fromisoformat(raw)
            start = datetime.combine(day, time(), tzinfo=LOCAL_TIME)
            return start + timedelta(days=1, microseconds=-1) if end_of_day else start
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise InvalidValue(f"Tham số {name} phải là ngày hoặc thời điểm ISO 8601 "
                           f"(ví dụ 2025-07-15 hoặc 2025-07-15T08:00:00+07:00).") from None
    return value if value.tzinfo is not None else value.replace(tzinfo=LOCAL_TIME)
