"""``GET /api/v1/search``: full-text search over processed documents (:mod:`hoso.store.search`).

Clerks find only their office's records (the same scoping as the rest of the API).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, jsonify, request, url_for

from hoso.api import params
from hoso.api.auth import current_user, is_restricted
from hoso.api.services import services
from hoso.errors import InvalidValue
from hoso.store import search
from hoso.store.db import session_scope
from hoso.store.models import JobState

bp = Blueprint("search", __name__)
SORTS = ("relevance", "date")


def _date(name: str) -> str | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw).isoformat()
    except ValueError:
        raise InvalidValue(f"Tham số {name} phải là ngày ISO 8601 (ví dụ 2025-07-15).") from None


def search_query() -> search.SearchQuery:
    """The request's search options, checked."""
    args = request.args
    page = params.page_request()
    sort = args.get("sort", "relevance").strip() or "relevance"
    if sort not in SORTS:
        raise InvalidValue(f"Tham số sort chỉ nhận: {', '.join(SORTS)}.")
    state = args.get("state", "").strip() or None
    if state is not None and state not in {s.value for s in JobState}:
        states = ", ".join(s.value for s in JobState)
        raise InvalidValue(f"Trạng thái không hợp lệ: {state!r} (chỉ nhận {states}).")
    user = current_user()
    return search.SearchQuery(
        q=params.text(args.get("q"), "q", max_length=500),
        type=params.text(args.get("type"), "type", max_length=64) or None,
        dossier=params.text(args.get("dossier"), "dossier", max_length=64) or None,
        office=params.text(args.get("office"), "office", max_length=255) or None,
        issue_date_from=_date("issue_date_from"), issue_date_to=_date("issue_date_to"),
        uploaded_from=params.time_arg("uploaded_from"), uploaded_to=params.time_arg("uploaded_to", end_of_day=True),
        state=state, sort=sort, page=page.page, per_page=page.per_page,
        restrict_office=user.office if is_restricted(user) else None)


@bp.get("/search")
def search_documents() -> Any:
    query = search_query()
    with session_scope(services().readers) as session:
        found = search.index_for(session).search(session, query)
    items = []
    for hit in found.hits:
        item = hit.to_json()
        item["links"] = {"document": url_for("api.documents.get_document", document_id=hit.document_id),
                         "pdf": url_for("api.documents.get_pdf", document_id=hit.document_id),
                         "dossier": url_for("api.dossiers.get_dossier", code=hit.dossier_code)
                         if hit.dossier_code else None}
        items.append(item)
    return jsonify({"items": items, "page": found.page, "per_page": found.per_page, "total": found.total})
