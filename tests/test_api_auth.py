"""Tokens and roles of the HTTP API: who may see and change what.

A clerk sees and changes only their office's dossiers (another office's is a
404, as if it did not exist), an archivist reads and writes all, only an admin
manages users (others get 403). Tokens are stored hashed.
"""

from __future__ import annotations

import hashlib
import io
import re

import pytest
from sqlalchemy import select

from hoso.store.models import ApiToken, AuditLog, Document, Dossier, JobState, Page, User
from tests.conftest import OFFICE_A, OFFICE_B
from tests.test_api import blank_png, done_document

# One sample URL per route: (method, URL template); {document} is a document of office B.
ROUTES = [
    ("POST", "/api/v1/dossiers"), ("GET", "/api/v1/dossiers"), ("GET", "/api/v1/dossiers/HS-B"),
    ("POST", "/api/v1/dossiers/HS-B/documents"), ("GET", "/api/v1/documents/{document}"),
    ("PATCH", "/api/v1/documents/{document}"), ("GET", "/api/v1/documents/{document}/pdf"),
    ("GET", "/api/v1/documents/{document}/original"), ("POST", "/api/v1/batches"), ("GET", "/api/v1/batches/1"),
    ("POST", "/api/v1/users"), ("GET", "/api/v1/users"), ("POST", "/api/v1/users/clerk_a/disable"),
    ("POST", "/api/v1/users/clerk_a/tokens"), ("GET", "/api/v1/openapi.json"),
    ("GET", "/api/v1/search"),
]


@pytest.fixture
def api(make_api):
    api = make_api()
    api.dossier("clerk_a", "HS-A")
    api.dossier("clerk_b", "HS-B")
    api.document_b = done_document(api, "HS-B")
    return api


def test_every_api_route_is_in_the_list_above(api):
    registered = {(m, re.sub(r"<(?:\w+:)?\w+>", "x", r.rule)) for r in api.app.url_map.iter_rules()
                  if r.rule.startswith("/api/v1") for m in r.methods - {"HEAD", "OPTIONS"}}
    listed = {(m, re.sub(r"/(HS-B|clerk_a|\{document\}|1)(?=/|$)", "/x", url)) for m, url in ROUTES}
    assert registered == listed


@pytest.mark.parametrize("header", [None, "Bearer ", "Bearer hoso_not-a-real-token", "Basic YWRtaW46YWRtaW4=",
                                    "token-without-scheme", f"Bearer {hashlib.sha256(b'x').hexdigest()}"])
def test_every_api_route_needs_a_valid_token(api, header):
    headers = {"Authorization": header} if header is not None else {}
    for method, url in ROUTES:
        response = api.client.open(url.format(document=api.document_b), method=method, headers=headers, json={})
        assert response.status_code == 401 and response.mimetype == "application/json", (method, url)
        assert response.json["error"]["code"] == "unauthorized" and response.json["error"]["message"]
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert api.count(Dossier) == 2 and api.count(AuditLog, AuditLog.action == "user.disable") == 0


def test_disabled_user_and_revoked_token_are_refused(api):
    assert api.get("clerk_a", "/api/v1/dossiers").status_code == 200
    disabled = api.post("admin", "/api/v1/users/clerk_a/disable")
    assert disabled.status_code == 200 and disabled.json["active"] is False
    refused = api.get("clerk_a", "/api/v1/dossiers")
    assert refused.status_code == 401 and refused.json["error"]["code"] == "unauthorized"
    with api.session() as s:
        token = s.scalar(select(ApiToken).where(ApiToken.token_hash == hashlib.sha256(
            api.tokens["clerk_b"].encode()).hexdigest()))
        from hoso.store.users import revoke_token
        revoke_token(s, token.id)
    assert api.get("clerk_b", "/api/v1/dossiers").status_code == 401
    assert api.get("archivist", "/api/v1/dossiers").status_code == 200


def test_tokens_are_stored_hashed_and_mark_their_use(api):
    with api.session() as s:
        rows = s.scalars(select(ApiToken)).all()
        stored = {t.token_hash for t in rows}
        assert not any(t in stored for t in api.tokens.values())
        assert {hashlib.sha256(t.encode()).hexdigest() for t in api.tokens.values()} == stored
        used = {t.token_hash for t in rows if t.last_used_at is not None}
    assert hashlib.sha256(api.tokens["clerk_a"].encode()).hexdigest() in used   # made the fixture's dossier


def test_clerk_cannot_see_or_change_another_offices_dossier(api):
    document = f"/api/v1/documents/{api.document_b}"
    files_before = api.stored_files()
    for response in [
        api.get("clerk_a", "/api/v1/dossiers/HS-B"),
        api.upload("clerk_a", "HS-B", (blank_png(7), "a.png")),
        api.get("clerk_a", document),
        api.patch("clerk_a", document, json={"type": "khac"}),
        api.get("clerk_a", f"{document}/pdf"),
        api.get("clerk_a", f"{document}/original"),
        api.post("clerk_a", "/api/v1/batches", content_type="multipart/form-data",
                 data={"file": (io.BytesIO(blank_png(8)), "a.png"), "dossier": "HS-B"}),
    ]:
        assert response.status_code == 404 and response.json["error"]["code"] == "not_found", response.json
    listed = api.get("clerk_a", "/api/v1/dossiers").json
    assert [d["code"] for d in listed["items"]] == ["HS-A"] and listed["total"] == 1
    assert api.get("clerk_a", f"/api/v1/dossiers?office={OFFICE_B}").json["items"] == []
    assert api.count(Document, Document.dossier_id.isnot(None)) == 1 and api.stored_files() == files_before
    assert api.count(AuditLog, AuditLog.action == "document.correct") == 0
    with api.session() as s:
        assert s.get(Document, api.document_b).type == "can_cuoc"
    # Their own office's: all fine.
    assert api.get("clerk_b", document).json["type"] == "can_cuoc"
    assert api.upload("clerk_a", "HS-A", (blank_png(9), "a.png")).status_code == 202


def test_archivist_reads_and_writes_every_office(api):
    listed = api.get("archivist", "/api/v1/dossiers").json
    assert sorted(d["code"] for d in listed["items"]) == ["HS-A", "HS-B"]
    assert api.get("archivist", "/api/v1/dossiers/HS-B").json["office"] == OFFICE_B
    document = api.get("archivist", f"/api/v1/documents/{api.document_b}").json
    assert document["fields"]["full_name"] == "Nguyễn Văn An"
    assert api.upload("archivist", "HS-A", (blank_png(10), "a.png")).status_code == 202
    corrected = api.patch("archivist", f"/api/v1/documents/{api.document_b}", json={"fields": {"sex": "Nữ"}})
    assert corrected.status_code == 200 and corrected.json["fields"]["sex"] == "Nữ"
    assert api.get("archivist", "/api/v1/users").status_code == 403


def test_unrouted_batch_document_is_seen_by_its_office_only(api):
    """A batch's document with no dossier yet belongs to the batch's office."""
    with api.session() as s:
        from hoso.queue import records
        batch = records.new_batch(s, sha256="cd" * 32, file_name="hộp.pdf", office=OFFICE_A)
        document = Document(batch_id=batch.id, sha256="cd" * 32, file_name="hộp.pdf", source_pages=[1],
                            state=JobState.DONE.value, pages=[Page(index=1, source_index=1)])
        s.add(document)
        s.flush()
        url = f"/api/v1/documents/{document.id}"
    assert api.get("clerk_a", url).json["dossier_code"] is None
    assert api.get("clerk_b", url).status_code == 404
    assert api.get("archivist", url).status_code == 200


def test_user_routes_are_for_admins_only(api):
    for who in ("clerk_a", "archivist"):
        for method, url in [r for r in ROUTES if "/users" in r[1]]:
            response = api.call(method, who, url, json={"name": "x", "role": "clerk"})
            assert response.status_code == 403 and response.json["error"]["code"] == "forbidden", (who, url)
    assert api.get("clerk_a", "/api/v1/dossiers").status_code == 200      # clerk_a not disabled
    assert api.count(ApiToken) == 4 and api.count(User) == 4     # no user added, no token issued


def test_admin_manages_users_and_tokens(api):
    created = api.post("admin", "/api/v1/users", json={"name": "Trần Văn Bình", "role": "clerk", "office": OFFICE_A})
    assert created.status_code == 201
    assert created.json | {"created_at": None} == {"name": "Trần Văn Bình", "role": "clerk", "office": OFFICE_A,
                                                   "active": True, "created_at": None}
    issued = api.post("admin", "/api/v1/users/Trần Văn Bình/tokens", json={"label": "quầy 3"})
    assert issued.status_code == 201 and issued.json["token"].startswith("hoso_")
    headers = {"Authorization": f"Bearer {issued.json['token']}"}
    mine = api.client.get("/api/v1/dossiers", headers=headers).json
    assert [d["code"] for d in mine["items"]] == ["HS-A"]
    names = [u["name"] for u in api.get("admin", "/api/v1/users").json["items"]]
    assert "Trần Văn Bình" in names and "clerk_a" in names
    for url, body, status, code in [
        ("/api/v1/users", {"name": "Trần Văn Bình", "role": "clerk"}, 409, "already_exists"),
        ("/api/v1/users", {"name": "x", "role": "boss"}, 400, "invalid_value"),
        ("/api/v1/users", {"role": "clerk"}, 400, "invalid_value"),
        ("/api/v1/users/nobody/tokens", {}, 404, "unknown_user"),
        ("/api/v1/users/nobody/disable", None, 404, "unknown_user"),
    ]:
        response = api.post("admin", url, json=body)
        assert (response.status_code, response.json["error"]["code"]) == (status, code), url
    assert api.post("admin", "/api/v1/users/Trần Văn Bình/disable").json["active"] is False
    assert api.client.get("/api/v1/dossiers", headers=headers).status_code == 401
    with api.session() as s:
        actions = s.scalars(select(AuditLog.action).where(AuditLog.user_id.isnot(None))).all()
    assert {"user.add", "token.create", "user.disable"} <= set(actions)
