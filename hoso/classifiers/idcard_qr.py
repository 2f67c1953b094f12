"""The QR code of a chip citizen ID card (CCCD / thẻ căn cước).

Payload: ``id_number|old_id_number|full_name|ddmmyyyy birth|sex|address|ddmmyyyy issue``
(DOMAIN.md). When it is readable it beats OCR for the fields it carries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hoso.classifiers import normalize
from hoso.ocr.text import fix_lookalikes


@dataclass(frozen=True, slots=True)
class CccdQr:
    """A decoded card QR; empty strings for parts that were missing or unreadable."""

    id_number: str
    old_id_number: str = ""
    full_name: str = ""
    date_of_birth: str = ""  # ISO
    sex: str = ""            # "Nam" / "Nữ"
    place_of_residence: str = ""
    issue_date: str = ""     # ISO; not a can_cuoc field (DOMAIN.md), kept for the caller

    def fields(self) -> dict[str, str]:
        """The can_cuoc key fields the QR carries (issue date and old ID excluded)."""
        values = {"id_number": self.id_number, "full_name": self.full_name,
                  "date_of_birth": self.date_of_birth, "sex": self.sex,
                  "place_of_residence": self.place_of_residence}
        return {k: v for k, v in values.items() if v}


def _parts(payload: str) -> list[str] | None:
    parts = [p.strip() for p in fix_lookalikes(payload).strip().strip("\ufeff").split("|")]
    if len(parts) < 3 or not re.fullmatch(r"\d{12}", parts[0], flags=re.ASCII):
        return None
    if not re.fullmatch(r"\d*", parts[1], flags=re.ASCII):
        parts.insert(1, "")  # the old-ID part left out altogether
    return parts + [""] * (7 - len(parts))


def _date(part: str) -> str:
    return (normalize.parse_date(part) or "") if re.fullmatch(r"\d{8}", part) else ""


def read_cccd_qr(payload: str) -> CccdQr | None:
    """Every part of a card QR payload, or None when it is not one.

    Tolerant of an empty or left-out old ID, of missing trailing parts and of
    extra ones (ignored). Not a card: fewer than three parts, or a first part
    that is not 12 digits.
    """
    parts = _parts(payload)
    if parts is None:
        return None
    return CccdQr(
        id_number=parts[0],
        old_id_number=parts[1],
        full_name=normalize.name(parts[2]) or "",
        date_of_birth=_date(parts[3]),
        sex=normalize.sex(parts[4]) or "",
        place_of_residence=normalize.clean_value(parts[5]) or "",
        issue_date=_date(parts[6]),
    )


def parse_cccd_qr(payload: str) -> dict[str, str] | None:
    """The can_cuoc fields of a card QR payload (see ``CccdQr.fields``), or None."""
    card = read_cccd_qr(payload)
    return None if card is None else card.fields()
