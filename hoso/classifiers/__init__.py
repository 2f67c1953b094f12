"""Document type and key fields.

Until the classification issue lands every document is ``khac`` with no
fields, as DOMAIN.md says of an unclassified document.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Classification:
    type: str = "khac"
    confidence: float = 0.0
    fields: dict[str, str] = field(default_factory=dict)


def classify_document(page_texts: Sequence[str]) -> Classification:
    """Type, confidence and key fields of one document from its pages' text."""
    return Classification()
