"""``GET /api/v1/search`` and ``hoso search`` / ``hoso reindex``, on SQLite and PostgreSQL, with documents
written straight into the store (no OCR)."""

from __future__ import annotations

import sqlite3
import time

import pytest
from sqlalchemy import make_url, select, text

from hoso import cli
from hoso.store import search
from hoso.store.db import make_engine, migrate, session_scope
from hoso.store.models import Document, Dossier, JobState, Page
from tests.conftest import OFFICE_A, OFFICE_B


def stored_document(session, code: str, office: str, page_text: str, *, doc_type: str = "can_cuoc",
                    fields=None) -> int:
    dossier = session.scalar(select(Dossier).where(Dossier.code == code))
    if dossier is None:
        dossier = Dossier(code=code, office=office, procedure_name="Thủ tục")
        session.add(dossier)
    document = Document(dossier=dossier, sha256="ab" * 32, file_name="scan.png", type=doc_type,
                        type_confidence=0.9, fields=fields or {}, state=JobState.DONE.value,
                        pages=[Page(index=1, source_index=1, text=page_text)])
    session.add(document)
    session.flush()
    search.reindex_document(session, document)
    return document.id


@pytest.fixture
def api_docs(make_api, db_url):
    api = make_api(db_url)
    with api.session() as s:
        a = stored_document(s, "HS-A", OFFICE_A, "Họ và tên: NGUYỄN VĂN AN <b>", fields={"full_name": "Nguyễn Văn An"})
        b = stored_document(s, "HS-B", OFFICE_B, "Họ và tên: Nguyễn Văn Anh", fields={"full_name": "Nguyễn Văn Anh"})
    return api, a, b


def test_search_needs_a_token(api_docs):
    api, _, _ = api_docs
    assert api.client.get("/api/v1/search?q=nguyen").status_code == 401


def test_search_json_shape_and_highlighted_folded_match(api_docs):
    api, a, _ = api_docs
    response = api.get("admin", "/api/v1/search?q=nguyen+van+an")
    assert response.status_code == 200
    body = response.json
    assert (body["total"], body["page"], body["per_page"]) == (1, 1, 20)
    [hit] = body["items"]
    assert hit == {"document_id": a, "dossier_code": "HS-A", "type": "can_cuoc", "file_name": "scan.png", "page": 1,
                   "snippet": "Họ và tên: <mark>NGUYỄN</mark> <mark>VĂN</mark> <mark>AN</mark> &lt;b&gt;",
                   "exact": False,
                   "links": {"document": f"/api/v1/documents/{a}", "pdf": f"/api/v1/documents/{a}/pdf",
                             "dossier": "/api/v1/dossiers/HS-A"}}


def test_search_does_not_wait_behind_a_writer(api_docs, db_url):
    # The API's writing requests take SQLite's write lock as they begin; a search (or any read)
    # must not queue behind the workers' writes for it.
    if not db_url.startswith("sqlite"):
        pytest.skip("SQLite's database-wide write lock")
    api, a, _ = api_docs
    assert api.get("admin", "/api/v1/search?q=an").status_code == 200      # the token's use is written now
    writer = sqlite3.connect(make_url(db_url).database, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        began = time.monotonic()
        response = api.get("admin", "/api/v1/search?q=nguyen+van+an")
        assert response.status_code == 200 and [h["document_id"] for h in response.json["items"]] == [a]
        assert api.get("admin", f"/api/v1/documents/{a}").json["state"] == "done"       # other reads too
        assert api.get("admin", "/api/v1/dossiers/HS-A").status_code == 200
        assert time.monotonic() - began < 5
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_search_office_scoping(api_docs):
    api, a, b = api_docs
    def found(who: str, query: str = "nguyen") -> set[int]:
        response = api.get(who, f"/api/v1/search?{query}")
        assert response.status_code == 200, response.json
        return {h["document_id"] for h in response.json["items"]}
    assert found("admin") == {a, b}
    assert found("archivist") == {a, b}
    assert found("clerk_a") == {a}
    assert found("clerk_b") == {b}
    assert found("clerk_a", f"q=nguyen&office={OFFICE_B}") == set()     # a filter never widens the scope
    assert found("admin", f"q=nguyen&office={OFFICE_B}") == {b}


def test_search_filters_and_bad_parameters(api_docs):
    api, a, b = api_docs
    assert api.get("admin", "/api/v1/search?q=nguyen&dossier=HS-B").json["total"] == 1
    assert api.get("admin", "/api/v1/search?type=can_cuoc").json["total"] == 2
    assert api.get("admin", "/api/v1/search?q=nguyen&state=failed").json["total"] == 0
    assert api.get("admin", "/api/v1/search?q=nguyen&uploaded_from=2999-01-01").json["total"] == 0
    assert api.get("admin", "/api/v1/search?q=nguyen&per_page=1&page=2").json["items"][0]["document_id"] in {a, b}
    for bad in ("sort=best", "state=lost", "issue_date_from=15/07/2025", "per_page=500", "uploaded_to=tomorrow"):
        response = api.get("admin", f"/api/v1/search?q=nguyen&{bad}")
        assert response.status_code == 400, bad
        assert response.json["error"]["code"] == "invalid_value"


def test_search_is_in_the_openapi_document(make_api):
    api = make_api()
    operation = api.get("admin", "/api/v1/openapi.json").json["paths"]["/api/v1/search"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {
        "q", "type", "dossier", "office", "issue_date_from", "issue_date_to", "uploaded_from", "uploaded_to",
        "state", "sort", "page", "per_page"}


def test_corrected_field_is_searchable_through_the_api(api_docs):
    api, a, _ = api_docs
    assert api.get("clerk_a", "/api/v1/search?q=full_name:hoang").json["total"] == 0
    response = api.patch("clerk_a", f"/api/v1/documents/{a}", json={"fields": {"full_name": "Hoàng Thị Đào"}})
    assert response.status_code == 200, response.json
    [hit] = api.get("clerk_a", "/api/v1/search?q=full_name:hoang+dao").json["items"]
    assert hit["document_id"] == a and hit["page"] is None
    assert "<mark>Hoàng</mark>" in hit["snippet"] and "<mark>Đào</mark>" in hit["snippet"]


def test_cli_search_and_reindex(db_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", db_url)
    engine = make_engine(db_url)
    migrate(engine)
    with session_scope(engine) as s:
        doc_id = stored_document(s, "HS-CLI", OFFICE_A, "QUYẾT ĐỊNH số 123/QĐ-UBND", doc_type="quyet_dinh",
                                 fields={"document_number": "123/QĐ-UBND"})
        s.execute(text("DELETE FROM search_documents"))
    engine.dispose()
    assert cli.main(["search", "qd-ubnd"]) == 0
    assert capsys.readouterr().out.splitlines() == ["0 kết quả"]
    assert cli.main(["reindex"]) == 0
    assert capsys.readouterr().out.strip() == "đã lập chỉ mục 1 tài liệu"
    assert cli.main(["search", "document_number:123/qd-ubnd"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "1 kết quả"
    assert lines[1].split("\t")[:4] == [f"#{doc_id}", "HS-CLI", "quyet_dinh", "trang 1"]
    assert "[123]/[QĐ]-[UBND]" in lines[1]
