"""Every error leaves the API as JSON ``{"error": {"code", "message"}}`` with its status.

:class:`~hoso.errors.HosoError` carries its own ``code``, ``http_status`` and
Vietnamese message; Werkzeug's HTTP errors (unknown URL, wrong method, body
too large) are mapped to the same shape; anything else is logged with its
traceback and answered 500 ``internal_error`` without it. Never an HTML page.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, jsonify
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

from hoso.errors import HosoError

log = logging.getLogger(__name__)


class Unauthorized(HosoError):
    code = "unauthorized"
    http_status = 401
    default_message = "Thiếu mã truy cập. Gửi tiêu đề Authorization: Bearer <mã truy cập>."


class Forbidden(HosoError):
    code = "forbidden"
    http_status = 403
    default_message = "Tài khoản của bạn không có quyền thực hiện thao tác này."


class ResourceNotFound(HosoError):
    """A record that does not exist, or that the user may not see (never a 403 for those)."""

    code = "not_found"
    http_status = 404
    default_message = "Không tìm thấy bản ghi."


class NotReady(HosoError):
    """A result asked for before the document is processed."""

    code = "not_ready"
    http_status = 404
    default_message = "Tài liệu chưa xử lý xong. Vui lòng thử lại sau."


class DocumentBusy(HosoError):
    """A correction of a document that a worker is still writing."""

    code = "document_busy"
    http_status = 409
    default_message = "Tài liệu đang chờ hoặc đang được xử lý; chỉ sửa được sau khi xử lý xong."


class DatabaseUnavailable(HosoError):
    code = "database_unavailable"
    http_status = 503
    retryable = True
    default_message = "Cơ sở dữ liệu tạm thời không truy cập được. Vui lòng thử lại sau ít phút."


# Werkzeug's HTTP errors: our code and a Vietnamese message per status.
_HTTP: dict[int, tuple[str, str]] = {
    400: ("bad_request", "Yêu cầu không hợp lệ."),
    401: (Unauthorized.code, Unauthorized.default_message),
    403: (Forbidden.code, Forbidden.default_message),
    404: ("not_found", "Không tìm thấy địa chỉ này."),
    405: ("method_not_allowed", "Phương thức HTTP này không được dùng cho địa chỉ này."),
    413: ("too_large", "Tệp hoặc yêu cầu quá lớn (vượt giới hạn dung lượng tải lên)."),
    415: ("unsupported_type", "Kiểu nội dung không được hỗ trợ."),
}


def error_response(code: str, message: str, status: int, **extra: Any) -> tuple[Response, int]:
    """``{"error": {"code", "message"}, ...extra}`` with ``status``."""
    return jsonify({"error": {"code": code, "message": message}, **extra}), status


def _hoso_error(error: HosoError) -> tuple[Response, int]:
    if error.http_status >= 500:
        log.error("%s [%s] %s", error.message, error.code, error.detail)
    response, status = error_response(error.code, error.message, error.http_status)
    if error.http_status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="hoso"'
    return response, status


def _http_error(error: HTTPException) -> tuple[Response, int]:
    status = error.code or 500
    code, message = _HTTP.get(status, ("http_error", "Yêu cầu không thực hiện được."))
    response, status = error_response(code, message, status)
    valid_methods = getattr(error, "valid_methods", None)
    if status == 405 and valid_methods:
        response.headers["Allow"] = ", ".join(valid_methods)
    return response, status


def _database_down(error: Exception) -> tuple[Response, int]:
    log.error("database unavailable: %s", error)
    return _hoso_error(DatabaseUnavailable(detail=str(error)))


def _unexpected(error: Exception) -> tuple[Response, int]:
    log.exception("unexpected error in a request", exc_info=error)
    return error_response(HosoError.code, HosoError.default_message, 500)


def init_app(app: Flask) -> None:
    """Register the JSON error handlers on ``app``."""
    app.register_error_handler(HosoError, _hoso_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(OperationalError, _database_down)
    app.register_error_handler(InterfaceError, _database_down)
    app.register_error_handler(Exception, _unexpected)
