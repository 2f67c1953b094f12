"""The OpenAPI 3.1 description of ``/api/v1`` (served at ``/api/v1/openapi.json``) and ``/health``.

Written by hand as a dict; a test checks that every registered route and
method appears here.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify

from hoso.classifiers.kinds import DOCUMENT_TYPES
from hoso.store.states import DossierStatus, JobState, Role

bp = Blueprint("openapi", __name__)


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict[str, Any]:
    return _json(_ref("Error"), description)


def _path_param(name: str, kind: str = "string", description: str = "") -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": kind}, "description": description}


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


STR, INT, NUM, BOOL = {"type": "string"}, {"type": "integer"}, {"type": "number"}, {"type": "boolean"}
TIME = {"type": "string", "format": "date-time", "description": "ISO 8601, Asia/Ho_Chi_Minh (+07:00)"}
NULLABLE_TIME = {"type": ["string", "null"], "format": "date-time"}
STATE = {"type": "string", "enum": [s.value for s in JobState]}
COMMON_ERRORS = {"401": _error("No, unknown or revoked token, or disabled user"),
                 "404": _error("Not found, or another office's record (clerks)")}
MULTIPART_FILE = {"type": "string", "format": "binary"}

SCHEMAS: dict[str, Any] = {
    "Error": {"type": "object", "required": ["error"], "properties": {"error": {
        "type": "object", "required": ["code", "message"],
        "properties": {"code": STR, "message": {"type": "string", "description": "Vietnamese, for people"}}}}},
    "Progress": {"type": "object", "properties": {"pages_done": INT, "pages_total": {"type": ["integer", "null"]}}},
    "JobError": {"type": ["object", "null"], "properties": {"code": STR, "message": STR}},
    "Links": {"type": "object", "additionalProperties": {"type": ["string", "null"]}},
    "DossierCreate": {"type": "object", "required": ["procedure_name"], "additionalProperties": False,
                      "properties": {"code": {"type": "string", "maxLength": 64,
                                              "description": "generated (HS-yymmdd-XXXXXX) when absent"},
                                     "procedure_name": STR, "applicant_name": STR,
                                     "applicant_id_number": {"type": "string", "pattern": "^[0-9]*$"},
                                     "office": {"type": "string", "description": "clerks: always their own"}}},
    "Dossier": {"type": "object", "properties": {
        "code": STR, "procedure_name": STR, "applicant_name": STR, "applicant_id_number": STR, "office": STR,
        "status": {"type": "string", "enum": [s.value for s in DossierStatus]},
        "created_at": TIME, "updated_at": TIME, "links": _ref("Links")}},
    "DossierDetail": {"allOf": [_ref("Dossier"), {"type": "object", "properties": {
        "documents": {"type": "array", "items": _ref("DocumentSummary")}}}]},
    "DossierPage": {"type": "object", "properties": {
        "items": {"type": "array", "items": _ref("Dossier")}, "page": INT, "per_page": INT, "total": INT}},
    "DocumentSummary": {"type": "object", "properties": {
        "id": INT, "file_name": STR, "state": STATE, "type": STR, "type_confidence": NUM,
        "progress": _ref("Progress"), "error": _ref("JobError"), "batch_id": {"type": ["integer", "null"]},
        "source_pages": {"type": ["array", "null"], "items": INT}, "created_at": TIME, "links": _ref("Links")}},
    "Page": {"type": "object", "properties": {
        "index": INT, "source_index": INT, "text": STR, "confidence": NUM, "rotation": INT, "skew_degrees": NUM,
        "dpi": NUM, "width_px": INT, "height_px": INT, "warnings": {"type": "array", "items": STR}}},
    "Document": {"type": "object", "properties": {
        "id": INT, "dossier_code": {"type": ["string", "null"]}, "batch_id": {"type": ["integer", "null"]},
        "file_name": STR, "media_type": STR, "size_bytes": INT, "sha256": STR,
        "source_pages": {"type": ["array", "null"], "items": INT}, "state": STATE, "progress": _ref("Progress"),
        "type": {"type": "string", "enum": list(DOCUMENT_TYPES)}, "type_confidence": NUM,
        "fields": {"type": "object", "additionalProperties": STR},
        "field_warnings": {"type": "array", "items": {"type": "object"}},
        "field_sources": {"type": "object", "additionalProperties": STR}, "error": _ref("JobError"),
        "pages": {"type": "array", "items": _ref("Page")}, "links": _ref("Links"),
        "created_at": TIME, "updated_at": TIME, "processed_at": NULLABLE_TIME}},
    "DocumentPatch": {"type": "object", "additionalProperties": False, "properties": {
        "type": {"type": "string", "enum": list(DOCUMENT_TYPES)},
        "fields": {"type": "object", "additionalProperties": {"type": ["string", "null"]},
                   "description": "merged; keys of the type only; null or empty removes a field"}}},
    "UploadAnswer": {"type": "object", "properties": {"documents": {"type": "array", "items": {
        "type": "object", "properties": {"id": INT, "state": STATE, "duplicate": BOOL, "file_name": STR,
                                         "links": _ref("Links")}}}}},
    "BatchAnswer": {"type": "object", "properties": {"batch_id": INT, "state": STATE, "duplicate": BOOL,
                                                     "links": _ref("Links")}},
    "Batch": {"type": "object", "properties": {
        "id": INT, "file_name": STR, "sha256": STR, "office": STR, "dossier_code": {"type": ["string", "null"]},
        "state": STATE, "progress": _ref("Progress"), "error": _ref("JobError"),
        "documents": {"type": "array", "items": {"type": "object", "properties": {
            "id": INT, "dossier_code": {"type": ["string", "null"]}, "pages": {"type": "array", "items": INT},
            "state": STATE, "type": STR, "links": _ref("Links")}}},
        "notes": {"type": "array", "description": "refused routes", "items": {"type": "object", "properties": {
            "code": STR, "pages": {"type": "array", "items": INT}, "reason": STR}}},
        "created_at": TIME, "updated_at": TIME, "links": _ref("Links")}},
    "SearchHit": {"type": "object", "properties": {
        "document_id": INT, "dossier_code": {"type": ["string", "null"]}, "type": STR, "file_name": STR,
        "page": {"type": ["integer", "null"], "description": "page of the snippet; null: matched in fields"},
        "snippet": {"type": "string", "description": "HTML-escaped text, matched words in <mark>…</mark>"},
        "exact": {"type": "boolean", "description": "every term matched as typed (not only by folding)"},
        "links": _ref("Links")}},
    "SearchPage": {"type": "object", "properties": {
        "items": {"type": "array", "items": _ref("SearchHit")}, "page": INT, "per_page": INT, "total": INT}},
    "User": {"type": "object", "properties": {"name": STR, "role": {"type": "string", "enum": [r.value for r in Role]},
                                              "office": STR, "active": BOOL, "created_at": TIME}},
    "UserCreate": {"type": "object", "required": ["name", "role"], "additionalProperties": False,
                   "properties": {"name": STR, "role": {"type": "string", "enum": [r.value for r in Role]},
                                  "office": STR}},
    "NewToken": {"type": "object", "properties": {"token": {"type": "string", "description": "shown once"},
                                                  "label": STR, "user": _ref("User")}},
    "Health": {"type": "object", "properties": {
        "status": {"type": "string", "enum": ["ok", "degraded"]}, "database": {"type": "object"},
        "redis": {"type": "object"}, "tesseract": {"type": "object"}, "workers": {"type": ["integer", "null"]}}},
}

CODE = _path_param("code", description="dossier code")
DOCUMENT_ID = _path_param("document_id", "integer")
ADMIN = {"403": _error("Not an admin")}

PATHS: dict[str, Any] = {
    "/api/v1/openapi.json": {"get": {"summary": "This document", "operationId": "openapi",
                                     "responses": {"200": {"description": "OpenAPI 3.1"}, **COMMON_ERRORS}}},
    "/api/v1/dossiers": {
        "post": {"summary": "Create a dossier", "operationId": "createDossier",
                 "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("DossierCreate")}}},
                 "responses": {"201": _json(_ref("DossierDetail"), "Created"), "400": _error("Invalid value"),
                               "409": _error("Code already taken"), **COMMON_ERRORS}},
        "get": {"summary": "List dossiers (newest first)", "operationId": "listDossiers",
                "parameters": [_query("page", {"type": "integer", "minimum": 1}, "from 1"),
                               _query("per_page", {"type": "integer", "minimum": 1, "maximum": 100}, "default 20"),
                               _query("office", STR, "receiving office"),
                               _query("status", {"type": "string", "enum": [s.value for s in DossierStatus]}, ""),
                               _query("q", STR, "in code, applicant name and ID number, procedure"),
                               _query("created_from", STR, "ISO date or date-time (+07:00 when none)"),
                               _query("created_to", STR, "ISO date (whole day) or date-time")],
                "responses": {"200": _json(_ref("DossierPage"), "A page of dossiers"), "400": _error("Bad filter"),
                              **COMMON_ERRORS}}},
    "/api/v1/dossiers/{code}": {"get": {
        "summary": "A dossier with its documents", "operationId": "getDossier", "parameters": [CODE],
        "responses": {"200": _json(_ref("DossierDetail"), "The dossier"), **COMMON_ERRORS}}},
    "/api/v1/dossiers/{code}/documents": {"post": {
        "summary": "Upload one or several files into a dossier", "operationId": "uploadDocuments",
        "parameters": [CODE],
        "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": ["file"],
            "properties": {"file": {"type": "array", "items": MULTIPART_FILE}}}}}},
        "responses": {"202": _json(_ref("UploadAnswer"), "Queued (or the existing documents: duplicate)"),
                      "400": _error("empty_file, or no file"), "413": _error("too_large"),
                      "415": _error("unsupported_type"),
                      "503": _error("queue_unavailable: stored and queued; processed when the queue is back"),
                      **COMMON_ERRORS}}},
    "/api/v1/documents/{document_id}": {
        "get": {"summary": "A document: state, progress, type, fields, pages, error",
                "operationId": "getDocument", "parameters": [DOCUMENT_ID],
                "responses": {"200": _json(_ref("Document"), "The document"), **COMMON_ERRORS}},
        "patch": {"summary": "Correct type and fields (audited)", "operationId": "correctDocument",
                  "parameters": [DOCUMENT_ID],
                  "requestBody": {"required": True,
                                  "content": {"application/json": {"schema": _ref("DocumentPatch")}}},
                  "responses": {"200": _json(_ref("Document"), "The corrected document"),
                                "400": _error("Invalid type or field"), "409": _error("document_busy"),
                                **COMMON_ERRORS}}},
    "/api/v1/documents/{document_id}/pdf": {"get": {
        "summary": "The searchable PDF", "operationId": "getDocumentPdf", "parameters": [DOCUMENT_ID],
        "responses": {"200": {"description": "PDF", "content": {"application/pdf": {"schema": MULTIPART_FILE}}},
                      **COMMON_ERRORS, "404": _error("not_ready until done; not_found")}}},
    "/api/v1/documents/{document_id}/original": {"get": {
        "summary": "The original uploaded file", "operationId": "getDocumentOriginal", "parameters": [DOCUMENT_ID],
        "responses": {"200": {"description": "The bytes as uploaded, with their file name",
                              "content": {"application/octet-stream": {"schema": MULTIPART_FILE}}},
                      **COMMON_ERRORS}}},
    "/api/v1/batches": {"post": {
        "summary": "Upload a batch scan split by separator sheets", "operationId": "uploadBatch",
        "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": ["file"],
            "properties": {"file": MULTIPART_FILE, "dossier": {"type": "string", "description": "default dossier"},
                           "office": {"type": "string", "description": "archivists, admins: new dossiers' office"}}}}}},
        "responses": {"202": _json(_ref("BatchAnswer"), "Queued"), "400": _error("empty_file, or no file"),
                      "413": _error("too_large"), "415": _error("unsupported_type"),
                      "503": _error("queue_unavailable"), **COMMON_ERRORS}}},
    "/api/v1/batches/{batch_id}": {"get": {
        "summary": "A batch: state, progress, documents found so far, refused routes", "operationId": "getBatch",
        "parameters": [_path_param("batch_id", "integer")],
        "responses": {"200": _json(_ref("Batch"), "The batch"), **COMMON_ERRORS}}},
    "/api/v1/search": {"get": {
        "summary": "Search processed documents (clerks: their office only)", "operationId": "search",
        "parameters": [
            _query("q", STR, "words (all must match; typed without diacritics they match every toned form), "
                             "\"phrases\", prefix*, field:value (id_number:…, document_number:123/QĐ-UBND), "
                             "type:quyet_dinh"),
            _query("type", {"type": "string", "enum": list(DOCUMENT_TYPES)}, ""),
            _query("dossier", STR, "dossier code"), _query("office", STR, "dossier's office"),
            _query("issue_date_from", {"type": "string", "format": "date"}, "fields.issue_date ≥"),
            _query("issue_date_to", {"type": "string", "format": "date"}, "fields.issue_date ≤"),
            _query("uploaded_from", STR, "ISO date or date-time (+07:00 when none)"),
            _query("uploaded_to", STR, "ISO date (whole day) or date-time"),
            _query("state", STATE, ""),
            _query("sort", {"type": "string", "enum": ["relevance", "date"]}, "default relevance"),
            _query("page", {"type": "integer", "minimum": 1}, "from 1"),
            _query("per_page", {"type": "integer", "minimum": 1, "maximum": 100}, "default 20")],
        "responses": {"200": _json(_ref("SearchPage"), "A page of hits"), "400": _error("Bad parameter"),
                      **COMMON_ERRORS}}},
    "/api/v1/users": {
        "post": {"summary": "Add a user (admin)", "operationId": "createUser",
                 "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("UserCreate")}}},
                 "responses": {"201": _json(_ref("User"), "Added"), "400": _error("Invalid role or name"),
                               "409": _error("Name taken"), **ADMIN, **COMMON_ERRORS}},
        "get": {"summary": "List users (admin)", "operationId": "listUsers",
                "responses": {"200": _json({"type": "object", "properties": {
                    "items": {"type": "array", "items": _ref("User")}}}, "Users"), **ADMIN, **COMMON_ERRORS}}},
    "/api/v1/users/{name}/disable": {"post": {
        "summary": "Disable a user: their tokens stop working (admin)", "operationId": "disableUser",
        "parameters": [_path_param("name")],
        "responses": {"200": _json(_ref("User"), "Disabled"), **ADMIN, **COMMON_ERRORS}}},
    "/api/v1/users/{name}/tokens": {"post": {
        "summary": "A new API token for a user (admin)", "operationId": "createToken",
        "parameters": [_path_param("name")],
        "requestBody": {"required": False, "content": {"application/json": {"schema": {
            "type": "object", "properties": {"label": STR}}}}},
        "responses": {"201": _json(_ref("NewToken"), "The token, shown once"), **ADMIN, **COMMON_ERRORS}}},
    "/health": {"get": {
        "summary": "Database, Redis, Tesseract and workers (no token)", "operationId": "health", "security": [],
        "responses": {"200": _json(_ref("Health"), "ok"), "503": _json(_ref("Health"), "degraded")}}},
}

DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "hoso", "version": "1",
             "description": "Số hoá hồ sơ, OCR tiếng Việt: dossiers, documents, batches. Errors are "
                            "{\"error\": {\"code\", \"message\"}}; times are ISO 8601 in +07:00."},
    "servers": [{"url": "/"}],
    "security": [{"bearer": []}],
    "paths": PATHS,
    "components": {"schemas": SCHEMAS, "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
}


@bp.get("/openapi.json")
def openapi() -> object:
    return jsonify(DOCUMENT)
