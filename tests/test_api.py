"""The HTTP API (hoso.api) with Flask's test client, a real database, a real Redis and real RQ jobs.

The core flow (create, upload, process, read, download, idempotent re-upload)
runs on SQLite and on PostgreSQL with one OCR'd page at 200 dpi; the other
tests use blank pages or documents written straight into the store where
only the API's behaviour matters.
"""

from __future__ import annotations

import io
import json
import os
import re
import socket
import subprocess
import sys
import time
import unicodedata
import urllib.request
import urllib.error
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from hoso.config import Limits
from hoso.queue import records
from hoso.queue.connection import fetch_job
from hoso.queue.enqueue import document_job_id
from hoso.store.models import AuditLog, Batch, Document, Dossier, JobState, OcrResult, Page, User
from tests.conftest import ARCHIVE_OFFICE, OFFICE_A, OFFICE_B, ROOT, pdf_of_images
from tests.synth import degrade, render_blank, render_document, render_separator, save_scan

DPI = 200
OFFSET = "+07:00"
LOCAL_TIME = ZoneInfo("Asia/Ho_Chi_Minh")


def png(image, dpi: int = DPI) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG", dpi=(dpi, dpi))
    return buf.getvalue()


def blank_png(tag: int) -> bytes:
    """A small blank page; ``tag`` makes the bytes differ."""
    image = render_blank(dpi=50).image
    image.putpixel((tag % image.width, 0), 254)
    return png(image, 50)


@pytest.fixture(scope="module")
def decision_scan(tmp_path_factory):
    """A scanned Quyết định (200 dpi, slightly skewed) as PNG bytes, with its truth."""
    page = render_document("quyet_dinh", 21)
    path = tmp_path_factory.mktemp("scan") / "quyết định.png"
    save_scan(degrade(page, seed=21, skew=1.5, dpi=DPI), path, "png")
    return path.read_bytes(), page


def done_document(api, code: str, *, doc_type: str = "can_cuoc", fields=None, warnings=None) -> int:
    """A processed document written straight into the store (for tests of reading and correcting)."""
    with api.session() as s:
        dossier = s.scalar(select(Dossier).where(Dossier.code == code))
        document = records.new_document(s, dossier_id=dossier.id, sha256="ab" * 32, file_name="cccd.png",
                                        media_type="image/png", size_bytes=10)
        document.state, document.type, document.type_confidence = JobState.DONE.value, doc_type, 0.9
        document.fields = fields if fields is not None else {"full_name": "Nguyễn Văn An", "sex": "Nam"}
        document.field_warnings = warnings or []
        document.field_sources = {"full_name": "qr"}
        document.pages = [Page(index=1, source_index=1, text="CĂN CƯỚC", confidence=90.0, dpi=300)]
        s.flush()
        return document.id


# --- the core flow -------------------------------------------------------------

def test_api_upload_process_read_download_and_reupload(make_api, db_url, decision_scan):
    data, truth = decision_scan
    api = make_api(db_url)
    created = api.post("clerk_a", "/api/v1/dossiers", json={"procedure_name": "Công bố quyết định",
                                                            "applicant_name": "Nguyễn Thị Hồng"})
    assert created.status_code == 201 and created.headers["Location"].endswith(created.json["code"])
    code = created.json["code"]
    assert re.fullmatch(r"HS-\d{6}-[A-Z2-9]{6}", code) and created.json["office"] == OFFICE_A
    assert created.json["created_at"].endswith(OFFSET)

    uploaded = api.upload("clerk_a", code, (data, "quyết định.png"))
    assert uploaded.status_code == 202, uploaded.json
    [entry] = uploaded.json["documents"]
    assert (entry["state"], entry["duplicate"]) == ("queued", False)
    doc_url = f"/api/v1/documents/{entry['id']}"
    queued = api.get("clerk_a", doc_url).json
    assert queued["progress"] == {"pages_done": 0, "pages_total": None} and queued["error"] is None
    assert api.queued_jobs() == [document_job_id(entry["id"])]
    not_ready = api.get("clerk_a", f"{doc_url}/pdf")
    assert not_ready.status_code == 404 and not_ready.json["error"]["code"] == "not_ready"

    api.work()
    document = api.get("clerk_a", doc_url).json
    assert document["state"] == "done" and document["error"] is None
    assert document["type"] == "quyet_dinh" and document["type_confidence"] > 0.5
    assert document["fields"]["document_number"] == truth.fields["document_number"]
    assert document["progress"] == {"pages_done": 1, "pages_total": 1}
    [page] = document["pages"]
    assert page["dpi"] == DPI and page["confidence"] > 50
    assert truth.fields["document_number"].split("/")[0] in page["text"]
    assert document["processed_at"].endswith(OFFSET) and document["dossier_code"] == code
    pdf = api.get("clerk_a", document["links"]["pdf"])
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    original = api.get("clerk_a", document["links"]["original"])
    assert original.status_code == 200 and original.data == data and original.mimetype == "image/png"
    assert "attachment" in original.headers["Content-Disposition"]
    assert "quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh.png" in original.headers["Content-Disposition"]
    listed = api.get("clerk_a", f"/api/v1/dossiers/{code}").json["documents"]
    assert [(d["id"], d["state"], d["type"]) for d in listed] == [(entry["id"], "done", "quyet_dinh")]

    # The same bytes into the same dossier: the same document, nothing queued.
    again = api.upload("clerk_a", code, (data, "bản sao.png"))
    assert again.status_code == 202
    assert again.json["documents"][0] | {"links": None} == {"id": entry["id"], "state": "done", "duplicate": True,
                                                           "file_name": "quyết định.png", "links": None}
    assert api.queued_jobs() == [] and api.count(Document) == 1

    # Into another dossier: a new document, done from the stored OCR result.
    other = api.dossier("clerk_a", "HS-A-2")["code"]
    copy = api.upload("clerk_a", other, (data, "bản sao.png")).json["documents"][0]
    assert copy["id"] != entry["id"] and copy["duplicate"] is False
    api.work()
    assert fetch_job(api.redis, document_job_id(copy["id"])).return_value()["reused"] is True
    copied = api.get("clerk_a", f"/api/v1/documents/{copy['id']}").json
    assert (copied["state"], copied["type"], copied["fields"]) == ("done", "quyet_dinh", document["fields"])
    assert api.count(OcrResult) == 1 and len(api.stored_files()) == 2    # the original and one PDF


def test_upload_several_files_at_once(make_api):
    api = make_api()
    api.dossier("clerk_a", "HS-1")
    first, second = blank_png(1), blank_png(2)
    response = api.upload("clerk_a", "HS-1", (first, "a.png"), (second, "b.png"), (first, "a lần nữa.png"))
    assert response.status_code == 202
    answer = response.json["documents"]
    assert [d["duplicate"] for d in answer] == [False, False, True]
    assert answer[2]["id"] == answer[0]["id"] != answer[1]["id"]
    assert sorted(api.queued_jobs()) == sorted(document_job_id(d["id"]) for d in answer[:2])
    with api.session() as s:
        rows = s.scalars(select(Document).order_by(Document.id)).all()
        assert [(d.file_name, d.media_type, d.state, d.uploaded_by is not None) for d in rows] == [
            ("a.png", "image/png", "queued", True), ("b.png", "image/png", "queued", True)]
        assert s.scalar(select(AuditLog).where(AuditLog.action == "document.upload")) is not None


# --- refused uploads ---------------------------------------------------------------

REFUSED = [
    ("empty", b"", "scan.pdf", 400, "empty_file"),
    ("text", "Xin chào, đây là một tệp văn bản.".encode() * 10, "ghi chú.txt", 415, "unsupported_type"),
    ("gif", b"GIF89a" + b"\0" * 100, "anh.gif", 415, "unsupported_type"),
    ("over the file limit", b"%PDF-1.7\n" + b"0" * 6000, "big.pdf", 413, "too_large"),
    ("over the request limit", b"%PDF-1.7\n" + b"0" * 20000, "huge.pdf", 413, "too_large"),
]


@pytest.mark.parametrize(("case", "content", "name", "status", "code"), REFUSED, ids=[r[0] for r in REFUSED])
def test_upload_refused_stores_nothing(make_api, case, content, name, status, code):
    api = make_api(limits=Limits(max_bytes=5000), max_upload_bytes=15000)
    api.dossier("clerk_a", "HS-1")
    good = blank_png(3)
    response = api.upload("clerk_a", "HS-1", (good, "tốt.png"), (content, name))   # the good one is not kept either
    assert response.status_code == status, response.json
    assert response.is_json and response.json["error"]["code"] == code and response.json["error"]["message"]
    assert api.count(Document) == 0 and api.stored_files() == [] and api.queued_jobs() == []
    leftovers = api.settings.files_dir / ".tmp"
    assert not leftovers.exists() or list(leftovers.iterdir()) == []


def test_upload_without_file_is_400(make_api):
    api = make_api()
    api.dossier("clerk_a", "HS-1")
    response = api.post("clerk_a", "/api/v1/dossiers/HS-1/documents", data={"other": "x"},
                        content_type="multipart/form-data")
    assert response.status_code == 400 and response.json["error"]["code"] == "invalid_value"


def test_upload_with_redis_down_keeps_the_queued_row_and_answers_503(make_api):
    with socket.socket() as s:               # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]
    api = make_api(redis=f"redis://127.0.0.1:{dead}/0")
    api.dossier("clerk_a", "HS-1")
    response = api.upload("clerk_a", "HS-1", (blank_png(4), "a.png"))
    assert response.status_code == 503
    assert response.json["error"]["code"] == "queue_unavailable"
    assert "khi hàng đợi hoạt động lại" in response.json["error"]["message"]
    [entry] = response.json["documents"]
    with api.session() as s:
        assert s.get(Document, entry["id"]).state == JobState.QUEUED
    health = api.client.get("/health")
    assert health.status_code == 503 and health.json["redis"]["status"] == "unavailable"


# --- dossiers ------------------------------------------------------------------

def test_create_dossier_rules(make_api):
    api = make_api()
    forced = api.dossier("clerk_a", "HS-1", office=OFFICE_B, applicant_id_number="027 090 001 234",
                         applicant_name=unicodedata.normalize("NFD", "Trần Thị Đào"))
    assert forced["office"] == OFFICE_A                     # a clerk's dossier is in their office
    assert forced["applicant_id_number"] == "027090001234"
    assert forced["applicant_name"] == unicodedata.normalize("NFC", "Trần Thị Đào")
    assert api.dossier("archivist", "HS-2", office=OFFICE_B)["office"] == OFFICE_B
    assert api.dossier("archivist", "HS-3")["office"] == ARCHIVE_OFFICE
    for body, status, code in [
        ({"code": "HS-1", "procedure_name": "x"}, 409, "already_exists"),
        ({"code": "HS 4", "procedure_name": "x"}, 400, "invalid_value"),
        ({"code": "HS/4", "procedure_name": "x"}, 400, "invalid_value"),
        ({"applicant_name": "x"}, 400, "invalid_value"),
        ({"procedure_name": "x", "colour": "red"}, 400, "invalid_value"),
        ({"procedure_name": "x", "applicant_id_number": "12ab"}, 400, "invalid_value"),
        ({"procedure_name": 7}, 400, "invalid_value"),
        ([1, 2], 400, "invalid_value"),
    ]:
        response = api.post("clerk_a", "/api/v1/dossiers", json=body)
        assert (response.status_code, response.json["error"]["code"]) == (status, code), body
    assert api.post("admin", "/api/v1/dossiers", json={"procedure_name": "x"}).json["error"]["code"] == \
        "invalid_value"                                      # an admin without an office must name one
    audit = api.count(AuditLog, AuditLog.action == "dossier.create")
    assert audit == 3


def test_list_dossiers_paginates_and_filters(make_api):
    api = make_api()
    for k in range(5):
        api.dossier("archivist", f"HS-A-{k}", office=OFFICE_A, applicant_name=f"Nguyễn Văn {k}")
    api.dossier("archivist", "HS-B-1", office=OFFICE_B, applicant_name="Lê Thị Mai")
    with api.session() as s:
        s.execute(update(Dossier).where(Dossier.code == "HS-B-1").values(status="done"))
    page = api.get("archivist", "/api/v1/dossiers?per_page=2&page=2").json
    assert (page["total"], page["page"], page["per_page"], len(page["items"])) == (6, 2, 2, 2)
    everything = api.get("archivist", "/api/v1/dossiers?per_page=100").json["items"]
    assert [d["code"] for d in everything][:2] == ["HS-B-1", "HS-A-4"]   # newest first
    assert page["items"] == everything[2:4]

    def codes(query: str) -> list[str]:
        response = api.get("archivist", f"/api/v1/dossiers?{query}")
        assert response.status_code == 200, response.json
        return sorted(d["code"] for d in response.json["items"])
    assert codes(f"office={OFFICE_B}") == ["HS-B-1"]
    assert codes("status=done") == ["HS-B-1"]
    assert codes("q=mai") == ["HS-B-1"] and codes("q=HS-A-3") == ["HS-A-3"] and codes("q=%25") == []
    today = datetime.now(LOCAL_TIME).date()
    assert len(codes(f"created_from={today - timedelta(days=1)}&created_to={today + timedelta(days=1)}")) == 6
    assert codes(f"created_from={today + timedelta(days=2)}") == []
    assert codes("created_to=2020-01-01T00:00:00%2B07:00") == []
    for bad in ("page=0", "per_page=101", "per_page=x", "status=lost", "created_from=hôm-qua"):
        response = api.get("archivist", f"/api/v1/dossiers?{bad}")
        assert (response.status_code, response.json["error"]["code"]) == (400, "invalid_value"), bad


def test_get_dossier_lists_its_documents(make_api):
    api = make_api()
    api.dossier("clerk_a", "HS-1")
    document_id = done_document(api, "HS-1")
    dossier = api.get("clerk_a", "/api/v1/dossiers/HS-1").json
    assert [(d["id"], d["type"], d["state"]) for d in dossier["documents"]] == [(document_id, "can_cuoc", "done")]
    missing = api.get("clerk_a", "/api/v1/dossiers/HS-404")
    assert missing.status_code == 404 and missing.json["error"]["code"] == "not_found"


# --- corrections -----------------------------------------------------------------

def test_patch_document_corrects_fields_and_audits(make_api):
    api = make_api()
    api.dossier("clerk_a", "HS-1")
    warning = {"field": "id_number", "code": "id_number_mismatch", "value": "027"}
    document_id = done_document(api, "HS-1", warnings=[warning])
    url = f"/api/v1/documents/{document_id}"
    nfd_name = unicodedata.normalize("NFD", "Nguyễn  Văn   Anh")
    response = api.patch("clerk_a", url, json={"fields": {"full_name": nfd_name, "id_number": "027090001234",
                                                          "sex": None}})
    assert response.status_code == 200, response.json
    corrected = response.json
    assert corrected["fields"] == {"full_name": "Nguyễn Văn Anh", "id_number": "027090001234"}
    assert corrected["field_sources"] == {"full_name": "manual", "id_number": "manual"}
    assert corrected["field_warnings"] == []
    with api.session() as s:
        entry = s.scalar(select(AuditLog).where(AuditLog.action == "document.correct"))
        clerk = s.scalar(select(User).where(User.name == "clerk_a"))
        assert (entry.user_id, entry.entity, entry.entity_id) == (clerk.id, "document", document_id)
        assert entry.changes == {"fields.full_name": ["Nguyễn Văn An", "Nguyễn Văn Anh"],
                                 "fields.id_number": [None, "027090001234"], "fields.sex": ["Nam", None]}
        assert entry.at is not None

    # A new type: fields it does not have are dropped; its confidence is a person's.
    retyped = api.patch("clerk_a", url, json={"type": "giay_khai_sinh"}).json
    assert (retyped["type"], retyped["type_confidence"]) == ("giay_khai_sinh", 1.0)
    assert retyped["fields"] == {"full_name": "Nguyễn Văn Anh"}
    assert api.count(AuditLog, AuditLog.action == "document.correct") == 2
    unchanged = api.patch("clerk_a", url, json={"type": "giay_khai_sinh"})
    assert unchanged.status_code == 200 and api.count(AuditLog, AuditLog.action == "document.correct") == 2

    for body in ({"type": "thiep_cuoi"}, {"fields": {"id_number": "1"}}, {"fields": {"full_name": 5}},
                 {"fields": ["full_name"]}, {"state": "done"}, {"type": "khac", "fields": {"full_name": "x"}}):
        bad = api.patch("clerk_a", url, json=body)
        assert (bad.status_code, bad.json["error"]["code"]) == (400, "invalid_value"), body
    assert api.get("clerk_a", url).json["fields"] == {"full_name": "Nguyễn Văn Anh"}


def test_patch_refused_while_the_document_is_processed(make_api):
    api = make_api()
    api.dossier("clerk_a", "HS-1")
    document_id = api.upload("clerk_a", "HS-1", (blank_png(5), "a.png")).json["documents"][0]["id"]
    response = api.patch("clerk_a", f"/api/v1/documents/{document_id}", json={"type": "can_cuoc"})
    assert (response.status_code, response.json["error"]["code"]) == (409, "document_busy")
    assert api.count(AuditLog, AuditLog.action == "document.correct") == 0


# --- batches ---------------------------------------------------------------------

def test_batch_upload_routes_documents_and_reports_refusals(make_api):
    api = make_api()
    api.dossier("clerk_a", "HS-A")
    api.dossier("clerk_b", "HS-B")
    pages = [render_blank(dpi=DPI), render_separator("HS-NEW", dpi=DPI), render_blank(dpi=DPI),
             render_separator("HS-B", dpi=DPI), render_blank(dpi=DPI)]
    scan = pdf_of_images([p.image for p in pages], DPI)
    response = api.post("clerk_a", "/api/v1/batches", content_type="multipart/form-data",
                        data={"file": (io.BytesIO(scan), "hộp 7.pdf"), "dossier": "HS-A"})
    assert response.status_code == 202, response.json
    batch_id = response.json["batch_id"]
    assert api.queued_jobs("batch") == [f"batch-{batch_id}"]
    status = api.get("clerk_a", f"/api/v1/batches/{batch_id}").json
    assert (status["state"], status["documents"], status["dossier_code"]) == ("queued", [], "HS-A")

    api.work()
    status = api.get("clerk_a", f"/api/v1/batches/{batch_id}").json
    assert status["state"] == "done" and status["progress"] == {"pages_done": 5, "pages_total": 5}
    assert [(d["dossier_code"], d["pages"], d["state"]) for d in status["documents"]] == [
        ("HS-A", [1], "done"), ("HS-NEW", [3], "done")]
    [refused] = status["notes"]
    assert refused["code"] == "HS-B" and refused["pages"] == [5] and OFFICE_B in refused["reason"]
    assert api.get("clerk_a", "/api/v1/dossiers/HS-NEW").json["office"] == OFFICE_A
    assert api.get("clerk_b", "/api/v1/dossiers/HS-B").json["documents"] == []
    first = api.get("clerk_a", status["documents"][0]["links"]["self"]).json
    assert first["source_pages"] == [1] and first["batch_id"] == batch_id
    assert api.get("clerk_a", first["links"]["pdf"]).data.startswith(b"%PDF")
    assert api.get("clerk_b", f"/api/v1/batches/{batch_id}").status_code == 404
    assert api.get("archivist", f"/api/v1/batches/{batch_id}").status_code == 200

    again = api.post("clerk_a", "/api/v1/batches", content_type="multipart/form-data",
                     data={"file": (io.BytesIO(scan), "hộp 7 (2).pdf"), "dossier": "HS-A"})
    assert again.status_code == 202 and (again.json["batch_id"], again.json["duplicate"]) == (batch_id, True)
    assert api.count(Batch) == 1 and api.queued_jobs("batch") == []


def test_batch_upload_refusals(make_api):
    api = make_api()
    api.dossier("clerk_b", "HS-B")
    scan = pdf_of_images([render_blank(dpi=50).image], 50)
    for who, data, status, code in [
        ("clerk_a", {"file": (io.BytesIO(scan), "a.pdf"), "dossier": "HS-B"}, 404, "not_found"),
        ("clerk_a", {"file": (io.BytesIO(b"plain text"), "a.txt")}, 415, "unsupported_type"),
        ("clerk_a", {"note": "no file"}, 400, "invalid_value"),
        ("admin", {"file": (io.BytesIO(scan), "a.pdf")}, 400, "invalid_value"),    # no office to create in
    ]:
        response = api.post(who, "/api/v1/batches", content_type="multipart/form-data", data=data)
        assert (response.status_code, response.json["error"]["code"]) == (status, code), data
    assert api.count(Batch) == 0 and api.stored_files() == []
    archivist = api.post("archivist", "/api/v1/batches", content_type="multipart/form-data",
                         data={"file": (io.BytesIO(scan), "a.pdf"), "dossier": "HS-B", "office": OFFICE_B})
    assert archivist.status_code == 202
    with api.session() as s:
        assert s.get(Batch, archivist.json["batch_id"]).office == OFFICE_B


# --- errors, health, OpenAPI, serve ----------------------------------------------------

def test_errors_are_json_never_html(make_api, monkeypatch):
    api = make_api()
    for response, status, code in [
        (api.get("clerk_a", "/api/v1/nowhere"), 404, "not_found"),
        (api.client.get("/nowhere"), 404, "not_found"),
        (api.call("DELETE", "clerk_a", "/api/v1/dossiers"), 405, "method_not_allowed"),
        (api.get("clerk_a", "/api/v1/documents/999"), 404, "not_found"),
        (api.post("clerk_a", "/api/v1/dossiers", data="not json", content_type="text/plain"), 400, "invalid_value"),
    ]:
        assert response.status_code == status and response.mimetype == "application/json"
        assert response.json["error"]["code"] == code and response.json["error"]["message"]

    api.dossier("clerk_a", "HS-1")

    def broken(dossier):
        raise RuntimeError("secret internals at /srv/hoso")
    monkeypatch.setattr("hoso.api.dossiers.dossier_summary", broken)
    crashed = api.get("clerk_a", "/api/v1/dossiers")
    assert crashed.status_code == 500 and crashed.mimetype == "application/json"
    assert crashed.json["error"]["code"] == "internal_error" and b"secret" not in crashed.data
    assert b"Traceback" not in crashed.data


def test_health_without_token_and_without_secrets(make_api):
    from hoso.queue.worker import make_worker

    api = make_api(database_url=None)
    degraded = api.client.get("/health")
    assert degraded.status_code == 503 and degraded.json["status"] == "degraded"
    assert degraded.json["workers"] == 0 and degraded.json["redis"]["status"] == "ok"
    assert degraded.json["database"] == {"status": "ok", "backend": "sqlite"}
    worker = make_worker(api.redis, name="health-test-worker", simple=True)
    worker.register_birth()
    try:
        healthy = api.client.get("/health")
    finally:
        worker.register_death()
    assert healthy.status_code == 200, healthy.json
    report = healthy.json
    assert report["status"] == "ok" and report["workers"] == 1
    assert report["tesseract"]["version"] and "vie" in report["tesseract"]["languages"]
    assert report["tesseract"]["missing"] == []
    text = healthy.data.decode()
    assert "redis://" not in text and "sqlite:" not in text and str(api.settings.data_dir) not in text
    assert not any(token in text for token in api.tokens.values())


def test_openapi_describes_every_route(make_api):
    api = make_api()
    unauthenticated = api.client.get("/api/v1/openapi.json")
    assert unauthenticated.status_code == 401
    document = api.get("clerk_a", "/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.1")
    routes = [(rule, method) for rule in api.app.url_map.iter_rules()
              for method in rule.methods - {"HEAD", "OPTIONS"}]
    assert len(routes) >= 16
    for rule, method in routes:
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        assert path in document["paths"], path
        operation = document["paths"][path].get(method.lower())
        assert operation is not None, f"{method} {path}"
        assert operation["responses"], f"{method} {path}"
        declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
        assert declared == set(rule.arguments), f"{method} {path}"
    refs = re.findall(r'"#/components/schemas/(\w+)"', json.dumps(document))
    assert set(refs) <= set(document["components"]["schemas"])


def _http(port: int, method: str, path: str, body: bytes | None = None, **headers: str):
    """``(status, content type, JSON body)`` of one request to a server on loopback."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:
            return reply.status, reply.headers.get_content_type(), json.loads(reply.read())
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get_content_type(), json.loads(e.read())


def test_serve_answers_over_http_with_json_errors(tmp_path, redis_url):
    from hoso.store import users
    from hoso.store.db import make_engine, migrate, session_scope

    engine = make_engine(f"sqlite:///{tmp_path / 'hoso.db'}")
    migrate(engine)
    with session_scope(engine) as s:
        token = users.create_token(s, users.add_user(s, "quầy 1", "clerk", OFFICE_A))
    engine.dispose()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "HOSO_DATA_DIR": str(tmp_path), "REDIS_URL": redis_url, "DATABASE_URL": "",
           "HOSO_MAX_UPLOAD_BYTES": "20000"}
    server = subprocess.Popen([sys.executable, "-m", "hoso", "serve", "--port", str(port)], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _, health = _http(port, "GET", "/health")
                break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode()
                assert time.monotonic() < deadline, "hoso serve did not answer"
                time.sleep(0.2)
        assert status == 503 and health["database"]["status"] == "ok" and health["redis"]["status"] == "ok"
        auth = {"Authorization": f"Bearer {token}"}
        created = _http(port, "POST", "/api/v1/dossiers", json.dumps({"code": "HS-1", "procedure_name": "x"}).encode(),
                        **auth, **{"Content-Type": "application/json"})
        assert created[0] == 201 and created[2]["office"] == OFFICE_A
        too_big = _http(port, "POST", "/api/v1/dossiers/HS-1/documents", b"x" * 30000, **auth,
                        **{"Content-Type": "multipart/form-data; boundary=b"})
        assert too_big[:2] == (413, "application/json") and too_big[2]["error"]["code"] == "too_large"
        assert _http(port, "GET", "/api/v1/dossiers")[:2] == (401, "application/json")
    finally:
        server.terminate()
        server.wait(timeout=30)
