"""``/api/v1/dossiers``: create, list (paginated, filtered) and read dossiers."""

from __future__ import annotations

import re
import secrets
import unicodedata
from typing import Any

from flask import Blueprint, jsonify, request
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hoso.api import params
from hoso.api.auth import check_dossier, current_user, is_restricted, scope_dossiers
from hoso.api.serialize import LOCAL_TIME, dossier_detail, dossier_summary
from hoso.api.services import services
from hoso.errors import AlreadyExists, InvalidValue
from hoso.store import audit
from hoso.store.db import session_scope
from hoso.store.models import AuditEntity, Dossier, DossierStatus
from hoso.store.types import utcnow

bp = Blueprint("dossiers", __name__)

# No whitespace or URL delimiters: a code stands in URLs and in separator sheets' QR codes.
CODE = re.compile(r"[^\s/\\?#%]{1,64}")
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"   # no look-alikes (0/O, 1/I)
CREATE_FIELDS = ("code", "procedure_name", "applicant_name", "applicant_id_number", "office")


def dossier_code(raw: Any) -> str:
    """A dossier code as given by a person: NFC, trimmed, checked."""
    code = unicodedata.normalize("NFC", raw.strip()) if isinstance(raw, str) else ""
    if not CODE.fullmatch(code):
        raise InvalidValue("Mã hồ sơ không hợp lệ: 1 đến 64 ký tự, không có khoảng trắng và các ký tự / \\ ? # %.")
    return code


def new_code() -> str:
    """``HS-<yymmdd in Vietnam>-<6 random characters>``."""
    day = utcnow().astimezone(LOCAL_TIME).strftime("%y%m%d")
    return f"HS-{day}-" + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(6))


def find_dossier(session: Session, code: str) -> Dossier:
    """The dossier ``code`` as the current user may see it; 404 otherwise."""
    code = unicodedata.normalize("NFC", code)
    return check_dossier(current_user(), session.scalar(select(Dossier).where(Dossier.code == code)), code)


@bp.post("/dossiers")
def create_dossier() -> Any:
    body = params.json_body(CREATE_FIELDS, required=("procedure_name",))
    user = current_user()
    office = user.office if is_restricted(user) else (params.text(body.get("office"), "office", max_length=255)
                                                      or user.office)
    if not office:
        raise InvalidValue("Thiếu đơn vị tiếp nhận (office) của hồ sơ.")
    id_number = params.text(body.get("applicant_id_number"), "applicant_id_number", max_length=32).replace(" ", "")
    if id_number and not id_number.isdigit():
        raise InvalidValue("Số giấy tờ tuỳ thân (applicant_id_number) chỉ gồm chữ số.")
    values = {"procedure_name": params.text(body["procedure_name"], "procedure_name"),
              "applicant_name": params.text(body.get("applicant_name"), "applicant_name", max_length=255),
              "applicant_id_number": id_number, "office": office}
    given = body.get("code")
    with session_scope(services().sessions) as session:
        dossier = _insert(session, dossier_code(given) if given is not None else None, values)
        audit.record(session, user.id, "dossier.create", AuditEntity.DOSSIER, dossier.id,
                     {"code": (None, dossier.code), **{k: (None, v) for k, v in values.items() if v}})
        payload = dossier_detail(dossier)
    response = jsonify(payload)
    response.headers["Location"] = payload["links"]["self"]
    return response, 201


def _insert(session: Session, code: str | None, values: dict[str, str]) -> Dossier:
    """Add the dossier under ``code``, or under a new generated code when ``None``."""
    for _ in range(5):
        candidate = code or new_code()
        if session.scalar(select(Dossier.id).where(Dossier.code == candidate)) is None:
            dossier = Dossier(code=candidate, status=DossierStatus.RECEIVED.value, **values)
            try:
                with session.begin_nested():
                    session.add(dossier)
                return dossier
            except IntegrityError:      # the same code added meanwhile
                pass
        if code:
            raise AlreadyExists(f"Đã có hồ sơ mã {code}.")
    raise AlreadyExists("Không tạo được mã hồ sơ mới; vui lòng thử lại.")


@bp.get("/dossiers")
def list_dossiers() -> Any:
    page = params.page_request()
    query = scope_dossiers(current_user(), select(Dossier))
    for condition in _filters():
        query = query.where(condition)
    with session_scope(services().readers) as session:
        total = session.scalar(select(func.count()).select_from(query.subquery()))
        rows = session.scalars(query.order_by(Dossier.created_at.desc(), Dossier.id.desc())
                               .offset(page.offset).limit(page.per_page)).all()
        items = [dossier_summary(d) for d in rows]
    return jsonify({"items": items, "page": page.page, "per_page": page.per_page, "total": total})


def _filters() -> list[Any]:
    args = request.args
    conditions: list[Any] = []
    if office := params.text(args.get("office"), "office", max_length=255):
        conditions.append(Dossier.office == office)
    if status := args.get("status", "").strip():
        if status not in {s.value for s in DossierStatus}:
            raise InvalidValue(f"Trạng thái không hợp lệ: {status!r} "
                               f"(chỉ nhận {', '.join(s.value for s in DossierStatus)}).")
        conditions.append(Dossier.status == status)
    if q := params.text(args.get("q"), "q", max_length=200):
        pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        conditions.append(or_(*(column.ilike(pattern, escape="\\") for column in (
            Dossier.code, Dossier.applicant_name, Dossier.applicant_id_number, Dossier.procedure_name))))
    if (start := params.time_arg("created_from")) is not None:
        conditions.append(Dossier.created_at >= start)
    if (end := params.time_arg("created_to", end_of_day=True)) is not None:
        conditions.append(Dossier.created_at <= end)
    return conditions


@bp.get("/dossiers/<code>")
def get_dossier(code: str) -> Any:
    with session_scope(services().readers) as session:
        dossier = find_dossier(session, code)
        return jsonify(dossier_detail(dossier))
