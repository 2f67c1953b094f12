"""Document type and key fields of one document (DOMAIN.md ``documents[]``).

Type from the text (or the ID card's QR code), then the fields of that type:
read from the OCR text (in reading order, and row by row from the word boxes
where a form's labels and values stand in columns), overridden by the QR code where it has them
(``field_sources``), validated; a value that fails validation is moved to
``field_warnings`` and never returned as if it were good.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from hoso.classifiers import validate
from hoso.classifiers.doctype import TypeGuess, classify_type
from hoso.classifiers.fields_admin import extract_admin
from hoso.classifiers.fields_citizen import CITIZEN_KINDS, extract_citizen, rows_text
from hoso.classifiers.geometry import line_gaps, page_rows
from hoso.classifiers.idcard_qr import parse_cccd_qr
from hoso.classifiers.kinds import ADMINISTRATIVE
from hoso.digitize.model import PageResult

DATE_FIELDS = ("issue_date", "date_of_birth", "expiry_date")


@dataclass(frozen=True, slots=True)
class Classification:
    type: str = "khac"
    confidence: float = 0.0
    fields: dict[str, str] = field(default_factory=dict)
    field_warnings: tuple[dict[str, str], ...] = ()
    field_sources: dict[str, str] = field(default_factory=dict)


def _document_text(pages: Sequence[PageResult]) -> tuple[str, list[float] | None]:
    """The pages' text joined as blocks, and per-line gaps when every page has words."""
    texts = [page.text for page in pages if page.text]
    gaps: list[float] | None = []
    for page in (p for p in pages if p.text):
        if not page.words:
            gaps = None
            break
        if gaps:
            gaps.append(0.0)  # the blank line between pages
        gaps.extend(line_gaps(page.words))
    text = "\n\n".join(texts)
    if gaps is not None and len(gaps) != len(text.splitlines()):
        gaps = None
    return text, gaps


def _rows_text(pages: Sequence[PageResult], kind: str) -> str | None:
    """The pages read row by row, when every page with text has its words."""
    if any(page.text and not page.words for page in pages):
        return None
    return "\n\n".join(rows_text(page_rows(page.words), kind) for page in pages if page.words)


def _extract(guess: TypeGuess, text: str, gaps: list[float] | None,
             pages: Sequence[PageResult]) -> dict[str, str]:
    if guess.type in ADMINISTRATIVE:
        return extract_admin(text, guess.title_line, gaps)
    if guess.type in CITIZEN_KINDS:
        return extract_citizen(guess.type, text, _rows_text(pages, guess.type))
    return {}


def _validated(fields: dict[str, str]) -> tuple[dict[str, str], tuple[dict[str, str], ...]]:
    warnings: list[validate.FieldWarning] = []
    for key in DATE_FIELDS:
        if key in fields:
            warnings += validate.check_date(fields[key], field=key)
    if "id_number" in fields:
        warnings += validate.check_id_number(fields["id_number"], fields.get("date_of_birth"),
                                             fields.get("sex"))
    if "enterprise_code" in fields:
        warnings += validate.check_enterprise_code(fields["enterprise_code"])
    bad = {w.field for w in warnings}
    return ({k: v for k, v in fields.items() if k not in bad},
            tuple(w.to_json() for w in warnings))


def classify_document(pages: Sequence[PageResult]) -> Classification:
    """Type, confidence and key fields of one document from its pages
    (text, words with boxes, QR payloads)."""
    text, gaps = _document_text(pages)
    id_qr = next((found for page in pages for payload in page.qr_payloads
                  if (found := parse_cccd_qr(payload))), None)
    guess = classify_type(text, has_id_qr=id_qr is not None)
    fields = _extract(guess, text, gaps, pages)
    sources: dict[str, str] = {}
    if id_qr and guess.type == "can_cuoc":
        fields.update(id_qr)
        sources = {key: "qr" for key in id_qr}
    fields, warnings = _validated(fields)
    return Classification(type=guess.type, confidence=guess.confidence, fields=fields,
                          field_warnings=warnings,
                          field_sources={k: v for k, v in sources.items() if k in fields})
