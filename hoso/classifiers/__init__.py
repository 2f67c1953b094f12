"""Document type and key fields.

Until the classification issue lands every document is ``khac`` with no
fields, as DOMAIN.md says of an unclassified document.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

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
    return Classification()
