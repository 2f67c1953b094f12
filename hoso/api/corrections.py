"""A person's correction of a document's type and fields (``PATCH /documents/<id>``).

- ``type``: one of DOMAIN.md's types; a type set by a person has
  ``type_confidence`` 1.0. Fields that the new type does not have are dropped
  (``fields`` holds only the keys of the document's type).
- ``fields``: ``{key: value}`` merged into the current fields; every key must
  be one of the (new) type's keys; a value is NFC text with single spaces,
  and ``null`` or ``""`` removes the field.
- A corrected field's ``field_sources`` entry becomes ``"manual"`` and its
  ``field_warnings`` go: the person has checked it.

Returns the changes for the audit log: ``{"type": (before, after),
"fields.<key>": (before, after), ...}``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import object_session

from hoso.api import params
from hoso.classifiers.kinds import DOCUMENT_TYPES, FIELD_KEYS
from hoso.errors import InvalidValue
from hoso.store import search
from hoso.store.models import Document

MANUAL = "manual"
MAX_VALUE = 2000


def apply_correction(document: Document, body: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Apply ``body`` (``type``, ``fields``) to ``document``; returns what changed."""
    new_type = _type(body.get("type", document.type))
    allowed = FIELD_KEYS[new_type]
    updates = _field_updates(body.get("fields", {}), new_type, allowed)
    before_fields = dict(document.fields or {})
    fields = {k: v for k, v in before_fields.items() if k in allowed}
    for key, value in updates.items():
        if value:
            fields[key] = value
        else:
            fields.pop(key, None)
    changes: dict[str, tuple[Any, Any]] = {}
    if new_type != document.type:
        changes["type"] = (document.type, new_type)
        changes["type_confidence"] = (document.type_confidence, 1.0)
        document.type, document.type_confidence = new_type, 1.0
    for key in sorted(set(before_fields) | set(fields)):
        if before_fields.get(key) != fields.get(key):
            changes[f"fields.{key}"] = (before_fields.get(key), fields.get(key))
    if fields != before_fields:
        document.fields = fields            # new objects: in-place edits are not tracked
    touched = set(updates)
    sources = {k: v for k, v in (document.field_sources or {}).items() if k in fields and k not in touched}
    sources.update({k: MANUAL for k in touched if k in fields})
    warnings = [w for w in (document.field_warnings or [])
                if not isinstance(w, dict) or (w.get("field") in allowed and w.get("field") not in touched)]
    if sources != (document.field_sources or {}):
        document.field_sources = sources
    if warnings != (document.field_warnings or []):
        document.field_warnings = warnings
    if changes and (session := object_session(document)) is not None:
        search.reindex_document(session, document)      # in the correction's transaction
    return changes


def _type(value: Any) -> str:
    if not isinstance(value, str) or value not in DOCUMENT_TYPES:
        raise InvalidValue(f"Loại tài liệu không hợp lệ: {value!r}. Chỉ nhận: {', '.join(DOCUMENT_TYPES)}.")
    return value


def _field_updates(raw: Any, doc_type: str, allowed: tuple[str, ...]) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise InvalidValue("Trường fields phải là một đối tượng JSON {khoá: giá trị}.")
    unknown = sorted(k for k in raw if k not in allowed)
    if unknown:
        keys = ", ".join(allowed) or "(không có trường nào)"
        raise InvalidValue(f"Loại {doc_type} không có trường: {', '.join(map(str, unknown))}. Chỉ nhận: {keys}.")
    return {key: params.text(value, f"fields.{key}", max_length=MAX_VALUE) for key, value in raw.items()}
