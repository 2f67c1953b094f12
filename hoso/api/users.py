"""``/api/v1/users``: user management, for admins only (others get 403)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request

from hoso.api import params
from hoso.api.auth import current_user, require_role
from hoso.api.serialize import user_json
from hoso.api.services import services
from hoso.store import users
from hoso.store.db import session_scope
from hoso.store.models import Role

bp = Blueprint("users", __name__)
admin_only = require_role(Role.ADMIN)


@bp.post("/users")
@admin_only
def create_user() -> Any:
    body = params.json_body(("name", "role", "office"), required=("name", "role"))
    if not isinstance(body["role"], str):
        body["role"] = str(body["role"])
    with session_scope(services().sessions) as session:
        user = users.add_user(session, params.text(body["name"], "name", max_length=255), body["role"],
                              params.text(body.get("office"), "office", max_length=255),
                              actor_id=current_user().id)
        return jsonify(user_json(user)), 201


@bp.get("/users")
@admin_only
def list_users() -> Any:
    with session_scope(services().readers) as session:
        return jsonify({"items": [user_json(u) for u in users.list_users(session)]})


@bp.post("/users/<name>/disable")
@admin_only
def disable_user(name: str) -> Any:
    with session_scope(services().sessions) as session:
        return jsonify(user_json(users.disable_user(session, name, actor_id=current_user().id)))


@bp.post("/users/<name>/tokens")
@admin_only
def create_token(name: str) -> Any:
    """A new token for ``name``: its text is in this answer only, never stored or shown again."""
    body = params.json_body(("label",)) if request.content_length else {}
    label = params.text(body.get("label"), "label", max_length=255)
    with session_scope(services().sessions) as session:
        user = users.get_user(session, name)
        token = users.create_token(session, user, label, actor_id=current_user().id)
        return jsonify({"token": token, "label": label, "user": user_json(user)}), 201
