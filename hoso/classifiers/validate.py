"""Validation of key-field values (DOMAIN.md): a failing value is reported, not kept.

Each check returns a list of ``FieldWarning``; empty means the value passes.
The caller leaves a value with a warning out of ``fields`` and puts the
warning's ``to_json()`` in the document's ``field_warnings``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

INVALID_ID_NUMBER = "invalid_id_number"
ID_NUMBER_MISMATCH = "id_number_mismatch"
INVALID_DATE = "invalid_date"
INVALID_ENTERPRISE_CODE = "invalid_enterprise_code"

EARLIEST = date(1900, 1, 1)
EXPIRY_YEARS_AHEAD = 30  # an ID card runs at most ~22 years from issue (to age 25/40/60)
_FUTURE_FIELDS = frozenset({"expiry_date"})


@dataclass(frozen=True, slots=True)
class FieldWarning:
    field: str
    code: str
    value: str

    def to_json(self) -> dict[str, str]:
        return {"field": self.field, "code": self.code, "value": self.value}


def id_birth_century(id_number: str) -> int | None:
    """1900 or 2000 from the 4th digit of a 12-digit ID (0/1 → 1900s, 2/3 → 2000s), else None."""
    if not re.fullmatch(r"\d{12}", id_number, flags=re.ASCII):
        return None
    return {"0": 1900, "1": 1900, "2": 2000, "3": 2000}.get(id_number[3])


def id_birth_year(id_number: str) -> int | None:
    """The birth year encoded in a 12-digit ID (digits 4-6), or None."""
    century = id_birth_century(id_number)
    return None if century is None else century + int(id_number[4:6])


def id_sex(id_number: str) -> str | None:
    """"Nam" (4th digit even) or "Nữ" (odd) for a well-formed ID, else None."""
    if id_birth_century(id_number) is None:
        return None
    return "Nam" if int(id_number[3]) % 2 == 0 else "Nữ"


def check_id_number(id_number: str, date_of_birth: str | None = None, sex: str | None = None,
                    *, today: date | None = None) -> list[FieldWarning]:
    """Structure of a 12-digit citizen ID, and agreement with the birth date and sex.

    ``invalid_id_number``: not 12 digits, a province code outside 001–099, a
    century/sex digit other than 0–3, or a birth year after ``today``.
    ``id_number_mismatch``: the year of ``date_of_birth`` (ISO) or ``sex``
    ("Nam"/"Nữ") disagrees with the ID. The province of birth registration
    is not checked against a list of codes.
    """
    today = today or date.today()
    year = id_birth_year(id_number)
    if year is None or id_number[:3] == "000" or id_number[0] != "0" or year > today.year:
        return [FieldWarning("id_number", INVALID_ID_NUMBER, id_number)]
    born = _parse_iso(date_of_birth) if date_of_birth else None
    if (born is not None and born.year != year) or (sex in ("Nam", "Nữ") and sex != id_sex(id_number)):
        return [FieldWarning("id_number", ID_NUMBER_MISMATCH, id_number)]
    return []


def _parse_iso(iso: str) -> date | None:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso, flags=re.ASCII):
        return None
    try:
        return date.fromisoformat(iso)
    except ValueError:
        return None


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def check_date(iso: str, *, field: str, not_before: date = EARLIEST, not_after: date | None = None,
               today: date | None = None) -> list[FieldWarning]:
    """``invalid_date`` unless ``iso`` is a real ``YYYY-MM-DD`` in [not_before, not_after].

    ``not_after`` defaults to ``today`` (a birth or issue date is never in the
    future), and for ``expiry_date`` to ``EXPIRY_YEARS_AHEAD`` years after it.
    """
    today = today or date.today()
    if not_after is None:
        not_after = _years_later(today, EXPIRY_YEARS_AHEAD) if field in _FUTURE_FIELDS else today
    day = _parse_iso(iso)
    if day is None or not not_before <= day <= not_after:
        return [FieldWarning(field, INVALID_DATE, iso)]
    return []


def check_enterprise_code(code: str) -> list[FieldWarning]:
    """``invalid_enterprise_code`` unless ``code`` is ``NNNNNNNNNN`` or ``NNNNNNNNNN-BBB``
    (DOMAIN.md: 10 digits, or 10-3 for a branch).

    The tax code's check digit is deliberately not checked: codes issued
    before it was used, and test data that ignores it, must still pass.
    """
    ok = re.fullmatch(r"\d{10}(?:-\d{3})?", code, flags=re.ASCII) is not None
    return [] if ok else [FieldWarning("enterprise_code", INVALID_ENTERPRISE_CODE, code)]
