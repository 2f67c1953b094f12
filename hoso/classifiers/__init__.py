"""Document type and key fields of one document (DOMAIN.md ``documents[]``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from hoso.classifiers.doctype import classify_type
from hoso.classifiers.idcard_qr import parse_cccd_qr
from hoso.digitize.model import PageResult


@dataclass(frozen=True, slots=True)
class Classification:
    type: str = "khac"
    confidence: float = 0.0
    fields: dict[str, str] = field(default_factory=dict)
    field_warnings: tuple[dict[str, str], ...] = ()
    field_sources: dict[str, str] = field(default_factory=dict)


def classify_document(pages: Sequence[PageResult]) -> Classification:
    """Type, confidence and key fields of one document from its pages
    (text, words with boxes, QR payloads)."""
    text = "\n\n".join(page.text for page in pages if page.text)
    id_qr = next((found for page in pages for payload in page.qr_payloads
                  if (found := parse_cccd_qr(payload))), None)
    guess = classify_type(text, has_id_qr=id_qr is not None)
    return Classification(type=guess.type, confidence=guess.confidence)
