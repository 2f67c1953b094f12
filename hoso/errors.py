"""One error tree for the whole service.

Every error has a stable ``code`` (the DOMAIN.md error codes for input
errors), an ``http_status`` for the API and whether retrying can help.
Messages are Vietnamese, written for the person at the scanner; ``detail``
keeps the technical cause (tool output, exception text) for logs.
"""

from __future__ import annotations


class HosoError(Exception):
    """Base of all errors the service raises on purpose."""

    code = "internal_error"
    http_status = 500
    retryable = False
    default_message = "Lỗi hệ thống khi xử lý tệp."

    def __init__(self, message: str | None = None, *, detail: str = "") -> None:
        self.message = message or self.default_message
        self.detail = detail
        super().__init__(self.message if not detail else f"{self.message} ({detail})")

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


class InputError(HosoError):
    """The input file itself cannot be processed; retrying will not help."""

    http_status = 422


class EmptyFile(InputError):
    code = "empty_file"
    http_status = 400
    default_message = "Tệp rỗng (0 byte). Vui lòng quét hoặc tải lên lại."


class CorruptFile(InputError):
    code = "corrupt_file"
    default_message = "Tệp bị hỏng hoặc không đọc được hết. Vui lòng quét lại hoặc kiểm tra tệp gốc."


class EncryptedPdf(InputError):
    code = "encrypted_pdf"
    default_message = "Tệp PDF được bảo vệ bằng mật khẩu. Vui lòng gỡ mật khẩu rồi tải lên lại."


class UnsupportedType(InputError):
    code = "unsupported_type"
    http_status = 415
    default_message = "Định dạng tệp không được hỗ trợ. Chỉ nhận PDF, TIFF, PNG, JPEG."


class TooLarge(InputError):
    code = "too_large"
    http_status = 413
    default_message = "Tệp quá lớn (vượt giới hạn dung lượng, số trang hoặc số điểm ảnh)."


class TooSmall(InputError):
    code = "too_small"
    default_message = "Ảnh quá nhỏ để nhận dạng. Vui lòng quét với độ phân giải cao hơn."


class ProcessingTimeout(InputError):
    code = "timeout"
    http_status = 504
    default_message = "Xử lý tệp quá thời gian cho phép."


class NotFound(InputError):
    code = "not_found"
    http_status = 404
    default_message = "Không tìm thấy tệp."


class ToolError(HosoError):
    """An external tool (tesseract, poppler, redis, ...) failed.

    Names the tool and the input so that the log says what to look at.
    Retryable: a crashed or missing tool is an operations problem, not the
    citizen's file.
    """

    code = "tool_failed"
    retryable = True
    default_message = "Lỗi công cụ xử lý ảnh trên máy chủ."

    def __init__(self, tool: str, input_name: str = "", detail: str = "") -> None:
        self.tool = tool
        self.input_name = input_name
        super().__init__(
            f"{self.default_message} ({tool})",
            detail=f"{tool} failed on {input_name or '?'}: {detail}".strip(),
        )


class ToolTimeout(ToolError):
    """An external tool ran past its time limit."""

    code = "tool_timeout"
    default_message = "Công cụ xử lý ảnh chạy quá thời gian cho phép."


class InvalidValue(HosoError):
    """A value given by a person (a role, a name) is not one the service accepts."""

    code = "invalid_value"
    http_status = 400
    default_message = "Giá trị không hợp lệ."


class UnknownUser(HosoError):
    code = "unknown_user"
    http_status = 404
    default_message = "Không tìm thấy người dùng."


class AlreadyExists(HosoError):
    """A record with the same unique name or code is already there."""

    code = "already_exists"
    http_status = 409
    default_message = "Đã có bản ghi trùng tên hoặc mã."


class QueueUnavailable(HosoError):
    """Redis (the job queue) cannot be reached; the database row stays and is enqueued later."""

    code = "queue_unavailable"
    http_status = 503
    retryable = True
    default_message = "Hàng đợi xử lý tạm thời không hoạt động. Tài liệu sẽ được xử lý khi hàng đợi hoạt động lại."


class ProcessingInterrupted(HosoError):
    """Processing stopped too often (worker killed, repeated infrastructure failures)."""

    code = "processing_interrupted"
    default_message = ("Việc xử lý bị gián đoạn nhiều lần do lỗi máy chủ. "
                       "Vui lòng tải lên lại hoặc báo quản trị hệ thống.")


class RouteRefused(HosoError):
    """A separator sheet names a dossier the uploader may not write to."""

    code = "route_refused"
    http_status = 403
    default_message = "Không được ghi vào hồ sơ của đơn vị khác."
